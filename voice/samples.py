"""Random sample sentences of a template for the intent classifier (voice.classifier).

Free text is written as the word "zzfreezz" and numbers as "zznumzz" (placeholders
that survive normalization); list values, dates and times as a speaker says them.
"""

from __future__ import annotations

import random

from hassil.expression import (
    Expression,
    ListReference,
)

from voice.expand import TYPED_SAMPLES, parse_template, random_path
from voice.grammar import Grammar


def walk(grammar: Grammar, expr: Expression, rng: random.Random) -> str:
    """One random sentence of an expression: free text as FREE, typed slots spoken."""
    return random_path(grammar, expr, rng, lambda ref: f" {_walk_list(grammar, ref, rng)} ",
                       skip_optional=0.5)


def _walk_list(grammar: Grammar, ref: ListReference, rng: random.Random) -> str:
    slot_list = grammar.lists.get(ref.list_name)
    if ref.get_inline_range() is not None or slot_list is None or slot_list.kind == "range":
        return "zznumzz"
    if slot_list.kind == "values":
        return walk(grammar, parse_template(rng.choice(slot_list.values)[0]), rng)
    if slot_list.kind == "wildcard":
        if slot_list.ends_with:
            return "zzfreezz " + walk(grammar, parse_template(rng.choice(slot_list.ends_with)),
                                      rng)
        return "zzfreezz"
    samples = TYPED_SAMPLES.get(grammar.lang, TYPED_SAMPLES["en"])
    return rng.choice(samples[slot_list.kind])
