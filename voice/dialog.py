"""The dialogue: follow-up questions for missing slots, confirmation of risky actions, cancel.

One `Dialog` serves one session. What is pending between turns (a question
waiting for slots, or an action waiting for a "yes") is kept in the database,
so a follow-up works across separate `voice ask` calls until it times out.
Rules:
- a skill that lacks slots asks; the next utterance's slots (also when it
  parses as no intent, e.g. "tomorrow at ten") are merged and the skill runs again;
- a risky action runs only after a clear `confirm` intent; deny, cancel,
  silence, anything else or a timeout aborts it; a risky action is never
  offered on a low-confidence parse;
- `cancel` drops whatever is pending; replies use the language of the last utterance.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from voice.db import migrate, transaction
from voice.errors import PluginError
from voice.fragments import read_fragment
from voice.intents import Parse
from voice.skills import Reply
from voice.skills.api import Request, Skill, SkillContext
from voice.skills.base import say
from voice.skills.registry import Registry

ParseFunction = Callable[[str, str, datetime], Parse]

AWAIT_SLOTS = "slots"
AWAIT_CONFIRMATION = "confirmation"
DEFAULT_TIMEOUT = timedelta(seconds=60)
MIN_RISKY_CONFIDENCE = 0.6
MIN_CONFIRM_CONFIDENCE = 0.6

MIGRATIONS = [
    """CREATE TABLE dialog_sessions (
        session TEXT PRIMARY KEY,
        pending TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
]


@dataclass
class Pending:
    """A request waiting for more slots or for a confirmation."""

    awaiting: str  # AWAIT_SLOTS | AWAIT_CONFIRMATION
    intent: str
    slots: dict[str, Any]
    lang: str
    confidence: float
    text: str
    asked_at: datetime
    expects: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        data = asdict(self)
        data["asked_at"] = self.asked_at.isoformat()
        data["expects"] = list(self.expects)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Pending:
        data = json.loads(text)
        data["asked_at"] = datetime.fromisoformat(data["asked_at"])
        data["expects"] = tuple(data.get("expects", ()))
        return cls(**data)


class DialogStore:
    """The pending request of each session, in the `dialog_sessions` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        migrate(conn, "dialog", MIGRATIONS)

    def load(self, session: str) -> Pending | None:
        row = self.conn.execute(
            "SELECT pending FROM dialog_sessions WHERE session = ?", (session,)).fetchone()
        return Pending.from_json(row[0]) if row else None

    def save(self, session: str, pending: Pending) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO dialog_sessions (session, pending, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(session) DO UPDATE SET pending = excluded.pending, "
                "updated_at = excluded.updated_at",
                (session, pending.to_json(), pending.asked_at.isoformat()),
            )

    def clear(self, session: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM dialog_sessions WHERE session = ?", (session,))


class Dialog:
    """Runs turns of one session: parse, then follow-up / confirmation logic, then the skill."""

    def __init__(self, registry: Registry, context: SkillContext, parse: ParseFunction,
                 session: str = "default", timeout: timedelta = DEFAULT_TIMEOUT) -> None:
        self.registry = registry
        self.context = context
        self.parse = parse
        self.session = session
        self.timeout = timeout
        self.store = DialogStore(context.db)
        self._ready: set[str] = set()
        self.last_parse: Parse | None = None

    def pending(self, now: datetime) -> Pending | None:
        """What this session waits for, unless it has timed out."""
        pending = self.store.load(self.session)
        if pending is not None and now - pending.asked_at > self.timeout:
            return None
        return pending

    def turn(self, text: str, lang: str = "auto", now: datetime | None = None) -> Reply:
        """Answer one utterance."""
        now = now or datetime.now()
        parse = self.last_parse = self.parse(text, lang, now)
        stored = self.store.load(self.session)
        pending = self.pending(now)
        timed_out = stored is not None and pending is None
        if stored is not None:
            self.store.clear(self.session)
        lang = parse.lang
        if parse.intent == "cancel":
            cancelled = pending.intent if pending else None
            return self._say(lang, "Cancelled.", "已取消。", cancelled=cancelled)
        if pending is not None and pending.awaiting == AWAIT_CONFIRMATION:
            answer = self._answer_confirmation(pending, parse, now)
            if answer is not None:
                return answer
        elif pending is not None and parse.intent in (None, pending.intent, "confirm"):
            return self._follow_up(pending, parse, now)
        elif pending is not None and parse.intent == "deny":
            return self._say(lang, "OK.", "好的。", cancelled=pending.intent)
        if parse.intent is None:
            return self._say(lang, "Sorry, I did not understand that.", "抱歉，我没有听懂。",
                             understood=False)
        if parse.intent in ("confirm", "deny"):
            if timed_out:
                return self._say(lang, "That request timed out, so nothing was done.",
                                 "请求已超时，没有执行。", timed_out=True)
            return self._say(lang, "There is nothing to confirm.", "没有需要确认的事项。")
        request = Request(parse.intent, dict(parse.slots), lang, parse.confidence, parse.text, now)
        return self._dispatch(request)

    def silence(self, now: datetime | None = None, lang: str = "en") -> Reply:
        """The driver said nothing: a pending question or confirmation is dropped."""
        pending = self.store.load(self.session)
        if pending is None:
            return self._say(lang, "", "")
        self.store.clear(self.session)
        return self._say(pending.lang, "No answer, so I cancelled that.", "没有回答，已取消。",
                         cancelled=pending.intent)

    def _answer_confirmation(self, pending: Pending, parse: Parse, now: datetime) -> Reply | None:
        """Run the action on a clear yes; abort on anything else (None: handle the new intent)."""
        if parse.intent == "confirm" and parse.confidence >= MIN_CONFIRM_CONFIDENCE:
            request = Request(pending.intent, pending.slots, parse.lang, pending.confidence,
                              pending.text, now)
            return self._skill(pending.intent).confirm(request, self.context)
        if parse.intent == "deny":
            return self._say(parse.lang, "OK, I won't do it.", "好的，不执行。",
                             cancelled=pending.intent)
        if parse.intent in (None, "confirm"):
            return self._say(parse.lang, "That was not a clear yes, so I did nothing.",
                             "没有得到明确确认，已取消。", cancelled=pending.intent)
        return None

    def _follow_up(self, pending: Pending, parse: Parse, now: datetime) -> Reply:
        """Merge the slots of an answer into the pending request and run the skill again."""
        heard = read_fragment(parse.text, parse.lang, now, pending.expects)
        slots = {**pending.slots, **heard, **parse.slots}
        request = Request(pending.intent, slots, parse.lang, pending.confidence,
                          f"{pending.text} / {parse.text}", now)
        return self._dispatch(request)

    def _dispatch(self, request: Request) -> Reply:
        skill = self._skill(request.intent)
        reply = skill.handle(request, self.context)
        if reply.needs_confirmation:
            if request.confidence < MIN_RISKY_CONFIDENCE:
                return self._say(request.lang,
                                 "I'm not sure I heard that right; please say it again.",
                                 "我不确定听清楚了，请再说一遍。", low_confidence=True)
            self.store.save(self.session, Pending(
                AWAIT_CONFIRMATION, request.intent, request.slots, request.lang,
                request.confidence, request.text, request.now))
        elif not reply.done:
            self.store.save(self.session, Pending(
                AWAIT_SLOTS, request.intent, request.slots, request.lang,
                request.confidence, request.text, request.now, reply.expects))
        return reply

    def _skill(self, intent: str) -> Skill:
        skill = self.registry.skill_for(intent)
        if skill is None:
            raise PluginError(f"no installed skill handles the intent {intent!r}")
        if skill.name not in self._ready:
            skill.setup(self.context)
            self._ready.add(skill.name)
        return skill

    @staticmethod
    def _say(lang: str, en: str, zh: str, **data: Any) -> Reply:
        return Reply(text=say(lang, en, zh), lang=lang, data=data)
