"""Speech recognition: the `Recognizer` / `Session` protocols and `Transcript`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "engine": self.engine,
            "words": [
                {"word": w.text, "start": round(w.start, 3), "end": round(w.end, 3),
                 "conf": round(w.confidence, 3)}
                for w in self.words
            ],
        }
