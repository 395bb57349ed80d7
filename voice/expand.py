"""Template trees: parse with hassil, check references, expand to sentences and words."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    TextChunk,
)
from hassil.parse_expression import parse_sentence

from voice.errors import GrammarError
from voice.text import normalize, segment

if TYPE_CHECKING:
    from voice.grammar import Grammar, Source

MAX_RULE_DEPTH = 20
_PLACEHOLDER = "wildcardplaceholder"

# A few spoken forms per typed slot, for sentence lists (speech recognition, samples).
TYPED_SAMPLES: dict[str, dict[str, list[str]]] = {
    "en": {
        "number": ["two", "five", "twenty two"],
        "amount": ["thirty yuan", "fifty dollars"],
        "date": ["tomorrow", "next monday"],
        "time": ["ten am", "three pm"],
        "datetime": ["tomorrow at ten am", "next monday afternoon at three"],
    },
    "zh": {
        "number": ["两", "五", "二十二"],
        "amount": ["三十元", "五十块"],
        "date": ["明天", "下周一"],
        "time": ["上午十点", "下午三点"],
        "datetime": ["明天上午十点", "下周一下午三点"],
    },
}
_GENERIC_SAMPLES = {"number": ["5"], "amount": ["30"], "date": ["2026-11-30"],
                    "time": ["10:00"], "datetime": ["2026-11-30 10:00"]}


@lru_cache(maxsize=4096)
def parse_template(text: str) -> Expression:
    """The hassil expression tree of a template (raises hassil's errors)."""
    return parse_sentence(text).expression


def template_tree(text: str, source: Source) -> Expression:
    """Like parse_template, but a mistake becomes a GrammarError naming the source."""
    try:
        return parse_template(text)
    except Exception as exc:  # hassil raises several error types for bad syntax
        raise source.error(f"bad template {text!r}: {exc}") from exc


def check_grammar(grammar: Grammar) -> None:
    """Parse every template and list value; every {list} and <rule> must exist."""
    for slot_list in grammar.lists.values():
        for value_in in [v for v, _ in slot_list.values] + [*slot_list.ends_with,
                                                              *slot_list.without]:
            assert slot_list.source is not None
            tree = template_tree(value_in, slot_list.source)
            _check_refs(grammar, tree, slot_list.source, 0)
    for name, (body, source) in grammar.rules.items():
        _check_refs(grammar, template_tree(body, source), source, 0, {name})
    for template in grammar.templates:
        _check_refs(grammar, template_tree(template.text, template.source), template.source, 0)


def _check_refs(grammar: Grammar, expr: Expression, source: Source, depth: int,
                seen: set[str] | None = None) -> None:
    if isinstance(expr, ListReference):
        if expr.list_name not in grammar.lists and not expr.is_inline_range:
            raise source.error(f"unknown list {{{expr.list_name}}}")
    elif isinstance(expr, RuleReference):
        if expr.rule_name not in grammar.rules:
            raise source.error(f"unknown expansion rule <{expr.rule_name}>")
        if seen and expr.rule_name in seen or depth > MAX_RULE_DEPTH:
            raise source.error(f"expansion rule <{expr.rule_name}> refers to itself")
        body, _ = grammar.rules[expr.rule_name]
        _check_refs(grammar, parse_template(body), source, depth + 1,
                    (seen or set()) | {expr.rule_name})
    elif isinstance(expr, Group):
        for item in expr.items:
            _check_refs(grammar, item, source, depth, seen)


def join_words(parts: list[str], lang: str) -> str:
    """Glue expanded pieces into one sentence in the language's canonical form."""
    return normalize(" ".join(p for p in parts if p.strip()), lang)


def _expand(grammar: Grammar, expr: Expression, wildcard: str) -> Iterator[str]:
    """Every text an expression can produce, with typed slots as a few spoken forms."""
    if isinstance(expr, TextChunk):
        yield expr.text
    elif isinstance(expr, Permutation):
        for order in itertools.permutations(expr.items):
            yield from _expand_sequence(grammar, list(order), wildcard)
    elif isinstance(expr, Alternative):
        for item in expr.items:
            yield from _expand(grammar, item, wildcard)
    elif isinstance(expr, Group):
        yield from _expand_sequence(grammar, expr.items, wildcard)
    elif isinstance(expr, RuleReference):
        yield from _expand(grammar, parse_template(grammar.rules[expr.rule_name][0]), wildcard)
    elif isinstance(expr, ListReference):
        yield from _expand_list(grammar, expr, wildcard)


def _expand_sequence(grammar: Grammar, items: list[Expression], wildcard: str) -> Iterator[str]:
    if not items:
        yield ""
        return
    for head in _expand(grammar, items[0], wildcard):
        for tail in _expand_sequence(grammar, items[1:], wildcard):
            yield head + tail


def _expand_list(grammar: Grammar, ref: ListReference, wildcard: str) -> Iterator[str]:
    inline = ref.get_inline_range()
    slot_list = grammar.lists.get(ref.list_name)
    if inline is not None or (slot_list is not None and slot_list.kind == "range"):
        kind = "number"
    else:
        assert slot_list is not None
        kind = slot_list.kind
    if kind == "values":
        assert slot_list is not None
        for value_in, _ in slot_list.values:
            yield from (f" {t} " for t in _expand(grammar, parse_template(value_in), wildcard))
    elif kind == "wildcard":
        endings = slot_list.ends_with if slot_list is not None else ()
        yield from ((f" {wildcard} {end} " for end in endings) if endings else [f" {wildcard} "])
    else:
        samples = TYPED_SAMPLES.get(grammar.lang, _GENERIC_SAMPLES)
        yield from (f" {s} " for s in samples[kind])


def expand_sentences(grammar: Grammar, intent: str | None, wildcard: str,
                     limit: int | None) -> Iterator[tuple[str, str]]:
    """(intent, sentence) for every template of `intent` (or all), at most `limit`.

    Templates take turns, so that a limited list still covers every template.
    """
    streams = [_template_sentences(grammar, t.intent, t.text, wildcard)
               for t in grammar.templates if intent is None or t.intent == intent]
    seen: set[tuple[str, str]] = set()
    while streams:
        alive = []
        for stream in streams:
            item = next(stream, None)
            if item is None:
                continue
            alive.append(stream)
            if item in seen:
                continue
            seen.add(item)
            yield item
            if limit is not None and len(seen) >= limit:
                return
        streams = alive


def _template_sentences(grammar: Grammar, intent: str, text: str,
                        wildcard: str) -> Iterator[tuple[str, str]]:
    for expanded in _expand(grammar, parse_template(text), _PLACEHOLDER):
        sentence = join_words([expanded], grammar.lang).replace(_PLACEHOLDER, f" {wildcard} ")
        yield intent, " ".join(sentence.split())


def sample_sentences(grammar: Grammar, intent: str, count: int, seed: int = 0) -> list[str]:
    """Up to `count` different random sentences of `intent` the grammar accepts."""
    templates = [t for t in grammar.templates if t.intent == intent]
    if not templates:
        raise GrammarError(f"no intent {intent!r} in the {grammar.lang} grammar "
                           f"(known: {', '.join(grammar.intents)})")
    rng = random.Random(seed)
    found: list[str] = []
    for _ in range(count * 20):
        template = rng.choice(templates)
        text = join_words([_walk(grammar, parse_template(template.text), rng)], grammar.lang)
        if text not in found:
            found.append(text)
            if len(found) >= count:
                break
    return found


def random_path(grammar: Grammar, expr: Expression, rng: random.Random,
                list_text: Callable[[ListReference], str], skip_optional: float = 0.0,
                skip_empty: bool = False) -> str:
    """One random path through an expression; `list_text` says a slot list reference.

    An optional part is left out with probability `skip_optional`; with `skip_empty`,
    a part that is said picks among its non-empty alternatives.
    """
    def walk(part: Expression) -> str:
        if isinstance(part, TextChunk):
            return part.text
        if isinstance(part, Permutation):
            items = list(part.items)
            rng.shuffle(items)
            return " ".join(walk(item) for item in items)
        if isinstance(part, Alternative):
            if part.is_optional and skip_optional and rng.random() < skip_optional:
                return ""
            items = part.items
            if skip_empty:
                items = [i for i in items
                         if not (isinstance(i, TextChunk) and not i.text.strip())] or items
            return walk(rng.choice(items))
        if isinstance(part, Group):
            return "".join(walk(item) for item in part.items)
        if isinstance(part, RuleReference):
            return walk(parse_template(grammar.rules[part.rule_name][0]))
        if isinstance(part, ListReference):
            return list_text(part)
        return ""

    return walk(expr)


def _walk(grammar: Grammar, expr: Expression, rng: random.Random) -> str:
    """One random path through an expression, free text as a sample place."""
    def list_text(ref: ListReference) -> str:
        slot_list = grammar.lists.get(ref.list_name)
        if slot_list is not None and slot_list.kind == "values":
            return " " + _walk(grammar, parse_template(rng.choice(slot_list.values)[0]), rng) + " "
        if slot_list is not None and slot_list.kind == "wildcard":
            return " " + ("北京西站" if grammar.lang == "zh" else "beijing west station") + " "
        return rng.choice(list(_expand_list(grammar, ref, "")))

    return random_path(grammar, expr, rng, list_text)


def literals(grammar: Grammar, expr: Expression) -> Iterator[str]:
    """Every literal text chunk reachable from an expression (lists' values included)."""
    if isinstance(expr, TextChunk):
        yield expr.text
    elif isinstance(expr, Group):
        for item in expr.items:
            yield from literals(grammar, item)
    elif isinstance(expr, RuleReference):
        yield from literals(grammar, parse_template(grammar.rules[expr.rule_name][0]))
    elif isinstance(expr, ListReference):
        slot_list = grammar.lists.get(expr.list_name)
        if slot_list is not None:
            for value_in, _ in slot_list.values:
                yield from literals(grammar, parse_template(value_in))
            for words in slot_list.ends_with:
                yield from literals(grammar, parse_template(words))
            if slot_list.kind in TYPED_SAMPLES.get(grammar.lang, {}):
                yield from TYPED_SAMPLES[grammar.lang][slot_list.kind]


def grammar_words(grammar: Grammar) -> set[str]:
    """Literal words of every template, list value and typed sample of the grammar."""
    chunks: set[str] = set()
    for template in grammar.templates:
        chunks.update(literals(grammar, parse_template(template.text)))
    words: set[str] = set()
    if grammar.lang == "zh":
        values = {normalize(v, "zh") for v in chunks}
        for chunk in values:
            words.update(w for w in segment(chunk, values) if w.strip())
    else:
        for chunk in chunks:
            words.update(normalize(chunk, grammar.lang).lower().split())
    return words
