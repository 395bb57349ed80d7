"""Amounts, dates and times read the way a person says them."""

from __future__ import annotations

from datetime import date, datetime, time

from voice.skills.spoken import spoken_amount, spoken_date, spoken_datetime, spoken_time

NOW = datetime(2026, 11, 24, 9, 0)


def test_amounts_in_english() -> None:
    assert spoken_amount(1500, "en") == "15 yuan"
    assert spoken_amount(12550, "en") == "125 yuan 50"
    assert spoken_amount(305, "en") == "3 yuan 05"


def test_amounts_in_chinese() -> None:
    assert spoken_amount(1500, "zh") == "15元"
    assert spoken_amount(12550, "zh") == "125元5角"
    assert spoken_amount(305, "zh") == "3元零5分"
    assert spoken_amount(1234, "zh") == "12元3角4分"


def test_times() -> None:
    assert spoken_time(time(10, 0), "en") == "10 am"
    assert spoken_time(time(15, 30), "en") == "3:30 pm"
    assert spoken_time(time(12, 0), "en") == "12 pm"
    assert spoken_time(time(10, 30), "zh") == "上午10点半"
    assert spoken_time(time(15, 0), "zh") == "下午3点"
    assert spoken_time(time(19, 15), "zh") == "晚上7点15分"


def test_dates_near_today_say_tomorrow() -> None:
    assert spoken_date(date(2026, 11, 25), NOW.date(), "en") == "tomorrow, Wednesday November 25"
    assert spoken_date(date(2026, 11, 25), NOW.date(), "zh") == "明天（11月25日星期三）"
    assert spoken_date(date(2026, 11, 30), NOW.date(), "en") == "Monday November 30"


def test_date_and_time_together() -> None:
    assert (spoken_datetime(datetime(2026, 11, 25, 10, 0), NOW, "en")
            == "tomorrow, Wednesday November 25, at 10 am")
    assert spoken_datetime(datetime(2026, 11, 30, 15, 0), NOW, "en") == "Monday November 30 at 3 pm"
    assert (spoken_datetime(datetime(2026, 11, 25, 10, 0), NOW, "zh")
            == "明天（11月25日星期三）上午10点")
