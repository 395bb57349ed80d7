"""Times of day as spoken, in English and Chinese, before they are resolved.

`parse_clock` reads "half past ten", "10:30 pm", "下午三点一刻" into a `Clock`:
the hour and minute as said plus the part of the day that was named.
`Clock.resolve` then applies the rules of the intent contract (a bare hour
from 1 to 6 is afternoon). `voice.datetimes` builds its public API on these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from voice.numbers import Number, parse_number

# Parts of the day, named after what they do to an hour.
MORNING, NOON, AFTERNOON, EVENING, NIGHT, SMALL_HOURS = (
    "morning", "noon", "afternoon", "evening", "night", "small_hours")
AM, PM, EXACT = "am", "pm", "exact"

EN_DAYPARTS = {"morning": MORNING, "afternoon": AFTERNOON, "evening": EVENING,
               "night": NIGHT, "tonight": EVENING}
ZH_DAYPARTS = {
    "早上": MORNING, "早晨": MORNING, "清晨": MORNING, "上午": MORNING, "早": MORNING,
    "中午": NOON, "下午": AFTERNOON, "午后": AFTERNOON, "傍晚": EVENING, "晚上": EVENING,
    "晚间": EVENING, "晚": EVENING, "夜里": NIGHT, "夜间": NIGHT, "深夜": NIGHT,
    "半夜": SMALL_HOURS, "凌晨": SMALL_HOURS,
}
_ZH_DAYPART_WORDS = sorted(ZH_DAYPARTS, key=len, reverse=True)

_EN_SPECIAL = {"noon": (12, 0), "midday": (12, 0), "12 noon": (12, 0),
               "midnight": (0, 0), "12 midnight": (0, 0)}
_ZH_SPECIAL = {"正午": (12, 0), "午夜": (0, 0)}
_EN_LEADING_DAYPART = re.compile(
    r"(?:(?:in the|this) )?(morning|afternoon|evening|tonight)(?: (?:at|around))? (.+)")
_EN_TRAILING_DAYPART = re.compile(
    r"(.+?) (?:(?:in the|this) (morning|afternoon|evening)|at (night)|(tonight)|(am|pm))")
_EN_RELATIVE = re.compile(
    r"(?P<count>half|a quarter|quarter|.+?)(?: minutes?)? "
    r"(?P<rel>past|after|to|before) (?P<hour>.+)")
_COLON = re.compile(r"(\d{1,2})[:.](\d{2})")
_ZH_CLOCK = re.compile(r"(?P<hour>.+?)(?:点钟?|时)(?P<rest>.*)")


@dataclass(frozen=True)
class Clock:
    """A time of day as said: hour 0-23 and minute, the part of the day if named,
    and minutes to take off ("quarter to four" = 4:00 less 15)."""

    hour: int
    minute: int = 0
    daypart: str | None = None
    minus: int = 0

    def resolve(self, daypart: str | None = None) -> time | None:
        """The time meant, using `daypart` when none was said with the clock itself."""
        hour = _resolve_hour(self.hour, self.daypart or daypart)
        if hour is None:
            return None
        minutes = (hour * 60 + self.minute - self.minus) % (24 * 60)
        return time(minutes // 60, minutes % 60)


def parse_clock(text: str, lang: str) -> Clock | None:
    """A cleaned time-of-day text -> Clock, or None if the whole text is not one."""
    return _zh_clock(text) if lang == "zh" else _en_clock(text)


def _resolve_hour(hour: int, daypart: str | None) -> int | None:
    """The 24-hour clock hour for `hour` said in `daypart` (None: the 1-6 afternoon rule)."""
    if daypart == EXACT or hour == 0 or hour >= 13:
        return None if daypart in (AM, MORNING, SMALL_HOURS) and hour >= 13 else hour
    if daypart is None:
        return hour + 12 if 1 <= hour <= 6 else hour
    if daypart in (AM, SMALL_HOURS):
        return 0 if hour == 12 else hour
    if daypart == MORNING:
        return hour
    if daypart == NOON:
        return hour if hour >= 10 else hour + 12
    if daypart in (PM, AFTERNOON):
        return hour if hour == 12 else hour + 12
    if daypart == NIGHT and hour <= 4:
        return hour
    return 0 if hour == 12 else hour + 12  # evening, night


def _whole(value: Number | None, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and low <= value <= high else None


# English ---------------------------------------------------------------------

def _en_tidy(text: str) -> str:
    """Spell am/pm and o'clock one way: "10a.m." -> "10 am", "3 o'clock" -> "3 oclock"."""
    text = re.sub(r"\b([ap])\.? ?m\b\.?", r"\1m", text)
    text = re.sub(r"(\d)(am|pm)\b", r"\1 \2", text)
    text = re.sub(r"\bo ?['’]? ?clock\b", "oclock", text)
    while True:
        stripped = re.sub(r"^(?:at|around|about) ", "", text)
        if stripped == text:
            return text
        text = stripped


def _en_clock(text: str) -> Clock | None:
    text = _en_tidy(text)
    if text in _EN_SPECIAL:
        return Clock(*_EN_SPECIAL[text], daypart=EXACT)
    daypart = None
    leading = _EN_LEADING_DAYPART.fullmatch(text)
    trailing = _EN_TRAILING_DAYPART.fullmatch(text)
    if leading:
        daypart, text = EN_DAYPARTS[leading[1]], leading[2]
    elif trailing:
        word = next(group for group in trailing.groups()[1:] if group)
        daypart, text = EN_DAYPARTS.get(word, word), trailing[1]
    text = _en_tidy(text.removesuffix(" oclock"))
    clock = _en_relative(text) or _en_numeric(text) or _en_words(text)
    if clock is None:
        return None
    return Clock(clock.hour, clock.minute, daypart or clock.daypart, clock.minus)


def _en_hour(text: str) -> int | None:
    return _whole(parse_number(text, "en"), 0, 23)


def _en_numeric(text: str) -> Clock | None:
    """"10", "10:30", "15:00", "10 30"; a leading zero ("08:30") means the 24-hour clock."""
    match = _COLON.fullmatch(text) or re.fullmatch(r"(\d{1,2})(?: (\d{2}))?", text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return Clock(hour, minute, EXACT if match[1].startswith("0") else None)


def _en_words(text: str) -> Clock | None:
    """"ten", "ten thirty", "ten oh five", "three forty-five"."""
    words = text.replace("-", " ").split()
    if not words or not words[0].isalpha():
        return None
    hour = _en_hour(words[0])
    if hour is None:
        return None
    rest = words[1:]
    if not rest:
        return Clock(hour)
    if rest[0] in ("oh", "o") and len(rest) == 2:
        minute = _whole(parse_number(rest[1], "en"), 1, 9)
    else:
        minute = _whole(parse_number(" ".join(rest), "en"), 10, 59)
    return None if minute is None else Clock(hour, minute)


def _en_relative(text: str) -> Clock | None:
    """"half past ten", "quarter to four", "twenty past three", "10 minutes to 6"."""
    match = _EN_RELATIVE.fullmatch(text)
    if not match:
        return None
    counts = {"half": 30, "quarter": 15, "a quarter": 15}
    minutes = counts.get(match["count"]) or _whole(parse_number(match["count"], "en"), 1, 59)
    hour = _en_hour(match["hour"])
    after = match["rel"] in ("past", "after")
    if minutes is None or hour is None or (match["count"] == "half" and not after):
        return None
    if after:
        return Clock(hour, minutes)
    return Clock(hour, 0, minus=minutes)


# Chinese ---------------------------------------------------------------------

def _zh_clock(text: str) -> Clock | None:
    text = text.removeprefix("在")
    if text in _ZH_SPECIAL:
        return Clock(*_ZH_SPECIAL[text], daypart=EXACT)
    daypart = None
    for word in _ZH_DAYPART_WORDS:
        if text.startswith(word) and len(text) > len(word):
            daypart, text = ZH_DAYPARTS[word], text[len(word):]
            break
    numeric = _COLON.fullmatch(text)
    if numeric:
        clock = _en_numeric(text)
        return None if clock is None else Clock(clock.hour, clock.minute, daypart or clock.daypart)
    match = _ZH_CLOCK.fullmatch(text)
    if not match:
        return None
    hour = _whole(parse_number(match["hour"], "zh"), 0, 24)
    if hour is None:
        return None
    minute, minus = _zh_minutes(match["rest"])
    if minute is None:
        return None
    return Clock(hour % 24, minute, daypart, minus)


def _zh_minutes(rest: str) -> tuple[int | None, int]:
    """What follows 点 -> (minute, minus): 整, 半, 一刻, 三刻, 三十, 零五分, 过五分, 差五分."""
    fixed = {"": 0, "整": 0, "钟": 0, "半": 30, "一刻": 15, "三刻": 45}
    if rest in fixed:
        return fixed[rest], 0
    if rest.startswith("差"):
        minus = 15 if rest == "差一刻" else _zh_minute_count(rest[1:])
        return (None, 0) if not minus else (0, minus)
    return _zh_minute_count(rest.removeprefix("过")), 0


def _zh_minute_count(text: str) -> int | None:
    """"三十", "三十分", "零五", "05", "五分钟": a minute 0-59; a lone digit needs 分."""
    number = text.removesuffix("钟").removesuffix("分")
    if not number or (number == text and len(number) == 1):
        return None
    return _whole(parse_number(number, "zh"), 0, 59)
