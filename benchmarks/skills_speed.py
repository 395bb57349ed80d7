"""How fast the skill layer answers: POI lookup, nearest place, vehicle writes, skill turns.

Run: .venv/bin/python benchmarks/skills_speed.py   (prints median times in milliseconds)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext
from voice.skills.climate import ClimateSkill
from voice.skills.navigation import NavigationSkill
from voice.skills.places import EmbeddedPlaces

QUERIES = ["北京西站", "beijing xi zhan", "Beijing West Railway Station", "the airport", "外滩",
           "Forbidden City", "鸟巢", "虹桥机场", "xyzzy", "great wall"]
TIANANMEN = (39.9087, 116.3975)


def median_ms(action: Callable[[], object], repeat: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    db = open_database(folder / "voice.db")
    places = EmbeddedPlaces(db)
    print(f"open database + seed POI store: {(time.perf_counter() - start) * 1000:.1f} ms")
    context = SkillContext(Config(data_dir=folder), db, SimulatedVehicle(db))
    now = datetime(2026, 11, 24, 9)
    navigate = Request("navigate", {"destination": "北京西站"}, "zh", 0.9, "", now)
    heat = Request("set_temperature", {"temperature": 24}, "en", 0.9, "", now)
    navigation, climate = NavigationSkill(), ClimateSkill()
    navigation.setup(context)
    queries = iter(QUERIES * 1000)
    print(f"find destination (fuzzy, {len(QUERIES)} queries): "
          f"{median_ms(lambda: places.find(next(queries), TIANANMEN)):.2f} ms")
    print(f"nearest gas station: "
          f"{median_ms(lambda: places.nearest('gas_station', TIANANMEN)):.3f} ms")
    print(f"vehicle set (one transaction): "
          f"{median_ms(lambda: context.vehicle.set('climate.ac', True)):.2f} ms")
    print(f"navigate turn: {median_ms(lambda: navigation.handle(navigate, context)):.2f} ms")
    print(f"set_temperature turn (3 zones): "
          f"{median_ms(lambda: climate.handle(heat, context)):.2f} ms")


if __name__ == "__main__":
    main()
