"""The grammar test sets: accuracy per language against the targets, and file mirroring."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from testsets import TESTS, evaluate, load_cases  # noqa: E402

from voice.intents import Parser  # noqa: E402

INTENT_TARGET = 0.97
FRAME_TARGET = 0.93
OOD_TARGET = 0.95


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_accuracy_targets(parser: Parser, lang: str) -> None:
    cases = load_cases(lang)
    assert cases, f"no test sentences for {lang}"
    s = evaluate(parser, cases, lang)
    print(f"\n{lang}: intent {s.intent_accuracy:.3f} frame {s.frame_accuracy:.3f} "
          f"ood rejection {s.ood_rejection:.3f} ({s.total} in-domain, {s.ood_total} ood)")
    for failure in s.failures:
        print("   ", failure)
    assert s.intent_accuracy >= INTENT_TARGET
    assert s.frame_accuracy >= FRAME_TARGET
    assert s.ood_rejection >= OOD_TARGET


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_grammar_file_has_a_test_file_and_back(lang: str) -> None:
    grammar_files = {p.name for p in (ROOT / "grammars" / lang).glob("*.yaml")
                     if not p.name.startswith("_")}
    test_files = {p.name for p in (TESTS / lang).glob("*.yaml") if not p.name.startswith("_")}
    assert grammar_files == test_files
    assert (TESTS / lang / "_out_of_domain.yaml").exists()
