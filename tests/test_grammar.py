"""Grammar loading: errors that name file, line and intent; any language folder; sentences."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from voice.errors import GrammarError
from voice.grammar import load_grammar
from voice.intents import Parser

GOOD_KO = (Path(__file__).parent / "data" / "ko_call.yaml").read_text(encoding="utf-8")


def write(root: Path, lang: str, name: str, text: str) -> Path:
    folder = root / lang
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "language: ko\nintents:\n  call:\n    data:\n      - sentences:\n"


@pytest.mark.parametrize(("body", "line", "needle"), [
    (HEAD + '          - "(call {contact}"\n', 6, "bad template"),
    (HEAD + '          - "call {nobody}"\n', 6, "unknown list {nobody}"),
    (HEAD + '          - "<nothing> call"\n', 6, "unknown expansion rule <nothing>"),
    ("language: ko\nintents:\n  dance:\n    data:\n      - sentences: [\"dance\"]\n",
     3, "unknown intent name 'dance'"),
])
def test_grammar_error_names_file_line_and_intent(tmp_path: Path, body: str, line: int,
                                                  needle: str) -> None:
    write(tmp_path, "ko", "call.yaml", body)
    with pytest.raises(GrammarError) as caught:
        load_grammar("ko", extra=[tmp_path])
    message = str(caught.value)
    assert f"call.yaml:{line}:" in message
    assert needle in message
    assert "intent" in message
    assert "\n" not in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "ko", "call.yaml", "language: ko\nintents:\n  call: [unclosed\n")
    with pytest.raises(GrammarError, match=r"call\.yaml:\d+: YAML syntax error"):
        load_grammar("ko", extra=[tmp_path])


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(GrammarError, match="no grammar for language 'xx'"):
        load_grammar("xx")


def test_any_language_folder_loads_expands_and_parses(tmp_path: Path) -> None:
    write(tmp_path, "ko", "call.yaml", GOOD_KO)
    grammar = load_grammar("ko", extra=[tmp_path])
    assert grammar.intents == ["call"]
    sentences = list(grammar.sentences(wildcard="[unk]"))
    assert ("call", "[unk] 에게 전화 해 줘") in sentences
    assert ("call", "[unk] 한테 전화 해 줘") in sentences
    assert {"전화", "에게", "한테"} <= grammar.words()
    parse = Parser(extra=[tmp_path]).parse("민수 한테 전화 해 줘", "ko")
    assert parse.intent == "call" and parse.slots == {"contact": "민수"}


def test_plugin_grammar_adds_sentences_to_a_builtin_intent(tmp_path: Path) -> None:
    write(tmp_path, "en", "call.yaml", "language: en\nintents:\n  call:\n    data:\n"
          '      - sentences: ["holler at {contact}"]\n')
    parse = Parser(extra=[tmp_path]).parse("holler at Grandma", "en")
    assert parse.intent == "call" and parse.slots == {"contact": "Grandma"}
    assert Parser().parse("holler at Grandma", "en").intent is None


def test_builtin_sentences_cover_lists_and_typed_slots() -> None:
    grammar = load_grammar("zh")
    sentences = [s for _, s in grammar.sentences("set_temperature", limit=5000)]
    assert any("二十二" in s for s in sentences)
    assert all("[unk]" not in s for s in sentences)
    navigate = [s for _, s in load_grammar("en").sentences("navigate", limit=3000)]
    assert any("[unk]" in s for s in navigate)
    assert any("gas station" in s for s in navigate)


def test_builtin_grammars_cover_every_builtin_intent() -> None:
    builtin = {"navigate", "cancel_navigation", "book_service", "pay", "set_temperature",
               "adjust_temperature", "climate_control", "window", "play_music", "media_control",
               "set_volume", "call", "confirm", "deny", "cancel", "help"}
    for lang in ("en", "zh"):
        assert builtin <= set(load_grammar(lang).intents)


def test_cli_grammar_check_fails_on_a_broken_grammar(tmp_path: Path) -> None:
    write(tmp_path, "en", "call.yaml",
          'language: en\nintents:\n  call:\n    data:\n      - sentences: ["call {who"]\n')
    env = {**os.environ, "VOICE_GRAMMAR_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "voice", "grammar", "check"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "call.yaml:5: intent call" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_grammar_check_and_sample() -> None:
    check = subprocess.run([sys.executable, "-m", "voice", "grammar", "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0
    assert re.search(r"^en: \d+ intents, \d+ templates", check.stdout, re.M)
    assert re.search(r"^zh: \d+ intents, \d+ templates", check.stdout, re.M)
    sample = subprocess.run([sys.executable, "-m", "voice", "grammar", "sample", "--intent",
                             "window", "--lang", "zh", "-n", "5"],
                            capture_output=True, text=True, timeout=120)
    assert sample.returncode == 0
    lines = sample.stdout.splitlines()
    assert len(lines) == 5
    parser = Parser()
    assert all(parser.parse(line, "zh").intent == "window" for line in lines)
