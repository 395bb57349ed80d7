"""The n-gram estimator: a proper ARPA model that PocketSphinx reads as written."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pocketsphinx import NGramModel as SphinxNGram

from voice.asr.ngram import END, START, NgramModel

TOY = ["call mom", "call dad", "call mom now", "play some jazz", "play some rock",
       "play some jazz now", "next song", "volume up", "turn the volume up"]
LOG10_BASE = math.log10(1.0001)  # PocketSphinx's integer log base


@pytest.fixture(scope="module")
def toy() -> NgramModel:
    model = NgramModel(3)
    model.add_all(s.split() for s in TOY)
    return model


def contexts(model: NgramModel) -> set[tuple[str, ...]]:
    """Every history the model can be asked about, seen or not."""
    found: set[tuple[str, ...]] = {(), ("jazz", "call"), ("volume", "volume")}
    for n in range(2, model.order + 1):
        found.update(gram[:-1] for gram in model.counts[n - 1])
    return found


def test_probabilities_after_every_context_sum_to_one(toy: NgramModel) -> None:
    words = [w for w in toy.vocabulary if w != START]
    for context in contexts(toy):
        total = sum(toy.prob(w, context) for w in words)
        assert total == pytest.approx(1.0, abs=1e-9), context


def test_seen_words_are_likelier_than_backed_off_ones(toy: NgramModel) -> None:
    assert toy.prob("mom", ["call"]) > toy.prob("jazz", ["call"]) > 0
    assert toy.prob("jazz", ["play", "some"]) > toy.prob("rock", ["play", "some"])
    assert toy.prob(END, ["call", "mom"]) > toy.prob("some", ["call", "mom"])


def test_arpa_header_counts_the_ngrams(toy: NgramModel) -> None:
    text = toy.arpa()
    assert text.lstrip().startswith("\\data\\") and text.rstrip().endswith("\\end\\")
    declared = {int(line[6]): int(line.split("=")[1])
                for line in text.splitlines() if line.startswith("ngram ")}
    for n in (1, 2, 3):
        section = text.split(f"\\{n}-grams:\n")[1].split("\n\n")[0]
        assert len(section.splitlines()) == declared[n]
    assert declared[1] == len(toy.vocabulary) + 1  # with <s>


def test_pocketsphinx_reads_the_same_probabilities(toy: NgramModel, tmp_path: Path) -> None:
    path = tmp_path / "toy.arpa"
    path.write_text(toy.arpa(), encoding="utf-8")
    loaded = SphinxNGram.readfile(str(path))
    for word, context in [("mom", ["call"]), ("jazz", ["play", "some"]), ("up", ["volume"]),
                          ("jazz", ["call"]), ("song", []), (END, ["call", "mom"])]:
        theirs = loaded.prob([word, *reversed(context)]) * LOG10_BASE  # most recent first
        assert theirs == pytest.approx(math.log10(toy.prob(word, context)), abs=1e-3)


def test_an_empty_model_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one sentence"):
        NgramModel(3).arpa()
    with pytest.raises(ValueError, match="order"):
        NgramModel(0)
