"""Accuracy measures on known transcripts and parses."""

from __future__ import annotations

import pytest

from voice.metrics import edit_counts, normalize_text, same_value, slot_counts, slot_scores


def test_word_error_rate_counts_words() -> None:
    assert edit_counts("Navigate to the airport.", "navigate to airport", "en") == (1, 4)
    assert edit_counts("turn on the AC", "turn on the AC", "en") == (0, 4)
    assert edit_counts("volume up", "", "en") == (2, 2)


def test_character_error_rate_ignores_spaces_and_punctuation() -> None:
    assert edit_counts("导航到北京西站。", "导航 到 北京 西展", "zh") == (1, 7)
    assert normalize_text("ＡＢＣ，你好！", "zh") == "abc你好"


def test_slots_compare_numbers_and_text() -> None:
    assert same_value(22, "22.0", "en") and not same_value(22, 23, "en")
    assert same_value("Beijing West Railway Station", "beijing  west railway station", "en")
    assert same_value("北京西站", "北京 西站", "en")
    assert slot_counts({"action": "on", "device": "ac"}, {"action": "off", "device": "ac"},
                       "en") == (1, 1, 1)


def test_slot_scores_are_micro_averaged() -> None:
    scores = slot_scores([[2, 0, 0], [1, 1, 1], [0, 0, 2]])
    assert scores["slot_precision"] == pytest.approx(3 / 4)
    assert scores["slot_recall"] == pytest.approx(3 / 6)
    assert scores["slot_f1"] == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert slot_scores([])["slot_f1"] is None
