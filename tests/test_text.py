"""Text normalization and language detection."""

from __future__ import annotations

import pytest

from voice.errors import UsageError
from voice.text import check_text, detect_language, normalize, trim_edges


@pytest.mark.parametrize(("raw", "lang", "canonical"), [
    ("Navigate to Beijing West, please!", "en", "Navigate to Beijing West please"),
    ("导航到 北京 西站。", "zh", "导航到北京西站"),
    ("把温度调到２２度！", "zh", "把温度调到22度"),
    ("调到 22 度", "zh", "调到22度"),
    ("导航到 Star Bucks", "zh", "导航到Star Bucks"),
    ("“你好”，世界", "zh", "你好世界"),
    ("at 10:30 a.m.", "en", "at 10:30 am"),
    ("pay $12.50 for the toll", "en", "pay 12.50 dollars for the toll"),
    ("pay 3.5 yuan.", "en", "pay 3.5 yuan"),
    ("I’m cold", "en", "I'm cold"),
])
def test_normalize(raw: str, lang: str, canonical: str) -> None:
    assert normalize(raw, lang) == canonical


@pytest.mark.parametrize(("text", "lang"), [
    ("pause", "en"), ("暂停", "zh"), ("导航到Starbucks", "zh"), ("play 周杰伦", "zh"),
    ("22", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_trim_edges_keeps_inner_words() -> None:
    assert trim_edges("the Temple of the Sun please", "en", ["the", "please"]) == \
        "Temple of the Sun"
    assert trim_edges("周杰伦的歌吧", "zh", ["吧", "的歌"]) == "周杰伦"
    assert trim_edges("the", "en", ["the"]) == "the"


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"), ("  \n ", "empty"), ("a\x00b", "binary"), ("z" * 1001, "too long"),
])
def test_check_text_rejects(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        check_text(text)
