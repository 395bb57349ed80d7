"""The Chinese grammar test set is well-formed and speaks the INTENTS.md contract.

These checks keep the expectations honest: intent and slot names, enum values,
date/time strings, the defaults the README fixes, unique sentences, and that
every relative date in a booking resolves to the date the file expects.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

SET_DIR = Path(__file__).parent / "grammars" / "zh"
OOD_FILE = "_out_of_domain.yaml"
KINDS = {"clean", "paraphrase", "asr_error", "ood"}

ZONES = ("driver", "passenger", "rear", "all")
ENUMS: dict[str, tuple[str, ...]] = {
    "poi_category": ("gas_station", "charging_station", "parking", "restaurant", "hotel",
                     "hospital", "car_wash", "service_center", "toilet"),
    "saved_place": ("home", "work"),
    "route_preference": ("fastest", "shortest", "avoid_tolls", "avoid_highways"),
    "service_type": ("maintenance", "oil_change", "tire_change", "inspection", "repair",
                     "car_wash", "battery_check"),
    "purpose": ("parking", "fuel", "charging", "toll", "service", "car_wash"),
    "currency": ("CNY", "USD"),
    "method": ("alipay", "wechat_pay", "card"),
    "zone": ZONES,
    "direction": ("up", "down"),
    "device": ("ac", "heater", "defrost_front", "defrost_rear", "seat_heater", "fan"),
    "position": ("driver", "passenger", "rear_left", "rear_right", "all", "sunroof"),
}
# Slots whose enum depends on the intent (several intents have an `action`).
ACTIONS: dict[str, tuple[str, ...]] = {
    "climate_control": ("on", "off"),
    "window": ("open", "close"),
    "media_control": ("pause", "resume", "next", "previous"),
    "set_volume": ("up", "down", "set", "mute", "unmute"),
}
TEXT = "text"
NUMBER = "number"
DATE = "date"
TIME = "time"
ENUM = "enum"

# intent -> {slot: kind of value}
INTENT_SLOTS: dict[str, dict[str, str]] = {
    "navigate": {"destination": TEXT, "poi_category": ENUM, "saved_place": ENUM,
                 "route_preference": ENUM},
    "cancel_navigation": {},
    "book_service": {"service_type": ENUM, "date": DATE, "time": TIME, "dealer": TEXT},
    "pay": {"purpose": ENUM, "amount": NUMBER, "currency": ENUM, "payee": TEXT, "method": ENUM},
    "set_temperature": {"temperature": NUMBER, "zone": ENUM},
    "adjust_temperature": {"direction": ENUM, "delta": NUMBER, "zone": ENUM},
    "climate_control": {"action": ENUM, "device": ENUM},
    "window": {"action": ENUM, "position": ENUM},
    "play_music": {"query": TEXT},
    "media_control": {"action": ENUM},
    "set_volume": {"action": ENUM, "level": NUMBER},
    "call": {"contact": TEXT},
    "confirm": {},
    "deny": {},
    "cancel": {},
    "help": {},
}
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
EDGE_FILLER = ("一下", "吧", "的歌", "请", "呢", "，", "。", " ")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def load(name: str) -> dict[str, Any]:
    with open(SET_DIR / name, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def set_files() -> list[str]:
    return sorted(path.name for path in SET_DIR.glob("*.yaml"))


def all_groups() -> list[tuple[str, dict[str, Any]]]:
    return [(name, group) for name in set_files() for group in load(name)["tests"]]


def enum_values(intent: str, slot: str) -> tuple[str, ...]:
    return ACTIONS[intent] if slot == "action" else ENUMS[slot]


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def slot_problems(intent: str, slots: dict[str, Any]) -> list[str]:
    """Every way `slots` breaks the contract for `intent` (empty when it is right)."""
    allowed = INTENT_SLOTS[intent]
    problems = [f"unknown slot {name}" for name in slots if name not in allowed]
    problems += [f"missing {name}" for name in REQUIRED.get(intent, set()) if name not in slots]
    for name, value in slots.items():
        kind = allowed.get(name)
        if kind == ENUM and value not in enum_values(intent, name):
            problems.append(f"{name}={value!r} is not an enum value")
        elif kind == NUMBER and not is_number(value):
            problems.append(f"{name}={value!r} is not a number")
        elif kind == TEXT and not is_trimmed_text(value):
            problems.append(f"{name}={value!r} is not text trimmed of filler")
        elif kind == DATE and not is_date(value):
            problems.append(f"{name}={value!r} is not a YYYY-MM-DD string")
        elif kind == TIME and not is_time(value):
            problems.append(f"{name}={value!r} is not an HH:MM string")
    return problems + contract_rules(intent, slots)


def contract_rules(intent: str, slots: dict[str, Any]) -> list[str]:
    """The cross-slot rules of INTENTS.md and the README conventions."""
    problems = []
    if intent == "navigate":
        targets = [n for n in ("destination", "poi_category", "saved_place") if n in slots]
        if len(targets) != 1:
            problems.append(f"navigate needs exactly one target, has {targets}")
    if intent == "pay" and ("amount" in slots) != ("currency" in slots):
        problems.append("currency is given exactly when an amount is")
    if intent == "set_volume" and slots.get("action") == "set" and "level" not in slots:
        problems.append("set needs a level")
    if intent == "set_volume" and "level" in slots and not 0 <= slots["level"] <= 10:
        problems.append("level is 0-10")
    return problems


def is_trimmed_text(value: object) -> bool:
    return (isinstance(value, str) and value != ""
            and not value.startswith(EDGE_FILLER) and not value.endswith(EDGE_FILLER))


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None


def spoken_date(sentence: str, now: dt.date) -> dt.date | None:
    """The date a booking sentence names, by the README rules (None when it names none)."""
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


def test_one_file_per_intent_and_one_out_of_domain() -> None:
    assert set_files() == sorted([f"{intent}.yaml" for intent in INTENT_SLOTS] + [OOD_FILE])


@pytest.mark.parametrize("name", set_files())
def test_file_header(name: str) -> None:
    data = load(name)
    assert set(data) == {"language", "now", "tests"}
    assert data["language"] == "zh"
    assert dt.datetime.fromisoformat(data["now"]) == dt.datetime(2026, 11, 24, 9, 0)
    assert isinstance(data["tests"], list) and data["tests"]


@pytest.mark.parametrize("name", set_files())
def test_groups_are_well_formed(name: str) -> None:
    stem = name.removesuffix(".yaml")
    for group in load(name)["tests"]:
        assert set(group) == {"sentences", "intent", "kind"}, group
        sentences = group["sentences"]
        assert isinstance(sentences, list) and sentences, group
        assert all(isinstance(s, str) and s.strip() == s and s for s in sentences), sentences
        assert group["kind"] in KINDS, group
        if name == OOD_FILE:
            assert group["intent"] is None and group["kind"] == "ood", group
        else:
            assert group["kind"] != "ood", group
            assert set(group["intent"]) == {"name", "slots"}, group
            assert group["intent"]["name"] == stem, group


@pytest.mark.parametrize("name", [n for n in set_files() if n != OOD_FILE])
def test_slots_follow_the_contract(name: str) -> None:
    for group in load(name)["tests"]:
        intent, slots = group["intent"]["name"], group["intent"]["slots"]
        assert isinstance(slots, dict), group
        assert slot_problems(intent, slots) == [], group["sentences"]


@pytest.mark.parametrize("name", [n for n in set_files() if n != OOD_FILE])
def test_every_intent_has_clean_paraphrase_and_asr_sentences(name: str) -> None:
    kinds = Counter(g["kind"] for g in load(name)["tests"] for _ in g["sentences"])
    assert set(kinds) == {"clean", "paraphrase", "asr_error"}
    assert sum(kinds.values()) >= 15


def test_no_sentence_appears_twice() -> None:
    sentences = Counter(s for _, group in all_groups() for s in group["sentences"])
    assert [s for s, count in sentences.items() if count > 1] == []


def test_every_enum_value_is_covered() -> None:
    seen: set[tuple[str, str, object]] = set()
    for name, group in all_groups():
        if name != OOD_FILE:
            intent = group["intent"]["name"]
            seen |= {(intent, slot, value) for slot, value in group["intent"]["slots"].items()}
    missing = [
        (intent, slot, value)
        for intent, slots in INTENT_SLOTS.items()
        for slot, kind in slots.items() if kind == ENUM
        for value in enum_values(intent, slot)
        if (intent, slot, value) not in seen
    ]
    assert missing == []


def test_booking_dates_match_the_words_spoken() -> None:
    data = load("book_service.yaml")
    now = dt.datetime.fromisoformat(data["now"]).date()
    for group in data["tests"]:
        for sentence in group["sentences"]:
            expected = spoken_date(sentence, now)
            got = group["intent"]["slots"].get("date")
            assert got == (expected.isoformat() if expected else None), sentence


def test_out_of_domain_set_is_large_enough() -> None:
    assert sum(len(group["sentences"]) for group in load(OOD_FILE)["tests"]) >= 100


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
