"""Vosk search settings: speed and accuracy of a few `[vosk]` settings side by side.

    .venv/bin/python benchmarks/vosk_search.py        # about four minutes on one core

Every setting gets its own model overlay (see `voice.asr.vosk_search`), warmed
up on all 22 Korean commands (espeak-ng), which also give the accuracy: the
character error rate and the number of commands exactly right, in open and in
grammar mode. Speed is the CPU time per audio second over the seven commands
espeak-ng says clearly, the settings taking turns pass after pass so that
other work on the machine weighs on all of them alike; the median is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import jiwer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asr_speed import KO, KO_SAID, synth  # noqa: E402

from voice.asr.vosk_engine import VoskRecognizer  # noqa: E402
from voice.asr.vosk_search import Search  # noqa: E402
from voice.audio import AudioChunk, read_audio  # noqa: E402

SETTINGS: dict[str, Search] = {
    "model's own (beam 10, max-active 3000)": {},
    "beam 8": {"beam": 8.0},
    "max-active 1500": {"max_active": 1500},
    "beam 8, max-active 1500": {"beam": 8.0, "max_active": 1500},
    "frames-per-chunk 51": {"frames_per_chunk": 51},
}


def decode(recognizer: VoskRecognizer, chunks: list[AudioChunk],
           phrases: list[str] | None) -> str:
    session = recognizer.session(phrases)
    for chunk in chunks:
        session.accept(chunk)
    return session.finish().text


def accuracy(recognizer: VoskRecognizer, clips: list[list[AudioChunk]],
             phrases: list[str] | None) -> dict[str, float]:
    heard = [decode(recognizer, chunks, phrases) for chunks in clips]
    return {"cer": round(jiwer.cer(KO, [h or "-" for h in heard]), 3),
            "right": sum(h == t for h, t in zip(heard, KO, strict=True))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes per setting")
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VOICE_CACHE_DIR"] = tmp  # overlays live and die with this run
        folder = Path(tmp)
        every = [list(read_audio(synth(t, "ko", folder / f"all{i}.wav")))
                 for i, t in enumerate(KO)]
        said = [list(read_audio(synth(t, "ko", folder / f"said{i}.wav")))
                for i, t in enumerate(KO_SAID)]
        seconds = sum(c.duration for chunks in said for c in chunks)
        recognizers = {name: VoskRecognizer("ko", search=search)
                       for name, search in SETTINGS.items()}
        results: dict[str, dict[str, object]] = {name: {} for name in SETTINGS}
        for mode, phrases in (("open", None), ("grammar", KO)):
            for name, recognizer in recognizers.items():
                results[name][f"{mode}_accuracy"] = accuracy(recognizer, every, phrases)
            times: dict[str, list[float]] = {name: [] for name in SETTINGS}
            for _ in range(args.passes):
                for name, recognizer in recognizers.items():
                    started = time.process_time()
                    for chunks in said:
                        decode(recognizer, chunks, phrases)
                    times[name].append((time.process_time() - started) / seconds)
            for name in SETTINGS:
                results[name][f"{mode}_rtf_cpu"] = round(statistics.median(times[name]), 3)
    results["load_average"] = {"1min": round(os.getloadavg()[0], 2)}
    json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
