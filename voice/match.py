"""Exact matching of a canonical sentence against a compiled grammar."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from typing import Any

from voice.compiled import SPACELESS, CompiledGrammar, CompiledIntent, SlotSpec, match_key
from voice.slots import typed_value
from voice.text import trim_edges

# Turns a typed span that failed to read into other candidate spellings (pinyin form).
Respell = Callable[[str, str], list[str]]


@dataclass(frozen=True)
class Match:
    """One template that matched, with its slots and how much of it was free text."""

    intent: str
    slots: dict[str, Any]
    wildcard_chars: int
    literal: int
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    defaults: frozenset[str] = frozenset()  # slots filled by the template, not heard
    free: frozenset[str] = frozenset()  # slots of free text

    def rank(self) -> tuple[int, int]:
        """Smaller is better: less free text, then more literal text."""
        return (self.wildcard_chars, -self.literal)


# Results reused within one parse: fuzzy stages match many near-identical variants.
_MEMO: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("parse_memo", default=None)


@contextmanager
def one_parse() -> Iterator[None]:
    """Within the block, a text matched twice, or a typed span read twice, is done once."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def subject(text: str, grammar: CompiledGrammar) -> str:
    """The string a grammar's regexes run on: spaced forms end with a space."""
    return text if grammar.lang in SPACELESS and grammar.form == "text" else text + " "


def present_tokens(text: str, grammar: CompiledGrammar) -> frozenset[str]:
    """The tokens of a canonical text, in the units templates require (see `required`)."""
    lowered = text.lower()
    if grammar.lang in SPACELESS and grammar.form == "text":
        return frozenset(lowered.replace(" ", ""))
    return frozenset(lowered.split())


def text_length(text: str, grammar: CompiledGrammar) -> int:
    """The length of a canonical text in template units: words, or Chinese characters."""
    if grammar.lang in SPACELESS and grammar.form == "text":
        return len(text)
    return len(text.split())


def match_all(text: str, grammar: CompiledGrammar, now: datetime,
              original: Callable[[int, int], str] | None = None,
              respell: Respell | None = None) -> list[Match]:
    """Every intent whose templates match `text` whole, best template per intent.

    `original(start, end)` maps a span of `text` back to the words as written (the
    pinyin form matches syllables but slots keep the characters).
    """
    target = subject(text, grammar)
    present = present_tokens(text, grammar)
    size = text_length(text, grammar)
    by_intent: dict[int, Match] = {}
    done: set[int] = set()
    entries = _index(grammar).entries
    for position in _candidates(grammar, present):
        entry = entries[position]
        if entry.intent_index in done or not entry.admits(size, present):
            continue
        m = entry.regex.match(target)
        if m is None:
            continue
        intent = grammar.intents[entry.intent_index]
        result = _evaluate(m, intent, entry.index, grammar, now, original, respell)
        if result is None:
            continue
        if not result.wildcard_chars:
            done.add(entry.intent_index)
        best = by_intent.get(entry.intent_index)
        if best is None or result.rank() < best.rank():
            by_intent[entry.intent_index] = result
    return list(by_intent.values())


@dataclass(frozen=True)
class _Entry:
    """One template, with what tells cheaply whether a text may match it."""

    intent_index: int
    index: int
    shortest: int
    longest: int
    words: frozenset[str]  # tokens the text must have (one-token clauses)
    choices: tuple[frozenset[str], ...]  # clauses of alternatives: one of each must be there
    pattern: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The template's regex, compiled when first needed (most never are)."""
        return _regex(self.pattern)

    def admits(self, size: int, present: frozenset[str]) -> bool:
        """Whether a text of `size` units with tokens `present` may match."""
        return (self.shortest <= size <= self.longest and self.words <= present
                and not any(clause.isdisjoint(present) for clause in self.choices))


@dataclass
class _Index:
    """Templates in matching order, and which of them each token can unlock."""

    entries: list[_Entry]
    always: list[int]
    by_token: dict[str, list[int]]


_INDEXES: dict[int, tuple[CompiledGrammar, _Index]] = {}


def _index(grammar: CompiledGrammar) -> _Index:
    cached = _INDEXES.get(id(grammar))
    if cached is not None and cached[0] is grammar:
        return cached[1]
    entries: list[_Entry] = []
    always: list[int] = []
    by_token: dict[str, list[int]] = {}
    frequency: dict[str, int] = {}
    for intent in grammar.intents:
        for template in intent.templates:
            for clause in template.required:
                for token in clause:
                    frequency[token] = frequency.get(token, 0) + 1
    for intent_index, intent in enumerate(grammar.intents):
        for index in intent.order:
            position = len(entries)
            template = intent.templates[index]
            required = template.required
            entries.append(_Entry(
                intent_index, index, template.shortest, template.longest,
                frozenset(token for clause in required if len(clause) == 1 for token in clause),
                tuple(clause for clause in required if len(clause) > 1),
                template.pattern))
            if not required:
                always.append(position)
                continue
            # Index each template under its rarest clause: fewer needless candidates.
            rarest = min(required, key=lambda clause: sum(frequency[t] for t in clause))
            for token in rarest:
                by_token.setdefault(token, []).append(position)
    built = _Index(entries, always, by_token)
    _INDEXES[id(grammar)] = (grammar, built)
    return built


def _candidates(grammar: CompiledGrammar, present: frozenset[str]) -> list[int]:
    """Positions of the templates whose first clause some present token satisfies."""
    index = _index(grammar)
    found = set(index.always)
    for token in present:
        found.update(index.by_token.get(token, ()))
    return sorted(found)


def best_match(text: str, grammar: CompiledGrammar, now: datetime,
               original: Callable[[int, int], str] | None = None,
               respell: Respell | None = None) -> Match | None:
    """The match with the least free text, or None."""
    # a plain match (no original text to slice, no respelling) is reused within a parse
    memo = _MEMO.get() if original is None and respell is None else None
    key = ("match", text, id(grammar), now)
    if memo is not None and key in memo:
        return memo[key]
    found = match_all(text, grammar, now, original, respell)
    best = min(found, key=Match.rank) if found else None
    if memo is not None:
        memo[key] = best
    return best


def _evaluate(m: re.Match[str], intent: CompiledIntent, index: int, grammar: CompiledGrammar,
              now: datetime, original: Callable[[int, int], str] | None,
              respell: Respell | None) -> Match | None:
    template = intent.templates[index]
    slots: dict[str, Any] = dict(template.slots)
    spans: dict[str, tuple[int, int]] = {}
    wildcard_chars = 0
    free: set[str] = set()
    for name, value in m.groupdict().items():
        if value is None:
            continue
        owner, spec = intent.groups[name]
        if owner != index:
            continue
        start, end = m.span(name)
        text = original(start, end) if original else value
        filled = _slot_value(spec, text, value, grammar, now, respell)
        if filled is None:
            return None
        if spec.kind == "wildcard":
            wildcard_chars += len(str(filled[spec.slot]))
            free.add(spec.slot)
        slots.update(filled)
        spans[spec.slot] = (start, end)
    defaults = frozenset(k for k, v in template.slots.items() if slots.get(k) == v) - set(spans)
    return Match(intent.intent, slots, wildcard_chars, template.literal, spans, defaults,
                 frozenset(free))


def _slot_value(spec: SlotSpec, text: str, raw: str, grammar: CompiledGrammar, now: datetime,
                respell: Respell | None) -> dict[str, Any] | None:
    lang = grammar.lang
    if spec.kind == "values":
        key = match_key(raw.strip().lower(), lang, grammar.form, None)
        if grammar.form == "pinyin":
            key = " ".join(raw.split())
        table = grammar.lookups.get(spec.list_name, {})
        return {spec.slot: table[key]} if key in table else None
    if spec.kind == "wildcard":
        value = trim_edges(text.strip(), lang, grammar.filler)
        lowered = value.lower()
        if not value or any(word in lowered for word in grammar.not_in_free_text):
            return None
        return {spec.slot: value}
    candidates = [text.strip()]
    if respell is not None:
        candidates += respell(text.strip(), spec.kind)
    for candidate in candidates:
        found = typed_slots(spec, candidate, lang, now)
        if found is not None:
            return found
    return None


def typed_slots(spec: SlotSpec, text: str, lang: str, now: datetime) -> dict[str, Any] | None:
    """The slots a typed span of `spec` stands for, under their names, or None."""
    found = _typed_value(spec, text, lang, now)
    return None if found is None else {(spec.slot if k == "" else k): v
                                       for k, v in found.items()}


def _typed_value(spec: SlotSpec, text: str, lang: str, now: datetime) -> dict[str, Any] | None:
    """`typed_value`, read once per parse for each span."""
    memo = _MEMO.get()
    key = ("typed", spec.kind, text, lang, now, spec.low, spec.high)
    if memo is not None and key in memo:
        return memo[key]
    found = typed_value(spec.kind, text, lang, now, spec.low, spec.high)
    if memo is not None:
        memo[key] = found
    return found
