"""`voice transcribe`: audio files (or the microphone) to text."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from voice import asr
from voice.asr import Recognizer, Transcript
from voice.asr.endpoint import EndpointConfig, Endpointer
from voice.asr.stream import Utterance, utterances
from voice.audio import AudioChunk, open_audio, read_audio
from voice.errors import ModelError, UsageError

AUTO_LANGS = ("en", "zh")
PER_INTENT = 300  # grammar sentences per intent in grammar mode


def read_phrases(path: Path) -> list[str]:
    """One phrase per line; blank lines and `#` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read phrase file {path}: {exc}") from exc
    phrases = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if not phrases:
        raise UsageError(f"phrase file {path} has no phrases")
    return phrases


def grammar_phrases(lang: str) -> list[str]:
    """The sentences of the built-in grammars for `lang` (slots as the `[unk]` wildcard)."""
    try:
        from voice.grammar import load_grammar  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise UsageError("grammar mode needs --phrases FILE: no grammars are installed") from exc
    grammar = load_grammar(lang)
    phrases = [sentence for intent in grammar.intents
               for _intent, sentence in grammar.sentences(intent=intent, limit=PER_INTENT)]
    if not phrases:
        raise UsageError(f"no grammar sentences for {lang!r}: give --phrases FILE")
    return phrases


def parse_score(transcript: Transcript) -> float:
    """How well a transcript parses: the parser's confidence, 0 without an intent."""
    from voice import intents

    parse = getattr(intents, "parse", None)
    if parse is None or not transcript.text:
        return 0.0
    result = parse(transcript.text, transcript.lang)
    return float(result.confidence) if result.intent else 0.0


def build_recognizers(lang: str, engine: str | None, model: str | None) -> list[Recognizer]:
    """The recognizers for `lang`; `auto` takes English and Chinese, each where it can run.

    English always can (the embedded engine); Chinese needs a Vosk model
    (`voice models list` shows what is installed).
    """
    if engine and engine not in asr.engine_names():
        raise UsageError(f"unknown speech engine {engine!r}: installed engines are "
                         f"{', '.join(asr.engine_names()) or 'none'}")
    if lang != "auto":
        return [asr.load_recognizer(engine or asr.default_engine(lang, model), lang, model)]
    recognizers = [asr.load_recognizer(engine or asr.default_engine("en"), "en")]
    for code in AUTO_LANGS[1:]:
        try:
            recognizers.append(asr.load_recognizer(engine or asr.default_engine(code), code))
        except (ModelError, UsageError):  # no model, or an engine without this language
            continue
    return recognizers


def utterance_dict(utterance: Utterance, best: Transcript) -> dict[str, Any]:
    return {**best.to_dict(), "reason": utterance.reason,
            "latency": round(utterance.latency, 3)}


def report(name: str, found: Iterable[tuple[Utterance, Transcript]],
           as_json: bool, many: bool) -> dict[str, Any]:
    """Print (or collect for JSON) the utterances of one audio source."""
    items = []
    for utterance, best in found:
        items.append(utterance_dict(utterance, best))
        if not as_json:
            prefix = f"{name}: " if many else ""
            click.echo(f"{prefix}{best.text}")
    if not items and not as_json:
        click.echo(f"{name}: no speech" if many else "no speech")
    return {"file": name, "utterances": items, "speech": bool(items)}


def partial_printer() -> Callable[[str, str], None]:
    """Print each partial result to stderr when its text changes."""
    last: dict[str, str] = {}

    def show(lang: str, text: str) -> None:
        if text and text != last.get(lang):
            click.echo(f"... [{lang}] {text}", err=True)
        last[lang] = text

    return show


def recognize(chunks: Iterator[AudioChunk], recognizers: list[Recognizer],
              phrases: dict[str, list[str]] | None, config: EndpointConfig,
              partials: bool = False) -> Iterator[tuple[Utterance, Transcript]]:
    """Each utterance with its best transcript (by parse, then ASR confidence)."""
    score = parse_score if len(recognizers) > 1 else (lambda t: 0.0)
    on_partial = partial_printer() if partials else None
    for utterance in utterances(chunks, recognizers, Endpointer(config), phrases, on_partial):
        yield utterance, utterance.best(score)


@click.command("transcribe")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["auto", "en", "zh", "ko"]), default="auto",
              show_default=True, help="Language; auto runs English and Chinese side by side.")
@click.option("--engine", type=str, default=None,
              help="Speech engine (vosk, sphinx, or a plugin); default: vosk when a Vosk "
                   "model is installed, else sphinx for English.")
@click.option("--model", type=str, default=None, help="Vosk model folder or name.")
@click.option("--mode", type=click.Choice(["open", "grammar"]), default=None,
              help="open: full vocabulary (PocketSphinx: its model of the commands); "
                   "grammar: only grammar phrases.  "
                   "[default: grammar with --phrases, else open]")
@click.option("--phrases", type=click.Path(path_type=Path), default=None,
              help="Grammar mode: a file with one phrase per line (default: the grammars).")
@click.option("--silence", type=float, default=EndpointConfig.silence, show_default=True,
              help="Seconds of silence that end an utterance.")
@click.option("--mic", is_flag=True, help="Listen to the microphone instead of files.")
@click.option("--device", type=str, default=None, help="Input device (index or name).")
@click.option("--seconds", type=float, default=5.0, show_default=True,
              help="With --mic: how long to listen.")
@click.option("--partials", is_flag=True, help="Show partial results on stderr while "
              "audio comes in.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON with words, confidences "
              "and timings.")
def transcribe_command(files: tuple[Path, ...], lang: str, engine: str | None,
                       model: str | None, mode: str | None, phrases: Path | None, silence: float,
                       mic: bool, device: str | None, seconds: float, partials: bool,
                       as_json: bool) -> None:
    """Print what is said in audio FILES (WAV, FLAC, OGG; any rate and channels)."""
    if not files and not mic:
        raise UsageError("give audio FILES to transcribe, or --mic")
    if silence <= 0 or seconds <= 0:
        raise UsageError("--silence and --seconds must be positive")
    for path in files:  # bad files fail before any model loads
        open_audio(path).close()
    recognizers = build_recognizers(lang, engine, model)
    phrase_map = None
    if mode == "grammar" or (mode is None and phrases):
        phrase_map = {r.lang: read_phrases(phrases) if phrases else grammar_phrases(r.lang)
                      for r in recognizers}
    config = EndpointConfig(silence=silence)
    sources: list[tuple[str, Iterator[AudioChunk]]]
    if mic:
        from voice import mic as microphone
        sources = [("microphone", microphone.stream(device, duration=seconds))]
    else:
        sources = [(str(path), read_audio(path)) for path in files]
    results = [report(name, recognize(chunks, recognizers, phrase_map, config, partials),
                      as_json, len(sources) > 1)
               for name, chunks in sources]
    if as_json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
