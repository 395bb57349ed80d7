"""The speech gate: recognizers get speech and a short pre-roll, never the long quiet before."""

from __future__ import annotations

import numpy as np

from voice.asr.endpoint import PREROLL_SECONDS, Endpointer, SpeechGate
from voice.audio import AudioChunk

CHUNK = 800  # 50 ms at 16 kHz


def chunks(pattern: str, start: float = 0.0) -> list[AudioChunk]:
    """'.' is 50 ms of faint noise, '#' 50 ms of a loud tone."""
    rng = np.random.default_rng(1)
    out = []
    for index, kind in enumerate(pattern):
        if kind == "#":
            samples = 8000 * np.sin(np.arange(CHUNK) * 2 * np.pi * 300 / 16000)
        else:
            samples = rng.normal(0, 30, CHUNK)
        out.append(AudioChunk(samples.astype("<i2").tobytes(), timestamp=start + index * 0.05))
    return out


def test_quiet_is_held_back_and_speech_brings_its_pre_roll() -> None:
    gate = SpeechGate(Endpointer())
    stream = chunks("." * 200 + "###")
    admitted = [gate.admit(chunk) for chunk in stream[:200]]
    assert all(not batch for batch in admitted)
    batch = gate.admit(stream[200])
    assert batch[-1] is stream[200]
    before = batch[:-1]
    assert PREROLL_SECONDS <= sum(c.duration for c in before) < PREROLL_SECONDS + 0.06
    assert [c.timestamp for c in before] == [c.timestamp for c in stream[200 - len(before):200]]


def test_speech_after_minutes_of_quiet_still_opens_the_gate() -> None:
    endpointer = Endpointer()
    gate = SpeechGate(endpointer)
    stream = chunks("." * 2400 + "#")  # two minutes, far beyond the idle reset
    assert not any(gate.admit(chunk) for chunk in stream[:-1])
    assert gate.admit(stream[-1])[-1].timestamp == stream[-1].timestamp
    assert endpointer.speech_start == stream[-1].timestamp
