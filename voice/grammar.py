"""Grammars as data: load `<lang>/<intent>.yaml` files in hassil's template syntax.

Grammar packages are found through the `voice.grammars` entry-point group (the
built-in one is `voice.grammars`); each package's resource folder holds one
folder per language with one YAML file per intent plus `_common.yaml` for
shared lists, expansion rules and filler words. Files of every package merge:
a plugin adds intents or sentences to existing ones.

A file looks like this::

    language: en
    intents:
      navigate:
        data:
          - sentences:
              - "<navigate> [to] {destination}"
            slots: {}                # fixed slot values, optional
    lists:
      destination: {wildcard: true}            # free text
      poi_category:
        values: [{in: "gas station", out: gas_station}]
      temperature: {range: {from: 16, to: 32}} # a number within bounds
      when: {type: datetime}                   # typed: number|amount|date|time|datetime
      place:                                   # free text ending in one of these words
        wildcard: true
        ends_with: [station, airport]
        without: [i, we]                       # words it never holds (also without ends_with)
      # ends_with and without entries are templates too: "terminal (1|2|3)"
    expansion_rules:
      navigate: "(navigate|drive|take me)"

Templates are parsed with hassil; a mistake raises `GrammarError` naming the
file, the line and the intent.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from voice.errors import GrammarError

ENTRY_POINT_GROUP = "voice.grammars"
BUILTIN_PACKAGE = "voice.grammars"
TYPED_KINDS = ("number", "amount", "date", "time", "datetime")
LIST_KINDS = ("values", "wildcard", "range", *TYPED_KINDS)
TOP_KEYS = {"language", "intents", "lists", "expansion_rules", "skip_words", "filler",
            "not_in_free_text"}


@dataclass(frozen=True)
class Source:
    """Where a piece of grammar was written: file, line and intent."""

    file: str
    line: int
    intent: str | None = None

    def error(self, message: str) -> GrammarError:
        """A GrammarError naming this place."""
        where = f"{self.file}:{self.line}"
        if self.intent:
            where += f": intent {self.intent}"
        return GrammarError(f"{where}: {message}")


@dataclass
class SlotList:
    """A `{list}`: enumerated values, free text, a number range or a typed value."""

    name: str
    kind: str
    values: list[tuple[str, Any]] = field(default_factory=list)  # (in template, out)
    low: float | None = None
    high: float | None = None
    source: Source | None = None
    ends_with: tuple[str, ...] = ()  # a wildcard that must end in one of these words
    without: tuple[str, ...] = ()  # words such a wildcard never holds


@dataclass
class Template:
    """One sentence template of one intent."""

    intent: str
    text: str
    slots: dict[str, Any]
    source: Source


@dataclass
class Grammar:
    """All templates, lists and rules of one language, merged from every package."""

    lang: str
    templates: list[Template] = field(default_factory=list)
    lists: dict[str, SlotList] = field(default_factory=dict)
    rules: dict[str, tuple[str, Source]] = field(default_factory=dict)
    skip_words: list[str] = field(default_factory=list)
    filler: list[str] = field(default_factory=list)
    not_in_free_text: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def intents(self) -> list[str]:
        """Intent names in the order their files were read."""
        return list(dict.fromkeys(t.intent for t in self.templates))

    def sentences(
        self, intent: str | None = None, wildcard: str = "[unk]", limit: int | None = None
    ) -> Iterator[tuple[str, str]]:
        """(intent, sentence) pairs the grammar accepts, lists expanded to their `in` values."""
        from voice.expand import expand_sentences

        yield from expand_sentences(self, intent, wildcard, limit)

    def words(self) -> set[str]:
        """Every literal word (English) or word and character (Chinese) the grammar uses."""
        from voice.expand import grammar_words

        return grammar_words(self)


class _LineLoader(yaml.SafeLoader):
    """A YAML loader whose strings remember the line they were written on."""


class LineStr(str):
    """A string with the 1-based line it came from."""

    line: int = 0


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    value = LineStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def grammar_roots(extra: Sequence[Path | Traversable] = ()) -> list[Traversable]:
    """Folders holding `<lang>/<intent>.yaml`: built-in, plugins', $VOICE_GRAMMAR_PATH, `extra`."""
    from importlib.metadata import entry_points

    packages = [BUILTIN_PACKAGE]
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.value not in packages:
            packages.append(entry.value)
    roots: list[Traversable] = []
    for package in packages:
        try:
            roots.append(resources.files(package))
        except (ModuleNotFoundError, TypeError) as exc:
            raise GrammarError(f"grammar package {package!r} cannot be loaded: {exc}") from exc
    env = os.environ.get("VOICE_GRAMMAR_PATH", "")
    roots.extend(Path(p) for p in env.split(os.pathsep) if p)
    roots.extend(Path(p) if isinstance(p, str) else p for p in extra)
    return roots


def grammar_files(lang: str, extra: Sequence[Path | Traversable] = ()) -> list[Traversable]:
    """The YAML files of one language, `_common.yaml` of each package first."""
    files: list[Traversable] = []
    for root in grammar_roots(extra):
        folder = root / lang
        if not folder.is_dir():
            continue
        found = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")),
                       key=lambda f: (not f.name.startswith("_"), f.name))
        files.extend(found)
    return files


def languages(extra: Sequence[Path | Traversable] = ()) -> list[str]:
    """Every language some grammar package has a folder for."""
    found: set[str] = set()
    for root in grammar_roots(extra):
        found.update(f.name for f in root.iterdir() if f.is_dir() and not f.name.startswith("_"))
    return sorted(found)


def load_grammar(lang: str, extra: Sequence[Path | Traversable] = ()) -> Grammar:
    """Read and check every grammar file of `lang`; raise GrammarError on any mistake."""
    files = grammar_files(lang, extra)
    if not files:
        raise GrammarError(f"no grammar for language {lang!r}")
    grammar = Grammar(lang=lang)
    digest = hashlib.sha256()
    for file in files:
        text = _read(file)
        digest.update(str(file).encode() + b"\0" + text.encode() + b"\0")
        _merge(grammar, file, text)
        grammar.files.append(str(file))
    grammar.fingerprint = digest.hexdigest()[:16]
    from voice.expand import check_grammar

    check_grammar(grammar)
    return grammar


def _read(file: Traversable) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GrammarError(f"{file}: cannot read grammar file: {exc}") from exc


def _merge(grammar: Grammar, file: Traversable, text: str) -> None:
    name = str(file)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise GrammarError(f"{name}:{line}: YAML syntax error: {exc}".splitlines()[0]) from exc
    if data is None:
        return
    top = Source(name, 1)
    if not isinstance(data, dict):
        raise top.error("a grammar file must be a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise top.error(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    if data.get("language", grammar.lang) != grammar.lang:
        raise top.error(f"language is {data['language']!r} but the folder is {grammar.lang!r}")
    stem = Path(name).stem
    for intent, body in (data.get("intents") or {}).items():
        where = Source(name, getattr(intent, "line", 1), str(intent))
        if stem.startswith("_") or intent != stem:
            raise where.error(f"unknown intent name {intent!r}: {Path(name).name} may only "
                              f"hold intent {stem!r}")
        _add_intent(grammar, str(intent), body, where)
    for list_name, body in (data.get("lists") or {}).items():
        where = Source(name, getattr(list_name, "line", 1))
        grammar.lists[str(list_name)] = _parse_list(str(list_name), body, where)
    for rule, body in (data.get("expansion_rules") or {}).items():
        where = Source(name, getattr(rule, "line", 1))
        if not isinstance(body, str):
            raise where.error(f"expansion rule <{rule}> must be a string")
        grammar.rules[str(rule)] = (str(body), where)
    grammar.skip_words.extend(str(w) for w in data.get("skip_words") or [])
    grammar.filler.extend(str(w) for w in data.get("filler") or [])
    grammar.not_in_free_text.extend(str(w) for w in data.get("not_in_free_text") or [])


def _add_intent(grammar: Grammar, intent: str, body: Any, where: Source) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise where.error("an intent needs a 'data' list")
    for block in body["data"]:
        if not isinstance(block, dict) or not isinstance(block.get("sentences"), list):
            raise where.error("each data block needs a 'sentences' list")
        slots = block.get("slots") or {}
        if not isinstance(slots, dict):
            raise where.error("'slots' must be a mapping")
        for sentence in block["sentences"]:
            line = getattr(sentence, "line", where.line)
            source = Source(where.file, line, intent)
            if not isinstance(sentence, str) or not sentence.strip():
                raise source.error("a sentence must be a non-empty string")
            grammar.templates.append(Template(intent, str(sentence), dict(slots), source))


def _parse_list(name: str, body: Any, where: Source) -> SlotList:
    if not isinstance(body, dict):
        raise where.error(f"list {{{name}}} must be a mapping")
    if "values" in body:
        values: list[tuple[str, Any]] = []
        for value in body["values"] or []:
            if isinstance(value, dict) and "in" in value:
                values.append((str(value["in"]), value.get("out", str(value["in"]))))
            elif isinstance(value, str | int | float):
                values.append((str(value), value))
            else:
                raise where.error(f"list {{{name}}}: a value needs 'in' (and 'out')")
        return SlotList(name, "values", values=values, source=where)
    if body.get("wildcard"):
        ends_with, without = _words(body, "ends_with", where), _words(body, "without", where)
        return SlotList(name, "wildcard", source=where, ends_with=ends_with, without=without)
    if "range" in body:
        bounds = body["range"] or {}
        try:
            low, high = float(bounds["from"]), float(bounds["to"])
        except (KeyError, TypeError, ValueError) as exc:
            raise where.error(f"list {{{name}}}: a range needs numeric 'from' and 'to'") from exc
        return SlotList(name, "range", low=low, high=high, source=where)
    if body.get("type") in TYPED_KINDS:
        return SlotList(name, str(body["type"]), source=where)
    raise where.error(f"list {{{name}}} needs 'values', 'wildcard', 'range' or a 'type' "
                      f"among {', '.join(TYPED_KINDS)}")


def _words(body: dict[str, Any], key: str, where: Source) -> tuple[str, ...]:
    """A list option that is a list of words or phrases (empty when absent)."""
    value = body.get(key) or []
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise where.error(f"{key!r} must be a list of words")
    return tuple(str(w).strip() for w in value)
