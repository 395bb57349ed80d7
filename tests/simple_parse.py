"""A small real parse function for dialogue tests, independent of the full intent parser.

It knows a handful of fixed phrasings; anything else parses as no intent,
the way a follow-up fragment such as "tomorrow at ten" does. A leading
"maybe" lowers the confidence, standing for a doubtful recognition.
"""

from __future__ import annotations

import re
from datetime import datetime

from voice.intents import Parse

RULES: list[tuple[str, str, str | None]] = [
    (r"(yes|confirm|go ahead)", "confirm", None),
    (r"(是的|确认|好的)", "confirm", None),
    (r"(no|don't)", "deny", None),
    (r"(不|不要)", "deny", None),
    (r"(cancel|never mind)", "cancel", None),
    (r"(取消|算了)", "cancel", None),
    (r"book a table", "book_table", None),
    (r"预约餐厅", "book_table", None),
    (r"book a table for (?P<party>\w+)", "book_table", None),
    (r"navigate to (?P<destination>.+)", "navigate", None),
    (r"导航到(?P<destination>.+)", "navigate", None),
    (r"navigate", "navigate", None),
    (r"turn on the ac", "climate_control", "ac"),
    (r"what can you do", "help", None),
    (r"你能做什么", "help", None),
]


def simple_parse(text: str, lang: str, now: datetime) -> Parse:
    """Parse by whole-sentence patterns; `lang` auto-detects Chinese characters."""
    cleaned = text.strip().rstrip("。.!?！？")
    confidence = 0.95
    if cleaned.startswith("maybe "):
        cleaned, confidence = cleaned.removeprefix("maybe "), 0.3
    if lang == "auto":
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", cleaned) else "en"
    for pattern, intent, device in RULES:
        match = re.fullmatch(pattern, cleaned, re.IGNORECASE)
        if match:
            slots: dict[str, object] = dict(match.groupdict())
            if device:
                slots.update(action="on", device=device)
            return Parse(intent, slots, confidence, lang, text)
    return Parse(None, {}, 0.0, lang, text)
