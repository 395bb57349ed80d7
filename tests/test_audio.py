"""Audio files in any format, rate and channel count come out as 16 kHz mono s16 chunks."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from tests.asr_audio import need
from voice.audio import SAMPLE_RATE, read_audio, read_pcm
from voice.errors import AudioError


def tone(path: Path, rate: int, channels: int, seconds: float, freq: int = 440) -> Path:
    need("sox")
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", str(channels), "-b", "16", str(path),
                    "synth", str(seconds), "sine", str(freq), "vol", "0.5"], check=True)
    return path


@pytest.mark.parametrize("name,rate,channels", [
    ("cd.wav", 44_100, 2), ("phone.wav", 8_000, 1), ("studio.flac", 48_000, 2),
    ("voice.ogg", 22_050, 1), ("native.wav", 16_000, 1),
])
def test_any_format_becomes_16k_mono(tmp_path: Path, name: str, rate: int,
                                     channels: int) -> None:
    path = tone(tmp_path / name, rate, channels, 1.5)
    chunks = list(read_audio(path))
    assert all(c.rate == SAMPLE_RATE and c.channels == 1 and c.width == 2 for c in chunks)
    total = sum(c.duration for c in chunks)
    assert abs(total - 1.5) < 0.02
    # timestamps run on without gaps
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.timestamp == pytest.approx(before.timestamp + before.duration)
    # the tone survives resampling: its main frequency is still 440 Hz
    samples = np.frombuffer(read_pcm(path), dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples))
    peak = np.argmax(spectrum) * SAMPLE_RATE / len(samples)
    assert abs(peak - 440) < 5


def bad_files(tmp_path: Path) -> dict[str, Path]:
    good = tone(tmp_path / "good.wav", 44_100, 2, 2.0)
    flac = tone(tmp_path / "good.flac", 44_100, 2, 2.0)
    files = {
        "missing": tmp_path / "missing.wav",
        "empty": tmp_path / "empty.wav",
        "truncated": tmp_path / "truncated.wav",
        "corrupt": tmp_path / "corrupt.flac",
        "not audio": tmp_path / "notes.wav",
        "no samples": tmp_path / "nodata.wav",
    }
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(good.read_bytes()[:100_000])
    files["corrupt"].write_bytes(flac.read_bytes()[:20_000])
    files["not audio"].write_text("this is a shopping list, not a recording\n")
    files["no samples"].write_bytes(good.read_bytes()[:44])
    return files


def test_bad_files_raise_one_line_audio_errors(tmp_path: Path) -> None:
    for kind, path in bad_files(tmp_path).items():
        with pytest.raises(AudioError) as info:
            read_pcm(path)
        message = str(info.value)
        assert "\n" not in message, kind
        assert str(path) in message, kind


def test_bad_files_on_the_command_line(tmp_path: Path) -> None:
    expected = {"missing": "no such file", "empty": "empty", "truncated": "truncated",
                "corrupt": "corrupt", "not audio": "not a readable audio file",
                "no samples": "no audio samples"}
    for kind, path in bad_files(tmp_path).items():
        result = subprocess.run([sys.executable, "-m", "voice", "transcribe", str(path)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode != 0, kind
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1, (kind, result.stderr)
        assert expected[kind] in result.stderr, (kind, result.stderr)


def test_long_recording_streams_in_constant_memory(tmp_path: Path) -> None:
    # ten minutes at 48 kHz stereo is 110 MB of audio: it must never be held whole
    path = tone(tmp_path / "drive.wav", 48_000, 2, 600)
    tracemalloc.start()
    seconds = 0.0
    for chunk in read_audio(path, chunk_seconds=0.5):
        seconds += chunk.duration
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds == pytest.approx(600, abs=0.05)
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
