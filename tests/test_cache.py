"""The compiled-grammar cache: rebuilt when a grammar changes, stale files removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice.intents import Parser

GRAMMAR = (Path(__file__).parent / "data" / "ko_call.yaml").read_text(encoding="utf-8")


def test_grammar_change_rebuilds_the_cache(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "grammars" / "ko"
    folder.mkdir(parents=True)
    (folder / "call.yaml").write_text(GRAMMAR, encoding="utf-8")
    first = Parser(extra=[tmp_path / "grammars"])
    assert first.parse("민수 한테 전화 해 줘", "ko").intent == "call"
    assert len(list((tmp_path / "cache").glob("grammar-ko-*.pickle"))) == 1
    (folder / "call.yaml").write_text(GRAMMAR.replace("전화 해 줘", "전화 걸어 줘"),
                                      encoding="utf-8")
    parser = Parser(extra=[tmp_path / "grammars"])
    assert parser.parse("민수 한테 전화 걸어 줘", "ko").intent == "call"
    assert parser.parse("민수 한테 전화 해 줘", "ko").intent is None
    assert len(list((tmp_path / "cache").glob("grammar-ko-*.pickle"))) == 1


def test_unwritable_cache_is_only_slower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("VOICE_CACHE_DIR", str(blocker / "cache"))
    assert Parser().parse("pause", "en").intent == "media_control"
