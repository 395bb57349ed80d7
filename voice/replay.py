"""QA replay: run fixtures through the real assistant and measure every stage.

`replay(fixtures, factory)` builds one `Assistant` per fixture with a fresh
database (so a dialogue starts afresh), feeds each turn's audio through it exactly as the microphone
would, checks the turns against their expectations and returns a report dict
(the JSON report). With `jobs > 1` fixtures run in worker processes.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from voice.assemble import AssistantFactory, AssistantSpec
from voice.audio import read_audio
from voice.errors import FixtureError, VoiceError
from voice.fixtures import Fixture
from voice.metrics import check_turn, summarize

REPORT_FORMAT = "voice-replay/1"
HIGHER_IS_BETTER = ("pass_rate", "intent_accuracy", "frame_accuracy", "slot_f1", "reply_match")
LOWER_IS_BETTER = ("wer", "cer")


@dataclass(frozen=True)
class ReplayOptions:
    """How to judge and where to keep spoken replies."""

    max_error_rate: float = 0.5  # a turn whose WER/CER is above this fails
    reply_dir: Path | None = None  # spoken replies as WAV files (None: replies not spoken)
    phrases: str | None = None  # phrase file limiting what the recognizers can hear


def replay_fixture(fixture: Fixture, factory: AssistantFactory,
                   options: ReplayOptions) -> dict[str, Any]:
    """Replay one fixture; a failure inside becomes the result's `error`, not an exception."""
    result: dict[str, Any] = {"id": fixture.id, "lang": fixture.lang, "tags": list(fixture.tags),
                              "source": fixture.source, "turns": [], "error": None}
    assistant = None
    try:
        assistant = factory(AssistantSpec(fixture.lang, fixture.now, fixture.id, fresh=True,
                                          speak=options.reply_dir is not None,
                                          phrases=options.phrases))
        assistant.reply_dir = options.reply_dir  # replay never plays on the speakers
        if options.reply_dir is None:
            assistant.speaker = None
        for index, expected in enumerate(fixture.turns):
            name = fixture.id if len(fixture.turns) == 1 else f"{fixture.id}-{index + 1}"
            turn = assistant.handle(read_audio(expected.audio), expected.audio, _safe(name))
            row = turn.to_dict()
            row["expected"] = expected.to_dict()
            row.update(check_turn(expected, turn, fixture.lang, options.max_error_rate))
            result["turns"].append(row)
    except VoiceError as exc:
        result["error"] = str(exc)
    except Exception as exc:  # a bug in a part under test: report it, replay the rest
        result["error"] = f"internal error: {type(exc).__name__}: {exc}"
    finally:
        if assistant is not None:
            assistant.close()
    result["passed"] = result["error"] is None and not any(t["problems"] for t in result["turns"])
    return result


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


_worker_factory: AssistantFactory | None = None


def _init_worker(factory: AssistantFactory) -> None:
    global _worker_factory
    _worker_factory = factory


def _replay_in_worker(fixture: Fixture, options: ReplayOptions) -> dict[str, Any]:
    assert _worker_factory is not None, "worker not initialized"
    return replay_fixture(fixture, _worker_factory, options)


def run_fixtures(fixtures: list[Fixture], factory: AssistantFactory, options: ReplayOptions,
                 jobs: int = 1,
                 on_result: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Replay all fixtures, `jobs` at a time; results come back in fixture order."""
    if jobs < 1:
        raise FixtureError(f"--jobs must be at least 1, not {jobs}")
    notify = on_result or (lambda result: None)
    if jobs == 1 or len(fixtures) == 1:
        results = []
        for fixture in fixtures:
            results.append(replay_fixture(fixture, factory, options))
            notify(results[-1])
        return results
    # spawn, not fork: a parent that has started speech engines (threads) would hand
    # their locked state to forked workers. The factory must be importable (module:function).
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(factory,)) as pool:
            futures: list[Future[dict[str, Any]]] = [
                pool.submit(_replay_in_worker, fixture, options) for fixture in fixtures]
            for future in futures:
                future.add_done_callback(lambda done: done.exception() or notify(done.result()))
            return [future.result() for future in futures]
    except BrokenProcessPool as exc:
        raise FixtureError("a replay worker process died (out of memory, or a crash in a "
                           "speech engine); replay with --jobs 1 to see which fixture") from exc


def replay(fixtures: list[Fixture], factory: AssistantFactory, options: ReplayOptions,
           jobs: int = 1, source: str = "",
           on_result: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Replay and build the full report: summary, per-fixture rows, timing of the run."""
    started = time.perf_counter()
    results = run_fixtures(fixtures, factory, options, jobs, on_result)
    wall = time.perf_counter() - started
    summary = summarize(results)
    summary["wall_seconds"] = round(wall, 3)
    summary["fixtures_per_second"] = round(len(results) / wall, 3) if wall else None
    return {
        "format": REPORT_FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "jobs": jobs,
        "max_error_rate": options.max_error_rate,
        "summary": summary,
        "fixtures": results,
    }


def compare(report: dict[str, Any], baseline: dict[str, Any], threshold: float = 0.02,
            latency_tolerance: float = 0.5) -> dict[str, Any]:
    """Regressions of `report` against `baseline`.

    An accuracy that drops (or an error rate that rises) by more than
    `threshold`, or a p95 end-of-speech latency that grows by more than
    `latency_tolerance` (a fraction: 0.5 = 50 % slower), is a regression.
    Fixtures that passed before and fail now are listed too.
    """
    now, before = report["summary"], baseline.get("summary", {})
    regressions = []
    for key in HIGHER_IS_BETTER + LOWER_IS_BETTER:
        old, new = before.get(key), now.get(key)
        if old is None or new is None:
            continue
        change = (old - new) if key in HIGHER_IS_BETTER else (new - old)
        if change > threshold + 1e-9:
            regressions.append(f"{key} {old:.3f} -> {new:.3f}")
    old_p95 = before.get("latency", {}).get("total", {}).get("p95")
    new_p95 = now.get("latency", {}).get("total", {}).get("p95")
    if old_p95 and new_p95 and new_p95 > old_p95 * (1 + latency_tolerance):
        regressions.append(f"latency p95 {old_p95 * 1000:.0f} ms -> {new_p95 * 1000:.0f} ms")
    passed_before = {f["id"] for f in baseline.get("fixtures", []) if f.get("passed")}
    newly_failing = [f["id"] for f in report["fixtures"]
                     if not f["passed"] and f["id"] in passed_before]
    return {"regressions": regressions, "newly_failing": newly_failing,
            "threshold": threshold, "latency_tolerance": latency_tolerance}
