"""Per-call speed of the slot normalizers (numbers, amounts, dates, times).

Run: python benchmarks/normalize_speed.py
Prints, for each function, the number of inputs and the median / 95th
percentile time of one call in microseconds, plus the import time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from itertools import product

NOW = datetime(2026, 11, 24, 9, 0)
EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_TENS = ["twenty", "thirty", "forty", "fifty"]
ZH_DIGITS = "一二三四五六七八九"
EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ZH_WEEKDAYS = "一二三四五六日"


def number_inputs() -> list[tuple[str, str]]:
    english = [f"{tens} {unit}" for tens, unit in product(EN_TENS, EN_UNITS)]
    english += [f"one hundred and {unit}" for unit in EN_UNITS] + ["a hundred", "zero"]
    english += [f"{unit} and a half" for unit in EN_UNITS] + [f"{n}.5" for n in range(20)]
    chinese = [f"{a}十{b}" for a, b in product(ZH_DIGITS, ZH_DIGITS)]
    chinese += [f"{a}百零{b}" for a, b in zip(ZH_DIGITS, ZH_DIGITS, strict=True)]
    chinese += ["两", "十", "三点五", "二十二点五", "3万", "幺零八", "一百二十五块五"]
    return [(t, "en") for t in english] + [(t, "zh") for t in chinese] + [("hello", "en")]


def amount_inputs() -> list[tuple[str, str]]:
    english = [f"{n} {unit}" for n, unit in product(range(5, 100, 5), ["yuan", "dollars", "bucks"])]
    english += [f"${n}" for n in range(1, 30)] + [f"¥{n}" for n in range(1, 30)]
    chinese = [f"{a}十{unit}" for a, unit in product(ZH_DIGITS, ["元", "块", "块钱", "美元"])]
    chinese += [f"{a}块{b}毛" for a, b in zip(ZH_DIGITS, ZH_DIGITS, strict=True)]
    return [(t, "en") for t in english] + [(t, "zh") for t in chinese]


def date_inputs() -> list[tuple[str, str]]:
    prefixes = ["", "on ", "this ", "next "]
    english = [f"{prefix}{day}" for prefix, day in product(prefixes, EN_WEEKDAYS)]
    english += [f"november {d}" for d in range(1, 31)] + [f"the {d}th" for d in range(4, 21)]
    english += ["today", "tomorrow", "the day after tomorrow", "11/30"]
    chinese = [f"{p}{w}{d}" for p, w, d in product(["", "下", "这"], ["周", "星期"], ZH_WEEKDAYS)]
    chinese += [f"{m}月{d}号" for m, d in product(range(1, 13), (1, 15, 30))]
    chinese += ["今天", "明天", "后天", "大后天", "30号"]
    return [(t, "en") for t in english] + [(t, "zh") for t in chinese]


def time_inputs() -> list[tuple[str, str]]:
    english = [f"{h} {s}" for h, s in product(range(1, 13), ["am", "pm", "o'clock"])]
    english += [f"{w}" for w in EN_UNITS] + [f"half past {w}" for w in EN_UNITS]
    english += [f"{w} in the afternoon" for w in EN_UNITS] + [f"{h}:30" for h in range(24)]
    english += ["noon", "midnight", "ten thirty", "quarter past three"]
    chinese = [f"{p}{d}点" for p, d in product(["", "上午", "下午", "晚上"], ZH_DIGITS)]
    chinese += [f"{d}点{m}" for d, m in product(ZH_DIGITS, ["半", "一刻", "三十分", "整"])]
    return [(t, "en") for t in english] + [(t, "zh") for t in chinese]


def datetime_inputs() -> list[tuple[str, str]]:
    english = [f"{d} at {t}" for d, t in product(["tomorrow", "next monday", "friday"],
                                                  ["10 am", "three", "half past two"])]
    english += [f"at {h} tomorrow" for h in range(1, 13)]
    english += [f"{d} afternoon at {w}" for d, w in product(EN_WEEKDAYS, EN_UNITS[:4])]
    chinese = [f"{d}{t}" for d, t in product(["明天", "后天", "下周一", "周五"],
                                            ["上午十点", "下午三点", "十点半", "下午", "晚上八点"])]
    chinese += [f"明天 上午 {d}点" for d in ZH_DIGITS]
    return [(t, "en") for t in english] + [(t, "zh") for t in chinese]


def median_micros(call: Callable[[str, str], object], inputs: list[tuple[str, str]],
                  rounds: int = 5) -> tuple[float, float]:
    """Median and 95th percentile of one call, in microseconds."""
    samples = []
    for _ in range(rounds):
        for text, lang in inputs:
            start = time.perf_counter_ns()
            call(text, lang)
            samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def import_millis() -> float:
    """Wall time of a fresh interpreter importing both modules, less an empty one."""
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000
    base = min(run("pass") for _ in range(5))
    return min(run("import voice.numbers, voice.datetimes") for _ in range(5)) - base


def main() -> None:
    from voice.datetimes import parse_date, parse_datetime, parse_time
    from voice.numbers import parse_amount, parse_number

    cases: list[tuple[str, Callable[[str, str], object], list[tuple[str, str]]]] = [
        ("parse_number", parse_number, number_inputs()),
        ("parse_amount", parse_amount, amount_inputs()),
        ("parse_date", lambda t, lang: parse_date(t, lang, NOW), date_inputs()),
        ("parse_time", parse_time, time_inputs()),
        ("parse_datetime", lambda t, lang: parse_datetime(t, lang, NOW), datetime_inputs()),
    ]
    print(f"{'function':<16}{'inputs':>8}{'median us':>12}{'p95 us':>10}")
    for name, call, inputs in cases:
        median, p95 = median_micros(call, inputs)
        print(f"{name:<16}{len(inputs):>8}{median:>12.1f}{p95:>10.1f}")
    print(f"import voice.numbers, voice.datetimes: {import_millis():.0f} ms")


if __name__ == "__main__":
    main()
