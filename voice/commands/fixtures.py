"""`voice fixtures synth|record`: make replay fixtures from TTS or the microphone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import numpy as np

from voice.audio import SAMPLE_RATE
from voice.config import load_config
from voice.errors import AudioError, UsageError
from voice.synth import grammar_samples, read_samples, synthesize_fixtures
from voice.tts import TTSSettings, write_wav


@click.group("fixtures")
def fixtures() -> None:
    """Make replay fixtures: spoken by TTS (synth) or recorded from the microphone (record)."""


def _csv(value: str, kind: type) -> list[Any]:
    try:
        items = [kind(part.strip()) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise UsageError(f"bad list {value!r}: {exc}") from exc
    if not items:
        raise UsageError("an empty list")
    return items


@fixtures.command("synth")
@click.option("--lang", default="en", show_default=True, help="Language of the sentences.")
@click.option("--from", "source", type=click.Path(dir_okay=False, path_type=Path),
              help='JSONL of {"text", "intent", "slots", "reply"}; default: grammar samples.')
@click.option("--intent", help="Only this intent's grammar sentences.")
@click.option("-n", "count", type=click.IntRange(1), default=3, show_default=True,
              help="Grammar sentences per intent.")
@click.option("--voices", default=None,
              help="Comma-separated espeak-ng voices, e.g. en-us,en-us+f3,en-gb "
                   "(default: the language's [tts] voice).")
@click.option("--rates", default="150,190", show_default=True,
              help="Comma-separated speaking rates in words per minute.")
@click.option("--snr", type=float, help="Mix in generated car-cabin noise at this SNR (dB).")
@click.option("--seed", type=int, default=0, show_default=True, help="Noise seed.")
@click.option("--now", help="Reference time for relative dates, e.g. 2026-11-24T09:00.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for audio/*.wav and manifest.jsonl.")
def synth(lang: str, source: Path | None, intent: str | None, count: int, voices: str | None,
          rates: str, snr: float | None, seed: int, now: str | None, out: Path) -> None:
    """Speak sentences with TTS at several voices and rates into fixtures."""
    settings = TTSSettings.from_config(load_config())
    samples = read_samples(source) if source else grammar_samples(lang, intent, count)
    voice_list = _csv(voices, str) if voices else [settings.voices.get(lang, lang)]
    manifest = synthesize_fixtures(samples, lang, out, voice_list, _csv(rates, int), snr,
                                   settings, seed, now)
    click.echo(f"wrote {len(samples) * len(voice_list) * len(_csv(rates, int))} fixtures: "
               f"{manifest}")


@fixtures.command("record")
@click.option("--lang", required=True, help="Language spoken (en, zh, ...).")
@click.option("--id", "fixture_id", required=True, help="Fixture id (also the file name).")
@click.option("--transcript", help="What will be said.")
@click.option("--intent", help="Expected intent (leave out for no command).")
@click.option("--slot", "slots", multiple=True, metavar="NAME=VALUE",
              help="Expected slot; repeat for several (values are JSON when they parse).")
@click.option("--reply", help="Expected reply text.")
@click.option("--seconds", type=click.FloatRange(0.5, 30), default=4.0, show_default=True,
              help="How long to record.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Fixture folder; the expectation is appended to its manifest.jsonl.")
def record(lang: str, fixture_id: str, transcript: str | None, intent: str | None,
           slots: tuple[str, ...], reply: str | None, seconds: float, out: Path) -> None:
    """Record one utterance from the microphone into a fixture with its expectation."""
    expected = _slots(slots)
    audio = _record(seconds)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in fixture_id)
    write_wav(out / "audio" / f"{name}.wav", audio, SAMPLE_RATE)
    entry: dict[str, Any] = {"id": fixture_id, "lang": lang, "audio": f"audio/{name}.wav",
                             "intent": intent}
    entry.update({k: v for k, v in (("transcript", transcript), ("reply", reply)) if v})
    if expected:
        entry["slots"] = expected
    with (out / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
    click.echo(f"recorded {seconds:g} s into {out / 'audio' / (name + '.wav')}")


def _slots(pairs: tuple[str, ...]) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--slot must be NAME=VALUE, not {pair!r}")
        try:
            slots[name] = json.loads(value)
        except json.JSONDecodeError:
            slots[name] = value
    return slots


def _record(seconds: float) -> np.ndarray:
    """Record through the assistant's own microphone path."""
    from voice import mic

    click.echo(f"speak now ({seconds:g} s)...", err=True)
    pcm = b"".join(chunk.audio for chunk in mic.stream(None, seconds))
    if not pcm:
        raise AudioError("the microphone gave no audio")
    return np.frombuffer(pcm, dtype="<i2")
