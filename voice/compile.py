"""Compile a grammar's templates into regular expressions, one per intent.

A sentence in canonical form (see `voice.text.normalize`) matches a template when
the template's regex matches it whole. Spaced languages (English) are matched
token by token: the input carries a trailing space and every literal word
compiles to "word ". Chinese is matched character by character, without spaces.
The same compiler builds a pinyin variant of every Chinese regex (literal
characters become their toneless, fuzzy-merged syllables) for homophones.

The result is plain data (strings, dicts, tuples), so it can be cached on disk.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    TextChunk,
)

from voice.expand import _expand, parse_template
from voice.grammar import Grammar
from voice.slots import typed_pattern
from voice.text import normalize

SPACELESS = ("zh",)


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
    """One template: its own regex (for the slow path) and its fixed slots."""

    intent: str
    pattern: str
    slots: dict[str, Any]
    wildcards: int
    literal: int
    source: str


@dataclass
class CompiledIntent:
    """All templates of one intent as one alternation with uniquely named groups."""

    intent: str
    pattern: str
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
    vocabulary: list[str]


class _Compiler:
    def __init__(self, grammar: Grammar, form: str, syllables: Callable[[str], list[str]] | None):
        self.grammar = grammar
        self.form = form
        self.spaced = grammar.lang not in SPACELESS or form == "pinyin"
        self.syllables = syllables
        self.counter = itertools.count()
        self.groups: dict[str, tuple[int, SlotSpec]] = {}
        self.template_index = 0
        self.wildcards = 0
        self.literal = 0

    def literal_text(self, text: str) -> str:
        text = normalize(text, self.grammar.lang).lower()
        if not text:
            return ""
        if self.form == "pinyin":
            assert self.syllables is not None
            return "".join(re.escape(s) + " " for s in self.syllables(text))
        self.literal += len(text.replace(" ", ""))
        if self.spaced:
            return "".join(re.escape(w) + " " for w in text.split())
        return re.escape(text)

    def compile(self, expr: Expression, group: bool = True) -> str:
        if isinstance(expr, TextChunk):
            return self.literal_text(expr.text)
        if isinstance(expr, Permutation):
            orders = itertools.permutations(expr.items)
            return "(?:" + "|".join("".join(self.compile(i) for i in o) for o in orders) + ")"
        if isinstance(expr, Alternative):
            parts = [self.compile(item) for item in expr.items]
            optional = expr.is_optional or "" in parts
            body = "|".join(p for p in parts if p)
            return f"(?:{body})?" if optional else f"(?:{body})"
        if isinstance(expr, Group):
            return "".join(self.compile(item) for item in expr.items)
        if isinstance(expr, RuleReference):
            return self.compile(parse_template(self.grammar.rules[expr.rule_name][0]))
        if isinstance(expr, ListReference):
            return self.compile_list(expr, group)
        return ""

    def compile_list(self, ref: ListReference, group: bool) -> str:
        inline = ref.get_inline_range()
        slot_list = self.grammar.lists.get(ref.list_name)
        if inline is not None:
            spec = SlotSpec(ref.slot_name, "range", ref.list_name, inline[0], inline[1])
        else:
            assert slot_list is not None
            spec = SlotSpec(ref.slot_name, slot_list.kind, ref.list_name,
                            slot_list.low, slot_list.high)
        if spec.kind == "values":
            assert slot_list is not None
            alternatives = sorted({self.compile(parse_template(v), False)
                                   for v, _ in slot_list.values}, key=len, reverse=True)
            body = "(?:" + "|".join(a for a in alternatives if a) + ")"
        elif spec.kind == "wildcard":
            self.wildcards += 1
            body = r"(?:\S+ )+?" if self.spaced else r".+?"
        else:
            kind = "number" if spec.kind == "range" else spec.kind
            body = typed_pattern(kind, self.grammar.lang, self.spaced, self.form == "pinyin")
        if not group:
            return body
        name = f"g{next(self.counter)}"
        self.groups[name] = (self.template_index, spec)
        return f"(?P<{name}>{body})"


def compile_grammar(grammar: Grammar, form: str = "text",
                    syllables: Callable[[str], list[str]] | None = None) -> CompiledGrammar:
    """Compile every intent of `grammar`; `form="pinyin"` needs a `syllables` function."""
    intents: list[CompiledIntent] = []
    for intent in grammar.intents:
        compiler = _Compiler(grammar, form, syllables)
        templates: list[CompiledTemplate] = []
        for template in grammar.templates:
            if template.intent != intent:
                continue
            compiler.template_index = len(templates)
            compiler.wildcards = compiler.literal = 0
            body = compiler.compile(parse_template(template.text))
            templates.append(CompiledTemplate(intent, body, template.slots, compiler.wildcards,
                                              compiler.literal, str(template.source.line)))
        order = sorted(range(len(templates)),
                       key=lambda i: (templates[i].wildcards, -templates[i].literal))
        pattern = "|".join(f"(?P<t{i}>){templates[i].pattern}" for i in order)
        intents.append(CompiledIntent(intent, f"^(?:{pattern})$", templates, compiler.groups))
    return CompiledGrammar(grammar.lang, form, intents, _lookups(grammar, form, syllables),
                           list(grammar.skip_words), list(grammar.filler), _vocabulary(grammar))


def _lookups(grammar: Grammar, form: str,
             syllables: Callable[[str], list[str]] | None) -> dict[str, dict[str, Any]]:
    lookups: dict[str, dict[str, Any]] = {}
    for name, slot_list in grammar.lists.items():
        table: dict[str, Any] = {}
        for value_in, value_out in slot_list.values:
            for text in _expand(grammar, parse_template(value_in), ""):
                key = match_key(normalize(text, grammar.lang).lower(), grammar.lang, form,
                                syllables)
                table.setdefault(key, value_out)
        lookups[name] = table
    return lookups


def match_key(text: str, lang: str, form: str,
              syllables: Callable[[str], list[str]] | None) -> str:
    """The text as a list lookup key: spaces squeezed out, or syllables for pinyin."""
    if form == "pinyin" and syllables is not None:
        return " ".join(syllables(text))
    return text.replace(" ", "") if lang in SPACELESS else text


def _vocabulary(grammar: Grammar) -> list[str]:
    if grammar.lang in SPACELESS:
        return []
    return sorted(grammar.words())
