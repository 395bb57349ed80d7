"""Spoken values for the slots of English commands, to fill grammar sentences with.

Free-text slots take real values: destinations and payees from the place store
(`voice/skills/data/pois.csv`), dealers from the seed dealers, contacts and
music from short lists of likely words. Typed slots (numbers, amounts, dates,
times) take the spoken forms the parser reads.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources


def _words(text: str) -> list[str]:
    return text.split()


UNITS = _words("zero one two three four five six seven eight nine ten eleven twelve "
                "thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = _words("january february march april may june july august september october "
                "november december")
ORDINALS = _words("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth")
DAY_PARTS = ("morning", "afternoon", "evening")

PLACES_NEAR = ("the airport", "the train station", "the railway station", "the station",
               "downtown", "the city center", "the mall", "the shopping mall", "the museum",
               "the park", "the hospital", "the university", "the hotel", "the beach",
               "the zoo", "the stadium", "the supermarket", "the bank", "the school",
               "tiananmen square", "the great wall", "the forbidden city", "the bund",
               "the summer palace", "peking university", "tsinghua university")
CONTACTS = ("mom", "dad", "mother", "father", "my wife", "my husband", "wife", "husband",
            "my mom", "my dad", "my sister", "my brother", "grandma", "grandpa", "my boss",
            "the office", "home", "john", "mary", "david", "lisa", "michael", "sarah", "james",
            "emma", "tom", "anna", "peter", "linda", "kevin", "amy", "jack", "lucy", "alex",
            "chris", "daniel", "emily", "zhang san", "li si", "wang wei", "li na",
            "doctor wang", "mister li", "the dealer", "the service center")
MUSIC = ("jazz", "rock", "pop", "pop music", "classical music", "classical", "country",
         "country music", "hip hop", "blues", "rap", "the radio", "the news", "relaxing music",
         "something relaxing", "something upbeat", "my favorites", "my playlist",
         "road trip songs", "driving music", "chinese songs", "jay chou", "taylor swift",
         "the beatles", "adele", "coldplay", "queen", "michael jackson", "ed sheeran",
         "beyonce", "eminem", "mozart", "beethoven", "bohemian rhapsody", "yesterday",
         "hotel california", "let it be", "eighties music", "christmas songs", "love songs")
PAYEES = ("the parking lot", "the gas station", "the charging station", "the car wash",
          "the service center", "the dealer", "the toll booth", "the garage", "the restaurant",
          "the hotel", "shell", "starbucks", "tesla")


def spell_number(n: int) -> str:
    """0..999 in words: 42 -> "forty two"."""
    if not 0 <= n < 1000:
        raise ValueError(f"cannot spell {n}")
    if n < 20:
        return UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens - 2] + (f" {UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{UNITS[hundreds]} hundred" + (f" {spell_number(rest)}" if rest else "")


def numbers_between(low: float, high: float) -> list[str]:
    """Every whole number from `low` to `high` in words, and the halves below ten."""
    found = [spell_number(n) for n in range(max(0, int(low)), int(high) + 1) if n >= low]
    found += [f"{spell_number(n)} point five" for n in range(int(low), min(int(high), 9))]
    if low <= 0.5 <= high:
        found += ["half a", "a half", "point five"]
    return found


def _times() -> list[str]:
    hours = [spell_number(h) for h in range(1, 13)]
    forms = [f"{h} {suffix}" for h in hours for suffix in ("am", "pm", "o'clock")]
    forms += [f"{h} {m}" for h in hours for m in ("fifteen", "thirty", "forty five")]
    forms += [f"{h} thirty {s}" for h in hours for s in ("am", "pm")]
    forms += [f"half past {h}" for h in hours] + [f"quarter past {h}" for h in hours[:6]]
    forms += [f"{h} in the {part}" for h in hours for part in DAY_PARTS]
    return forms + ["noon", "midday", "midnight", "lunchtime", *hours]


def _dates() -> list[str]:
    forms = ["today", "tomorrow", "the day after tomorrow", "tonight", "this weekend",
             "next week", "monday next week"]
    forms += [f"{which} {day}" for day in WEEKDAYS for which in ("next", "this", "on")]
    forms += WEEKDAYS
    forms += [f"{month} {day}" for month in MONTHS for day in ORDINALS[::3]]
    forms += [f"the {day}" for day in ORDINALS]
    return forms


def _datetimes() -> Iterator[str]:
    dates, times = _dates(), _times()
    for i, day in enumerate(dates):
        yield day
        yield f"{day} at {times[i % len(times)]}"
        yield f"{day} {DAY_PARTS[i % 3]}"
        yield f"{day} {DAY_PARTS[i % 3]} at {spell_number(1 + i % 12)}"
        yield f"{times[(i * 7) % len(times)]} {day}"
    yield from (f"at {t}" for t in times)


def _amounts() -> list[str]:
    values = [spell_number(n) for n in (*range(1, 21), 25, 30, 35, 40, 45, 50, 60, 70, 80, 88,
                                        90, 99, 100, 120, 150, 200, 250, 300, 500)]
    units = ("yuan", "dollars", "bucks", "kuai")
    return [f"{v} {u}" for i, v in enumerate(values) for u in units[i % 2::2]] + [
        "one dollar", "one yuan", "a hundred yuan", "fifty yuan fifty",
        "twelve dollars and fifty cents"]


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """English names and Latin aliases of the places the navigation skill knows."""
    data = resources.files("voice.skills").joinpath("data/pois.csv")
    names: list[str] = []
    with data.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            for name in (row["name_en"], *row["aliases"].split("|")):
                if name and name.isascii():
                    names.append(name.lower())
    return tuple(dict.fromkeys(names))


@lru_cache(maxsize=1)
def dealer_names() -> tuple[str, ...]:
    """Names and Latin aliases of the seed service dealers."""
    from voice.dealers import SEED_DEALERS

    names = [str(d["name_en"]).lower() for d in SEED_DEALERS]
    names += [str(a) for d in SEED_DEALERS for a in d.get("aliases", []) if str(a).isascii()]
    return tuple(names)


@lru_cache(maxsize=1)
def slot_values() -> dict[str, tuple[str, ...]]:
    """Spoken values per free-text slot and per typed kind."""
    return {
        "destination": (*place_names(), *PLACES_NEAR),
        "payee": (*PAYEES, *place_names()[::3]),
        "dealer": dealer_names(),
        "contact": CONTACTS,
        "query": MUSIC,
        "number": tuple(spell_number(n) for n in range(0, 101)),
        "amount": tuple(_amounts()),
        "date": tuple(_dates()),
        "time": tuple(_times()),
        "datetime": tuple(_datetimes()),
    }
