"""Build and decode figures of the template-structured English grammar on PocketSphinx.

    .venv/bin/python benchmarks/jsgf_grammar.py [--max-choices N] [--compiler ours|sphinx]

Prints the time to write the JSGF, to compile it (our position automaton or
PocketSphinx's own JSGF compiler), to load it into the decoder, and per
bundled English fixture the real-time factor and the words heard.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from voice.asr.fsg import compile_fsg
from voice.asr.jsgf import build_jsgf
from voice.asr.slot_values import known_values
from voice.asr.sphinx_engine import SphinxRecognizer, SphinxSession
from voice.audio import read_audio
from voice.grammar import load_grammar

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures" / "en"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--max-choices", type=int, default=None)
    options.add_argument("--compiler", choices=("ours", "sphinx"), default="ours")
    args = options.parse_args()
    recognizer = SphinxRecognizer("en")
    start = time.perf_counter()
    grammar = build_jsgf(load_grammar("en"), recognizer.knows, known_values(), args.max_choices)
    written = time.perf_counter()
    print(f"JSGF: {len(grammar.text)} characters, {grammar.rules} rules, "
          f"{len(grammar.unknown)} words not in the dictionary, {written - start:.2f} s")
    if args.compiler == "ours":
        fsg = compile_fsg(grammar.text)
        compiled = time.perf_counter()
        model = recognizer.decoder.create_fsg("bench", 0, fsg.final, fsg.transitions)
        recognizer.decoder.add_fsg("bench", model)
        print(f"FSG: {fsg.final} states, {len(fsg.transitions)} transitions, "
              f"compiled in {compiled - written:.2f} s")
    else:
        compiled = time.perf_counter()
        recognizer.decoder.add_jsgf_string("bench", grammar.text)
    print(f"loaded into the decoder in {time.perf_counter() - compiled:.2f} s", flush=True)
    compute = audio = 0.0
    right = 0
    lines = (FIXTURES / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        fixture = json.loads(line)
        session = SphinxSession(recognizer.decoder, "bench", "en")
        began = time.perf_counter()
        seconds = 0.0
        for chunk in read_audio(FIXTURES / fixture["audio"]):
            session.accept(chunk)
            seconds += len(chunk.audio) / 32000
        heard = session.finish().text
        spent = time.perf_counter() - began
        compute, audio = compute + spent, audio + seconds
        expected = fixture["transcript"].lower()
        right += heard == expected
        print(f"RTF {spent / seconds:5.2f}  {expected!r} -> {heard!r}", flush=True)
    print(f"total RTF {compute / audio:.2f}, exact transcripts {right}/{len(lines)}")


if __name__ == "__main__":
    main()
