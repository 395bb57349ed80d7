"""Service appointments in SQLite: slot availability, booking, listing and cancelling.

Booking counts the slot's appointments and inserts inside one `BEGIN
IMMEDIATE` transaction, so two bookings can never overfill a slot. The
request key is UNIQUE: confirming the same request twice books once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from voice.db import migrate, transaction
from voice.dealers import Dealer
from voice.errors import UsageError

SERVICE_TYPES = ("maintenance", "oil_change", "tire_change", "inspection", "repair",
                 "car_wash", "battery_check")
SEARCH_DAYS = 14

MIGRATIONS = [
    """
    CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        dealer_id TEXT NOT NULL,
        service_type TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
        request_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        cancelled_at TEXT
    );
    CREATE INDEX appointments_slot ON appointments (dealer_id, starts_at, status)
    """,
]


@dataclass(frozen=True)
class Appointment:
    """A booked (or cancelled) service appointment."""

    id: int
    dealer_id: str
    service_type: str
    starts_at: datetime
    status: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form."""
        return {"id": self.id, "dealer_id": self.dealer_id, "service_type": self.service_type,
                "starts_at": self.starts_at.isoformat(timespec="minutes"),
                "status": self.status}


class SlotUnavailable(Exception):
    """The slot cannot be booked; `reason` is one of `slot_problem`'s answers."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AppointmentBook:
    """The appointments table; `setup()` once before use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def setup(self) -> None:
        """Create or upgrade the table."""
        migrate(self.conn, "appointments", MIGRATIONS)

    def slot_problem(self, dealer: Dealer, moment: datetime, now: datetime) -> str | None:
        """Why the slot cannot be booked, or None when it is free.

        "past"; "closed" (outside the opening hours); "off_slot" (open, but
        slots start every `slot_minutes`, not then); "full".
        """
        if moment <= now:
            return "past"
        starts = dealer.slot_starts(moment.date())
        if moment not in starts:
            inside = bool(starts) and starts[0] < moment < starts[-1]
            return "off_slot" if inside else "closed"
        if self._booked_count(dealer.id, moment) >= dealer.capacity:
            return "full"
        return None

    def free_slots_near(self, dealer: Dealer, moment: datetime, now: datetime,
                        count: int = 3) -> list[datetime]:
        """The `count` free slots closest in time to `moment` (future only), in time order."""
        first_day = max(moment.date() - timedelta(days=SEARCH_DAYS), now.date())
        last_day = max(moment.date(), now.date()) + timedelta(days=SEARCH_DAYS)
        booked = self._booked_counts(dealer.id, first_day.isoformat(),
                                     (last_day + timedelta(days=1)).isoformat())
        candidates = []
        day = first_day
        while day <= last_day:
            for start in dealer.slot_starts(day):
                if start > now and booked.get(_stamp(start), 0) < dealer.capacity:
                    candidates.append(start)
            day += timedelta(days=1)
        candidates.sort(key=lambda start: (abs(start - moment), start))
        return sorted(candidates[:count])

    def book(self, dealer: Dealer, service_type: str, moment: datetime, now: datetime,
             request_key: str) -> tuple[Appointment, bool]:
        """Book the slot; returns (appointment, False), or (the earlier one, True) on a retry.

        Raises SlotUnavailable when the slot is past, closed or full.
        """
        with transaction(self.conn):
            earlier = self._by_key(request_key)
            if earlier is not None:
                return earlier, True
            problem = self.slot_problem(dealer, moment, now)
            if problem:
                raise SlotUnavailable(problem)
            cursor = self.conn.execute(
                "INSERT INTO appointments (dealer_id, service_type, starts_at, status,"
                " request_key, created_at) VALUES (?, ?, ?, 'booked', ?, ?)",
                (dealer.id, service_type, _stamp(moment), request_key, _stamp(now)))
            appointment_id = int(cursor.lastrowid or 0)
        return self.get(appointment_id), False

    def get(self, appointment_id: int) -> Appointment:
        """One appointment; UsageError when there is none with that number."""
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (appointment_id,)).fetchone()
        if row is None:
            raise UsageError(f"no appointment {appointment_id}")
        return _appointment(row)

    def find(self, include_cancelled: bool = False,
             since: datetime | None = None) -> list[Appointment]:
        """Appointments in time order; by default only booked ones."""
        clauses, params = [], []
        if not include_cancelled:
            clauses.append("status = 'booked'")
        if since is not None:
            clauses.append("starts_at >= ?")
            params.append(_stamp(since))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(f"{_SELECT}{where} ORDER BY starts_at, id", params).fetchall()
        return [_appointment(row) for row in rows]

    def cancel(self, appointment_id: int, now: datetime) -> Appointment:
        """Cancel a booked appointment; UsageError when unknown or already cancelled."""
        with transaction(self.conn):
            current = self.get(appointment_id)
            if current.status != "booked":
                raise UsageError(f"appointment {appointment_id} is already cancelled")
            self.conn.execute(
                "UPDATE appointments SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
                (_stamp(now), appointment_id))
        return self.get(appointment_id)

    def _by_key(self, request_key: str) -> Appointment | None:
        row = self.conn.execute(f"{_SELECT} WHERE request_key = ?", (request_key,)).fetchone()
        return _appointment(row) if row else None

    def _booked_count(self, dealer_id: str, moment: datetime) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM appointments WHERE dealer_id = ? AND starts_at = ?"
            " AND status = 'booked'", (dealer_id, _stamp(moment))).fetchone()
        return int(row[0])

    def _booked_counts(self, dealer_id: str, first: str, after_last: str) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT starts_at, count(*) FROM appointments WHERE dealer_id = ?"
            " AND status = 'booked' AND starts_at >= ? AND starts_at < ? GROUP BY starts_at",
            (dealer_id, first, after_last))
        return {starts_at: int(count) for starts_at, count in rows}


_SELECT = ("SELECT id, dealer_id, service_type, starts_at, status, created_at"
           " FROM appointments")


def _appointment(row: tuple[Any, ...]) -> Appointment:
    return Appointment(int(row[0]), row[1], row[2], datetime.fromisoformat(row[3]), row[4],
                       datetime.fromisoformat(row[5]))


def _stamp(moment: datetime) -> str:
    return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
