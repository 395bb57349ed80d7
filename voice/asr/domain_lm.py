"""A trigram language model of the English commands, for PocketSphinx.

The grammar's templates are walked at random many times each, free-text and
typed slots filled with real spoken values (`voice.asr.lm_slots`); sentences
with a word the pronunciation dictionary lacks are left out (and the words
reported). The model is built at first use and cached on disk under a key of
the grammar files, the slot data and this code, so later starts only load it.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    TextChunk,
)

from voice.asr.lm_slots import numbers_between, slot_values
from voice.asr.ngram import NgramModel

PER_TEMPLATE = 300  # random sentences per template
SKIP_OPTIONAL = 0.6  # chance that an optional part is left out
ORDER = 3
SEED = 0
_SOURCES = ("domain_lm.py", "lm_slots.py", "ngram.py")


@dataclass
class DomainLM:
    """A built model with what went into it."""

    arpa: str
    sentences: int  # sampled sentences
    kept: int  # sentences whose every word is in the dictionary
    unknown: Counter[str] = field(default_factory=Counter)  # left-out words, by sentence count
    seconds: float = 0.0


def _walk(grammar: object, expr: Expression, rng: random.Random) -> str:
    """One random sentence from a template expression, slots filled with spoken values."""
    from voice.expand import parse_template

    if isinstance(expr, TextChunk):
        return expr.text
    if isinstance(expr, Alternative):
        if expr.is_optional and rng.random() < SKIP_OPTIONAL:
            return ""
        choices = [item for item in expr.items if not _is_empty(item)] or expr.items
        return _walk(grammar, rng.choice(choices), rng)
    if isinstance(expr, Permutation):
        items = list(expr.items)
        rng.shuffle(items)
        return " ".join(_walk(grammar, item, rng) for item in items)
    if isinstance(expr, Group):
        return "".join(_walk(grammar, item, rng) for item in expr.items)
    if isinstance(expr, RuleReference):
        body = grammar.rules[expr.rule_name][0]  # type: ignore[attr-defined]
        return _walk(grammar, parse_template(body), rng)
    if isinstance(expr, ListReference):
        return f" {_slot_value(grammar, expr, rng)} "
    return ""


def _is_empty(expr: Expression) -> bool:
    return isinstance(expr, TextChunk) and not expr.text.strip()


def _slot_value(grammar: object, ref: ListReference, rng: random.Random) -> str:
    from voice.expand import parse_template

    inline = ref.get_inline_range()
    if inline is not None:
        return rng.choice(numbers_between(inline[0], inline[1]))
    slot_list = grammar.lists.get(ref.list_name)  # type: ignore[attr-defined]
    if slot_list is None:
        return ""
    if slot_list.kind == "values":
        value_in = rng.choice(slot_list.values)[0]
        return _walk(grammar, parse_template(value_in), rng)
    if slot_list.kind == "range":
        return rng.choice(numbers_between(slot_list.low, slot_list.high))
    values = slot_values()
    kind = ref.list_name if slot_list.kind == "wildcard" else slot_list.kind
    return rng.choice(values.get(kind) or values["destination"])


def sample_sentences(grammar: object, per_template: int = PER_TEMPLATE,
                     seed: int = SEED) -> Iterator[str]:
    """`per_template` random lower-case sentences of every template (repeats kept)."""
    from voice.expand import join_words, parse_template

    rng = random.Random(seed)
    for template in grammar.templates:  # type: ignore[attr-defined]
        tree = parse_template(template.text)
        for _ in range(per_template):
            text = join_words([_walk(grammar, tree, rng)], "en").lower()
            if text:
                yield text


def build_domain_lm(knows: Callable[[str], bool], per_template: int = PER_TEMPLATE,
                    seed: int = SEED) -> DomainLM:
    """The trigram model of the English grammar's sentences that `knows` can say."""
    from voice.grammar import load_grammar

    started = time.perf_counter()
    grammar = load_grammar("en")
    model = NgramModel(ORDER)
    unknown: Counter[str] = Counter()
    known: dict[str, bool] = {}
    total = kept = 0
    for sentence in sample_sentences(grammar, per_template, seed):
        total += 1
        words = sentence.split()
        missing = {w for w in words if not known.setdefault(w, knows(w))}
        if missing:
            unknown.update(missing)
            continue
        kept += 1
        model.add(words)
    if not kept:
        raise ValueError("no grammar sentence can be said with the dictionary")
    return DomainLM(model.arpa(), total, kept, unknown, time.perf_counter() - started)


def model_key(dictionary: str, per_template: int = PER_TEMPLATE) -> str:
    """A hash of the grammar, the slot data, this code and the pronunciation dictionary."""
    from voice.cache import grammar_key

    digest = hashlib.sha256(grammar_key("en").encode())
    digest.update(f"{dictionary}\0{per_template}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    digest.update(resources.files("voice.skills").joinpath("data/pois.csv").read_bytes())
    return digest.hexdigest()[:20]


def domain_lm_file(knows: Callable[[str], bool], dictionary: str,
                   per_template: int = PER_TEMPLATE) -> Path:
    """The cached ARPA file of the domain model, built (about ten seconds) when missing.

    `dictionary` names the pronunciation dictionary `knows` looks words up in;
    a different dictionary (or sample size) gets a model of its own.
    """
    from voice.cache import cache_dir

    folder = cache_dir()
    path = folder / f"sphinx-lm-{model_key(dictionary, per_template)}.arpa"
    if path.exists():
        return path
    built = build_domain_lm(knows, per_template)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(built.arpa, encoding="utf-8")
        tmp.replace(path)
        for stale in folder.glob("sphinx-lm-*.arpa"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:  # no writable cache: keep the model in a temporary file
        import tempfile

        handle, name = tempfile.mkstemp(prefix="sphinx-lm-", suffix=".arpa")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(built.arpa)
        path = Path(name)
    return path
