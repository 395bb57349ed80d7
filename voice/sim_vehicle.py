"""The default vehicle: a simulated car whose state persists in the database.

Its state is a flat set of dotted keys (see `DEFAULT_STATE`) stored as JSON in
the `vehicle_state` table, so `voice vehicle state` can show what the skills did.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from voice.config import Config
from voice.db import migrate, transaction
from voice.errors import SkillError

TIANANMEN = (39.9087, 116.3975)
MIN_TEMPERATURE = 16.0
MAX_TEMPERATURE = 30.0

MIGRATIONS = [
    """CREATE TABLE vehicle_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    )""",
]

WINDOWS = ("driver", "passenger", "rear_left", "rear_right", "sunroof")
CLIMATE_ZONES = ("driver", "passenger", "rear")
CLIMATE_DEVICES = ("ac", "heater", "defrost_front", "defrost_rear", "seat_heater", "fan")

DEFAULT_STATE: dict[str, Any] = {
    **{f"climate.{zone}_temperature": 22.0 for zone in CLIMATE_ZONES},
    **{f"climate.{device}": False for device in CLIMATE_DEVICES},
    **{f"window.{name}": "closed" for name in WINDOWS},
    "media.status": "stopped",
    "media.query": None,
    "media.track": 0,
    "media.volume": 5,
    "media.muted": False,
    "phone.call": None,
    "navigation.route": None,
    "energy.fuel_percent": 62,
    "energy.range_km": 410,
}


def _check_value(key: str, value: Any) -> None:
    """Refuse values the car would refuse, the way its control units do."""
    if key.endswith("_temperature") and not MIN_TEMPERATURE <= float(value) <= MAX_TEMPERATURE:
        raise SkillError(f"temperature {value} is outside {MIN_TEMPERATURE:g}-{MAX_TEMPERATURE:g}")
    if key.startswith("window.") and value not in ("open", "closed"):
        raise SkillError(f"window state must be open or closed, not {value!r}")
    if key == "media.volume" and not 0 <= int(value) <= 10:
        raise SkillError(f"volume {value} is outside 0-10")


class SimulatedVehicle:
    """A `Vehicle` kept in SQLite; its position comes from config `[vehicle] latitude/longitude`."""

    def __init__(self, conn: sqlite3.Connection, config: Config | None = None) -> None:
        self.conn = conn
        section = (config or Config()).section("vehicle")
        self._position = (
            float(section.get("latitude", TIANANMEN[0])),
            float(section.get("longitude", TIANANMEN[1])),
        )
        migrate(conn, "vehicle", MIGRATIONS)

    def state(self) -> dict[str, Any]:
        """Every state value by key, defaults included."""
        stored = {
            key: json.loads(value)
            for key, value in self.conn.execute("SELECT key, value FROM vehicle_state")
        }
        return {**DEFAULT_STATE, **stored}

    def get(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM vehicle_state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else DEFAULT_STATE.get(key)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULT_STATE:
            raise SkillError(f"the vehicle has no setting {key!r}")
        _check_value(key, value)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO vehicle_state (key, value) VALUES (?, ?) ON CONFLICT(key) "
                "DO UPDATE SET value = excluded.value, updated_at = datetime('now')",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def position(self) -> tuple[float, float]:
        return self._position
