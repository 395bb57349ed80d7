"""`voice wallet`: balances and the payment history of the embedded ledger."""

from __future__ import annotations

import json

import click

from voice.commands.bills import open_wallet
from voice.money import fen_to_yuan


@click.group()
def wallet() -> None:
    """The embedded wallet ledger: balances and payments."""


@wallet.command("balance")
def balance_command() -> None:
    """Each payment method's balance."""
    for method, fen in open_wallet().balances().items():
        click.echo(f"{method:<11} {fen_to_yuan(fen):>10} CNY")


@wallet.command("history")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def history_command(as_json: bool) -> None:
    """Every payment made, oldest first."""
    receipts = open_wallet().receipts()
    if as_json:
        click.echo(json.dumps([{
            "id": r.transaction_id, "at": r.created_at.isoformat(), "method": r.method,
            "amount": fen_to_yuan(r.amount_fen), "payee": r.payee, "purpose": r.purpose,
            "bill_id": r.bill_id, "idempotency_key": r.idempotency_key} for r in receipts],
            ensure_ascii=False, indent=2))
        return
    if not receipts:
        click.echo("no payments")
    for r in receipts:
        click.echo(f"{r.transaction_id:>4}  {r.created_at:%Y-%m-%d %H:%M}  {r.method:<11} "
                   f"{fen_to_yuan(r.amount_fen):>9} CNY  {r.payee}  ({r.purpose})")
