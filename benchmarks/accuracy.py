"""Print accuracy on the grammar test sets.

    python benchmarks/accuracy.py [en|zh] [-v] [--no-classifier]

--no-classifier leaves out the intent classifier stage (`Parser(classify=False)`).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testsets import evaluate, load_cases  # noqa: E402

from voice.intents import Parser  # noqa: E402


def main() -> None:
    langs = [a for a in sys.argv[1:] if not a.startswith("-")] or ["en", "zh"]
    parser = Parser(classify="--no-classifier" not in sys.argv)
    for lang in langs:
        cases = load_cases(lang)
        if not cases:
            continue
        s = evaluate(parser, cases, lang)
        print(f"{lang}: intent {s.intent_accuracy:.3f}  frame {s.frame_accuracy:.3f}  "
              f"ood rejection {s.ood_rejection:.3f}  ({s.total} in-domain, {s.ood_total} ood)")
        if "-v" in sys.argv:
            for failure in s.failures:
                print("   ", failure)


if __name__ == "__main__":
    main()
