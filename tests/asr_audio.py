"""Speech for the recognition tests, synthesized with espeak-ng and shaped with sox."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (setup.sh installs it)")


def speak(text: str, voice: str, out: Path, lead: float = 0.3, tail: float = 0.8) -> Path:
    """Synthesize `text` to a 16 kHz mono WAV with `lead`/`tail` seconds of silence."""
    need("espeak-ng")
    need("sox")
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out),
                    "pad", str(lead), str(tail)], check=True)
    raw.unlink()
    return out


def speak_all(texts: list[str], voice: str, folder: Path) -> dict[str, Path]:
    """Each of `texts` synthesized into `folder`, keyed by its text."""
    return {text: speak(text, voice, folder / f"{i}.wav") for i, text in enumerate(texts)}


def silence(out: Path, seconds: float, rate: int = 16000) -> Path:
    need("sox")
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(out),
                    "trim", "0", str(seconds)], check=True)
    return out


def join(parts: list[Path], out: Path) -> Path:
    """Concatenate WAV files of the same format."""
    subprocess.run(["sox", *map(str, parts), str(out)], check=True)
    return out


def read_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
