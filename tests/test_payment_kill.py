"""Kill a real payment process (SIGKILL) at every point and check that no money is lost or doubled.

The worker (tests/ledger_worker.py) pays bills: through the payment skill's
confirmation, stopped before each SQL statement of the ledger transaction (and
just after its commit, before it could report), or straight from the wallet,
killed at random moments in a stream of payments. After each kill the
database must hold: balance == opening - sum(committed payments), each
idempotency key at most once, a bill settled iff a payment for it exists, one
audit entry per payment; and a retry with the same keys must complete every
payment exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.commerce_support import NOW
from tests.ledger_worker import open_ledger, pay_by_voice, pay_directly
from voice.db import open_database
from voice.wallet import Limits, Wallet

WORKER = Path(__file__).with_name("ledger_worker.py")
OPENING_FEN = 1_000_000
LIMITS = Limits(per_payment_fen=10**12, per_day_fen=10**12)


def fresh_ledger(path: Path, bills: int) -> tuple[list[int], int]:
    """A new ledger with `bills` pending bills; returns their ids and their total."""
    conn = open_database(path)
    wallet = Wallet(conn, LIMITS)
    wallet.setup({"alipay": OPENING_FEN})
    ids, total = [], 0
    for n in range(bills):
        fen = 1_000 + 137 * n
        ids.append(wallet.add_bill("parking", fen, f"Car Park {n}", NOW).id)
        total += fen
    conn.close()
    return ids, total


def start_worker(path: Path, mode: str, bill_ids: list[int]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path), mode, *map(str, bill_ids)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(WORKER.parent.parent)})


def run_stepping(path: Path, bill_ids: list[int], kill_at: int | None) -> list[str]:
    """Run the worker one SQL statement at a time; SIGKILL it before statement `kill_at`.

    Returns the statements it announced.
    """
    worker = start_worker(path, "skill-step", bill_ids)
    assert worker.stdin is not None and worker.stdout is not None
    statements = []
    for line in worker.stdout:
        if line.startswith("STEP"):
            statements.append(line.removeprefix("STEP ").strip())
            if len(statements) == kill_at:
                worker.send_signal(signal.SIGKILL)
                break
            worker.stdin.write("go\n")
            worker.stdin.flush()
    worker.wait(timeout=30)
    return statements


def retry_all(path: Path, bill_ids: list[int], via_skill: bool) -> list[str]:
    """Pay the bills again with the same keys, in this process, as a restarted car would."""
    wallet, context = open_ledger(path)
    try:
        return [pay_by_voice(context) if via_skill else pay_directly(wallet, bill_id)
                for bill_id in bill_ids]
    finally:
        wallet.conn.close()


def check_invariants(path: Path) -> int:
    """Assert the ledger is consistent; returns the number of committed payments."""
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    balance = conn.execute(
        "SELECT balance_fen FROM wallet_accounts WHERE method = 'alipay'").fetchone()[0]
    count, committed, keys = conn.execute(
        "SELECT count(*), coalesce(sum(amount_fen), 0), count(DISTINCT idempotency_key)"
        " FROM wallet_transactions").fetchone()
    assert balance == OPENING_FEN - committed
    assert keys == count
    for bill_id, status, amount in conn.execute(
            "SELECT id, status, amount_fen FROM wallet_bills"):
        paid = conn.execute("SELECT amount_fen FROM wallet_transactions WHERE bill_id = ?",
                            (bill_id,)).fetchall()
        assert (status == "settled") == bool(paid), f"bill {bill_id} {status} with {paid}"
        assert paid in ([], [(amount,)])
    audited = conn.execute(
        "SELECT t.id FROM wallet_transactions t JOIN wallet_audit a"
        " ON a.transaction_id = t.id AND a.idempotency_key = t.idempotency_key"
        " AND a.amount_fen = t.amount_fen AND a.event = 'payment_committed'").fetchall()
    assert len(audited) == count
    assert conn.execute("SELECT count(*) FROM wallet_audit WHERE event = 'payment_committed'"
                        ).fetchone()[0] == count
    conn.close()
    return int(count)


def check_all_paid_once(path: Path, bill_ids: list[int], total: int) -> None:
    assert check_invariants(path) == len(bill_ids)
    conn = sqlite3.connect(path)
    balance = conn.execute("SELECT balance_fen FROM wallet_accounts").fetchone()[0]
    assert balance == OPENING_FEN - total
    conn.close()


def kill_points(statements: list[str]) -> list[int]:
    """Before the first statement, then before each one from BEGIN to just after COMMIT."""
    begin = statements.index("BEGIN IMMEDIATE") + 1
    commit = statements.index("COMMIT") + 1
    return [1, *range(begin, min(commit + 1, len(statements)) + 1)]


def test_kill_before_every_statement_of_a_voice_payment(tmp_path: Path) -> None:
    ids, total = fresh_ledger(tmp_path / "calibrate.db", bills=1)
    statements = run_stepping(tmp_path / "calibrate.db", ids, kill_at=None)
    check_all_paid_once(tmp_path / "calibrate.db", ids, total)
    points = kill_points(statements)
    assert len(points) >= 10
    for kill_at in points:
        path = tmp_path / f"kill-{kill_at}.db"
        ids, total = fresh_ledger(path, bills=1)
        run_stepping(path, ids, kill_at)
        check_invariants(path)
        retried = retry_all(path, ids, via_skill=True)
        assert len(retried) == 1, statements[kill_at - 1]
        check_all_paid_once(path, ids, total)


def test_kill_at_random_moments_during_a_stream_of_payments(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    path = tmp_path / "stream.db"
    ids, total = fresh_ledger(path, bills=60)
    committed_after_kills = []
    for _ in range(10):
        worker = start_worker(path, "run", ids)
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "READY"
        for _ in range(rng.randint(0, 4)):  # let a few payments through, then strike
            worker.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.003))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        committed_after_kills.append(check_invariants(path))
    assert committed_after_kills == sorted(committed_after_kills)  # nothing lost
    assert committed_after_kills[-1] < len(ids)  # the kills did land mid-stream
    paid = retry_all(path, ids, via_skill=False)
    assert len(paid) == len(ids)
    replayed = sum(int(line.split()[3]) for line in paid)
    assert replayed == committed_after_kills[-1]  # already-paid bills were not charged again
    check_all_paid_once(path, ids, total)


def test_two_processes_paying_the_same_bills_charge_each_once(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    ids, total = fresh_ledger(path, bills=30)
    workers = [start_worker(path, "run", ids) for _ in range(2)]
    outputs = [worker.communicate(timeout=60)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]
    paid = [line.split() for out in outputs for line in out.splitlines()
            if line.startswith("PAID")]
    assert len(paid) == 2 * len(ids)
    assert sum(1 for line in paid if line[3] == "0") == len(ids)  # one real charge per bill
    check_all_paid_once(path, ids, total)
