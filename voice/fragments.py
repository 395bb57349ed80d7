"""Reading the slots a follow-up answer carries when it is not a whole command.

"tomorrow at ten" after "what day and time?" parses as no intent, yet it holds
the `date` and `time` the question asked for. The values are normalized the
way the parser normalizes slots (INTENTS.md), with `voice.datetimes` and
`voice.numbers`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

DATE_TIME_SLOTS = ("date", "time")
NUMBER_SLOTS = ("temperature", "delta", "level")
FILLER = re.compile(r"^((please|the|a|to|uh|um)\s+|嗯|呃|请)|(\s+please|吧|一下|呢)$",
                    re.IGNORECASE)


def _clean(text: str) -> str:
    text = text.strip().strip("。，,.!！?？ ")
    previous = None
    while previous != text:
        previous, text = text, FILLER.sub("", text).strip()
    return text


def read_fragment(text: str, lang: str, now: datetime, expects: tuple[str, ...]) -> dict[str, Any]:
    """The expected slots found in an answer; empty when it holds none of them."""
    text = _clean(text)
    if not text or not expects:
        return {}
    found: dict[str, Any] = {}
    if any(slot in DATE_TIME_SLOTS for slot in expects):
        from voice.datetimes import datetime_slots

        found.update(datetime_slots(text, lang, now))
    if "amount" in expects:
        found.update(_amount(text, lang))
    for slot in expects:
        if slot in NUMBER_SLOTS:
            from voice.numbers import parse_number

            number = parse_number(re.sub(r"(degrees?|度|级)$", "", text).strip(), lang)
            if number is not None:
                found[slot] = number
    text_slots = [s for s in expects if s not in (*DATE_TIME_SLOTS, *NUMBER_SLOTS, "amount")]
    if not found and len(text_slots) == 1:
        found[text_slots[0]] = text
    return found


def _amount(text: str, lang: str) -> dict[str, Any]:
    from voice.numbers import parse_amount

    parsed = parse_amount(text, lang)
    if parsed is None:
        return {}
    value, currency = parsed
    return {"amount": value, "currency": currency or "CNY"}
