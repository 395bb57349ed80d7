"""Speed of the booking and payment skills on a real SQLite file.

    .venv/bin/python benchmarks/commerce.py [--payments 500] [--bookings 200]

Prints per-operation latency (median and 95th percentile) and payments per second.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from voice.config import Config
from voice.db import open_database
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import Request, SkillContext
from voice.skills.booking import BookingSkill
from voice.skills.payment import PaymentSkill
from voice.wallet import Limits, PaymentOrder, Wallet

NOW = datetime(2026, 11, 24, 9, 0)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per run of `action`."""
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def show(label: str, millis: list[float]) -> None:
    p95 = statistics.quantiles(millis, n=20)[-1] if len(millis) > 1 else millis[0]
    print(f"{label:<42} median {statistics.median(millis):7.2f} ms   p95 {p95:7.2f} ms"
          f"   ({len(millis)} runs)")


def bench_ledger(folder: Path, payments: int) -> None:
    wallet = Wallet(open_database(folder / "ledger.db"), Limits(10**12, 10**12))
    wallet.setup({"alipay": 10**12})
    counter = iter(range(10**9))

    def pay() -> None:
        wallet.pay(PaymentOrder(f"k{next(counter)}", "alipay", 1_500, "Car Park", "parking",
                                NOW))

    millis = timed(pay, payments)
    show("wallet.pay (one committed transaction)", millis)
    print(f"{'payments per second':<42} {1000 * len(millis) / sum(millis):7.0f}")
    show("wallet.pay retry (same key, replayed)",
         timed(lambda: wallet.pay(PaymentOrder("k0", "alipay", 1_500, "Car Park", "parking",
                                               NOW)), payments))


def bench_skills(folder: Path, bookings: int) -> None:
    config = Config(data_dir=folder)
    conn = open_database(folder / "skills.db")
    context = SkillContext(config=config, db=conn, vehicle=SimulatedVehicle(conn, config))
    booking, payment = BookingSkill(), PaymentSkill()
    booking.setup(context)
    payment.setup(context)
    counter = iter(range(10**9))

    def book() -> None:
        n = next(counter)
        moment = NOW + timedelta(days=1 + n // 16, hours=n % 8)
        slots = {"date": moment.date().isoformat(), "time": moment.strftime("%H:%M"),
                 "dealer": "yizhuang"}  # open daily, hourly slots for three cars
        reply = booking.confirm(Request("book_service", slots, "en", 0.95, f"book {n}", NOW),
                                context)
        assert "id" in reply.data, reply.text

    show("booking.confirm (book a slot)", timed(book, bookings))
    full = Request("book_service", {"date": "2026-11-25", "time": "10:00"}, "en", 0.95,
                   "book tomorrow at ten", NOW)
    for n in range(2):  # the default dealer takes two cars per slot
        booking.confirm(Request(full.intent, full.slots, "en", 0.95, f"fill {n}", NOW), context)
    assert booking.handle(full, context).data["problem"] == "full"
    show("booking.handle (full slot, offer free ones)",
         timed(lambda: booking.handle(full, context), bookings))
    bill_request = Request("pay", {"purpose": "toll", "amount": 5}, "en", 0.95, "pay toll", NOW)
    show("payment.handle (confirmation question)",
         timed(lambda: payment.handle(bill_request, context), bookings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=500)
    parser.add_argument("--bookings", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_ledger(Path(folder), args.payments)
        bench_skills(Path(folder), args.bookings)


if __name__ == "__main__":
    main()
