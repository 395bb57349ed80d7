"""Whole conversations through the dialogue: follow-up, confirmation, then booking or paying."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.commerce_support import NOW, make_context
from tests.simple_parse import simple_parse
from voice.appointments import AppointmentBook
from voice.commands import ask as ask_module
from voice.commands.ask import chat
from voice.commands.bills import bills
from voice.dialog import Dialog
from voice.intents import Parse
from voice.payments import payment_settings
from voice.skills import Reply
from voice.skills.booking import BookingSkill
from voice.skills.payment import PaymentSkill
from voice.skills.registry import Registry
from voice.wallet import Wallet

COMMANDS: list[tuple[str, str, dict[str, object]]] = [
    (r"book a service", "book_service", {"service_type": "maintenance"}),
    (r"预约保养", "book_service", {"service_type": "maintenance"}),
    (r"pay the parking fee", "pay", {"purpose": "parking"}),
    (r"支付停车费", "pay", {"purpose": "parking"}),
    (r"pay for charging", "pay", {"purpose": "charging"}),
]


def parse(text: str, lang: str, now: datetime) -> Parse:
    """The dialogue tests' small parser, plus the booking and payment commands."""
    for pattern, intent, slots in COMMANDS:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            found_lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
            return Parse(intent, dict(slots), 0.95, found_lang, text)
    return simple_parse(text, lang, now)


@pytest.fixture
def dialog(tmp_path: Path) -> Dialog:
    context = make_context(tmp_path)
    registry = Registry()
    for skill in (BookingSkill(), PaymentSkill()):
        registry.add(skill, skill.name)
    return Dialog(registry, context, parse)


def run(dialog: Dialog, *turns: str, now: datetime = NOW) -> list[Reply]:
    return [dialog.turn(text, "auto", now) for text in turns]


def wallet(dialog: Dialog) -> Wallet:
    settings = payment_settings(dialog.context.config.section("payment"))
    return Wallet(dialog.context.db, settings.limits)


def appointments(dialog: Dialog) -> list[str]:
    return [a.starts_at.isoformat(timespec="minutes")
            for a in AppointmentBook(dialog.context.db).find()]


def test_book_tomorrow_at_ten_after_a_follow_up_and_a_yes(dialog: Dialog) -> None:
    question, check, done = run(dialog, "book a service", "tomorrow at ten", "yes")
    assert question.expects == ("date", "time")
    assert check.needs_confirmation and "tomorrow, Wednesday November 25, at 10 am" in check.text
    assert done.done and "Booked" in done.text
    assert appointments(dialog) == ["2026-11-25T10:00"]


def test_booking_conversation_in_chinese(dialog: Dialog) -> None:
    question, check, done = run(dialog, "预约保养", "明天上午十点", "确认")
    assert question.lang == "zh" and "哪天几点" in question.text
    assert check.text.endswith("确认吗？")
    assert done.text.startswith("已为您预约")
    assert appointments(dialog) == ["2026-11-25T10:00"]


def test_full_slot_then_the_driver_picks_another_time(dialog: Dialog) -> None:
    for minute in range(2):  # two other drivers take the two places at ten
        run(dialog, "book a service", "tomorrow at ten", "yes", now=NOW.replace(minute=minute))
    later = NOW.replace(minute=5)
    _, offer, check, done = run(dialog, "book a service", "tomorrow at ten", "half past ten",
                                "yes", now=later)
    assert "fully booked" in offer.text and offer.expects == ("date", "time")
    assert check.needs_confirmation and "10:30 am" in check.text
    assert "Booked" in done.text
    assert appointments(dialog) == ["2026-11-25T10:00", "2026-11-25T10:00",
                                    "2026-11-25T10:30"]


def test_pending_parking_fee_is_paid_only_after_yes(dialog: Dialog) -> None:
    ledger = wallet(dialog)
    PaymentSkill().setup(dialog.context)
    ledger.add_bill("parking", 1_500, "Wangfujing Car Park", NOW)
    check, refused = run(dialog, "pay the parking fee", "no")
    assert check.needs_confirmation and "15 yuan" in check.text
    assert ledger.receipts() == [] and ledger.bills(pending_only=True)
    check, paid = run(dialog, "pay the parking fee", "yes")
    assert paid.text.startswith("Paid 15 yuan to Wangfujing Car Park")
    assert [r.amount_fen for r in ledger.receipts()] == [1_500]
    assert dialog.turn("yes", "auto", NOW).text == "There is nothing to confirm."
    assert [r.amount_fen for r in ledger.receipts()] == [1_500]


def test_chinese_parking_fee(dialog: Dialog) -> None:
    PaymentSkill().setup(dialog.context)
    wallet(dialog).add_bill("parking", 800, "国贸停车场", NOW)
    check, paid = run(dialog, "支付停车费", "确认")
    assert check.text == "用支付宝向国贸停车场支付停车费8元，确认吗？"
    assert paid.text == "已用支付宝向国贸停车场支付8元。余额992元。"


def test_payment_without_a_bill_asks_for_the_amount(dialog: Dialog) -> None:
    question, check, paid = run(dialog, "pay for charging", "30 yuan", "yes")
    assert question.expects == ("amount",)
    assert check.text == ("Pay 30 yuan to the charging station for charging with Alipay? "
                          "Say yes to confirm.")
    assert paid.text.startswith("Paid 30 yuan")
    assert wallet(dialog).balance("alipay") == 100_000 - 3_000


def test_scripted_chat_books_and_pays_only_after_yes(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n')
    monkeypatch.setenv("VOICE_CONFIG", str(config))
    monkeypatch.setattr(ask_module, "intent_parser", lambda: parse)
    runner = CliRunner()
    added = runner.invoke(bills, ["add", "--purpose", "parking", "--amount", "15",
                                  "--payee", "Wangfujing Car Park"])
    assert added.exit_code == 0, added.output
    script = "book a service\ntomorrow at ten\nyes\npay the parking fee\nno\n" \
             "pay the parking fee\nyes\n"
    result = runner.invoke(chat, ["--now", "2026-11-24T09:00"], input=script)
    assert result.exit_code == 0, result.output
    replies = [line for line in result.output.splitlines() if line.strip()]
    assert "What day and time" in replies[0]
    assert "tomorrow, Wednesday November 25, at 10 am? Please confirm." in replies[1]
    assert "Your appointment number is 1." in replies[2]
    assert "Pay 15 yuan to Wangfujing Car Park" in replies[3]
    assert "won't" in replies[4]
    assert replies[6].startswith("Paid 15 yuan to Wangfujing Car Park")
    listed = runner.invoke(bills, ["list", "--all"])
    assert "(settled)" in listed.output
