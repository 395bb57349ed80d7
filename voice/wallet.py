"""The embedded wallet ledger: accounts, transactions with idempotency keys, bills, audit log.

Every payment is one SQLite `BEGIN IMMEDIATE` transaction that checks the
limits, debits the account, records the transaction, settles the bill and
writes the audit entry together: a crash at any moment leaves either all of
it or none of it. The idempotency key is UNIQUE, so a retry with the same key
returns the first receipt instead of paying twice.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from voice.db import migrate, transaction
from voice.errors import SkillError, UsageError
from voice.money import fen_to_yuan

METHODS = ("alipay", "wechat_pay", "card")
PURPOSES = ("parking", "fuel", "charging", "toll", "service", "car_wash")
CURRENCY = "CNY"

MIGRATIONS = [
    """
    CREATE TABLE wallet_accounts (
        method TEXT PRIMARY KEY,
        balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0),
        opening_fen INTEGER NOT NULL CHECK (opening_fen >= 0),
        currency TEXT NOT NULL
    );
    CREATE TABLE wallet_bills (
        id INTEGER PRIMARY KEY,
        purpose TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        currency TEXT NOT NULL,
        payee TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'settled')),
        settled_at TEXT
    );
    CREATE TABLE wallet_transactions (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL REFERENCES wallet_accounts (method),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        currency TEXT NOT NULL,
        payee TEXT NOT NULL,
        purpose TEXT NOT NULL,
        bill_id INTEGER UNIQUE REFERENCES wallet_bills (id),
        created_at TEXT NOT NULL
    );
    CREATE INDEX wallet_transactions_day ON wallet_transactions (created_at);
    CREATE TABLE wallet_audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        idempotency_key TEXT,
        transaction_id INTEGER REFERENCES wallet_transactions (id),
        bill_id INTEGER REFERENCES wallet_bills (id),
        amount_fen INTEGER,
        details TEXT NOT NULL DEFAULT '{}'
    )
    """,
]


@dataclass(frozen=True)
class Limits:
    """Spending limits in fen: per payment and per calendar day (all methods together)."""

    per_payment_fen: int
    per_day_fen: int


@dataclass(frozen=True)
class Bill:
    """A bill pushed to the car (a car park's fee, a toll) waiting to be paid."""

    id: int
    purpose: str
    amount_fen: int
    currency: str
    payee: str
    created_at: datetime
    status: str


@dataclass(frozen=True)
class PaymentOrder:
    """One payment to make; the idempotency key makes retries safe."""

    idempotency_key: str
    method: str
    amount_fen: int
    payee: str
    purpose: str
    now: datetime
    bill_id: int | None = None
    currency: str = CURRENCY


@dataclass(frozen=True)
class Receipt:
    """A committed payment; `replayed` is True when a retry found it already paid."""

    transaction_id: int
    idempotency_key: str
    method: str
    amount_fen: int
    payee: str
    purpose: str
    created_at: datetime
    bill_id: int | None
    replayed: bool = False


class LimitExceeded(SkillError):
    """A payment above the per-payment or per-day limit; nothing was charged."""


class InsufficientFunds(SkillError):
    """The account cannot cover the payment; nothing was charged."""


class Wallet:
    """The ledger in the assistant's database; `setup()` once before use."""

    def __init__(self, conn: sqlite3.Connection, limits: Limits) -> None:
        self.conn = conn
        self.limits = limits

    def setup(self, opening_fen: dict[str, int]) -> None:
        """Create the tables and open each method's account with its opening balance once."""
        migrate(self.conn, "wallet", MIGRATIONS)
        with transaction(self.conn):
            for method, fen in opening_fen.items():
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO wallet_accounts VALUES (?, ?, ?, ?)",
                    (method, fen, fen, CURRENCY))
                if cursor.rowcount:
                    self._audit(datetime.now(), "account_opened", amount_fen=fen,
                                details={"method": method})

    # --- reading -------------------------------------------------------------

    def balance(self, method: str) -> int:
        """The account's balance in fen."""
        row = self.conn.execute(
            "SELECT balance_fen FROM wallet_accounts WHERE method = ?", (method,)).fetchone()
        if row is None:
            raise UsageError(f"no wallet account for method {method!r}")
        return int(row[0])

    def balances(self) -> dict[str, int]:
        """Every account's balance in fen, by method."""
        rows = self.conn.execute("SELECT method, balance_fen FROM wallet_accounts ORDER BY method")
        return {method: int(fen) for method, fen in rows}

    def spent_on(self, day: datetime) -> int:
        """Fen paid on the calendar day of `day`, all methods together."""
        prefix = day.date().isoformat()
        row = self.conn.execute(
            "SELECT coalesce(sum(amount_fen), 0) FROM wallet_transactions"
            " WHERE substr(created_at, 1, 10) = ?", (prefix,)).fetchone()
        return int(row[0])

    def receipts(self) -> list[Receipt]:
        """Every committed payment, oldest first."""
        rows = self.conn.execute(f"{_RECEIPT_SELECT} ORDER BY id").fetchall()
        return [_receipt(row) for row in rows]

    def receipt_for(self, idempotency_key: str) -> Receipt | None:
        """The payment made with this key, if any."""
        row = self.conn.execute(f"{_RECEIPT_SELECT} WHERE idempotency_key = ?",
                                (idempotency_key,)).fetchone()
        return _receipt(row) if row else None

    def audit_log(self) -> list[dict[str, Any]]:
        """The audit entries, oldest first."""
        rows = self.conn.execute(
            "SELECT id, at, event, idempotency_key, transaction_id, bill_id, amount_fen, details"
            " FROM wallet_audit ORDER BY id").fetchall()
        keys = ("id", "at", "event", "idempotency_key", "transaction_id", "bill_id",
                "amount_fen", "details")
        return [dict(zip(keys, row[:-1], strict=False)) | {"details": json.loads(row[-1])}
                for row in rows]

    # --- bills ---------------------------------------------------------------

    def add_bill(self, purpose: str, amount_fen: int, payee: str, now: datetime) -> Bill:
        """Record a pending bill (pushed by a car park, a toll gate, a charger)."""
        if purpose not in PURPOSES:
            raise UsageError(f"unknown purpose {purpose!r}; use one of {', '.join(PURPOSES)}")
        if amount_fen <= 0:
            raise UsageError("a bill's amount must be more than zero")
        payee = payee.strip()
        if not payee:
            raise UsageError("a bill needs a payee")
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO wallet_bills (purpose, amount_fen, currency, payee, created_at,"
                " status) VALUES (?, ?, ?, ?, ?, 'pending')",
                (purpose, amount_fen, CURRENCY, payee, _stamp(now)))
            bill_id = int(cursor.lastrowid or 0)
            self._audit(now, "bill_added", bill_id=bill_id, amount_fen=amount_fen,
                        details={"purpose": purpose, "payee": payee})
        return self.bill(bill_id)

    def bill(self, bill_id: int) -> Bill:
        """One bill by id; UsageError when there is none."""
        row = self.conn.execute(f"{_BILL_SELECT} WHERE id = ?", (bill_id,)).fetchone()
        if row is None:
            raise UsageError(f"no bill {bill_id}")
        return _bill(row)

    def bills(self, pending_only: bool = False) -> list[Bill]:
        """Bills, oldest first; only the unpaid ones when `pending_only`."""
        where = " WHERE status = 'pending'" if pending_only else ""
        rows = self.conn.execute(f"{_BILL_SELECT}{where} ORDER BY id").fetchall()
        return [_bill(row) for row in rows]

    def pending_bill(self, purpose: str | None, payee: str | None = None) -> Bill | None:
        """The oldest unpaid bill for this purpose (and payee, when one is named)."""
        for bill in self.bills(pending_only=True):
            if purpose and bill.purpose != purpose:
                continue
            if payee and payee.casefold() not in bill.payee.casefold():
                continue
            return bill
        return None

    # --- paying --------------------------------------------------------------

    def pay(self, order: PaymentOrder) -> Receipt:
        """Pay exactly once per idempotency key, atomically; a retry returns the first receipt.

        Raises LimitExceeded or InsufficientFunds (nothing charged, the refusal
        audited) or SkillError when the key was used for a different payment
        or the bill is already paid.
        """
        with transaction(self.conn):
            earlier = self.receipt_for(order.idempotency_key)
            if earlier is not None:
                _check_same(earlier, order)
                self._audit(order.now, "payment_replayed", key=order.idempotency_key,
                            transaction_id=earlier.transaction_id, amount_fen=earlier.amount_fen)
                return Receipt(**{**earlier.__dict__, "replayed": True})
            problem = self._refusal(order)
            if problem is None:
                self._record(order)
            else:
                self._audit(order.now, "payment_refused", key=order.idempotency_key,
                            bill_id=order.bill_id, amount_fen=order.amount_fen,
                            details={"reason": str(problem)})
        if problem is not None:
            raise problem
        receipt = self.receipt_for(order.idempotency_key)
        assert receipt is not None
        return receipt

    def _record(self, order: PaymentOrder) -> None:
        """Write the transaction, the debit, the settled bill and the audit entry (no commit)."""
        cursor = self.conn.execute(
            "INSERT INTO wallet_transactions (idempotency_key, method, amount_fen, currency,"
            " payee, purpose, bill_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (order.idempotency_key, order.method, order.amount_fen, order.currency,
             order.payee, order.purpose, order.bill_id, _stamp(order.now)))
        self.conn.execute(
            "UPDATE wallet_accounts SET balance_fen = balance_fen - ? WHERE method = ?",
            (order.amount_fen, order.method))
        if order.bill_id is not None:
            self.conn.execute(
                "UPDATE wallet_bills SET status = 'settled', settled_at = ? WHERE id = ?",
                (_stamp(order.now), order.bill_id))
        self._audit(order.now, "payment_committed", key=order.idempotency_key,
                    transaction_id=int(cursor.lastrowid or 0), bill_id=order.bill_id,
                    amount_fen=order.amount_fen,
                    details={"method": order.method, "payee": order.payee,
                             "purpose": order.purpose})

    def _refusal(self, order: PaymentOrder) -> SkillError | None:
        """Why the rules do not allow this payment, or None."""
        if order.currency != CURRENCY:
            return SkillError(f"the wallet pays in {CURRENCY} only, not {order.currency}")
        if order.amount_fen > self.limits.per_payment_fen:
            return LimitExceeded(
                f"{fen_to_yuan(order.amount_fen)} is above the per-payment limit of "
                f"{fen_to_yuan(self.limits.per_payment_fen)} {CURRENCY}")
        if self.spent_on(order.now) + order.amount_fen > self.limits.per_day_fen:
            return LimitExceeded(
                f"{fen_to_yuan(order.amount_fen)} would pass the daily limit of "
                f"{fen_to_yuan(self.limits.per_day_fen)} {CURRENCY}")
        balance = self.balance(order.method)
        if balance < order.amount_fen:
            return InsufficientFunds(
                f"the {order.method} account holds {fen_to_yuan(balance)} {CURRENCY},"
                f" not enough for {fen_to_yuan(order.amount_fen)}")
        if order.bill_id is not None and self.bill(order.bill_id).status != "pending":
            return SkillError(f"bill {order.bill_id} is already paid")
        return None

    def _audit(self, now: datetime, event: str, *, key: str | None = None,
               transaction_id: int | None = None, bill_id: int | None = None,
               amount_fen: int | None = None, details: dict[str, Any] | None = None) -> None:
        self.conn.execute(
            "INSERT INTO wallet_audit (at, event, idempotency_key, transaction_id, bill_id,"
            " amount_fen, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_stamp(now), event, key, transaction_id, bill_id, amount_fen,
             json.dumps(details or {}, ensure_ascii=False)))


_RECEIPT_SELECT = ("SELECT id, idempotency_key, method, amount_fen, payee, purpose, created_at,"
                   " bill_id FROM wallet_transactions")
_BILL_SELECT = ("SELECT id, purpose, amount_fen, currency, payee, created_at, status"
                " FROM wallet_bills")


def _receipt(row: tuple[Any, ...]) -> Receipt:
    return Receipt(int(row[0]), row[1], row[2], int(row[3]), row[4], row[5],
                   datetime.fromisoformat(row[6]), row[7])


def _bill(row: tuple[Any, ...]) -> Bill:
    return Bill(int(row[0]), row[1], int(row[2]), row[3], row[4],
                datetime.fromisoformat(row[5]), row[6])


def _check_same(earlier: Receipt, order: PaymentOrder) -> None:
    """A key reused for a different payment is a bug upstream: refuse it loudly."""
    if (earlier.amount_fen, earlier.payee, earlier.method) != (
            order.amount_fen, order.payee, order.method):
        raise SkillError(f"idempotency key {order.idempotency_key} was used for another payment")


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
