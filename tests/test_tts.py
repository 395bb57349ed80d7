"""Spoken replies through real pyttsx3 + espeak-ng into real WAV files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio_checks import voiced_fraction, wav_samples
from voice.errors import TTSError, UsageError
from voice.tts import PyttsxSpeaker, TTSSettings, split_runs


@pytest.fixture(scope="module")
def speaker() -> PyttsxSpeaker:
    return PyttsxSpeaker()


def run_voice(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True, text=True,
                          timeout=60, env=env)


@pytest.mark.parametrize(("text", "lang", "low", "high"), [
    ("Navigating to Beijing West Railway Station", "en", 1.5, 5.0),
    ("导航到北京西站", "zh", 1.0, 5.0),
    ("导航到Starbucks", "zh", 1.0, 5.0),
])
def test_reply_is_speech_of_plausible_length(speaker: PyttsxSpeaker, tmp_path: Path, text: str,
                                             lang: str, low: float, high: float) -> None:
    path = speaker.to_file(text, lang, tmp_path / "reply.wav")
    samples, rate = wav_samples(path)
    assert low <= len(samples) / rate <= high
    assert voiced_fraction(samples, rate) > 0.3


def test_chinese_reply_uses_the_chinese_voice(speaker: PyttsxSpeaker, tmp_path: Path) -> None:
    # The English voice spells unknown Han characters out, the Mandarin one reads them:
    # the two renderings of the same text differ clearly in length.
    zh, rate = wav_samples(speaker.to_file("打开空调", "zh", tmp_path / "zh.wav"))
    en, _ = wav_samples(speaker.to_file("turn on the air conditioner", "en", tmp_path / "en.wav"))
    assert 0.5 < len(zh) / rate < 2.5
    assert abs(len(zh) - len(en)) / rate > 0.1


def test_rate_changes_speed(tmp_path: Path) -> None:
    text = "Setting the temperature to twenty two degrees"
    slow, rate = wav_samples(PyttsxSpeaker(TTSSettings(rate=120)).to_file(text, "en",
                                                                          tmp_path / "s.wav"))
    fast, _ = wav_samples(PyttsxSpeaker(TTSSettings(rate=260)).to_file(text, "en",
                                                                       tmp_path / "f.wav"))
    assert len(slow) > 1.3 * len(fast)


def test_volume_changes_loudness(tmp_path: Path) -> None:
    text = "Opening the sunroof"
    loud, _ = wav_samples(PyttsxSpeaker(TTSSettings(volume=1.0)).to_file(text, "en",
                                                                         tmp_path / "l.wav"))
    quiet, _ = wav_samples(PyttsxSpeaker(TTSSettings(volume=0.3)).to_file(text, "en",
                                                                          tmp_path / "q.wav"))
    assert abs(quiet).max() < 0.6 * abs(loud).max()


def test_mixed_text_splits_by_script() -> None:
    assert split_runs("导航到Starbucks，还有5公里", "zh") == [
        ("zh", "导航到"), ("en", "Starbucks"), ("zh", "，还有5公里")]
    assert split_runs("Navigating to 北京西站, 12 km.", "en") == [
        ("en", "Navigating to"), ("zh", "北京西站"), ("en", ", 12 km.")]
    assert split_runs("...", "en") == []


def test_language_without_a_voice_is_a_tts_error(speaker: PyttsxSpeaker, tmp_path: Path) -> None:
    with pytest.raises(TTSError, match=r"no text-to-speech voice for language 'fr'"):
        speaker.to_file("bonjour", "fr", tmp_path / "x.wav")


def test_missing_engine_is_a_clear_error() -> None:
    with pytest.raises(TTSError, match="no text-to-speech engine"):
        PyttsxSpeaker(TTSSettings(driver="no_such_driver"))


@pytest.mark.parametrize(("text", "lang"), [("", "en"), ("   ", "zh"), ("x" * 1001, "en"),
                                           ("bad\x00text", "en")])
def test_bad_text_is_rejected(speaker: PyttsxSpeaker, tmp_path: Path, text: str,
                              lang: str) -> None:
    with pytest.raises(UsageError):
        speaker.to_file(text, lang, tmp_path / "x.wav")
    assert not (tmp_path / "x.wav").exists()


def test_say_command_writes_wav(tmp_path: Path) -> None:
    out = tmp_path / "say.wav"
    result = run_voice("say", "--out", str(out), "把温度调到二十二度")
    assert result.returncode == 0, result.stderr
    samples, rate = wav_samples(out)
    assert len(samples) / rate > 1.0 and voiced_fraction(samples, rate) > 0.3


def test_say_command_without_engine_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[tts]\ndriver = "no_such_driver"\n')
    import os
    env = {**os.environ, "VOICE_CONFIG": str(config)}
    result = run_voice("say", "--out", str(tmp_path / "x.wav"), "hello", env=env)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "no text-to-speech engine" in result.stderr


def test_say_command_bad_rate_is_one_line(tmp_path: Path) -> None:
    result = run_voice("say", "--rate", "5", "--out", str(tmp_path / "x.wav"), "hello")
    assert result.returncode == 2 and "rate" in result.stderr and "Traceback" not in result.stderr



def test_back_to_back_replies_are_never_cancelled(tmp_path: Path) -> None:
    # libespeak-ng reports "playing" while it works through the voice, rate and
    # volume just set; pyttsx3's espeak driver then marks a cancel that can stop
    # the next reply before it writes any audio. Every reply must run to the end.
    outcomes: list[bool] = []
    speakers = [PyttsxSpeaker(TTSSettings(rate=rate)) for rate in (120, 260)]
    engine = speakers[0]._engine
    token = engine.connect("finished-utterance",
                           lambda completed=True, **_: outcomes.append(bool(completed)))
    engine.proxy._driver._stopping = True  # a cancel left over from before
    try:
        for index in range(6):
            text, lang = [("打开空调", "zh"), ("Opening the sunroof", "en")][index % 2]
            path = speakers[index % 2].to_file(text, lang, tmp_path / "r.wav")
            samples, rate = wav_samples(path)
            assert len(samples) / rate > 0.5
    finally:
        engine.disconnect(token)
    assert outcomes == [True] * 6
