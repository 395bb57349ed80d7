"""The microphone path through real PortAudio and the virtual input of scripts/start-audio.sh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.asr_audio import DATA, read_lines, speak
from voice import mic
from voice.asr import load_recognizer
from voice.asr.stream import utterances
from voice.errors import AudioError

COMMANDS = read_lines("en_commands.txt")
SINK = "voice_car"  # the null sink whose monitor is the virtual microphone


def virtual_mic_ready() -> bool:
    if shutil.which("pactl") is None:
        return False
    sinks = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True)
    return sinks.returncode == 0 and SINK in sinks.stdout


def unavailable(reason: str) -> None:
    """Skip on a developer machine without sound; in CI (which sets the device up) fail."""
    if os.environ.get("CI"):
        pytest.fail(f"microphone path not available in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def inputs() -> list[mic.InputDevice]:
    try:
        found = mic.list_input_devices()
    except AudioError as exc:
        unavailable(f"no PortAudio: {exc}")
    if not found:
        unavailable("PortAudio has no input device at all (run scripts/start-audio.sh)")
    return found


def recording_clients() -> int:
    outputs = subprocess.run(["pactl", "list", "short", "source-outputs"],
                             capture_output=True, text=True, check=True)
    return len(outputs.stdout.splitlines())


def play_later(path: Path, delay: float) -> threading.Thread:
    """Play `path` into the virtual microphone once something records, then after `delay`."""
    def play() -> None:
        deadline = time.monotonic() + 30
        while recording_clients() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(delay)
        subprocess.run(["paplay", "-d", SINK, str(path)], check=True, timeout=30)

    thread = threading.Thread(target=play)
    thread.start()
    return thread


def test_devices_lists_inputs(inputs: list[mic.InputDevice]) -> None:
    result = subprocess.run([sys.executable, "-m", "voice", "devices"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    for device in inputs:
        assert device.name in result.stdout


def test_recording_has_the_chunk_format(inputs: list[mic.InputDevice]) -> None:
    chunks = list(mic.stream(duration=0.5))
    assert chunks and all(c.rate == 16_000 and c.channels == 1 for c in chunks)
    assert sum(c.duration for c in chunks) == pytest.approx(0.5, abs=0.05)


def test_unknown_device_is_a_clear_error(inputs: list[mic.InputDevice]) -> None:
    with pytest.raises(AudioError, match="no input device named 'no-such-mic'"):
        next(mic.stream("no-such-mic", duration=0.2))


def test_spoken_command_through_the_virtual_microphone(inputs: list[mic.InputDevice],
                                                       tmp_path: Path) -> None:
    if not virtual_mic_ready():
        unavailable("the virtual microphone is not set up (run scripts/start-audio.sh)")
    speech = speak("open the driver window", "en-us", tmp_path / "say.wav")
    english = load_recognizer("sphinx", "en")
    player = play_later(speech, 0.5)
    heard = [u.best().text for u in utterances(mic.stream("pulse", duration=4.0), [english],
                                               phrases={"en": COMMANDS})]
    player.join()
    assert heard == ["open the driver window"]


def test_transcribe_mic_command(inputs: list[mic.InputDevice], tmp_path: Path) -> None:
    if not virtual_mic_ready():
        unavailable("the virtual microphone is not set up (run scripts/start-audio.sh)")
    speech = speak("next song", "en-us", tmp_path / "say.wav")
    player = play_later(speech, 0.5)
    result = subprocess.run(
        [sys.executable, "-m", "voice", "transcribe", "--mic", "--device", "pulse",
         "--seconds", "5", "--lang", "en", "--mode", "grammar", "--phrases",
         str(DATA / "en_commands.txt")], capture_output=True, text=True, timeout=60)
    player.join()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "next song"
