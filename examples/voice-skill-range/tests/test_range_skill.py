"""The example range skill: its answers in both languages, its grammars and its discovery."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
import yaml
from voice_skill_range import RangeSkill

from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext
from voice.skills.registry import load_skills


@pytest.fixture
def context(tmp_path: Path) -> SkillContext:
    db = open_database(tmp_path / "voice.db")
    return SkillContext(config=Config(data_dir=tmp_path), db=db, vehicle=SimulatedVehicle(db))


def ask(context: SkillContext, lang: str) -> str:
    request = Request("fuel_range", {}, lang, 0.9, "", datetime(2026, 11, 24, 9))
    return RangeSkill().handle(request, context).text


def test_answers_in_english_and_chinese(context: SkillContext) -> None:
    context.vehicle.set("energy.range_km", 120)
    assert ask(context, "en") == "You have 62% fuel left, about 120 km of range."
    assert ask(context, "zh") == "剩余油量62%，大约还能行驶120公里。"


def test_warns_when_the_route_is_too_long(context: SkillContext) -> None:
    context.vehicle.set("energy.range_km", 50)
    context.vehicle.set("navigation.route", {"distance_km": 300.0})
    assert "refuel" in ask(context, "en")
    assert "加油" in ask(context, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_grammar_files_declare_the_intent(lang: str) -> None:
    text = resources.files("voice_skill_range.grammars").joinpath(
        f"{lang}/fuel_range.yaml").read_text("utf-8")
    grammar = yaml.safe_load(text)
    assert grammar["language"] == lang
    assert grammar["intents"]["fuel_range"]["data"][0]["sentences"]


def test_discovered_through_entry_points_with_both_languages() -> None:
    registry = load_skills()
    skill = registry.skill_for("fuel_range")
    assert skill is not None and skill.name == "range"
    assert registry.skill_languages(skill) == ["en", "zh"]
