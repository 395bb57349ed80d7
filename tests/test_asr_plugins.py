"""Speech engines are plugins in the entry-point group `voice.asr`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.asr_audio import speak
from voice.asr import engine_names


def test_built_in_engines_come_through_the_entry_point_group() -> None:
    assert {"vosk", "sphinx"} <= set(engine_names())


def test_a_broken_engine_plugin_is_one_clear_error(tmp_path: Path) -> None:
    dist = tmp_path / "car_engine_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: car-engine-plugin\n"
                                   "Version: 1.0\n")
    (dist / "entry_points.txt").write_text("[voice.asr]\nbroken = no_such_module:Engine\n")
    wav = speak("pause", "en-us", tmp_path / "pause.wav")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    listed = subprocess.run([sys.executable, "-c",
                             "from voice.asr import engine_names; print(engine_names())"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert "broken" in listed.stdout
    result = subprocess.run([sys.executable, "-m", "voice", "transcribe", "--lang", "en",
                             "--engine", "broken", str(wav)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "speech engine 'broken' from car-engine-plugin cannot be loaded" in result.stderr
    # the built-in engines still work next to the broken one
    result = subprocess.run([sys.executable, "-m", "voice", "transcribe", "--lang", "en",
                             "--phrases", str(Path(__file__).parent / "data" /
                                              "en_commands.txt"), str(wav)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "pause"
