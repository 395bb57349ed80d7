"""Replay throughput and end-of-speech -> reply-audio latency, per stage.

    .venv/bin/python benchmarks/replay_speed.py [PATH] [--assistant module:function]
        [--phrases FILE] [--repeat N]

Replays PATH (default: the bundled Korean fixtures through Vosk) with 1 and 2
jobs, then times text-to-speech of typical replies. Prints the figures. The
English set through the product assistant:

    .venv/bin/python benchmarks/replay_speed.py tests/fixtures/en \
        --assistant voice.assemble:assistant_for --repeat 2
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voice.assemble import load_factory  # noqa: E402
from voice.fixtures import load_fixtures  # noqa: E402
from voice.replay import ReplayOptions, replay  # noqa: E402
from voice.tts import PyttsxSpeaker  # noqa: E402

REPLIES = [("Navigating to Beijing West Railway Station, 12 kilometres, about 25 minutes.", "en"),
           ("正在导航到北京西站，全程12公里，大约25分钟。", "zh"),
           ("正在导航到Starbucks。", "zh"),
           ("The temperature is set to 22 degrees.", "en")]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def bench_replay(path: Path, assistant: str, repeat: int, phrases: Path | None) -> None:
    fixtures = [dataclasses.replace(f, id=f"{f.id}#{n}") for n in range(repeat)
                for f in load_fixtures(path)]
    factory = load_factory(assistant)
    for jobs in (1, 2):
        done: list[float] = []  # seconds from the start to each result
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            options = ReplayOptions(reply_dir=Path(tmp),
                                    phrases=str(phrases.resolve()) if phrases else None)
            report = replay(fixtures, factory, options, jobs=jobs,
                            on_result=lambda _, done=done, started=started:
                            done.append(time.perf_counter() - started))
        summary = summary_of(report)
        steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 else float("nan")
        print(f"replay --jobs {jobs}: {summary['fixtures']} fixtures in "
              f"{summary['wall_seconds']:.1f} s = {summary['fixtures_per_second']:.2f} fixtures/s "
              f"(start-up included), RTF {summary['rtf']:.3f}; first result after "
              f"{done[0]:.1f} s (start-up), then {steady:.2f} fixtures/s")
        if jobs == 1:
            for stage, figures in summary["latency"].items():
                print(f"  {stage:9s} p50 {ms(figures['p50']):>7s}  p95 {ms(figures['p95']):>7s}")


def summary_of(report: dict) -> dict:  # type: ignore[type-arg]
    return report["summary"]  # type: ignore[no-any-return]


def bench_tts(runs: int = 5) -> None:
    speaker = PyttsxSpeaker()
    speaker.synthesize("warm up", "en")
    for text, lang in REPLIES:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            samples, rate = speaker.synthesize(text, lang)
            times.append(time.perf_counter() - start)
        print(f"tts {lang} {len(samples) / rate:4.1f} s of speech in "
              f"median {ms(statistics.median(times))}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "ko")
    parser.add_argument("--assistant", default="tests.korean_assistant:assistant_for")
    parser.add_argument("--repeat", type=int, default=4,
                        help="replay the set this many times (amortizes model loading)")
    parser.add_argument("--phrases", type=Path, help="phrase file limiting recognition")
    args = parser.parse_args()
    bench_replay(args.path, args.assistant, args.repeat, args.phrases)
    bench_tts()


if __name__ == "__main__":
    main()
