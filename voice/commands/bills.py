"""`voice bills`: bills pushed to the car (a car park's fee, a toll) for voice payments."""

from __future__ import annotations

import json
from datetime import datetime

import click

from voice.config import load_config
from voice.db import database_path, open_database
from voice.money import fen_to_yuan, to_fen
from voice.payments import payment_settings
from voice.wallet import PURPOSES, Bill, Wallet


def open_wallet() -> Wallet:
    """The wallet in the configured database, its tables and accounts ready."""
    config = load_config()
    settings = payment_settings(config.section("payment"))
    wallet = Wallet(open_database(database_path(config)), settings.limits)
    wallet.setup(settings.opening_fen)
    return wallet


def _line(bill: Bill) -> str:
    return (f"{bill.id:>4}  {bill.created_at:%Y-%m-%d %H:%M}  {bill.purpose:<9} "
            f"{fen_to_yuan(bill.amount_fen):>9} {bill.currency}  {bill.payee}  ({bill.status})")


def _to_dict(bill: Bill) -> dict[str, object]:
    return {"id": bill.id, "purpose": bill.purpose, "amount": fen_to_yuan(bill.amount_fen),
            "currency": bill.currency, "payee": bill.payee, "status": bill.status,
            "created_at": bill.created_at.isoformat()}


@click.group()
def bills() -> None:
    """Pending bills that "pay the parking fee" settles without naming an amount."""


@bills.command("add")
@click.option("--purpose", required=True, type=click.Choice(PURPOSES),
              help="What the bill is for.")
@click.option("--amount", required=True, help="Amount in yuan, e.g. 15 or 12.50.")
@click.option("--payee", required=True, help='Who is paid, e.g. "Wangfujing Car Park".')
def add_command(purpose: str, amount: str, payee: str) -> None:
    """Record a pending bill, as a car park or toll gate would push it."""
    bill = open_wallet().add_bill(purpose, to_fen(amount), payee, datetime.now())
    click.echo(f"added: {_line(bill).strip()}")


@bills.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also show settled bills.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_command(show_all: bool, as_json: bool) -> None:
    """Pending bills, oldest first."""
    found = open_wallet().bills(pending_only=not show_all)
    if as_json:
        click.echo(json.dumps([_to_dict(b) for b in found], ensure_ascii=False, indent=2))
    elif not found:
        click.echo("no bills")
    else:
        for bill in found:
            click.echo(_line(bill))
