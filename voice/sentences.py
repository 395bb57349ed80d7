"""Sentences with their slots, from the templates that hold no free text or typed slot."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
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

from voice.expand import join_words, parse_template
from voice.grammar import Grammar

PER_TEMPLATE = 100
Piece = tuple[str, tuple[tuple[str, Any], ...]]


class _HasFreeText(Exception):
    """The template has a wildcard or typed slot: it cannot be listed."""


def slot_free_sentences(grammar: Grammar) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(intent, sentence, slots) for every template without wildcard or typed slots."""
    for template in grammar.templates:
        tree = parse_template(template.text)
        try:
            pieces = list(itertools.islice(_pieces(grammar, tree), PER_TEMPLATE))
        except _HasFreeText:
            continue
        for text, slots in pieces:
            sentence = join_words([text], grammar.lang).lower()
            if sentence:
                yield template.intent, sentence, {**template.slots, **dict(slots)}


def _pieces(grammar: Grammar, expr: Expression) -> Iterator[Piece]:
    if isinstance(expr, TextChunk):
        yield expr.text, ()
    elif isinstance(expr, Permutation):
        for order in itertools.permutations(expr.items):
            yield from _sequence(grammar, list(order))
    elif isinstance(expr, Alternative):
        for item in expr.items:
            yield from _pieces(grammar, item)
    elif isinstance(expr, Group):
        yield from _sequence(grammar, expr.items)
    elif isinstance(expr, RuleReference):
        yield from _pieces(grammar, parse_template(grammar.rules[expr.rule_name][0]))
    elif isinstance(expr, ListReference):
        slot_list = grammar.lists.get(expr.list_name)
        if slot_list is None or slot_list.kind != "values":
            raise _HasFreeText
        for value_in, value_out in slot_list.values:
            for text, _ in _pieces(grammar, parse_template(value_in)):
                yield f" {text} ", ((expr.slot_name, value_out),)


def _sequence(grammar: Grammar, items: list[Expression]) -> Iterator[Piece]:
    if not items:
        yield "", ()
        return
    for head, head_slots in _pieces(grammar, items[0]):
        for tail, tail_slots in _sequence(grammar, items[1:]):
            yield head + tail, head_slots + tail_slots
