"""The bundled English fixtures replay end to end through the product assistant:
PocketSphinx limited to a 42-command phrase list, the intent parser, the skills
and espeak-ng."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import voice.intents

ROOT = Path(__file__).parent.parent
ENGLISH = ROOT / "tests" / "fixtures" / "en"

pytestmark = pytest.mark.skipif(
    not hasattr(voice.intents, "parse") or importlib.util.find_spec("voice.grammar") is None,
    reason="the intent parser and grammars are not installed in this build")


@pytest.fixture(scope="module")
def english_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("replay-en")
    result = subprocess.run([sys.executable, "-m", "voice", "replay", str(ENGLISH), "--out",
                             str(out), "--phrases",
                             str(ENGLISH / "phrases.txt")],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for name in ("report.json", "junit.xml", "report.html"):
        assert (out / name).stat().st_size > 0
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def test_english_fixtures_meet_their_thresholds(english_report: dict[str, Any]) -> None:
    summary = english_report["summary"]
    assert summary["fixtures"] == 18
    assert summary["wer"] <= 0.2
    assert summary["intent_accuracy"] >= 0.85
    assert summary["slot_f1"] >= 0.8
    assert summary["rtf"] < 1.0


def test_english_replies_are_spoken(english_report: dict[str, Any]) -> None:
    spoken = [t["spoken"] for f in english_report["fixtures"] for t in f["turns"] if t["reply"]]
    assert spoken and all(path and Path(path).stat().st_size > 10_000 for path in spoken)
