"""Kaldi search settings for a Vosk model (beam, max-active, ...), set without touching the model.

Vosk reads its decoder settings from the model's `conf/model.conf`. Other
settings are applied through an overlay: a folder in the cache dir with a
symbolic link to every file of the model and a copy of `conf/model.conf` with
the settings changed. The settings come from the `[vosk]` table of the config
file, for example::

    [vosk]
    beam = 8.0          # narrower search: faster open mode, may lose words
    max_active = 1500   # at most this many active states per frame
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from voice.config import Config
from voice.errors import ModelError, UsageError

# config key -> Kaldi option, and the type its value must have
SETTINGS: dict[str, tuple[str, type]] = {
    "beam": ("--beam", float),
    "max_active": ("--max-active", int),
    "min_active": ("--min-active", int),
    "lattice_beam": ("--lattice-beam", float),
    "frames_per_chunk": ("--frames-per-chunk", int),
}
Search = Mapping[str, float | int]


def search_settings(config: Config) -> dict[str, float | int]:
    """The `[vosk]` search settings of the config file; a bad one raises `UsageError`."""
    settings: dict[str, float | int] = {}
    for key, value in config.section("vosk").items():
        if key not in SETTINGS:
            raise UsageError(f"unknown setting {key!r} in [vosk] of the config file: "
                             f"choose from {', '.join(SETTINGS)}")
        kind = SETTINGS[key][1]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0 \
                or (kind is int and not float(value).is_integer()):
            raise UsageError(f"[vosk] {key} in the config file must be a positive "
                             f"{'whole number' if kind is int else 'number'}, not {value!r}")
        settings[key] = kind(value)
    return settings


def model_conf(text: str, settings: Search) -> str:
    """`conf/model.conf` text with `settings` replacing (or added to) its options."""
    options = {option: str(settings[key]) for key, (option, _) in SETTINGS.items()
               if key in settings}
    lines = [line for line in text.splitlines()
             if line.strip() and line.split("=", 1)[0].strip() not in options]
    return "\n".join(lines + [f"{name}={value}" for name, value in options.items()]) + "\n"


def tuned_model(path: Path, settings: Search) -> Path:
    """The model at `path` seen with other search settings (the model itself when none)."""
    if not settings:
        return path
    conf = path / "conf" / "model.conf"
    if not conf.is_file():
        raise ModelError(f"{path}: [vosk] search settings need a model with conf/model.conf")
    text = model_conf(conf.read_text(encoding="utf-8"), settings)
    key = hashlib.sha256(f"{path.resolve()}\0{text}".encode()).hexdigest()[:16]
    from voice.cache import cache_dir

    folder = cache_dir() / "vosk-search" / f"{path.name}-{key}"
    if not folder.is_dir():
        build_overlay(path, text, folder)
    return folder


def build_overlay(path: Path, conf_text: str, folder: Path) -> None:
    """Links to every model file and a changed model.conf; moved into place in one rename."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".building-"))
    except OSError as exc:
        raise ModelError(f"cannot prepare the search settings for {path} in {folder.parent}: "
                         f"{exc}") from exc
    try:
        source = path.resolve()
        for item in source.iterdir():
            if item.name != "conf":
                (building / item.name).symlink_to(item)
        (building / "conf").mkdir()
        for item in (source / "conf").iterdir():
            if item.name != "model.conf":
                (building / "conf" / item.name).symlink_to(item)
        (building / "conf" / "model.conf").write_text(conf_text, encoding="utf-8")
        os.replace(building, folder)
    except OSError as exc:
        if folder.is_dir():  # another process built it first
            return
        raise ModelError(f"cannot prepare the search settings for {path} in {folder.parent}: "
                         f"{exc}") from exc
    finally:
        shutil.rmtree(building, ignore_errors=True)
