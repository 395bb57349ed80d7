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

from voice.compiled import (
    SPACELESS,
    UNBOUNDED,
    CompiledGrammar,
    CompiledIntent,
    CompiledTemplate,
    SlotSpec,
    match_key,
)
from voice.expand import _expand, parse_template
from voice.grammar import Grammar, SlotList
from voice.slots import typed_pattern
from voice.text import normalize


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
        self.literal += len(text.replace(" ", ""))
        if self.form == "pinyin":
            assert self.syllables is not None
            return "".join(re.escape(s) + " " for s in self.syllables(text))
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
            parts = sorted((self.compile(item) for item in expr.items), key=len, reverse=True)
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

    def units(self, text: str) -> frozenset[str]:
        """The tokens a literal text needs in the input: words, characters or syllables."""
        text = normalize(text, self.grammar.lang).lower()
        if self.form == "pinyin":
            assert self.syllables is not None
            return frozenset(self.syllables(text))
        return frozenset(text.split() if self.spaced else text.replace(" ", ""))

    def required(self, expr: Expression) -> frozenset[frozenset[str]]:
        """Clauses every sentence of `expr` satisfies: one token of each clause is present.

        A cheap filter run before a template's regex.
        """
        if isinstance(expr, TextChunk):
            return frozenset(frozenset([unit]) for unit in self.units(expr.text))
        if isinstance(expr, Alternative):
            return self._any_of([self.required(item) for item in expr.items], expr.is_optional)
        if isinstance(expr, Group):
            found: frozenset[frozenset[str]] = frozenset()
            for item in expr.items:
                found |= self.required(item)
            return found
        if isinstance(expr, RuleReference):
            return self.required(parse_template(self.grammar.rules[expr.rule_name][0]))
        if isinstance(expr, ListReference):
            slot_list = self.grammar.lists.get(expr.list_name)
            if slot_list is not None and slot_list.ends_with:
                return self._any_of([self.required(parse_template(w))
                                     for w in slot_list.ends_with], False)
            if slot_list is None or slot_list.kind != "values" or not slot_list.values:
                return frozenset()
            return self._any_of([self.required(parse_template(v)) for v, _ in slot_list.values],
                                False)
        return frozenset()

    def length(self, expr: Expression) -> tuple[int, int]:
        """The fewest and most units (see `units`) a sentence of `expr` has."""
        if isinstance(expr, TextChunk):
            text = normalize(expr.text, self.grammar.lang).lower()
            if self.form == "pinyin":
                assert self.syllables is not None
                size = len(self.syllables(text)) if text else 0
            else:
                size = len(text.split()) if self.spaced else len(text)
            return size, size
        if isinstance(expr, Alternative):
            spans = [self.length(item) for item in expr.items]
            low = 0 if expr.is_optional else min(s[0] for s in spans)
            return low, max(s[1] for s in spans)
        if isinstance(expr, Group):  # a Permutation too: its items all appear
            spans = [self.length(item) for item in expr.items]
            return sum(s[0] for s in spans), sum(s[1] for s in spans)
        if isinstance(expr, RuleReference):
            return self.length(parse_template(self.grammar.rules[expr.rule_name][0]))
        if isinstance(expr, ListReference):
            slot_list = self.grammar.lists.get(expr.list_name)
            if slot_list is not None and slot_list.kind == "values" and slot_list.values:
                spans = [self.length(parse_template(v)) for v, _ in slot_list.values]
                return min(s[0] for s in spans), max(s[1] for s in spans)
            return 1, UNBOUNDED
        return 0, 0

    @staticmethod
    def _any_of(options: list[frozenset[frozenset[str]]],
                optional: bool) -> frozenset[frozenset[str]]:
        """One of several alternatives: a clause made of one clause of each alternative."""
        if optional or not options or any(not o for o in options):
            return frozenset()
        merged: set[str] = set()
        for option in options:
            merged |= min(option, key=len)
        return frozenset([frozenset(merged)])

    def bounded_wildcard(self, slot_list: SlotList) -> str:
        """Free text holding none of the list's `without` words and, when the list has
        `ends_with` words, ending in one ("beijing west station", "首都机场t3航站楼").

        The words are not counted as literal text.
        """
        literal = self.literal

        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(sorted({self.compile(parse_template(w), False) for w in words},
                                   key=len, reverse=True))

        ends, banned = alternatives(slot_list.ends_with), alternatives(slot_list.without)
        self.literal = literal
        unit = r"\S+ " if self.spaced else "."
        if banned:
            unit = f"(?!(?:{banned})){unit}"
        return f"(?:{unit})*?(?:{ends})" if ends else f"(?:{unit})+?"

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
            if slot_list is not None and (slot_list.ends_with or slot_list.without):
                body = self.bounded_wildcard(slot_list)
            else:
                body = r"(?:\S+ )+?" if self.spaced else r".+?"
        else:
            kind = "number" if spec.kind == "range" else spec.kind
            body = typed_pattern(kind, self.grammar.lang, self.spaced,
                                 self.syllables if self.form == "pinyin" else None)
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
            tree = parse_template(template.text)
            body = compiler.compile(tree)
            shortest, longest = compiler.length(tree)
            templates.append(CompiledTemplate(intent, f"^{body}$", template.slots,
                                              compiler.wildcards, compiler.literal,
                                              str(template.source.line),
                                              tuple(sorted(compiler.required(tree), key=len)),
                                              shortest, min(longest, UNBOUNDED)))
        order = sorted(range(len(templates)),
                       key=lambda i: (templates[i].wildcards, -templates[i].literal))
        intents.append(CompiledIntent(intent, order, templates, compiler.groups))
    return CompiledGrammar(grammar.lang, form, intents, _lookups(grammar, form, syllables),
                           list(grammar.skip_words), list(grammar.filler),
                           list(grammar.not_in_free_text), _vocabulary(grammar))


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


def _vocabulary(grammar: Grammar) -> list[str]:
    if grammar.lang in SPACELESS:
        return []
    return sorted(grammar.words())
