"""Replay end to end: bundled Korean fixtures through real Vosk, real TTS, real reports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.korean_assistant import assistant_for
from voice.fixtures import load_fixtures
from voice.replay import ReplayOptions, compare, replay
from voice.report import write_html

KOREAN = Path(__file__).parent / "fixtures" / "ko"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str],
                                                               Path]:
    out = tmp_path_factory.mktemp("replay")
    result = subprocess.run(
        [sys.executable, "-m", "voice", "replay", str(KOREAN), "--out", str(out), "--jobs", "2",
         "--assistant", "tests.korean_assistant:assistant_for"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    return result, out


@pytest.fixture(scope="module")
def report(cli_run: tuple[subprocess.CompletedProcess[str], Path]) -> dict[str, Any]:
    result, out = cli_run
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def test_replay_meets_the_korean_thresholds(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert summary["fixtures"] == 13 and summary["turns"] == 14
    assert summary["passed"] >= 9
    assert summary["intent_accuracy"] >= 0.85
    assert summary["slot_f1"] >= 0.75
    assert summary["wer"] <= 0.5
    assert 0 < summary["rtf"] < 1
    assert summary["latency"]["total"]["p95"] < 1.0


def test_terminal_table_lists_fixtures_and_totals(
        cli_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, out = cli_run
    assert "003-ko_f2-130" in result.stdout and "intent accuracy" in result.stdout
    assert f"wrote {out / 'report.html'}" in result.stdout


def test_every_reply_is_spoken_into_a_wav(report: dict[str, Any]) -> None:
    spoken = [Path(t["spoken"]) for f in report["fixtures"] for t in f["turns"]]
    assert len(spoken) == 14 and all(path.stat().st_size > 10_000 for path in spoken)


def test_junit_matches_the_report(cli_run: tuple[subprocess.CompletedProcess[str], Path],
                                  report: dict[str, Any]) -> None:
    suite = ET.parse(cli_run[1] / "junit.xml").getroot()
    cases = suite.findall("testcase")
    assert len(cases) == 13
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    assert failed == {f["id"] for f in report["fixtures"] if not f["passed"]}
    assert int(suite.get("failures", "0")) == len(failed)


def test_html_embeds_audio_for_each_failure(cli_run: tuple[subprocess.CompletedProcess[str], Path],
                                            report: dict[str, Any]) -> None:
    html = (cli_run[1] / "report.html").read_text(encoding="utf-8")
    failures = [f for f in report["fixtures"] if not f["passed"]]
    assert html.count("src='data:audio/x-wav;base64,") == len(failures) > 0
    assert "Intent confusion" in html and "climate_control" in html
    assert "http://" not in html and "https://" not in html  # self-contained


def test_dialogue_turns_are_replayed_in_order(report: dict[str, Any]) -> None:
    dialogue = next(f for f in report["fixtures"] if f["id"] == "dialogue-window-music")
    assert [t["parse"]["intent"] for t in dialogue["turns"]] == ["window", "play_music"]


def test_baseline_regression_exits_non_zero(cli_run: tuple[subprocess.CompletedProcess[str], Path],
                                            report: dict[str, Any], tmp_path: Path) -> None:
    better = json.loads(json.dumps(report))
    better["summary"]["intent_accuracy"] = report["summary"]["intent_accuracy"] + 0.1
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(better))
    result = subprocess.run(
        [sys.executable, "-m", "voice", "replay", str(KOREAN / "manifest.jsonl"), "--out",
         str(tmp_path / "again"), "--no-speak", "--baseline", str(baseline),
         "--assistant", "tests.korean_assistant:assistant_for"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 3
    assert "regression: intent_accuracy" in result.stderr


def test_same_results_are_no_regression(report: dict[str, Any]) -> None:
    assert compare(report, report)["regressions"] == []
    slower = json.loads(json.dumps(report))
    slower["summary"]["latency"]["total"]["p95"] *= 3
    assert compare(slower, report)["regressions"][0].startswith("latency p95")


def test_in_process_replay_matches_fixture_order(tmp_path: Path) -> None:
    fixtures = load_fixtures(KOREAN / "manifest.yaml")
    result = replay(fixtures, assistant_for, ReplayOptions(), jobs=1, source="dialogue")
    assert [f["id"] for f in result["fixtures"]] == ["dialogue-window-music"]
    assert result["fixtures"][0]["turns"][0]["spoken"] is None  # no reply folder: not spoken
    page = write_html(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Every fixture passed" in page or "FAIL" in page


def test_bad_fixture_path_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "voice", "replay", str(tmp_path / "none")],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "no such fixture" in result.stderr


def test_corrupt_recording_fails_its_fixture_only(tmp_path: Path) -> None:
    good = KOREAN / "audio" / "002-ko_f2-130.wav"
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"id": "broken", "lang": "ko", "audio": "broken.wav", "intent": "window"})
        + "\n" + json.dumps({"id": "good", "lang": "ko", "audio": str(good),
                             "intent": "play_music"}) + "\n")
    result = replay(load_fixtures(manifest), assistant_for, ReplayOptions(), source="mixed")
    broken, fine = result["fixtures"]
    assert not broken["passed"] and "broken.wav" in broken["error"]
    assert fine["passed"] and result["summary"]["errors"] == 1


def test_a_dying_worker_process_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voice", "replay", str(KOREAN), "--out", str(tmp_path),
         "--jobs", "2", "--assistant", "tests.crashing_assistant:assistant_for"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("voice: error: a replay worker")
    assert "Traceback" not in result.stderr
