"""Offline bilingual (Chinese + English) voice assistant for in-car control."""

from voice.errors import (
    AudioError,
    DataError,
    FixtureError,
    GrammarError,
    ModelError,
    PluginError,
    SkillError,
    TTSError,
    UsageError,
    VoiceError,
)

__version__ = "0.1.0"

__all__ = [
    "AudioError",
    "DataError",
    "FixtureError",
    "GrammarError",
    "ModelError",
    "PluginError",
    "SkillError",
    "TTSError",
    "UsageError",
    "VoiceError",
    "__version__",
]
