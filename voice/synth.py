"""Make replay fixtures by speaking sentences with TTS, optionally in car-cabin noise.

The noise is generated, never downloaded: brown noise (road rumble), pink noise
(wind and tyres) and an engine hum (a firing frequency with its harmonics,
slowly wavering), mixed at a signal-to-noise ratio measured on the speech.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soxr

from voice.audio import SAMPLE_RATE
from voice.errors import FixtureError
from voice.tts import PyttsxSpeaker, TTSSettings, write_wav

LEAD_SECONDS = 0.4  # silence before the speech
TAIL_SECONDS = 0.8  # silence after it, so that endpointing has something to find


@dataclass(frozen=True)
class Sample:
    """A sentence to speak and what the assistant should make of it."""

    text: str
    intent: str | None
    slots: dict[str, Any] | None = None
    reply: str | None = None


def cabin_noise(seconds: float, rate: int = SAMPLE_RATE, seed: int = 0,
                rpm: float = 1800.0) -> np.ndarray:
    """Car-cabin noise (float32, unit RMS): road rumble, wind and engine hum."""
    rng = np.random.default_rng(seed)
    count = int(seconds * rate)
    brown = np.cumsum(rng.standard_normal(count))
    brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # remove the drift
    spectrum = np.fft.rfft(rng.standard_normal(count))
    freqs = np.fft.rfftfreq(count, 1 / rate)
    pink = np.fft.irfft(spectrum / np.sqrt(np.maximum(freqs, 20.0)), count)
    t = np.arange(count) / rate
    firing = rpm / 60 * 2  # four-stroke, four cylinders: two firings per turn
    wobble = 1 + 0.05 * np.sin(2 * np.pi * 0.3 * t)
    hum = sum(np.sin(2 * np.pi * firing * k * t * wobble) / k for k in range(1, 6))
    parts = [_unit(brown) * 1.0, _unit(pink) * 0.6, _unit(np.asarray(hum)) * 0.5]
    return _unit(np.sum(parts, axis=0)).astype(np.float32)


def _unit(signal: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(signal ** 2)))
    return signal / rms if rms > 0 else signal


def speech_power(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Mean power over the voiced 20 ms frames (silence does not dilute the SNR)."""
    size = int(rate * 0.02)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    power = (frames ** 2).mean(axis=1)
    voiced = power[power > power.max() * 1e-3] if power.size else power
    return float(voiced.mean()) if voiced.size else 0.0


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """Add noise scaled so that speech power / noise power = snr_db; clip-safe."""
    power = speech_power(speech)
    if power == 0:
        raise FixtureError("cannot mix noise into silence: the speech has no energy")
    scaled = noise[: len(speech)] * np.sqrt(power / 10 ** (snr_db / 10))
    mixed = speech + scaled
    peak = float(np.abs(mixed).max())
    return mixed / peak * 0.95 if peak > 0.95 else mixed


def measured_snr(speech: np.ndarray, mixed: np.ndarray) -> float:
    """The SNR of a mix, in dB, as `mix_at_snr` defines it (before clipping protection)."""
    noise = mixed - speech
    return 10 * float(np.log10(speech_power(speech) / float(np.mean(noise ** 2))))


def speak_16k(speaker: PyttsxSpeaker, text: str, lang: str) -> np.ndarray:
    """TTS at 16 kHz float32 with silence before and after."""
    samples, rate = speaker.synthesize(text, lang)
    audio = samples.astype(np.float32) / 32768.0
    if rate != SAMPLE_RATE:
        audio = soxr.resample(audio, rate, SAMPLE_RATE)
    lead = np.zeros(int(LEAD_SECONDS * SAMPLE_RATE), np.float32)
    tail = np.zeros(int(TAIL_SECONDS * SAMPLE_RATE), np.float32)
    return np.concatenate([lead, audio, tail])


def synthesize_fixtures(samples: Iterable[Sample], lang: str, out: Path,
                        voices: list[str], rates: list[int], snr_db: float | None = None,
                        settings: TTSSettings | None = None, seed: int = 0,
                        now: str | None = None) -> Path:
    """Speak every sample with every voice and rate into `out`; return its manifest.jsonl.

    Audio goes to `out/audio/<n>-<voice>-<rate>.wav`; one manifest line per
    fixture holds the text as transcript, the intent, slots and reply.
    """
    base = settings or TTSSettings()
    speakers = {voice: PyttsxSpeaker(base.replace(voices={**base.voices, lang: voice}))
                for voice in voices}
    manifest = out / "manifest.jsonl"
    lines = []
    for number, sample in enumerate(samples, 1):
        for voice in voices:
            for rate in rates:
                speaker = speakers[voice]
                speaker.settings = speaker.settings.replace(rate=rate)
                audio = speak_16k(speaker, sample.text, lang)
                if snr_db is not None:
                    noise = cabin_noise(len(audio) / SAMPLE_RATE, seed=seed + number)
                    audio = mix_at_snr(audio, noise, snr_db)
                name = f"{number:03d}-{voice.replace('+', '_')}-{rate}"
                write_wav(out / "audio" / f"{name}.wav", (audio * 32767).astype(np.int16),
                          SAMPLE_RATE)
                lines.append(_manifest_line(name, lang, sample, voice, rate, snr_db, now))
    if not lines:
        raise FixtureError("no sentences to synthesize")
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("".join(lines), encoding="utf-8")
    return manifest


def _manifest_line(name: str, lang: str, sample: Sample, voice: str, rate: int,
                   snr_db: float | None, now: str | None) -> str:
    entry: dict[str, Any] = {"id": name, "lang": lang, "audio": f"audio/{name}.wav",
                             "transcript": sample.text, "intent": sample.intent}
    if sample.slots is not None:
        entry["slots"] = sample.slots
    if sample.reply is not None:
        entry["reply"] = sample.reply
    if now is not None:
        entry["now"] = now
    entry["tags"] = [f"voice:{voice}", f"rate:{rate}",
                     "clean" if snr_db is None else f"snr:{snr_db:g}"]
    return json.dumps(entry, ensure_ascii=False) + "\n"


def read_samples(path: Path) -> list[Sample]:
    """Sentences from a JSONL file: {"text": ..., "intent": ..., "slots": {...}} per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FixtureError(f"cannot read sentences from {path}: {exc}") from exc
    samples = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            samples.append(Sample(str(entry["text"]), entry.get("intent"), entry.get("slots"),
                                  entry.get("reply")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise FixtureError(f"{path}:{number}: need a JSON object with 'text' ({exc})") from exc
    return samples


def grammar_samples(lang: str, intent: str | None, limit: int) -> list[Sample]:
    """Sentences the grammar accepts (free-text slots skipped), with their intent."""
    try:
        from voice.grammar import load_grammar
    except ImportError as exc:
        raise FixtureError("the grammar sampler is not installed: use --from FILE.jsonl") from exc
    marker = "\u2047"
    grammar = load_grammar(lang)
    picked: list[Sample] = []
    for name in [intent] if intent else sorted(grammar.intents):
        sentences = grammar.sentences(name, wildcard=marker, limit=limit * 10)
        picked += [Sample(text, found) for found, text in sentences if marker not in text][:limit]
    return picked
