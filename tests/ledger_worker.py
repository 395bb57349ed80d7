"""A separate process that pays bills from the wallet ledger, for the kill tests.

    python tests/ledger_worker.py DB MODE BILL_ID...

MODE `step` announces every SQL statement ("STEP <sql>") and waits for a line
on stdin before running it, so the test can kill it at an exact point; MODE
`run` pays straight through. After each payment it prints "PAID <bill> <tx>
<replayed>". The idempotency key of a bill's payment is "bill-<id>", so a
retry after a kill uses the same key.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from voice.db import open_database
from voice.wallet import Limits, PaymentOrder, Wallet

NOW = datetime(2026, 11, 24, 9, 0)
NO_LIMITS = Limits(per_payment_fen=10**12, per_day_fen=10**12)


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def pause_before(sql: str) -> None:
    report("STEP " + " ".join(sql.split()))
    sys.stdin.readline()


def main(argv: list[str]) -> None:
    db, mode, *bill_ids = argv
    conn = open_database(Path(db))
    wallet = Wallet(conn, NO_LIMITS)
    report("READY")
    if mode == "step":
        conn.set_trace_callback(pause_before)
    for bill_id in map(int, bill_ids):
        bill = wallet.bill(bill_id)
        receipt = wallet.pay(PaymentOrder(
            idempotency_key=f"bill-{bill.id}", method="alipay", amount_fen=bill.amount_fen,
            payee=bill.payee, purpose=bill.purpose, now=NOW, bill_id=bill.id))
        report(f"PAID {bill.id} {receipt.transaction_id} {int(receipt.replayed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
