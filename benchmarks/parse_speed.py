"""Parse speed: median and p99 per language over the test-set sentences, and cold start.

Run: .venv/bin/python benchmarks/parse_speed.py
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


def warm_figures(parser: Parser, lang: str) -> tuple[float, float, int]:
    """Median and p99 in milliseconds of parsing every test sentence, after a warm-up pass."""
    cases = load_cases(lang)
    for case in cases:
        parser.parse(case.text, lang, case.now)
    times: list[float] = []
    for _ in range(3):
        for case in cases:
            start = time.perf_counter()
            parser.parse(case.text, lang, case.now)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], len(cases)


def cold_start(text: str) -> float:
    """Median seconds from process start to the first result of `voice parse`."""
    voice = Path(sys.executable).with_name("voice")
    command = [str(voice)] if voice.exists() else [sys.executable, "-m", "voice"]
    runs = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([*command, "parse", "--json", text], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = Parser()
    for lang in ("en", "zh"):
        median, p99, count = warm_figures(parser, lang)
        print(f"{lang}: median {median:.3f} ms, p99 {p99:.3f} ms over {count} sentences x 3")
    for text in ("预约明天上午十点保养", "navigate to the airport", "到航到北京西站",
                 "tell me a joke"):
        print(f"cold start `voice parse --json {text!r}`: {cold_start(text):.3f} s "
              f"(median of {COLD_RUNS})")


if __name__ == "__main__":
    main()
