"""An example skill plugin: "how far can I drive?" answered from the vehicle's fuel and range.

When a route is active it also says whether the range reaches the destination.
"""

from __future__ import annotations

from voice.skills import Reply
from voice.skills.api import Request, SkillContext

__all__ = ["RangeSkill"]


class RangeSkill:
    """Answers the `fuel_range` intent in English or Chinese."""

    name = "range"
    intents = ("fuel_range",)

    def setup(self, context: SkillContext) -> None:
        """Nothing to store: the vehicle knows its fuel level and range."""

    def handle(self, request: Request, context: SkillContext) -> Reply:
        percent = context.vehicle.get("energy.fuel_percent")
        range_km = context.vehicle.get("energy.range_km")
        data = {"fuel_percent": percent, "range_km": range_km}
        if request.lang == "zh":
            text = f"剩余油量{percent}%，大约还能行驶{range_km}公里。"
        else:
            text = f"You have {percent}% fuel left, about {range_km} km of range."
        route = context.vehicle.get("navigation.route")
        if route and route.get("distance_km") is not None:
            reaches = range_km >= route["distance_km"] * 1.3
            data["reaches_destination"] = reaches
            if not reaches:
                text += (" 不够到达目的地，请先加油。" if request.lang == "zh"
                         else " That is not enough for your destination; refuel first.")
        return Reply(text=text, lang=request.lang, data=data)

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        """A question changes nothing, so there is never anything to confirm."""
        return self.handle(request, context)
