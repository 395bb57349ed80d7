"""The whole path from the command line: parser, dialogue, skills, database, vehicle state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOW = "2026-11-24T09:00"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        f'data_dir = "{tmp_path / "data"}"\n'
        '[phone.contacts]\n"张三" = "+86 138 0000 0001"\n"Mom" = "+86 138 0000 0002"\n')
    return tmp_path


def voice_cmd(home: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "VOICE_CONFIG": str(home / "config.toml")}
    result = subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True,
                            text=True, timeout=120, env=env, input=stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ask_navigates_to_beijing_west_in_chinese(home: Path) -> None:
    reply = voice_cmd(home, "ask", "--now", NOW, "导航到北京西站")
    assert "北京西站" in reply and "公里" in reply


def test_ask_navigates_in_english(home: Path) -> None:
    reply = voice_cmd(home, "ask", "--now", NOW, "navigate to Beijing West Railway Station")
    assert "Beijing West Railway Station" in reply and "km" in reply


def test_climate_refusal_and_vehicle_state(home: Path) -> None:
    refusal = voice_cmd(home, "ask", "set the temperature to 35 degrees")
    assert "between 16 and 30" in refusal
    voice_cmd(home, "ask", "turn on the AC")
    state = json.loads(voice_cmd(home, "vehicle", "state", "--json"))
    assert state["climate.ac"] is True and state["climate.driver_temperature"] == 22


def test_example_plugin_answers_in_both_languages(home: Path) -> None:
    assert "km of range" in voice_cmd(home, "ask", "how far can I drive")
    assert "公里" in voice_cmd(home, "ask", "还能开多远")


def test_chat_books_a_service_after_a_follow_up_and_a_confirmation(home: Path) -> None:
    lines = voice_cmd(home, "chat", "--now", NOW,
                      stdin="book a service\ntomorrow at ten\nyes\n").strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("What day and time")
    assert "November 25" in lines[1] and "10 am" in lines[1] and "confirm" in lines[1]
    assert lines[2].startswith("Booked")


def test_chat_books_nothing_when_the_answer_is_no(home: Path) -> None:
    lines = voice_cmd(home, "chat", "--now", NOW,
                      stdin="book a service tomorrow at ten\nno\nyes\n").strip().splitlines()
    assert "confirm" in lines[0]
    assert lines[1:] == ["OK, I won't do it.", "There is nothing to confirm."]


def test_chat_books_a_service_in_chinese(home: Path) -> None:
    lines = voice_cmd(home, "chat", "--now", NOW,
                      stdin="预约保养\n明天上午十点\n确认\n").strip().splitlines()
    assert len(lines) == 3 and lines[0].endswith("？")
    assert "11月25日" in lines[1] and "确认吗" in lines[1]
    assert lines[2].startswith("已为您预约")


def test_chat_pays_a_pending_parking_fee_only_after_yes(home: Path) -> None:
    voice_cmd(home, "bills", "add", "--purpose", "parking", "--amount", "15",
              "--payee", "Wangfujing Car Park")
    lines = voice_cmd(home, "chat", "--now", NOW,
                      stdin="pay the parking fee\nno\npay the parking fee\n\n").splitlines()
    assert "15" in lines[0] and "Wangfujing Car Park" in lines[0]
    assert lines[1] == "OK, I won't do it."
    assert "no payments" in voice_cmd(home, "wallet", "history")
    lines = voice_cmd(home, "chat", "--now", NOW,
                      stdin="pay the parking fee\nyes\nyes\n").splitlines()
    assert lines[2] == "There is nothing to confirm."
    history = voice_cmd(home, "wallet", "history")
    assert history.count("15.00") == 1 and "Wangfujing Car Park" in history
