"""The held-out evaluation sets in benchmarks/heldout/ are well-formed and speak INTENTS.md.

Checks keys, intent and slot names, enum values, number/date/time forms, the defaults
the README names (window position, currency with an amount, volume level with `set`),
that text slots are words of their sentence, and that every built-in intent is covered.
It does not parse anything.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

HELDOUT_DIR = Path(__file__).resolve().parent.parent / "benchmarks" / "heldout"
HELDOUT_FILES = sorted(HELDOUT_DIR.glob("*.yaml"))
KINDS = {"clean", "paraphrase", "asr_error", "ood"}

TEXT, NUMBER, LEVEL, DATE, TIME = "text", "number", "level", "date", "time"
ZONES = frozenset({"driver", "passenger", "rear", "all"})

# Slot name -> TEXT / NUMBER / LEVEL / DATE / TIME, or the frozenset of its enum values.
SLOTS: dict[str, dict[str, Any]] = {
    "navigate": {
        "destination": TEXT,
        "poi_category": frozenset({
            "gas_station", "charging_station", "parking", "restaurant", "hotel",
            "hospital", "car_wash", "service_center", "toilet",
        }),
        "saved_place": frozenset({"home", "work"}),
        "route_preference": frozenset({"fastest", "shortest", "avoid_tolls", "avoid_highways"}),
    },
    "cancel_navigation": {},
    "book_service": {
        "service_type": frozenset({
            "maintenance", "oil_change", "tire_change", "inspection", "repair",
            "car_wash", "battery_check",
        }),
        "date": DATE,
        "time": TIME,
        "dealer": TEXT,
    },
    "pay": {
        "purpose": frozenset({"parking", "fuel", "charging", "toll", "service", "car_wash"}),
        "amount": NUMBER,
        "currency": frozenset({"CNY", "USD"}),
        "payee": TEXT,
        "method": frozenset({"alipay", "wechat_pay", "card"}),
    },
    "set_temperature": {"temperature": NUMBER, "zone": ZONES},
    "adjust_temperature": {
        "direction": frozenset({"up", "down"}), "delta": NUMBER, "zone": ZONES,
    },
    "climate_control": {
        "action": frozenset({"on", "off"}),
        "device": frozenset({
            "ac", "heater", "defrost_front", "defrost_rear", "seat_heater", "fan",
        }),
    },
    "window": {
        "action": frozenset({"open", "close"}),
        "position": frozenset({
            "driver", "passenger", "rear_left", "rear_right", "all", "sunroof",
        }),
    },
    "play_music": {"query": TEXT},
    "media_control": {"action": frozenset({"pause", "resume", "next", "previous"})},
    "set_volume": {
        "action": frozenset({"up", "down", "set", "mute", "unmute"}), "level": LEVEL,
    },
    "call": {"contact": TEXT},
    "confirm": {},
    "deny": {},
    "cancel": {},
    "help": {},
}

# Slots every expected parse of the intent carries (defaults included).
REQUIRED: dict[str, set[str]] = {
    "book_service": {"service_type"},
    "pay": {"purpose"},
    "set_temperature": {"temperature"},
    "adjust_temperature": {"direction"},
    "climate_control": {"action", "device"},
    "window": {"action", "position"},
    "media_control": {"action"},
    "set_volume": {"action"},
    "call": {"contact"},
}
NAVIGATION_TARGETS = {"destination", "poi_category", "saved_place"}
DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME_FORM = re.compile(r"\d{2}:\d{2}")
CJK = re.compile(r"[\u3400-\u9fff]")


def load(path: Path) -> dict[str, Any]:
    """The YAML document of one held-out file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name}: top level is not a mapping"
    return document


def squeeze(text: str) -> str:
    """How text slots compare: NFKC, lower case, spaces collapsed (none around Chinese)."""
    text = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return text.replace(" ", "") if CJK.search(text) else text


def spoken_in(value: str, sentence: str) -> bool:
    """Whether a text slot is words of the sentence (ignoring spaces in Chinese sentences)."""
    if CJK.search(sentence):
        return squeeze(value).replace(" ", "") in squeeze(sentence).replace(" ", "")
    return squeeze(value) in squeeze(sentence)


def value_problem(kind: Any, value: Any, today: dt.date) -> str | None:
    """Why `value` is not a valid value of a slot of `kind`, or None when it is."""
    if isinstance(kind, frozenset):
        return None if isinstance(value, str) and value in kind else f"not one of {sorted(kind)}"
    if kind in (NUMBER, LEVEL):
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return "not a non-negative number"
        if kind == LEVEL and not (isinstance(value, int) and value <= 10):
            return "not a whole number 0-10"
        return None
    if not isinstance(value, str) or not value or value != value.strip():
        return "not a trimmed, quoted string"
    if kind == DATE:
        if not DATE_FORM.fullmatch(value):
            return "not YYYY-MM-DD"
        try:
            return None if dt.date.fromisoformat(value) >= today else "before the reference day"
        except ValueError:
            return "not a calendar date"
    if kind == TIME:
        if not TIME_FORM.fullmatch(value):
            return "not HH:MM"
        hours, minutes = (int(part) for part in value.split(":"))
        return None if hours < 24 and minutes < 60 else "not a time of day"
    return None


def slot_problems(intent: str, slots: dict[str, Any], sentences: list[str],
                  today: dt.date) -> list[str]:
    """Everything wrong with the expected slot dict of one entry."""
    allowed = SLOTS[intent]
    problems = [f"unknown slot {name!r}" for name in slots if name not in allowed]
    problems += [f"missing slot {name!r}" for name in REQUIRED.get(intent, set()) - set(slots)]
    for name, value in slots.items():
        if name not in allowed:
            continue
        problem = value_problem(allowed[name], value, today)
        if problem:
            problems.append(f"slot {name}={value!r}: {problem}")
        elif allowed[name] == TEXT:
            problems += [f"text slot {name}={value!r} is not in {sentence!r}"
                         for sentence in sentences if not spoken_in(value, sentence)]
    if intent == "navigate" and len(NAVIGATION_TARGETS & set(slots)) != 1:
        problems.append(f"navigate needs exactly one of {sorted(NAVIGATION_TARGETS)}")
    if intent == "pay" and ("amount" in slots) != ("currency" in slots):
        problems.append("pay gives a currency exactly when it gives an amount")
    if intent == "set_volume" and ("level" in slots) != (slots.get("action") == "set"):
        problems.append("set_volume gives a level exactly when the action is set")
    return problems


def entry_problems(test: Any, today: dt.date) -> list[str]:
    """Everything wrong with one entry of a file's `tests` list."""
    if not isinstance(test, dict) or set(test) != {"sentences", "intent", "kind"}:
        return [f"{test!r}: an entry needs exactly the keys sentences, intent, kind"]
    sentences, intent, kind = test["sentences"], test["intent"], test["kind"]
    if not isinstance(sentences, list) or not sentences or not all(
            isinstance(sentence, str) and sentence and sentence == sentence.strip()
            for sentence in sentences):
        return [f"{sentences!r}: sentences is not a list of trimmed strings"]
    where = repr(sentences[0])
    if kind not in KINDS:
        return [f"{where}: kind {kind!r} not one of {sorted(KINDS)}"]
    if (intent is None) != (kind == "ood"):
        return [f"{where}: intent is null exactly for kind ood"]
    if intent is None:
        return []
    if not isinstance(intent, dict) or set(intent) != {"name", "slots"}:
        return [f"{where}: intent needs exactly the keys name, slots"]
    if intent["name"] not in SLOTS:
        return [f"{where}: unknown intent {intent['name']!r}"]
    if not isinstance(intent["slots"], dict):
        return [f"{where}: slots is not a mapping"]
    return [f"{where}: {problem}" for problem in
            slot_problems(intent["name"], intent["slots"], sentences, today)]


def test_there_is_an_english_and_a_chinese_set() -> None:
    assert {path.stem for path in HELDOUT_FILES} == {"en", "zh"}


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda path: path.stem)
def test_file_is_well_formed(path: Path) -> None:
    document = load(path)
    assert document.get("language") == path.stem
    now = dt.datetime.fromisoformat(document["now"])
    tests = document.get("tests")
    assert isinstance(tests, list) and tests, "tests is not a non-empty list"
    problems = [problem for test in tests for problem in entry_problems(test, now.date())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda path: path.stem)
def test_file_covers_every_intent_and_kind(path: Path) -> None:
    tests = load(path)["tests"]
    assert {test["intent"]["name"] for test in tests if test["intent"]} == set(SLOTS)
    assert {test["kind"] for test in tests} == KINDS


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda path: path.stem)
def test_no_sentence_appears_twice(path: Path) -> None:
    sentences = [" ".join(sentence.lower().split()) for test in load(path)["tests"]
                 for sentence in test["sentences"]]
    repeated = sorted({sentence for sentence in sentences if sentences.count(sentence) > 1})
    assert not repeated, f"repeated: {repeated}"
