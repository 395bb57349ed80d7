"""`voice appointments`: list and cancel service appointments."""

from __future__ import annotations

import json
from datetime import datetime

import click

from voice.appointments import Appointment, AppointmentBook
from voice.config import load_config
from voice.db import database_path, open_database
from voice.dealers import load_dealers


def _open() -> tuple[AppointmentBook, dict[str, str]]:
    config = load_config()
    book = AppointmentBook(open_database(database_path(config)))
    book.setup()
    names = {dealer.id: dealer.name_en for dealer in load_dealers(config.section("booking"))}
    return book, names


def _line(appointment: Appointment, names: dict[str, str]) -> str:
    when = appointment.starts_at.strftime("%Y-%m-%d %H:%M")
    dealer = names.get(appointment.dealer_id, appointment.dealer_id)
    return f"{appointment.id:>4}  {when}  {appointment.service_type:<13} {dealer}" + (
        "  (cancelled)" if appointment.status == "cancelled" else "")


@click.group()
def appointments() -> None:
    """List and cancel service appointments booked by voice."""


@appointments.command("list")
@click.option("--all", "show_all", is_flag=True,
              help="Also show past and cancelled appointments.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_command(show_all: bool, as_json: bool) -> None:
    """Upcoming booked appointments, soonest first."""
    book, names = _open()
    found = book.find(include_cancelled=show_all, since=None if show_all else datetime.now())
    if as_json:
        click.echo(json.dumps([a.to_dict() | {"dealer": names.get(a.dealer_id, a.dealer_id)}
                               for a in found], ensure_ascii=False, indent=2))
    elif not found:
        click.echo("no appointments")
    else:
        for appointment in found:
            click.echo(_line(appointment, names))


@appointments.command("cancel")
@click.argument("appointment_id", type=click.IntRange(min=1), metavar="ID")
def cancel_command(appointment_id: int) -> None:
    """Cancel appointment ID (the number `voice appointments list` shows)."""
    book, names = _open()
    cancelled = book.cancel(appointment_id, datetime.now())
    click.echo(f"cancelled: {_line(cancelled, names).strip()}")
