"""Booking a service: follow-up questions, free slots, confirmation, in both languages."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from tests.commerce_support import make_context, make_request
from voice.appointments import AppointmentBook
from voice.errors import UsageError
from voice.skills.api import SkillContext
from voice.skills.booking import BookingSkill


@pytest.fixture
def context(tmp_path: Path) -> SkillContext:
    ctx = make_context(tmp_path)
    BookingSkill().setup(ctx)
    return ctx


def booked(context: SkillContext) -> list[tuple[str, str, str]]:
    return [(a.dealer_id, a.service_type, a.starts_at.isoformat(timespec="minutes"))
            for a in AppointmentBook(context.db).find()]


def test_asks_for_day_and_time_when_both_missing(context: SkillContext) -> None:
    reply = BookingSkill().handle(make_request("book_service", service_type="maintenance"),
                                  context)
    assert not reply.done and not reply.needs_confirmation
    assert reply.expects == ("date", "time")
    assert "what day and time" in reply.text.lower()


def test_asks_only_for_the_time_when_the_day_is_known(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", service_type="maintenance", date="2026-11-25"), context)
    assert reply.expects == ("time",)
    assert "tomorrow" in reply.text


def test_free_slot_needs_confirmation_and_books_nothing_yet(context: SkillContext) -> None:
    request = make_request("book_service", service_type="oil_change", date="2026-11-25",
                           time="10:00")
    reply = BookingSkill().handle(request, context)
    assert reply.needs_confirmation and not reply.done
    assert reply.text == ("Book an oil change at Wangjing Auto Service Center tomorrow, "
                          "Wednesday November 25, at 10 am? Please confirm.")
    assert booked(context) == []


def test_confirm_books_once_even_when_confirmed_twice(context: SkillContext) -> None:
    request = make_request("book_service", service_type="maintenance", date="2026-11-25",
                           time="10:00")
    first = BookingSkill().confirm(request, context)
    again = BookingSkill().confirm(request, context)
    assert first.done and "appointment number is 1" in first.text
    assert again.data["id"] == first.data["id"]
    assert booked(context) == [("bj-wangjing", "maintenance", "2026-11-25T10:00")]


def fill(context: SkillContext, date: str, time: str, times: int) -> None:
    for n in range(times):
        BookingSkill().confirm(make_request("book_service", text=f"booking {n}",
                                            service_type="maintenance", date=date, time=time),
                               context)


def test_full_slot_offers_the_nearest_free_ones(context: SkillContext) -> None:
    fill(context, "2026-11-25", "10:00", times=2)  # Wangjing takes two cars per slot
    reply = BookingSkill().handle(
        make_request("book_service", service_type="maintenance", date="2026-11-25",
                     time="10:00"), context)
    assert not reply.needs_confirmation and not reply.done
    assert reply.expects == ("date", "time")
    assert reply.data["problem"] == "full"
    assert reply.data["free_slots"] == ["2026-11-25T09:00", "2026-11-25T09:30",
                                        "2026-11-25T10:30"]
    assert "fully booked" in reply.text and "10:30 am" in reply.text


def test_closed_day_offers_slots_on_open_days(context: SkillContext) -> None:
    reply = BookingSkill().handle(  # Wangjing is closed on Sundays
        make_request("book_service", date="2026-11-29", time="10:00"), context)
    assert reply.data["problem"] == "closed"
    assert reply.data["free_slots"] == ["2026-11-28T16:00", "2026-11-28T16:30",
                                        "2026-11-28T17:00"]
    assert "takes no appointments" in reply.text


def test_past_time_offers_later_slots_today(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", date="2026-11-24", time="08:30"), context)
    assert reply.data["problem"] == "past"
    assert reply.data["free_slots"] == ["2026-11-24T09:30", "2026-11-24T10:00",
                                        "2026-11-24T10:30"]
    assert "already passed" in reply.text


def test_slot_taken_between_question_and_confirm_is_not_overbooked(
        context: SkillContext) -> None:
    request = make_request("book_service", date="2026-11-25", time="10:00")
    assert BookingSkill().handle(request, context).needs_confirmation
    fill(context, "2026-11-25", "10:00", times=2)
    reply = BookingSkill().confirm(request, context)
    assert reply.data["problem"] == "full" and not reply.done
    assert len(booked(context)) == 2


def test_chinese_question_confirmation_and_booking(context: SkillContext) -> None:
    skill = BookingSkill()
    question = skill.handle(make_request("book_service", lang="zh", service_type="maintenance"),
                            context)
    assert question.lang == "zh" and "哪天几点" in question.text
    request = make_request("book_service", lang="zh", service_type="maintenance",
                           date="2026-11-25", time="10:00")
    confirmation = skill.handle(request, context)
    assert confirmation.text == (
        "为您预约明天（11月25日星期三）上午10点在望京汽车服务中心保养，确认吗？")
    done = skill.confirm(request, context)
    assert done.text.startswith("已为您预约") and "预约号1" in done.text


def test_named_dealer_is_found_by_alias(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", dealer="jinqiao", date="2026-11-25", time="10:00"),
        context)
    assert reply.data["dealer_id"] == "sh-jinqiao"
    assert "Jinqiao Auto Service Center" in reply.text


def test_unknown_dealer_names_the_known_ones(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", dealer="Mars Garage", date="2026-11-25", time="10:00"),
        context)
    assert reply.data["problem"] == "unknown_dealer"
    assert "Mars Garage" in reply.text and "Xuhui Auto Service Center" in reply.text
    assert booked(context) == []


def test_dealer_nearest_to_the_car_is_the_default(tmp_path: Path) -> None:
    context = make_context(tmp_path, vehicle={"latitude": 31.23, "longitude": 121.47})
    BookingSkill().setup(context)
    reply = BookingSkill().handle(
        make_request("book_service", date="2026-11-25", time="10:00"), context)
    assert reply.data["dealer_id"] == "sh-xuhui"  # Shanghai, People's Square


def test_configured_dealer_with_its_own_hours(tmp_path: Path) -> None:
    dealer = {"id": "bj-sanlitun", "name_en": "Sanlitun Service", "name_zh": "三里屯服务站",
              "hours": {"wed": "13:00-15:00"}, "slot_minutes": 60, "capacity": 1}
    context = make_context(tmp_path, booking={"dealers": [dealer], "seed_dealers": False})
    skill = BookingSkill()
    skill.setup(context)
    reply = skill.handle(make_request("book_service", date="2026-11-25", time="10:00"), context)
    assert reply.data["dealer_id"] == "bj-sanlitun"
    assert reply.data["free_slots"] == ["2026-11-25T13:00", "2026-11-25T14:00",
                                        "2026-12-02T13:00"]


def test_bad_dealer_hours_are_a_clear_error(tmp_path: Path) -> None:
    dealer = {"id": "broken", "hours": {"mon": "18:00-09:00"}}
    context = make_context(tmp_path, booking={"dealers": [dealer]})
    with pytest.raises(UsageError, match="broken.*close before they open"):
        BookingSkill().handle(make_request("book_service", dealer="broken",
                                           date="2026-11-30", time="10:00"), context)


def test_cancelled_appointment_frees_its_slot(context: SkillContext) -> None:
    fill(context, "2026-11-25", "10:00", times=2)
    book = AppointmentBook(context.db)
    first = book.find()[0]
    book.cancel(first.id, make_request("x").now)
    assert book.get(first.id).status == "cancelled"
    reply = BookingSkill().handle(make_request("book_service", date="2026-11-25", time="10:00"),
                                  context)
    assert reply.needs_confirmation
    with pytest.raises(UsageError, match="already cancelled"):
        book.cancel(first.id, make_request("x").now)


def test_clock_with_a_time_zone_is_read_as_wall_clock(context: SkillContext) -> None:
    aware = make_request("x").now.replace(tzinfo=timezone(timedelta(hours=8)))
    reply = BookingSkill().handle(make_request("book_service", now=aware, date="2026-11-24",
                                               time="08:30"), context)
    assert reply.data["problem"] == "past"


def test_time_between_slot_starts_offers_the_slots_around_it(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", date="2026-11-25", time="10:15"), context)
    assert reply.data["problem"] == "off_slot"
    assert reply.data["free_slots"] == ["2026-11-25T09:30", "2026-11-25T10:00",
                                        "2026-11-25T10:30"]
    assert "every 30 minutes" in reply.text


def test_evening_is_closed(context: SkillContext) -> None:
    reply = BookingSkill().handle(
        make_request("book_service", lang="zh", date="2026-11-25", time="19:00"), context)
    assert reply.data["problem"] == "closed"
    assert reply.text.startswith("望京汽车服务中心明天（11月25日星期三）晚上7点不接受预约。")
    assert reply.data["free_slots"][-1] == "2026-11-25T17:00"


def test_unknown_day_in_hours_is_named(tmp_path: Path) -> None:
    context = make_context(tmp_path, booking={"dealers": [{"id": "odd", "hours": {"fun": "9-5"}}]})
    with pytest.raises(UsageError, match="odd: unknown day 'fun'"):
        BookingSkill().handle(make_request("book_service", date="2026-11-30", time="10:00"),
                              context)
