"""The compiled form of a grammar: plain data that the matcher runs and the cache stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SPACELESS = ("zh",)
UNBOUNDED = 1 << 30  # the length of a template with free text or typed slots


@dataclass
class SlotSpec:
    """How to turn one captured group into a slot value."""

    slot: str
    kind: str  # values | wildcard | range | number | amount | date | time | datetime
    list_name: str
    low: float | None = None
    high: float | None = None


@dataclass
class CompiledTemplate:
    """One template: its regex, its fixed slots, and the tokens any match must contain."""

    intent: str
    pattern: str
    slots: dict[str, Any]
    wildcards: int
    literal: int
    source: str
    required: tuple[frozenset[str], ...] = ()
    # How many units (words; characters for Chinese text) a matching sentence has.
    shortest: int = 0
    longest: int = UNBOUNDED


@dataclass
class CompiledIntent:
    """All templates of one intent, tried in `order` (least free text first)."""

    intent: str
    order: list[int]
    templates: list[CompiledTemplate]
    groups: dict[str, tuple[int, SlotSpec]] = field(default_factory=dict)


@dataclass
class CompiledGrammar:
    """Everything the matcher needs for one language, in one form (text or pinyin)."""

    lang: str
    form: str  # "text" or "pinyin"
    intents: list[CompiledIntent]
    lookups: dict[str, dict[str, Any]]  # list name -> matched text -> out value
    skip_words: list[str]
    filler: list[str]
    not_in_free_text: list[str]
    vocabulary: list[str]



def match_key(text: str, lang: str, form: str,
              syllables: Callable[[str], list[str]] | None) -> str:
    """The text as a list lookup key: spaces squeezed out, or syllables for pinyin."""
    if form == "pinyin" and syllables is not None:
        return " ".join(syllables(text))
    return text.replace(" ", "") if lang in SPACELESS else text
