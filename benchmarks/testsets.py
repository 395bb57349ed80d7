"""Read the grammar test sets (tests/grammars/<lang>/*.yaml) and score a parser on them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent.parent / "tests" / "grammars"


@dataclass
class Case:
    """One sentence with the parse it should give."""

    file: str
    lang: str
    text: str
    intent: str | None
    slots: dict[str, Any]
    kind: str
    now: datetime


@dataclass
class Score:
    """Accuracy figures of one language."""

    total: int = 0
    intent_ok: int = 0
    frame_ok: int = 0
    ood_total: int = 0
    ood_ok: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def intent_accuracy(self) -> float:
        return self.intent_ok / self.total if self.total else 1.0

    @property
    def frame_accuracy(self) -> float:
        return self.frame_ok / self.total if self.total else 1.0

    @property
    def ood_rejection(self) -> float:
        return self.ood_ok / self.ood_total if self.ood_total else 1.0


def load_cases(lang: str, folder: Path = TESTS) -> list[Case]:
    """Every sentence of every test file of one language."""
    cases: list[Case] = []
    for path in sorted((folder / lang).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        now = datetime.fromisoformat(str(data.get("now", "2026-11-24T09:00")))
        for test in data.get("tests", []):
            intent = test.get("intent") or {}
            for sentence in test["sentences"]:
                cases.append(Case(path.name, lang, str(sentence), intent.get("name"),
                                  dict(intent.get("slots") or {}), test.get("kind", ""), now))
    return cases


def same_value(got: Any, want: Any) -> bool:
    """Equal, comparing text case-insensitively with spaces collapsed (none for Chinese)."""
    if isinstance(want, str) and isinstance(got, str):
        def squeeze(s: str) -> str:
            s = re.sub(r"\s+", " ", s.strip().lower())
            return re.sub(r"(?<=[\u4e00-\u9fff]) | (?=[\u4e00-\u9fff])", "", s)
        return squeeze(got) == squeeze(want)
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(got) - float(want)) < 1e-9
    return bool(got == want)


def same_frame(got: dict[str, Any], want: dict[str, Any]) -> bool:
    """The whole slot dict is right."""
    return set(got) == set(want) and all(same_value(got[k], want[k]) for k in want)


def score(cases: list[Case], results: list[tuple[str | None, dict[str, Any]]]) -> Score:
    """Intent accuracy, full-frame accuracy and out-of-domain rejection."""
    result = Score()
    for case, (intent, slots) in zip(cases, results, strict=True):
        if case.intent is None:
            result.ood_total += 1
            if intent is None:
                result.ood_ok += 1
            else:
                result.failures.append(f"[ood] {case.text!r} -> {intent} {slots}")
            continue
        result.total += 1
        if intent == case.intent:
            result.intent_ok += 1
            if same_frame(slots, case.slots):
                result.frame_ok += 1
                continue
        result.failures.append(f"[{case.kind}] {case.text!r} -> {intent} {slots}; "
                               f"want {case.intent} {case.slots}")
    return result


def evaluate(parser: Any, cases: list[Case], lang: str) -> Score:
    """Parse every case with `parser` (a voice.intents.Parser) in `lang` and score it."""
    results = []
    for case in cases:
        parsed = parser.parse(case.text, lang, case.now)
        results.append((parsed.intent, parsed.slots))
    return score(cases, results)
