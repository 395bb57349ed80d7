"""The assistant loop for one utterance: audio -> transcript -> parse -> reply -> speech.

`Assistant` composes four injected parts, each behind a small protocol so that
any engine, parser or dialogue plugs in:

- `sessions()`: opens one recognition session per active language (English and
  Chinese side by side when the language is auto);
- `parse(text, lang)`: text to `Parse`;
- `dialog(parse)`: the dialogue and skills, returning a `Reply` (or None);
- `speaker`: speaks the reply (`voice.tts.Speaker`), to the speakers or a WAV.

`Assistant.handle(chunks)` runs one turn and returns a `Turn` with the time
each stage took, so that live use and QA replay measure the same path.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from voice.asr import Transcript
from voice.audio import AudioChunk
from voice.errors import AudioError, TTSError
from voice.intents import Parse
from voice.skills import Reply
from voice.tts import Speaker

STAGES = ("asr", "endpoint", "parse", "dialog", "tts")


class RecognizerSession(Protocol):
    """One utterance being recognized in one language."""

    def accept(self, chunk: AudioChunk) -> bool:
        """Feed audio; return True once the endpointer says the utterance has ended."""
        ...

    def finish(self) -> Transcript:
        """Close the utterance and return its final transcript (empty text for no speech)."""
        ...


SessionFactory = Callable[[], Sequence[RecognizerSession]]
ParseFn = Callable[[str, str], Parse]
DialogFn = Callable[[Parse], Reply | None]


@dataclass(frozen=True)
class Turn:
    """What happened in one turn, with the seconds each stage took.

    Timings: `asr` (feeding audio to the recognizers), `endpoint` (end of audio
    or endpoint -> final transcript), `parse`, `dialog` (dialogue + skill) and
    `tts` (the reply's speech synthesized: the moment its first audio can play).
    """

    transcript: Transcript | None
    parse: Parse
    reply: Reply | None
    timings: dict[str, float] = field(default_factory=dict)
    audio: Path | None = None  # the input recording, when the turn came from a file
    audio_seconds: float = 0.0
    spoken: Path | None = None  # the reply's WAV, when written to a file
    speech_error: str | None = None  # why the reply could not be spoken (it is still printed)

    @property
    def latency(self) -> float:
        """End of speech -> first audio of the reply (endpoint + parse + dialog + tts)."""
        return sum(self.timings.get(stage, 0.0) for stage in STAGES if stage != "asr")

    @property
    def real_time_factor(self) -> float:
        """Recognition time over audio time (below 1 is faster than real time)."""
        if self.audio_seconds <= 0:
            return 0.0
        busy = self.timings.get("asr", 0.0) + self.timings.get("endpoint", 0.0)
        return busy / self.audio_seconds

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (used by replay reports and `voice listen --json`)."""
        return {
            "transcript": self.transcript.to_dict() if self.transcript else None,
            "parse": self.parse.to_dict(),
            "reply": _reply_dict(self.reply),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "latency": round(self.latency, 4),
            "rtf": round(self.real_time_factor, 4),
            "audio": str(self.audio) if self.audio else None,
            "audio_seconds": round(self.audio_seconds, 3),
            "spoken": str(self.spoken) if self.spoken else None,
            "speech_error": self.speech_error,
        }


def _reply_dict(reply: Reply | None) -> dict[str, Any] | None:
    if reply is None:
        return None
    return {"text": reply.text, "lang": reply.lang, "data": dict(reply.data)}


@dataclass
class Assistant:
    """Runs turns through injected recognizer sessions, parser, dialogue and speaker."""

    sessions: SessionFactory
    parse: ParseFn
    dialog: DialogFn
    speaker: Speaker | None = None
    reply_dir: Path | None = None  # write each spoken reply here as WAV instead of playing it
    clock: Callable[[], float] = time.perf_counter

    def handle(self, chunks: Iterable[AudioChunk], audio: Path | None = None,
               name: str = "reply") -> Turn:
        """Run one turn over `chunks` (one utterance) and return what happened."""
        timings: dict[str, float] = {}
        transcripts, audio_seconds = self._recognize(chunks, timings)
        start = self.clock()
        transcript, parse = self._best_parse(transcripts)
        timings["parse"] = self.clock() - start
        start = self.clock()
        reply = self.dialog(parse)
        timings["dialog"] = self.clock() - start
        spoken, error = self._speak(reply, name, timings)
        return Turn(transcript, parse, reply, timings, audio, audio_seconds, spoken, error)

    def _recognize(self, chunks: Iterable[AudioChunk],
                   timings: dict[str, float]) -> tuple[list[Transcript], float]:
        sessions = list(self.sessions())
        busy, audio_seconds = 0.0, 0.0
        for chunk in chunks:
            audio_seconds += chunk.duration
            start = self.clock()
            ended = [session.accept(chunk) for session in sessions]
            busy += self.clock() - start
            if all(ended):
                break
        timings["asr"] = busy
        start = self.clock()
        transcripts = [session.finish() for session in sessions]
        timings["endpoint"] = self.clock() - start
        return transcripts, audio_seconds

    def _best_parse(self, transcripts: list[Transcript]) -> tuple[Transcript | None, Parse]:
        """Parse every transcript; keep the one whose parse is best, then the surest one."""
        best: tuple[tuple[bool, float, float], Transcript, Parse] | None = None
        for transcript in transcripts:
            if not transcript.text.strip():
                continue
            parse = self.parse(transcript.text, transcript.lang)
            score = (parse.intent is not None, parse.confidence, transcript.confidence)
            if best is None or score > best[0]:
                best = (score, transcript, parse)
        if best is None:
            lang = transcripts[0].lang if transcripts else "en"
            return (transcripts[0] if transcripts else None), Parse(None, lang=lang)
        return best[1], best[2]

    def _speak(self, reply: Reply | None, name: str,
               timings: dict[str, float]) -> tuple[Path | None, str | None]:
        if reply is None or self.speaker is None or not reply.text.strip():
            return None, None
        start = self.clock()
        try:
            if self.reply_dir is not None:
                return self.speaker.to_file(reply.text, reply.lang,
                                            self.reply_dir / f"{name}.wav"), None
            self.speaker.say(reply.text, reply.lang)
            return None, None
        except (TTSError, AudioError) as exc:
            return None, str(exc)
        finally:
            timings["tts"] = self.clock() - start
