"""A place name said on its own navigates there; respelling never turns a place into a command."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from voice.errors import GrammarError
from voice.grammar import load_grammar
from voice.intents import Parser

NOW = datetime(2026, 11, 24, 9, 0)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


@pytest.mark.parametrize(("lang", "text", "destination"), [
    ("en", "airport please", "airport"),
    ("en", "the airport", "airport"),
    ("en", "airport", "airport"),
    ("en", "Beijing West Station", "Beijing West Station"),
    ("en", "Beijing West Railway Station, please", "Beijing West Railway Station"),
    ("en", "uh Capital Airport Terminal 3", "Capital Airport Terminal 3"),
    ("en", "Wangfujing Street", "Wangfujing Street"),
    ("zh", "北京西站", "北京西站"),
    ("zh", "机场，谢谢", "机场"),
    ("zh", "首都机场T3航站楼，麻烦了", "首都机场T3航站楼"),
    ("zh", "北 京 西 站", "北京西站"),
])
def test_bare_place_navigates_there(parser: Parser, lang: str, text: str,
                                    destination: str) -> None:
    result = parser.parse(text, lang, NOW)
    assert (result.intent, result.slots) == ("navigate", {"destination": destination})


def test_place_with_a_route_preference(parser: Parser) -> None:
    result = parser.parse("the airport avoiding tolls", "en", NOW)
    assert result.intent == "navigate"
    assert result.slots == {"destination": "airport", "route_preference": "avoid_tolls"}


def test_a_kind_of_place_stays_a_category(parser: Parser) -> None:
    assert parser.parse("the gas station", "en", NOW).slots == {"poi_category": "gas_station"}
    assert parser.parse("加油站", "zh", NOW).slots == {"poi_category": "gas_station"}


@pytest.mark.parametrize(("text", "lang"), [
    ("I'm at the airport", "en"),
    ("the station is closed", "en"),
    ("we just left the train station", "en"),
    ("how far is the airport", "en"),
    ("我在北京西站", "zh"),
    ("北京西站在哪个区", "zh"),
    ("我不喜欢这个广场", "zh"),
])
def test_talk_about_a_place_is_no_command(parser: Parser, text: str, lang: str) -> None:
    assert parser.parse(text, lang, NOW).intent is None


def test_respelling_keeps_place_words(parser: Parser) -> None:
    """"airport" is one edit from "abort" (cancel) but is a word the grammar knows."""
    vocabulary = parser.language("en").fuzzy.vocabulary
    assert {"airport", "station", "terminal"} <= vocabulary
    for text in ("the airport", "airport uh", "so the airport"):
        assert parser.parse(text, "en", NOW).intent == "navigate", text


def test_ends_with_and_without_must_be_word_lists(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "navigate.yaml").write_text(
        "language: en\nintents:\n  navigate:\n    data:\n      - sentences: ['{place}']\n"
        "lists:\n  place: {wildcard: true, ends_with: station}\n", encoding="utf-8")
    with pytest.raises(GrammarError, match=r"navigate\.yaml:\d+: 'ends_with' must be a list"):
        load_grammar("en", extra=[tmp_path])


def test_a_plugin_list_with_ends_with_and_without(tmp_path: Path) -> None:
    folder = tmp_path / "ko"
    folder.mkdir()
    (folder / "navigate.yaml").write_text(
        "language: ko\nintents:\n  navigate:\n    data:\n"
        "      - sentences: ['{place:destination}']\n"
        "lists:\n  place: {wildcard: true, ends_with: [역, 공항], without: [나는]}\n",
        encoding="utf-8")
    parser = Parser(extra=[tmp_path])
    result = parser.parse("서울 역", "ko", NOW)
    assert (result.intent, result.slots) == ("navigate", {"destination": "서울 역"})
    assert parser.parse("나는 서울 역", "ko", NOW).intent is None
    assert parser.parse("서울 시청", "ko", NOW).intent is None
