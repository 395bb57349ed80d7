"""The help skill: what the assistant can do, in the driver's language."""

from __future__ import annotations

from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.base import SimpleSkill, reply

EN_HELP = (
    "I can navigate (\"navigate to Beijing West Railway Station\", \"find the nearest gas "
    "station\", \"take me home\"), book a service, pay parking or charging fees, set the "
    "temperature, turn on the AC or seat heater, open or close windows and the sunroof, play "
    "music, change the volume and make phone calls. Say \"cancel\" at any time."
)
ZH_HELP = (
    "我可以导航（“导航到北京西站”、“附近的加油站”、“带我回家”），预约保养，支付停车费或充电费，"
    "调节温度，打开空调或座椅加热，开关车窗和天窗，播放音乐，调节音量和打电话。随时说“取消”即可。"
)


class HelpSkill(SimpleSkill):
    """Answers "what can you do"."""

    name = "help"
    intents = ("help",)

    def handle(self, request: Request, context: SkillContext) -> Reply:
        return reply(request, EN_HELP, ZH_HELP)
