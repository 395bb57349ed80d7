"""The grammars ship inside the wheel, not only in a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_grammars(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, timeout=300,
                   capture_output=True)
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("en", "zh"):
        files = {n for n in names if n.startswith(f"voice/grammars/{lang}/")}
        assert f"voice/grammars/{lang}/_common.yaml" in files
        assert f"voice/grammars/{lang}/navigate.yaml" in files
        assert len(files) == 17
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "builtin = voice.grammars" in zipfile.ZipFile(wheel).read(entry_points).decode()
