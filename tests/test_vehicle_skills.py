"""Climate, windows, media, volume and calls act on the simulated vehicle."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import request
from voice.errors import SkillError
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import SkillContext
from voice.skills.climate import ClimateSkill
from voice.skills.help import HelpSkill
from voice.skills.infotainment import InfotainmentSkill

climate = ClimateSkill()
media = InfotainmentSkill()


def test_set_temperature_for_all_zones(context: SkillContext) -> None:
    reply = climate.handle(request("set_temperature", temperature=24), context)
    assert "24" in reply.text
    state = context.vehicle.state()
    assert [state[f"climate.{z}_temperature"] for z in ("driver", "passenger", "rear")] == [24] * 3


def test_set_temperature_for_one_zone_in_chinese(context: SkillContext) -> None:
    reply = climate.handle(request("set_temperature", "zh", temperature=26, zone="passenger"),
                           context)
    assert reply.text == "副驾温度已调到26度。"
    assert context.vehicle.get("climate.passenger_temperature") == 26
    assert context.vehicle.get("climate.driver_temperature") == 22


@pytest.mark.parametrize(("value", "lang", "words"), [
    (15, "en", "between 16 and 30"), (31, "en", "between 16 and 30"), (35, "zh", "16到30度"),
])
def test_temperature_outside_16_to_30_is_refused(context: SkillContext, value: int, lang: str,
                                                 words: str) -> None:
    reply = climate.handle(request("set_temperature", lang, temperature=value), context)
    assert words in reply.text and reply.data["refused"]
    assert context.vehicle.get("climate.driver_temperature") == 22


def test_adjust_temperature_by_delta_and_refuse_past_the_limit(context: SkillContext) -> None:
    climate.handle(request("adjust_temperature", direction="up", delta=2, zone="driver"), context)
    assert context.vehicle.get("climate.driver_temperature") == 24
    climate.handle(request("adjust_temperature", direction="down"), context)
    assert context.vehicle.get("climate.passenger_temperature") == 21
    climate.handle(request("set_temperature", temperature=30), context)
    reply = climate.handle(request("adjust_temperature", direction="up"), context)
    assert reply.data.get("refused") and context.vehicle.get("climate.rear_temperature") == 30


def test_missing_temperature_is_asked_for(context: SkillContext) -> None:
    reply = climate.handle(request("set_temperature"), context)
    assert not reply.done and reply.expects == ("temperature",)


@pytest.mark.parametrize("device", ["ac", "heater", "defrost_front", "defrost_rear",
                                    "seat_heater", "fan"])
def test_climate_devices_switch_on_and_off(context: SkillContext, device: str) -> None:
    climate.handle(request("climate_control", action="on", device=device), context)
    assert context.vehicle.get(f"climate.{device}") is True
    reply = climate.handle(request("climate_control", "zh", action="off", device=device), context)
    assert reply.text.startswith("已关闭") and context.vehicle.get(f"climate.{device}") is False


def test_windows_and_sunroof(context: SkillContext) -> None:
    climate.handle(request("window", action="open"), context)
    state = context.vehicle.state()
    assert all(state[f"window.{w}"] == "open"
               for w in ("driver", "passenger", "rear_left", "rear_right"))
    assert state["window.sunroof"] == "closed"
    reply = climate.handle(request("window", "zh", action="open", position="sunroof"), context)
    assert reply.text == "已打开天窗。" and context.vehicle.get("window.sunroof") == "open"
    climate.handle(request("window", action="close", position="driver"), context)
    assert context.vehicle.get("window.driver") == "closed"


def test_music_and_playback(context: SkillContext) -> None:
    played = media.handle(request("play_music", "zh", query="周杰伦"), context)
    assert played.text == "正在播放周杰伦。"
    assert context.vehicle.get("media.status") == "playing"
    media.handle(request("media_control", action="pause"), context)
    assert context.vehicle.get("media.status") == "paused"
    media.handle(request("media_control", action="next"), context)
    assert context.vehicle.get("media.track") == 1
    assert context.vehicle.get("media.status") == "playing"


def test_volume(context: SkillContext) -> None:
    media.handle(request("set_volume", action="set", level=8), context)
    media.handle(request("set_volume", action="up"), context)
    assert context.vehicle.get("media.volume") == 9
    refused = media.handle(request("set_volume", action="set", level=12), context)
    assert refused.data["refused"] and context.vehicle.get("media.volume") == 9
    media.handle(request("set_volume", action="mute"), context)
    assert context.vehicle.get("media.muted") is True


@pytest.mark.parametrize(("spoken", "name"), [("张三", "张三"), ("zhang san", "张三"),
                                              ("mom", "Mom")])
def test_calls_find_contacts_from_config(context: SkillContext, spoken: str, name: str) -> None:
    reply = media.handle(request("call", contact=spoken), context)
    assert reply.text == f"Calling {name}."
    assert context.vehicle.get("phone.call")["contact"] == name


def test_unknown_contact_is_not_called(context: SkillContext) -> None:
    reply = media.handle(request("call", "zh", contact="李四"), context)
    assert "没有找到李四" in reply.text and context.vehicle.get("phone.call") is None


def test_help_in_both_languages(context: SkillContext) -> None:
    assert "navigate" in HelpSkill().handle(request("help"), context).text
    assert "导航" in HelpSkill().handle(request("help", "zh"), context).text


def test_vehicle_state_persists_across_connections(context: SkillContext, tmp_path: Path) -> None:
    from voice.db import open_database

    climate.handle(request("climate_control", action="on", device="ac"), context)
    other = SimulatedVehicle(open_database(tmp_path / "voice.db"))
    assert other.get("climate.ac") is True


def test_vehicle_refuses_unknown_settings_and_bad_values(context: SkillContext) -> None:
    with pytest.raises(SkillError):
        context.vehicle.set("engine.turbo", True)
    with pytest.raises(SkillError):
        context.vehicle.set("climate.driver_temperature", 40)
