"""The skill plugin contract: `Request`, `SkillContext` and the `Skill` protocol.

A skill is any object with a `name`, the `intents` it handles and three methods;
plugins need not subclass anything. Skills are found through the entry-point
group `voice.skills` (see `voice.skills.registry`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from voice.config import Config
from voice.skills import Reply
from voice.vehicle import Vehicle


@dataclass(frozen=True)
class Request:
    """One intent for a skill to act on, with its slots and the driver's language."""

    intent: str
    slots: dict[str, Any]
    lang: str  # "en" | "zh": reply in this language
    confidence: float  # parser confidence, 0..1
    text: str
    now: datetime


@dataclass
class SkillContext:
    """What a skill may use: settings, the one database and the vehicle."""

    config: Config
    db: sqlite3.Connection
    vehicle: Vehicle


@runtime_checkable
class Skill(Protocol):
    """A plugin that answers some intents."""

    name: str

    @property
    def intents(self) -> tuple[str, ...]:
        """The intents this skill answers (a class attribute is fine)."""
        ...

    def setup(self, context: SkillContext) -> None:
        """Prepare storage (create tables through `voice.db.migrate`)."""

    def handle(self, request: Request, context: SkillContext) -> Reply:
        """Answer a request: act, ask for missing slots, or ask for confirmation."""
        ...

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        """Carry out a risky action; called only after the driver clearly confirmed."""
        ...
