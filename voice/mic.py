"""The microphone through PortAudio (sounddevice), as the same `AudioChunk` stream as files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice.audio import CHUNK_SECONDS, SAMPLE_RATE, AudioChunk, Resampler
from voice.errors import AudioError


@dataclass(frozen=True)
class InputDevice:
    """An audio input PortAudio offers."""

    index: int
    name: str
    channels: int
    default_rate: float
    is_default: bool


def portaudio() -> Any:
    """The sounddevice module, or an `AudioError` when PortAudio is missing."""
    try:
        import sounddevice
    except OSError as exc:  # libportaudio2 is not installed
        raise AudioError(f"PortAudio is not available: {exc}") from exc
    return sounddevice


def list_input_devices() -> list[InputDevice]:
    """Every device with at least one input channel."""
    sd = portaudio()
    try:
        devices = sd.query_devices()
        default_input = sd.default.device[0]
    except Exception as exc:
        raise AudioError(f"cannot list audio devices: {exc}") from exc
    return [InputDevice(i, d["name"], d["max_input_channels"], d["default_samplerate"],
                        i == default_input)
            for i, d in enumerate(devices) if d["max_input_channels"] > 0]


def pick_device(device: str | int | None) -> int | None:
    """A device index from an index, a name (or part of one), or None for the default."""
    inputs = list_input_devices()
    if not inputs:
        raise AudioError("no audio input device found (is a sound server running? "
                         "see docs/asr.md)")
    if device is None or device == "":
        return None
    if isinstance(device, int) or str(device).isdigit():
        index = int(device)
        if any(d.index == index for d in inputs):
            return index
        raise AudioError(f"no input device with index {index}: see `voice devices`")
    matches = [d for d in inputs if str(device).lower() in d.name.lower()]
    exact = [d for d in matches if d.name.lower() == str(device).lower()]
    if exact or len(matches) == 1:
        return (exact or matches)[0].index
    if not matches:
        raise AudioError(f"no input device named {device!r}: see `voice devices`")
    raise AudioError(f"{device!r} names several input devices: "
                     f"{', '.join(d.name for d in matches)}")


def stream(device: str | int | None = None, duration: float | None = None,
           chunk_seconds: float = CHUNK_SECONDS) -> Iterator[AudioChunk]:
    """Record 16 kHz mono s16 chunks from an input device, for `duration` seconds or forever."""
    sd = portaudio()
    index = pick_device(device)
    info = sd.query_devices(index, "input")
    rate = SAMPLE_RATE
    try:
        sd.check_input_settings(device=index, channels=1, samplerate=rate)
    except Exception:
        rate = int(info["default_samplerate"])
    resampler = Resampler(rate, chunk_seconds)
    block = max(1, int(rate * chunk_seconds))
    recorded = 0
    try:
        with sd.InputStream(device=index, channels=1, samplerate=rate,
                            dtype="float32", blocksize=block) as source:
            while duration is None or recorded < duration * rate:
                data, _overflowed = source.read(block)
                recorded += len(data)
                yield from resampler.feed(np.asarray(data))
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot record from {info['name']}: {exc}") from exc
    yield from resampler.feed(np.zeros((0, 1), dtype=np.float32), last=True)
