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
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hassil.expression import (
    Expression,
    ListReference,
)

from voice.asr.g2p import Pronunciations, bare_word
from voice.asr.lm_slots import numbers_between, slot_values
from voice.asr.ngram import NgramModel

PER_TEMPLATE = 300  # random sentences per template
SKIP_OPTIONAL = 0.6  # chance that an optional part is left out
ORDER = 3
SEED = 0
_SOURCES = ("domain_lm.py", "lm_slots.py", "ngram.py", "g2p.py", "pinyin_phones.py")


@dataclass
class DomainLM:
    """A built model with what went into it."""

    arpa: str
    sentences: int  # sampled sentences
    kept: int  # sentences whose every word is in the dictionary
    unknown: Counter[str] = field(default_factory=Counter)  # left-out words, by sentence count
    seconds: float = 0.0
    pronunciations: dict[str, str] = field(default_factory=dict)  # made words -> phones


def _walk(grammar: object, expr: Expression, rng: random.Random) -> str:
    """One random sentence from a template expression, slots filled with spoken values."""
    from voice.expand import random_path

    return random_path(grammar, expr, rng,  # type: ignore[arg-type]
                       lambda ref: f" {_slot_value(grammar, ref, rng)} ",
                       skip_optional=SKIP_OPTIONAL, skip_empty=True)


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
                    seed: int = SEED,
                    make: Callable[[Iterable[str]], Pronunciations] | None = None) -> DomainLM:
    """The trigram model of the English grammar's sentences that `knows` can say.

    With `make`, the words `knows` lacks get pronunciations from it (one call for
    all of them); sentences keep those words. `make=None` leaves such sentences out.
    """
    from voice.grammar import load_grammar

    started = time.perf_counter()
    sentences = [s.split() for s in sample_sentences(load_grammar("en"), per_template, seed)]
    vocabulary = {w for words in sentences for w in words}
    missing = {w for w in vocabulary if not knows(w)}
    made = make(missing) if make and missing else Pronunciations()
    sayable = (vocabulary - missing) | {bare_word(w) for w in made.phones}
    model = NgramModel(ORDER)
    unknown: Counter[str] = Counter()
    kept = 0
    for words in sentences:
        left_out = set(words) - sayable
        if left_out:
            unknown.update(left_out)
            continue
        kept += 1
        model.add(words)
    if not kept:
        raise ValueError("no grammar sentence can be said with the dictionary")
    used = {w: made.phones[w] for w in sorted(made.phones)}
    return DomainLM(model.arpa(), len(sentences), kept, unknown, time.perf_counter() - started,
                    used)


def model_key(dictionary: str, per_template: int = PER_TEMPLATE, made: bool = False) -> str:
    """A hash of the grammar, the slot data, this code, the pronunciation dictionary and
    whether missing words get pronunciations (`made`, with espeak-ng installed)."""
    from voice.cache import grammar_key

    digest = hashlib.sha256(grammar_key("en").encode())
    digest.update(f"{dictionary}\0{per_template}\0{made}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    digest.update(resources.files("voice.skills").joinpath("data/pois.csv").read_bytes())
    return digest.hexdigest()[:20]


def domain_lm_file(knows: Callable[[str], bool], dictionary: str,
                   per_template: int = PER_TEMPLATE,
                   make: Callable[[Iterable[str]], Pronunciations] | None = None) -> Path:
    """The cached ARPA file of the domain model, built (about ten seconds) when missing.

    `dictionary` names the pronunciation dictionary `knows` looks words up in;
    a different dictionary (or sample size) gets a model of its own. The
    pronunciations `make` made are kept beside it (`lm_pronunciations`): add them
    to the decoder before the model, or their words are dropped from it.
    """
    from voice.cache import cache_dir

    folder = cache_dir()
    path = folder / f"sphinx-lm-{model_key(dictionary, per_template, make is not None)}.arpa"
    if path.exists():
        return path
    if sys.stderr.isatty():  # a person waiting; scripts get only errors on stderr
        print("voice: building the English command model for PocketSphinx "
              "(once, about 15 s; cached afterwards)", file=sys.stderr, flush=True)
    built = build_domain_lm(knows, per_template, make=make)
    words = "".join(f"{word} {phones}\n" for word, phones in built.pronunciations.items())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, text in ((_dict_path(path), words), (path, built.arpa)):
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        for stale in (*folder.glob("sphinx-lm-*.arpa"), *folder.glob("sphinx-lm-*.dict")):
            if stale not in (path, _dict_path(path)):
                stale.unlink(missing_ok=True)
    except OSError:  # no writable cache: keep the model in temporary files
        import tempfile

        handle, name = tempfile.mkstemp(prefix="sphinx-lm-", suffix=".arpa")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(built.arpa)
        path = Path(name)
        _dict_path(path).write_text(words, encoding="utf-8")
    return path


def _dict_path(arpa: Path) -> Path:
    return arpa.with_suffix(".dict")


def lm_pronunciations(arpa: Path) -> dict[str, str]:
    """The made pronunciations that go with a cached model: {"wechat": "W EH CH AE T"}."""
    try:
        lines = _dict_path(arpa).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    return dict(line.split(" ", 1) for line in lines if " " in line)
