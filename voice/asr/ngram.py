"""A small n-gram language model estimator that writes ARPA text.

Interpolated Witten-Bell smoothing: the probability of a word after a context
mixes the context's relative frequency with the next shorter context's
probability, weighted by how many different words followed the context:

    P(w | h) = (c(h w) + T(h) * P(w | h')) / (c(h) + T(h))

where T(h) is the number of distinct words seen after h and h' is h without
its first word. The unigram level mixes with the uniform distribution over the
vocabulary. Because the model is interpolated, the ARPA backoff weight of a
context is exactly the mass left for unseen words: T(h) / (c(h) + T(h)).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

START, END = "<s>", "</s>"
NO_PROB = -99.0  # ARPA's log10 probability of <s>, which is never predicted

Gram = tuple[str, ...]


class NgramModel:
    """Counts of sentences, and the smoothed probabilities they give."""

    def __init__(self, order: int = 3) -> None:
        if order < 1:
            raise ValueError("an n-gram model needs an order of at least 1")
        self.order = order
        self.counts: list[Counter[Gram]] = [Counter() for _ in range(order)]
        self._probs: dict[Gram, float] = {}

    def add(self, words: Sequence[str], count: int = 1) -> None:
        """Count one sentence (its words, without the <s> and </s> marks)."""
        tokens = (START, *words, END)
        for n in range(1, self.order + 1):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i:i + n]
                if gram != (START,):
                    self.counts[n - 1][gram] += count
        self._probs = {}

    def add_all(self, sentences: Iterable[Sequence[str]]) -> None:
        """Count many sentences."""
        for words in sentences:
            self.add(words)

    @property
    def vocabulary(self) -> list[str]:
        """Every word that can be predicted, </s> included, sorted."""
        return sorted(w for (w,) in self.counts[0])

    def _context_stats(self, n: int) -> tuple[dict[Gram, int], dict[Gram, int]]:
        """For each context of the order-`n` grams: its total count and its distinct followers."""
        totals: dict[Gram, int] = defaultdict(int)
        types: dict[Gram, int] = defaultdict(int)
        for gram, count in self.counts[n - 1].items():
            totals[gram[:-1]] += count
            types[gram[:-1]] += 1
        return totals, types

    def probabilities(self) -> dict[Gram, float]:
        """P(w | h) of every seen n-gram (interpolated with the shorter contexts)."""
        if self._probs:
            return self._probs
        vocab = self.vocabulary
        if not vocab:
            raise ValueError("an n-gram model needs at least one sentence")
        probs: dict[Gram, float] = {}
        for n in range(1, self.order + 1):
            totals, types = self._context_stats(n)
            for gram, count in self.counts[n - 1].items():
                context = gram[:-1]
                lower = probs[gram[1:]] if n > 1 else 1.0 / len(vocab)
                seen, distinct = totals[context], types[context]
                probs[gram] = (count + distinct * lower) / (seen + distinct)
        self._probs = probs
        return probs

    def backoff_weights(self) -> dict[Gram, float]:
        """The mass each seen context leaves for the words never seen after it."""
        weights: dict[Gram, float] = {}
        for n in range(2, self.order + 1):
            totals, types = self._context_stats(n)
            for context, seen in totals.items():
                weights[context] = types[context] / (seen + types[context])
        return weights

    def prob(self, word: str, context: Sequence[str] = ()) -> float:
        """P(word | context) by the backoff rules a decoder follows."""
        probs, weights = self.probabilities(), self.backoff_weights()
        history = tuple(context)[-(self.order - 1):] if self.order > 1 else ()
        weight = 1.0
        while True:
            gram = (*history, word)
            if gram in probs:
                return weight * probs[gram]
            if not history:
                return 0.0
            weight *= weights.get(history, 1.0)
            history = history[1:]

    def arpa(self) -> str:
        """The model as ARPA text (log10 probabilities and backoff weights)."""
        probs, weights = self.probabilities(), self.backoff_weights()
        sections: list[list[str]] = []
        for n in range(1, self.order + 1):
            lines = []
            grams = sorted(self.counts[n - 1])
            if n == 1:
                grams = sorted([*grams, (START,)])
            for gram in grams:
                logp = NO_PROB if gram == (START,) else math.log10(probs[gram])
                line = f"{logp:.6f}\t{' '.join(gram)}"
                if n < self.order and gram[-1] != END:
                    line += f"\t{_log10(weights.get(gram, 1.0)):.6f}"
                lines.append(line)
            sections.append(lines)
        header = ["", "\\data\\"] + [f"ngram {n}={len(s)}" for n, s in enumerate(sections, 1)]
        body = []
        for n, lines in enumerate(sections, 1):
            body += ["", f"\\{n}-grams:", *lines]
        return "\n".join([*header, *body, "", "\\end\\", ""])


def _log10(value: float) -> float:
    return math.log10(value) if value > 0 else NO_PROB
