"""Where audio enters: `AudioChunk`, the one format every source yields."""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes, signed 16-bit little endian
CHANNELS = 1


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
