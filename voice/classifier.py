"""The last stage: an intent classifier trained on the grammar's own sentences.

When no template matches, exactly or fuzzily, an utterance may still say a known
thing in unknown words ("mind pointing me toward the closest petrol station").
At compile time every template is walked at random into sample sentences, with
free text as one placeholder token and numbers as another; each sample becomes a
TF-IDF vector of word unigrams, word bigrams and character n-grams (Chinese:
character unigrams, bigrams and trigrams). An utterance is scored against every
sample (cosine, through posting lists: a sparse product with numpy) and its
intent is the one of its nearest samples.

The index is plain data (numpy arrays, dicts), cached with the compiled grammar.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from voice.compiled import SPACELESS
from voice.text import normalize, tokens

if TYPE_CHECKING:
    from voice.grammar import Grammar

FREE = "<free>"  # a free-text slot, or words the grammar never uses
NUMBER = "<num>"  # a number, in words or digits
# How sample sentences write them (voice.samples): words that survive normalization.
_PLACEHOLDERS = {"zzfreezz": FREE, "zznumzz": NUMBER}
SAMPLES_PER_TEMPLATE = 60
WALKS_PER_SAMPLE = 4  # tries per wanted sample: short templates have few sentences
CHAR_NGRAMS = (3, 4)
ZH_NGRAMS = (1, 2, 3)
SEED = 7


@dataclass
class Guess:
    """The classifier's answer for one utterance."""

    intent: str
    similarity: float  # cosine to the nearest sample of that intent
    margin: float  # that, less the nearest sample of any other intent
    known: float  # share of the utterance's words (Chinese: characters) the grammar uses
    implied: dict[str, Any]  # slots the nearest sample's template implies


@dataclass
class IntentIndex:
    """Sample sentences of every intent as TF-IDF vectors, stored feature by feature."""

    lang: str
    intents: list[str]
    vocabulary: frozenset[str]  # words (Chinese: characters) of the samples
    features: dict[str, int]
    idf: np.ndarray  # float32, one per feature
    starts: np.ndarray  # int32, len(features) + 1: where each feature's postings begin
    samples: np.ndarray  # int32: the sample of each posting
    weights: np.ndarray  # float32: the sample's normalized weight of the feature
    labels: np.ndarray  # int16: the intent of each sample
    implied: list[dict[str, Any]]  # the implied slots of each sample's template
    size: int  # number of samples

    def classify(self, canonical: str) -> Guess | None:
        """The intent of the nearest samples of a canonical text, or None when nothing is near."""
        units = units_of(canonical, self.lang)
        if not units:
            return None
        known = sum(1 for u in units if u in self.vocabulary or u == NUMBER) / len(units)
        counts = Counter(f for f in featurize(units, self.lang, self.vocabulary)
                         if f in self.features)
        if not counts:
            return None
        columns = np.fromiter((self.features[f] for f in counts), dtype=np.int64,
                              count=len(counts))
        values = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32,
                             count=len(counts)) * self.idf[columns]
        values /= float(np.linalg.norm(values)) or 1.0
        begin, end = self.starts[columns], self.starts[columns + 1]
        lengths = end - begin
        positions = np.repeat(begin - np.cumsum(lengths) + lengths, lengths) \
            + np.arange(int(lengths.sum()))
        scores = np.bincount(self.samples[positions],
                             weights=self.weights[positions] * np.repeat(values, lengths),
                             minlength=self.size)
        best = int(np.argmax(scores))
        label = self.labels[best]
        others = scores[self.labels != label]
        runner_up = float(others.max()) if others.size else 0.0
        return Guess(self.intents[label], float(scores[best]), float(scores[best]) - runner_up,
                     known, dict(self.implied[best]))


def units_of(canonical: str, lang: str) -> list[str]:
    """Words (Chinese: characters and Latin runs), lower case, numbers as one token."""
    raw = tokens(canonical.lower(), lang)
    numbers = _NUMBER_WORDS.get(lang, frozenset())
    units: list[str] = []
    for unit in raw:
        token = _PLACEHOLDERS.get(unit, unit)
        if unit in numbers or unit.replace(".", "").isdigit():
            token = NUMBER
        if not (token == NUMBER and units and units[-1] == NUMBER):
            units.append(token)
    return units


_NUMBER_WORDS = {
    "en": frozenset({
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred", "thousand"}),
    "zh": frozenset("零〇一二两三四五六七八九十百千万幺"),
}


def featurize(units: list[str], lang: str, vocabulary: frozenset[str] | None) -> list[str]:
    """The features of a list of units; units outside `vocabulary` count as free text."""
    if vocabulary is not None:
        units = [u if u in vocabulary or u in (NUMBER, FREE) else FREE for u in units]
    squeezed: list[str] = []
    for unit in units:
        if not (unit == FREE and squeezed and squeezed[-1] == FREE):
            squeezed.append(unit)
    if lang in SPACELESS:
        padded = ["^", *squeezed, "$"]
        return [f"{n}:" + "".join(padded[i:i + n]) for n in ZH_NGRAMS
                for i in range(len(padded) - n + 1) if padded[i:i + n] not in (["^"], ["$"])]
    features = [f"w:{u}" for u in squeezed]
    padded = ["^", *squeezed, "$"]
    features += [f"b:{a} {b}" for a, b in zip(padded, padded[1:], strict=False)]
    for unit in squeezed:
        if unit in (FREE, NUMBER):
            continue
        marked = f"<{unit}>"
        features += [f"c:{marked[i:i + n]}" for n in CHAR_NGRAMS
                     for i in range(len(marked) - n + 1)]
    return features


def build_index(grammar: Grammar) -> IntentIndex:
    """Walk every template into samples and index them (runs at grammar compile time)."""
    import random

    from voice.expand import parse_template
    from voice.samples import walk

    rng = random.Random(SEED)
    rows: list[tuple[int, list[str], dict[str, Any]]] = []
    intents = grammar.intents
    seen: set[tuple[int, tuple[str, ...]]] = set()
    for template in grammar.templates:
        label = intents.index(template.intent)
        tree = parse_template(template.text)
        found = 0
        for _ in range(SAMPLES_PER_TEMPLATE * WALKS_PER_SAMPLE):
            text = normalize(" ".join(walk(grammar, tree, rng).split()), grammar.lang)
            units = tuple(units_of(text, grammar.lang))
            if not units or (label, units) in seen:
                continue
            seen.add((label, units))
            rows.append((label, list(units), dict(template.slots)))
            found += 1
            if found >= SAMPLES_PER_TEMPLATE:
                break
    vocabulary = frozenset(u for _, units, _ in rows for u in units) - {FREE, NUMBER}
    return _index(grammar.lang, intents, vocabulary, rows)


def _index(lang: str, intents: list[str], vocabulary: frozenset[str],
           rows: list[tuple[int, list[str], dict[str, Any]]]) -> IntentIndex:
    bags = [Counter(featurize(units, lang, None)) for _, units, _ in rows]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    features = {f: i for i, f in enumerate(sorted(frequency))}
    total = sum(len(bag) for bag in bags)
    sample_of = np.repeat(np.arange(len(bags), dtype=np.int32), [len(bag) for bag in bags])
    column_of = np.fromiter((features[f] for bag in bags for f in bag), dtype=np.int64,
                            count=total)
    count_of = np.fromiter((c for bag in bags for c in bag.values()), dtype=np.float32,
                           count=total)
    document_frequency = np.bincount(column_of, minlength=len(features))
    idf = (np.log((1 + len(rows)) / (1 + document_frequency)) + 1.0).astype(np.float32)
    weight_of = (1.0 + np.log(count_of)) * idf[column_of]
    norms = np.sqrt(np.bincount(sample_of, weights=weight_of * weight_of, minlength=len(bags)))
    weight_of = (weight_of / norms[sample_of]).astype(np.float32)
    order = np.argsort(column_of, kind="stable")
    starts = np.zeros(len(features) + 1, dtype=np.int64)
    starts[1:] = np.cumsum(document_frequency)
    return IntentIndex(lang, list(intents), vocabulary, features, idf, starts,
                       sample_of[order], weight_of[order],
                       np.array([label for label, _, _ in rows], dtype=np.int16),
                       [slots for _, _, slots in rows], len(rows))
