"""Service dealers: opening hours, slot length and capacity, from seed data and the config.

The seed lists a few service centers in Beijing and Shanghai. The config adds
or replaces dealers (same `id` replaces) and may drop the seed:

    [booking]
    default_dealer = "bj-wangjing"      # else the dealer nearest to the car
    seed_dealers = true
    [[booking.dealers]]
    id = "bj-sanlitun"
    name_en = "Sanlitun Auto Service Center"
    name_zh = "三里屯汽车服务中心"
    city = "Beijing"
    address = "..."
    location = [39.935, 116.455]
    hours = { mon = "09:00-18:00", sat = "10:00-16:00" }   # days not named are closed
    slot_minutes = 30
    capacity = 2
    closed_dates = ["2026-12-25"]
    aliases = ["sanlitun", "三里屯"]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from rapidfuzz import fuzz

from voice.errors import UsageError

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MATCH_THRESHOLD = 80

_WEEKDAYS_830_1730 = {day: "08:30-17:30" for day in DAY_KEYS[:6]}
_DAILY_9_18 = {day: "09:00-18:00" for day in DAY_KEYS}
_DAILY_830_18 = {day: "08:30-18:00" for day in DAY_KEYS}
_MON_FRI_9_17 = {day: "09:00-17:00" for day in DAY_KEYS[:5]}

SEED_DEALERS: list[dict[str, Any]] = [
    {"id": "bj-wangjing", "name_en": "Wangjing Auto Service Center",
     "name_zh": "望京汽车服务中心", "city": "Beijing",
     "address": "9 Futong East Street, Chaoyang District, Beijing",
     "location": [39.9965, 116.4702], "hours": _WEEKDAYS_830_1730,
     "slot_minutes": 30, "capacity": 2, "aliases": ["wangjing", "望京"]},
    {"id": "bj-yizhuang", "name_en": "Yizhuang Auto Service Center",
     "name_zh": "亦庄汽车服务中心", "city": "Beijing",
     "address": "18 Kechuang 6th Street, Daxing District, Beijing",
     "location": [39.7950, 116.5060], "hours": _DAILY_9_18,
     "slot_minutes": 60, "capacity": 3, "aliases": ["yizhuang", "亦庄"]},
    {"id": "sh-jinqiao", "name_en": "Jinqiao Auto Service Center",
     "name_zh": "金桥汽车服务中心", "city": "Shanghai",
     "address": "1288 Jinqiao Road, Pudong New Area, Shanghai",
     "location": [31.2680, 121.5930], "hours": _DAILY_830_18,
     "slot_minutes": 30, "capacity": 2, "aliases": ["jinqiao", "pudong", "金桥", "浦东"]},
    {"id": "sh-xuhui", "name_en": "Xuhui Auto Service Center",
     "name_zh": "徐汇汽车服务中心", "city": "Shanghai",
     "address": "500 Longhua Middle Road, Xuhui District, Shanghai",
     "location": [31.1830, 121.4520], "hours": _MON_FRI_9_17,
     "slot_minutes": 30, "capacity": 1, "aliases": ["xuhui", "徐汇"]},
]


@dataclass(frozen=True)
class Dealer:
    """A service center that takes appointments in fixed slots."""

    id: str
    name_en: str
    name_zh: str
    city: str
    address: str
    location: tuple[float, float]
    hours: dict[int, tuple[time, time]]  # weekday (0 = Monday) -> (opens, closes)
    slot_minutes: int
    capacity: int
    closed_dates: frozenset[date]
    aliases: tuple[str, ...]

    def name(self, lang: str) -> str:
        """The dealer's name in the driver's language."""
        return self.name_zh if lang == "zh" else self.name_en

    def slot_starts(self, day: date) -> list[datetime]:
        """Every slot start on `day`; empty when closed."""
        if day in self.closed_dates or day.weekday() not in self.hours:
            return []
        opens, closes = self.hours[day.weekday()]
        start = datetime.combine(day, opens)
        end = datetime.combine(day, closes)
        step = timedelta(minutes=self.slot_minutes)
        starts = []
        while start + step <= end:
            starts.append(start)
            start += step
        return starts

    def distance_km(self, position: tuple[float, float]) -> float:
        """Great-circle distance from a (latitude, longitude) position."""
        lat1, lon1 = map(math.radians, position)
        lat2, lon2 = map(math.radians, self.location)
        a = (math.sin((lat2 - lat1) / 2) ** 2
             + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
        return 6371.0 * 2 * math.asin(math.sqrt(a))


def load_dealers(section: Mapping[str, Any]) -> list[Dealer]:
    """The seed dealers (unless `seed_dealers = false`) merged with `[[booking.dealers]]`."""
    entries: dict[str, Mapping[str, Any]] = {}
    if section.get("seed_dealers", True):
        entries.update((entry["id"], entry) for entry in SEED_DEALERS)
    configured = section.get("dealers", [])
    if not isinstance(configured, list):
        raise UsageError("[booking] dealers must be a list of [[booking.dealers]] tables")
    for entry in configured:
        if not isinstance(entry, Mapping) or not entry.get("id"):
            raise UsageError("every [[booking.dealers]] entry needs an id")
        entries[str(entry["id"])] = entry
    if not entries:
        raise UsageError("no service dealers: add [[booking.dealers]] or keep the seed")
    return [dealer_from_config(entry) for entry in entries.values()]


def dealer_from_config(entry: Mapping[str, Any]) -> Dealer:
    """One dealer from its config table; UsageError naming the dealer and field when wrong."""
    ident = str(entry.get("id"))
    try:
        hours = {_day_index(str(day)): _hours_range(str(text))
                 for day, text in dict(entry.get("hours", {})).items()
                 if str(text).strip().lower() != "closed"}
        latitude, longitude = entry.get("location", (0.0, 0.0))
        dealer = Dealer(
            id=ident,
            name_en=str(entry.get("name_en") or entry.get("name_zh") or ident),
            name_zh=str(entry.get("name_zh") or entry.get("name_en") or ident),
            city=str(entry.get("city", "")),
            address=str(entry.get("address", "")),
            location=(float(latitude), float(longitude)),
            hours=hours,
            slot_minutes=int(entry.get("slot_minutes", 30)),
            capacity=int(entry.get("capacity", 1)),
            closed_dates=frozenset(date.fromisoformat(str(d))
                                   for d in entry.get("closed_dates", [])),
            aliases=tuple(str(alias) for alias in entry.get("aliases", [])),
        )
    except (ValueError, TypeError) as exc:
        raise UsageError(f"[[booking.dealers]] {ident}: {exc}") from exc
    if dealer.slot_minutes <= 0 or dealer.capacity <= 0:
        raise UsageError(f"[[booking.dealers]] {ident}: slot_minutes and capacity must be > 0")
    return dealer


def _day_index(day: str) -> int:
    key = day.strip().lower()[:3]
    if key not in DAY_KEYS:
        raise ValueError(f"unknown day {day!r} in hours; use {', '.join(DAY_KEYS)}")
    return DAY_KEYS.index(key)


def _hours_range(text: str) -> tuple[time, time]:
    opens, sep, closes = text.partition("-")
    if not sep:
        raise ValueError(f"opening hours {text!r} are not like 09:00-18:00")
    start, end = time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip())
    if end <= start:
        raise ValueError(f"opening hours {text!r} close before they open")
    return start, end


def find_dealer(dealers: Iterable[Dealer], spoken: str) -> Dealer | None:
    """The dealer whose id, name or alias best matches the spoken words, if any matches well."""
    query = spoken.casefold().replace(" ", "")
    if not query:
        return None
    best: tuple[float, Dealer | None] = (0.0, None)
    for dealer in dealers:
        names = (dealer.id, dealer.name_en, dealer.name_zh, *dealer.aliases)
        for name in names:
            candidate = name.casefold().replace(" ", "")
            score = 100.0 if query in candidate or candidate in query \
                else fuzz.partial_ratio(query, candidate)
            if score > best[0]:
                best = (score, dealer)
    return best[1] if best[0] >= MATCH_THRESHOLD else None


def default_dealer(dealers: list[Dealer], section: Mapping[str, Any],
                   position: tuple[float, float] | None) -> Dealer:
    """`[booking] default_dealer`, else the dealer nearest to the car, else the first."""
    wanted = section.get("default_dealer")
    if wanted:
        for dealer in dealers:
            if dealer.id == wanted:
                return dealer
        raise UsageError(f"[booking] default_dealer {wanted!r} is not a known dealer")
    if position is not None:
        return min(dealers, key=lambda dealer: dealer.distance_km(position))
    return dealers[0]
