"""Parse speed: median and p99 per language over the test-set sentences, and cold start.

Run: .venv/bin/python benchmarks/parse_speed.py [--no-classifier]

--no-classifier measures a Parser without the intent classifier stage (and
`voice parse --no-classify` for the cold starts).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testsets import load_cases  # noqa: E402

from voice.intents import Parser  # noqa: E402

COLD_RUNS = 5
RUNS = 3


def warm_figures(parser: Parser, lang: str) -> tuple[float, float, float, float, int]:
    """Median, p99, p99 of each sentence's best of the runs, and p99 of CPU time, in ms.

    Every test sentence is parsed once to warm up, then RUNS more times. The best-of
    figure leaves out the pauses other processes on a shared machine cause; the CPU
    time (of this thread) leaves out all time spent waiting for a core.
    """
    cases = load_cases(lang)
    for case in cases:
        parser.parse(case.text, lang, case.now)
    times: list[float] = []
    cpu: list[float] = []
    best = [float("inf")] * len(cases)
    for _ in range(RUNS):
        for i, case in enumerate(cases):
            start, start_cpu = time.perf_counter(), time.thread_time()
            parser.parse(case.text, lang, case.now)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            best[i] = min(best[i], elapsed)
    return statistics.median(times), _p99(times), _p99(best), _p99(cpu), len(cases)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * 0.99) - 1, 0)]


def cold_start(text: str, options: tuple[str, ...] = ()) -> float:
    """Median seconds from process start to the first result of `voice parse`."""
    voice = Path(sys.executable).with_name("voice")
    command = [str(voice)] if voice.exists() else [sys.executable, "-m", "voice"]
    runs = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([*command, "parse", "--json", *options, text], check=True,
                       capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    classify = "--no-classifier" not in sys.argv
    options = () if classify else ("--no-classify",)
    parser = Parser(classify=classify)
    for lang in ("en", "zh"):
        median, p99, p99_best, p99_cpu, count = warm_figures(parser, lang)
        print(f"{lang}: median {median:.3f} ms, p99 {p99:.3f} ms, p99 of best-of-{RUNS} "
              f"{p99_best:.3f} ms, p99 CPU time {p99_cpu:.3f} ms "
              f"({count} sentences x {RUNS})")
    for text in ("预约明天上午十点保养", "navigate to the airport", "到航到北京西站",
                 "tell me a joke", "the passenger would like it at twenty three"):
        print(f"cold start `voice parse --json {' '.join(options)} {text!r}`: "
              f"{cold_start(text, options):.3f} s "
              f"(median of {COLD_RUNS})")


if __name__ == "__main__":
    main()
