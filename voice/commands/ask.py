"""`voice ask` and `voice chat`: run turns of the dialogue from the command line."""

from __future__ import annotations

import json
import sys

import click

from voice.config import load_config
from voice.errors import VoiceError
from voice.intents import Parse
from voice.runtime import check_lang, check_text, intent_parser, open_runtime, parse_now
from voice.skills import Reply

LANG_OPTION = click.option("--lang", default="auto", show_default=True,
                           help="Language of the text: auto, en or zh.")
NOW_OPTION = click.option("--now", default=None,
                          help="Reference time for relative dates, e.g. 2026-11-24T09:00.")


def _print_reply(reply: Reply, as_json: bool, parse: Parse | None = None) -> None:
    if as_json:
        data = reply.to_dict()
        if parse is not None:
            data["parse"] = parse.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(reply.text)


def _warn_plugin_errors(errors: list[VoiceError]) -> None:
    for error in errors:
        click.echo(f"voice: warning: {error}", err=True)


@click.command()
@LANG_OPTION
@NOW_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the reply as JSON.")
@click.option("--session", default="default", show_default=True,
              help="Dialogue session; a follow-up answer must use the same one.")
@click.argument("text")
def ask(lang: str, now: str | None, as_json: bool, session: str, text: str) -> None:
    """Run one turn: parse TEXT, apply the dialogue rules, run the skill, print the reply.

    A follow-up answer ("tomorrow at ten", "yes") given in a later call continues
    the same session until it times out ([dialog] timeout_seconds, default 60).
    """
    lang, text, moment = check_lang(lang), check_text(text), parse_now(now)
    runtime = open_runtime(load_config())
    _warn_plugin_errors(list(runtime.registry.errors))
    dialog = runtime.dialog(intent_parser(), session)
    reply = dialog.turn(text, lang, moment)
    _print_reply(reply, as_json, dialog.last_parse)


@click.command()
@LANG_OPTION
@NOW_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print each reply as one JSON line.")
def chat(lang: str, now: str | None, as_json: bool) -> None:
    """A text conversation: one utterance per line from the keyboard or a pipe.

    An empty line counts as silence (it drops a pending question or
    confirmation). End with Ctrl-D, or "exit".
    """
    lang, moment = check_lang(lang), parse_now(now)
    runtime = open_runtime(load_config())
    _warn_plugin_errors(list(runtime.registry.errors))
    dialog = runtime.dialog(intent_parser(), "chat")
    dialog.store.clear("chat")
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            click.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line or line.strip() in ("exit", "quit"):
            break
        try:
            dialog.last_parse = None
            if line.strip():
                reply = dialog.turn(check_text(line), lang, moment)
            else:
                reply = dialog.silence(moment)
        except VoiceError as exc:
            click.echo(f"voice: error: {exc}", err=True)
            continue
        if reply.text or as_json:
            _print_reply(reply, as_json, dialog.last_parse)
