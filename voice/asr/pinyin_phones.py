"""A Mandarin reading of pinyin words in ARPAbet: "xidan" -> "SH IY D AA N".

Place names come in pinyin without tones ("sanlitun", "hongqiao"). espeak-ng
reads them as English words ("Z IH D AH N"); drivers in China say them as
Chinese. A word that splits wholly into pinyin syllables (the syllables pypinyin
knows) gets this reading as a second pronunciation, initial and final mapped to
the nearest English phones.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

INITIALS: dict[str, str] = {
    "b": "B", "p": "P", "m": "M", "f": "F", "d": "D", "t": "T", "n": "N", "l": "L",
    "g": "G", "k": "K", "h": "HH", "j": "JH", "q": "CH", "x": "SH", "zh": "JH", "ch": "CH",
    "sh": "SH", "r": "R", "z": "Z", "c": "T S", "s": "S", "y": "Y", "w": "W", "": "",
}
FINALS: dict[str, str] = {
    "a": "AA", "o": "AO", "e": "AH", "ai": "AY", "ei": "EY", "ao": "AW", "ou": "OW",
    "an": "AA N", "en": "AH N", "ang": "AA NG", "eng": "AH NG", "ong": "UH NG", "er": "AA R",
    "i": "IY", "ia": "Y AA", "iao": "Y AW", "ie": "Y EH", "iu": "Y OW", "ian": "Y EH N",
    "in": "IY N", "iang": "Y AA NG", "ing": "IH NG", "iong": "Y UH NG", "u": "UW",
    "ua": "W AA", "uo": "W AO", "uai": "W AY", "ui": "W EY", "uan": "W AA N", "un": "W AH N",
    "uang": "W AA NG", "ue": "Y EH", "v": "Y UW", "ve": "Y EH",
}
# After j, q, x and y, "u" is "ü".
AFTER_PALATAL: dict[str, str] = {"u": "Y UW", "uan": "Y EH N", "un": "Y IH N", "ue": "Y EH"}
# After the retroflex and dental initials, "i" is a buzzed vowel.
AFTER_SIBILANT = {"zh": "ER", "ch": "ER", "sh": "ER", "r": "ER", "z": "AH", "c": "AH", "s": "AH"}


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable with a vowel ("ba", "zhuang"; not "ng", "hm")."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading)
                           if not unicodedata.combining(c))
            if any(v in bare for v in "aeiou") and split_syllable(bare):
                found.add(bare)
    return frozenset(found)


def split_syllable(syllable: str) -> tuple[str, str] | None:
    """Initial and final of one syllable, or None when the final is not in the table."""
    for size in (2, 1, 0):
        initial, final = syllable[:size], syllable[size:]
        if initial in INITIALS and final in FINALS:
            return initial, final
    return None


def segment(word: str) -> list[str] | None:
    """The fewest pinyin syllables that spell `word` ("xian" stays one), or None."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in syllables():
                candidate = [*head, word[start:end]]
                if best[end] is None or len(candidate) < len(best[end] or []):
                    best[end] = candidate
    return best[len(word)]


def syllable_phones(syllable: str) -> str:
    initial, final = split_syllable(syllable) or ("", "")
    if final == "i" and initial in AFTER_SIBILANT:
        vowel = AFTER_SIBILANT[initial]
    elif initial in ("j", "q", "x", "y") and final in AFTER_PALATAL:
        vowel = AFTER_PALATAL[final]
    else:
        vowel = FINALS[final]
    if initial == "y" and vowel.startswith(("Y", "IY")):
        initial = ""
    if initial == "w" and vowel.startswith("W"):
        initial = ""
    return " ".join(p for p in (INITIALS[initial], vowel) if p)


def pinyin_phones(word: str) -> str | None:
    """ARPAbet phones of a pinyin word ("sanlitun", "yan'an"), or None if it is not pinyin."""
    parts: list[str] = []
    for piece in word.lower().split("'"):
        found = segment(piece) if piece else None
        if not found:
            return None
        parts.extend(found)
    return " ".join(syllable_phones(s) for s in parts)
