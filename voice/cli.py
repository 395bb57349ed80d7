"""The `voice` command: one group whose subcommands load lazily.

Every `VoiceError` becomes one line on stderr and a non-zero exit code; no
traceback reaches the user unless `VOICE_DEBUG=1` is set.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from voice import __version__
from voice.errors import VoiceError

# Subcommand name -> "module:attribute". Imported only when used, so that
# `voice parse` does not pay for loading speech engines.
COMMANDS: dict[str, str] = {
    "appointments": "voice.commands.appointments:appointments",
    "ask": "voice.commands.ask:ask",
    "bills": "voice.commands.bills:bills",
    "chat": "voice.commands.ask:chat",
    "devices": "voice.commands.devices:devices_command",
    "fixtures": "voice.commands.fixtures:fixtures",
    "grammar": "voice.commands.grammar:grammar",
    "listen": "voice.commands.listen:listen",
    "models": "voice.commands.models:models_command",
    "parse": "voice.commands.parse:parse",
    "replay": "voice.commands.replay:replay_command",
    "say": "voice.commands.say:say",
    "skills": "voice.commands.skills:skills",
    "transcribe": "voice.commands.transcribe:transcribe_command",
    "vehicle": "voice.commands.skills:vehicle",
    "wallet": "voice.commands.wallet:wallet",
}

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attr = COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module_name), attr)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voice")
def cli() -> None:
    """Offline bilingual (Chinese + English) voice assistant for in-car control."""


def fail(message: str, code: int) -> None:
    """Print one error line to stderr and exit."""
    click.echo(f"voice: error: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the `voice` console command."""
    try:
        return cli.main(args=argv, prog_name="voice", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except click.Abort:
        fail("aborted", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except VoiceError as exc:
        if os.environ.get("VOICE_DEBUG"):
            raise
        fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug: still one line, details on request
        if os.environ.get("VOICE_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set VOICE_DEBUG=1 for details)",
             EXIT_INTERNAL)
    return None
