"""Putting the pieces together for the command line: config, database, vehicle, skills, dialog."""

from __future__ import annotations

import importlib
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from voice.config import Config
from voice.db import database_path, open_database
from voice.dialog import DEFAULT_TIMEOUT, Dialog, ParseFunction
from voice.errors import PluginError, UsageError
from voice.intents import Parse
from voice.sim_vehicle import SimulatedVehicle
from voice.skills.api import SkillContext
from voice.skills.registry import Registry, load_skills
from voice.vehicle import Vehicle

MAX_TEXT_LENGTH = 500
LANGUAGES = ("auto", "en", "zh")


@dataclass
class Runtime:
    """Everything one `voice` command needs to run turns."""

    context: SkillContext
    registry: Registry

    def dialog(self, parse: ParseFunction, session: str) -> Dialog:
        seconds = self.context.config.section("dialog").get("timeout_seconds")
        timeout = timedelta(seconds=float(seconds)) if seconds else DEFAULT_TIMEOUT
        return Dialog(self.registry, self.context, parse, session=session, timeout=timeout)


def load_vehicle(config: Config, db: sqlite3.Connection) -> Vehicle:
    """The configured vehicle (`[vehicle] provider = "module:factory"`), else the simulated one."""
    target = config.section("vehicle").get("provider")
    if not target:
        return SimulatedVehicle(db, config)
    module_name, _, attribute = str(target).partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise PluginError(f"cannot load vehicle provider {target!r}: {exc}") from exc
    vehicle: Vehicle = factory(config, db)
    return vehicle


def open_runtime(config: Config) -> Runtime:
    """Open the database and vehicle and load the skill plugins."""
    db = open_database(database_path(config))
    context = SkillContext(config=config, db=db, vehicle=load_vehicle(config, db))
    return Runtime(context=context, registry=load_skills())


def intent_parser() -> ParseFunction:
    """The installed intent parser, `voice.intents.parse`."""
    module = importlib.import_module("voice.intents")
    parse = getattr(module, "parse", None)
    if parse is None:
        raise PluginError("the intent parser (voice.intents.parse) is not installed")

    def run(text: str, lang: str, now: datetime) -> Parse:
        result: Parse = parse(text, lang=lang, now=now)
        return result

    return run


def check_text(text: str) -> str:
    """Refuse empty, binary or overlong input with one clear line."""
    text = text.strip()
    if not text:
        raise UsageError("empty text: say something to ask")
    if len(text) > MAX_TEXT_LENGTH:
        raise UsageError(f"text too long ({len(text)} characters, at most {MAX_TEXT_LENGTH})")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in text):
        raise UsageError("text contains control or binary characters")
    return text


def parse_now(value: str | None) -> datetime | None:
    """The `--now` option: an ISO date-time such as 2026-11-24T09:00."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--now must be an ISO date-time like 2026-11-24T09:00, not {value!r}") \
            from exc


def check_lang(value: str) -> str:
    if value not in LANGUAGES:
        raise UsageError(f"unknown language {value!r}: use auto, en or zh")
    return value
