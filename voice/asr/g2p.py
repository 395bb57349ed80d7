"""Pronunciations for words the PocketSphinx dictionary lacks, made with espeak-ng.

espeak-ng spells any word in its own phoneme symbols (`espeak-ng -q -x`): English
words by its English rules, pinyin place names ("hongqiao", "sanlitun") as an
English reader would say them. Its Mandarin voice reads Latin letters with the
same English rules (and this build spells Chinese characters as pinyin with
tone digits read in English), so one American English call serves both; a
pinyin word also gets a Mandarin reading (`voice.asr.pinyin_phones`). The symbols are
mapped to the 39 ARPAbet phones of PocketSphinx's English model by the table
below; a symbol missing from the table is skipped and reported, never an error.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

from voice.asr.pinyin_phones import pinyin_phones

VOICE = "en-us"
TIMEOUT = 60.0

# espeak-ng's English phoneme names -> ARPAbet. Longest names are matched first.
ESPEAK_TO_ARPABET: dict[str, str] = {
    # vowels and diphthongs
    "a": "AE", "aa": "AE", "a#": "AH", "a2": "AH", "A": "AA", "A:": "AA", "A@": "AA R",
    "aI": "AY", "aI@": "AY ER", "aI3": "AY ER", "aU": "AW", "aU@": "AW ER", "aU3": "AW ER",
    "@": "AH", "@2": "AH", "@5": "AH", "@L": "AH L", "3": "ER", "3:": "ER",
    "e": "EH", "E": "EH", "E2": "EH", "E#": "EH", "e#": "EH", "e@": "EH R", "eI": "EY",
    "i": "IY", "i:": "IY", "i@": "IY AH", "i@3": "IH R", "I": "IH", "I2": "IH", "I#": "IH",
    "0": "AA", "02": "AA", "O": "AO", "O:": "AO", "O2": "AO", "O@": "AO R", "o@": "AO R",
    "OI": "OY", "o": "OW", "oU": "OW", "u": "UW", "u:": "UW", "U": "UH", "U@": "UH R",
    "V": "AH",
    # consonants
    "p": "P", "b": "B", "t": "T", "t#": "T", "t2": "T", "?": "T", "d": "D", "d#": "D",
    "d2": "D", "k": "K", "g": "G", "x": "K", "f": "F", "v": "V", "T": "TH", "D": "DH",
    "s": "S", "s2": "S", "z": "Z", "z#": "Z", "S": "SH", "Z": "ZH", "h": "HH", "C": "HH",
    "m": "M", "m-": "AH M", "n": "N", "n-": "AH N", "N": "NG", "l": "L", "l/": "L",
    "l-": "AH L", "r": "R", "r-": "", "w": "W", "j": "Y", "tS": "CH", "dZ": "JH",
}
# Stress, length, syllable and pause marks, and modifiers of the previous symbol.
IGNORED = set("'\",%=_|;:#-!^ ")
LONGEST = max(map(len, ESPEAK_TO_ARPABET))


@dataclass
class Pronunciations:
    """Made pronunciations, by word, and the words that could not be made."""

    phones: dict[str, str] = field(default_factory=dict)  # "hongqiao" -> "HH AH NG K IH AW"
    failed: list[str] = field(default_factory=list)
    unmapped: set[str] = field(default_factory=set)  # espeak-ng symbols the table lacks


def bare_word(word: str) -> str:
    """A dictionary entry without its pronunciation variant: "xidan(2)" -> "xidan"."""
    return word.split("(", 1)[0]


def to_arpabet(espeak: str) -> tuple[list[str], set[str]]:
    """ARPAbet phones of one word in espeak-ng symbols, and the symbols left out."""
    phones: list[str] = []
    unmapped: set[str] = set()
    at = 0
    while at < len(espeak):
        for size in range(LONGEST, 0, -1):
            symbol = espeak[at:at + size]
            if symbol in ESPEAK_TO_ARPABET:
                phones.extend(ESPEAK_TO_ARPABET[symbol].split())
                at += size
                break
        else:
            if espeak[at] not in IGNORED:
                unmapped.add(espeak[at])
            at += 1
    return phones, unmapped


def espeak_phonemes(words: list[str], voice: str = VOICE) -> list[str] | None:
    """espeak-ng's phoneme string of every word, from one call; None without espeak-ng.

    Each word is its own sentence, so espeak-ng prints one line per word.
    """
    program = shutil.which("espeak-ng")
    if program is None or not words:
        return None if program is None else []
    text = "".join(f"{word}.\n" for word in words)
    try:
        result = subprocess.run([program, "-q", "-x", "-v", voice], input=text,
                                capture_output=True, text=True, timeout=TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return lines if len(lines) == len(words) else None


def pronounce(words: Iterable[str], voice: str = VOICE, pinyin: bool = True) -> Pronunciations:
    """ARPAbet pronunciations of lower-case `words` ("S AE N L IH T AH N").

    With `pinyin`, a word spelled wholly in pinyin syllables gets its Mandarin
    reading as a second pronunciation, keyed as the dictionary does: "xidan(2)".
    """
    words = set(words)
    wanted = sorted(w for w in words if is_word(w))
    made = Pronunciations(failed=sorted(words - set(wanted)))
    spelled = espeak_phonemes(wanted, voice)
    if spelled is None and len(wanted) > 1 and espeak_available():
        # a word that espeak-ng split over two lines: one call per word
        spelled = [(espeak_phonemes([word], voice) or [""])[0] for word in wanted]
    for word, espeak in zip(wanted, spelled or [""] * len(wanted), strict=True):
        phones, unmapped = to_arpabet(espeak)
        made.unmapped |= unmapped
        if phones:
            made.phones[word] = " ".join(phones)
        else:
            made.failed.append(word)
    for word in wanted if pinyin else ():
        chinese = pinyin_phones(word)
        if chinese and word in made.phones and chinese != made.phones[word]:
            made.phones[f"{word}(2)"] = chinese
    return made


def is_word(text: str) -> bool:
    """Letters, with apostrophes or hyphens inside: "wechat", "mcdonald's"."""
    return text[:1].isalpha() and text.replace("'", "").replace("-", "").isalpha()


def espeak_available() -> bool:
    """Whether espeak-ng can be run to make pronunciations."""
    return shutil.which("espeak-ng") is not None
