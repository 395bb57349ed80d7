"""Amounts, dates and times worded the way a person says them, in English or Chinese."""

from __future__ import annotations

from datetime import date, datetime, time

EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ZH_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def spoken_amount(fen: int, lang: str) -> str:
    """An amount in fen (1/100 yuan) as said aloud: "125 yuan 50", "125元5角"."""
    yuan, cents = divmod(fen, 100)
    if lang == "zh":
        jiao, rest = divmod(cents, 10)
        text = f"{yuan}元"
        if jiao:
            text += f"{jiao}角"
        if rest:
            text += f"{'零' if not jiao else ''}{rest}分"
        return text
    unit = "yuan"
    if not cents:
        return f"{yuan} {unit}"
    return f"{yuan} {unit} {cents:02d}"


def spoken_time(value: time, lang: str) -> str:
    """A clock time: "10 am", "3:30 pm", "上午10点", "下午3点半"."""
    hour, minute = value.hour, value.minute
    if lang == "zh":
        if hour < 6:
            part = "凌晨"
        elif hour < 12:
            part = "上午"
        elif hour < 13:
            part = "中午"
        elif hour < 18:
            part = "下午"
        else:
            part = "晚上"
        shown = hour if hour <= 12 else hour - 12
        if minute == 0:
            return f"{part}{shown}点"
        if minute == 30:
            return f"{part}{shown}点半"
        return f"{part}{shown}点{minute:02d}分"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    if minute == 0:
        return f"{shown} {suffix}"
    return f"{shown}:{minute:02d} {suffix}"


def relative_day(day: date, today: date, lang: str) -> str | None:
    """ "today", "tomorrow", "明天" ... for the next few days, else None."""
    offset = (day - today).days
    words = {
        "en": {0: "today", 1: "tomorrow", 2: "the day after tomorrow"},
        "zh": {0: "今天", 1: "明天", 2: "后天"},
    }
    return words["zh" if lang == "zh" else "en"].get(offset)


def spoken_date(day: date, today: date, lang: str) -> str:
    """A date with its weekday, led by "tomorrow"-style words when close."""
    relative = relative_day(day, today, lang)
    if lang == "zh":
        text = f"{day.month}月{day.day}日{ZH_WEEKDAYS[day.weekday()]}"
        return f"{relative}（{text}）" if relative else text
    text = f"{EN_WEEKDAYS[day.weekday()]} {EN_MONTHS[day.month - 1]} {day.day}"
    return f"{relative}, {text}" if relative else text


def spoken_datetime(moment: datetime, now: datetime, lang: str) -> str:
    """A date and time: "tomorrow, Wednesday November 25, at 10 am".

    In Chinese: "明天（11月25日星期三）上午10点".
    """
    day = spoken_date(moment.date(), now.date(), lang)
    clock = spoken_time(moment.time(), lang)
    if lang == "zh":
        return f"{day}{clock}"
    joiner = ", at" if relative_day(moment.date(), now.date(), lang) else " at"
    return f"{day}{joiner} {clock}"


def spoken_list(items: list[str], lang: str) -> str:
    """Join items the way a sentence lists them: "a, b or c", "a、b或c"."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + "或" + items[-1]
    return ", ".join(items[:-1]) + " or " + items[-1]
