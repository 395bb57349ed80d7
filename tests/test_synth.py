"""Synthesized fixtures: real TTS, generated cabin noise mixed at a measured SNR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.audio_checks import voiced_fraction, wav_samples
from voice.fixtures import load_fixtures
from voice.synth import cabin_noise, measured_snr, mix_at_snr, speak_16k
from voice.tts import PyttsxSpeaker


def test_cabin_noise_is_low_frequency_heavy() -> None:
    noise = cabin_noise(2.0, seed=1)
    spectrum = np.abs(np.fft.rfft(noise)) ** 2
    freqs = np.fft.rfftfreq(len(noise), 1 / 16_000)
    low, high = spectrum[freqs < 500].sum(), spectrum[freqs > 4000].sum()
    assert low > 10 * high
    assert np.sqrt(np.mean(noise ** 2)) == pytest.approx(1.0, rel=1e-3)
    assert not np.array_equal(noise, cabin_noise(2.0, seed=2))


@pytest.mark.parametrize("snr", [0.0, 10.0, 20.0])
def test_noise_is_mixed_at_the_requested_snr(snr: float) -> None:
    speech = speak_16k(PyttsxSpeaker(), "open the sunroof", "en")
    mixed = mix_at_snr(speech, cabin_noise(len(speech) / 16_000), snr)
    assert measured_snr(speech, mixed) == pytest.approx(snr, abs=0.5)


def test_synth_command_writes_replayable_fixtures(tmp_path: Path) -> None:
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text(json.dumps({"text": "turn on the AC", "intent": "climate_control",
                                     "slots": {"action": "on", "device": "ac"}}) + "\n")
    out = tmp_path / "fx"
    result = subprocess.run(
        [sys.executable, "-m", "voice", "fixtures", "synth", "--lang", "en", "--from",
         str(sentences), "--voices", "en-us,en-us+f3", "--rates", "140,200", "--snr", "10",
         "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    fixtures = load_fixtures(out)
    assert len(fixtures) == 4
    assert {(f.turns[0].slots or {}).get("device") for f in fixtures} == {"ac"}
    lengths = {}
    for fixture in fixtures:
        samples, rate = wav_samples(fixture.turns[0].audio)
        assert rate == 16_000 and voiced_fraction(samples, rate) > 0.5  # noise everywhere
        lengths[fixture.id] = len(samples)
    assert lengths["001-en-us-140"] > lengths["001-en-us-200"]
    assert "snr:10" in fixtures[0].tags


def test_synth_without_sentences_source_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voice", "fixtures", "synth", "--from", str(tmp_path / "x.jsonl"),
         "--out", str(tmp_path / "o")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and result.stderr.count("\n") == 1
