"""The `voice` command itself: help, version, and one-line errors."""

from __future__ import annotations

import subprocess
import sys


def run_voice(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voice", *args],
                          capture_output=True, text=True, timeout=60)


def test_help_lists_usage() -> None:
    result = run_voice("--help")
    assert result.returncode == 0
    assert "Usage: voice" in result.stdout


def test_unknown_command_is_one_line_error() -> None:
    result = run_voice("no-such-command")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
