"""Replay fixtures: recorded audio with what the assistant should make of it.

A fixture is one utterance (or a dialogue of several) with its expectation:

```yaml
id: nav-airport             # optional: defaults to the audio file's stem
lang: en                    # en | zh (| any language a recognizer has)
audio: nav_airport.wav      # relative to the file that names it
transcript: navigate to the airport
intent: navigate            # null: the assistant must not find a command
slots: {destination: airport}
reply: Navigating to the airport   # optional, compared case- and space-insensitively
tags: [clean]
```

A dialogue replaces `audio`/`transcript`/`intent`/`slots`/`reply` with
`turns: [{audio: ..., intent: ..., ...}, ...]`, replayed in order on one
assistant. Fixtures come from a manifest (`.jsonl`, one fixture per line, or a
`.yaml`/`.json` list) or a folder: every `manifest*.jsonl|.yaml|.yml|.json` in
it and every sidecar `<stem>.yaml|.json` next to `<stem>.wav|.flac|.ogg`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from voice.errors import FixtureError

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")
MANIFEST_SUFFIXES = (".jsonl", ".yaml", ".yml", ".json")
TURN_KEYS = {"audio", "transcript", "intent", "slots", "reply", "reply_contains"}
FIXTURE_KEYS = TURN_KEYS | {"id", "lang", "turns", "tags", "now"}


@dataclass(frozen=True)
class ExpectedTurn:
    """One utterance of a fixture and what each stage should produce (None: not checked)."""

    audio: Path
    transcript: str | None = None
    intent: str | None = None
    check_intent: bool = False  # `intent: null` is an expectation too
    slots: dict[str, Any] | None = None
    reply: str | None = None
    reply_contains: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "audio": str(self.audio),
            "transcript": self.transcript,
            "intent": self.intent if self.check_intent else "(not checked)",
            "slots": self.slots,
            "reply": self.reply,
            "reply_contains": self.reply_contains,
        }


@dataclass(frozen=True)
class Fixture:
    """A single utterance or a dialogue, in one language."""

    id: str
    lang: str
    turns: tuple[ExpectedTurn, ...]
    tags: tuple[str, ...] = ()
    now: str | None = None  # reference time for relative dates, ISO 8601
    source: str = ""  # file:line it came from, for messages

    @property
    def is_dialogue(self) -> bool:
        return len(self.turns) > 1


def load_fixtures(path: Path) -> list[Fixture]:
    """Load every fixture under a folder or in a manifest; ids must be unique."""
    if not path.exists():
        raise FixtureError(f"no such fixture file or folder: {path}")
    if path.is_dir():
        fixtures = [f for source in _folder_sources(path) for f in _load_file(source)]
    else:
        fixtures = _load_file(path)
    if not fixtures:
        raise FixtureError(f"no fixtures found in {path}")
    seen: dict[str, str] = {}
    for fixture in fixtures:
        if fixture.id in seen:
            raise FixtureError(f"{fixture.source}: duplicate fixture id {fixture.id!r} "
                               f"(first at {seen[fixture.id]})")
        seen[fixture.id] = fixture.source
    return fixtures


def _folder_sources(folder: Path) -> Iterator[Path]:
    """Manifests and sidecars in a folder tree, in a stable order."""
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if hidden or not path.is_file():
            continue
        manifest = _is_manifest(path)
        sidecar = path.suffix in (".yaml", ".yml", ".json") and _has_audio_sibling(path)
        if manifest or sidecar:
            yield path


def _is_manifest(path: Path) -> bool:
    """In a folder, manifests are named manifest*.jsonl|.yaml|.yml|.json."""
    return path.name.startswith("manifest") and path.suffix in MANIFEST_SUFFIXES


def _has_audio_sibling(path: Path) -> bool:
    return any(path.with_suffix(suffix).exists() for suffix in AUDIO_SUFFIXES)


def _load_file(path: Path) -> list[Fixture]:
    text = _read_text(path)
    if path.suffix == ".jsonl":
        entries = list(_jsonl_entries(path, text))
    elif path.suffix == ".json":
        entries = _listed(path, _json_load(path, text), lambda i: f"{path} entry {i + 1}")
    elif path.suffix in (".yaml", ".yml"):
        entries = _yaml_entries(path, text)
    else:
        raise FixtureError(f"{path}: not a manifest (use .jsonl, .yaml or .json)")
    sidecar = not _is_manifest(path) and path.suffix != ".jsonl"
    return [_fixture(entry, where, path, sidecar) for entry, where in entries]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FixtureError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise FixtureError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _json_load(path: Path, text: str, where: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}{where}: bad JSON: {exc.msg} (column {exc.colno})") from exc


def _jsonl_entries(path: Path, text: str) -> Iterator[tuple[Any, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield _json_load(path, line, f":{number}"), f"{path}:{number}"


def _yaml_entries(path: Path, text: str) -> list[tuple[Any, str]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise FixtureError(f"{path}{line}: bad YAML: {getattr(exc, 'problem', exc)}") from exc
    if isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        return _listed(path, data, lambda i: f"{path}:{node.value[i].start_mark.line + 1}")
    return _listed(path, data, lambda i: str(path))


def _listed(path: Path, data: Any, where: Callable[[int], str]) -> list[tuple[Any, str]]:
    """A manifest holds a list of fixtures; a sidecar holds one."""
    items = data if isinstance(data, list) else [data]
    return [(item, where(i)) for i, item in enumerate(items)]


def _fixture(entry: Any, where: str, path: Path, sidecar: bool) -> Fixture:
    _check_keys(entry, FIXTURE_KEYS, where, "a fixture")
    lang = entry.get("lang")
    if not isinstance(lang, str) or not lang:
        raise FixtureError(f"{where}: missing 'lang' (en or zh)")
    if "turns" in entry:
        if TURN_KEYS & set(entry):
            raise FixtureError(f"{where}: give either 'turns' or one turn's keys, not both")
        raw_turns = entry["turns"]
        if not isinstance(raw_turns, list) or not raw_turns:
            raise FixtureError(f"{where}: 'turns' must be a non-empty list")
    else:
        raw_turns = [{k: v for k, v in entry.items() if k in TURN_KEYS}]
        if sidecar and "audio" not in entry:
            raw_turns[0]["audio"] = _sibling_audio(path).name
    turns = tuple(_turn(raw, f"{where} turn {i + 1}" if len(raw_turns) > 1 else where, path)
                  for i, raw in enumerate(raw_turns))
    fixture_id = entry.get("id") or turns[0].audio.stem
    tags = entry.get("tags") or []
    if not isinstance(tags, list):
        raise FixtureError(f"{where}: 'tags' must be a list")
    now = entry.get("now")
    return Fixture(str(fixture_id), lang, turns, tuple(str(t) for t in tags),
                   str(now) if now else None, where)


def _check_keys(raw: Any, allowed: set[str], where: str, what: str) -> None:
    """Raise a FixtureError unless `raw` is a mapping with only `allowed` keys."""
    if not isinstance(raw, dict):
        raise FixtureError(f"{where}: {what} must be a mapping, not {type(raw).__name__}")
    unknown = set(raw) - allowed
    if unknown:
        raise FixtureError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _sibling_audio(path: Path) -> Path:
    for suffix in AUDIO_SUFFIXES:
        if path.with_suffix(suffix).exists():
            return path.with_suffix(suffix)
    raise FixtureError(f"{path}: no audio file next to this sidecar")


def _turn(raw: Any, where: str, path: Path) -> ExpectedTurn:
    _check_keys(raw, TURN_KEYS, where, "a turn")
    audio = raw.get("audio")
    if not isinstance(audio, str) or not audio:
        raise FixtureError(f"{where}: missing 'audio'")
    audio_path = (path.parent / audio).resolve()
    if not audio_path.is_file():
        raise FixtureError(f"{where}: audio file not found: {audio_path}")
    slots = raw.get("slots")
    if slots is not None and not isinstance(slots, dict):
        raise FixtureError(f"{where}: 'slots' must be a mapping")
    intent = raw.get("intent")
    if intent is not None and not isinstance(intent, str):
        raise FixtureError(f"{where}: 'intent' must be a name or null")
    for key in ("transcript", "reply", "reply_contains"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise FixtureError(f"{where}: {key!r} must be text")
    return ExpectedTurn(audio_path, raw.get("transcript"), intent, "intent" in raw,
                        dict(slots) if slots is not None else None, raw.get("reply"),
                        raw.get("reply_contains"))

