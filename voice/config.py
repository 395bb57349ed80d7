"""Settings from a TOML file, with defaults that work offline; no globals.

The file is `$VOICE_CONFIG`, else `config.toml` in the user config dir.
Anything not in the file takes the default below.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from voice.errors import UsageError

APP_NAME = "voice-car"


def user_data_dir() -> Path:
    """Where the database and downloaded models live (`$VOICE_DATA_DIR` overrides)."""
    override = os.environ.get("VOICE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def user_config_path() -> Path:
    """The config file: `$VOICE_CONFIG`, else config.toml in the user config dir."""
    override = os.environ.get("VOICE_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


@dataclass(frozen=True)
class Config:
    """All settings; sections stay plain dicts so that skills can own theirs."""

    data_dir: Path = field(default_factory=user_data_dir)
    sections: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """One `[name]` table of the file, or an empty dict."""
        value = self.sections.get(name, {})
        return value if isinstance(value, dict) else {}


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives the defaults, a broken one a UsageError."""
    path = path or user_config_path()
    if not path.exists():
        return Config()
    try:
        sections = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read config file {path}: {exc}") from exc
    data_dir = sections.get("data_dir")
    return Config(
        data_dir=Path(data_dir).expanduser() if data_dir else user_data_dir(),
        sections=sections,
    )
