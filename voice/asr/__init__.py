"""Speech recognition: the `Recognizer` / `Session` protocols, `Transcript`, engine plugins.

An engine is a class registered in the entry-point group `voice.asr` (the
built-in `vosk` and `sphinx` engines register the same way). It is built as
`factory(lang=..., model=...)` and returns a `Recognizer`: the model is loaded
once and shared; each utterance is a `Session`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from voice.audio import AudioChunk
from voice.errors import ModelError, PluginError, UsageError

ENTRY_POINT_GROUP = "voice.asr"
LANGUAGES = ("en", "zh", "ko")


@dataclass(frozen=True)
class Word:
    """One recognized word with its confidence and timing in seconds."""

    text: str
    start: float
    end: float
    confidence: float


@dataclass(frozen=True)
class Transcript:
    """The final text of one utterance in one language."""

    text: str
    lang: str
    confidence: float
    words: tuple[Word, ...] = field(default_factory=tuple)
    engine: str = ""
    start: float = 0.0  # where the utterance starts in the audio stream, seconds
    end: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "engine": self.engine,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "words": [
                {"word": w.text, "start": round(w.start, 3), "end": round(w.end, 3),
                 "conf": round(w.confidence, 3)}
                for w in self.words
            ],
        }


class Session(Protocol):
    """One utterance being recognized."""

    lang: str

    def accept(self, chunk: AudioChunk) -> str:
        """Feed audio; return the partial text heard so far."""
        ...

    def finish(self) -> Transcript:
        """End the utterance and return its final transcript."""
        ...


class Recognizer(Protocol):
    """An engine with its model loaded for one language."""

    name: str
    lang: str

    def session(self, phrases: Sequence[str] | None = None) -> Session:
        """Start an utterance: open vocabulary, or only `phrases` when given."""
        ...

    def unknown_words(self, phrases: Iterable[str]) -> set[str]:
        """Words of `phrases` this recognizer cannot produce."""
        ...


def engine_names() -> list[str]:
    """Names of the installed engines (entry points in `voice.asr`)."""
    return sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def load_recognizer(engine: str, lang: str, model: str | None = None) -> Recognizer:
    """Build the recognizer of one engine for one language."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == engine]
    if not found:
        raise UsageError(f"unknown speech engine {engine!r}: installed engines are "
                         f"{', '.join(engine_names()) or 'none'}")
    point = found[0]
    try:
        factory = point.load()
    except Exception as exc:
        package = point.dist.name if point.dist else point.value
        raise PluginError(f"speech engine {engine!r} from {package} cannot be loaded: "
                          f"{exc}") from exc
    recognizer: Recognizer = factory(lang=lang, model=model)
    return recognizer


def default_engine(lang: str, model: str | None = None) -> str:
    """`vosk` when a Vosk model for `lang` is found, else the embedded English engine."""
    from voice import models

    if model or models.find_model(lang) is not None:
        return "vosk"
    if lang == "en":
        return "sphinx"
    raise ModelError(models.missing_message(lang))


def choose_best(transcripts: Sequence[Transcript],
                score: Callable[[Transcript], float]) -> Transcript:
    """The transcript with the best score, then the best ASR confidence."""
    if not transcripts:
        raise ValueError("choose_best needs at least one transcript")
    return max(transcripts, key=lambda t: (score(t), t.confidence))
