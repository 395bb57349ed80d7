"""The template-structured JSGF grammar and its compilation into an FSG without empty moves."""

from __future__ import annotations

import pytest

from voice.asr.fsg import Fsg, compile_fsg
from voice.asr.jsgf import build_jsgf, spoken_number
from voice.asr.slot_values import known_values
from voice.asr.sphinx_engine import SphinxRecognizer
from voice.grammar import load_grammar


def accepts(fsg: Fsg, sentence: str) -> bool:
    """Whether a path from the start to the final state says exactly `sentence`."""
    moves: dict[int, list[tuple[int, str | None]]] = {}
    for transition in fsg.transitions:
        word = transition[3] if len(transition) == 4 else None
        moves.setdefault(transition[0], []).append((transition[1], word))

    def closure(states: set[int]) -> set[int]:
        return states | {b for a in states for b, w in moves.get(a, []) if w is None}

    states = closure({0})
    for word in sentence.split():
        states = closure({b for a in states for b, w in moves.get(a, []) if w == word})
    return fsg.final in states


TINY = """#JSGF V1.0;
grammar voice;
public <command> = <can_you> ( <on> [ the ] <device> | ( cooler | warmer ) <please>* ) ;
<can_you> = [ can you | please ] ;
<on> = turn on | switch on ;
<device> = ac | air conditioning | heater ;
<please> = please ;
"""


def test_the_fsg_accepts_what_the_jsgf_says_and_nothing_else() -> None:
    fsg = compile_fsg(TINY)
    for sentence in ("turn on the ac", "can you switch on air conditioning",
                     "please turn on heater", "cooler", "warmer please please"):
        assert accepts(fsg, sentence), sentence
    for sentence in ("turn on the", "the ac", "can you", "turn on the ac please", "heater"):
        assert not accepts(fsg, sentence), sentence


def test_large_joins_go_through_hub_states() -> None:
    many = " | ".join(f"w{i}" for i in range(40))
    fsg = compile_fsg(f"public <c> = ( {many} ) ( {many} ) ;\n")
    assert len(fsg.transitions) < 200  # not 40 x 40
    assert accepts(fsg, "w3 w39") and not accepts(fsg, "w3")


def test_spoken_numbers() -> None:
    assert [spoken_number(n) for n in (0, 7, 15, 22, 30, 105)] == [
        "zero", "seven", "fifteen", "twenty two", "thirty", "one hundred five"]


@pytest.fixture(scope="module")
def english() -> tuple[str, set[str], Fsg]:
    recognizer = SphinxRecognizer("en")
    grammar = build_jsgf(load_grammar("en"), recognizer.knows, known_values())
    return grammar.text, grammar.unknown, compile_fsg(grammar.text)


def test_the_english_grammar_stays_small_and_says_the_commands(
        english: tuple[str, set[str], Fsg]) -> None:
    text, unknown, fsg = english
    assert len(text) < 100_000
    for sentence in ("turn on the air conditioning", "navigate to beijing west railway station",
                     "take me home", "call mom", "set the temperature to twenty two degrees",
                     "book a service appointment for tomorrow at ten am", "play some jazz",
                     "next song", "volume up", "pay the parking fee", "stop navigation"):
        assert accepts(fsg, sentence), sentence
    assert not accepts(fsg, "tell me a joke")


def test_words_outside_the_dictionary_are_left_out_and_reported(
        english: tuple[str, set[str], Fsg]) -> None:
    text, unknown, _ = english
    assert {"wangfujing", "defogger"} <= unknown
    words = set(text.replace("(", " ").replace(")", " ").split())
    assert not words & unknown
