"""`voice grammar`: check the grammars and show what they accept."""

from __future__ import annotations

import click


@click.group()
def grammar() -> None:
    """Check the intent grammars (built-in and plugins) and sample their sentences."""


@grammar.command()
def check() -> None:
    """Load and check every grammar of every language; print counts per language."""
    from voice.grammar import languages, load_grammar

    for lang in languages():
        loaded = load_grammar(lang)
        lists = sum(1 for _ in loaded.lists)
        click.echo(f"{lang}: {len(loaded.intents)} intents, {len(loaded.templates)} templates, "
                   f"{lists} lists, {len(loaded.rules)} expansion rules, "
                   f"{len(loaded.files)} files: ok")


@grammar.command()
@click.option("--intent", required=True, help="Intent name, e.g. navigate.")
@click.option("--lang", default="en", show_default=True, help="Language of the grammar.")
@click.option("-n", "count", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="How many sentences.")
@click.option("--seed", default=0, show_default=True, help="Random seed for the sample.")
def sample(intent: str, lang: str, count: int, seed: int) -> None:
    """Print up to N different random sentences that INTENT's grammar accepts."""
    from voice.expand import sample_sentences
    from voice.grammar import load_grammar

    for sentence in sample_sentences(load_grammar(lang), intent, count, seed):
        click.echo(sentence)
