"""Spoken dates and times against a pinned `now`, English and Chinese.

Expectations are worked out by hand from the rules in INTENTS.md and
tests/grammars/README.md; weeks start on Monday.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from voice.datetimes import parse_date, parse_datetime, parse_time

TUESDAY = datetime(2026, 11, 24, 9, 0)  # the test sets' reference now
SUNDAY = datetime(2026, 11, 29, 20, 0)
NEW_YEARS_EVE = datetime(2026, 12, 31, 9, 0)  # a Thursday

DATES = [
    ("today", "en", TUESDAY, date(2026, 11, 24)),
    ("tonight", "en", TUESDAY, date(2026, 11, 24)),
    ("tomorrow", "en", TUESDAY, date(2026, 11, 25)),
    ("Tomorrow.", "en", TUESDAY, date(2026, 11, 25)),
    ("for tomorrow", "en", TUESDAY, date(2026, 11, 25)),
    ("the day after tomorrow", "en", TUESDAY, date(2026, 11, 26)),
    ("monday", "en", TUESDAY, date(2026, 11, 30)),
    ("on Monday", "en", TUESDAY, date(2026, 11, 30)),
    ("tuesday", "en", TUESDAY, date(2026, 12, 1)),
    ("friday", "en", TUESDAY, date(2026, 11, 27)),
    ("fri", "en", TUESDAY, date(2026, 11, 27)),
    ("sunday", "en", TUESDAY, date(2026, 11, 29)),
    ("this friday", "en", TUESDAY, date(2026, 11, 27)),
    ("this tuesday", "en", TUESDAY, date(2026, 11, 24)),
    ("this monday", "en", TUESDAY, date(2026, 11, 30)),
    ("next monday", "en", TUESDAY, date(2026, 11, 30)),
    ("next friday", "en", TUESDAY, date(2026, 12, 4)),
    ("next tuesday", "en", TUESDAY, date(2026, 12, 1)),
    ("friday next week", "en", TUESDAY, date(2026, 12, 4)),
    ("november 30", "en", TUESDAY, date(2026, 11, 30)),
    ("November 30th", "en", TUESDAY, date(2026, 11, 30)),
    ("nov 30th", "en", TUESDAY, date(2026, 11, 30)),
    ("nov. 30", "en", TUESDAY, date(2026, 11, 30)),
    ("november the thirtieth", "en", TUESDAY, date(2026, 11, 30)),
    ("30th of november", "en", TUESDAY, date(2026, 11, 30)),
    ("the 30th of november", "en", TUESDAY, date(2026, 11, 30)),
    ("30 november", "en", TUESDAY, date(2026, 11, 30)),
    ("december first", "en", TUESDAY, date(2026, 12, 1)),
    ("november 24", "en", TUESDAY, date(2026, 11, 24)),
    ("november 1", "en", TUESDAY, date(2027, 11, 1)),
    ("january 2", "en", TUESDAY, date(2027, 1, 2)),
    ("the 30th", "en", TUESDAY, date(2026, 11, 30)),
    ("the 20th", "en", TUESDAY, date(2026, 12, 20)),
    ("the 31st", "en", TUESDAY, date(2026, 12, 31)),
    ("11/30", "en", TUESDAY, date(2026, 11, 30)),
    ("2026-12-05", "en", TUESDAY, date(2026, 12, 5)),
    ("今天", "zh", TUESDAY, date(2026, 11, 24)),
    ("今晚", "zh", TUESDAY, date(2026, 11, 24)),
    ("明天", "zh", TUESDAY, date(2026, 11, 25)),
    ("明儿", "zh", TUESDAY, date(2026, 11, 25)),
    ("在明天", "zh", TUESDAY, date(2026, 11, 25)),
    ("后天", "zh", TUESDAY, date(2026, 11, 26)),
    ("大后天", "zh", TUESDAY, date(2026, 11, 27)),
    ("周一", "zh", TUESDAY, date(2026, 11, 30)),
    ("星期一", "zh", TUESDAY, date(2026, 11, 30)),
    ("礼拜一", "zh", TUESDAY, date(2026, 11, 30)),
    ("周二", "zh", TUESDAY, date(2026, 12, 1)),
    ("周五", "zh", TUESDAY, date(2026, 11, 27)),
    ("周日", "zh", TUESDAY, date(2026, 11, 29)),
    ("星期天", "zh", TUESDAY, date(2026, 11, 29)),
    ("礼拜天", "zh", TUESDAY, date(2026, 11, 29)),
    ("这周五", "zh", TUESDAY, date(2026, 11, 27)),
    ("本周五", "zh", TUESDAY, date(2026, 11, 27)),
    ("这周一", "zh", TUESDAY, date(2026, 11, 30)),
    ("下周一", "zh", TUESDAY, date(2026, 11, 30)),
    ("下星期一", "zh", TUESDAY, date(2026, 11, 30)),
    ("下个星期一", "zh", TUESDAY, date(2026, 11, 30)),
    ("下周五", "zh", TUESDAY, date(2026, 12, 4)),
    ("下下周一", "zh", TUESDAY, date(2026, 12, 7)),
    ("11月30号", "zh", TUESDAY, date(2026, 11, 30)),
    ("11月30日", "zh", TUESDAY, date(2026, 11, 30)),
    ("十一月三十号", "zh", TUESDAY, date(2026, 11, 30)),
    ("１１月３０号", "zh", TUESDAY, date(2026, 11, 30)),
    ("11 月 30 号", "zh", TUESDAY, date(2026, 11, 30)),
    ("十二月一号", "zh", TUESDAY, date(2026, 12, 1)),
    ("一月二号", "zh", TUESDAY, date(2027, 1, 2)),
    ("30号", "zh", TUESDAY, date(2026, 11, 30)),
    ("三十号", "zh", TUESDAY, date(2026, 11, 30)),
    ("20号", "zh", TUESDAY, date(2026, 12, 20)),
    # from a Sunday, the last day of its week
    ("monday", "en", SUNDAY, date(2026, 11, 30)),
    ("next monday", "en", SUNDAY, date(2026, 11, 30)),
    ("sunday", "en", SUNDAY, date(2026, 12, 6)),
    ("this sunday", "en", SUNDAY, date(2026, 11, 29)),
    ("this friday", "en", SUNDAY, date(2026, 12, 4)),
    ("next sunday", "en", SUNDAY, date(2026, 12, 6)),
    ("周六", "zh", SUNDAY, date(2026, 12, 5)),
    ("这周六", "zh", SUNDAY, date(2026, 12, 5)),
    ("下周六", "zh", SUNDAY, date(2026, 12, 5)),
    ("the 29th", "en", SUNDAY, date(2026, 11, 29)),
    ("28号", "zh", SUNDAY, date(2026, 12, 28)),
    # year roll-over on December 31
    ("tomorrow", "en", NEW_YEARS_EVE, date(2027, 1, 1)),
    ("后天", "zh", NEW_YEARS_EVE, date(2027, 1, 2)),
    ("1月2号", "zh", NEW_YEARS_EVE, date(2027, 1, 2)),
    ("january 2nd", "en", NEW_YEARS_EVE, date(2027, 1, 2)),
    ("12月31号", "zh", NEW_YEARS_EVE, date(2026, 12, 31)),
    ("12月30号", "zh", NEW_YEARS_EVE, date(2027, 12, 30)),
    ("the 5th", "en", NEW_YEARS_EVE, date(2027, 1, 5)),
    ("2号", "zh", NEW_YEARS_EVE, date(2027, 1, 2)),
    ("friday", "en", NEW_YEARS_EVE, date(2027, 1, 1)),
    ("next monday", "en", NEW_YEARS_EVE, date(2027, 1, 4)),
    ("下周一", "zh", NEW_YEARS_EVE, date(2027, 1, 4)),
    ("12/31", "en", NEW_YEARS_EVE, date(2026, 12, 31)),
]

NOT_DATES = [
    "", "hello", "next", "next week", "this", "on", "yesterday", "november", "november 31",
    "february 30", "13/5", "the 32nd", "monday tomorrow", "tomorrow afternoon", "at 10 am",
    "next this monday", "2026-02-30",
]
NOT_ZH_DATES = ["", "昨天", "周八", "13月5号", "32号", "下午", "明天下午", "十点", "下周", "月"]


@pytest.mark.parametrize(("text", "lang", "now", "expected"), DATES)
def test_parse_date(text: str, lang: str, now: datetime, expected: date) -> None:
    assert parse_date(text, lang, now) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_an_english_date(text: str) -> None:
    assert parse_date(text, "en", TUESDAY) is None


@pytest.mark.parametrize("text", NOT_ZH_DATES)
def test_not_a_chinese_date(text: str) -> None:
    assert parse_date(text, "zh", TUESDAY) is None


TIMES = [
    ("10 am", "en", time(10, 0)),
    ("10am", "en", time(10, 0)),
    ("10 a.m.", "en", time(10, 0)),
    ("10 AM", "en", time(10, 0)),
    ("at 10 am", "en", time(10, 0)),
    ("10:30", "en", time(10, 30)),
    ("10:30 pm", "en", time(22, 30)),
    ("10:30pm", "en", time(22, 30)),
    ("15:00", "en", time(15, 0)),
    ("08:30", "en", time(8, 30)),
    ("3:30", "en", time(15, 30)),
    ("ten", "en", time(10, 0)),
    ("at ten", "en", time(10, 0)),
    ("at three", "en", time(15, 0)),
    ("around 3", "en", time(15, 0)),
    ("one", "en", time(13, 0)),
    ("six", "en", time(18, 0)),
    ("seven", "en", time(7, 0)),
    ("twelve", "en", time(12, 0)),
    ("ten thirty", "en", time(10, 30)),
    ("ten oh five", "en", time(10, 5)),
    ("three forty-five", "en", time(15, 45)),
    ("half past ten", "en", time(10, 30)),
    ("quarter past three", "en", time(15, 15)),
    ("a quarter to four", "en", time(15, 45)),
    ("twenty past nine", "en", time(9, 20)),
    ("10 minutes to 8", "en", time(7, 50)),
    ("noon", "en", time(12, 0)),
    ("at noon", "en", time(12, 0)),
    ("midnight", "en", time(0, 0)),
    ("12 pm", "en", time(12, 0)),
    ("12 am", "en", time(0, 0)),
    ("3 pm", "en", time(15, 0)),
    ("9 pm", "en", time(21, 0)),
    ("5 am", "en", time(5, 0)),
    ("three in the afternoon", "en", time(15, 0)),
    ("3 o'clock", "en", time(15, 0)),
    ("three o'clock in the afternoon", "en", time(15, 0)),
    ("ten o'clock", "en", time(10, 0)),
    ("ten in the morning", "en", time(10, 0)),
    ("8 in the evening", "en", time(20, 0)),
    ("11 at night", "en", time(23, 0)),
    ("tonight at 8", "en", time(20, 0)),
    ("8 tonight", "en", time(20, 0)),
    ("afternoon at three", "en", time(15, 0)),
    ("十点", "zh", time(10, 0)),
    ("十点半", "zh", time(10, 30)),
    ("十点三十", "zh", time(10, 30)),
    ("十点三十分", "zh", time(10, 30)),
    ("十点零五", "zh", time(10, 5)),
    ("十点过五分", "zh", time(10, 5)),
    ("十点钟", "zh", time(10, 0)),
    ("10点", "zh", time(10, 0)),
    ("10点30分", "zh", time(10, 30)),
    ("10:30", "zh", time(10, 30)),
    ("１０：３０", "zh", time(10, 30)),
    ("上午十点", "zh", time(10, 0)),
    ("上午十点半", "zh", time(10, 30)),
    ("下午三点", "zh", time(15, 0)),
    ("下午3点", "zh", time(15, 0)),
    ("晚上八点", "zh", time(20, 0)),
    ("晚上十二点", "zh", time(0, 0)),
    ("中午十二点", "zh", time(12, 0)),
    ("中午一点", "zh", time(13, 0)),
    ("早上八点", "zh", time(8, 0)),
    ("凌晨两点", "zh", time(2, 0)),
    ("两点一刻", "zh", time(14, 15)),
    ("三点三刻", "zh", time(15, 45)),
    ("三点整", "zh", time(15, 0)),
    ("傍晚六点", "zh", time(18, 0)),
    ("三点", "zh", time(15, 0)),
    ("一点", "zh", time(13, 0)),
    ("六点半", "zh", time(18, 30)),
    ("七点", "zh", time(7, 0)),
    ("零点", "zh", time(0, 0)),
    ("十二点", "zh", time(12, 0)),
    ("在下午三点", "zh", time(15, 0)),
    ("下午 三点", "zh", time(15, 0)),
    ("十点差一刻", "zh", time(9, 45)),
    ("十四点", "zh", time(14, 0)),
]

NOT_TIMES = [
    ("", "en"), ("afternoon", "en"), ("in the morning", "en"), ("tonight", "en"),
    ("hello", "en"), ("25:00", "en"), ("10:75", "en"), ("13 am", "en"), ("ten apples", "en"),
    ("tomorrow", "en"), ("half to ten", "en"), ("at", "en"),
    ("", "zh"), ("下午", "zh"), ("中午", "zh"), ("三点五", "zh"), ("明天", "zh"),
    ("上午十五点", "zh"), ("二十五点", "zh"), ("十点六十分", "zh"), ("点", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), TIMES)
def test_parse_time(text: str, lang: str, expected: time) -> None:
    assert parse_time(text, lang) == expected


@pytest.mark.parametrize(("text", "lang"), NOT_TIMES)
def test_not_a_time(text: str, lang: str) -> None:
    assert parse_time(text, lang) is None


D25, D27, D30 = date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30)
DATETIMES = [
    ("tomorrow at 10 am", "en", (D25, time(10, 0))),
    ("tomorrow 10am", "en", (D25, time(10, 0))),
    ("tomorrow, at 10 am.", "en", (D25, time(10, 0))),
    ("next monday afternoon at three", "en", (D30, time(15, 0))),
    ("next monday at three in the afternoon", "en", (D30, time(15, 0))),
    ("at ten tomorrow", "en", (D25, time(10, 0))),
    ("10am tomorrow", "en", (D25, time(10, 0))),
    ("on friday at 2 pm", "en", (D27, time(14, 0))),
    ("at 3 on friday", "en", (D27, time(15, 0))),
    ("friday at ten thirty", "en", (D27, time(10, 30))),
    ("tomorrow evening at 7", "en", (D25, time(19, 0))),
    ("tomorrow night at ten", "en", (D25, time(22, 0))),
    ("tonight at 8", "en", (date(2026, 11, 24), time(20, 0))),
    ("tomorrow at noon", "en", (D25, time(12, 0))),
    ("tomorrow morning", "en", (D25, None)),
    ("friday afternoon", "en", (D27, None)),
    ("tomorrow", "en", (D25, None)),
    ("at 10", "en", (None, time(10, 0))),
    ("half past two", "en", (None, time(14, 30))),
    ("明天上午十点", "zh", (D25, time(10, 0))),
    ("下周一下午三点", "zh", (D30, time(15, 0))),
    ("明天十点半", "zh", (D25, time(10, 30))),
    ("明天 上午 十点", "zh", (D25, time(10, 0))),
    ("明天，下午三点。", "zh", (D25, time(15, 0))),
    ("明天下午三点", "zh", (D25, time(15, 0))),
    ("明晚八点", "zh", (D25, time(20, 0))),
    ("周五早上八点半", "zh", (D27, time(8, 30))),
    ("11月30号上午十点", "zh", (D30, time(10, 0))),
    ("十点明天", "zh", (D25, time(10, 0))),
    ("明天的上午十点", "zh", (D25, time(10, 0))),
    ("在明天下午两点半", "zh", (D25, time(14, 30))),
    ("后天下午", "zh", (date(2026, 11, 26), None)),
    ("明天下午", "zh", (D25, None)),
    ("周五上午", "zh", (D27, None)),
    ("明天", "zh", (D25, None)),
    ("下午三点", "zh", (None, time(15, 0))),
]

NOT_DATETIMES = [
    ("", "en"), ("afternoon", "en"), ("hello", "en"), ("hello tomorrow", "en"),
    ("tomorrow tomorrow", "en"), ("tomorrow at 25:00", "en"), ("at ten at eleven", "en"),
    ("tomorrow afternoon at 10 am please", "en"),
    ("", "zh"), ("下午", "zh"), ("明天明天", "zh"), ("明天保养", "zh"), ("十点十一点", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), DATETIMES)
def test_parse_datetime(
    text: str, lang: str, expected: tuple[date | None, time | None]
) -> None:
    assert parse_datetime(text, lang, TUESDAY) == expected


@pytest.mark.parametrize(("text", "lang"), NOT_DATETIMES)
def test_not_a_datetime(text: str, lang: str) -> None:
    assert parse_datetime(text, lang, TUESDAY) is None


@pytest.mark.parametrize(("text", "lang"), [
    ("明天" * 200, "zh"), ("tomorrow at " * 100, "en"), ("past " * 300, "en"),
    ("点" * 300, "zh"), ("\x00\x01", "en"), ("1" * 5000 + "号", "zh"),
])
def test_oversized_or_garbled_text_is_nothing(text: str, lang: str) -> None:
    assert parse_date(text, lang, TUESDAY) is None
    assert parse_time(text, lang) is None
    assert parse_datetime(text, lang, TUESDAY) is None
