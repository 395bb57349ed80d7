"""`voice parse`: text in, intent out."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from voice.errors import UsageError

if TYPE_CHECKING:
    from voice.intents import Parser


def _now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--now must be an ISO date and time like 2026-11-24T09:00, "
                         f"not {value!r}") from exc


def _readable(result: dict[str, object]) -> str:
    found = result["slots"]
    assert isinstance(found, dict)
    slots = ", ".join(f"{k}={v}" for k, v in found.items())
    intent = result["intent"] or "(no intent)"
    return f"{intent} {{{slots}}} confidence={result['confidence']} lang={result['lang']}"


@click.command()
@click.argument("text", required=False)
@click.option("--lang", default="auto", show_default=True, help="en, zh or auto (from the text).")
@click.option("--now", "now_text", metavar="ISO",
              help="Reference time for relative dates, e.g. 2026-11-24T09:00 (default: the clock).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the JSON object of the intent contract.")
@click.option("--batch", type=click.Path(dir_okay=False, path_type=Path),
              help="Read 'lang<TAB>text' lines from FILE ('-' for stdin); one JSON line each.")
@click.option("--classify/--no-classify", default=True, show_default=True,
              help="English: when no template explains the text, let the intent classifier "
                   "trained on the grammar's sentences guess (needs evidence in the text).")
def parse(text: str | None, lang: str, now_text: str | None, as_json: bool,
          batch: Path | None, classify: bool) -> None:
    """Parse TEXT (a spoken command, English or Chinese) into an intent and its slots.

    \b
    Examples:
      voice parse "navigate to Beijing West Railway Station"
      voice parse --json --now 2026-11-24T09:00 "预约明天上午十点保养"
      voice parse --json --batch utterances.tsv
      voice parse --no-classify "the passenger would like it at twenty three"
    """
    from voice.intents import Parser
    from voice.text import check_lang

    check_lang(lang)
    now = _now(now_text)
    parser = Parser(classify=classify)
    if batch is not None:
        if text is not None:
            raise UsageError("give either TEXT or --batch FILE, not both")
        _batch(parser, batch, now)
        return
    if text is None:
        raise UsageError("no text to parse (give TEXT or --batch FILE)")
    result = parser.parse(text, lang, now).to_dict()
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else _readable(result))


def _batch(parser: Parser, path: Path, now: datetime | None) -> None:
    """One JSON object per input line, in order; a bad line stops with its number."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read batch file {path}: {exc.strerror}") from exc
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"batch file {path} is binary, not UTF-8 text") from exc
    out = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        lang, sep, text = line.partition("\t")
        if not sep:
            raise UsageError(f"{path}:{number}: expected 'lang<TAB>text'")
        try:
            result = parser.parse(text, lang.strip() or "auto", now)
        except UsageError as exc:
            raise UsageError(f"{path}:{number}: {exc}") from exc
        out.append(json.dumps(result.to_dict(), ensure_ascii=False))
    if out:
        click.echo("\n".join(out))
