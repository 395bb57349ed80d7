"""A separate process that pays bills from the wallet ledger, for the kill tests.

    python tests/ledger_worker.py DB MODE BILL_ID...

MODE `step` announces every SQL statement ("STEP <sql>") and waits for a line
on stdin before running it, so the test can kill it at an exact point; MODE
`run` pays straight through. Both call the wallet directly; `skill-step` and
`skill-run` instead pay "the parking fee" through the payment skill's
confirmation, the whole path a driver's "yes" takes. After each payment it
prints "PAID <bill> <tx> <replayed>". The idempotency key of a bill's payment
is "bill-<id>", so a retry after a kill uses the same key.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext
from voice.skills.payment import PaymentSkill
from voice.wallet import Limits, PaymentOrder, Wallet

NOW = datetime(2026, 11, 24, 9, 0)
NO_LIMITS = Limits(per_payment_fen=10**12, per_day_fen=10**12)
SKILL_SETTINGS = {"payment": {"max_per_payment": 10**9, "max_per_day": 10**9}}


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def pause_before(sql: str) -> None:
    report("STEP " + " ".join(sql.split()))
    sys.stdin.readline()


def pay_directly(wallet: Wallet, bill_id: int) -> str:
    """Pay the bill from the wallet; "PAID <bill> <tx> <replayed>"."""
    bill = wallet.bill(bill_id)
    receipt = wallet.pay(PaymentOrder(
        idempotency_key=f"bill-{bill.id}", method="alipay", amount_fen=bill.amount_fen,
        payee=bill.payee, purpose=bill.purpose, now=NOW, bill_id=bill.id))
    return f"PAID {bill.id} {receipt.transaction_id} {int(receipt.replayed)}"


def pay_by_voice(context: SkillContext) -> str:
    """Confirm "pay the parking fee"; "PAID ..." or "NOTHING <reply>" when no bill is left."""
    request = Request("pay", {"purpose": "parking", "method": "alipay"}, "en", 0.95,
                      "pay the parking fee", NOW)
    reply = PaymentSkill().confirm(request, context)
    if "transaction_id" not in reply.data:
        return f"NOTHING {reply.text}"
    return (f"PAID {reply.data['bill_id']} {reply.data['transaction_id']} "
            f"{int(reply.data['replayed'])}")


def open_ledger(db: Path) -> tuple[Wallet, SkillContext]:
    """The wallet and a skill context on the database file."""
    conn = open_database(db)
    config = Config(data_dir=db.parent, sections=SKILL_SETTINGS)
    context = SkillContext(config=config, db=conn, vehicle=SimulatedVehicle(conn, config))
    PaymentSkill().setup(context)
    return Wallet(conn, NO_LIMITS), context


def main(argv: list[str]) -> None:
    db, mode, *bill_ids = argv
    wallet, context = open_ledger(Path(db))
    report("READY")
    if mode.endswith("step"):
        wallet.conn.set_trace_callback(pause_before)
    for bill_id in map(int, bill_ids):
        report(pay_by_voice(context) if mode.startswith("skill") else
               pay_directly(wallet, bill_id))


if __name__ == "__main__":
    main(sys.argv[1:])
