"""`voice say`: speak a text with the reply voice, to the speakers or a WAV file."""

from __future__ import annotations

from pathlib import Path

import click

from voice.config import load_config
from voice.tts import LANGS, PyttsxSpeaker, TTSSettings, check_text, detect_lang


@click.command("say")
@click.option("--lang", type=click.Choice([*LANGS, "auto"]), default="auto", show_default=True,
              help="Language of the text; auto picks zh when it has Chinese characters.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a WAV file instead of playing on the speakers.")
@click.option("--rate", type=int, help="Words per minute (default from [tts] rate, else 175).")
@click.option("--volume", type=float, help="0..1 (default from [tts] volume, else 1.0).")
@click.argument("text")
def say(lang: str, out: Path | None, rate: int | None, volume: float | None, text: str) -> None:
    """Speak TEXT in its language (a Chinese voice for Chinese, English for English).

    Mixed text such as 导航到Starbucks is spoken run by run, each with its own voice.
    """
    lang = detect_lang(text) if lang == "auto" else lang
    text = check_text(text, lang)
    settings = TTSSettings.from_config(load_config())
    speaker = PyttsxSpeaker(settings.replace(rate=rate, volume=volume))
    if out:
        speaker.to_file(text, lang, out)
        click.echo(f"wrote {out}")
    else:
        speaker.say(text, lang)
