"""Chinese characters as toneless, fuzzy-merged pinyin syllables, for homophones.

Every character maps to one syllable (its most common reading, from pypinyin's
table), with the initials and finals that speakers and recognizers confuse
merged: zh/z, ch/c, sh/s, n/l, hu/fu; ing/in, eng/en,
ang/an; diao/tiao (调). A few characters take the reading commands use (调 tiao,
行 hang). The table is built once from pypinyin and cached on disk, so that
loading it costs milliseconds instead of pypinyin's import time.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from voice.cache import cached
from voice.text import CJK_RE, tokens

TABLE_VERSION = "3"
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("uang", "uan"))
# Characters whose first reading in pypinyin is not the one commands use: 调 in
# 调高 is tiao (so 条/跳 are heard as 调), 行 in 导航-like words is heard for 航.
_READINGS = {"调": "tiao", "行": "hang"}
# 调 has two readings (diao, tiao): its homophones of both merge.
_MERGED = {"diao": "tiao"}


def fuzzy_syllable(syllable: str) -> str:
    """Merge the sounds most often confused: "zhang" -> "zan", "ling" -> "nin"."""
    s = syllable
    for long, short in _INITIALS:
        if s.startswith(long):
            s = short + s[len(long):]
            break
    if s.startswith("l"):
        s = "n" + s[1:]
    elif s == "hu":
        s = "fu"
    for long, short in _FINALS:
        if s.endswith(long):
            s = s[: -len(long)] + short
            break
    return _MERGED.get(s, s)


def _strip_tone(reading: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", reading)
                    if not unicodedata.combining(c))
    return plain.replace("ü", "v").replace("u\u0308", "v")


def _build_table() -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, str] = {}
    for code, readings in pinyin_dict.items():
        first = readings.split(",")[0]
        table[chr(code)] = fuzzy_syllable(_strip_tone(first))
    for char, reading in _READINGS.items():
        table[char] = fuzzy_syllable(reading)
    return table


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Character -> fuzzy syllable, for every character pypinyin knows."""
    found: dict[str, str] = cached("pinyin", TABLE_VERSION, _build_table)
    return found


def syllables(text: str) -> list[str]:
    """One fuzzy syllable per Chinese character; Latin words and digits kept (lower case)."""
    t = table()
    return [t.get(tok, tok) if CJK_RE.match(tok) else tok.lower() for tok in tokens(text, "zh")]


def canonical_chars(chars: str) -> dict[str, str]:
    """Fuzzy syllable -> the first character of `chars` that has it (to respell typed spans)."""
    t = table()
    found: dict[str, str] = {}
    for char in chars:
        if char in t:
            found.setdefault(t[char], char)
    return found
