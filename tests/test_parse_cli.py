"""`voice parse`: JSON shape, batch order, clear one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def voice(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True,
                          text=True, input=stdin, timeout=120)


def test_done_when_example() -> None:
    result = voice("parse", "--json", "--now", "2026-11-24T09:00", "预约明天上午十点保养")
    assert result.returncode == 0, result.stderr
    assert "预约" in result.stdout  # Chinese stays readable
    parsed = json.loads(result.stdout)
    assert parsed == {"intent": "book_service",
                      "slots": {"service_type": "maintenance", "date": "2026-11-25",
                                "time": "10:00"},
                      "confidence": 1.0, "lang": "zh", "text": "预约明天上午十点保养"}


def test_readable_line_without_json() -> None:
    result = voice("parse", "--lang", "en", "set the volume to 5")
    assert result.returncode == 0
    assert result.stdout.startswith("set_volume {action=set, level=5}")


def test_out_of_domain_prints_null_intent() -> None:
    result = voice("parse", "--json", "tell me a joke")
    assert json.loads(result.stdout)["intent"] is None


def test_batch_keeps_order_and_languages(tmp_path: Path) -> None:
    lines = ["auto\t导航到Starbucks", "en\tpause", "zh\t打开空调", "auto\ttell me a joke",
             "en\tcall Mom"]
    batch = tmp_path / "in.tsv"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = voice("parse", "--json", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["intent"] for o in out] == ["navigate", "media_control", "climate_control", None,
                                          "call"]
    assert [o["text"] for o in out] == [line.split("\t")[1] for line in lines]
    assert out[0]["lang"] == "zh" and out[1]["lang"] == "en"


def one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    one_line_error(voice("parse", "   "), "input is empty")
    one_line_error(voice("parse", "x" * 1001), "too long")
    one_line_error(voice("parse", "bad\x01text"), "control characters")
    one_line_error(voice("parse", "--lang", "fr", "bonjour"), "unknown language 'fr'")
    one_line_error(voice("parse", "--now", "yesterday", "pause"), "--now must be an ISO")
    one_line_error(voice("parse"), "no text to parse")


def test_batch_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("en\tpause\nen\t" + "y" * 1200 + "\n", encoding="utf-8")
    one_line_error(voice("parse", "--json", "--batch", str(bad)), "bad.tsv:2: input is too long")
    no_tab = tmp_path / "notab.tsv"
    no_tab.write_text("pause\n", encoding="utf-8")
    one_line_error(voice("parse", "--batch", str(no_tab)), "notab.tsv:1: expected 'lang<TAB>text'")
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x00binary")
    one_line_error(voice("parse", "--batch", str(binary)), "binary")
    one_line_error(voice("parse", "--batch", str(tmp_path / "missing.tsv")), "cannot read")
    lang = tmp_path / "lang.tsv"
    lang.write_text("xx\tpause\n", encoding="utf-8")
    one_line_error(voice("parse", "--batch", str(lang)), "lang.tsv:1: unknown language 'xx'")


def test_help_describes_the_command() -> None:
    result = voice("parse", "--help")
    assert result.returncode == 0
    assert "--batch" in result.stdout and "--now" in result.stdout
