"""The English grammar test set is well-formed and speaks the INTENTS.md contract.

Checks the files under tests/grammars/en/ (format in tests/grammars/README.md):
keys, intent and slot names, enum values, number/date/time forms, kinds, and
that no sentence appears twice. It does not parse anything.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

TEST_SET_DIR = Path(__file__).parent / "grammars" / "en"
OUT_OF_DOMAIN = "_out_of_domain"
KINDS = {"clean", "paraphrase", "asr_error", "ood"}
IN_DOMAIN_KINDS = KINDS - {"ood"}

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

# Slots every expected parse of the intent carries (defaults included, see the README).
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


def load(path: Path) -> dict[str, Any]:
    """The YAML document of one test-set file."""
    with path.open(encoding="utf-8") as file:
        document = yaml.safe_load(file)
    assert isinstance(document, dict), f"{path.name}: top level is not a mapping"
    return document


def squeeze(text: str) -> str:
    """Lower case with runs of whitespace collapsed: how sentences and text slots compare."""
    return " ".join(text.lower().split())


def value_problem(kind: Any, value: Any, today: dt.date) -> str | None:
    """Why `value` is not a valid value of a slot of `kind`, or None when it is."""
    if isinstance(kind, frozenset):
        return None if isinstance(value, str) and value in kind else f"not one of {sorted(kind)}"
    if kind in (NUMBER, LEVEL):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "not a number"
        if kind == LEVEL and not (isinstance(value, int) and 0 <= value <= 10):
            return "not a whole number 0-10"
        return None if value >= 0 else "negative"
    if not isinstance(value, str):
        return "not a string (dates and times must be quoted)"
    if kind == DATE:
        if not DATE_FORM.fullmatch(value):
            return "not YYYY-MM-DD"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return "not a calendar date"
        return None if day >= today else "before the reference day"
    if kind == TIME:
        if not TIME_FORM.fullmatch(value):
            return "not HH:MM"
        hours, minutes = (int(part) for part in value.split(":"))
        return None if hours < 24 and minutes < 60 else "not a time of day"
    return None if value.strip() == value and value else "empty or untrimmed text"


def slot_problems(intent: str, slots: dict[str, Any], sentences: list[str],
                  today: dt.date) -> list[str]:
    """Everything wrong with the expected slot dict of one test."""
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
                         for sentence in sentences if squeeze(value) not in squeeze(sentence)]
    if intent == "navigate" and len(NAVIGATION_TARGETS & set(slots)) != 1:
        problems.append(f"navigate needs exactly one of {sorted(NAVIGATION_TARGETS)}")
    if intent == "pay" and ("amount" in slots) != ("currency" in slots):
        problems.append("pay gives currency exactly when it gives an amount")
    if intent == "set_volume" and ("level" in slots) != (slots.get("action") == "set"):
        problems.append("set_volume gives a level exactly when the action is set")
    return problems


def entry_problems(test: Any, stem: str, today: dt.date) -> list[str]:
    """Everything wrong with one entry of a file's `tests` list."""
    if not isinstance(test, dict) or set(test) != {"sentences", "intent", "kind"}:
        return ["an entry needs exactly the keys sentences, intent, kind"]
    sentences, intent, kind = test["sentences"], test["intent"], test["kind"]
    if not isinstance(sentences, list) or not sentences:
        return ["sentences is not a non-empty list"]
    problems = [f"bad sentence {sentence!r}" for sentence in sentences
                if not isinstance(sentence, str) or not sentence.strip()
                or sentence != sentence.strip()]
    if problems:
        return problems
    if stem == OUT_OF_DOMAIN:
        if intent is not None or kind != "ood":
            problems.append(f"{sentences[0]!r}: out-of-domain needs intent null, kind ood")
        return problems
    if kind not in IN_DOMAIN_KINDS:
        problems.append(f"{sentences[0]!r}: kind {kind!r} not one of {sorted(IN_DOMAIN_KINDS)}")
    if not isinstance(intent, dict) or set(intent) != {"name", "slots"}:
        return [*problems, f"{sentences[0]!r}: intent needs exactly the keys name, slots"]
    if intent["name"] != stem:
        problems.append(f"{sentences[0]!r}: intent {intent['name']!r} in file {stem}.yaml")
    if not isinstance(intent["slots"], dict):
        return [*problems, f"{sentences[0]!r}: slots is not a mapping"]
    return problems + [f"{sentences[0]!r}: {problem}" for problem in
                       slot_problems(stem, intent["slots"], sentences, today)]


TEST_FILES = sorted(TEST_SET_DIR.glob("*.yaml"))


def test_there_is_one_file_per_intent_and_one_out_of_domain() -> None:
    assert {path.stem for path in TEST_FILES} == set(SLOTS) | {OUT_OF_DOMAIN}


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda path: path.stem)
def test_file_is_well_formed(path: Path) -> None:
    document = load(path)
    assert document.get("language") == "en"
    now = dt.datetime.fromisoformat(document["now"])
    tests = document.get("tests")
    assert isinstance(tests, list) and tests, "tests is not a non-empty list"
    problems = [problem for test in tests
                for problem in entry_problems(test, path.stem, now.date())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [path for path in TEST_FILES if path.stem != OUT_OF_DOMAIN],
                         ids=lambda path: path.stem)
def test_intent_file_has_every_in_domain_kind(path: Path) -> None:
    kinds = {test["kind"] for test in load(path)["tests"]}
    assert kinds == IN_DOMAIN_KINDS


def test_no_sentence_appears_twice() -> None:
    seen: dict[str, str] = {}
    repeated = []
    for path in TEST_FILES:
        for test in load(path)["tests"]:
            for sentence in test["sentences"]:
                key = squeeze(sentence)
                if key in seen:
                    repeated.append(f"{sentence!r} in {path.name} and {seen[key]}")
                seen.setdefault(key, path.name)
    assert not repeated, "\n".join(repeated)
