"""Where text becomes an intent: `Parse` and `parse()`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from voice.language import Language
from voice.text import check_lang, check_text, detect_language, has_latin


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


# Below this confidence a fuzzy match is reported as out of domain (intent null);
# chosen from the test sets with benchmarks/threshold.py (see docs/parser.md).
DEFAULT_THRESHOLD = 0.8


class Parser:
    """Text in, intent out. Loads each language's grammar once, on first use."""

    def __init__(self, extra: Sequence[Path | Traversable] = (),
                 threshold: float = DEFAULT_THRESHOLD, classify: bool = True) -> None:
        """`classify`: try the intent classifier last on English sentences that no
        template explains (see `voice.fallback`)."""
        self.extra = tuple(extra)
        self.threshold = threshold
        self.classify = classify
        self._languages: dict[str, Language] = {}

    def language(self, lang: str) -> Language:
        """The compiled grammar (and fuzzy matcher) of one language."""
        if lang not in self._languages:
            self._languages[lang] = Language(lang, self.extra,
                                             self.threshold if self.classify else None)
        return self._languages[lang]

    def _check_language(self, lang: str) -> None:
        """Accept en, zh, auto, and any language some grammar package has a folder for."""
        if lang in ("en", "zh", "auto"):
            return
        from voice.grammar import grammar_files

        if not lang.isidentifier() or not grammar_files(lang, self.extra):
            check_lang(lang)

    def parse(self, text: str, lang: str = "auto", now: datetime | None = None) -> Parse:
        """Parse one utterance; `lang` is "en", "zh" or "auto" (decided from the text)."""
        text = check_text(text)
        if lang not in self._languages:
            self._check_language(lang)
        now = now or datetime.now()
        if lang != "auto":
            return self._parse_in(text, lang, now)
        primary = detect_language(text)
        result = self._parse_in(text, primary, now)
        if result.intent is None and primary == "zh" and has_latin(text):
            other = self._parse_in(text, "en", now)
            if other.intent is not None:
                return other
        return result

    def _parse_in(self, text: str, lang: str, now: datetime) -> Parse:
        language = self.language(lang)
        found, confidence = language.match(text, now)
        if found is None or confidence < self.threshold:
            return Parse(None, {}, confidence if found is None else confidence, lang, text)
        return Parse(found.intent, found.slots, confidence, lang, text)


_default: Parser | None = None


def parse(text: str, lang: str = "auto", now: datetime | None = None) -> Parse:
    """Parse with a shared default Parser (built-in and plugin grammars)."""
    global _default
    if _default is None:
        _default = Parser()
    return _default.parse(text, lang, now)
