"""Fuzzy matching: survive recognition errors, and say how sure we are.

Three stages, each tried only when the ones before found nothing:

1. Respelling (English): near-homophones ("two" -> "to", "four" -> "for"),
   misspelled words corrected toward the grammar's vocabulary ("servers" ->
   "service"), words split in two ("cool er") joined, stray small words dropped;
   the exact matcher then runs on each variant. Fewer edits win.
2. Pinyin (Chinese): the same templates compiled to toneless, fuzzy-merged
   syllables, so that homophone characters match ("到航到北京西站").
3. Sentence similarity: rapidfuzz against every sentence the slot-free part of
   the grammar can produce (pinyin for Chinese).

Each stage gives a confidence below 1.0; the parser rejects matches under its
threshold, which was chosen from the test sets (benchmarks/threshold.py).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from voice import pinyin
from voice.cache import cached
from voice.compiled import CompiledGrammar
from voice.grammar import load_grammar
from voice.match import Match, best_match
from voice.slots import typed_words, zh_typed_chars
from voice.text import tokens

if TYPE_CHECKING:
    from voice.language import Language
    from voice.similarity import SentenceIndex

# Words recognizers swap for one another in English.
HOMOPHONES: dict[str, tuple[str, ...]] = {
    "two": ("to", "too"), "too": ("to", "two"), "to": ("two", "too"), "for": ("four",),
    "four": ("for",), "fore": ("for", "four"), "buy": ("by",), "bye": ("by",), "by": ("buy",),
    "and": ("an", "end", "in"), "an": ("and", "a"), "end": ("and",), "in": ("and", "on"),
    "of": ("off",), "off": ("of",), "root": ("route",), "write": ("right",), "rite": ("right",),
    "real": ("rear",), "won": ("one",), "one": ("won",), "ate": ("eight",), "eight": ("ate",),
    "know": ("no",), "no": ("know",), "hire": ("higher",), "hi": ("high",), "sea": ("see",),
    "son": ("song",), "there": ("their",), "their": ("there",), "wood": ("would",),
    "would": ("wood",), "here": ("hear",), "hear": ("here",), "weight": ("wait",),
    "brake": ("break",), "break": ("brake",), "wear": ("where",), "ware": ("where",),
    "fare": ("fair",), "heal": ("heel",), "our": ("hour",), "hour": ("our",),
    "plays": ("please", "play"),
    "please": ("plays",), "pause": ("paws",), "a": ("the",), "the": ("a",), "at": ("and",),
    "sell": ("cel",), "can": ("cancel",), "pay": ("play",), "played": ("play",),
    "tow": ("to",), "sum": ("some",), "won't": ("want",),
    "closed": ("close",), "place": ("play",), "opened": ("open",), "paws": ("pause",),
    "dew": ("do",), "due": ("do",), "they": ("the",), "called": ("cold",), "col": ("call",),
}
# Small words a recognizer inserts ("a call mom", "turn the volume down and").
DROPPABLE = {"a", "an", "the", "uh", "um", "and", "is", "her", "to", "at", "it", "of", "so"}
EDIT_PENALTY = 0.08
RESPELL_CONFIDENCE = 0.96
PINYIN_CONFIDENCE = 0.92
MAX_VARIANTS = 16
MIN_VARIANTS = 6
VARIANT_WORDS = 48
FREE_TEXT_PENALTY = 0.3
MIN_SIMILAR_CHARS = 3
SIMILARITY_FLOOR = 78  # below this a sentence is not worth reporting as a candidate
WORD_CUTOFF = 66  # rapidfuzz ratio for respelling one word toward the vocabulary
PAIR_CUTOFF = 75  # the same for two words heard apart and joined
NEAR_CACHE_SIZE = 4096  # words whose vocabulary neighbours are kept
# A question, not a command: "is the AC on" must not lose its "is".
QUESTION_OPENERS = {"is", "are", "was", "were", "did", "does", "has", "isn't", "aren't",
                    "didn't", "doesn't", "why"}


class FuzzyMatcher:
    """The fuzzy stages for one language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.lang = language.lang
        self.compiled = language.compiled
        self.vocabulary = set(self.compiled.vocabulary) | typed_words(self.lang)
        self.by_length = _by_length(self.vocabulary)
        # Words that mark a question or chatter ("weather", "lottery") are never respelled away.
        self.kept_words = {w.lower() for w in self.compiled.not_in_free_text if " " not in w}
        self.near_cache: OrderedDict[tuple[str, int, int], list[tuple[str, float]]] = \
            OrderedDict()
        self.pinyin_grammar: CompiledGrammar | None = None
        if self.lang == "zh":
            self.pinyin_grammar = cached(f"pinyin-grammar-{self.lang}", language.key,
                                         self._compile_pinyin)
            grammar_chars = cached(f"intent-chars-{self.lang}", language.key, self._intent_chars)
            self.intent_chars: dict[str, set[str]] = grammar_chars
            self.respell_table = {kind: pinyin.canonical_chars(zh_typed_chars(kind))
                                  for kind in ("number", "amount", "date", "time", "datetime")}
        self.sentences: list[tuple[str, dict[str, Any]]] = cached(
            f"sentences-{self.lang}", language.key, self._sentences)
        self.sentences.sort(key=lambda item: len(item[0]))
        self._index: SentenceIndex | None = None

    def _compile_pinyin(self) -> CompiledGrammar:
        from voice.compile import compile_grammar

        grammar = load_grammar(self.lang, self.language.extra)
        return compile_grammar(grammar, "pinyin", pinyin.syllables)

    def _intent_chars(self) -> dict[str, set[str]]:
        from voice.expand import literals, parse_template

        grammar = load_grammar(self.lang, self.language.extra)
        chars: dict[str, set[str]] = {}
        for template in grammar.templates:
            for chunk in literals(grammar, parse_template(template.text)):
                chars.setdefault(template.intent, set()).update(chunk)
        return chars

    def _sentences(self) -> list[tuple[str, dict[str, Any]]]:
        from voice.sentences import slot_free_sentences

        grammar = load_grammar(self.lang, self.language.extra)
        found: dict[str, dict[str, Any]] = {}
        for intent, text, slots in slot_free_sentences(grammar):
            key = " ".join(pinyin.syllables(text)) if self.lang == "zh" else text
            found.setdefault(key, {"intent": intent, **slots})
        return list(found.items())

    def match(self, text: str, now: datetime) -> tuple[Match | None, float]:
        """The best fuzzy match of a canonical text and its confidence."""
        if self.lang == "zh":
            found = self.pinyin_match(text, now)
            if found is not None:
                return found, PINYIN_CONFIDENCE
        else:
            respelled = self.respell_match(text, now)
            if respelled is not None:
                return respelled
        return self.similar_sentence(text)

    def improve(self, text: str, now: datetime, baseline: Match) -> tuple[Match, float] | None:
        """A fuzzy match with clearly less free text than an exact `baseline`, if any."""
        if self.lang != "zh":
            return self.respell_match(text, now, baseline)
        found = self.pinyin_match(text, now)
        if found is not None and found.wildcard_chars < baseline.wildcard_chars \
                and not _only_cut_end(baseline, found):
            return found, PINYIN_CONFIDENCE
        return None

    # --- stage 1: English respelling -------------------------------------------------
    def respell_match(self, text: str, now: datetime,
                      baseline: Match | None = None) -> tuple[Match, float] | None:
        """The best match of a respelled variant with the fewest edits."""
        words = text.split()
        near = _free_text_words(text, baseline) if baseline is not None else None
        best: tuple[tuple[int, int, int], Match] | None = None
        for edits, variant in self.variants(words, cheap=baseline is not None, near=near):
            if best is not None and edits > best[0][0]:
                break
            found = best_match(" ".join(variant), self.compiled, now)
            if found is None:
                continue
            removed = max(len(text) - len(" ".join(variant)), 0)
            if baseline is not None and \
                    found.wildcard_chars >= baseline.wildcard_chars - removed - 2:
                continue  # the edit only shortened the free text, it did not explain it
            rank = (edits, *found.rank())
            if best is None or rank < best[0]:
                best = (rank, found)
        if best is None:
            return None
        found = best[1]
        confidence = RESPELL_CONFIDENCE - EDIT_PENALTY * (best[0][0] - 1)
        if baseline is None:
            # A respelling that only makes room for free text proves little.
            confidence -= FREE_TEXT_PENALTY * found.wildcard_chars / max(len(text), 1)
        return found, confidence

    def variants(self, words: list[str], cheap: bool = False,
                 near: set[int] | None = None) -> Iterator[tuple[int, list[str]]]:
        """Respelled word lists, one edit first, then two; `cheap`: homophones only.

        `near`: only edit the words at these positions.
        """
        edits = sorted((e for e in self._edits(words, cheap) if near is None or e[0] in near),
                       key=lambda edit: edit[3])
        # Long sentences are rarely misheard commands: fewer tries keep the time bounded.
        limit = min(MAX_VARIANTS, max(MIN_VARIANTS, VARIANT_WORDS // max(len(words), 1)))
        count = 0
        for size in (1, 2):
            for combo in itertools.combinations(edits, size):
                spans = sorted((start, end) for start, end, _, _ in combo)
                if any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
                    continue
                variant = list(words)
                for start, end, replacement, _ in sorted(combo, reverse=True):
                    variant[start:end] = replacement
                if variant:
                    yield size, variant
                    count += 1
                    if count >= limit:
                        return

    def _edits(self, words: list[str],
               cheap: bool) -> Iterator[tuple[int, int, list[str], float]]:
        """(start, end, replacement, cost) edits worth trying, one word or a pair at a time."""
        vocabulary = self.vocabulary
        for i, word in enumerate(words):
            lower = word.lower()
            for alternative in HOMOPHONES.get(lower, ()):
                yield i, i + 1, [alternative], 0.3
            if i > 0 and lower == words[i - 1].lower():
                yield i, i + 1, [], 0.1  # a stutter: "pause pause", "call call mom"
            if i == 0 and lower in QUESTION_OPENERS:
                continue  # "is the AC on" asks; dropping or joining "is" would make it a command
            if lower in DROPPABLE and len(words) > 1:
                yield i, i + 1, [], 0.5
            if cheap:
                continue
            for stem in _verb_stems(lower):
                if stem in vocabulary:
                    yield i, i + 1, [stem], 0.2  # "would you mind opening the window"
                    break
            if lower not in vocabulary and len(lower) > 2 and lower not in self.kept_words:
                for close, score in self.near_words(lower, WORD_CUTOFF, 4):
                    yield i, i + 1, [close], (1.0 - score / 100) / 2
            if i + 1 < len(words) and not {lower, words[i + 1].lower()} & self.kept_words:
                joined = lower + words[i + 1].lower()
                if joined in vocabulary:
                    yield i, i + 2, [joined], 0.05
                elif len(joined) > 4:
                    for close, score in self.near_words(joined, PAIR_CUTOFF, 1):
                        yield i, i + 2, [close], 0.1 + (1.0 - score / 100) / 2

    def near_words(self, word: str, cutoff: int, limit: int) -> list[tuple[str, float]]:
        """The vocabulary words closest to `word` (ratio >= cutoff), best first; cached.

        Only words of a length that can reach the cutoff are compared:
        ratio <= 200 * shorter / (shorter + longer).
        """
        key = (word, cutoff, limit)
        found = self.near_cache.get(key)
        if found is not None:
            self.near_cache.move_to_end(key)
            return found
        bound = cutoff / (200 - cutoff)
        low, high = len(word) * bound, len(word) / bound
        candidates = [w for size, words in self.by_length.items() if low <= size <= high
                      for w in words]
        found = [(close, score) for close, score, _ in
                 process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff,
                                 limit=limit)]
        self.near_cache[key] = found
        if len(self.near_cache) > NEAR_CACHE_SIZE:
            self.near_cache.popitem(last=False)
        return found

    # --- stage 2: Chinese pinyin -----------------------------------------------------
    def pinyin_match(self, text: str, now: datetime) -> Match | None:
        """Match syllable by syllable; slots keep the characters as heard."""
        assert self.pinyin_grammar is not None
        units = tokens(text, "zh")
        sounds = pinyin.syllables(text)
        starts = [0]
        for sound in sounds:
            starts.append(starts[-1] + len(sound) + 1)
        position = {offset: index for index, offset in enumerate(starts)}

        def original(start: int, end: int) -> str:
            first, last = position.get(start, 0), position.get(end, len(units))
            return _join_zh(units[first:last])

        found = best_match(" ".join(sounds), self.pinyin_grammar, now, original, self._respell)
        if found is None:
            return None
        inside: set[int] = set()
        for start, end in found.spans.values():
            inside.update(range(position.get(start, 0), position.get(end, len(units))))
        literal = [units[i] for i in range(len(units)) if i not in inside]
        known = self.intent_chars.get(found.intent, set())
        changed = sum(1 for token in literal if token not in known)
        if not literal:
            return None
        if found.wildcard_chars and (changed * 2 > len(literal) or len(literal) < 2):
            return None
        return found

    def _respell(self, text: str, kind: str) -> list[str]:
        """A typed span with homophones replaced by the characters numbers and dates use."""
        kind = "number" if kind == "range" else kind
        table = self.respell_table[kind]
        allowed = zh_typed_chars(kind)
        chars = [c if c in allowed else table.get(pinyin.table().get(c, ""), c) for c in text]
        respelled = "".join(chars)
        return [respelled] if respelled != text else []

    # --- stage 3: sentence similarity ------------------------------------------------
    @property
    def index(self) -> SentenceIndex:
        """The slot-free sentences indexed for similarity, built on first use (numpy)."""
        if self._index is None:
            from voice.similarity import SentenceIndex

            self._index = SentenceIndex([text for text, _ in self.sentences])
        return self._index

    def similar_sentence(self, text: str) -> tuple[Match | None, float]:
        """The closest slot-free sentence of the grammar; confidence is the similarity."""
        if not self.sentences:
            return None, 0.0
        if self.lang == "zh" and len(tokens(text, "zh")) < MIN_SIMILAR_CHARS:
            return None, 0.0  # two syllables are too few to tell "你好" from "好的"
        query = " ".join(pinyin.syllables(text)) if self.lang == "zh" else text.lower()
        found = self.index.closest(query, SIMILARITY_FLOOR)
        if found is None:
            return None, 0.0
        index, similarity = found
        if self.lang != "zh" and asks(query) and not asks(self.sentences[index][0]):
            return None, 0.0  # "is the AC on" is not "the AC on"
        slots = dict(self.sentences[index][1])
        intent = slots.pop("intent")
        return Match(intent, slots, 0, 0), similarity / 100.0


def asks(text: str) -> bool:
    """True when an English text opens as a yes/no or why question ("is the AC on")."""
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    return first in QUESTION_OPENERS


def _verb_stems(word: str) -> list[str]:
    """Base forms a verb ending in -ing may come from: "opening" -> "open",
    "taking" -> "take", "skipping" -> "skip"."""
    if len(word) < 6 or not word.endswith("ing"):
        return []
    stem = word[:-3]
    stems = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.append(stem[:-1])
    return stems


def _by_length(words: set[str]) -> dict[int, list[str]]:
    """Words grouped by length, each group sorted (so ties break the same way each run)."""
    groups: dict[int, list[str]] = {}
    for word in sorted(words):
        groups.setdefault(len(word), []).append(word)
    return groups


def _only_cut_end(baseline: Match, found: Match) -> bool:
    """True when `found` only took the last character off a free-text slot of `baseline`.

    "呼叫爸爸" is not 呼叫 + 爸 + 吧: a homophone of a trailing particle proves nothing.
    """
    if baseline.wildcard_chars - found.wildcard_chars != 1:
        return False
    for slot in baseline.free & found.free:
        before, after = str(baseline.slots.get(slot, "")), str(found.slots.get(slot, ""))
        if after and before.startswith(after) and len(before) == len(after) + 1:
            return True
    return False


def _free_text_words(text: str, match: Match) -> set[int]:
    """Positions of the words in, or next to, the free-text slots of a match."""
    starts = [0]
    for word in text.split():
        starts.append(starts[-1] + len(word) + 1)
    near: set[int] = set()
    for start, end in match.spans.values():
        inside = [i for i, s in enumerate(starts[:-1]) if start <= s < end]
        if inside:
            near.update(range(max(inside[0] - 1, 0), inside[-1] + 2))
    return near


def _join_zh(tokens: list[str]) -> str:
    """Chinese tokens back to text: no spaces, except between two Latin words."""
    out = ""
    for token in tokens:
        if out and out[-1].isascii() and out[-1].isalnum() and token[0].isascii():
            out += " "
        out += token
    return out
