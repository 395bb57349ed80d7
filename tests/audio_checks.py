"""Measurements on real WAV files shared by the speech tests."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np


def wav_samples(path: Path) -> tuple[np.ndarray, int]:
    """Samples as floats in -1..1 and the sample rate."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return data.astype(np.float32) / 32768.0, wav.getframerate()


def voiced_fraction(samples: np.ndarray, rate: int, frame: float = 0.02) -> float:
    """Share of 20 ms frames louder than -40 dBFS: about 0 for silence, high for speech."""
    size = int(rate * frame)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    return float((rms > 0.01).mean())
