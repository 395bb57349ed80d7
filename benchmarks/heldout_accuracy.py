"""Accuracy of the intent parser on the held-out sets in benchmarks/heldout/.

    python benchmarks/heldout_accuracy.py [--verbose] [--lang-hint] [--classifier] [FILE ...]

Every sentence goes through `voice.intents.parse(text, lang="auto", now=<file's now>)`
(with --lang-hint, the file's language instead of "auto"; with --classifier, a Parser with
the opt-in intent classifier stage). Per language it prints intent
accuracy and full-frame accuracy (intent and the whole slot dict) over in-domain sentences,
the rejection rate of out-of-domain sentences, the same figures per kind, and how often the
detected language was right; --verbose lists every failure.

Slot comparison: numbers numerically; text slots case-insensitively, NFKC-normalized,
with runs of spaces collapsed (and no spaces at all when the text holds Chinese);
everything else (enums, dates, times) as strings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
HELDOUT_DIR = REPO_ROOT / "benchmarks" / "heldout"
TEXT_SLOTS = frozenset({"destination", "dealer", "payee", "query", "contact"})
IN_DOMAIN_KINDS = ("clean", "paraphrase", "asr_error")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

Parser = Callable[..., Any]


@dataclass(frozen=True)
class Case:
    """One sentence with the parse it should get."""

    sentence: str
    intent: str | None
    slots: dict[str, Any]
    kind: str


@dataclass
class Outcome:
    """What the parser made of one case."""

    case: Case
    intent: str | None
    slots: dict[str, Any]
    lang: str | None

    @property
    def intent_right(self) -> bool:
        return self.intent == self.case.intent

    @property
    def frame_right(self) -> bool:
        return self.intent_right and slots_equal(self.case.slots, self.slots)


@dataclass
class Tally:
    """Counts for one group of cases."""

    total: int = 0
    intent_right: int = 0
    frame_right: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.intent_right += outcome.intent_right
        self.frame_right += outcome.frame_right
        if not outcome.frame_right:
            self.failures.append(outcome)


def load_cases(path: Path) -> tuple[str, dt.datetime, list[Case]]:
    """The language, reference time and cases of one held-out file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for test in document["tests"]:
        intent = test["intent"]
        for sentence in test["sentences"]:
            cases.append(Case(
                sentence=sentence,
                intent=intent["name"] if intent else None,
                slots=dict(intent["slots"] or {}) if intent else {},
                kind=test["kind"],
            ))
    return document["language"], dt.datetime.fromisoformat(document["now"]), cases


def normalize_text(value: Any) -> str:
    """A text slot as it compares: NFKC, lower case, spaces collapsed (none around Chinese)."""
    text = " ".join(unicodedata.normalize("NFKC", str(value)).lower().split())
    return text.replace(" ", "") if CJK.search(text) else text


def as_number(value: Any) -> float | None:
    """`value` as a float, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def as_string(value: Any) -> str:
    """Dates and times the parser may return as objects, in the test-set string form."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def slot_equal(name: str, expected: Any, actual: Any) -> bool:
    """Whether one slot value matches its expectation."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        number = as_number(actual)
        return number is not None and math.isclose(number, expected, abs_tol=1e-9)
    if name in TEXT_SLOTS:
        return normalize_text(expected) == normalize_text(actual)
    return as_string(expected) == as_string(actual)


def slots_equal(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Whether the parser's slot dict is exactly the expected one."""
    return set(expected) == set(actual) and all(
        slot_equal(name, expected[name], actual[name]) for name in expected)


def run_case(parse: Parser, case: Case, lang: str, now: dt.datetime,
             error_type: type[Exception]) -> Outcome:
    """Parse one sentence; a parser error counts as no intent."""
    try:
        result = parse(case.sentence, lang=lang, now=now)
    except error_type as error:
        return Outcome(case, None, {"error": str(error)}, None)
    return Outcome(case, result.intent, dict(result.slots or {}), result.lang)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "   n/a"


def report(language: str, outcomes: list[Outcome], verbose: bool) -> None:
    """Print the figures of one language."""
    in_domain, ood = Tally(), Tally()
    by_kind: dict[str, Tally] = {kind: Tally() for kind in IN_DOMAIN_KINDS}
    for outcome in outcomes:
        if outcome.case.intent is None:
            ood.add(outcome)
        else:
            in_domain.add(outcome)
            by_kind.setdefault(outcome.case.kind, Tally()).add(outcome)
    lang_right = sum(outcome.lang == language for outcome in outcomes)
    print(f"== {language}: {len(outcomes)} sentences "
          f"({in_domain.total} in-domain, {ood.total} out-of-domain)")
    print(f"  intent accuracy      {percent(in_domain.intent_right, in_domain.total)}")
    print(f"  full-frame accuracy  {percent(in_domain.frame_right, in_domain.total)}")
    print(f"  ood rejection        {percent(ood.intent_right, ood.total)}")
    print(f"  language detected    {percent(lang_right, len(outcomes))}")
    for kind, tally in by_kind.items():
        print(f"  {kind:<11} intent {percent(tally.intent_right, tally.total)}"
              f"   full-frame {percent(tally.frame_right, tally.total)}")
    print(f"  {'ood':<11} rejected {percent(ood.intent_right, ood.total)}")
    if verbose:
        failures = in_domain.failures + ood.failures
        print(f"  failures ({len(failures)}):")
        for outcome in failures:
            case = outcome.case
            print(f"    [{case.kind}] {case.sentence!r}\n"
                  f"        expected {case.intent} {case.slots}\n"
                  f"        got      {outcome.intent} {outcome.slots}")
    print()


def load_parser(classify: bool = True) -> tuple[Parser, type[Exception]]:
    """`voice.intents.parse` (or the `parse` of a Parser without the classifier stage)
    and the error type it raises; exits with one line when absent."""
    sys.path.insert(0, str(REPO_ROOT))
    try:
        from voice import errors, intents
    except ImportError as error:
        sys.exit(f"heldout_accuracy: cannot import the voice package ({error}); "
                 "install it with `pip install -e .`")
    parse = getattr(intents, "parse", None)
    if not callable(parse):
        sys.exit("heldout_accuracy: voice.intents.parse does not exist yet; "
                 "nothing to measure")
    if not classify:
        parse = intents.Parser(classify=False).parse
    return parse, errors.VoiceError


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("files", nargs="*", type=Path,
                           help="held-out files (default: benchmarks/heldout/*.yaml)")
    arguments.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    arguments.add_argument("--lang-hint", action="store_true",
                           help='pass the file\'s language to parse() instead of "auto"')
    arguments.add_argument("--no-classifier", action="store_true",
                           help="leave out the intent classifier stage")
    options = arguments.parse_args(argv)
    paths = options.files or sorted(HELDOUT_DIR.glob("*.yaml"))
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        sys.exit(f"heldout_accuracy: no such file: {', '.join(missing)}")
    parse, error_type = load_parser(not options.no_classifier)
    for path in paths:
        try:
            language, now, cases = load_cases(path)
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
            sys.exit(f"heldout_accuracy: {path}: not a held-out set ({error})")
        lang = language if options.lang_hint else "auto"
        report(language, [run_case(parse, case, lang, now, error_type) for case in cases],
               options.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
