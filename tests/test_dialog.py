"""The dialogue: follow-up questions, confirmation of risky actions, cancel, timeout, language."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from tests.conftest import NOW
from tests.simple_parse import simple_parse
from voice.db import migrate, transaction
from voice.dialog import Dialog
from voice.skills import Reply
from voice.skills.api import Request, Skill, SkillContext
from voice.skills.base import say
from voice.skills.climate import ClimateSkill
from voice.skills.navigation import NavigationSkill
from voice.skills.registry import Registry


class TableBookingSkill:
    """A risky skill: it asks for date and time, then books only after a confirmation."""

    name = "tables"
    intents = ("book_table",)

    def setup(self, context: SkillContext) -> None:
        migrate(context.db, "tables", ["CREATE TABLE bookings (day TEXT, at TEXT)"])

    def handle(self, request: Request, context: SkillContext) -> Reply:
        missing = tuple(s for s in ("date", "time") if not request.slots.get(s))
        if missing:
            return Reply(say(request.lang, "What day and time?", "哪天几点？"), request.lang,
                         expects=("date", "time"), done=False)
        day, at = request.slots["date"], request.slots["time"]
        return Reply(say(request.lang, f"Book a table on {day} at {at}?",
                         f"预约{day} {at}的餐厅，确认吗？"),
                     request.lang, needs_confirmation=True, done=False)

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        with transaction(context.db):
            context.db.execute("INSERT INTO bookings VALUES (?, ?)",
                               (request.slots["date"], request.slots["time"]))
        return Reply(say(request.lang, "Booked.", "已预约。"), request.lang)


def bookings(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return db.execute("SELECT day, at FROM bookings").fetchall()


@pytest.fixture
def dialog(context: SkillContext) -> Dialog:
    registry = Registry()
    skills: list[Skill] = [TableBookingSkill(), NavigationSkill(), ClimateSkill()]
    for skill in skills:
        registry.add(skill, skill.name)
    return Dialog(registry, context, simple_parse)


def run(dialog: Dialog, *turns: str, now: datetime = NOW) -> list[Reply]:
    return [dialog.turn(text, "auto", now) for text in turns]


def test_follow_up_then_confirm_books(dialog: Dialog) -> None:
    question, check, done = run(dialog, "book a table", "tomorrow at ten", "yes")
    assert question.text == "What day and time?" and not question.done
    assert check.needs_confirmation and "2026-11-25 at 10:00" in check.text
    assert done.text == "Booked."
    assert bookings(dialog.context.db) == [("2026-11-25", "10:00")]


def test_follow_up_in_chinese(dialog: Dialog) -> None:
    question, check, done = run(dialog, "预约餐厅", "明天上午十点", "确认")
    assert question.text == "哪天几点？"
    assert "2026-11-25 10:00" in check.text
    assert done.text == "已预约。"


def test_reply_follows_the_language_of_the_last_utterance(dialog: Dialog) -> None:
    replies = run(dialog, "book a table", "明天上午十点", "yes")
    assert [r.lang for r in replies] == ["en", "zh", "en"]
    assert replies[1].text.endswith("确认吗？")


def test_answer_without_the_slots_asks_again(dialog: Dialog) -> None:
    _, again = run(dialog, "book a table", "purple elephants")
    assert again.expects == ("date", "time") and not again.done


@pytest.mark.parametrize("answer", ["no", "cancel", "不要", "算了", "purple elephants",
                                    "maybe yes"])
def test_anything_but_a_clear_yes_aborts(dialog: Dialog, answer: str) -> None:
    run(dialog, "book a table", "tomorrow at ten")
    reply = dialog.turn(answer, "auto", NOW)
    assert not reply.needs_confirmation
    assert dialog.turn("yes", "auto", NOW).text == "There is nothing to confirm."
    assert bookings(dialog.context.db) == []


def test_a_new_command_aborts_the_confirmation_and_runs(dialog: Dialog) -> None:
    run(dialog, "book a table", "tomorrow at ten")
    reply = dialog.turn("turn on the AC", "auto", NOW)
    assert reply.text == "Turned on the AC."
    dialog.turn("yes", "auto", NOW)
    assert bookings(dialog.context.db) == []


def test_silence_aborts(dialog: Dialog) -> None:
    run(dialog, "book a table", "tomorrow at ten")
    assert "cancelled" in dialog.silence(NOW).text
    dialog.turn("yes", "auto", NOW)
    assert bookings(dialog.context.db) == []


def test_timeout_aborts(dialog: Dialog) -> None:
    run(dialog, "book a table", "tomorrow at ten")
    late = dialog.turn("yes", "auto", NOW + timedelta(minutes=5))
    assert "timed out" in late.text
    assert bookings(dialog.context.db) == []


def test_cancel_works_during_a_follow_up(dialog: Dialog) -> None:
    _, cancelled, after = run(dialog, "book a table", "cancel", "tomorrow at ten")
    assert cancelled.text == "Cancelled." and cancelled.data["cancelled"] == "book_table"
    assert after.text == "Sorry, I did not understand that."


def test_low_confidence_never_offers_a_risky_action(dialog: Dialog) -> None:
    _, reply = run(dialog, "maybe book a table", "tomorrow at ten")
    assert reply.data.get("low_confidence") and not reply.needs_confirmation
    dialog.turn("yes", "auto", NOW)
    assert bookings(dialog.context.db) == []


def test_pending_state_survives_a_new_process(dialog: Dialog, context: SkillContext) -> None:
    dialog.turn("book a table", "auto", NOW)
    second = Dialog(dialog.registry, context, simple_parse)
    second.turn("tomorrow at ten", "auto", NOW + timedelta(seconds=5))
    third = Dialog(dialog.registry, context, simple_parse)
    assert third.turn("yes", "auto", NOW + timedelta(seconds=10)).text == "Booked."


def test_sessions_are_separate(dialog: Dialog, context: SkillContext) -> None:
    run(dialog, "book a table", "tomorrow at ten")
    other = Dialog(dialog.registry, context, simple_parse, session="other")
    assert other.turn("yes", "auto", NOW).text == "There is nothing to confirm."


def test_missing_destination_is_filled_by_the_next_answer(dialog: Dialog) -> None:
    question, reply = run(dialog, "navigate", "北京西站")
    assert question.expects == ("destination",)
    assert "北京西站" in reply.text and "公里" in reply.text


def test_unknown_words_get_a_clear_answer(dialog: Dialog) -> None:
    assert dialog.turn("sing me a lullaby", "auto", NOW).text == "Sorry, I did not understand that."
