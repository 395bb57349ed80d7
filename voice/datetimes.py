"""Spoken dates and times -> `date` and `time`, against an injected `now`.

Rules (the intent contract): "Monday"/"周一" is the next Monday after today;
"next Monday"/"下周一" is the Monday of next week; "this Friday"/"这周五" is
this week's Friday, or next week's if it has passed; a month and day already
past means next year; a bare hour from 1 to 6 is afternoon. A part of the day
alone ("afternoon", "下午") is not a time. Every parser reads the WHOLE text
and returns None when any of it is not understood.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from voice.clock import EN_DAYPARTS, EVENING, MORNING, ZH_DAYPARTS, parse_clock
from voice.numbers import MAX_SLOT_CHARS, clean_slot_text, parse_number, parse_ordinal

_EN_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_EN_RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2,
                     "the day after tomorrow": 2}
_ZH_RELATIVE_DAYS = {
    "今天": 0, "今日": 0, "今儿": 0, "今儿个": 0, "今晚": 0, "明天": 1, "明日": 1, "明儿": 1,
    "明儿个": 1, "明早": 1, "明晚": 1, "后天": 2, "后儿": 2, "大后天": 3,
}
# Words that hold a date and a part of the day at once.
_EN_DATE_DAYPARTS = {"tonight": (0, EVENING), "this morning": (0, MORNING),
                     "this afternoon": (0, "afternoon"), "this evening": (0, EVENING)}
_ZH_DATE_DAYPARTS = {"今晚": (0, EVENING), "明早": (1, MORNING), "明晚": (1, EVENING)}
_ZH_WEEKDAY_NAMES = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                     "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})")
_EN_WEEKDAY = re.compile(r"(?:(?P<which>this|next) )?(?P<day>[a-z]+)(?: (?P<week>this|next) week)?")
_EN_MONTH_DAY = re.compile(r"(?P<month>[a-z]+)\.? (?:the )?(?P<day>[a-z0-9 -]+)")
_EN_DAY_MONTH = re.compile(r"(?:the )?(?P<day>[a-z0-9 -]+?) (?:of )?(?P<month>[a-z]+)")
_EN_DAY_ONLY = re.compile(r"the (?P<day>[a-z0-9 -]+)")
_EN_DATE_DAYPART = re.compile(
    r"(?P<date>.+?) (?:in the |at )?(?P<part>morning|afternoon|evening|night)")
_ZH_WEEKDAY = re.compile(
    r"(?P<which>这个?|本|下下个?|下个?)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天1-7])")
_ZH_MONTH_DAY = re.compile(r"(?P<month>[^月]+)月(?P<day>[^号日]+)[号日]?")
_ZH_DAY_ONLY = re.compile(r"(?P<day>[^号日]+)[号日]")


def parse_date(text: str, lang: str, now: datetime) -> date | None:
    """The date the WHOLE text names, relative to `now`, or None.

    en: today, tonight, tomorrow, the day after tomorrow, monday..sunday,
    this friday, next monday, november 30, nov 30th, 30th of november,
    the 30th, 11/30. zh: 今天, 明天, 后天, 大后天, 周一/星期一/礼拜一, 这周五,
    下周一, 11月30号, 十一月三十号, 30号. Leading "on"/"for"/"在" is allowed.
    """
    text = clean_slot_text(text, lang)
    return _date(text, lang, now.date()) if len(text) <= MAX_SLOT_CHARS else None


def parse_time(text: str, lang: str) -> time | None:
    """The time of day the WHOLE text names, or None.

    en: 10 am, 10:30 pm, ten thirty, half past ten, quarter to four, noon,
    midnight, three in the afternoon, 3 o'clock, tonight at 8. zh: 十点半,
    十点三十分, 上午十点, 下午三点, 晚上八点, 凌晨两点, 两点一刻, 三点整, 10:30.
    A bare hour 1-6 is afternoon; a part of the day alone is None.
    """
    text = clean_slot_text(text, lang)
    clock = parse_clock(_time_text(text, lang), lang) if len(text) <= MAX_SLOT_CHARS else None
    return None if clock is None else clock.resolve()


def parse_datetime(
    text: str, lang: str, now: datetime
) -> tuple[date | None, time | None] | None:
    """A date and/or a time in either order ("tomorrow at 10 am", "at ten tomorrow",
    "明天上午十点", "后天下午") -> (date or None, time or None), else None.

    A part of the day said with the date applies to a time without one
    ("next monday afternoon at three" -> 15:00); with no time it is dropped
    ("明天下午" -> (date, None)).
    """
    text = clean_slot_text(text, lang)
    text = re.sub(r"\s*[,，]\s*", "" if lang == "zh" else " ", text)
    if len(text) > MAX_SLOT_CHARS:
        return None
    today = now.date()
    whole_date = _date_with_daypart(text, lang, today)
    if whole_date is not None:
        return whole_date[0], None
    for left, right in _splits(text, lang):
        for date_text, time_text in ((left, right), (right, left)):
            found = _date_with_daypart(date_text, lang, today)
            clock = parse_clock(_time_text(time_text, lang), lang) if found else None
            if found and clock:
                resolved = clock.resolve(found[1])
                return None if resolved is None else (found[0], resolved)
    clock = parse_clock(_time_text(text, lang), lang)
    resolved = None if clock is None else clock.resolve()
    return None if resolved is None else (None, resolved)


def datetime_slots(text: str, lang: str, now: datetime) -> dict[str, str]:
    """The `date` and `time` slots a span names ({"date": "2026-11-25", "time": "10:00"}),
    empty when it names neither."""
    parsed = parse_datetime(text, lang, now)
    if parsed is None:
        return {}
    day, clock = parsed
    found: dict[str, str] = {}
    if day is not None:
        found["date"] = day.isoformat()
    if clock is not None:
        found["time"] = clock.strftime("%H:%M")
    return found


def _splits(text: str, lang: str) -> list[tuple[str, str]]:
    """Every way to cut the text in two: between words in English, characters in Chinese."""
    if lang == "zh":
        return [(text[:i], text[i:]) for i in range(1, len(text))]
    words = text.split(" ")
    return [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]


def _time_text(text: str, lang: str) -> str:
    return text.removeprefix("在") if lang == "zh" else text


def _date_with_daypart(text: str, lang: str, today: date) -> tuple[date, str | None] | None:
    """A date, maybe with a part of the day ("tomorrow afternoon", "明天下午", "tonight")."""
    if lang == "zh":
        text = text.removeprefix("在").removesuffix("的")
        if text in _ZH_DATE_DAYPARTS:
            days, part = _ZH_DATE_DAYPARTS[text]
            return today + timedelta(days), part
        for word, part in ZH_DAYPARTS.items():
            day = _date(text.removesuffix(word), lang, today) if text.endswith(word) else None
            if day is not None:
                return day, part
    else:
        text = re.sub(r"^(?:on|for) ", "", text)
        if text in _EN_DATE_DAYPARTS:
            days, part = _EN_DATE_DAYPARTS[text]
            return today + timedelta(days), part
        match = _EN_DATE_DAYPART.fullmatch(text)
        day = _date(match["date"], lang, today) if match else None
        if match and day is not None:
            return day, EN_DAYPARTS[match["part"]]
    day = _date(text, lang, today)
    return None if day is None else (day, None)


def _date(text: str, lang: str, today: date) -> date | None:
    if lang == "zh":
        return _zh_date(text.removeprefix("在"), today)
    return _en_date(re.sub(r"^(?:on|for) ", "", text), today)


# Calendar arithmetic -----------------------------------------------------------

def _next_weekday(today: date, weekday: int) -> date:
    """The first `weekday` after today (never today itself)."""
    return today + timedelta((weekday - today.weekday()) % 7 or 7)


def _this_weekday(today: date, weekday: int) -> date:
    """This week's `weekday` (weeks start on Monday), or next week's if it has passed."""
    day = today + timedelta(weekday - today.weekday())
    return day if day >= today else day + timedelta(7)


def _next_week_weekday(today: date, weekday: int, weeks: int = 1) -> date:
    """`weekday` of the week `weeks` after this one."""
    return today + timedelta(weekday - today.weekday() + 7 * weeks)


def _month_day(today: date, month: int | None, day: int | None) -> date | None:
    """The next month/day on or after today (this year, else a later one)."""
    if month is None or day is None or not 1 <= month <= 12:
        return None
    for year in range(today.year, today.year + 5):
        candidate = _valid_date(year, month, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _day_of_month(today: date, day: int | None) -> date | None:
    """Day `day` of this month, or of the next month that has it if it has passed."""
    if day is None:
        return None
    for ahead in range(13):
        year, month = divmod(today.month - 1 + ahead, 12)
        candidate = _valid_date(today.year + year, month + 1, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric_date(text: str, today: date) -> date | None:
    """ "2026-11-30" as written, "11/30" as month/day."""
    iso = _ISO.fullmatch(text)
    if iso:
        return _valid_date(int(iso[1]), int(iso[2]), int(iso[3]))
    slash = _SLASH.fullmatch(text)
    return _month_day(today, int(slash[1]), int(slash[2])) if slash else None


# English -----------------------------------------------------------------------

def _en_date(text: str, today: date) -> date | None:
    if text in _EN_RELATIVE_DAYS:
        return today + timedelta(_EN_RELATIVE_DAYS[text])
    return _numeric_date(text, today) or _en_weekday(text, today) or _en_calendar(text, today)


def _en_weekday(text: str, today: date) -> date | None:
    match = _EN_WEEKDAY.fullmatch(text)
    if not match or match["day"] not in _EN_WEEKDAYS or (match["which"] and match["week"]):
        return None
    weekday = _EN_WEEKDAYS[match["day"]]
    which = match["which"] or match["week"]
    if which == "next":
        return _next_week_weekday(today, weekday)
    if which == "this":
        return _this_weekday(today, weekday)
    return _next_weekday(today, weekday)


def _en_calendar(text: str, today: date) -> date | None:
    """ "november 30", "nov 30th", "30th of november", "30 november", "the 30th"."""
    for pattern in (_EN_MONTH_DAY, _EN_DAY_MONTH):
        match = pattern.fullmatch(text)
        if match and match["month"] in _EN_MONTHS:
            found = _month_day(today, _EN_MONTHS[match["month"]], _en_day(match["day"]))
            if found:
                return found
    only = _EN_DAY_ONLY.fullmatch(text)
    if only:
        return _day_of_month(today, _en_day(only["day"]))
    return None


def _en_day(text: str) -> int | None:
    """A day of the month: "30", "30th", "thirtieth", "thirty"."""
    value = parse_ordinal(text)
    if value is None:
        number = parse_number(text, "en")
        value = number if isinstance(number, int) else None
    return value if value is not None and 1 <= value <= 31 else None


# Chinese -----------------------------------------------------------------------

def _zh_date(text: str, today: date) -> date | None:
    if text in _ZH_RELATIVE_DAYS:
        return today + timedelta(_ZH_RELATIVE_DAYS[text])
    return _numeric_date(text, today) or _zh_weekday(text, today) or _zh_calendar(text, today)


def _zh_weekday(text: str, today: date) -> date | None:
    match = _ZH_WEEKDAY.fullmatch(text)
    if not match:
        return None
    weekday = _ZH_WEEKDAY_NAMES[match["day"]]
    which = match["which"] or ""
    if which.startswith("下下"):
        return _next_week_weekday(today, weekday, weeks=2)
    if which.startswith("下"):
        return _next_week_weekday(today, weekday)
    if which:
        return _this_weekday(today, weekday)
    return _next_weekday(today, weekday)


def _zh_calendar(text: str, today: date) -> date | None:
    """ "11月30号", "十一月三十日", "11月30", "30号"."""
    month_day = _ZH_MONTH_DAY.fullmatch(text)
    if month_day:
        return _month_day(today, _zh_int(month_day["month"]), _zh_int(month_day["day"]))
    day_only = _ZH_DAY_ONLY.fullmatch(text)
    if day_only:
        day = _zh_int(day_only["day"])
        return _day_of_month(today, day) if day is not None and 1 <= day <= 31 else None
    return None


def _zh_int(text: str) -> int | None:
    value = parse_number(text, "zh")
    return value if isinstance(value, int) else None
