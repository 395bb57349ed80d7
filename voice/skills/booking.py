"""The `book_service` skill: ask for a missing day and time, offer free slots, book on confirm."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from voice.appointments import SERVICE_TYPES, Appointment, AppointmentBook, SlotUnavailable
from voice.dealers import Dealer, default_dealer, find_dealer, load_dealers
from voice.errors import SkillError
from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.spoken import spoken_date, spoken_datetime, spoken_list

SERVICE_WORDS = {
    "en": {"maintenance": "maintenance service", "oil_change": "oil change",
           "tire_change": "tire change", "inspection": "inspection", "repair": "repair",
           "car_wash": "car wash", "battery_check": "battery check"},
    "zh": {"maintenance": "保养", "oil_change": "换机油", "tire_change": "换轮胎",
           "inspection": "检测", "repair": "维修", "car_wash": "洗车",
           "battery_check": "电池检测"},
}


class BookingSkill:
    """Books service appointments at dealers; see `voice.dealers` for their hours."""

    name = "booking"
    intents: tuple[str, ...] = ("book_service",)

    def setup(self, context: SkillContext) -> None:
        """Create the appointments table."""
        AppointmentBook(context.db).setup()

    def handle(self, request: Request, context: SkillContext) -> Reply:
        """Ask for what is missing, offer other slots, or ask to confirm the booking."""
        request = _wall_clock(request)
        lang = request.lang
        dealer = _dealer(request, context)
        if dealer is None:
            return _unknown_dealer(request, context)
        service = _service(request)
        missing = tuple(slot for slot in ("date", "time") if not request.slots.get(slot))
        if missing:
            return _ask_when(request, dealer, service, missing)
        moment = _moment(request)
        book = AppointmentBook(context.db)
        problem = book.slot_problem(dealer, moment, request.now)
        if problem:
            return _offer_other_slots(request, book, dealer, service, moment, problem)
        when = spoken_datetime(moment, request.now, lang)
        what = SERVICE_WORDS[lang][service]
        text = (f"为您预约{when}在{dealer.name(lang)}{what}，确认吗？" if lang == "zh" else
                f"Book {_article(what)} {what} at {dealer.name(lang)} {when}? Please confirm.")
        return Reply(text, lang, data=_details(dealer, service, moment),
                     needs_confirmation=True, done=False)

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        """Book the slot the driver confirmed (once, even when confirmed twice)."""
        request = _wall_clock(request)
        dealer = _dealer(request, context)
        if dealer is None:
            return _unknown_dealer(request, context)
        service = _service(request)
        moment = _moment(request)
        book = AppointmentBook(context.db)
        try:
            appointment, _ = book.book(dealer, service, moment, request.now, _request_key(request))
        except SlotUnavailable as exc:
            return _offer_other_slots(request, book, dealer, service, moment, exc.reason)
        return _booked(request, dealer, appointment)


def _wall_clock(request: Request) -> Request:
    """Dealer hours are wall-clock times: compare them with a naive `now`."""
    if request.now.tzinfo is None:
        return request
    return replace(request, now=request.now.replace(tzinfo=None))


def _dealer(request: Request, context: SkillContext) -> Dealer | None:
    section = context.config.section("booking")
    dealers = load_dealers(section)
    spoken = str(request.slots.get("dealer") or "").strip()
    if spoken:
        return find_dealer(dealers, spoken)
    try:
        position: tuple[float, float] | None = context.vehicle.position()
    except Exception:  # a car that cannot tell its position still gets a dealer
        position = None
    return default_dealer(dealers, section, position)


def _service(request: Request) -> str:
    service = str(request.slots.get("service_type") or "maintenance")
    if service not in SERVICE_TYPES:
        raise SkillError(f"unknown service type {service!r}")
    return service


def _moment(request: Request) -> datetime:
    try:
        day = date.fromisoformat(str(request.slots["date"]))
        clock = time.fromisoformat(str(request.slots["time"]))
    except (KeyError, ValueError) as exc:
        raise SkillError(f"cannot read the appointment date and time: {exc}") from exc
    return datetime.combine(day, clock)


def _details(dealer: Dealer, service: str, moment: datetime) -> dict[str, Any]:
    return {"dealer_id": dealer.id, "dealer": dealer.name_en, "service_type": service,
            "starts_at": moment.isoformat(timespec="minutes")}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _request_key(request: Request) -> str:
    parts = [request.now.isoformat(), request.text, *sorted(
        f"{key}={value}" for key, value in request.slots.items())]
    return "book-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _ask_when(request: Request, dealer: Dealer, service: str,
              missing: tuple[str, ...]) -> Reply:
    lang = request.lang
    what = SERVICE_WORDS[lang][service]
    if missing == ("time",):
        day = spoken_date(date.fromisoformat(str(request.slots["date"])), request.now.date(),
                          lang)
        text = f"请问{day}几点？" if lang == "zh" else f"At what time {day}?"
    elif missing == ("date",):
        text = "请问预约哪一天？" if lang == "zh" else "On which day?"
    else:
        text = (f"请问{what}想预约哪天几点？" if lang == "zh" else
                f"What day and time would you like the {what} at {dealer.name(lang)}?")
    data = {"dealer_id": dealer.id, "service_type": service, "missing": list(missing)}
    return Reply(text, lang, data=data, expects=missing, done=False)


def _offer_other_slots(request: Request, book: AppointmentBook, dealer: Dealer, service: str,
                       moment: datetime, problem: str) -> Reply:
    lang = request.lang
    name = dealer.name(lang)
    when = spoken_datetime(moment, request.now, lang)
    reason = {
        "en": {"past": f"{when[0].upper()}{when[1:]} has already passed.",
               "closed": f"{name} takes no appointments {when}.",
               "off_slot": f"{name} books appointments every {dealer.slot_minutes} minutes,"
                           f" not {when}.",
               "full": f"{name} is fully booked {when}."},
        "zh": {"past": f"{when}已经过去了。", "closed": f"{name}{when}不接受预约。",
               "off_slot": f"{name}每{dealer.slot_minutes}分钟一个预约时段，{when}不是时段开始。",
               "full": f"{name}{when}已经约满了。"},
    }[lang][problem]
    free = book.free_slots_near(dealer, moment, request.now)
    data = _details(dealer, service, moment) | {
        "problem": problem, "free_slots": [slot.isoformat(timespec="minutes") for slot in free]}
    if not free:
        text = (f"{reason}近两周都没有空闲时间。" if lang == "zh" else
                f"{reason} There is no free time in the next two weeks.")
        return Reply(text, lang, data=data)
    options = spoken_list([spoken_datetime(slot, request.now, lang) for slot in free], lang)
    text = (f"{reason}最近的空闲时间是{options}，您选哪个？" if lang == "zh" else
            f"{reason} The nearest free times are {options}. Which would you like?")
    return Reply(text, lang, data=data, expects=("date", "time"), done=False)


def _booked(request: Request, dealer: Dealer, appointment: Appointment) -> Reply:
    lang = request.lang
    when = spoken_datetime(appointment.starts_at, request.now, lang)
    what = SERVICE_WORDS[lang][appointment.service_type]
    text = (f"已为您预约{when}在{dealer.name(lang)}{what}，预约号{appointment.id}。"
            if lang == "zh" else
            f"Booked: {what} at {dealer.name(lang)} {when}. Your appointment number is "
            f"{appointment.id}.")
    data = appointment.to_dict() | {"dealer": dealer.name_en, "address": dealer.address}
    return Reply(text, lang, data=data)


def _unknown_dealer(request: Request, context: SkillContext) -> Reply:
    lang = request.lang
    spoken = str(request.slots.get("dealer"))
    names = spoken_list([d.name(lang) for d in load_dealers(context.config.section("booking"))],
                        lang)
    text = (f"我不知道叫“{spoken}”的服务中心。可以预约的有{names}。" if lang == "zh" else
            f"I don't know a service center called {spoken}. I can book at {names}.")
    return Reply(text, lang, data={"problem": "unknown_dealer", "dealer": spoken})
