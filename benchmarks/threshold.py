"""Accuracy against the confidence threshold, to choose the parser's threshold from data.

Run: .venv/bin/python benchmarks/threshold.py
For each threshold: in-domain sentences whose intent stays right (accepted), and
out-of-domain sentences rejected. Confidence 1.0 is an exact template match.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testsets import load_cases  # noqa: E402

from voice.intents import Parser  # noqa: E402

THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.95]


def main() -> None:
    parser = Parser(threshold=0.0)
    for lang in ("en", "zh"):
        right: list[float] = []
        wrong_or_ood: list[float] = []
        ood: list[float] = []
        total = 0
        for case in load_cases(lang):
            parsed = parser.parse(case.text, lang, case.now)
            if case.intent is None:
                ood.append(parsed.confidence if parsed.intent else 0.0)
                continue
            total += 1
            (right if parsed.intent == case.intent else wrong_or_ood).append(parsed.confidence)
        print(f"{lang}: threshold  intent-accuracy  ood-rejection")
        for threshold in THRESHOLDS:
            accuracy = sum(c >= threshold for c in right) / total
            rejection = sum(c < threshold for c in ood) / len(ood)
            print(f"    {threshold:9.2f}  {accuracy:15.3f}  {rejection:13.3f}")


if __name__ == "__main__":
    main()
