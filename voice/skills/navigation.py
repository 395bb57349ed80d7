"""The navigation skill: destinations, nearest places by category, home/work, cancel.

Config (all optional):
    [navigation]
    provider = "package.module:factory"   # factory(context) -> PlaceProvider; default embedded
    home = "北京西站"                       # a place name, or a table:
    work = { name = "Office", latitude = 39.98, longitude = 116.31 }
"""

from __future__ import annotations

import importlib
from typing import Any

from voice.errors import SkillError
from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.base import SimpleSkill, ask, reply
from voice.skills.places import EmbeddedPlaces, Place, PlaceProvider, haversine_km

ROAD_FACTOR = 1.3  # roads are longer than the straight line
PREFERENCES = {
    "fastest": ("the fastest route", "最快路线"),
    "shortest": ("the shortest route", "最短路线"),
    "avoid_tolls": ("a route avoiding tolls", "避开收费路线"),
    "avoid_highways": ("a route avoiding highways", "不走高速路线"),
}
CATEGORY_NAMES = {
    "gas_station": ("gas station", "加油站"),
    "charging_station": ("charging station", "充电站"),
    "parking": ("parking", "停车场"),
    "restaurant": ("restaurant", "餐厅"),
    "hotel": ("hotel", "酒店"),
    "hospital": ("hospital", "医院"),
    "car_wash": ("car wash", "洗车店"),
    "service_center": ("service center", "服务中心"),
    "toilet": ("toilet", "厕所"),
}


def rough_minutes(distance_km: float, preference: str) -> int:
    """A rough driving time: city speed for short trips, faster on long ones."""
    road_km = distance_km * ROAD_FACTOR
    speed = 25.0 if road_km < 10 else 40.0 if road_km < 50 else 70.0
    if preference == "avoid_highways" and road_km >= 10:
        speed *= 0.75
    return max(1, round(road_km / speed * 60))


def load_provider(context: SkillContext) -> PlaceProvider:
    """The configured place provider, else the embedded POI store."""
    target = context.config.section("navigation").get("provider")
    if not target:
        return EmbeddedPlaces(context.db)
    module_name, _, attribute = str(target).partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SkillError(f"cannot load navigation provider {target!r}: {exc}") from exc
    provider: PlaceProvider = factory(context)
    return provider


class NavigationSkill(SimpleSkill):
    """Routes to places from the embedded POI store (or a configured map provider)."""

    name = "navigation"
    intents = ("navigate", "cancel_navigation")

    def __init__(self) -> None:
        self._provider: PlaceProvider | None = None

    def setup(self, context: SkillContext) -> None:
        self._provider = load_provider(context)

    def provider(self, context: SkillContext) -> PlaceProvider:
        if self._provider is None:
            self.setup(context)
        assert self._provider is not None
        return self._provider

    def handle(self, request: Request, context: SkillContext) -> Reply:
        if request.intent == "cancel_navigation":
            return self._cancel(request, context)
        slots = request.slots
        near = context.vehicle.position()
        if slots.get("saved_place"):
            place = self._saved_place(str(slots["saved_place"]), request, context)
            if isinstance(place, Reply):
                return place
        elif slots.get("poi_category"):
            return self._nearest(str(slots["poi_category"]), request, context)
        elif slots.get("destination"):
            found = self.provider(context).find(str(slots["destination"]), near)
            if found is None:
                where = slots["destination"]
                return reply(request, f"Sorry, I could not find {where}.",
                             f"抱歉，没有找到{where}。", found=False)
            place = found
        else:
            return ask(request, ("destination",), "Where would you like to go?", "您想去哪里？")
        return self._route(place, request, context)

    def _route(self, place: Place, request: Request, context: SkillContext,
               extra: dict[str, Any] | None = None) -> Reply:
        preference = str(request.slots.get("route_preference") or "fastest")
        en_pref, zh_pref = PREFERENCES.get(preference, PREFERENCES["fastest"])
        distance = haversine_km(context.vehicle.position(), (place.latitude, place.longitude))
        minutes = rough_minutes(distance, preference)
        route = {"destination": place.to_dict(), "distance_km": round(distance, 1),
                 "minutes": minutes, "route_preference": preference, **(extra or {})}
        context.vehicle.set("navigation.route", route)
        return reply(
            request,
            f"Navigating to {place.name_en} ({place.name_zh}), {distance:.1f} km, "
            f"about {minutes} minutes, taking {en_pref}.",
            f"开始导航到{place.name_zh}，距离{distance:.1f}公里，大约{minutes}分钟，{zh_pref}。",
            **route,
        )

    def _nearest(self, category: str, request: Request, context: SkillContext) -> Reply:
        en_name, zh_name = CATEGORY_NAMES.get(category, (category, category))
        places = self.provider(context).nearest(category, context.vehicle.position())
        if not places:
            return reply(request, f"I know no {en_name} nearby.", f"附近没有找到{zh_name}。",
                         found=False)
        others = [p.to_dict() for p in places[1:]]
        return self._route(places[0], request, context, {"alternatives": others})

    def _saved_place(self, which: str, request: Request, context: SkillContext) -> Place | Reply:
        setting = context.config.section("navigation").get(which)
        en_which, zh_which = ("home", "家") if which == "home" else ("work", "公司")
        if isinstance(setting, dict) and {"latitude", "longitude"} <= setting.keys():
            name = str(setting.get("name", en_which))
            return Place(name, name, "saved_place", float(setting["latitude"]),
                         float(setting["longitude"]))
        if isinstance(setting, str) and setting.strip():
            found = self.provider(context).find(setting, context.vehicle.position())
            if found is not None:
                return found
        return reply(
            request,
            f"Your {en_which} address is not set; add it as '{which}' under [navigation] "
            "in the config file.",
            f"还没有设置{zh_which}的地址，请在配置文件的 [navigation] 中设置 {which}。",
            found=False,
        )

    def _cancel(self, request: Request, context: SkillContext) -> Reply:
        if context.vehicle.get("navigation.route") is None:
            return reply(request, "No route is active.", "当前没有导航。")
        context.vehicle.set("navigation.route", None)
        return reply(request, "Navigation stopped.", "已结束导航。")
