"""Replay reports: terminal table, JSON, JUnit XML and one self-contained HTML page."""

from __future__ import annotations

import base64
import json
import mimetypes
import xml.etree.ElementTree as ET
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from voice.errors import AudioError, FixtureError
from voice.pipeline import STAGES

NONE = "(none)"


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.1f} %" if percent else f"{value:.3f}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def summary_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """The headline figures as (name, text) pairs, shared by the table and HTML."""
    lat = summary["latency"]
    rows = [
        ("fixtures", f"{summary['passed']} passed / {summary['fixtures']}"),
        ("word error rate (WER)", _fmt(summary["wer"], True)),
        ("character error rate (CER, zh)", _fmt(summary["cer"], True)),
        ("intent accuracy", _fmt(summary["intent_accuracy"], True)),
        ("full-frame accuracy", _fmt(summary["frame_accuracy"], True)),
        ("slot P / R / F1", " / ".join(_fmt(summary[k]) for k in
                                       ("slot_precision", "slot_recall", "slot_f1"))),
        ("reply match", _fmt(summary["reply_match"], True)),
        ("real-time factor", _fmt(summary["rtf"])),
        ("end of speech -> reply audio", f"p50 {_ms(lat['total']['p50'])}, "
                                         f"p95 {_ms(lat['total']['p95'])}"),
    ]
    rows += [(f"  {stage}", f"p50 {_ms(lat[stage]['p50'])}, p95 {_ms(lat[stage]['p95'])}")
             for stage in STAGES if lat[stage]["p50"] is not None]
    if summary.get("fixtures_per_second"):
        rows.append(("throughput", f"{summary['fixtures_per_second']:.2f} fixtures/s"))
    return rows


def first_problem(fixture: dict[str, Any]) -> str:
    """Everything that went wrong with a fixture, on one line."""
    if fixture.get("error"):
        return str(fixture["error"])
    problems = [p for turn in fixture["turns"] for p in turn["problems"]]
    return "; ".join(problems)


def print_table(report: dict[str, Any], console: Console, all_rows: bool = True) -> None:
    """Per-fixture rows (or only failures) and the totals."""
    table = Table(title=f"replay of {report['source']}", show_lines=False, expand=True)
    for column in ("fixture", "lang", "heard", "intent", "latency", "result"):
        table.add_column(column, overflow="fold")
    for fixture in report["fixtures"]:
        if not all_rows and fixture["passed"]:
            continue
        turn = fixture["turns"][-1] if fixture["turns"] else None
        intent = (turn["parse"]["intent"] or NONE) if turn else "-"
        heard = " / ".join((t["transcript"] or {}).get("text", "") for t in fixture["turns"])
        result = "[green]pass[/]" if fixture["passed"] else f"[red]FAIL[/] {first_problem(fixture)}"
        table.add_row(fixture["id"], fixture["lang"], escape_markup(heard), intent,
                      _ms(turn["latency"]) if turn else "-", result)
    console.print(table)
    totals = Table(title="totals", show_header=False)
    for name, value in summary_rows(report["summary"]):
        totals.add_row(name, value)
    console.print(totals)


def escape_markup(text: str) -> str:
    return text.replace("[", r"\[")


def write_json(report: dict[str, Any], path: Path) -> Path:
    _write(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return path


def read_report(path: Path) -> dict[str, Any]:
    """Load an earlier JSON report (for --baseline)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FixtureError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"baseline {path} is not a JSON replay report: {exc}") from exc
    if not isinstance(data, dict) or not str(data.get("format", "")).startswith("voice-replay/"):
        raise FixtureError(f"baseline {path} is not a replay report (no 'format' field)")
    return data


def write_junit(report: dict[str, Any], path: Path) -> Path:
    """One <testcase> per fixture, failures with their problems, transcripts in system-out."""
    summary = report["summary"]
    suite = ET.Element("testsuite", name="voice replay", tests=str(summary["fixtures"]),
                       failures=str(summary["failed"] - summary["errors"]),
                       errors=str(summary["errors"]),
                       time=f"{summary.get('wall_seconds', 0.0):.3f}")
    for fixture in report["fixtures"]:
        seconds = sum(sum(t["timings"].values()) for t in fixture["turns"])
        case = ET.SubElement(suite, "testcase", classname=f"replay.{fixture['lang']}",
                             name=fixture["id"], time=f"{seconds:.3f}")
        if fixture.get("error"):
            ET.SubElement(case, "error", message=fixture["error"])
        elif not fixture["passed"]:
            failure = ET.SubElement(case, "failure", message=first_problem(fixture))
            failure.text = "\n".join(p for t in fixture["turns"] for p in t["problems"])
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(
            f"heard: {(t['transcript'] or {}).get('text', '')} | intent: {t['parse']['intent']} | "
            f"reply: {(t['reply'] or {}).get('text', '')}" for t in fixture["turns"])
    ET.indent(suite)
    _write(path, ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n")
    return path


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AudioError(f"cannot write {path}: {exc.strerror or exc}") from exc


def confusion(report: dict[str, Any]) -> tuple[list[str], Counter[tuple[str, str]]]:
    """Expected x recognized intent counts over the turns that check an intent."""
    counts: Counter[tuple[str, str]] = Counter()
    for fixture in report["fixtures"]:
        for turn in fixture["turns"]:
            if "intent_ok" in turn["checks"]:
                expected = turn["expected"]["intent"] or NONE
                counts[(expected, turn["parse"]["intent"] or NONE)] += 1
    labels = sorted({label for pair in counts for label in pair})
    return labels, counts


def audio_data_uri(path: str) -> str | None:
    """The audio file as a base64 data URI, so the page plays it with no file beside it."""
    file = Path(path)
    if not file.is_file():
        return None
    mime = mimetypes.guess_type(file.name)[0] or "audio/wav"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


CSS = """
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Noto Sans CJK KR","PingFang SC",
"Microsoft YaHei",sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.muted{color:#667085}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{background:#fff;border:1px solid #e3e6eb;border-radius:8px;padding:10px 14px;min-width:140px}
.card b{display:block;font-size:20px}.card span{color:#667085;font-size:12px}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #e3e6eb;padding:5px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:#f1f3f6;font-weight:600}tr.fail td{background:#fff4f3}
.pass{color:#137333;font-weight:600}.fail-tag{color:#b42318;font-weight:600}
.matrix td{text-align:center;min-width:34px}.matrix td.hit{background:#d9f2e0}
.matrix td.miss{background:#fbdcd8}.problem{color:#b42318}audio{height:32px;vertical-align:middle}
code{background:#f1f3f6;padding:0 3px;border-radius:3px}
.bad{color:#b42318;font-weight:600;text-decoration:underline wavy #f3a59a}
"""


def write_html(report: dict[str, Any], path: Path) -> Path:
    """One self-contained page: totals, failures with audio players, all rows, confusion."""
    summary = report["summary"]
    failures = [f for f in report["fixtures"] if not f["passed"]]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>voice replay: {escape(report['source'])}</title><style>{CSS}</style></head><body>",
        f"<h1>Replay of {escape(report['source'])}</h1>",
        f"<div class='muted'>{escape(report['created'])} &middot; {report['jobs']} job(s) &middot; "
        f"a turn fails above {report['max_error_rate']:.2f} WER/CER</div>",
        "<div class='cards'>",
        *(f"<div class='card'><span>{escape(name)}</span><b>{escape(value)}</b></div>"
          for name, value in summary_rows(summary) if not name.startswith("  ")),
        "</div>",
        _latency_table(summary),
        _baseline_html(report.get("baseline")),
        f"<h2>Failures ({len(failures)})</h2>",
        _failures_html(failures) if failures else "<p class='pass'>Every fixture passed.</p>",
        f"<h2>All fixtures ({len(report['fixtures'])})</h2>",
        _rows_html(report["fixtures"]),
        "<h2>Intent confusion</h2><p class='muted'>rows: expected, columns: recognized</p>",
        _confusion_html(report),
        "</body></html>",
    ]
    _write(path, "\n".join(parts) + "\n")
    return path


def _latency_table(summary: dict[str, Any]) -> str:
    lat = summary["latency"]
    rows = "".join(f"<tr><td>{stage}</td><td>{_ms(lat[stage]['p50'])}</td>"
                   f"<td>{_ms(lat[stage]['p95'])}</td></tr>" for stage in (*STAGES, "total"))
    return ("<h2>Latency per stage</h2><table style='width:auto'><tr><th>stage</th><th>p50</th>"
            f"<th>p95</th></tr>{rows}</table>")


def _baseline_html(comparison: dict[str, Any] | None) -> str:
    if not comparison:
        return ""
    items = comparison["regressions"] or ["none"]
    failing = ", ".join(comparison["newly_failing"]) or "none"
    return ("<h2>Against the baseline</h2><ul>"
            + "".join(f"<li>regression: {escape(r)}</li>" for r in items)
            + f"<li>newly failing: {escape(failing)}</li></ul>")


def _turn_cells(turn: dict[str, Any]) -> str:
    expected, checks = turn["expected"], turn["checks"]
    heard = (turn["transcript"] or {}).get("text", "")
    reply = (turn["reply"] or {}).get("text", "")
    slots = json.dumps(turn["parse"]["slots"], ensure_ascii=False)
    want_slots = json.dumps(expected["slots"], ensure_ascii=False)
    rate = checks.get("error_rate")
    heard_css = _mark(rate is None or rate == 0)
    rate_text = "" if rate is None else f" <span class='muted'>({rate:.2f})</span>"
    slots_ok = "slots" not in checks or checks["slots"][1:] == [0, 0]
    return (f"<td>{escape(expected['transcript'] or '')}<br>"
            f"<i{heard_css}>{escape(heard)}</i>{rate_text}</td>"
            f"<td>{escape(str(expected['intent']))}<br>"
            f"<i{_mark(checks.get('intent_ok', True))}>{escape(str(turn['parse']['intent']))}"
            f"</i></td><td><code>{escape(want_slots)}</code><br>"
            f"<code{_mark(slots_ok)}>{escape(slots)}</code></td>"
            f"<td{_mark(checks.get('reply_ok', True))}>{escape(reply)}</td>"
            f"<td>{_ms(turn['latency'])}</td>")


def _mark(ok: bool) -> str:
    return "" if ok else " class='bad'"


def _rows_html(fixtures: list[dict[str, Any]]) -> str:
    head = ("<tr><th>fixture</th><th>lang</th>"
            "<th>transcript: expected / <i>heard</i> (WER/CER)</th>"
            "<th>intent: expected / <i>got</i></th><th>slots: expected / got</th>"
            "<th>reply</th><th>latency</th><th>result</th></tr>")
    rows = []
    for fixture in fixtures:
        mark = ("<span class='pass'>pass</span>" if fixture["passed"]
                else f"<span class='fail-tag'>FAIL</span> {escape(first_problem(fixture))}")
        turns = fixture["turns"] or [None]
        for index, turn in enumerate(turns):
            name = fixture["id"] if len(turns) == 1 else f"{fixture['id']} #{index + 1}"
            cells = _turn_cells(turn) if turn else "<td colspan='5'>-</td>"
            css = "" if fixture["passed"] else " class='fail'"
            rows.append(f"<tr{css}><td>{escape(name)}</td><td>{fixture['lang']}</td>{cells}"
                        f"<td>{mark}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _failures_html(failures: list[dict[str, Any]]) -> str:
    rows = []
    for fixture in failures:
        players = []
        turns = fixture["turns"] or []
        for turn in turns:
            uri = audio_data_uri(turn["audio"]) if turn.get("audio") else None
            if uri:
                players.append(f"<audio controls preload='none' src='{uri}'></audio>")
        problems = [escape(first_problem(fixture))]
        rows.append(f"<tr class='fail'><td>{escape(fixture['id'])}<br>"
                    f"<span class='muted'>{escape(fixture['source'])}</span></td>"
                    f"<td class='problem'>{'<br>'.join(problems)}</td>"
                    f"<td>{'<br>'.join(players) or 'no audio'}</td></tr>")
    return ("<table><tr><th>fixture</th><th>what went wrong</th><th>listen</th></tr>"
            + "".join(rows) + "</table>")


def _confusion_html(report: dict[str, Any]) -> str:
    labels, counts = confusion(report)
    if not labels:
        return "<p class='muted'>No fixture checks an intent.</p>"
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    rows = []
    for expected in labels:
        cells = []
        for got in labels:
            count = counts.get((expected, got), 0)
            css = "hit" if count and got == expected else "miss" if count else ""
            cells.append(f"<td class='{css}'>{count or ''}</td>")
        rows.append(f"<tr><th>{escape(expected)}</th>{''.join(cells)}</tr>")
    return (f"<table class='matrix' style='width:auto'><tr><th></th>{head}</tr>"
            f"{''.join(rows)}</table>")
