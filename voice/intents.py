"""Where text becomes an intent: `Parse` and `parse()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Parse:
    """The result of parsing one utterance; its JSON form is the INTENTS.md contract."""

    intent: str | None
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    lang: str = "en"
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object printed by `voice parse --json`."""
        return {
            "intent": self.intent,
            "slots": dict(self.slots),
            "confidence": round(self.confidence, 3),
            "lang": self.lang,
            "text": self.text,
        }
