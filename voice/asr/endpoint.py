"""Endpointing: when an utterance ends.

An utterance ends after `silence` seconds of quiet following speech, or much
sooner (`complete_silence`) when the words heard so far already form a complete
command, as told by the `is_complete(text, lang)` callable the pipeline injects
(the parser says yes when a parse has an intent above its threshold).
Speech is told from quiet by frame energy against a tracked noise floor.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voice.audio import AudioChunk

IsComplete = Callable[[str, str], bool]
PREROLL_SECONDS = 0.5  # quiet before speech that the recognizers still get


@dataclass(frozen=True)
class EndpointConfig:
    """Silence lengths in seconds and the speech detector's thresholds."""

    silence: float = 0.8            # quiet after speech that ends any utterance
    complete_silence: float = 0.25  # quiet that ends an utterance already complete
    max_utterance: float = 15.0     # speech never runs longer than this in one utterance
    idle_reset: float = 5.0         # quiet with no speech before a fresh session starts
    min_speech: float = 0.1         # shorter bursts are noise, not speech
    floor_db: float = -50.0         # nothing quieter than this is ever speech
    margin_db: float = 12.0         # speech is this much above the noise floor


def frame_db(audio: bytes) -> float:
    """RMS level of s16 audio in dBFS."""
    samples = np.frombuffer(audio, dtype="<i2").astype(np.float32)
    if samples.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(samples * samples))) / 32768.0
    return 20.0 * math.log10(max(rms, 1e-6))


class Endpointer:
    """Follows one utterance chunk by chunk and says when it has ended."""

    def __init__(self, config: EndpointConfig | None = None,
                 is_complete: IsComplete | None = None) -> None:
        self.config = config or EndpointConfig()
        self.is_complete = is_complete
        self.noise_db = self.config.floor_db
        self.reset()

    def reset(self) -> None:
        """Start a new utterance (the noise floor carries over)."""
        self.speech = 0.0          # seconds of speech heard
        self.trailing = 0.0        # seconds of quiet since the last speech
        self.started: float | None = None       # stream time where the utterance began
        self.speech_start: float | None = None  # stream time where speech began
        self.now = 0.0             # stream time at the end of the last chunk
        self.speech_end: float | None = None  # stream time where speech last stopped
        self.reason = ""

    @property
    def in_speech(self) -> bool:
        """Whether speech has been heard in this utterance."""
        return self.speech >= self.config.min_speech

    def is_speech(self, level: float) -> bool:
        return level > max(self.config.floor_db, self.noise_db + self.config.margin_db)

    def track_noise(self, level: float, speech: bool) -> None:
        """Follow the noise floor: fast down, slowly up, and only in quiet."""
        if level < self.noise_db:
            self.noise_db = 0.5 * self.noise_db + 0.5 * level
        elif not speech:
            self.noise_db = 0.95 * self.noise_db + 0.05 * level

    def update(self, chunk: AudioChunk, partials: dict[str, str]) -> bool:
        """Account for one chunk; `partials` maps language -> text so far. True when ended."""
        level = frame_db(chunk.audio)
        speech = self.is_speech(level)
        self.track_noise(level, speech)
        self.now = chunk.timestamp + chunk.duration
        if self.started is None:
            self.started = chunk.timestamp
        if speech:
            if self.speech_start is None:
                self.speech_start = chunk.timestamp
            self.speech += chunk.duration
            self.trailing = 0.0
            self.speech_end = None
        else:
            if self.trailing == 0.0:
                self.speech_end = chunk.timestamp
            self.trailing += chunk.duration
        return self.ended(partials)

    def ended(self, partials: dict[str, str]) -> bool:
        config = self.config
        if not self.in_speech:
            waited = self.now - (self.started or 0.0)
            if self.trailing < config.idle_reset and waited < config.max_utterance:
                return False
            self.reason = "idle"  # nothing said: start afresh, keep no audio
        elif self.speech_start is not None and \
                self.now - self.speech_start >= config.max_utterance:
            self.reason = "max_length"
        elif self.trailing <= 0.0:
            return False
        elif self.trailing >= config.silence:
            self.reason = "silence"
        elif self.trailing >= config.complete_silence and self.complete(partials):
            self.reason = "complete"
        else:
            return False
        return True

    def complete(self, partials: dict[str, str]) -> bool:
        if self.is_complete is None:
            return False
        return any(text and self.is_complete(text, lang) for lang, text in partials.items())


class EndpointDetector(Protocol):
    """What the speech gate and the assistant loop need of an endpointer."""

    speech_start: float | None  # stream time where speech began (None: not yet)
    speech_end: float | None  # stream time where speech last stopped

    def reset(self) -> None:
        """Start a new utterance."""

    def update(self, chunk: AudioChunk, partials: dict[str, str]) -> bool:
        """Account for one chunk; True once the utterance has ended."""
        ...


class SpeechGate:
    """Holds quiet audio back from the recognizers until speech starts.

    Recognizers are opened only once the endpointer hears speech, and then get
    the last `preroll` seconds of quiet before it too, so a soft first sound is
    not lost. A microphone left on in a quiet cabin costs the energy detector
    only, not a decoder per language.
    """

    def __init__(self, endpointer: EndpointDetector, preroll: float = PREROLL_SECONDS) -> None:
        self.endpointer = endpointer
        self.preroll = preroll
        self.held: deque[AudioChunk] = deque()
        self.held_seconds = 0.0
        endpointer.reset()

    def admit(self, chunk: AudioChunk) -> list[AudioChunk]:
        """Before speech: [] while quiet; once speech starts, the pre-roll and `chunk`."""
        endpointer = self.endpointer
        if endpointer.update(chunk, {}) and endpointer.speech_start is None:
            endpointer.reset()  # a long quiet: start the utterance clock afresh
        self.held.append(chunk)
        self.held_seconds += chunk.duration
        while self.held_seconds - self.held[0].duration >= self.preroll + chunk.duration:
            self.held_seconds -= self.held.popleft().duration
        if endpointer.speech_start is None:
            return []
        admitted = list(self.held)
        self.held.clear()
        self.held_seconds = 0.0
        return admitted
