"""Errors the assistant reports to its users as one clear line."""

from __future__ import annotations


class VoiceError(Exception):
    """Base of every error the `voice` command turns into one line and an exit code."""

    exit_code = 1


class UsageError(VoiceError):
    """Bad input on the command line: empty, binary or overlong text, unknown language."""

    exit_code = 2


class AudioError(VoiceError):
    """Audio that cannot be read: missing, empty, truncated, corrupt or not audio."""


class ModelError(VoiceError):
    """A speech model is missing, incomplete or cannot be loaded."""


class GrammarError(VoiceError):
    """A grammar file is malformed; the message names the file, line and intent."""


class SkillError(VoiceError):
    """A skill failed while handling an intent."""


class PluginError(VoiceError):
    """A plugin could not be loaded; the message names the plugin and its package."""


class DataError(VoiceError):
    """The assistant's database is corrupt, foreign or cannot be written."""


class TTSError(VoiceError):
    """No text-to-speech engine or voice, or the engine failed to speak."""


class FixtureError(VoiceError):
    """A replay fixture or manifest is malformed; the message names the file and entry."""
