"""The wallet ledger: one charge per idempotency key, limits, bills and the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commerce_support import NOW
from voice.db import open_database
from voice.errors import SkillError
from voice.wallet import InsufficientFunds, LimitExceeded, Limits, PaymentOrder, Wallet


@pytest.fixture
def wallet(tmp_path: Path) -> Wallet:
    ledger = Wallet(open_database(tmp_path / "voice.db"),
                    Limits(per_payment_fen=50_000, per_day_fen=80_000))
    ledger.setup({"alipay": 100_000, "card": 1_000})
    return ledger


def order(key: str, fen: int, method: str = "alipay", bill_id: int | None = None) -> PaymentOrder:
    return PaymentOrder(idempotency_key=key, method=method, amount_fen=fen,
                        payee="Wangfujing Car Park", purpose="parking", now=NOW, bill_id=bill_id)


def test_payment_debits_once_per_key(wallet: Wallet) -> None:
    first = wallet.pay(order("k1", 1_500))
    retry = wallet.pay(order("k1", 1_500))
    assert not first.replayed and retry.replayed
    assert retry.transaction_id == first.transaction_id
    assert wallet.balance("alipay") == 98_500
    events = [entry["event"] for entry in wallet.audit_log()]
    assert events.count("payment_committed") == 1 and events.count("payment_replayed") == 1


def test_key_reused_for_another_amount_is_refused(wallet: Wallet) -> None:
    wallet.pay(order("k1", 1_500))
    with pytest.raises(SkillError, match="used for another payment"):
        wallet.pay(order("k1", 2_000))
    assert wallet.balance("alipay") == 98_500


def test_limits_and_balance_refuse_without_charging(wallet: Wallet) -> None:
    with pytest.raises(LimitExceeded, match="per-payment limit of 500.00"):
        wallet.pay(order("big", 50_001))
    wallet.pay(order("a", 50_000))
    with pytest.raises(LimitExceeded, match="daily limit of 800.00"):
        wallet.pay(order("b", 30_001))
    with pytest.raises(InsufficientFunds, match="card account holds 10.00"):
        wallet.pay(order("c", 1_001, method="card"))
    assert wallet.balances() == {"alipay": 50_000, "card": 1_000}
    refusals = [e for e in wallet.audit_log() if e["event"] == "payment_refused"]
    assert [e["idempotency_key"] for e in refusals] == ["big", "b", "c"]


def test_paying_a_bill_settles_it_and_only_once(wallet: Wallet) -> None:
    bill = wallet.add_bill("parking", 1_500, "Wangfujing Car Park", NOW)
    assert wallet.pending_bill("parking") == bill
    wallet.pay(order(f"bill-{bill.id}", 1_500, bill_id=bill.id))
    assert wallet.bill(bill.id).status == "settled"
    assert wallet.pending_bill("parking") is None
    with pytest.raises(SkillError, match="already paid"):
        wallet.pay(order("another-key", 1_500, bill_id=bill.id))
    assert wallet.balance("alipay") == 98_500


def test_opening_balances_are_set_once(wallet: Wallet) -> None:
    wallet.pay(order("k1", 1_500))
    wallet.setup({"alipay": 100_000, "card": 1_000})
    assert wallet.balance("alipay") == 98_500
