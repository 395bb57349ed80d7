"""`voice devices`: the audio inputs PortAudio offers."""

from __future__ import annotations

import click

from voice import mic


@click.command("devices")
def devices_command() -> None:
    """List audio input devices; use the index or the name with `--device`."""
    inputs = mic.list_input_devices()
    if not inputs:
        click.echo("no audio input device found (see docs/asr.md for a virtual one)")
        return
    for device in inputs:
        mark = "*" if device.is_default else " "
        click.echo(f"{mark} {device.index:>3}  {device.name}  "
                   f"({device.channels} ch, {device.default_rate:.0f} Hz)")
