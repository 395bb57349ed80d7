"""Shared set-up for the booking and payment tests: a real database in a temp dir."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.conftest import NOW
from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext

__all__ = ["NOW", "make_context", "make_request"]


def make_context(tmp_path: Path, **sections: Any) -> SkillContext:
    """A skill context on a fresh database file under `tmp_path`."""
    config = Config(data_dir=tmp_path, sections=sections)
    conn = open_database(tmp_path / "voice.db")
    return SkillContext(config=config, db=conn, vehicle=SimulatedVehicle(conn, config))


def make_request(intent: str, lang: str = "en", confidence: float = 0.95,
                 text: str = "", now: datetime = NOW, **slots: Any) -> Request:
    """A parsed request as the dialog would hand it to a skill."""
    return Request(intent=intent, slots=slots, lang=lang, confidence=confidence,
                   text=text or f"{intent} {slots}", now=now)
