"""Spoken numbers and money amounts -> numbers, in English and Chinese.

Every parser takes the whole slot text and returns `None` when any part of it
is not understood, so the intent parser can try another reading. Integers come
back as `int`, everything else as `float`.

Chinese numerals are read here rather than with cn2an: cn2an takes about
0.25 s to import (a quarter of the `voice parse` start-up budget) and does not
read the spoken forms the slots need ("一百二十五块五", "十点半"), nor "3万"
outside its "smart" mode.
"""

from __future__ import annotations

import re
import unicodedata

Number = int | float

MAX_SLOT_CHARS = 64  # longer slot text is never a number, amount, date or time
_LARGEST = 10**15

_EDGE_PUNCTUATION = " \t\r\n.,!?;:'\"。，！？；：、…~"

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_EN_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_ORDINALS = {
    "first": "one", "second": "two", "third": "three", "fifth": "five",
    "eighth": "eight", "ninth": "nine", "twelfth": "twelve",
}
_EN_AFTER_BIG = ("hundred", "scale", "and")  # what a unit, teen or tens word may follow
_EN_DIGIT_WORDS = {**_EN_UNITS, "oh": 0, "o": 0}

_ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "壹": 1, "二": 2, "两": 2, "贰": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_GROUPS = {"万": 10**4, "亿": 10**8}
_ZH_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")

_DIGITS = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_ZH_DIGIT = r"[零〇一二两三四五六七八九幺\d]"
_ZH_YUAN_FORM = re.compile(
    rf"(?P<yuan>.+?)[块元圆](?:(?P<half>半)|(?P<jiao>{_ZH_DIGIT})"
    rf"(?:[毛角](?:(?P<fen>{_ZH_DIGIT})分?)?)?)?(?:钱)?"
)
_ZH_JIAO_FORM = re.compile(rf"(?P<jiao>{_ZH_DIGIT})[毛角](?:(?P<fen>{_ZH_DIGIT})分?)?(?:钱)?")
_ZH_CURRENCY_WORDS = (("美元", "USD"), ("美金", "USD"), ("人民币", "CNY"))

_EN_CURRENCY_WORDS = {
    "yuan": "CNY", "rmb": "CNY", "kuai": "CNY", "cny": "CNY", "renminbi": "CNY",
    "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD", "usd": "USD",
    "us dollars": "USD", "us dollar": "USD",
}
_CURRENCY_SIGNS = {"¥": "CNY", "us$": "USD", "$": "USD"}
_EN_CENTS = re.compile(r"(?P<dollars>.+?) (?:dollars?|bucks?)(?: and)? (?P<cents>.+?) cents?")


def clean_slot_text(text: str, lang: str) -> str:
    """NFKC-normalize, lower-case and trim punctuation at the edges.

    Chinese text also loses the spaces a recognizer puts between words, except
    between two Latin letters or digits ("明天 上午 十点" -> "明天上午十点").
    """
    text = unicodedata.normalize("NFKC", text).lower().strip(_EDGE_PUNCTUATION)
    if lang == "zh":
        return re.sub(r"(?<![0-9a-z])\s+|\s+(?![0-9a-z])", "", text)
    return re.sub(r"\s+", " ", text)


def as_number(value: float) -> Number:
    """`value` as an int when it is whole, else as a float rounded to 6 places."""
    value = round(value, 6)
    return int(value) if value == int(value) else value


def parse_number(text: str, lang: str) -> Number | None:
    """The number the WHOLE text says, or None.

    English: "22", "3.5", "twenty-two", "one hundred and five", "a hundred",
    "five and a half", "three point five". Chinese: "二十二", "两", "一百零五",
    "三点五", "3万", digit strings such as "幺零八", and the money reading
    "一百二十五块五" (= 125.5). Digits work in both languages.
    """
    text = clean_slot_text(text, lang)
    if len(text) > MAX_SLOT_CHARS:
        return None
    value = _digits(text)
    if value is None:
        value = (_zh_money(text) or _zh_number(text)) if lang == "zh" else _en_number(text)
    return _bounded(value)


def parse_ordinal(text: str) -> int | None:
    """An English ordinal: "30th", "thirtieth", "twenty-first", "1st" -> int, else None."""
    text = clean_slot_text(text, "en").replace("-", " ")
    if len(text) > MAX_SLOT_CHARS:
        return None
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text)
    if match:
        return int(match.group(1))
    *head, last = text.split(" ")
    if last in _EN_ORDINALS:
        last = _EN_ORDINALS[last]
    elif last.endswith("ieth"):
        last = last[:-4] + "y"
    elif last.endswith("th"):
        last = last[:-2]
    else:
        return None
    value = _en_integer([*head, last])
    return value if value else None


def parse_amount(text: str, lang: str) -> tuple[Number, str | None] | None:
    """A money amount: (value, "CNY" | "USD" | None), or None when it is not one.

    "30 yuan", "¥30", "20 bucks", "$20", "五十块钱", "一百二十五块五", "五块五毛",
    "十美元" all name a currency; a bare number comes back with None.
    """
    text = clean_slot_text(text, lang)
    if len(text) > MAX_SLOT_CHARS:
        return None
    currency = None
    for sign, code in _CURRENCY_SIGNS.items():
        if text.startswith(sign):
            text, currency = text[len(sign):].strip(), code
            break
    found = _zh_amount(text) if lang == "zh" else _en_amount(text)
    if found is None:
        return None
    value, named = found
    if (currency and named and named != currency) or _bounded(value) is None:
        return None
    return value, currency or named


def _bounded(value: Number | None) -> Number | None:
    """`value` unless it is too large to be a spoken slot value (a quadrillion and up)."""
    return value if value is not None and abs(value) < _LARGEST else None


def _digits(text: str) -> Number | None:
    """A number written in digits ("22", "3.5", "1,000"), or None."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    if not _DIGITS.fullmatch(text):
        return None
    return as_number(float(text)) if "." in text else int(text)


# English ---------------------------------------------------------------------

def _en_number(text: str) -> Number | None:
    words = text.replace("-", " ").split()
    if not words:
        return None
    sign = 1
    if words[0] in ("minus", "negative"):
        sign, words = -1, words[1:]
    value = _en_fraction(words)
    return None if value is None else as_number(sign * value)


def _en_fraction(words: list[str]) -> float | None:
    """Whole words with an optional "point ..." or "and a half" part."""
    if words[-3:] == ["and", "a", "half"] or words[-2:] == ["and", "half"]:
        whole = _en_integer(words[: words.index("and", len(words) - 3)])
        return None if whole is None else whole + 0.5
    if words in (["half"], ["a", "half"]):
        return 0.5
    if "point" in words:
        at = words.index("point")
        whole = _en_integer(words[:at]) if at else 0
        decimals = [_EN_DIGIT_WORDS.get(w) for w in words[at + 1:]]
        if whole is None or not decimals or None in decimals:
            return None
        return float(f"{whole}." + "".join(str(d) for d in decimals))
    return _en_integer(words)


def _en_integer(words: list[str]) -> int | None:
    """Cardinal number words -> int; None if they are not one well-formed number."""
    if words == ["zero"]:
        return 0
    total, current, last, scale = 0, 0, "start", 0
    for word in words:
        if word in _EN_UNITS and word != "zero" and last in ("start", "tens", *_EN_AFTER_BIG):
            current, last = current + _EN_UNITS[word], "unit"
        elif word in _EN_TEENS and last in ("start", *_EN_AFTER_BIG):
            current, last = current + _EN_TEENS[word], "teen"
        elif word in _EN_TENS and last in ("start", *_EN_AFTER_BIG):
            current, last = current + _EN_TENS[word], "tens"
        elif word in ("a", "an") and last in ("start", "scale", "and"):
            current, last = current + 1, "a"
        elif word == "hundred" and 0 < current < 100 and last in ("unit", "teen", "tens", "a"):
            current, last = current * 100, "hundred"
        elif word in _EN_SCALES and current > 0 and last != "and" and _descending(scale, word):
            scale = _EN_SCALES[word]
            total, current, last = total + current * scale, 0, "scale"
        elif word == "and" and last in ("hundred", "scale"):
            last = "and"
        else:
            return None
    if last in ("start", "a", "and"):
        return None
    return total + current


def _descending(previous_scale: int, word: str) -> bool:
    """Whether `word` ("thousand", "million") may follow a part said with `previous_scale`."""
    return previous_scale == 0 or _EN_SCALES[word] < previous_scale


def _en_amount(text: str) -> tuple[Number, str | None] | None:
    cents = _EN_CENTS.fullmatch(text)
    if cents:
        dollars, hundredths = _en_or_digits(cents["dollars"]), _en_or_digits(cents["cents"])
        if dollars is None or hundredths is None or not 0 <= hundredths < 100:
            return None
        return as_number(dollars + hundredths / 100), "USD"
    for word, code in sorted(_EN_CURRENCY_WORDS.items(), key=lambda item: -len(item[0])):
        for amount in (_strip_word(text, word, suffix=True), _strip_word(text, word, suffix=False)):
            value = None if amount is None else _en_or_digits(amount)
            if value is not None:
                return value, code
    if text.endswith(("cents", "cent")):
        value = _en_or_digits(text.rsplit(" ", 1)[0])
        return None if value is None else (as_number(value / 100), "USD")
    value = _en_or_digits(text)
    return None if value is None else (value, None)


def _strip_word(text: str, word: str, suffix: bool) -> str | None:
    """`text` without `word` at its end (or start), or None if the word is not there."""
    if suffix and text.endswith(" " + word):
        return text[: -len(word) - 1]
    if suffix and text.endswith(word) and text[: -len(word)][-1:].isdigit():
        return text[: -len(word)]
    if not suffix and text.startswith(word + " "):
        return text[len(word) + 1:]
    return None


def _en_or_digits(text: str) -> Number | None:
    text = text.strip()
    digits = _digits(text)
    return digits if digits is not None else _en_number(text)


# Chinese ---------------------------------------------------------------------

def _zh_number(text: str) -> Number | None:
    """Chinese numerals, optionally with a decimal part after 点."""
    if text.count("点") == 1:
        whole_text, decimals_text = text.split("点")
        whole = _zh_integer(whole_text)
        decimals = [_ZH_DIGITS.get(c, int(c) if c.isdigit() else None) for c in decimals_text]
        if not isinstance(whole, int) or not decimals or None in decimals:
            return None
        return as_number(float(f"{whole}." + "".join(str(d) for d in decimals)))
    value = _zh_integer(text)
    return None if value is None else as_number(value)


def _zh_integer(text: str) -> Number | None:
    """Chinese numerals (with 十百千万亿, or read digit by digit) -> number, else None."""
    tokens = _ZH_TOKEN.findall(text)
    if not tokens:
        return None
    if all(token in _ZH_DIGITS for token in tokens):
        return int("".join(str(_ZH_DIGITS[token]) for token in tokens))
    total: Number = 0
    section: Number = 0
    digit: Number | None = None
    last_unit, after_zero = 1, False
    for token in tokens:
        if token in _ZH_DIGITS or token[0].isdigit():
            if digit is not None:
                return None
            value = _ZH_DIGITS[token] if token in _ZH_DIGITS else as_number(float(token))
            after_zero = after_zero or value == 0
            digit = value or None
        elif token in _ZH_UNITS:
            unit = _ZH_UNITS[token]
            if section and unit >= last_unit:
                return None
            section, digit, last_unit, after_zero = section + (digit or 1) * unit, None, unit, False
        elif token in _ZH_GROUPS:
            group = section + (digit or 0)
            if not group:
                return None
            if token == "亿":
                total = (total + group) * _ZH_GROUPS[token]
            else:
                total += group * _ZH_GROUPS[token]
            section, digit, last_unit, after_zero = 0, None, _ZH_GROUPS[token], False
        else:
            return None
    if digit is not None:
        section += digit * (last_unit // 10 if last_unit > 1 and not after_zero else 1)
    return total + section if abs(total + section) < _LARGEST else None


def _zh_money(text: str) -> Number | None:
    """"一百二十五块五", "五块五毛", "三块二毛五", "五毛": yuan with jiao/fen, else None."""
    match = _ZH_YUAN_FORM.fullmatch(text) or _ZH_JIAO_FORM.fullmatch(text)
    if not match or (match.re is _ZH_YUAN_FORM and not (match["jiao"] or match["half"])):
        return None
    return _zh_money_value(match)


def _zh_money_value(match: re.Match[str]) -> Number | None:
    parts = match.groupdict()
    yuan = _zh_number(parts["yuan"]) if parts.get("yuan") else 0
    jiao = 5 if parts.get("half") else _zh_digit(parts.get("jiao"))
    fen = _zh_digit(parts.get("fen"))
    if yuan is None:
        return None
    return as_number(yuan + jiao / 10 + fen / 100)


def _zh_digit(char: str | None) -> int:
    if not char:
        return 0
    return _ZH_DIGITS[char] if char in _ZH_DIGITS else int(char)


def _zh_amount(text: str) -> tuple[Number, str | None] | None:
    currency = None
    for word, code in _ZH_CURRENCY_WORDS:
        if text.endswith(word) or text.startswith(word):
            text, currency = text.removesuffix(word).removeprefix(word), code
            break
    match = _ZH_YUAN_FORM.fullmatch(text) or _ZH_JIAO_FORM.fullmatch(text)
    if match:
        value = _zh_money_value(match)
        return None if value is None else (value, currency or "CNY")
    value = _digits(text)
    if value is None:
        value = _zh_number(text)
    return None if value is None else (value, currency)
