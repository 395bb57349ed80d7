"""Spoken replies: the `Speaker` protocol and a pyttsx3 speaker (espeak-ng on Linux).

Each reply is spoken in its own language. Mixed text such as "导航到Starbucks"
is split into runs by script (Han characters vs Latin letters) and each run is
spoken with the voice of its language, so a Chinese reply that names an English
place still sounds right.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from voice.config import Config
from voice.errors import AudioError, TTSError, UsageError

LANGS = ("en", "zh")
DEFAULT_VOICES = {"en": "en-us", "zh": "cmn"}  # espeak-ng names; "+f3" etc. picks a variant
MAX_TEXT = 1_000
SYNTH_TIMEOUT = 30.0  # seconds for one run of text
SYNTH_ATTEMPTS = 3  # a run the engine cancels on its own is tried again
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")


class Speaker(Protocol):
    """Anything that can speak a reply aloud or into a WAV file."""

    def say(self, text: str, lang: str) -> None:
        """Speak `text` (in language `lang`) on the speakers."""
        ...

    def to_file(self, text: str, lang: str, path: Path) -> Path:
        """Speak `text` into a WAV file at `path` and return the path."""
        ...


@dataclass(frozen=True)
class TTSSettings:
    """The `[tts]` section of the config: driver, voice per language, rate and volume."""

    driver: str | None = None  # None: pyttsx3's default for the platform (espeak on Linux)
    rate: int = 175  # words per minute
    volume: float = 1.0  # 0..1
    voices: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_VOICES))

    @classmethod
    def from_config(cls, config: Config) -> TTSSettings:
        """Read `[tts]`; a bad value is a one-line UsageError."""
        section = config.section("tts")
        voices = dict(DEFAULT_VOICES)
        voices.update({lang: str(name) for lang, name in section.get("voices", {}).items()})
        try:
            settings = cls(
                driver=section.get("driver"),
                rate=int(section.get("rate", cls.rate)),
                volume=float(section.get("volume", cls.volume)),
                voices=voices,
            )
        except (TypeError, ValueError) as exc:
            raise UsageError(f"bad [tts] setting in config: {exc}") from exc
        settings.check()
        return settings

    def check(self) -> None:
        """Raise UsageError for a rate or volume out of range."""
        if not 50 <= self.rate <= 500:
            raise UsageError(f"tts rate must be 50..500 words per minute, not {self.rate}")
        if not 0.0 <= self.volume <= 1.0:
            raise UsageError(f"tts volume must be 0..1, not {self.volume}")

    def replace(self, **changes: Any) -> TTSSettings:
        """A copy with some settings changed (None values are ignored)."""
        values: dict[str, Any] = {"driver": self.driver, "rate": self.rate,
                                  "volume": self.volume, "voices": dict(self.voices)}
        values.update({k: v for k, v in changes.items() if v is not None})
        return TTSSettings(**values)


def check_text(text: str, lang: str, langs: tuple[str, ...] = LANGS) -> str:
    """Validate what is to be spoken; return it stripped."""
    if lang not in langs:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(langs)}")
    text = text.strip()
    if not text:
        raise UsageError("nothing to say: the text is empty")
    if len(text) > MAX_TEXT:
        raise UsageError(f"text too long to speak: {len(text)} characters (max {MAX_TEXT})")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise UsageError("the text contains control characters (binary input?)")
    return text


def detect_lang(text: str) -> str:
    """`zh` when the text has any Han character, else `en`."""
    return "zh" if _HAN.search(text) else "en"


def split_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """Split text into (lang, run) pieces by script.

    Han characters are Chinese, Latin letters English. Digits, spaces and
    punctuation go with the letters that follow them (a number is read in the
    language of its unit: "Starbucks 5公里" -> en "Starbucks", zh "5公里"), and
    at the end with the run before them.
    """
    runs: list[tuple[str, str]] = []
    current_lang, current, pending = lang, "", ""
    for char in text:
        char_lang = "zh" if _HAN.match(char) else "en" if _LATIN.match(char) else None
        if char_lang is None:
            pending += char
            continue
        if char_lang != current_lang and current.strip():
            runs.append((current_lang, current))
            current = ""
        current_lang = char_lang
        current += pending + char
        pending = ""
    current += pending
    if current.strip():
        runs.append((current_lang, current))
    return [(run_lang, run.strip()) for run_lang, run in runs if _speakable(run)]


def _speakable(run: str) -> bool:
    return any(c.isalnum() for c in run)


class PyttsxSpeaker:
    """A `Speaker` on pyttsx3; one engine per process, voices switched per run."""

    def __init__(self, settings: TTSSettings | None = None) -> None:
        self.settings = settings or TTSSettings()
        self.settings.check()
        self._engine = _init_engine(self.settings.driver)
        self._voices = {lang: self._find_voice(name) for lang, name in self.settings.voices.items()}

    def _find_voice(self, wanted: str) -> str:
        base, plus, variant = wanted.partition("+")
        voices = self._engine.getProperty("voices") or []
        for voice in voices:
            ids = {voice.id, str(voice.id).rsplit("/", 1)[-1], voice.name}
            ids.update(str(lang) for lang in (voice.languages or []))
            if base in ids:
                return f"{voice.id}{plus}{variant}"
        raise TTSError(f"no text-to-speech voice {wanted!r}: see `espeak-ng --voices`")

    def synthesize(self, text: str, lang: str) -> tuple[np.ndarray, int]:
        """Speak `text` into memory: (int16 samples, sample rate)."""
        if lang not in self._voices:
            raise TTSError(f"no text-to-speech voice for language {lang!r}: "
                           f"set [tts.voices] {lang} = \"<espeak-ng voice>\" in the config")
        text = check_text(text, lang, tuple(self._voices))
        runs = split_runs(text, lang) if lang in LANGS else []
        runs = runs or [(lang, text)]
        with tempfile.TemporaryDirectory(prefix="voice-tts-", ignore_cleanup_errors=True) as tmp:
            pieces = [self._run_to_wav(run, run_lang, Path(tmp) / f"{index}.wav")
                      for index, (run_lang, run) in enumerate(runs)]
        rate = pieces[0][1]
        gap = np.zeros(int(rate * 0.08), dtype=np.int16)
        samples = np.concatenate([part for samples, _ in pieces for part in (samples, gap)][:-1])
        return samples, rate

    def _run_to_wav(self, run: str, lang: str, path: Path) -> tuple[np.ndarray, int]:
        for _ in range(SYNTH_ATTEMPTS):
            if self._synthesize_run(run, lang, path):
                _wait_until_written(path, SYNTH_TIMEOUT)
                return _read_wav(path)
        raise TTSError(f"the text-to-speech engine cancelled the utterance {SYNTH_ATTEMPTS} times")

    def _synthesize_run(self, run: str, lang: str, path: Path) -> bool:
        """Have the engine write one run to `path`; False if the engine cancelled it."""
        # pyttsx3 shares one engine per driver: set every property for each run.
        _set_property(self._engine, "voice", self._voices[lang])
        _set_property(self._engine, "rate", self.settings.rate)
        _set_property(self._engine, "volume", self.settings.volume)
        _settle(self._engine)
        watch: _FinishWatch = self._engine._voice_watch
        watch.reset()
        self._engine.save_to_file(run, str(path))
        with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to ..."
            self._engine.runAndWait()
            # With espeak, runAndWait can return while the file is still being written:
            # the engine's finished-utterance notice comes after the file is complete.
            if not watch.finished.wait(SYNTH_TIMEOUT):
                raise TTSError(f"the text-to-speech engine did not finish in {SYNTH_TIMEOUT} s")
        return watch.completed

    def to_file(self, text: str, lang: str, path: Path) -> Path:
        samples, rate = self.synthesize(text, lang)
        write_wav(path, samples, rate)
        return path

    def say(self, text: str, lang: str) -> None:
        samples, rate = self.synthesize(text, lang)
        play(samples, rate)


def _init_engine(driver: str | None) -> Any:
    try:
        import pyttsx3

        engine = pyttsx3.init(driver) if driver else pyttsx3.init()
    except Exception as exc:  # pyttsx3 raises anything from ImportError to OSError
        name = driver or "the default driver"
        raise TTSError(
            f"no text-to-speech engine ({name}: {type(exc).__name__}: {exc}); "
            "install espeak-ng (run ./setup.sh)"
        ) from exc
    if not hasattr(engine, "_voice_watch"):  # pyttsx3 shares one engine per driver
        engine._voice_watch = _FinishWatch(engine)
    return engine


class _FinishWatch:
    """Follows an engine's finished-utterance notices and whether the utterance completed."""

    def __init__(self, engine: Any) -> None:
        self.finished = threading.Event()
        self.completed = True
        engine.connect("finished-utterance", self._on_finished)
        engine.connect("error", self._on_error)

    def reset(self) -> None:
        self.completed = True
        self.finished.clear()

    def _on_finished(self, completed: bool = True, **_: Any) -> None:
        self.completed = bool(completed)
        self.finished.set()

    def _on_error(self, **_: Any) -> None:
        self.completed = False
        self.finished.set()


def _espeak_driver(engine: Any) -> Any | None:
    """The engine's pyttsx3 espeak driver, or None for any other driver."""
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    return driver if driver is not None and type(driver).__module__.endswith(".espeak") else None


def _settle(engine: Any) -> None:
    """Let libespeak-ng go idle before the next utterance starts.

    libespeak-ng reports itself as playing while it still works through queued
    commands (the end of the previous utterance, or the voice, rate and volume
    just set). pyttsx3's espeak driver takes that for an utterance in progress
    and marks a cancel, which then stops the next utterance, sometimes before
    it writes any audio. Wait until libespeak-ng is idle and drop any such
    leftover cancel.
    """
    driver = _espeak_driver(engine)
    if driver is None:
        return
    from pyttsx3.drivers import _espeak

    deadline = time.monotonic() + 1.0
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.005)
    driver._stopping = False


def _set_property(engine: Any, name: str, value: Any) -> None:
    """Set a voice property before the next utterance.

    pyttsx3 queues property changes behind its busy flag, and libespeak-ng
    applies rate and volume on its own thread, so a change can land after the
    next utterance. With the espeak driver the parameter is set directly and
    read back until it has taken effect.
    """
    driver = _espeak_driver(engine)
    if driver is None:
        engine.setProperty(name, value)
        return
    from pyttsx3.drivers import _espeak

    driver.setProperty(name, value)
    if name in ("rate", "volume"):
        param = _espeak.RATE if name == "rate" else _espeak.VOLUME
        wanted = int(value) if name == "rate" else int(round(float(value) * 100))
        deadline = time.monotonic() + 1.0
        while _espeak.GetParameter(param) != wanted and time.monotonic() < deadline:
            time.sleep(0.001)


def _wait_until_written(path: Path, timeout: float) -> None:
    """Wait until the engine's WAV file has audio and has stopped growing.

    A finished-utterance notice left over from an earlier run can arrive after
    the event was cleared, so the notice alone does not prove this file is done.
    """
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else 0
        if size > 44 and size == last:
            return
        last = size
        time.sleep(0.02)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    if not path.exists() or path.stat().st_size <= 44:
        raise TTSError("the text-to-speech engine produced no audio")
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16), wav.getframerate()


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write int16 mono samples as a WAV file (creating its folder)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(samples.astype(np.int16).tobytes())
    except OSError as exc:
        raise AudioError(f"cannot write {path}: {exc.strerror or exc}") from exc


def play(samples: np.ndarray, rate: int) -> None:
    """Play int16 samples on the default output device through PortAudio."""
    try:
        import sounddevice

        sounddevice.play(samples, rate, blocking=True)
    except Exception as exc:  # PortAudio errors, no device, no library
        raise AudioError(f"cannot play audio: {exc} (use --out FILE.wav)") from exc

