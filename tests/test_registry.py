"""Skill discovery through entry points: built-ins, the example plugin, and broken plugins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voice.skills.registry import load_skills

BUILT_IN = {
    "navigation": ("navigate", "cancel_navigation"),
    "climate": ("set_temperature", "adjust_temperature", "climate_control", "window"),
    "infotainment": ("play_music", "media_control", "set_volume", "call"),
    "help": ("help",),
}


def install_fake_distribution(root: Path, dist: str, entry_points: str,
                              modules: dict[str, str]) -> None:
    """A real installed distribution (dist-info + modules) on a folder for sys.path."""
    info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)
    for name, source in modules.items():
        (root / f"{name}.py").write_text(source)


@pytest.fixture
def broken_plugins(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    install_fake_distribution(root, "voice-skill-broken", (
        "[voice.skills]\n"
        "crashes = crashing_skill:Crashing\n"
        "missing = no_such_module:Skill\n"
        "shapeless = crashing_skill:NOT_A_SKILL\n"
        "thief = crashing_skill:IntentThief\n"
    ), {"crashing_skill": (
        "class Crashing:\n"
        "    def __init__(self):\n"
        "        raise RuntimeError('cannot reach the weather station')\n"
        "NOT_A_SKILL = 42\n"
        "class IntentThief:\n"
        "    name = 'thief'\n"
        "    intents = ('navigate',)\n"
        "    def setup(self, context): pass\n"
        "    def handle(self, request, context): pass\n"
        "    def confirm(self, request, context): pass\n"
    )})
    return root


def test_built_in_skills_load_through_entry_points() -> None:
    registry = load_skills()
    loaded = {skill.name: tuple(skill.intents) for skill in registry.skills}
    assert {name: loaded.get(name) for name in BUILT_IN} == BUILT_IN
    assert registry.errors == []


def test_example_plugin_is_discovered_with_its_languages() -> None:
    registry = load_skills()
    skill = registry.skill_for("fuel_range")
    assert skill is not None and registry.skill_languages(skill) == ["en", "zh"]


def run_voice(*args: str, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path),
                                                          env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_broken_plugins_are_named_and_the_rest_still_load(broken_plugins: Path) -> None:
    result = run_voice("skills", extra_path=broken_plugins)
    assert result.returncode == 0
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert all("voice-skill-broken" in line for line in errors)
    assert any("'crashes'" in line and "weather station" in line for line in errors)
    assert any("'missing'" in line and "no_such_module" in line for line in errors)
    assert any("'shapeless'" in line for line in errors)
    assert any("'thief'" in line and "already handled by skill 'navigation'" in line
               for line in errors)
    assert "Traceback" not in result.stderr
    listed = result.stdout
    assert "navigation: navigate, cancel_navigation" in listed
    assert "range: fuel_range [en, zh]" in listed


def test_voice_skills_lists_every_skill() -> None:
    result = run_voice("skills")
    assert result.returncode == 0 and result.stderr == ""
    names = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert set(BUILT_IN) | {"range"} <= set(names)
    assert "navigation: navigate, cancel_navigation [en, zh]" in result.stdout
    assert "help: help [en, zh]" in result.stdout
