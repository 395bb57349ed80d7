"""Places to drive to: the `PlaceProvider` interface and the embedded POI store.

The embedded store seeds the database from `data/pois.csv` (again when a
release ships a changed file) (real places in
Beijing and Shanghai with Chinese, English and pinyin names; positions are
approximate, WGS-84) and finds a destination however it is said: 北京西站,
"beijing xi zhan" and "Beijing West Railway Station" are one place. A map web
service can replace it by implementing `PlaceProvider`.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from voice.db import migrate, transaction

EARTH_RADIUS_KM = 6371.0088
MIN_SCORE = 72.0
TIE_MARGIN = 3.0
# On an equally good match, a station, airport or landmark wins over a shop or car park.
DESTINATION_CATEGORIES = ("railway_station", "airport", "landmark")

MIGRATIONS = [
    """CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        city TEXT NOT NULL,
        category TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        pinyin TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '',
        latitude REAL NOT NULL,
        longitude REAL NOT NULL
    );
    CREATE INDEX places_category ON places (category)""",
    "CREATE TABLE places_source (checksum TEXT NOT NULL)",
]


@dataclass(frozen=True)
class Place:
    """A place with its names in both languages and its position."""

    name_zh: str
    name_en: str
    category: str
    latitude: float
    longitude: float
    city: str = ""
    pinyin: str = ""

    def name(self, lang: str) -> str:
        """The name in the driver's language."""
        return self.name_zh if lang == "zh" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        return {"name_zh": self.name_zh, "name_en": self.name_en, "category": self.category,
                "latitude": self.latitude, "longitude": self.longitude, "city": self.city}


class PlaceProvider(Protocol):
    """Where navigation looks places up; the embedded store or a map web service."""

    def find(self, query: str, near: tuple[float, float]) -> Place | None:
        """The place best matching a spoken destination (the nearer one on a tie)."""
        ...

    def nearest(self, category: str, near: tuple[float, float], limit: int = 3) -> list[Place]:
        """The places of a `poi_category` closest to `near`, nearest first."""
        ...


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def to_pinyin(text: str) -> str:
    """Toneless pinyin without spaces: 北京西站 -> beijingxizhan."""
    return "".join(lazy_pinyin(text)).lower().replace(" ", "")


def _clean(text: str) -> str:
    text = re.sub(r"[^\w\u4e00-\u9fff]+", " ", text.lower())
    return re.sub(r"^(the|a|an) ", "", text.strip())


class EmbeddedPlaces:
    """The POI store shipped with the assistant, kept in the `places` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        migrate(conn, "places", MIGRATIONS)
        text = resources.files("voice.skills").joinpath("data/pois.csv").read_text("utf-8")
        checksum = hashlib.sha256(text.encode()).hexdigest()
        stored = conn.execute("SELECT checksum FROM places_source").fetchone()
        if stored is None or stored[0] != checksum:
            self._seed(text, checksum)
        self._places = self._load()

    def _seed(self, text: str, checksum: str) -> None:
        """Load the shipped places, replacing those of an older release in one transaction."""
        rows = list(csv.DictReader(text.splitlines()))
        with transaction(self.conn):
            self.conn.execute("DELETE FROM places")
            self.conn.execute("DELETE FROM places_source")
            self.conn.execute("INSERT INTO places_source VALUES (?)", (checksum,))
            self.conn.executemany(
                "INSERT INTO places (city, category, name_zh, name_en, pinyin, aliases,"
                " latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(r["city"], r["category"], r["name_zh"], r["name_en"],
                  " ".join(lazy_pinyin(r["name_zh"])), r["aliases"],
                  float(r["latitude"]), float(r["longitude"])) for r in rows],
            )

    def _load(self) -> list[tuple[Place, list[str], list[str]]]:
        """Each place with its text keys and its pinyin keys."""
        loaded = []
        for city, category, zh, en, pinyin, aliases, lat, lon in self.conn.execute(
            "SELECT city, category, name_zh, name_en, pinyin, aliases, latitude, longitude"
            " FROM places ORDER BY id"
        ):
            place = Place(zh, en, category, lat, lon, city, pinyin)
            names = [zh, en, *[a for a in aliases.split("|") if a]]
            keys = [_clean(n) for n in names]
            pinyin_keys = [to_pinyin(n) for n in names if has_chinese(n)]
            loaded.append((place, keys, pinyin_keys))
        return loaded

    def _score(self, query: str, keys: list[str], pinyin_keys: list[str]) -> float:
        text_score = max(fuzz.WRatio(query, key) for key in keys)
        spoken = to_pinyin(query) if has_chinese(query) else query.replace(" ", "")
        sound_score = max((fuzz.ratio(spoken, key) for key in pinyin_keys), default=0.0)
        return max(text_score, 0.97 * sound_score)

    def find(self, query: str, near: tuple[float, float]) -> Place | None:
        cleaned = _clean(query)
        if not cleaned:
            return None
        scored = [(self._score(cleaned, keys, sounds), place)
                  for place, keys, sounds in self._places]
        best = max(score for score, _ in scored)
        if best < MIN_SCORE:
            return None
        tied = [place for score, place in scored if score >= best - TIE_MARGIN]
        return min(tied, key=lambda p: (p.category not in DESTINATION_CATEGORIES,
                                        haversine_km(near, (p.latitude, p.longitude))))

    def nearest(self, category: str, near: tuple[float, float], limit: int = 3) -> list[Place]:
        found = [place for place, _, _ in self._places if place.category == category]
        found.sort(key=lambda p: haversine_km(near, (p.latitude, p.longitude)))
        return found[:limit]
