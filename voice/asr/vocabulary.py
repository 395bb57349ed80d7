"""Phrase lists for grammar-limited decoding, in words the model knows.

Vosk silently drops words it does not know, so every grammar sentence is
split into model words first: a token the model lacks is segmented by
longest match against the model's vocabulary (Chinese text has no spaces, and
Korean particles are separate words in the model), and whatever still cannot
be matched is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

KnowsWord = Callable[[str], bool]
MAX_WORD_CHARS = 8
WILDCARD = "[unk]"


@dataclass
class PhraseList:
    """Sentences rewritten in model words, and the words the model lacks."""

    phrases: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    dropped: list[str] = field(default_factory=list)  # sentences with unknown words


def split_known(token: str, knows: KnowsWord) -> tuple[list[str], list[str]]:
    """Greedy longest-match split: the known words, and the runs of text matching none."""
    words: list[str] = []
    unknown: list[str] = []
    run = ""
    i = 0
    while i < len(token):
        for size in range(min(MAX_WORD_CHARS, len(token) - i), 0, -1):
            if knows(token[i:i + size]):
                if run:
                    unknown.append(run)
                    run = ""
                words.append(token[i:i + size])
                i += size
                break
        else:
            run += token[i]
            i += 1
    if run:
        unknown.append(run)
    return words, unknown


def segment(token: str, knows: KnowsWord) -> list[str] | None:
    """Split `token` into known words by greedy longest match; None if impossible."""
    words, unknown = split_known(token, knows)
    return None if unknown else words


def to_model_words(sentence: str, knows: KnowsWord) -> tuple[list[str], set[str]]:
    """The sentence as model words, and the tokens that could not be matched."""
    words: list[str] = []
    unknown: set[str] = set()
    for token in sentence.lower().split():
        if knows(token):
            words.append(token)
            continue
        if token == WILDCARD:
            unknown.add(token)
            continue
        parts, missing = split_known(token, knows)
        if missing:
            unknown.update(missing)
        else:
            words.extend(parts)
    return words, unknown


def build_phrase_list(sentences: Iterable[str], knows: KnowsWord,
                      wildcard: bool = False) -> PhraseList:
    """Rewrite grammar sentences into model words; drop (and report) those with unknown words.

    With `wildcard`, the `[unk]` garbage word is added when the model has it,
    so speech outside the grammar does not get forced onto a phrase.
    """
    result = PhraseList()
    seen: set[str] = set()
    for sentence in sentences:
        words, unknown = to_model_words(sentence, knows)
        if unknown:
            result.unknown |= unknown
            result.dropped.append(sentence)
            continue
        phrase = " ".join(words)
        if phrase and phrase not in seen:
            seen.add(phrase)
            result.phrases.append(phrase)
    if wildcard and knows(WILDCARD) and WILDCARD not in seen:
        result.phrases.append(WILDCARD)
    return result
