"""Typed slots: what their spans may look like, and their normalized values.

A typed slot (number, amount, date, time, datetime, or a number range) matches a
run of words (English) or characters (Chinese) from a small vocabulary, and the
span is then read by `voice.numbers` / `voice.datetimes`; a span they cannot
read does not match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any


def _words(text: str) -> list[str]:
    return text.split()


_EN_NUMBER = _words(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand point and a half minus negative"
)
_EN_MONEY = _words("yuan rmb kuai cny renminbi dollar dollars buck bucks usd us cents cent")
_EN_DATE = _words(
    "today tonight tomorrow day after the next this coming monday tuesday wednesday thursday "
    "friday saturday sunday mon tue tues wed thu thur thurs fri sat sun january february march "
    "april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec of on week first second third fourth fifth sixth seventh eighth "
    "ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth twentieth thirtieth morning afternoon evening night"
)
_EN_TIME = _words(
    "at am pm a.m. p.m. o'clock oclock in the morning afternoon evening night noon midnight "
    "half past quarter to thirty fifteen forty five tonight around about by"
)
_EN_SUFFIX = r"(?:st|nd|rd|th|am|pm)?"
_EN_NUMBER_START = r"(?!and |a (?!hundred |thousand |half ))"
_DIGITS = r"\d+(?:[.:]\d+)?"

_ZH_NUMBER = "零〇一二两三四五六七八九十百千万点幺0-9."
_ZH_MONEY = "块元圆钱毛角分半美金刀人民币"
_ZH_DATE = "今明后大天日号月周星期礼拜下上个这本末早晚儿"
_ZH_TIME = "上下中午晚早凌晨傍夜里点半分刻钟整:今明后天"

_EN_WORDS = {
    "number": _EN_NUMBER,
    "amount": _EN_NUMBER + _EN_MONEY,
    "date": _EN_NUMBER + _EN_DATE,
    "time": _EN_NUMBER + _EN_TIME,
    "datetime": _EN_NUMBER + _EN_DATE + _EN_TIME,
}
_ZH_CHARS = {
    "number": _ZH_NUMBER,
    "amount": _ZH_NUMBER + _ZH_MONEY,
    "date": _ZH_NUMBER + _ZH_DATE,
    "time": _ZH_NUMBER + _ZH_TIME,
    "datetime": _ZH_NUMBER + _ZH_DATE + _ZH_TIME,
}


def typed_pattern(kind: str, lang: str, spaced: bool,
                  syllables: Callable[[str], list[str]] | None = None) -> str:
    """A regex (no groups) for a span that may hold a value of `kind`.

    With `syllables` (the pinyin form) the span is a run of the syllables of the
    characters Chinese numbers and dates use.
    """
    if lang == "zh" and syllables is not None:
        sounds = sorted(set(syllables(zh_typed_chars(kind).replace(".", ""))) - set("0123456789"),
                        key=len, reverse=True)
        return rf"(?:(?:{'|'.join(map(re.escape, sounds))}|\d+(?:[.:]\d+)?) )++"
    if lang == "zh" and not spaced and kind == "number":
        # "点" only as a decimal point between digits, and a number never ends
        # right before one: "升高一点" is "a bit higher", not one degree.
        digits = _ZH_NUMBER.replace("点", "")
        return f"[{digits}]++(?:点[{digits}]++)?+(?!点)"
    if lang == "zh" and not spaced:
        return f"[{_ZH_CHARS[kind]}]++"
    if lang == "en":
        words = "|".join(re.escape(w) for w in sorted(set(_EN_WORDS[kind]), key=len, reverse=True))
        # Numbers and amounts never give words back (no runaway backtracking);
        # dates and times may ("tomorrow at ten at the dealer").
        quantifier = "++" if kind in ("number", "amount") else "+"
        # "a" starts a number only before hundred, thousand or half ("down a degree").
        start = _EN_NUMBER_START if kind in ("number", "amount") else ""
        return rf"{start}(?:(?:{words}|{_DIGITS}{_EN_SUFFIX}) ){quantifier}"
    return r"(?:\S+ )+?"


def typed_words(lang: str) -> set[str]:
    """Every word an English typed span may use (numbers, dates, times, money)."""
    return {w for words in _EN_WORDS.values() for w in words} if lang == "en" else set()


def zh_typed_chars(kind: str) -> str:
    """The characters a Chinese typed span of `kind` may use."""
    return _ZH_CHARS[kind].replace("0-9", "0123456789")


def typed_value(kind: str, text: str, lang: str, now: datetime,
                low: float | None = None, high: float | None = None) -> dict[str, Any] | None:
    """The slots a typed span stands for, e.g. {"date": "2026-11-25", "time": "10:00"}.

    `kind` "number" returns {"": value}: the caller names the slot.
    """
    from voice import datetimes, numbers

    text = text.strip()
    if kind in ("number", "range"):
        number = numbers.parse_number(text, lang)
        if number is None or isinstance(number, bool):
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return {"": number}
    if kind == "amount":
        amount = numbers.parse_amount(text, lang)
        if amount is None:
            return None
        return {"amount": amount[0], "currency": amount[1] or "CNY"}
    if kind == "date":
        day = datetimes.parse_date(text, lang, now)
        return None if day is None else {"date": day.isoformat()}
    if kind == "time":
        clock = datetimes.parse_time(text, lang)
        return None if clock is None else {"time": clock.strftime("%H:%M")}
    if kind == "datetime":
        return dict(datetimes.datetime_slots(text, lang, now)) or None
    raise ValueError(f"unknown typed slot kind {kind!r}")
