"""Slots for an intent the classifier guessed, and the evidence for it in the text.

Three sources, the first that names a slot wins:

1. The longest run of words (Chinese: characters) that matches a template of the
   intent exactly: "yo can you get us over to Wangfujing Street" holds "to
   Wangfujing Street", a navigation with its destination.
2. Words of the intent's slot lists found anywhere else ("petrol station" is a
   `poi_category`, "AC" a `device`), and typed spans (numbers, dates, times) read
   where they stand.
3. The slots the nearest sample's template implies (`direction: up` for "chilly").

`support` is the share of the text that sources 1 and 2 explain: the evidence that
the sentence is a command of that intent and not talk that shares a word with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from voice.compiled import SPACELESS, CompiledGrammar, CompiledIntent, SlotSpec
from voice.match import Match, match_all, typed_slots
from voice.slots import typed_pattern
from voice.text import tokens

MIN_SPAN_SHARE = 0.3  # a template match on less of the sentence is no evidence
MAX_VALUE_WORDS = 4  # the longest list value looked up
MAX_CORE_UNITS = 14  # longer texts are not searched for a matching run


@dataclass
class Filled:
    """The slots found for a guessed intent, and how much of the text they explain."""

    slots: dict[str, Any]
    support: float  # 0..1: share of units inside a matched span or a found slot
    explained: float  # the same in characters, free text not counted
    core: bool  # a run of the text matched one of the intent's templates


def fill_slots(text: str, intent: str, grammar: CompiledGrammar, now: datetime,
               implied: dict[str, Any]) -> Filled:
    """Slots of `intent` in a canonical `text` (see the module docstring)."""
    target = next((i for i in grammar.intents if i.intent == intent), None)
    if target is None:
        return Filled(dict(implied), 0.0, 0.0, False)
    units = tokens(text, grammar.lang)
    glue = "" if grammar.lang in SPACELESS else " "
    covered = [False] * len(units)
    slots: dict[str, Any] = {}
    free = 0
    core = _core_match(units, glue, _only(grammar, target), now)
    if core is not None:
        (start, end), found = core
        slots.update(found.slots)
        free = found.wildcard_chars
        covered[start:end] = [True] * (end - start)
    for spec in _specs(target):
        if spec.slot in slots:
            continue
        found_span = _find_value(units, covered, glue, spec, grammar, now)
        if found_span is not None:
            (start, end), values = found_span
            for key, value in values.items():
                slots.setdefault(key, value)
            covered[start:end] = [True] * (end - start)
    for key, value in implied.items():
        slots.setdefault(key, value)
    chars = sum(len(u) for u in units) or 1
    inside = sum(len(u) for u, c in zip(units, covered, strict=True) if c)
    return Filled(slots, sum(covered) / max(len(units), 1), max(inside - free, 0) / chars,
                  core is not None)


_ONLY: dict[tuple[int, str], tuple[CompiledGrammar, CompiledGrammar]] = {}


def _only(grammar: CompiledGrammar, intent: CompiledIntent) -> CompiledGrammar:
    """The grammar with one intent's templates alone (kept for the next call)."""
    key = (id(grammar), intent.intent)
    kept = _ONLY.get(key)
    if kept is not None and kept[0] is grammar:
        return kept[1]
    alone = replace(grammar, intents=[intent])
    _ONLY[key] = (grammar, alone)
    return alone


def _core_match(units: list[str], glue: str, grammar: CompiledGrammar,
                now: datetime) -> tuple[tuple[int, int], Match] | None:
    """The longest run of units that matches a template of the (one-intent) grammar,
    literal words included."""
    size = len(units)
    if size > MAX_CORE_UNITS:
        return None
    shortest = max(1, round(size * MIN_SPAN_SHARE))
    for length in range(size - 1, shortest - 1, -1):
        best: tuple[tuple[int, int], Match] | None = None
        for start in range(size - length + 1):
            span = glue.join(units[start:start + length])
            for found in match_all(span, grammar, now):
                if not found.literal:
                    continue
                if best is None or found.rank() < best[1].rank():
                    best = ((start, start + length), found)
        if best is not None:
            return best
    return None


def _specs(intent: CompiledIntent) -> list[SlotSpec]:
    """The slot specs of an intent's templates, one per (slot, list)."""
    seen: dict[tuple[str, str], SlotSpec] = {}
    for _, spec in intent.groups.values():
        if spec.kind != "wildcard":
            seen.setdefault((spec.slot, spec.list_name), spec)
    return list(seen.values())


def _find_value(units: list[str], covered: list[bool], glue: str, spec: SlotSpec,
                grammar: CompiledGrammar, now: datetime
                ) -> tuple[tuple[int, int], dict[str, Any]] | None:
    """The longest uncovered run of units that is a value of `spec`'s list or kind."""
    if spec.kind == "values":
        table = grammar.lookups.get(spec.list_name, {})
        longest = MAX_VALUE_WORDS * (3 if glue == "" else 1)
        for length in range(min(longest, len(units)), 0, -1):
            for start in range(len(units) - length + 1):
                if any(covered[start:start + length]):
                    continue
                key = glue.join(units[start:start + length]).lower()
                if key in table:
                    return (start, start + length), {spec.slot: table[key]}
        return None
    return _find_typed(units, covered, glue, spec, grammar.lang, now)


def _find_typed(units: list[str], covered: list[bool], glue: str, spec: SlotSpec, lang: str,
                now: datetime) -> tuple[tuple[int, int], dict[str, Any]] | None:
    kind = "number" if spec.kind == "range" else spec.kind
    pattern = re.compile(typed_pattern(kind, lang, glue != ""), re.IGNORECASE)
    starts = [0]
    for unit in units:
        starts.append(starts[-1] + len(unit) + len(glue))
    text = "".join(unit + glue for unit in units)
    position = {offset: index for index, offset in enumerate(starts)}
    for found in pattern.finditer(text.lower()):
        first, last = position.get(found.start()), position.get(found.end())
        if first is None or last is None or any(covered[first:last]):
            continue
        value = typed_slots(spec, found.group().strip(), lang, now)
        if value is not None:
            return (first, last), value
    return None
