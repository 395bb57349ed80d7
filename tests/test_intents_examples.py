"""Every example of the intent contract (INTENTS.md) parses right, in both languages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from voice.intents import Parser, parse

NOW = datetime(2026, 11, 24, 9, 0)

EXAMPLES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("en", "navigate to Beijing West Railway Station", "navigate",
     {"destination": "Beijing West Railway Station"}),
    ("en", "take me home", "navigate", {"saved_place": "home"}),
    ("en", "find the nearest gas station", "navigate", {"poi_category": "gas_station"}),
    ("en", "drive to the airport avoiding tolls", "navigate",
     {"destination": "airport", "route_preference": "avoid_tolls"}),
    ("en", "stop navigation", "cancel_navigation", {}),
    ("en", "end the route", "cancel_navigation", {}),
    ("en", "book a service appointment for tomorrow at 10 am", "book_service",
     {"service_type": "maintenance", "date": "2026-11-25", "time": "10:00"}),
    ("en", "schedule an oil change next Monday afternoon at three", "book_service",
     {"service_type": "oil_change", "date": "2026-11-30", "time": "15:00"}),
    ("en", "pay the parking fee", "pay", {"purpose": "parking"}),
    ("en", "pay 30 yuan for charging with Alipay", "pay",
     {"purpose": "charging", "amount": 30, "currency": "CNY", "method": "alipay"}),
    ("en", "set the temperature to 22 degrees", "set_temperature", {"temperature": 22}),
    ("en", "passenger side 24", "set_temperature", {"temperature": 24, "zone": "passenger"}),
    ("en", "I'm cold", "adjust_temperature", {"direction": "up"}),
    ("en", "make it cooler", "adjust_temperature", {"direction": "down"}),
    ("en", "raise the temperature by two degrees", "adjust_temperature",
     {"direction": "up", "delta": 2}),
    ("en", "turn on the AC", "climate_control", {"action": "on", "device": "ac"}),
    ("en", "switch off the seat heater", "climate_control",
     {"action": "off", "device": "seat_heater"}),
    ("en", "open the driver window", "window", {"action": "open", "position": "driver"}),
    ("en", "close all windows", "window", {"action": "close", "position": "all"}),
    ("en", "open the sunroof", "window", {"action": "open", "position": "sunroof"}),
    ("en", "play some jazz", "play_music", {"query": "jazz"}),
    ("en", "play Jay Chou", "play_music", {"query": "Jay Chou"}),
    ("en", "pause", "media_control", {"action": "pause"}),
    ("en", "next song", "media_control", {"action": "next"}),
    ("en", "volume up", "set_volume", {"action": "up"}),
    ("en", "set the volume to 5", "set_volume", {"action": "set", "level": 5}),
    ("en", "mute", "set_volume", {"action": "mute"}),
    ("en", "call Mom", "call", {"contact": "Mom"}),
    ("en", "phone Zhang San", "call", {"contact": "Zhang San"}),
    ("en", "yes", "confirm", {}),
    ("en", "confirm", "confirm", {}),
    ("en", "go ahead", "confirm", {}),
    ("en", "no", "deny", {}),
    ("en", "don't", "deny", {}),
    ("en", "cancel", "cancel", {}),
    ("en", "never mind", "cancel", {}),
    ("en", "what can you do", "help", {}),
    ("zh", "导航到北京西站", "navigate", {"destination": "北京西站"}),
    ("zh", "带我回家", "navigate", {"saved_place": "home"}),
    ("zh", "附近的加油站", "navigate", {"poi_category": "gas_station"}),
    ("zh", "去机场，不走高速", "navigate",
     {"destination": "机场", "route_preference": "avoid_highways"}),
    ("zh", "取消导航", "cancel_navigation", {}),
    ("zh", "结束导航", "cancel_navigation", {}),
    ("zh", "预约明天上午十点保养", "book_service",
     {"service_type": "maintenance", "date": "2026-11-25", "time": "10:00"}),
    ("zh", "帮我约下周一下午三点换机油", "book_service",
     {"service_type": "oil_change", "date": "2026-11-30", "time": "15:00"}),
    ("zh", "用支付宝支付停车费", "pay", {"purpose": "parking", "method": "alipay"}),
    ("zh", "支付五十元加油费", "pay", {"purpose": "fuel", "amount": 50, "currency": "CNY"}),
    ("zh", "把温度调到二十二度", "set_temperature", {"temperature": 22}),
    ("zh", "副驾温度调到24度", "set_temperature", {"temperature": 24, "zone": "passenger"}),
    ("zh", "我有点冷", "adjust_temperature", {"direction": "up"}),
    ("zh", "温度调低一点", "adjust_temperature", {"direction": "down"}),
    ("zh", "温度升高两度", "adjust_temperature", {"direction": "up", "delta": 2}),
    ("zh", "打开空调", "climate_control", {"action": "on", "device": "ac"}),
    ("zh", "关闭座椅加热", "climate_control", {"action": "off", "device": "seat_heater"}),
    ("zh", "打开主驾车窗", "window", {"action": "open", "position": "driver"}),
    ("zh", "关闭所有车窗", "window", {"action": "close", "position": "all"}),
    ("zh", "打开天窗", "window", {"action": "open", "position": "sunroof"}),
    ("zh", "播放周杰伦的歌", "play_music", {"query": "周杰伦"}),
    ("zh", "放点音乐", "play_music", {}),
    ("zh", "暂停", "media_control", {"action": "pause"}),
    ("zh", "下一首", "media_control", {"action": "next"}),
    ("zh", "音量调大", "set_volume", {"action": "up"}),
    ("zh", "音量调到五", "set_volume", {"action": "set", "level": 5}),
    ("zh", "静音", "set_volume", {"action": "mute"}),
    ("zh", "打电话给张三", "call", {"contact": "张三"}),
    ("zh", "呼叫妈妈", "call", {"contact": "妈妈"}),
    ("zh", "是的", "confirm", {}),
    ("zh", "确认", "confirm", {}),
    ("zh", "好的", "confirm", {}),
    ("zh", "不", "deny", {}),
    ("zh", "不要", "deny", {}),
    ("zh", "取消", "cancel", {}),
    ("zh", "算了", "cancel", {}),
    ("zh", "你能做什么", "help", {}),
]


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), EXAMPLES)
def test_contract_example(parser: Parser, lang: str, text: str, intent: str,
                          slots: dict[str, Any]) -> None:
    for asked in (lang, "auto"):
        result = parser.parse(text, asked, NOW)
        assert (result.intent, result.slots, result.lang) == (intent, slots, lang)
        assert result.confidence >= parser.threshold
        assert result.text == text


@pytest.mark.parametrize(("text", "lang"), [
    ("tell me a joke", "en"), ("支付宝是哪家公司的", "zh"), ("我昨天去了机场", "zh"),
])
def test_out_of_domain_gives_no_intent(parser: Parser, text: str, lang: str) -> None:
    result = parser.parse(text, "auto", NOW)
    assert result.intent is None and result.slots == {} and result.lang == lang
    assert result.confidence < parser.threshold


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("navigate two the airport", "navigate", {"destination": "airport"}),
    ("book a servers appointment for tomorrow at ten am", "book_service",
     {"service_type": "maintenance", "date": "2026-11-25", "time": "10:00"}),
    ("到航到北京西站", "navigate", {"destination": "北京西站"}),
    ("预约明天保样", "book_service", {"service_type": "maintenance", "date": "2026-11-25"}),
    ("导航 到 北京 西站", "navigate", {"destination": "北京西站"}),
    ("把温度调到２２度", "set_temperature", {"temperature": 22}),
])
def test_recognition_errors_still_parse(parser: Parser, text: str, intent: str,
                                        slots: dict[str, Any]) -> None:
    result = parser.parse(text, "auto", NOW)
    assert (result.intent, result.slots) == (intent, slots)
    assert parser.threshold <= result.confidence < 1.0 or text.count(" ") or "２" in text


def test_mixed_chinese_and_latin_is_chinese() -> None:
    result = parse("导航到Starbucks", now=NOW)
    assert (result.intent, result.slots, result.lang) == (
        "navigate", {"destination": "Starbucks"}, "zh")
