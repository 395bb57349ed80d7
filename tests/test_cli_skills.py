"""`voice ask`, `voice chat` and `voice vehicle state` on a real database in a temporary folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        f'data_dir = "{tmp_path / "data"}"\n[vehicle]\nlatitude = 39.9087\nlongitude = 116.3975\n')
    return tmp_path


def run_voice(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VOICE_CONFIG": str(home / "config.toml")}
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True, text=True,
                          timeout=60, env=env, input=stdin)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_vehicle_state_shows_what_the_skills_changed(home: Path) -> None:
    vehicle = SimulatedVehicle(open_database(home / "data" / "voice.db"))
    vehicle.set("climate.ac", True)
    vehicle.set("window.sunroof", "open")
    state = json.loads(run_voice(home, "vehicle", "state", "--json").stdout)
    assert state["climate.ac"] is True and state["window.sunroof"] == "open"
    assert state["climate.driver_temperature"] == 22
    text = run_voice(home, "vehicle", "state").stdout
    assert 'window.sunroof = "open"' in text


@pytest.mark.parametrize(("args", "message"), [
    (("ask", ""), "empty text"),
    (("ask", "   "), "empty text"),
    (("ask", "hello\x1b[2J\x07"), "control or binary"),
    (("ask", "x" * 600), "too long"),
    (("ask", "--now", "yesterday", "hi"), "--now must be"),
    (("ask", "--lang", "fr", "bonjour"), "unknown language"),
])
def test_bad_input_is_one_line(home: Path, args: tuple[str, ...], message: str) -> None:
    assert message in one_line_error(run_voice(home, *args))


@pytest.mark.parametrize("command", [("ask", "hello"), ("chat",), ("vehicle", "state")])
def test_garbage_database_is_refused_and_kept(home: Path, command: tuple[str, ...]) -> None:
    path = home / "data" / "voice.db"
    path.parent.mkdir()
    path.write_bytes(b"my precious notes, not a database\n" * 50)
    assert "not SQLite" in one_line_error(run_voice(home, *command, stdin=""))
    assert path.read_bytes() == b"my precious notes, not a database\n" * 50


def test_another_applications_database_is_refused_and_kept(home: Path) -> None:
    path = home / "data" / "voice.db"
    path.parent.mkdir()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE songs (title TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    assert "another application" in one_line_error(run_voice(home, "vehicle", "state"))
    assert path.read_bytes() == before
