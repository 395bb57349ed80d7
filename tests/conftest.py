"""Shared fixtures: a real database in a temporary folder, a vehicle and a skill context."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext

NOW = datetime(2026, 11, 24, 9, 0)  # a Tuesday


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = open_database(tmp_path / "voice.db")
    yield conn
    conn.close()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(data_dir=tmp_path, sections={
        "navigation": {"home": "北京西站",
                       "work": {"name": "Zhongguancun Office", "latitude": 39.9837,
                                "longitude": 116.3164}},
        "phone": {"contacts": {"张三": "+86 138 0000 0001", "Mom": "+86 138 0000 0002"}},
    })


@pytest.fixture
def context(config: Config, db: sqlite3.Connection) -> SkillContext:
    return SkillContext(config=config, db=db, vehicle=SimulatedVehicle(db, config))


def request(intent: str, lang: str = "en", text: str = "", **slots: Any) -> Request:
    """A request as the dialogue would pass it to a skill."""
    return Request(intent=intent, slots=slots, lang=lang, confidence=0.95, text=text, now=NOW)
