"""Accuracy and speed measures for replay: WER/CER, intents, slots, replies, latency.

Word error rate for English and character error rate for Chinese come from
jiwer and are added up over the whole set (total edits / total reference
length), not averaged per fixture. Slot scores are micro precision, recall and
F1 over (slot, value) pairs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import jiwer
import numpy as np

from voice.fixtures import ExpectedTurn
from voice.pipeline import STAGES, Turn

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize_text(text: str, lang: str) -> str:
    """Lower case, half width, no punctuation, single spaces; no spaces for Chinese."""
    text = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).lower())
    text = " ".join(text.split())
    return text.replace(" ", "") if lang == "zh" else text


def uses_characters(lang: str) -> bool:
    """Chinese (and Japanese) are scored by character, other languages by word."""
    return lang in ("zh", "ja")


def edit_counts(reference: str, hypothesis: str, lang: str) -> tuple[int, int]:
    """(edits, reference length) in words, or in characters for Chinese."""
    ref, hyp = normalize_text(reference, lang), normalize_text(hypothesis, lang)
    if uses_characters(lang):
        ref, hyp = " ".join(ref), " ".join(hyp)
    if not ref:
        return len(hyp.split()), 0
    if not hyp:
        return len(ref.split()), len(ref.split())
    out = jiwer.process_words(ref, hyp)
    return out.substitutions + out.deletions + out.insertions, len(ref.split())


def same_value(expected: Any, got: Any, lang: str) -> bool:
    """Slot values compare as numbers when numeric, else as normalized text."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) < 1e-6
        except (TypeError, ValueError):
            return False
    slot_lang = "zh" if _CJK.search(str(expected)) else lang
    return normalize_text(str(expected), slot_lang) == normalize_text(str(got), slot_lang)


def slot_counts(expected: dict[str, Any], got: dict[str, Any], lang: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over slot-value pairs."""
    tp = sum(1 for k, v in expected.items() if k in got and same_value(v, got[k], lang))
    return tp, len(got) - tp, len(expected) - tp


def check_turn(expected: ExpectedTurn, turn: Turn, lang: str,
               max_error_rate: float) -> dict[str, Any]:
    """Compare one turn with its expectation; `problems` lists what went wrong."""
    problems: list[str] = []
    checks: dict[str, Any] = {}
    heard = turn.transcript.text if turn.transcript else ""
    if expected.transcript is not None:
        errors, length = edit_counts(expected.transcript, heard, lang)
        rate = errors / length if length else float(errors > 0)
        checks.update(errors=errors, ref_len=length, error_rate=round(rate, 4))
        if rate > max_error_rate:
            unit = "CER" if uses_characters(lang) else "WER"
            problems.append(f"{unit} {rate:.2f} > {max_error_rate:.2f}: heard {heard!r}")
    if expected.check_intent:
        checks["intent_ok"] = turn.parse.intent == expected.intent
        if not checks["intent_ok"]:
            problems.append(f"intent {turn.parse.intent} != {expected.intent}")
    if expected.slots is not None:
        tp, fp, fn = slot_counts(expected.slots, turn.parse.slots, lang)
        checks["slots"] = [tp, fp, fn]
        if fp or fn:
            problems.append(f"slots {_compact(turn.parse.slots)} != {_compact(expected.slots)}")
    if expected.check_intent and expected.slots is not None:
        checks["frame_ok"] = checks["intent_ok"] and checks["slots"][1:] == [0, 0]
    if expected.reply is not None or expected.reply_contains is not None:
        checks["reply_ok"] = reply_matches(expected, turn.reply.text if turn.reply else "", lang)
        if not checks["reply_ok"]:
            problems.append(f"reply {turn.reply.text if turn.reply else None!r} does not match")
    return {"checks": checks, "problems": problems}


def _compact(slots: dict[str, Any]) -> str:
    return json.dumps(slots, ensure_ascii=False, separators=(",", ":"))


def reply_matches(expected: ExpectedTurn, text: str, lang: str) -> bool:
    """Exact reply (normalized) and/or a part it must contain."""
    got = normalize_text(text, lang)
    if expected.reply is not None and normalize_text(expected.reply, lang) != got:
        return False
    part = expected.reply_contains
    return part is None or normalize_text(part, lang) in got


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0..100), or None for no values."""
    data = list(values)
    return float(np.percentile(data, q)) if data else None


def ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def summarize(fixtures: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over all fixture results (see `voice.replay`)."""
    turns = [t for f in fixtures for t in f["turns"]]
    checks = [t["checks"] for t in turns]
    summary: dict[str, Any] = {
        "fixtures": len(fixtures),
        "passed": sum(1 for f in fixtures if f["passed"]),
        "failed": sum(1 for f in fixtures if not f["passed"]),
        "errors": sum(1 for f in fixtures if f.get("error")),
        "turns": len(turns),
    }
    summary["pass_rate"] = ratio(summary["passed"], summary["fixtures"])
    for name, langs in (("wer", lambda lang: not uses_characters(lang)),
                        ("cer", uses_characters)):
        scored = [t["checks"] for f in fixtures for t in f["turns"]
                  if langs(f["lang"]) and "errors" in t["checks"]]
        summary[name] = ratio(sum(c["errors"] for c in scored), sum(c["ref_len"] for c in scored))
    for name, key in (("intent_accuracy", "intent_ok"), ("frame_accuracy", "frame_ok"),
                      ("reply_match", "reply_ok")):
        marks = [c[key] for c in checks if key in c]
        summary[name] = ratio(sum(marks), len(marks))
    summary.update(slot_scores([c["slots"] for c in checks if "slots" in c]))
    summary["latency"] = latency_summary([t for t in turns if t.get("timings")])
    audio = sum(t.get("audio_seconds", 0.0) for t in turns)
    busy = sum(t["timings"].get("asr", 0.0) + t["timings"].get("final", 0.0)
               for t in turns if t.get("timings"))
    summary["audio_seconds"] = round(audio, 3)
    summary["rtf"] = busy / audio if audio else None
    return summary


def slot_scores(counts: list[list[int]]) -> dict[str, float | None]:
    """Micro precision, recall and F1 from per-turn (tp, fp, fn)."""
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    if not counts:
        return {"slot_precision": None, "slot_recall": None, "slot_f1": None}
    precision = 1.0 if precision is None else precision  # no slot predicted, none wrong
    recall = 1.0 if recall is None else recall  # no slot expected, none missed
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"slot_precision": precision, "slot_recall": recall, "slot_f1": f1}


def latency_summary(turns: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """p50 and p95 seconds per stage, and for end of speech -> reply audio."""
    out: dict[str, dict[str, float | None]] = {}
    for stage in (*STAGES, "total"):
        if stage == "total":
            values = [t["latency"] for t in turns]
        else:
            values = [t["timings"][stage] for t in turns if stage in t["timings"]]
        out[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return out
