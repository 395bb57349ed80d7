"""One language's matcher: canonical text, exact match, then fuzzy match."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from voice.cache import cached, grammar_key
from voice.compiled import CompiledGrammar
from voice.match import Match, best_match, one_parse
from voice.text import normalize, spoken_digits, tokens, trim_edges

EXACT = 1.0
CLAUSE = 0.9  # every clause that matched did so exactly, but some text was left out
MIN_CLAUSE_COVER = 0.4  # the matched clauses must be this share of the text
PARTIAL_BASE = 0.9  # a match of all but a few edge words: less the share left out
PARTIAL_PENALTY = 0.3
PARTIAL_MAX_SHARE = 0.34
PARTIAL_MAX_DROP = 3
PARTIAL_MAX_DROP_ZH = 2  # characters are shorter than words
PARTIAL_MAX_UNITS = 14  # longer sentences that match nowhere are chatter, not commands
_CLAUSE_RE = re.compile(r"[,，;；:：!！?？。]+|\.(?!\d)")


class Language:
    """The compiled grammar of one language and the matchers that use it."""

    def __init__(self, lang: str, extra: Sequence[Path | Traversable] = (),
                 classify_below: float | None = None) -> None:
        """`classify_below`: try the intent classifier (`voice.fallback`) on sentences
        whose best match is less sure than this; None leaves it out."""
        self.lang = lang
        self.extra = tuple(extra)
        self.classify_below = classify_below
        self.key = grammar_key(lang, self.extra)
        self.compiled: CompiledGrammar = cached(f"grammar-{lang}", self.key, self._compile)
        self._fuzzy: Any = None
        self._classifier: Any = None

    def _compile(self) -> CompiledGrammar:
        from voice.compile import compile_grammar
        from voice.grammar import load_grammar

        return compile_grammar(load_grammar(self.lang, self.extra))

    def canonical(self, text: str) -> str:
        """The text normalized, with filler such as "please" or "请" cut from its edges."""
        text = normalize(text, self.lang)
        if self.lang == "en":
            text = spoken_digits(text)
        return trim_edges(text, self.lang, self.compiled.skip_words)

    def canonical_untrimmed(self, text: str) -> str:
        """The text normalized, with nothing cut from its edges."""
        text = normalize(text, self.lang)
        return spoken_digits(text) if self.lang == "en" else text

    def match(self, text: str, now: datetime) -> tuple[Match | None, float]:
        """The best match of `text` and its confidence (1.0 exact, lower when fuzzy)."""
        with one_parse():
            return self._match(text, now)

    def _match(self, text: str, now: datetime) -> tuple[Match | None, float]:
        canonical = self.canonical(text)
        if not canonical:
            return None, 0.0
        found = best_match(canonical, self.compiled, now)
        if found is None:
            # Skip words cut at both edges can eat a word's end ("有什么功能" -> "有什么功").
            whole = self.canonical_untrimmed(text)
            if whole != canonical:
                found = best_match(whole, self.compiled, now)
        if found is not None:
            if found.wildcard_chars and self._free_text_spans_clauses(text, found):
                # "take me to the closest hospital, it's urgent": free text ran past a comma.
                by_clause = self.best_clause(text, now)
                if by_clause is not None and by_clause.wildcard_chars < found.wildcard_chars:
                    return by_clause, CLAUSE
            if found.wildcard_chars:
                # "navigate two the airport", "到航到北京西站": a homophone may hide in free text.
                better = self.fuzzy.improve(canonical, now, found)
                if better is not None:
                    return better
            return found, EXACT
        by_clause = self.clause_match(text, now)
        if by_clause is not None:
            return by_clause, CLAUSE
        if self.holds_stop_word(canonical):
            # "我刚把空调关了", "谁把空调关了": a question or a past event, not a command
            # that a recognizer garbled; only an exact or pinyin match counts.
            found = self.fuzzy.pinyin_match(canonical, now) if self.lang == "zh" else None
            return found, (0.92 if found is not None else 0.0)
        found, confidence = self.fuzzy.match(canonical, now)
        if found is None or confidence < PARTIAL_BASE:
            partial = self.partial_match(canonical, now)
            if partial is not None and partial[1] > confidence:
                found, confidence = partial
        if self.classify_below is not None and confidence < self.classify_below:
            guessed = self.classified(canonical, now, found, confidence)
            if guessed is not None:
                return guessed
        return found, confidence

    def classified(self, canonical: str, now: datetime, found: Match | None,
                   confidence: float) -> tuple[Match, float] | None:
        """The intent classifier's guess, when it has the evidence (see voice.fallback)."""
        from voice.fallback import CLASSIFIED, LANGUAGES, ClassifierStage

        if self.lang not in LANGUAGES:
            return None
        if self._classifier is None:
            self._classifier = ClassifierStage(self)
        guessed = self._classifier.match(canonical, now, found, confidence)
        return None if guessed is None else (guessed, CLASSIFIED)

    def holds_stop_word(self, canonical: str) -> bool:
        """True when a Chinese sentence holds a word of `not_in_free_text` anywhere."""
        lower = canonical.lower()
        return self.lang == "zh" and any(w in lower for w in self.compiled.not_in_free_text)

    def partial_match(self, canonical: str, now: datetime) -> tuple[Match, float] | None:
        """Match the sentence without a few words at its edges ("so basically ...").

        The more is left out, the lower the confidence.
        """
        from voice.fuzzy import asks
        units = tokens(canonical, self.lang)
        glue = "" if self.lang == "zh" else " "
        if len(units) > PARTIAL_MAX_UNITS:
            return None
        most = min(PARTIAL_MAX_DROP if self.lang != "zh" else PARTIAL_MAX_DROP_ZH,
                   int(len(units) * PARTIAL_MAX_SHARE))
        for dropped in range(1, most + 1):
            for left in (dropped, 0):
                kept = units[left:len(units) - (dropped - left)]
                if len(kept) < 2:
                    continue
                cut = glue.join(units[:left] + units[len(units) - (dropped - left):]).lower()
                if any(word in cut for word in self.compiled.not_in_free_text):
                    continue
                if left and self.lang == "en" and asks(units[0]):
                    continue  # "is the window open" asks; it is not "the window open"
                text = self.canonical(glue.join(kept))
                found = best_match(text, self.compiled, now) if text else None
                if found is not None and not found.wildcard_chars:
                    return found, PARTIAL_BASE - PARTIAL_PENALTY * dropped / len(units)
        return None

    def _free_text_spans_clauses(self, text: str, found: Match) -> bool:
        """True when some free-text slot holds words of two clauses of `text`."""
        clauses = [self.canonical(c).lower() for c in _CLAUSE_RE.split(text)]
        if len([c for c in clauses if c]) < 2:
            return False
        for slot in found.free:
            value = str(found.slots.get(slot, "")).lower()
            if value and not any(value in clause for clause in clauses):
                return True
        return False

    def best_clause(self, text: str, now: datetime) -> Match | None:
        """The best match of any one clause, if the clauses are of one intent."""
        found = [m for m in (best_match(self.canonical(c), self.compiled, now)
                             for c in _CLAUSE_RE.split(text) if self.canonical(c)) if m]
        if not found or len({m.intent for m in found}) > 1:
            return None
        return min(found, key=Match.rank)

    def clause_match(self, text: str, now: datetime) -> Match | None:
        """Match the clauses of a sentence ("I'm hungry, is there somewhere to eat nearby?").

        Clauses that match the same intent merge their slots (what was said beats a
        default); a clause that matches nothing is context and is left out.
        """
        clauses = [self.canonical(c) for c in _CLAUSE_RE.split(text)]
        clauses = [c for c in clauses if c]
        if len(clauses) < 2:
            return None
        pairs = [(c, best_match(c, self.compiled, now)) for c in clauses]
        found = [m for _, m in pairs if m is not None]
        if not found or len({m.intent for m in found}) > 1:
            return None
        covered = sum(len(c) for c, m in pairs if m is not None)
        if covered < MIN_CLAUSE_COVER * sum(len(c) for c in clauses):
            return None
        merged: dict[str, Any] = {}
        defaults: set[str] = set()
        for m in found:
            for key, value in m.slots.items():
                if key in merged and key not in defaults:
                    continue  # the first clause that said it wins
                merged[key] = value
                if key in m.defaults:
                    defaults.add(key)
                else:
                    defaults.discard(key)
        wildcards = sum(m.wildcard_chars for m in found)
        return Match(found[0].intent, merged, wildcards, sum(m.literal for m in found))

    @property
    def fuzzy(self) -> Any:
        """The fuzzy matcher, built on first use (it loads pinyin tables for Chinese)."""
        if self._fuzzy is None:
            from voice.fuzzy import FuzzyMatcher

            self._fuzzy = FuzzyMatcher(self)
        return self._fuzzy
