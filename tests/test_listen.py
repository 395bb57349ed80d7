"""`voice listen --file`: the assistant loop on a recording, with a real Vosk assistant."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
AUDIO = ROOT / "tests" / "fixtures" / "ko" / "audio"
KOREAN = "tests.korean_assistant:assistant_for"


@pytest.fixture(scope="module")
def two_commands(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two recorded commands in one file, as a drive would have them."""
    path = tmp_path_factory.mktemp("listen") / "drive.wav"
    frames = b""
    for name in ("004-ko_f2-130.wav", "002-ko_f2-130.wav"):
        with wave.open(str(AUDIO / name), "rb") as part:
            params = part.getparams()
            frames += part.readframes(part.getnframes())
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(frames)
    return path


def listen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voice", "listen", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_each_command_in_a_recording_gets_a_spoken_reply(two_commands: Path,
                                                          tmp_path: Path) -> None:
    result = listen("--file", str(two_commands), "--assistant", KOREAN, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "heard (ko): 창문 닫아" in result.stdout and "heard (ko): 음악 틀어" in result.stdout
    assert "intent: window" in result.stdout and "intent: play_music" in result.stdout
    assert "reply: OK, window action close" in result.stdout
    assert (tmp_path / "drive.wav").stat().st_size > 10_000
    assert (tmp_path / "drive-2.wav").stat().st_size > 10_000


def test_json_turns(two_commands: Path) -> None:
    result = listen("--file", str(two_commands), "--assistant", KOREAN, "--json", "--no-speak")
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert [t["parse"]["intent"] for t in turns] == ["window", "play_music"]
    assert all(t["spoken"] is None and t["latency"] > 0 for t in turns)


@pytest.mark.parametrize(("args", "message"), [
    (["--file", "/nonexistent.wav"], "nonexistent.wav"),
    (["--now", "tomorrow"], "--now must be an ISO date-time"),
    (["--assistant", "nomodule"], "module:function"),
])
def test_bad_input_is_one_line(args: list[str], message: str) -> None:
    result = listen(*args)
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert message in result.stderr
