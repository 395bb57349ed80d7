"""Spoken numbers and money amounts, English and Chinese."""

from __future__ import annotations

import pytest

from voice.numbers import parse_amount, parse_number, parse_ordinal

NUMBERS = [
    # English words and digits
    ("22", "en", 22),
    ("3.5", "en", 3.5),
    ("0", "en", 0),
    ("1,200", "en", 1200),
    ("-5", "en", -5),
    ("twenty two", "en", 22),
    ("twenty-two", "en", 22),
    ("Twenty Two", "en", 22),
    ("one hundred and five", "en", 105),
    ("one hundred five", "en", 105),
    ("a hundred", "en", 100),
    ("zero", "en", 0),
    ("five and a half", "en", 5.5),
    ("twenty two and a half", "en", 22.5),
    ("three point five", "en", 3.5),
    ("twenty two point five", "en", 22.5),
    ("point five", "en", 0.5),
    ("eleven hundred", "en", 1100),
    ("two thousand and twenty six", "en", 2026),
    ("one thousand two hundred and thirty four", "en", 1234),
    ("a million", "en", 1_000_000),
    ("minus five", "en", -5),
    ("twenty two.", "en", 22),
    # Chinese numerals and digits
    ("二十二", "zh", 22),
    ("两", "zh", 2),
    ("十", "zh", 10),
    ("十五", "zh", 15),
    ("一百零五", "zh", 105),
    ("一百一十", "zh", 110),
    ("一百五", "zh", 150),
    ("两千三", "zh", 2300),
    ("三万五", "zh", 35000),
    ("一千零一", "zh", 1001),
    ("两千三百万", "zh", 23_000_000),
    ("一亿", "zh", 100_000_000),
    ("一百二十五块五", "zh", 125.5),
    ("3.5", "zh", 3.5),
    ("三点五", "zh", 3.5),
    ("二十二点五", "zh", 22.5),
    ("3点5", "zh", 3.5),
    ("3万", "zh", 30000),
    ("1.5万", "zh", 15000),
    ("幺", "zh", 1),
    ("幺零八", "zh", 108),
    ("一二三", "zh", 123),
    ("零", "zh", 0),
    ("贰拾", "zh", 20),
    # recognizer output: full-width digits, spaces, punctuation
    ("２２", "zh", 22),
    ("２２", "en", 22),
    ("二十 二", "zh", 22),
    ("二十二。", "zh", 22),
]

NOT_NUMBERS = [
    ("", "en"), ("hello", "en"), ("two three", "en"), ("hundred", "en"), ("and", "en"),
    ("twenty and", "en"), ("a", "en"), ("one two hundred", "en"), ("3 apples", "en"),
    ("one thousand one thousand", "en"), ("thirty twenty", "en"), ("half past ten", "en"),
    ("二十二", "en"), ("twenty two", "zh"),
    ("", "zh"), ("十点半", "zh"), ("明天", "zh"), ("五十元", "zh"), ("二十二度", "zh"),
    ("万", "zh"), ("十百", "zh"), ("三点", "zh"), ("点五五点", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), NUMBERS)
def test_parse_number(text: str, lang: str, expected: float) -> None:
    value = parse_number(text, lang)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(("text", "lang"), NOT_NUMBERS)
def test_not_a_number(text: str, lang: str) -> None:
    assert parse_number(text, lang) is None


AMOUNTS = [
    ("30 yuan", "en", (30, "CNY")),
    ("30 RMB", "en", (30, "CNY")),
    ("30 kuai", "en", (30, "CNY")),
    ("30yuan", "en", (30, "CNY")),
    ("¥30", "en", (30, "CNY")),
    ("￥30", "en", (30, "CNY")),
    ("thirty yuan", "en", (30, "CNY")),
    ("rmb 30", "en", (30, "CNY")),
    ("20 dollars", "en", (20, "USD")),
    ("one dollar", "en", (1, "USD")),
    ("$20", "en", (20, "USD")),
    ("$20.50", "en", (20.5, "USD")),
    ("20 bucks", "en", (20, "USD")),
    ("20 usd", "en", (20, "USD")),
    ("20 US dollars", "en", (20, "USD")),
    ("twenty dollars and fifty cents", "en", (20.5, "USD")),
    ("50 cents", "en", (0.5, "USD")),
    ("twenty two", "en", (22, None)),
    ("12.5", "en", (12.5, None)),
    ("五十元", "zh", (50, "CNY")),
    ("五十块", "zh", (50, "CNY")),
    ("五十块钱", "zh", (50, "CNY")),
    ("五十人民币", "zh", (50, "CNY")),
    ("人民币五十", "zh", (50, "CNY")),
    ("五十元人民币", "zh", (50, "CNY")),
    ("一百二十五块五", "zh", (125.5, "CNY")),
    ("五块五毛", "zh", (5.5, "CNY")),
    ("五块五", "zh", (5.5, "CNY")),
    ("三块半", "zh", (3.5, "CNY")),
    ("三块二毛五", "zh", (3.25, "CNY")),
    ("五毛", "zh", (0.5, "CNY")),
    ("五毛钱", "zh", (0.5, "CNY")),
    ("30元", "zh", (30, "CNY")),
    ("¥30", "zh", (30, "CNY")),
    ("十美元", "zh", (10, "USD")),
    ("十美金", "zh", (10, "USD")),
    ("十块美金", "zh", (10, "USD")),
    ("五十", "zh", (50, None)),
    ("五十 块", "zh", (50, "CNY")),
]

NOT_AMOUNTS = [
    ("", "en"), ("hello", "en"), ("20 euros", "en"), ("dollars", "en"), ("$", "en"),
    ("¥20 dollars", "en"), ("twenty dollars and two hundred cents", "en"),
    ("", "zh"), ("加油费", "zh"), ("五十个", "zh"), ("块", "zh"), ("美元", "zh"),
    ("十点半", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), AMOUNTS)
def test_parse_amount(text: str, lang: str, expected: tuple[float, str | None]) -> None:
    amount = parse_amount(text, lang)
    assert amount == expected
    assert amount is not None and type(amount[0]) is type(expected[0])


@pytest.mark.parametrize(("text", "lang"), NOT_AMOUNTS)
def test_not_an_amount(text: str, lang: str) -> None:
    assert parse_amount(text, lang) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1st", 1), ("2nd", 2), ("30th", 30), ("first", 1), ("second", 2), ("third", 3),
    ("tenth", 10), ("twelfth", 12), ("thirtieth", 30), ("twenty-first", 21),
    ("thirty first", 31), ("Twenty Second", 22),
])
def test_parse_ordinal(text: str, expected: int) -> None:
    assert parse_ordinal(text) == expected


@pytest.mark.parametrize("text", ["", "30", "thirty", "hello", "th", "first second"])
def test_not_an_ordinal(text: str) -> None:
    assert parse_ordinal(text) is None


@pytest.mark.parametrize(("text", "lang"), [
    ("1" * 5000, "en"), ("1" * 400 + ".5", "zh"), ("一" * 5000, "zh"), ("九" * 60 + "点五", "zh"),
    ("1.5" + "亿" * 40, "zh"), ("twenty " * 200, "en"), ("\x00\x01", "en"), ("块" * 300, "zh"),
])
def test_oversized_or_garbled_text_is_not_a_number(text: str, lang: str) -> None:
    assert parse_number(text, lang) is None
    assert parse_amount(text, lang) is None
