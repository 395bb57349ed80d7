"""`voice replay`: run recorded fixtures through the assistant and report on them."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from voice.assemble import load_factory
from voice.fixtures import load_fixtures
from voice.replay import ReplayOptions, compare, replay
from voice.report import print_table, read_report, write_html, write_json, write_junit

EXIT_FAILURES = 1
EXIT_REGRESSION = 3


@click.command("replay")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("replay-report"), show_default=True,
              help="Folder for report.json, junit.xml, report.html and spoken replies.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Fixtures replayed in parallel (worker processes).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="An earlier report.json: exit 3 on a regression beyond --threshold.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.02, show_default=True,
              help="Largest allowed drop of an accuracy (or rise of WER/CER) vs the baseline.")
@click.option("--latency-tolerance", type=click.FloatRange(0), default=0.5, show_default=True,
              help="Largest allowed growth of p95 latency vs the baseline (0.5 = 50 %).")
@click.option("--max-error-rate", type=click.FloatRange(0), default=0.5, show_default=True,
              help="A turn whose WER (en) or CER (zh) is above this fails.")
@click.option("--json/--no-json", "json_out", default=True, help="Write report.json.")
@click.option("--junit/--no-junit", default=True, help="Write junit.xml.")
@click.option("--html/--no-html", default=True, help="Write report.html.")
@click.option("--speak/--no-speak", default=True,
              help="Synthesize each reply into OUT/replies (measures the tts stage).")
@click.option("--failures-only", is_flag=True, help="List only failing fixtures in the table.")
@click.option("--phrases", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Limit recognition to these phrases (one per line), as `voice transcribe`.")
@click.option("--assistant", "assistant", default="voice.assemble:assistant_for",
              show_default=True, help="Factory module:function building the assistant.")
@click.option("--fail-on-failures/--no-fail-on-failures", default=False,
              help="Exit 1 when any fixture fails (not only on a baseline regression).")
def replay_command(path: Path, out: Path, jobs: int, baseline: Path | None, threshold: float,
                   latency_tolerance: float, max_error_rate: float, json_out: bool, junit: bool,
                   html: bool, speak: bool, failures_only: bool, phrases: Path | None,
                   assistant: str,
                   fail_on_failures: bool) -> None:
    """Replay the fixtures in PATH (a folder or a .jsonl/.yaml manifest) and report.

    Prints a table with WER/CER, intent accuracy, slot precision/recall/F1,
    reply match, latency per stage and real-time factor, and writes JSON,
    JUnit XML and a self-contained HTML report into OUT.
    """
    fixtures = load_fixtures(path)
    before = read_report(baseline) if baseline else None
    factory = load_factory(assistant)
    options = ReplayOptions(max_error_rate, out / "replies" if speak else None,
                            str(phrases.resolve()) if phrases else None)
    console = Console(width=None if sys.stdout.isatty() else 140)
    columns = (TextColumn("replaying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True,
                  disable=not sys.stdout.isatty()) as progress:
        task = progress.add_task("replay", total=len(fixtures))
        report = replay(fixtures, factory, options, jobs, str(path),
                        on_result=lambda result: progress.advance(task))
    if before is not None:
        report["baseline"] = compare(report, before, threshold, latency_tolerance)
    print_table(report, console, all_rows=not failures_only)
    written = [writer(report, out / name) for flag, writer, name in (
        (json_out, write_json, "report.json"), (junit, write_junit, "junit.xml"),
        (html, write_html, "report.html")) if flag]
    for file in written:
        click.echo(f"wrote {file}")
    _exit_status(report, fail_on_failures)


def _exit_status(report: dict[str, object], fail_on_failures: bool) -> None:
    comparison = report.get("baseline")
    if isinstance(comparison, dict) and comparison["regressions"]:
        for line in comparison["regressions"]:
            click.echo(f"regression: {line}", err=True)
        sys.exit(EXIT_REGRESSION)
    summary = report["summary"]
    if fail_on_failures and isinstance(summary, dict) and summary["failed"]:
        sys.exit(EXIT_FAILURES)
