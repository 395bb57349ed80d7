"""`voice skills` and `voice vehicle state`: what is installed and what the car is doing."""

from __future__ import annotations

import json

import click

from voice.config import load_config
from voice.skills.registry import load_skills


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def skills(as_json: bool) -> None:
    """List the installed skills, their intents and the languages of their grammars.

    A plugin that fails to load is reported on stderr with its package name;
    the others are still listed.
    """
    registry = load_skills()
    for error in registry.errors:
        click.echo(f"voice: error: {error}", err=True)
    rows = [{"name": skill.name, "intents": list(skill.intents),
             "languages": registry.skill_languages(skill)} for skill in registry.skills]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        languages = ", ".join(row["languages"]) or "no grammars"
        click.echo(f"{row['name']}: {', '.join(row['intents'])} [{languages}]")


@click.group()
def vehicle() -> None:
    """Inspect the vehicle the skills act on (the simulated one by default)."""


@vehicle.command()
@click.option("--json", "as_json", is_flag=True, help="Print the state as JSON.")
def state(as_json: bool) -> None:
    """Show every state value of the vehicle: climate, windows, media, phone, route."""
    from voice.db import database_path, open_database
    from voice.runtime import load_vehicle

    config = load_config()
    values = load_vehicle(config, open_database(database_path(config))).state()
    if as_json:
        click.echo(json.dumps(values, ensure_ascii=False, sort_keys=True))
        return
    for key in sorted(values):
        click.echo(f"{key} = {json.dumps(values[key], ensure_ascii=False)}")
