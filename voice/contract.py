"""The built-in intent contract (INTENTS.md) as data, and a check that a frame obeys it.

`INTENTS` maps every built-in intent to its slots and the slots each parse must
carry (the defaults of tests/grammars/README.md included). `check_frame` lists
every way an (intent, slots) frame breaks the contract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

TEXT: Final = "text"  # words as spoken: a non-empty string without edge spaces
NUMBER: Final = "number"  # an int or float, never negative
LEVEL: Final = "level"  # a whole number 0-10 (the volume level)
DATE: Final = "date"  # a "YYYY-MM-DD" string
TIME: Final = "time"  # an "HH:MM" string, 24 h

SlotKind = str | frozenset[str]
"""One of TEXT, NUMBER, LEVEL, DATE, TIME, or the frozenset of an enum's values."""


@dataclass(frozen=True)
class IntentSpec:
    """What one intent may say: its slots with their kinds, and the slots it always has."""

    slots: Mapping[str, SlotKind] = field(default_factory=dict)
    required: frozenset[str] = frozenset()


NAVIGATION_TARGETS: Final = ("destination", "poi_category", "saved_place")
"""A `navigate` frame has exactly one of these."""

_ZONES = frozenset({"driver", "passenger", "rear", "all"})

INTENTS: Final[Mapping[str, IntentSpec]] = {
    "navigate": IntentSpec({
        "destination": TEXT,
        "poi_category": frozenset({
            "gas_station", "charging_station", "parking", "restaurant", "hotel",
            "hospital", "car_wash", "service_center", "toilet",
        }),
        "saved_place": frozenset({"home", "work"}),
        "route_preference": frozenset({"fastest", "shortest", "avoid_tolls", "avoid_highways"}),
    }),
    "cancel_navigation": IntentSpec(),
    "book_service": IntentSpec({
        "service_type": frozenset({
            "maintenance", "oil_change", "tire_change", "inspection", "repair",
            "car_wash", "battery_check",
        }),
        "date": DATE,
        "time": TIME,
        "dealer": TEXT,
    }, frozenset({"service_type"})),
    "pay": IntentSpec({
        "purpose": frozenset({"parking", "fuel", "charging", "toll", "service", "car_wash"}),
        "amount": NUMBER,
        "currency": frozenset({"CNY", "USD"}),
        "payee": TEXT,
        "method": frozenset({"alipay", "wechat_pay", "card"}),
    }, frozenset({"purpose"})),
    "set_temperature": IntentSpec(
        {"temperature": NUMBER, "zone": _ZONES}, frozenset({"temperature"})),
    "adjust_temperature": IntentSpec(
        {"direction": frozenset({"up", "down"}), "delta": NUMBER, "zone": _ZONES},
        frozenset({"direction"})),
    "climate_control": IntentSpec({
        "action": frozenset({"on", "off"}),
        "device": frozenset({
            "ac", "heater", "defrost_front", "defrost_rear", "seat_heater", "fan",
        }),
    }, frozenset({"action", "device"})),
    "window": IntentSpec({
        "action": frozenset({"open", "close"}),
        "position": frozenset({
            "driver", "passenger", "rear_left", "rear_right", "all", "sunroof",
        }),
    }, frozenset({"action", "position"})),
    "play_music": IntentSpec({"query": TEXT}),
    "media_control": IntentSpec(
        {"action": frozenset({"pause", "resume", "next", "previous"})}, frozenset({"action"})),
    "set_volume": IntentSpec(
        {"action": frozenset({"up", "down", "set", "mute", "unmute"}), "level": LEVEL},
        frozenset({"action"})),
    "call": IntentSpec({"contact": TEXT}, frozenset({"contact"})),
    "confirm": IntentSpec(),
    "deny": IntentSpec(),
    "cancel": IntentSpec(),
    "help": IntentSpec(),
}
"""Every built-in intent by name."""

_DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_FORM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def check_frame(intent: str | None, slots: Mapping[str, Any]) -> list[str]:
    """Every way the frame breaks the contract, one line each (empty when it obeys it)."""
    if intent is None:
        return [f"no intent but slots {sorted(slots)}"] if slots else []
    spec = INTENTS.get(intent)
    if spec is None:
        return [f"unknown intent {intent!r}"]
    problems = [f"{intent}: unknown slot {name!r}" for name in slots if name not in spec.slots]
    problems += [f"{intent}: missing slot {name!r}"
                 for name in sorted(spec.required - set(slots))]
    for name, value in slots.items():
        kind = spec.slots.get(name)
        problem = None if kind is None else value_problem(kind, value)
        if problem:
            problems.append(f"{intent}: slot {name}={value!r} is {problem}")
    return problems + _rule_problems(intent, slots)


def value_problem(kind: SlotKind, value: Any) -> str | None:
    """Why `value` is no value of a slot of `kind` (e.g. "not HH:MM"), or None when it is."""
    if isinstance(kind, frozenset):
        return None if isinstance(value, str) and value in kind else f"not one of {sorted(kind)}"
    if kind in (NUMBER, LEVEL):
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return "not a non-negative number"
        if kind == LEVEL and not (isinstance(value, int) and value <= 10):
            return "not a whole number 0-10"
        return None
    if not isinstance(value, str) or not value or value != value.strip():
        return "not a non-empty, trimmed string"
    if kind == DATE:
        return None if _DATE_FORM.fullmatch(value) and _is_calendar_date(value) else (
            "not a YYYY-MM-DD date")
    if kind == TIME:
        return None if _TIME_FORM.fullmatch(value) else "not an HH:MM time of day"
    return None


def _is_calendar_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _rule_problems(intent: str, slots: Mapping[str, Any]) -> list[str]:
    """The rules across slots: one navigation target, currency with amount, level with set."""
    problems = []
    if intent == "navigate":
        targets = [name for name in NAVIGATION_TARGETS if name in slots]
        if len(targets) != 1:
            problems.append(f"navigate: needs exactly one of {list(NAVIGATION_TARGETS)}, "
                            f"has {targets}")
    if intent == "pay" and ("amount" in slots) != ("currency" in slots):
        problems.append("pay: gives a currency exactly when it gives an amount")
    if intent == "set_volume" and ("level" in slots) != (slots.get("action") == "set"):
        problems.append("set_volume: gives a level exactly when the action is set")
    return problems
