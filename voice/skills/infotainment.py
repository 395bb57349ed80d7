"""The infotainment skill: music, playback, volume and phone calls.

Contacts come from the config file:
    [phone.contacts]
    "妈妈" = "+86 138 0000 0000"
    "Mom" = "+86 138 0000 0000"
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.base import SimpleSkill, ask, reply
from voice.skills.places import has_chinese, to_pinyin

MAX_VOLUME = 10
MIN_CONTACT_SCORE = 80.0
MEDIA_ACTIONS = {
    "pause": ("Paused.", "已暂停。"), "resume": ("Resumed.", "继续播放。"),
    "next": ("Next track.", "下一首。"), "previous": ("Previous track.", "上一首。"),
}


def find_contact(spoken: str, contacts: dict[str, Any]) -> tuple[str, str] | None:
    """The contact whose name (or its pinyin) best matches what was said."""
    def key(text: str) -> str:
        return to_pinyin(text) if has_chinese(text) else text.lower().replace(" ", "")

    best: tuple[float, str] | None = None
    for name in contacts:
        score = max(fuzz.ratio(spoken.lower(), name.lower()), fuzz.ratio(key(spoken), key(name)))
        if best is None or score > best[0]:
            best = (score, name)
    if best is None or best[0] < MIN_CONTACT_SCORE:
        return None
    return best[1], str(contacts[best[1]])


class InfotainmentSkill(SimpleSkill):
    """Acts on the vehicle's media player, volume and phone."""

    name = "infotainment"
    intents = ("play_music", "media_control", "set_volume", "call")

    def handle(self, request: Request, context: SkillContext) -> Reply:
        if request.intent == "play_music":
            return self._play(request, context)
        if request.intent == "media_control":
            return self._control(request, context)
        if request.intent == "set_volume":
            return self._volume(request, context)
        return self._call(request, context)

    def _play(self, request: Request, context: SkillContext) -> Reply:
        query = request.slots.get("query")
        context.vehicle.set("media.status", "playing")
        context.vehicle.set("media.query", query)
        if query:
            return reply(request, f"Playing {query}.", f"正在播放{query}。", query=query)
        return reply(request, "Playing music.", "正在播放音乐。", query=None)

    def _control(self, request: Request, context: SkillContext) -> Reply:
        action = str(request.slots.get("action") or "")
        if action not in MEDIA_ACTIONS:
            return ask(request, ("action",), "Pause, resume, next or previous?",
                       "暂停、继续、下一首还是上一首？")
        if action in ("pause", "resume"):
            context.vehicle.set("media.status", "paused" if action == "pause" else "playing")
        else:
            track = int(context.vehicle.get("media.track") or 0)
            context.vehicle.set("media.track", track + (1 if action == "next" else -1))
            context.vehicle.set("media.status", "playing")
        en, zh = MEDIA_ACTIONS[action]
        return reply(request, en, zh, action=action)

    def _volume(self, request: Request, context: SkillContext) -> Reply:
        action = str(request.slots.get("action") or "set")
        if action in ("mute", "unmute"):
            context.vehicle.set("media.muted", action == "mute")
            return reply(request, "Muted." if action == "mute" else "Sound is back on.",
                         "已静音。" if action == "mute" else "已取消静音。", action=action)
        current = int(context.vehicle.get("media.volume"))
        if action == "set":
            if request.slots.get("level") is None:
                return ask(request, ("level",), "Which volume, from 0 to 10?",
                           "音量调到多少？0到10。")
            level = float(request.slots["level"])
        else:
            level = current + (1 if action == "up" else -1)
        if not 0 <= level <= MAX_VOLUME or level != int(level):
            return reply(request, f"Sorry, the volume goes from 0 to {MAX_VOLUME}; "
                         f"I can't set {level:g}.",
                         f"抱歉，音量范围是0到{MAX_VOLUME}，无法调到{level:g}。", refused=True)
        context.vehicle.set("media.volume", int(level))
        context.vehicle.set("media.muted", False)
        return reply(request, f"Volume {int(level)}.", f"音量已调到{int(level)}。",
                     level=int(level))

    def _call(self, request: Request, context: SkillContext) -> Reply:
        spoken = str(request.slots.get("contact") or "").strip()
        if not spoken:
            return ask(request, ("contact",), "Who should I call?", "您要打给谁？")
        contacts = context.config.section("phone").get("contacts", {})
        found = find_contact(spoken, contacts if isinstance(contacts, dict) else {})
        if found is None:
            return reply(request, f"I can't find {spoken} in your contacts.",
                         f"通讯录里没有找到{spoken}。", found=False)
        name, number = found
        context.vehicle.set("phone.call", {"contact": name, "number": number})
        return reply(request, f"Calling {name}.", f"正在呼叫{name}。", contact=name,
                     number=number)
