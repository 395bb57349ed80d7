"""The sentence sets are well-formed and speak the intent contract (voice.contract).

Three sets share the format of tests/grammars/README.md: the English and the
Chinese grammar test sets (one file per intent, plus out-of-domain) and the
held-out evaluation set (one file per language). These tests read the files;
they parse nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from voice.contract import DATE, INTENTS, TEXT, check_frame

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 24, 9, 0)
KINDS = {"clean", "paraphrase", "asr_error", "ood"}
IN_DOMAIN_KINDS = KINDS - {"ood"}
OUT_OF_DOMAIN = "_out_of_domain"
EDGE_FILLER = ("一下", "吧", "的歌", "请", "呢", "，", "。", " ")
CJK = re.compile(r"[\u3400-\u9fff]")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


@dataclass(frozen=True)
class SentenceSet:
    """A folder of YAML files in the test-set format."""

    name: str
    directory: Path
    per_intent: bool  # one file per intent (and one out-of-domain) rather than one per language

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.yaml"))

    def language(self, path: Path) -> str:
        return self.name if self.per_intent else path.stem


SETS = [
    SentenceSet("en", ROOT / "tests" / "grammars" / "en", per_intent=True),
    SentenceSet("zh", ROOT / "tests" / "grammars" / "zh", per_intent=True),
    SentenceSet("heldout", ROOT / "benchmarks" / "heldout", per_intent=False),
]


def language_parts() -> list[tuple[str, SentenceSet, list[Path]]]:
    """The files of each language: a whole grammar set, or one file of the held-out set."""
    parts = []
    for sentence_set in SETS:
        if sentence_set.per_intent:
            parts.append((sentence_set.name, sentence_set, sentence_set.files()))
        else:
            parts += [(f"{sentence_set.name}-{path.stem}", sentence_set, [path])
                      for path in sentence_set.files()]
    return parts


LANGUAGE_PARTS = language_parts()
FILES = [(sentence_set, path) for sentence_set in SETS for path in sentence_set.files()]


def file_id(item: tuple[SentenceSet, Path]) -> str:
    return f"{item[0].name}/{item[1].stem}"


@functools.cache
def load(path: Path) -> dict[str, Any]:
    """The YAML document of one file (read once per run)."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(document, dict), f"{path}: top level is not a mapping"
    return document


def entries(sentence_set: SentenceSet) -> list[tuple[Path, dict[str, Any]]]:
    """Every entry of every file of the set, with its file."""
    return [(path, entry) for path in sentence_set.files() for entry in load(path)["tests"]]


def squeeze(text: str) -> str:
    """Lower case with runs of whitespace collapsed: how sentences compare."""
    return " ".join(text.lower().split())


def spoken_in(value: str, sentence: str) -> bool:
    """Whether a text slot is words of the sentence (NFKC and without spaces for Chinese)."""
    if CJK.search(sentence):
        def flat(text: str) -> str:
            return "".join(unicodedata.normalize("NFKC", text).lower().split())
        return flat(value) in flat(sentence)
    return squeeze(value) in squeeze(sentence)


def convention_problems(intent: str, slots: dict[str, Any], sentences: list[str],
                        today: dt.date) -> list[str]:
    """What the README asks beyond the contract: dates from today, text as spoken, no filler."""
    problems = []
    for name, value in slots.items():
        kind = INTENTS[intent].slots.get(name)
        if kind == DATE and isinstance(value, str) and value < today.isoformat():
            problems.append(f"date {value} is before the reference day")
        if kind == TEXT and isinstance(value, str):
            if value.startswith(EDGE_FILLER) or value.endswith(EDGE_FILLER):
                problems.append(f"text slot {name}={value!r} is not trimmed of filler")
            problems += [f"text slot {name}={value!r} is not in {sentence!r}"
                         for sentence in sentences if not spoken_in(value, sentence)]
    return problems


def entry_problems(entry: Any, sentence_set: SentenceSet, path: Path,
                   today: dt.date) -> list[str]:
    """Everything wrong with one entry of a file's `tests` list."""
    if not isinstance(entry, dict) or set(entry) != {"sentences", "intent", "kind"}:
        return [f"{entry!r}: an entry needs exactly the keys sentences, intent, kind"]
    sentences, intent, kind = entry["sentences"], entry["intent"], entry["kind"]
    if not isinstance(sentences, list) or not sentences or not all(
            isinstance(sentence, str) and sentence and sentence == sentence.strip()
            for sentence in sentences):
        return [f"{sentences!r}: sentences is not a non-empty list of trimmed strings"]
    where = repr(sentences[0])
    if kind not in KINDS:
        return [f"{where}: kind {kind!r} not one of {sorted(KINDS)}"]
    if (intent is None) != (kind == "ood"):
        return [f"{where}: intent is null exactly for kind ood"]
    if sentence_set.per_intent and (intent is None) != (path.stem == OUT_OF_DOMAIN):
        return [f"{where}: intent is null exactly in {OUT_OF_DOMAIN}.yaml"]
    if intent is None:
        return []
    if not isinstance(intent, dict) or set(intent) != {"name", "slots"}:
        return [f"{where}: intent needs exactly the keys name, slots"]
    name, slots = intent["name"], intent["slots"]
    if sentence_set.per_intent and name != path.stem:
        return [f"{where}: intent {name!r} in file {path.name}"]
    if name not in INTENTS:
        return [f"{where}: unknown intent {name!r}"]
    if not isinstance(slots, dict):
        return [f"{where}: slots is not a mapping"]
    problems = check_frame(name, slots) + convention_problems(name, slots, sentences, today)
    return [f"{where}: {problem}" for problem in problems]


def spoken_date(sentence: str, now: dt.date) -> dt.date | None:
    """The date a Chinese booking sentence names, by the README rules (None when it names none)."""
    text = unicodedata.normalize("NFKC", sentence).replace(" ", "")
    if match := re.search(r"(\d{1,2})月(\d{1,2})[号日]", text):
        return dt.date(now.year, int(match[1]), int(match[2]))
    if match := re.search(r"下(?:周|星期|礼拜)([一二三四五六日天])", text):
        next_monday = now + dt.timedelta(days=7 - now.weekday())
        return next_monday + dt.timedelta(days=WEEKDAYS[match[1]])
    if match := re.search(r"(?:周|星期|礼拜)([一二三四五六日天])", text):
        ahead = (WEEKDAYS[match[1]] - now.weekday() - 1) % 7 + 1
        return now + dt.timedelta(days=ahead)
    for word, days in (("今天", 0), ("明天", 1), ("后天", 2)):
        if word in text:
            return now + dt.timedelta(days=days)
    return None


@pytest.mark.parametrize("sentence_set", SETS, ids=lambda s: s.name)
def test_set_has_the_expected_files(sentence_set: SentenceSet) -> None:
    stems = {path.stem for path in sentence_set.files()}
    expected = set(INTENTS) | {OUT_OF_DOMAIN} if sentence_set.per_intent else {"en", "zh"}
    assert stems == expected


@pytest.mark.parametrize(("sentence_set", "path"), FILES, ids=list(map(file_id, FILES)))
def test_file_header(sentence_set: SentenceSet, path: Path) -> None:
    document = load(path)
    assert set(document) == {"language", "now", "tests"}
    assert document["language"] == sentence_set.language(path)
    assert dt.datetime.fromisoformat(document["now"]) == NOW
    assert isinstance(document["tests"], list) and document["tests"], "tests is empty"


@pytest.mark.parametrize(("sentence_set", "path"), FILES, ids=list(map(file_id, FILES)))
def test_entries_follow_the_format_and_the_contract(sentence_set: SentenceSet,
                                                    path: Path) -> None:
    document = load(path)
    today = dt.datetime.fromisoformat(document["now"]).date()
    problems = [problem for entry in document["tests"]
                for problem in entry_problems(entry, sentence_set, path, today)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("sentence_set", "paths"),
                         [(sentence_set, paths) for _, sentence_set, paths in LANGUAGE_PARTS],
                         ids=[name for name, _, _ in LANGUAGE_PARTS])
def test_every_intent_and_kind_is_there(sentence_set: SentenceSet, paths: list[Path]) -> None:
    kinds: dict[str | None, Counter[str]] = {}
    for path in paths:
        for entry in load(path)["tests"]:
            name = entry["intent"]["name"] if entry["intent"] else None
            kinds.setdefault(name, Counter())[entry["kind"]] += len(entry["sentences"])
    assert set(kinds) == set(INTENTS) | {None}
    assert set().union(*kinds.values()) == KINDS
    if sentence_set.per_intent:  # the held-out set is small: not every intent has every kind
        lacking = {name: sorted(IN_DOMAIN_KINDS - found.keys())
                   for name, found in kinds.items() if name and found.keys() != IN_DOMAIN_KINDS}
        assert not lacking, lacking
        assert [name for name, found in kinds.items() if sum(found.values()) < 15] == []
        assert sum(kinds[None].values()) >= 100


@pytest.mark.parametrize("sentence_set", SETS, ids=lambda s: s.name)
def test_no_sentence_appears_twice(sentence_set: SentenceSet) -> None:
    seen: dict[str, str] = {}
    repeated = []
    for path, entry in entries(sentence_set):
        for sentence in entry["sentences"]:
            key = squeeze(sentence)
            if key in seen:
                repeated.append(f"{sentence!r} in {path.name} and {seen[key]}")
            seen.setdefault(key, path.name)
    assert not repeated, "\n".join(repeated)


@pytest.mark.parametrize("sentence_set", [s for s in SETS if s.per_intent], ids=lambda s: s.name)
def test_every_enum_value_is_used(sentence_set: SentenceSet) -> None:
    """The grammar sets use every enum value (the held-out set is too small to)."""
    seen = {(entry["intent"]["name"], slot, value) for _, entry in entries(sentence_set)
            if entry["intent"] for slot, value in entry["intent"]["slots"].items()}
    missing = [(intent, slot, value)
               for intent, spec in INTENTS.items()
               for slot, kind in spec.slots.items() if isinstance(kind, frozenset)
               for value in sorted(kind) if (intent, slot, value) not in seen]
    assert missing == []


@pytest.mark.parametrize("path", [
    ROOT / "tests" / "grammars" / "zh" / "book_service.yaml",
    ROOT / "benchmarks" / "heldout" / "zh.yaml",
], ids=["zh", "heldout-zh"])
def test_chinese_booking_dates_match_the_words_spoken(path: Path) -> None:
    document = load(path)
    now = dt.datetime.fromisoformat(document["now"]).date()
    wrong = []
    for entry in document["tests"]:
        if entry["intent"] and entry["intent"]["name"] == "book_service":
            got = entry["intent"]["slots"].get("date")
            for sentence in entry["sentences"]:
                expected = spoken_date(sentence, now)
                if got != (expected.isoformat() if expected else None):
                    wrong.append(f"{sentence!r}: date {got}, the words say {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("sentence", "date"), [
    ("预约周一上午十点保养", "2026-11-30"),
    ("预约下周一上午十点保养", "2026-11-30"),
    ("预约周二上午十点保养", "2026-12-01"),
    ("预约下周五上午十点保养", "2026-12-04"),
    ("预约礼拜天上午十点保养", "2026-11-29"),
    ("预约１２月３号保养", "2026-12-03"),
])
def test_date_check_follows_the_readme_examples(sentence: str, date: str) -> None:
    assert spoken_date(sentence, dt.date(2026, 11, 24)) == dt.date.fromisoformat(date)
