"""Where audio enters: `AudioChunk`, the one format every source yields.

`read_audio()` streams WAV, FLAC or OGG files of any sample rate and channel
count as 16 kHz mono signed 16-bit chunks; the microphone (`voice.mic`) yields
the same chunks, so both go through one path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

from voice.errors import AudioError

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes, signed 16-bit little endian
CHANNELS = 1
CHUNK_SECONDS = 0.05


@dataclass(frozen=True)
class AudioChunk:
    """A piece of PCM audio that carries its own format and its start time in seconds."""

    audio: bytes
    rate: int = SAMPLE_RATE
    width: int = SAMPLE_WIDTH
    channels: int = CHANNELS
    timestamp: float = 0.0

    @property
    def duration(self) -> float:
        """Length of the chunk in seconds."""
        return len(self.audio) / (self.rate * self.width * self.channels)


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as signed 16-bit little-endian bytes."""
    scaled = np.round(np.asarray(samples, dtype=np.float64) * 32768.0)
    return np.clip(scaled, -32768, 32767).astype("<i2").tobytes()


class Resampler:
    """Turns float blocks of any rate and channel count into 16 kHz mono chunks."""

    def __init__(self, rate: int, chunk_seconds: float = CHUNK_SECONDS) -> None:
        self.rate = rate
        self.stream = None if rate == SAMPLE_RATE else soxr.ResampleStream(
            rate, SAMPLE_RATE, 1, dtype="float32")
        self.chunk_bytes = int(SAMPLE_RATE * chunk_seconds) * SAMPLE_WIDTH
        self.pending = b""
        self.emitted = 0  # bytes already yielded, for timestamps

    def feed(self, block: np.ndarray, last: bool = False) -> Iterator[AudioChunk]:
        """Convert one block (frames x channels, or frames) and yield every full chunk."""
        mono = block.mean(axis=1) if block.ndim == 2 else block
        mono = mono.astype(np.float32, copy=False)
        if self.stream is not None:
            mono = self.stream.resample_chunk(mono, last=last)
        self.pending += to_pcm16(mono)
        while len(self.pending) >= self.chunk_bytes or (last and self.pending):
            data, self.pending = self.pending[:self.chunk_bytes], self.pending[self.chunk_bytes:]
            yield AudioChunk(data, timestamp=self.emitted / (SAMPLE_RATE * SAMPLE_WIDTH))
            self.emitted += len(data)


def open_audio(path: Path) -> soundfile.SoundFile:
    """Open an audio file for reading, or raise a one-line `AudioError`."""
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: empty file")
    try:
        sound = soundfile.SoundFile(str(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"{path}: not a readable audio file (WAV, FLAC or OGG): "
                         f"{short_reason(exc)}") from exc
    if sound.frames == 0 and sound.format != "OGG":
        sound.close()
        raise AudioError(f"{path}: contains no audio samples")
    if sound.format == "WAV":
        check_wav_length(path, sound)
    return sound


def check_wav_length(path: Path, sound: soundfile.SoundFile) -> None:
    """Raise `AudioError` when a WAV file is shorter than its header says."""
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    at = head.find(b"data", 12)
    if at < 0 or at + 8 > len(head):
        return
    declared = int.from_bytes(head[at + 4:at + 8], "little")
    present = path.stat().st_size - (at + 8)
    if declared not in (0, 0xFFFFFFFF) and present < declared:
        sound.close()
        raise AudioError(f"{path}: truncated: the header promises {declared} bytes of audio, "
                         f"the file holds {present}")


def short_reason(exc: Exception) -> str:
    """The first line of a library error, without the file name it repeats."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.split(": ", 1)[-1] if text.startswith("Error opening") else text


def read_audio(path: Path | str, chunk_seconds: float = CHUNK_SECONDS) -> Iterator[AudioChunk]:
    """Stream a WAV/FLAC/OGG file as 16 kHz mono s16 chunks, in constant memory.

    Raises `AudioError` for missing, empty, truncated, corrupt or non-audio files.
    """
    path = Path(path)
    sound = open_audio(path)
    resampler = Resampler(sound.samplerate, chunk_seconds)
    block_frames = max(1, int(sound.samplerate * chunk_seconds))
    read = 0
    with sound:
        try:
            for block in sound.blocks(blocksize=block_frames, dtype="float32", always_2d=True):
                read += len(block)
                yield from resampler.feed(block)
        except (soundfile.LibsndfileError, RuntimeError) as exc:
            raise AudioError(f"{path}: corrupt audio data after {read / sound.samplerate:.2f} s: "
                             f"{short_reason(exc)}") from exc
        yield from resampler.feed(np.zeros((0, 1), dtype=np.float32), last=True)
    if read == 0:
        raise AudioError(f"{path}: contains no audio samples")
    if sound.frames > 0 and read < sound.frames:
        raise AudioError(f"{path}: truncated: header promises {sound.frames} frames, "
                         f"found {read}")


def read_pcm(path: Path | str) -> bytes:
    """A whole (short) file as 16 kHz mono s16 bytes; for tests and benchmarks."""
    return b"".join(chunk.audio for chunk in read_audio(path))
