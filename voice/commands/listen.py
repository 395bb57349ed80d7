"""`voice listen`: the assistant loop on the microphone or a recording."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from voice.assemble import AssistantSpec, load_factory
from voice.audio import AudioChunk, open_audio, read_audio
from voice.errors import UsageError
from voice.pipeline import Turn


def mic_chunks(device: str | None, seconds: float | None) -> Iterator[AudioChunk]:
    """The microphone as chunks (a device index or name, else the default input)."""
    from voice import mic

    chosen: str | int | None = int(device) if device and device.isdigit() else device
    yield from mic.stream(chosen, seconds)


class LiveView:
    """Partial transcripts on one line that rewrites itself (on a terminal), turns below."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.live = sys.stderr.isatty() and not as_json
        self.shown = ""

    def partial(self, lang: str, text: str) -> None:
        if self.live and text and text != self.shown:
            self.shown = text
            click.echo(f"\r\033[K… ({lang}) {text}", err=True, nl=False)

    def turn(self, turn: Turn) -> None:
        if self.live:
            click.echo("\r\033[K", err=True, nl=False)
            self.shown = ""
        if self.as_json:
            click.echo(json.dumps(turn.to_dict(), ensure_ascii=False))
            return
        heard = turn.transcript.text if turn.transcript else ""
        slots = json.dumps(turn.parse.slots, ensure_ascii=False)
        click.echo(f"heard ({turn.parse.lang}): {heard}")
        click.echo(f"intent: {turn.parse.intent or '(none)'} {slots} "
                   f"confidence {turn.parse.confidence:.2f}")
        click.echo(f"reply: {turn.reply.text if turn.reply else '(none)'}")
        if turn.spoken:
            click.echo(f"spoken: {turn.spoken}")
        if turn.speech_error:
            click.echo(f"voice: warning: reply not spoken: {turn.speech_error}", err=True)
        click.echo(f"latency: {turn.latency * 1000:.0f} ms from end of speech to reply audio "
                   f"({', '.join(f'{k} {v * 1000:.0f}' for k, v in turn.timings.items())} ms)")


@click.command("listen")
@click.option("--lang", type=click.Choice(["auto", "en", "zh"]), default="auto",
              show_default=True, help="Language; auto listens for English and Chinese at once.")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run on a recording instead of the microphone.")
@click.option("--device", help="Microphone (index or name; see `voice devices`).")
@click.option("--seconds", type=click.FloatRange(min=0.1), help="Stop listening after this long.")
@click.option("--now", help="Reference time for relative dates, e.g. 2026-11-24T09:00.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Write spoken replies as WAV files here instead of playing them.")
@click.option("--no-speak", is_flag=True, help="Print replies without speaking them.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per turn.")
@click.option("--phrases", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Limit recognition to these phrases (one per line).")
@click.option("--assistant", default="voice.assemble:assistant_for", show_default=True,
              help="Factory module:function building the assistant.")
def listen(lang: str, file: Path | None, device: str | None, seconds: float | None,
           now: str | None, out: Path | None, no_speak: bool, as_json: bool,
           phrases: Path | None, assistant: str) -> None:
    """Listen, understand and answer, turn after turn.

    Partial transcripts show while you speak; each utterance then prints what
    was heard, the intent and the reply, which is spoken in its language. The
    assistant does not listen to itself while it speaks (on the microphone).
    """
    if now is not None:
        _check_now(now)
    if file is not None:
        open_audio(file).close()  # a bad file fails before any model loads
    view = LiveView(as_json)
    spec = AssistantSpec(lang, now, "listen", speak=not no_speak,
                         phrases=str(phrases) if phrases else None)
    helper = load_factory(assistant)(spec)
    helper.reply_dir = out
    helper.on_partial = view.partial
    helper.half_duplex = file is None
    chunks = read_audio(file) if file is not None else mic_chunks(device, seconds)
    heard = 0
    try:
        for turn in helper.turns(chunks, audio=file, name=file.stem if file else "reply"):
            heard += 1
            view.turn(turn)
    finally:
        helper.close()
    if heard == 0 and not as_json:
        click.echo("no speech")


def _check_now(value: str) -> None:
    from datetime import datetime

    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--now must be an ISO date-time like 2026-11-24T09:00, not {value!r}") \
            from exc
