"""Paying by voice: pending bills, confirmation wording, limits and low-confidence refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.commerce_support import NOW, make_context, make_request
from voice.errors import PluginError, UsageError
from voice.payments import load_providers, payment_settings
from voice.skills.api import SkillContext
from voice.skills.payment import PaymentSkill
from voice.wallet import Wallet


def setup_context(tmp_path: Path, **payment: Any) -> SkillContext:
    context = make_context(tmp_path, payment=payment)
    PaymentSkill().setup(context)
    return context


def wallet_of(context: SkillContext) -> Wallet:
    settings = payment_settings(context.config.section("payment"))
    return Wallet(context.db, settings.limits)


@pytest.fixture
def context(tmp_path: Path) -> SkillContext:
    ctx = setup_context(tmp_path)
    wallet_of(ctx).add_bill("parking", 1_500, "Wangfujing Car Park", NOW)
    return ctx


def test_parking_bill_is_paid_only_after_confirmation(context: SkillContext) -> None:
    skill, wallet = PaymentSkill(), wallet_of(context)
    request = make_request("pay", purpose="parking")
    question = skill.handle(request, context)
    assert question.needs_confirmation and not question.done
    assert question.text == ("Pay 15 yuan to Wangfujing Car Park for the parking fee with "
                             "Alipay? Say yes to confirm.")
    assert wallet.balance("alipay") == 100_000 and wallet.receipts() == []
    paid = skill.confirm(request, context)
    assert paid.done
    assert paid.text == ("Paid 15 yuan to Wangfujing Car Park with Alipay. "
                         "Balance left: 985 yuan.")
    assert wallet.balance("alipay") == 98_500
    assert wallet.bills(pending_only=True) == []


def test_confirming_the_same_bill_twice_charges_once(context: SkillContext) -> None:
    skill, wallet = PaymentSkill(), wallet_of(context)
    request = make_request("pay", purpose="parking")
    skill.confirm(request, context)
    again = skill.confirm(request, context)
    assert again.expects == ("amount",)  # no bill left, so it asks instead of paying
    assert [r.amount_fen for r in wallet.receipts()] == [1_500]


def test_same_spoken_payment_confirmed_twice_charges_once(context: SkillContext) -> None:
    skill, wallet = PaymentSkill(), wallet_of(context)
    request = make_request("pay", purpose="fuel", amount=300, method="card")
    first = skill.confirm(request, context)
    second = skill.confirm(request, context)
    assert not first.data["replayed"] and second.data["replayed"]
    assert "nothing was charged twice" in second.text
    assert wallet.balance("card") == 500_000 - 30_000


def test_low_confidence_parse_never_pays(context: SkillContext) -> None:
    skill, wallet = PaymentSkill(), wallet_of(context)
    request = make_request("pay", purpose="parking", confidence=0.5)
    assert skill.handle(request, context).data["problem"] == "low_confidence"
    assert skill.confirm(request, context).data["problem"] == "low_confidence"
    assert wallet.receipts() == [] and wallet.balance("alipay") == 100_000


def test_confidence_threshold_comes_from_config(tmp_path: Path) -> None:
    context = setup_context(tmp_path, min_confidence=0.4)
    reply = PaymentSkill().handle(make_request("pay", purpose="toll", amount=10,
                                               confidence=0.5), context)
    assert reply.needs_confirmation


def test_no_bill_and_no_amount_asks_how_much(tmp_path: Path) -> None:
    context = setup_context(tmp_path)
    reply = PaymentSkill().handle(make_request("pay", purpose="charging"), context)
    assert reply.expects == ("amount",) and not reply.done
    assert "How much" in reply.text


def test_chinese_confirmation_repeats_amount_payee_and_method(context: SkillContext) -> None:
    reply = PaymentSkill().handle(
        make_request("pay", lang="zh", purpose="fuel", amount=125.5, method="wechat_pay"),
        context)
    assert reply.text == "用微信支付向加油站支付加油费125元5角，确认吗？"
    assert reply.data["amount"] == "125.50" and reply.data["method"] == "wechat_pay"


def test_chinese_bill_payment(context: SkillContext) -> None:
    request = make_request("pay", lang="zh", purpose="parking", method="alipay")
    assert PaymentSkill().handle(request, context).text == (
        "用支付宝向Wangfujing Car Park支付停车费15元，确认吗？")
    paid = PaymentSkill().confirm(request, context)
    assert paid.text == "已用支付宝向Wangfujing Car Park支付15元。余额985元。"


def test_limits_from_config_refuse_before_asking(tmp_path: Path) -> None:
    context = setup_context(tmp_path, max_per_payment=100, max_per_day=150)
    skill, wallet = PaymentSkill(), wallet_of(context)
    too_big = skill.handle(make_request("pay", purpose="fuel", amount=120), context)
    assert too_big.data["problem"] == "per_payment_limit" and not too_big.needs_confirmation
    assert "limit of 100 yuan per payment" in too_big.text
    skill.confirm(make_request("pay", purpose="fuel", amount=100), context)
    over_day = skill.handle(make_request("pay", purpose="toll", amount=60), context)
    assert over_day.data["problem"] == "per_day_limit"
    assert skill.confirm(make_request("pay", purpose="toll", amount=60), context).data[
        "problem"] == "per_day_limit"
    assert [r.amount_fen for r in wallet.receipts()] == [10_000]


def test_foreign_currency_is_refused(context: SkillContext) -> None:
    reply = PaymentSkill().handle(make_request("pay", purpose="toll", amount=5, currency="USD"),
                                  context)
    assert reply.data["problem"] == "currency"


@pytest.mark.parametrize(("payment", "message"), [
    ({"max_per_payment": "lots"}, r"\[payment\] max_per_payment: not an amount"),
    ({"min_confidence": 2}, r"min_confidence must be a number from 0 to 1"),
    ({"default_method": "cash"}, r"default_method 'cash'"),
    ({"accounts": {"bitcoin": 5}}, r"'bitcoin' is not one of"),
])
def test_bad_payment_settings_are_named(tmp_path: Path, payment: dict[str, Any],
                                        message: str) -> None:
    with pytest.raises(UsageError, match=message):
        setup_context(tmp_path, **payment)


def test_configured_provider_factory_is_used_and_a_broken_one_named(tmp_path: Path) -> None:
    wallet = wallet_of(setup_context(tmp_path))
    providers = load_providers(wallet, {"card": "voice.payments:LedgerProvider"})
    assert providers["card"].method == "card" and providers["card"].balance() == 500_000
    with pytest.raises(PluginError, match="'mycar.nothing:Alipay' for alipay failed to load"):
        load_providers(wallet, {"alipay": "mycar.nothing:Alipay"})
    with pytest.raises(PluginError, match="lacks pay"):
        load_providers(wallet, {"alipay": "voice.wallet:Limits"})


def test_balance_too_low_is_said_before_asking(tmp_path: Path) -> None:
    context = setup_context(tmp_path, accounts={"wechat_pay": 10})
    reply = PaymentSkill().handle(make_request("pay", purpose="car_wash", amount=20,
                                               method="wechat_pay"), context)
    assert reply.data["problem"] == "insufficient_funds" and not reply.needs_confirmation
    assert reply.text == "There is not enough money on WeChat Pay for 20 yuan."
