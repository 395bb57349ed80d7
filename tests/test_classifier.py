"""The opt-in intent classifier stage: unseen English phrasings, and talk it must leave alone."""

from __future__ import annotations

from datetime import datetime

import pytest

from voice.cache import cache_dir
from voice.intents import Parser

NOW = datetime(2026, 11, 24, 9, 0)


@pytest.fixture(scope="module")
def classifying() -> Parser:
    return Parser(classify=True)


def test_an_unseen_phrasing_gets_its_intent_and_slots(classifying: Parser) -> None:
    text = "the passenger would like it at twenty three"
    assert Parser(classify=False).parse(text, "en", NOW).intent is None  # no template says it
    result = classifying.parse(text, "en", NOW)
    assert result.intent == "set_temperature"
    assert result.slots == {"temperature": 23, "zone": "passenger"}
    assert 0.8 <= result.confidence < 0.9


@pytest.mark.parametrize("text", [
    "my cousin works at the train station",
    "the seats in this car are leather",
    "we played that song at the wedding",
    "what was the temperature yesterday",
    "is the sunroof open",
])
def test_talk_that_shares_words_with_commands_stays_out_of_domain(classifying: Parser,
                                                                  text: str) -> None:
    assert classifying.parse(text, "en", NOW).intent is None


def test_template_matches_are_unchanged(classifying: Parser) -> None:
    result = classifying.parse("set the temperature to 22 degrees", "en", NOW)
    assert (result.intent, result.slots, result.confidence) == \
        ("set_temperature", {"temperature": 22}, 1.0)


def test_chinese_is_left_to_the_templates(classifying: Parser) -> None:
    assert classifying.parse("打开空调", "zh", NOW).intent == "climate_control"
    assert classifying.parse("今天天气真好", "zh", NOW).intent is None


def test_the_index_is_cached_with_the_grammar(classifying: Parser) -> None:
    classifying.parse("the passenger would like it at twenty three", "en", NOW)
    key = classifying.language("en").key
    assert (cache_dir() / f"classifier-en-{key}.pickle").is_file()
