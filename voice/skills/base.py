"""Small helpers shared by the built-in skills (plugins may use them too)."""

from __future__ import annotations

from typing import Any

from voice.errors import SkillError
from voice.skills import Reply
from voice.skills.api import Request, SkillContext


def say(lang: str, en: str, zh: str) -> str:
    """Pick the sentence in the driver's language."""
    return zh if lang == "zh" else en


def reply(request: Request, en: str, zh: str, **data: Any) -> Reply:
    """A finished reply in the request's language."""
    return Reply(text=say(request.lang, en, zh), lang=request.lang, data=data)


def ask(request: Request, expects: tuple[str, ...], en: str, zh: str) -> Reply:
    """A follow-up question for missing slots."""
    return Reply(text=say(request.lang, en, zh), lang=request.lang,
                 expects=expects, done=False, data={"intent": request.intent})


class SimpleSkill:
    """A skill without storage or risky actions: `setup` does nothing, `confirm` refuses."""

    name = ""
    intents: tuple[str, ...] = ()

    def setup(self, context: SkillContext) -> None:
        """Nothing to prepare."""

    def handle(self, request: Request, context: SkillContext) -> Reply:
        raise NotImplementedError

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        raise SkillError(f"skill {self.name} has nothing to confirm")
