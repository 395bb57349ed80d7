"""`check_frame` accepts the frames of INTENTS.md's examples and names what is wrong in others."""

from __future__ import annotations

from typing import Any

import pytest

from voice.contract import INTENTS, check_frame

# The examples of INTENTS.md with the frame each one parses to (now = Tuesday 2026-11-24 09:00).
EXAMPLES: list[tuple[str, str | None, dict[str, Any]]] = [
    ("navigate to Beijing West Railway Station", "navigate",
     {"destination": "Beijing West Railway Station"}),
    ("take me home", "navigate", {"saved_place": "home"}),
    ("find the nearest gas station", "navigate", {"poi_category": "gas_station"}),
    ("drive to the airport avoiding tolls", "navigate",
     {"destination": "airport", "route_preference": "avoid_tolls"}),
    ("去机场，不走高速", "navigate", {"destination": "机场", "route_preference": "avoid_highways"}),
    ("stop navigation", "cancel_navigation", {}),
    ("book a service appointment for tomorrow at 10 am", "book_service",
     {"service_type": "maintenance", "date": "2026-11-25", "time": "10:00"}),
    ("帮我约下周一下午三点换机油", "book_service",
     {"service_type": "oil_change", "date": "2026-11-30", "time": "15:00"}),
    ("pay the parking fee", "pay", {"purpose": "parking"}),
    ("pay 30 yuan for charging with Alipay", "pay",
     {"purpose": "charging", "amount": 30, "currency": "CNY", "method": "alipay"}),
    ("支付五十元加油费", "pay", {"purpose": "fuel", "amount": 50, "currency": "CNY"}),
    ("set the temperature to 22 degrees", "set_temperature", {"temperature": 22}),
    ("副驾温度调到24度", "set_temperature", {"temperature": 24, "zone": "passenger"}),
    ("I'm cold", "adjust_temperature", {"direction": "up"}),
    ("温度升高两度", "adjust_temperature", {"direction": "up", "delta": 2}),
    ("turn on the AC", "climate_control", {"action": "on", "device": "ac"}),
    ("关闭座椅加热", "climate_control", {"action": "off", "device": "seat_heater"}),
    ("open the driver window", "window", {"action": "open", "position": "driver"}),
    ("close all windows", "window", {"action": "close", "position": "all"}),
    ("打开天窗", "window", {"action": "open", "position": "sunroof"}),
    ("play some jazz", "play_music", {"query": "jazz"}),
    ("放点音乐", "play_music", {}),
    ("next song", "media_control", {"action": "next"}),
    ("音量调大", "set_volume", {"action": "up"}),
    ("set the volume to 5", "set_volume", {"action": "set", "level": 5}),
    ("mute", "set_volume", {"action": "mute"}),
    ("打电话给张三", "call", {"contact": "张三"}),
    ("yes", "confirm", {}),
    ("不要", "deny", {}),
    ("never mind", "cancel", {}),
    ("what can you do", "help", {}),
    ("what's the weather in Paris", None, {}),
]

# Frames that break the contract, with a word the problem must name.
WRONG: list[tuple[str, str | None, dict[str, Any], str]] = [
    ("unknown intent", "open_trunk", {}, "open_trunk"),
    ("unknown slot", "set_temperature", {"temperature": 22, "fan_speed": 3}, "fan_speed"),
    ("bad enum value", "climate_control", {"action": "on", "device": "radio"}, "device"),
    ("enum of another intent", "window", {"action": "on", "position": "all"}, "action"),
    ("missing required slot", "call", {}, "contact"),
    ("missing default position", "window", {"action": "open"}, "position"),
    ("two navigate targets", "navigate",
     {"destination": "airport", "saved_place": "home"}, "exactly one"),
    ("no navigate target", "navigate", {"route_preference": "fastest"}, "exactly one"),
    ("amount without currency", "pay", {"purpose": "fuel", "amount": 50}, "currency"),
    ("level without set", "set_volume", {"action": "up", "level": 5}, "level"),
    ("set without level", "set_volume", {"action": "set"}, "level"),
    ("level above 10", "set_volume", {"action": "set", "level": 11}, "0-10"),
    ("fractional level", "set_volume", {"action": "set", "level": 2.5}, "0-10"),
    ("negative number", "adjust_temperature", {"direction": "up", "delta": -2}, "delta"),
    ("boolean as number", "set_temperature", {"temperature": True}, "temperature"),
    ("date not ISO", "book_service", {"service_type": "repair", "date": "11/30"}, "date"),
    ("no such day", "book_service", {"service_type": "repair", "date": "2026-02-30"}, "date"),
    ("time as spoken", "book_service", {"service_type": "repair", "time": "10 am"}, "time"),
    ("hour 24", "book_service", {"service_type": "repair", "time": "24:00"}, "time"),
    ("untrimmed text", "call", {"contact": " Mom"}, "contact"),
    ("empty text", "play_music", {"query": ""}, "query"),
    ("slots without intent", None, {"query": "jazz"}, "query"),
]


@pytest.mark.parametrize(("sentence", "intent", "slots"), EXAMPLES,
                         ids=[sentence for sentence, _, _ in EXAMPLES])
def test_the_examples_of_the_contract_obey_it(sentence: str, intent: str | None,
                                              slots: dict[str, Any]) -> None:
    assert check_frame(intent, slots) == []


def test_the_examples_cover_every_intent() -> None:
    assert {intent for _, intent, _ in EXAMPLES} == set(INTENTS) | {None}


@pytest.mark.parametrize(("case", "intent", "slots", "named"), WRONG,
                         ids=[case for case, _, _, _ in WRONG])
def test_a_wrong_frame_gets_one_problem_that_names_it(case: str, intent: str | None,
                                                      slots: dict[str, Any], named: str) -> None:
    problems = check_frame(intent, slots)
    assert len(problems) == 1, problems
    assert named in problems[0]
