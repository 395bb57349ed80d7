"""The closest sentence of a fixed list by rapidfuzz's `ratio`, without scoring every one.

`ratio` is the normalized Indel similarity: 100 * (1 - distance / (len(a) + len(b))).
Two cheap bounds leave most sentences out before rapidfuzz runs, and never one
that could reach the floor:

- length: ratio <= 200 * shorter / (shorter + longer), so only sentences of a near
  length are looked at (the list is sorted by length);
- characters: the Indel distance is at least the number of characters one text
  holds more of than the other (the L1 distance of their character counts), which
  numpy computes for all sentences of a near length at once.

The result is the one `process.extractOne` gives on the whole list: the first of the
best-scoring sentences in list order.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process


class SentenceIndex:
    """Sentences sorted by length, with their character counts."""

    def __init__(self, sentences: Sequence[str]) -> None:
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        self.order = order  # position in this index -> position in `sentences`
        self.choices = [sentences[i] for i in order]
        self.lengths = [len(text) for text in self.choices]
        self._length_array = np.array(self.lengths, dtype=np.int32)
        codes = _code_points("".join(self.choices))
        self.alphabet = np.unique(codes) if codes.size else np.zeros(0, dtype=np.uint32)
        rows = np.repeat(np.arange(len(self.choices)), self.lengths)
        width = len(self.alphabet) + 1  # the last column counts characters outside the alphabet
        cells = rows * width + self._columns(codes)
        counts = np.bincount(cells, minlength=len(self.choices) * width)
        # One row per character, sentences side by side: the window is a run of each row.
        self.counts = _small(counts.reshape(len(self.choices), width).T)

    def _columns(self, codes: np.ndarray) -> np.ndarray:
        """The count column of each code point (characters outside the alphabet share one)."""
        found = np.searchsorted(self.alphabet, codes)
        found = np.minimum(found, len(self.alphabet))
        known = np.zeros(codes.shape, dtype=bool)
        inside = found < len(self.alphabet)
        known[inside] = self.alphabet[found[inside]] == codes[inside]
        return np.where(known, found, len(self.alphabet))

    def closest(self, query: str, floor: float) -> tuple[int, float] | None:
        """(position in the original list, ratio) of the best sentence at `floor` or above."""
        if not self.choices:
            return None
        bound = floor / (200 - floor)
        low = bisect.bisect_left(self.lengths, len(query) * bound)
        high = bisect.bisect_right(self.lengths, len(query) / bound)
        if low >= high:
            return None
        query_counts = _small(np.bincount(self._columns(_code_points(query)),
                                          minlength=self.counts.shape[0]))
        distance = np.abs(self.counts[:, low:high] - query_counts[:, None]).sum(
            axis=0, dtype=np.int32)
        allowed = (1 - floor / 100) * (self._length_array[low:high] + len(query)) + 1e-6
        near = np.flatnonzero(distance <= allowed)
        if near.size == 0:
            return None
        found = process.extractOne(query, [self.choices[low + i] for i in near],
                                   scorer=fuzz.ratio, score_cutoff=floor)
        if found is None:
            return None
        _, score, index = found
        return self.order[low + int(near[index])], float(score)


def _small(counts: np.ndarray) -> np.ndarray:
    """Counts as int8, capped at 127: still a lower bound of the distance, and fast."""
    return np.ascontiguousarray(np.minimum(counts, 127).astype(np.int8))


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
