"""Text normalization shared by grammars and the parser.

Recognizers and keyboards give text in many shapes: full-width characters,
Chinese and English punctuation, Chinese with or without spaces between words,
Latin words and digits mixed in. `normalize()` turns all of them into one
canonical form per language:

- English: lower case, punctuation removed, words separated by single spaces.
- Chinese: no spaces between CJK characters or between a CJK character and a
  Latin word or digit; a single space stays only between two Latin words or
  numbers ("导航到 star bucks" -> "导航到star bucks").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from voice.errors import UsageError

LANGUAGES = ("en", "zh")
MAX_CHARS = 1000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{_CJK}]")
_LATIN_RE = re.compile(r"[a-z0-9]", re.IGNORECASE)
# Punctuation and symbols; "." and ":" survive only between digits (3.5, 10:30).
_PUNCT_RE = re.compile(r"(?!(?<=[^\W\d_])-(?=[^\W\d_]))[^\w\s'.:]|_|(?<!\d)[.:]|[.:](?!\d)")
_SPACE_RE = re.compile(r"\s+")
_CURRENCY_SIGN_RE = re.compile(r"(us\$|\$|¥)\s?(\d+(?:\.\d+)?)", re.IGNORECASE)
_SPOKEN_AM_PM_RE = re.compile(r"(?<=\w) ([ap]) m\b", re.IGNORECASE)
_AM_PM_RE = re.compile(r"\b([ap])\.\s?m\b\.?", re.IGNORECASE)
_APOSTROPHE_EDGE_RE = re.compile(r"(?<!\w)'|'(?!\w)")
# A space is dropped unless both of its neighbours are Latin letters or digits.
_ZH_SPACE_RE = re.compile(r"(?<![a-zA-Z0-9.:']) | (?![a-zA-Z0-9])")


def check_text(text: str) -> str:
    """Reject text nobody could have said: empty, binary or overlong; return it stripped."""
    if "\x00" in text or any(unicodedata.category(c) == "Cs" for c in text):
        raise UsageError("input is binary, not text")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        raise UsageError("input contains control characters, not text")
    stripped = text.strip()
    if not stripped:
        raise UsageError("input is empty")
    if len(stripped) > MAX_CHARS:
        raise UsageError(f"input is too long ({len(stripped)} characters, at most {MAX_CHARS})")
    return stripped


@lru_cache(maxsize=4096)
def normalize(text: str, lang: str) -> str:
    """The canonical form of `text` in language `lang` ("en" or "zh"); case is kept."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'")
    text = _AM_PM_RE.sub(r"\1m", text)
    text = _SPOKEN_AM_PM_RE.sub(r" \1m", text)
    text = _CURRENCY_SIGN_RE.sub(_spell_currency(lang), text)
    text = _PUNCT_RE.sub(" ", text)
    text = _APOSTROPHE_EDGE_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", text).strip()
    text = _HYPHENATED_NUMBER_RE.sub(r"\1 \2", text)
    if lang == "zh":
        text = _ZH_SPACE_RE.sub("", text)
    return text


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# "twenty-five" is "twenty five".
_HYPHENATED_NUMBER_RE = re.compile(
    rf"\b({_TENS})-(one|two|three|four|five|six|seven|eight|nine)\b", re.IGNORECASE)
_UNITS = r"(?= (?:degrees?|decrees?|am|pm|o'clock|oclock)\b|$)"
_SPOKEN_TWO_RE = re.compile(rf"\b((?:{_TENS}) )?(?:to|too){_UNITS}", re.IGNORECASE)
_SPOKEN_FOUR_RE = re.compile(rf"\b((?:{_TENS}) )?for{_UNITS}", re.IGNORECASE)


def spoken_digits(text: str) -> str:
    """Recognizers write "two" as "to"/"too" and "four" as "for" next to units:
    "twenty to degrees" -> "twenty two degrees", "at too pm" -> "at two pm"."""
    text = _SPOKEN_TWO_RE.sub(lambda m: f"{m.group(1) or ''}two", text)
    return _SPOKEN_FOUR_RE.sub(lambda m: f"{m.group(1) or ''}four", text)


def _spell_currency(lang: str) -> Callable[[re.Match[str]], str]:
    """A replacement that writes "$12.50" as "12.50 dollars" ("12.50美元" in Chinese)."""
    names = {"en": {"$": " dollars", "¥": " yuan"}, "zh": {"$": "美元", "¥": "元"}}
    table = names.get(lang, names["en"])

    def spell(match: re.Match[str]) -> str:
        sign = "$" if match.group(1).endswith("$") else "¥"
        return f" {match.group(2)}{table[sign]} "

    return spell


def detect_language(text: str) -> str:
    """"zh" when the text holds any Chinese character, else "en"."""
    return "zh" if CJK_RE.search(text) else "en"


def has_latin(text: str) -> bool:
    """True when the text holds a Latin letter or a digit."""
    return _LATIN_RE.search(text) is not None


def check_lang(lang: str) -> str:
    """Return `lang` if it is "en", "zh" or "auto"; raise a UsageError otherwise."""
    if lang not in (*LANGUAGES, "auto"):
        raise UsageError(f"unknown language {lang!r} (use en, zh or auto)")
    return lang


def tokens(text: str, lang: str) -> list[str]:
    """Units for fuzzy comparison: words in English, characters and Latin words in Chinese."""
    if lang == "zh":
        return re.findall(rf"[{_CJK}]|[^\s{_CJK}]+", text)
    return text.split()


def trim_edges(value: str, lang: str, filler: Iterable[str]) -> str:
    """Strip filler words ("the", "please", "一下", "吧") from both edges of a text slot."""
    key = tuple(filler)
    if not _may_trim(value, lang, key):
        return value
    fillers = _longest_first(key)
    changed = True
    while changed and value:
        changed = False
        lower = value.lower()
        for word in fillers:
            if lang == "zh":
                if len(lower) > len(word) and lower.startswith(word):
                    value, changed = value[len(word):], True
                elif len(lower) > len(word) and lower.endswith(word):
                    value, changed = value[: -len(word)], True
            elif lower.startswith(word + " "):
                value, changed = value[len(word) + 1:], True
            elif lower.endswith(" " + word):
                value, changed = value[: -len(word) - 1], True
            if changed:
                value = value.strip()
                break
    return value


def _may_trim(value: str, lang: str, filler: tuple[str, ...]) -> bool:
    """False when neither edge of `value` can start a filler word: nothing to trim."""
    firsts, lasts = _edge_units(filler, lang)
    lower = value.lower()
    if lang == "zh":
        return bool(lower) and (lower[0] in firsts or lower[-1] in lasts)
    words = lower.split()
    return len(words) > 1 and (words[0] in firsts or words[-1] in lasts)


@lru_cache(maxsize=64)
def _edge_units(filler: tuple[str, ...], lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The first and last units (characters, or English words) of the filler words."""
    lowered = [w.lower() for w in filler if w.strip()]
    if lang == "zh":
        return frozenset(w[0] for w in lowered), frozenset(w[-1] for w in lowered)
    return (frozenset(w.split()[0] for w in lowered),
            frozenset(w.split()[-1] for w in lowered))


@lru_cache(maxsize=64)
def _longest_first(words: tuple[str, ...]) -> list[str]:
    return sorted({w.lower() for w in words}, key=len, reverse=True)


def segment(text: str, words: Iterable[str] = ()) -> list[str]:
    """Chinese words of `text` by jieba, with `words` (e.g. a grammar's vocabulary) added.

    jieba is imported on first use only, so that parsing does not pay for it.
    """
    return _tokenizer(tuple(sorted(set(words)))).lcut(text, HMM=True)


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]) -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in words:
        if len(word) > 1:
            tokenizer.add_word(word, freq=100000)
    return tokenizer
