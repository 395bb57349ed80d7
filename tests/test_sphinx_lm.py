"""PocketSphinx English with the language model of the commands: no phrase list needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from voice.asr import load_recognizer
from voice.asr.domain_lm import build_domain_lm, domain_lm_file, model_key
from voice.asr.sphinx_engine import SphinxRecognizer
from voice.errors import UsageError
from voice.intents import parse

ROOT = Path(__file__).parent.parent
ENGLISH = ROOT / "tests" / "fixtures" / "en"
FIXTURES = [json.loads(line) for line in
            (ENGLISH / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def en() -> SphinxRecognizer:
    recognizer = load_recognizer("sphinx", "en")
    assert isinstance(recognizer, SphinxRecognizer)
    return recognizer


def arpa_words(arpa: str) -> set[str]:
    unigrams = arpa.split("\\1-grams:\n")[1].split("\n\n")[0]
    return {line.split("\t")[1] for line in unigrams.splitlines()}


def test_model_speaks_the_commands_in_dictionary_words(en: SphinxRecognizer) -> None:
    built = build_domain_lm(en.knows, per_template=20)
    words = arpa_words(built.arpa) - {"<s>", "</s>"}
    assert {"navigate", "temperature", "window", "jazz", "mom", "beijing", "tomorrow",
            "twenty", "airport"} <= words
    assert all(en.knows(word) for word in words)
    assert built.kept >= 0.8 * built.sentences
    assert "wechat" in built.unknown  # said in pay commands, missing from the dictionary


def test_model_is_built_once_and_cached(en: SphinxRecognizer, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "sphinx-lm-0123456789abcdef0123.arpa"
    stale.write_text("an older model")
    dictionary = str(en.decoder.config["dict"])
    path = domain_lm_file(en.knows, dictionary, per_template=10)
    assert path.parent == tmp_path and path.read_text().lstrip().startswith("\\data\\")
    assert not stale.exists()
    built_at = path.stat().st_mtime_ns
    assert domain_lm_file(en.knows, dictionary, per_template=10) == path
    assert path.stat().st_mtime_ns == built_at
    assert model_key("another.dict", 10) != model_key(dictionary, 10) != model_key(dictionary)


def test_unknown_language_model_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="language model 'tiny'"):
        SphinxRecognizer("en", language_model="tiny")


def test_fixtures_transcribe_to_their_intents_without_phrases(tmp_path: Path) -> None:
    # a fresh install: no Vosk model, no phrase list; English decodes with the command model
    env = {**os.environ, "VOICE_DATA_DIR": str(tmp_path / "data"), "VOICE_MODELS": ""}
    audio = [str(ENGLISH / row["audio"]) for row in FIXTURES]
    result = subprocess.run([sys.executable, "-m", "voice", "transcribe", "--json", *audio],
                            capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    texts = [" ".join(u["text"] for u in e["utterances"]) for e in entries]
    assert {u["engine"] for e in entries for u in e["utterances"]} == {"sphinx"}
    right = [row["transcript"] for row, text in zip(FIXTURES, texts, strict=True)
             if parse(text, "en", datetime.fromisoformat(row["now"])).intent == row["intent"]]
    exact = [text for row, text in zip(FIXTURES, texts, strict=True)
             if text == row["transcript"].lower()]
    assert len(right) >= 14, texts  # the stock model: 6
    assert len(exact) >= 10, texts  # the stock model: 3


def test_replay_without_phrases_meets_the_english_thresholds(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "voice", "replay", str(ENGLISH), "--out",
                             str(tmp_path), "--no-speak", "--no-html", "--no-junit"],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["summary"]
    assert summary["fixtures"] == 18
    assert summary["intent_accuracy"] >= 0.8
    assert summary["wer"] <= 0.3
