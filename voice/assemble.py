"""The product's own assistant, assembled from the installed recognizers, parser and skills.

A factory takes an `AssistantSpec` (language, reference time, dialogue session)
and returns an `Assistant`. `assistant_for` is the default of `voice listen`
and `voice replay` (which gives every fixture a fresh database, so no dialogue
or vehicle state leaks from one fixture into the next); any other factory can
be named with `--assistant module:function`.
"""

from __future__ import annotations

import atexit
import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from voice.config import Config, load_config
from voice.errors import ModelError, UsageError
from voice.intents import Parse
from voice.pipeline import Assistant, RecognizerSession
from voice.skills import Reply
from voice.tts import PyttsxSpeaker, TTSSettings

ParseFunction = Callable[[str, str, datetime], Parse]


@dataclass(frozen=True)
class AssistantSpec:
    """What an assistant factory is asked for."""

    lang: str = "auto"
    now: str | None = None  # ISO reference time for relative dates; None: the clock
    session: str = "listen"  # dialogue session name
    fresh: bool = False  # a database of its own (replay), else the user's
    speak: bool = True
    phrases: str | None = None  # a phrase file (one per line): grammar-limited decoding


AssistantFactory = Callable[[AssistantSpec], Assistant]


class DialogTurns:
    """The dialogue as the pipeline calls it: a parse in, a reply out."""

    def __init__(self, dialog: Any, now: Callable[[], datetime]) -> None:
        self.dialog = dialog
        self.now = now

    def __call__(self, parse: Parse) -> Reply | None:
        if not parse.text.strip():
            reply: Reply = self.dialog.silence(self.now(), parse.lang)
        else:
            reply = self.dialog.turn(parse.text, parse.lang, self.now())
        return reply if reply.text.strip() else None

    def close(self) -> None:
        """Close the dialogue's database."""
        self.dialog.context.db.close()


def open_dialog(config: Config, parse: ParseFunction, now: Callable[[], datetime],
                session: str = "listen") -> DialogTurns:
    """The skills and dialogue on the database of `config`."""
    from voice.runtime import open_runtime

    return DialogTurns(open_runtime(config).dialog(parse, session), now)


def installed_parser() -> ParseFunction:
    """`voice.intents.parse`, or a clear error while it is not installed."""
    from voice.runtime import intent_parser

    return intent_parser()


@lru_cache(maxsize=4)
def _recognizers(lang: str, engine: str | None) -> tuple[Any, ...]:
    """Load the speech engines once per process."""
    try:
        from voice.commands.transcribe import build_recognizers
    except ImportError as exc:
        raise ModelError("speech recognition is not installed in this build") from exc
    return tuple(build_recognizers(lang, engine, None))


@lru_cache(maxsize=4)
def _grammar_phrases(lang: str) -> tuple[str, ...]:
    from voice.commands.transcribe import grammar_phrases

    return tuple(grammar_phrases(lang))


def session_factory(lang: str, engine: str | None, mode: str = "auto",
                    phrase_file: Path | None = None) -> Callable[[], Sequence[RecognizerSession]]:
    """Sessions per utterance.

    Decoding is limited to the phrases of `phrase_file` when given, else to the
    grammar's sentences with `mode="grammar"`; otherwise each engine decodes
    openly (PocketSphinx with its language model of the commands).
    """
    recognizers = _recognizers(lang, engine)
    if phrase_file is not None:
        from voice.commands.transcribe import read_phrases

        listed = read_phrases(phrase_file)
        phrases = {r.lang: listed for r in recognizers}
    else:
        phrases = {r.lang: list(_grammar_phrases(r.lang)) for r in recognizers
                   if mode == "grammar"}

    def sessions() -> list[RecognizerSession]:
        return [r.session(phrases.get(r.lang)) for r in recognizers]

    return sessions


def endpointer_for(parse: ParseFunction, now: Callable[[], datetime]) -> Any:
    """The recognizers' endpointer, closing early once the words parse as a command."""
    from voice.asr.endpoint import Endpointer

    def is_complete(text: str, lang: str) -> bool:
        return parse(text, lang, now()).intent is not None

    return Endpointer(is_complete=is_complete)


def build_assistant(config: Config | None = None, lang: str = "auto",
                    engine: str | None = None, now: datetime | None = None,
                    speak: bool = True, session: str = "listen",
                    phrase_file: Path | None = None) -> Assistant:
    """Recognizers for `lang`, the parser, the dialogue with its skills, the TTS speaker."""
    config = config or load_config()
    clock = (lambda: now) if now else datetime.now
    parse = installed_parser()
    sessions = session_factory(lang, engine, phrase_file=phrase_file)
    speaker = PyttsxSpeaker(TTSSettings.from_config(config)) if speak else None
    return Assistant(sessions=sessions,
                     parse=lambda text, text_lang: parse(text, text_lang, clock()),
                     dialog=open_dialog(config, parse, clock, session),
                     speaker=speaker, endpointer=endpointer_for(parse, clock))


@lru_cache(maxsize=1)
def _scratch_folder() -> Path:
    """One folder per process for the replay databases, removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="voice-replay-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def fresh_config(name: str) -> Config:
    """The user's settings with a database of its own (dialogue and vehicle start afresh)."""
    config = load_config()
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    database = {"path": str(_scratch_folder() / f"{safe}.db")}
    return replace(config, sections={**config.sections, "database": database})


def assistant_for(spec: AssistantSpec) -> Assistant:
    """The default factory: the product assistant (on a fresh database when asked)."""
    config = fresh_config(spec.session) if spec.fresh else load_config()
    now = datetime.fromisoformat(spec.now) if spec.now else None
    phrases = Path(spec.phrases) if spec.phrases else None
    return build_assistant(config, spec.lang, now=now, speak=spec.speak, session=spec.session,
                           phrase_file=phrases)


def load_factory(spec: str) -> AssistantFactory:
    """Import `module:function` (a factory taking an AssistantSpec, returning an Assistant)."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise UsageError(f"--assistant must look like module:function, not {spec!r}")
    if os.getcwd() not in sys.path:  # like `python -m`: modules of the current folder load
        sys.path.insert(0, os.getcwd())
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"cannot load assistant factory {spec}: {exc}") from exc
    if not callable(factory):
        raise UsageError(f"assistant factory {spec} is not callable")
    return factory
