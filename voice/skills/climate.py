"""The climate and windows skill: temperature per zone, AC, heater, defrost, seats, fan, windows."""

from __future__ import annotations

from voice.sim_vehicle import CLIMATE_ZONES, MAX_TEMPERATURE, MIN_TEMPERATURE
from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.base import SimpleSkill, ask, reply

ZONE_NAMES = {
    "driver": ("driver side", "主驾"), "passenger": ("passenger side", "副驾"),
    "rear": ("rear", "后排"), "all": ("all zones", "全车"),
}
DEVICE_NAMES = {
    "ac": ("the AC", "空调"), "heater": ("the heater", "暖风"),
    "defrost_front": ("the front defrost", "前挡除雾"),
    "defrost_rear": ("the rear defrost", "后挡除雾"),
    "seat_heater": ("the seat heater", "座椅加热"), "fan": ("the fan", "风扇"),
}
WINDOW_NAMES = {
    "driver": ("the driver window", "主驾车窗"), "passenger": ("the passenger window", "副驾车窗"),
    "rear_left": ("the rear left window", "左后车窗"),
    "rear_right": ("the rear right window", "右后车窗"),
    "all": ("all windows", "所有车窗"), "sunroof": ("the sunroof", "天窗"),
}
SIDE_WINDOWS = ("driver", "passenger", "rear_left", "rear_right")


def zones_of(zone: str) -> tuple[str, ...]:
    return CLIMATE_ZONES if zone == "all" else (zone,)


def _degrees(value: float) -> str:
    return f"{value:g}"


class ClimateSkill(SimpleSkill):
    """Acts on the vehicle's climate control and windows."""

    name = "climate"
    intents = ("set_temperature", "adjust_temperature", "climate_control", "window")

    def handle(self, request: Request, context: SkillContext) -> Reply:
        if request.intent == "set_temperature":
            return self._set_temperature(request, context)
        if request.intent == "adjust_temperature":
            return self._adjust_temperature(request, context)
        if request.intent == "climate_control":
            return self._device(request, context)
        return self._window(request, context)

    def _apply_temperature(self, request: Request, context: SkillContext,
                           zone: str, targets: dict[str, float]) -> Reply:
        """Set each zone's target, or refuse all of them when one is out of range."""
        for value in targets.values():
            if not MIN_TEMPERATURE <= value <= MAX_TEMPERATURE:
                low, high = _degrees(MIN_TEMPERATURE), _degrees(MAX_TEMPERATURE)
                return reply(
                    request,
                    f"Sorry, I can only set the temperature between {low} and {high} degrees; "
                    f"{_degrees(value)} is out of range.",
                    f"抱歉，温度只能设置在{low}到{high}度之间，{_degrees(value)}度超出范围。",
                    refused=True, temperature=value,
                )
        for name, value in targets.items():
            context.vehicle.set(f"climate.{name}_temperature", value)
        en_zone, zh_zone = ZONE_NAMES.get(zone, ZONE_NAMES["all"])
        shown = _degrees(next(iter(targets.values())))
        return reply(request, f"Temperature set to {shown} degrees for {en_zone}.",
                     f"{zh_zone}温度已调到{shown}度。", zone=zone, temperatures=targets)

    def _set_temperature(self, request: Request, context: SkillContext) -> Reply:
        if request.slots.get("temperature") is None:
            return ask(request, ("temperature",), "What temperature would you like?",
                       "您想调到多少度？")
        zone = str(request.slots.get("zone") or "all")
        value = float(request.slots["temperature"])
        return self._apply_temperature(request, context, zone,
                                       {name: value for name in zones_of(zone)})

    def _adjust_temperature(self, request: Request, context: SkillContext) -> Reply:
        zone = str(request.slots.get("zone") or "all")
        step = float(request.slots.get("delta") or 1)
        sign = -1 if request.slots.get("direction") == "down" else 1
        targets = {name: float(context.vehicle.get(f"climate.{name}_temperature")) + sign * step
                   for name in zones_of(zone)}
        return self._apply_temperature(request, context, zone, targets)

    def _device(self, request: Request, context: SkillContext) -> Reply:
        device = request.slots.get("device")
        if device not in DEVICE_NAMES:
            return ask(request, ("device",), "Which one: AC, heater, defrost, seat heater or fan?",
                       "您要控制哪个：空调、暖风、除雾、座椅加热还是风扇？")
        on = request.slots.get("action", "on") != "off"
        context.vehicle.set(f"climate.{device}", on)
        en_name, zh_name = DEVICE_NAMES[str(device)]
        return reply(request, f"Turned {'on' if on else 'off'} {en_name}.",
                     f"已{'打开' if on else '关闭'}{zh_name}。", device=device, on=on)

    def _window(self, request: Request, context: SkillContext) -> Reply:
        position = str(request.slots.get("position") or "all")
        if position not in WINDOW_NAMES:
            position = "all"
        action = "close" if request.slots.get("action") == "close" else "open"
        for name in SIDE_WINDOWS if position == "all" else (position,):
            context.vehicle.set(f"window.{name}", "closed" if action == "close" else "open")
        en_name, zh_name = WINDOW_NAMES[position]
        en_done = "Closed" if action == "close" else "Opened"
        zh_done = "关闭" if action == "close" else "打开"
        return reply(request, f"{en_done} {en_name}.", f"已{zh_done}{zh_name}。",
                     position=position, action=action)
