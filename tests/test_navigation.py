"""Navigation: fuzzy bilingual destinations, nearest places, home/work, cancel, providers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import request
from voice.config import Config
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import SkillContext
from voice.skills.navigation import NavigationSkill, rough_minutes
from voice.skills.places import EmbeddedPlaces, Place, haversine_km

TIANANMEN = (39.9087, 116.3975)


@pytest.fixture
def places(context: SkillContext) -> EmbeddedPlaces:
    return EmbeddedPlaces(context.db)


@pytest.fixture
def skill(context: SkillContext) -> NavigationSkill:
    navigation = NavigationSkill()
    navigation.setup(context)
    return navigation


@pytest.mark.parametrize("spoken", [
    "北京西站", "beijing xi zhan", "Beijing West Railway Station", "beijing west station",
    "北京西战",  # a homophone a recognizer may write
])
def test_one_place_whichever_way_it_is_said(places: EmbeddedPlaces, spoken: str) -> None:
    found = places.find(spoken, TIANANMEN)
    assert found is not None and found.name_zh == "北京西站"


@pytest.mark.parametrize(("spoken", "name_en"), [
    ("北京站", "Beijing Railway Station"),
    ("Forbidden City", "The Palace Museum"),
    ("鸟巢", "National Stadium"),
    ("the bund", "The Bund"),
    ("虹桥机场", "Shanghai Hongqiao International Airport"),
])
def test_landmarks_in_both_cities(places: EmbeddedPlaces, spoken: str, name_en: str) -> None:
    found = places.find(spoken, TIANANMEN)
    assert found is not None and found.name_en == name_en


def test_generic_destination_picks_the_nearest_match(places: EmbeddedPlaces) -> None:
    beijing = places.find("the airport", TIANANMEN)
    shanghai = places.find("the airport", (31.2304, 121.4737))
    assert beijing is not None and beijing.city == "beijing"
    assert shanghai is not None and shanghai.city == "shanghai"


def test_unknown_destination_is_not_found(places: EmbeddedPlaces) -> None:
    assert places.find("xyzzy plugh", TIANANMEN) is None


def test_store_is_seeded_once(context: SkillContext, places: EmbeddedPlaces) -> None:
    count = context.db.execute("SELECT count(*) FROM places").fetchone()[0]
    EmbeddedPlaces(context.db)
    assert context.db.execute("SELECT count(*) FROM places").fetchone()[0] == count > 60


def test_store_is_reseeded_when_the_shipped_data_changes(context: SkillContext,
                                                         places: EmbeddedPlaces) -> None:
    context.db.execute("UPDATE places_source SET checksum = 'an older release'")
    context.db.execute("DELETE FROM places WHERE name_zh = '北京西站'")
    context.db.commit()
    found = EmbeddedPlaces(context.db).find("北京西站", TIANANMEN)
    assert found is not None and found.name_zh == "北京西站"


@pytest.mark.parametrize("category", [
    "gas_station", "charging_station", "parking", "restaurant", "hotel", "hospital",
    "car_wash", "service_center", "toilet",
])
def test_every_category_has_a_nearest_place_in_both_cities(
        places: EmbeddedPlaces, category: str) -> None:
    for position in (TIANANMEN, (31.2304, 121.4737)):
        nearest = places.nearest(category, position)
        assert nearest
        distances = [haversine_km(position, (p.latitude, p.longitude)) for p in nearest]
        assert distances == sorted(distances) and distances[0] < 15


def test_navigate_names_the_place_distance_and_time(skill: NavigationSkill,
                                                     context: SkillContext) -> None:
    reply = skill.handle(request("navigate", "zh", destination="北京西站"), context)
    assert "北京西站" in reply.text and "公里" in reply.text and "分钟" in reply.text
    assert 6 < reply.data["distance_km"] < 8
    assert context.vehicle.get("navigation.route")["destination"]["name_zh"] == "北京西站"


def test_navigate_in_english_with_route_preference(skill: NavigationSkill,
                                                   context: SkillContext) -> None:
    reply = skill.handle(request("navigate", destination="Beijing Capital International Airport",
                                 route_preference="avoid_tolls"), context)
    assert reply.lang == "en"
    assert "Beijing Capital International Airport" in reply.text and "km" in reply.text
    assert "avoiding tolls" in reply.text
    assert reply.data["route_preference"] == "avoid_tolls"


def test_nearest_gas_station_from_the_vehicle_position(skill: NavigationSkill,
                                                       context: SkillContext) -> None:
    reply = skill.handle(request("navigate", poi_category="gas_station"), context)
    assert "Gas Station" in reply.text
    assert reply.data["distance_km"] < 2


def test_position_comes_from_config(db: sqlite3.Connection, tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, sections={
        "vehicle": {"latitude": 31.2400, "longitude": 121.4900}})
    context = SkillContext(config=config, db=db, vehicle=SimulatedVehicle(db, config))
    reply = NavigationSkill().handle(request("navigate", poi_category="hospital"), context)
    assert reply.data["destination"]["city"] == "shanghai"


def test_saved_places_from_config(skill: NavigationSkill, context: SkillContext) -> None:
    home = skill.handle(request("navigate", saved_place="home"), context)
    assert home.data["destination"]["name_zh"] == "北京西站"
    work = skill.handle(request("navigate", saved_place="work"), context)
    assert "Zhongguancun Office" in work.text


def test_saved_place_not_configured_says_how_to_set_it(db: sqlite3.Connection,
                                                       tmp_path: Path) -> None:
    context = SkillContext(config=Config(data_dir=tmp_path), db=db,
                           vehicle=SimulatedVehicle(db))
    reply = NavigationSkill().handle(request("navigate", "zh", saved_place="home"), context)
    assert "设置" in reply.text and context.vehicle.get("navigation.route") is None


def test_missing_destination_asks_where(skill: NavigationSkill, context: SkillContext) -> None:
    reply = skill.handle(request("navigate"), context)
    assert not reply.done and reply.expects == ("destination",)


def test_cancel_navigation(skill: NavigationSkill, context: SkillContext) -> None:
    skill.handle(request("navigate", destination="天坛"), context)
    assert "stopped" in skill.handle(request("cancel_navigation"), context).text
    assert context.vehicle.get("navigation.route") is None
    assert "No route" in skill.handle(request("cancel_navigation"), context).text


class OnePlaceProvider:
    """A provider answering every query with one place, standing in for a map service."""

    def __init__(self, context: SkillContext) -> None:
        self.place = Place("测试地点", "Test Place", "landmark", 39.95, 116.40)

    def find(self, query: str, near: tuple[float, float]) -> Place | None:
        return self.place

    def nearest(self, category: str, near: tuple[float, float], limit: int = 3) -> list[Place]:
        return [self.place]


def test_provider_from_config_replaces_the_store(db: sqlite3.Connection, tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, sections={
        "navigation": {"provider": "tests.test_navigation:OnePlaceProvider"}})
    context = SkillContext(config=config, db=db, vehicle=SimulatedVehicle(db, config))
    skill = NavigationSkill()
    skill.setup(context)
    assert "Test Place" in skill.handle(request("navigate", destination="anything"), context).text


def test_rough_time_grows_with_distance() -> None:
    short, middle, long = (rough_minutes(km, "fastest") for km in (2, 20, 200))
    assert short < middle < long
    assert rough_minutes(40, "avoid_highways") > rough_minutes(40, "fastest")
