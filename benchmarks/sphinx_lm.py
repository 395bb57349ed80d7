"""PocketSphinx English without a Vosk model: the command language model against the others.

    .venv/bin/python benchmarks/sphinx_lm.py            # about ten minutes; prints JSON
    .venv/bin/python benchmarks/sphinx_lm.py --quick    # without the slow stock model
    .venv/bin/python benchmarks/sphinx_lm.py --dictionary-only  # no espeak-ng pronunciations
    .venv/bin/python benchmarks/sphinx_lm.py --tune     # search settings on the tuning set (25 min)

Three sets of English speech:
- fixtures: the 18 bundled recordings of tests/fixtures/en;
- heldout: the clean and paraphrased commands of benchmarks/heldout/en.yaml (never used
  to build the model or to tune it), synthesized with espeak-ng in several voices and
  rates (140-180 words a minute);
- tuning: 80 commands of the parser's test set (tests/grammars/en; none of the two
  sets above), synthesized the same way.

Three ways to decode: `domain` (the trigram model of the commands, the default),
`stock` (PocketSphinx's general English model), `phrases` (a JSGF grammar of the 42
commands in tests/fixtures/en/phrases.txt, which holds the fixture sentences).
Per set and way: word error rate, exact sentences, intent accuracy (the parse of the
transcript against the expected intent) and the real-time factor (CPU seconds per
audio second). Also the model's build time, size and load time, and the fixtures
each decoded as the first command of a freshly started recognizer.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jiwer
import yaml

from voice.asr.domain_lm import build_domain_lm, domain_lm_file
from voice.asr.g2p import pronounce
from voice.asr.lm_slots import ORDINALS, spell_number
from voice.asr.sphinx_engine import DOMAIN_SETTINGS, SphinxRecognizer
from voice.asr.stream import utterances
from voice.audio import read_audio, read_pcm
from voice.intents import parse
from voice.text import normalize

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "en"
HELDOUT = ROOT / "benchmarks" / "heldout" / "en.yaml"
VOICES = ("en-us", "en-gb", "en+f3", "en-us+m3", "en-gb-x-rp", "en+f2", "en-us+klatt")
RATES = (140, 150, 160, 170, 180)
NOW = datetime(2026, 11, 24, 9, 0)
TUNING_SIZE = 80
TUNING_SEED = 5
TUNE_GRID: dict[str, Sequence[float]] = {  # PocketSphinx's defaults first
    "lw": (6.5, 4.0, 5.0, 8.0, 10.0),
    "wip": (0.65, 0.2, 0.05, 1.0),
    "silprob": (0.005, 0.05, 0.2),
    "fillprob": (1e-8, 1e-5, 1e-3),
    "beam": (1e-48, 1e-60, 1e-40),
    "wbeam": (7e-29, 1e-35, 1e-20),
    "pbeam": (1e-48, 1e-60, 1e-40),
}


@dataclass
class Item:
    """One recording with what was said and what it means."""

    audio: Path
    text: str  # lower case, normalized
    intent: str | None
    now: datetime = NOW


def words(text: str) -> str:
    """Normalized lower-case words, numbers spelled out as espeak-ng says them."""
    text = re.sub(r"\b(\d+):(\d\d)\b", lambda m: f"{m[1]} {m[2]}", text)
    text = re.sub(r"\b(\d+)(st|nd|rd|th)\b", lambda m: ordinal(int(m[1])), text)
    text = re.sub(r"\b\d+\b", lambda m: spoken(int(m[0])), text)
    return normalize(text, "en").lower()


def ordinal(n: int) -> str:
    """21 -> "twenty first" (up to 31)."""
    if n <= len(ORDINALS):
        return ORDINALS[n - 1]
    tens, unit = divmod(n, 10)
    return f"{spell_number(tens * 10)} {ORDINALS[unit - 1]}" if unit else "thirtieth"


def spoken(n: int) -> str:
    """A number as espeak-ng says it: 150 -> "one hundred and fifty"."""
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    if hundreds and rest:
        return f"{spell_number(hundreds * 100)} and {spell_number(rest)}"
    return spell_number(n)


def synth(text: str, index: int, folder: Path) -> Path:
    """espeak-ng speech, a voice and rate chosen by `index`, as 16 kHz mono with padding."""
    voice, rate = VOICES[index % len(VOICES)], RATES[index % len(RATES)]
    raw, out = folder / f"{index}.raw.wav", folder / f"{index}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out), "pad", "0.3", "0.8"],
                   check=True)
    raw.unlink()
    return out


def fixture_items() -> list[Item]:
    items = []
    for line in (FIXTURES / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        items.append(Item(FIXTURES / row["audio"], words(row["transcript"]), row.get("intent"),
                          datetime.fromisoformat(row["now"])))
    return items


def heldout_cases() -> list[tuple[str, str | None]]:
    """(sentence, intent) of the clean and paraphrased held-out commands."""
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [(sentence, (test.get("intent") or {}).get("name"))
            for test in data["tests"] if test.get("kind") in ("clean", "paraphrase")
            for sentence in test["sentences"]]


def tuning_cases(exclude: set[str]) -> list[tuple[str, str | None]]:
    """Commands of the parser's test set (tests/grammars/en), none of them in `exclude`."""
    from testsets import load_cases

    cases = [(c.text, c.intent) for c in load_cases("en")
             if c.kind in ("clean", "paraphrase") and words(c.text) not in exclude]
    return random.Random(TUNING_SEED).sample(cases, TUNING_SIZE)


def synthesized(cases: list[tuple[str, str | None]], folder: Path, start: int) -> list[Item]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Item(synth(text, start + i, folder), words(text), intent)
            for i, (text, intent) in enumerate(cases)]


def decode(recognizer: SphinxRecognizer, items: list[Item],
           phrases: list[str] | None = None) -> dict[str, Any]:
    """Word error rate, exact sentences, intent accuracy and RTF of one way of decoding."""
    refs, hyps, exact, intent_ok, cpu, audio = [], [], 0, 0, 0.0, 0.0
    misses = []
    phrase_map = {"en": phrases} if phrases else None
    for item in items:
        started = time.process_time()
        found = [u.best().text for u in utterances(read_audio(item.audio), [recognizer],
                                                   phrases=phrase_map)]
        cpu += time.process_time() - started
        audio += len(read_pcm(item.audio)) / 32000
        text = " ".join(t for t in found if t)
        refs.append(item.text)
        hyps.append(text)
        exact += text == item.text
        got = parse(text, "en", item.now).intent if text else None
        intent_ok += got == item.intent
        if text != item.text:
            misses.append(f"{item.text} -> {text or '(nothing)'}")
    return {"sentences": len(items), "wer": round(jiwer.wer(refs, hyps), 3),
            "exact": exact, "intent_accuracy": round(intent_ok / len(items), 3),
            "rtf": round(cpu / audio, 3), "misses": misses}


def first_commands(items: list[Item], make_words: bool) -> dict[str, Any]:
    """Each recording as the first command a freshly started recognizer hears
    (as `voice transcribe one.wav` does): exact sentences, intent accuracy, and
    the seconds the final result took."""
    exact, intent_ok, finish = 0, 0, []
    for item in items:
        fresh = SphinxRecognizer("en", make_words=make_words)
        found = list(utterances(read_audio(item.audio), [fresh]))
        text = " ".join(u.best().text for u in found if u.best().text)
        finish += [u.finish_seconds for u in found]
        exact += text == item.text
        intent_ok += (parse(text, "en", item.now).intent if text else None) == item.intent
    return {"sentences": len(items), "exact": exact,
            "intent_accuracy": round(intent_ok / len(items), 3),
            "final_result_s_mean": round(sum(finish) / max(1, len(finish)), 3),
            "final_result_s_max": round(max(finish, default=0.0), 3)}


def model_figures(recognizer: SphinxRecognizer) -> dict[str, Any]:
    make = pronounce if recognizer.make_words else None
    built = build_domain_lm(recognizer.knows, make=make)
    domain_lm_file(recognizer.knows, str(recognizer.decoder.config["dict"]), make=make)
    started = time.perf_counter()
    fresh = SphinxRecognizer("en", make_words=recognizer.make_words)
    fresh.domain_search()
    load = time.perf_counter() - started
    header = built.arpa.split("\\1-grams:")[0]
    counts = [int(line.split("=")[1]) for line in header.splitlines() if line.startswith("ngram")]
    return {"build_seconds": round(built.seconds, 1), "arpa_bytes": len(built.arpa.encode()),
            "ngrams": counts, "sentences_sampled": built.sentences, "sentences_kept": built.kept,
            "load_seconds_with_decoder": round(load, 2),
            "made_words": len(built.pronunciations),
            "unknown_words": [w for w, _ in built.unknown.most_common(25)]}


def tune(items: list[Item]) -> dict[str, Any]:
    """One setting at a time over TUNE_GRID, keeping what lowers the tuning set's WER."""
    best = {key: values[0] for key, values in TUNE_GRID.items()} | DOMAIN_SETTINGS
    best_score = decode(SphinxRecognizer("en", settings=best), items)
    trail = [{"settings": dict(best), "wer": best_score["wer"], "rtf": best_score["rtf"]}]
    for key, values in TUNE_GRID.items():
        for value in values:
            trial = {**best, key: value}
            if trial == best:
                continue
            score = decode(SphinxRecognizer("en", settings=trial), items)
            trail.append({"settings": trial, "wer": score["wer"], "rtf": score["rtf"]})
            print(json.dumps(trail[-1]), file=sys.stderr)
            if (score["wer"], score["rtf"]) < (best_score["wer"], best_score["rtf"]):
                best, best_score = trial, score
    return {"best": best, "wer": best_score["wer"], "rtf": best_score["rtf"],
            "misses": best_score["misses"], "trail": trail}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="leave out the stock model")
    parser.add_argument("--tune", action="store_true", help="tune the search settings")
    parser.add_argument("--misses", action="store_true", help="list the wrong transcripts")
    parser.add_argument("--dictionary-only", action="store_true",
                        help="leave words the dictionary lacks out of the command model "
                             "(no espeak-ng pronunciations)")
    args = parser.parse_args(argv)
    fixtures = fixture_items()
    phrases = [line for line in (FIXTURES / "phrases.txt").read_text().splitlines() if line]
    heldout = heldout_cases()
    with tempfile.TemporaryDirectory(prefix="sphinx-lm-") as tmp:
        folder = Path(tmp)
        if args.tune:
            exclude = {i.text for i in fixtures} | {words(t) for t, _ in heldout}
            tuning = synthesized(tuning_cases(exclude | {words(p) for p in phrases}),
                                 folder / "tuning", 1000)
            json.dump(tune(tuning), sys.stdout, indent=2)
            print()
            return
        sets = {"fixtures": fixtures, "heldout": synthesized(heldout, folder / "heldout", 0)}
        domain = SphinxRecognizer("en", make_words=not args.dictionary_only)
        report: dict[str, Any] = {"settings": DOMAIN_SETTINGS, "model": model_figures(domain)}
        ways: dict[str, tuple[SphinxRecognizer, list[str] | None]] = {
            "domain": (domain, None), "phrases": (domain, phrases)}
        if not args.quick:
            ways["stock"] = (SphinxRecognizer("en", language_model="stock"), None)
        for name, items in sets.items():
            report[name] = {}
            for way, (recognizer, listed) in ways.items():
                result = decode(recognizer, items, listed)
                if not args.misses:
                    result.pop("misses")
                report[name][way] = result
        report["fixtures_each_first_after_start_up"] = first_commands(
            fixtures, not args.dictionary_only)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
