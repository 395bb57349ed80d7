"""The assistant loop: audio -> transcript -> parse -> reply -> speech.

`Assistant` composes injected parts, each behind a small protocol so that any
engine, parser or dialogue plugs in:

- `sessions()`: opens one recognition session per active language (English and
  Chinese side by side when the language is auto), as `voice.asr` engines do;
- `endpointer` (optional): says when an utterance has ended (`voice.asr.endpoint`);
  without one, the whole input is one utterance;
- `parse(text, lang)`: text to `Parse`; with several transcripts the one whose
  parse is best wins;
- `dialog(parse)`: the dialogue and skills, returning a `Reply` (or None);
- `speaker`: speaks the reply (`voice.tts.Speaker`), to the speakers or a WAV.

`Assistant.turns(chunks)` runs continuously over a stream (a microphone or a
file) and yields a `Turn` per utterance; `handle(chunks)` runs one. Each turn
carries the time every stage took, so live use and QA replay measure the same
path.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from voice.asr import Transcript
from voice.asr.endpoint import EndpointDetector, SpeechGate
from voice.audio import AudioChunk
from voice.errors import AudioError, TTSError
from voice.intents import Parse
from voice.skills import Reply
from voice.tts import Speaker

STAGES = ("asr", "endpoint", "final", "parse", "dialog", "tts")
ECHO_TAIL = 0.3  # seconds of input also dropped after the assistant stops speaking


class RecognizerSession(Protocol):
    """One utterance being recognized in one language (`voice.asr.Session`)."""

    lang: str

    def accept(self, chunk: AudioChunk) -> str:
        """Feed audio; return the partial text heard so far."""
        ...

    def finish(self) -> Transcript:
        """Close the utterance and return its final transcript (empty text for no speech)."""
        ...


SessionFactory = Callable[[], Sequence[RecognizerSession]]
ParseFn = Callable[[str, str], Parse]
DialogFn = Callable[[Parse], Reply | None]
PartialFn = Callable[[str, str], None]


@dataclass(frozen=True)
class Turn:
    """What happened in one turn, with the seconds each stage took.

    Timings in seconds: `asr` (compute time feeding audio to the recognizers),
    `endpoint` (quiet waited after the end of speech before the endpointer
    closed the utterance, in stream time), `final` (computing the final
    transcripts), `parse`, `dialog` (dialogue + skill) and `tts` (the reply
    synthesized: the moment its first audio can play; with the speakers, until
    it has been played).
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
        busy = self.timings.get("asr", 0.0) + self.timings.get("final", 0.0)
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
    endpointer: EndpointDetector | None = None
    on_partial: PartialFn | None = None  # (lang, text) while an utterance is heard
    half_duplex: bool = False  # drop input heard while the assistant speaks (live microphone)
    clock: Callable[[], float] = time.perf_counter
    _mute_until: float = field(default=-1.0, repr=False)

    def handle(self, chunks: Iterable[AudioChunk], audio: Path | None = None,
               name: str = "reply") -> Turn:
        """Run one turn: the first utterance of `chunks` (all of it without an endpointer)."""
        for turn in self.turns(chunks, audio, name, first_only=True):
            return turn
        return self._answer([], 0.0, {}, audio, name)  # nothing at all was heard

    def close(self) -> None:
        """Release what the parts hold (the dialogue's database, when it has a `close`)."""
        close = getattr(self.dialog, "close", None)
        if callable(close):
            close()

    def turns(self, chunks: Iterable[AudioChunk], audio: Path | None = None,
              name: str = "reply", first_only: bool = False) -> Iterator[Turn]:
        """Listen continuously: one `Turn` per utterance, each answered before the next."""
        sessions: list[RecognizerSession] | None = None
        timings: dict[str, float] = {}
        heard, position, count = 0.0, 0.0, 0
        gate = SpeechGate(self.endpointer) if self.endpointer is not None else None
        for chunk in chunks:
            if chunk.timestamp < self._mute_until:
                continue  # the assistant's own voice
            position = chunk.timestamp + chunk.duration
            if sessions is None:
                admitted = gate.admit(chunk) if gate is not None else [chunk]
                if admitted:
                    sessions, timings = list(self.sessions()), {"asr": 0.0, "endpoint": 0.0}
                    heard = sum(early.duration for early in admitted)
                    for early in admitted:
                        self._feed(sessions, early, timings)
                continue
            heard += chunk.duration
            partials = self._feed(sessions, chunk, timings)
            if self.endpointer is not None and self.endpointer.update(chunk, partials):
                turn = self._close(sessions, timings, heard, position, audio,
                                   f"{name}-{count + 1}" if count else name)
                sessions = None
                self.endpointer.reset()
                if turn is not None:
                    count += 1
                    yield turn
                    if first_only:
                        return
        if sessions is not None:
            turn = self._close(sessions, timings, heard, position, audio,
                               f"{name}-{count + 1}" if count else name)
            if turn is not None:
                yield turn

    def _feed(self, sessions: list[RecognizerSession], chunk: AudioChunk,
              timings: dict[str, float]) -> dict[str, str]:
        """Give `chunk` to every session, timing it; show and return the partials."""
        start = self.clock()
        partials = {session.lang: session.accept(chunk) for session in sessions}
        timings["asr"] += self.clock() - start
        self._show(partials)
        return partials

    def _show(self, partials: dict[str, str]) -> None:
        if self.on_partial is not None:
            for lang, text in partials.items():
                self.on_partial(lang, text)

    def _close(self, sessions: list[RecognizerSession], timings: dict[str, float],
               heard: float, position: float, audio: Path | None, name: str) -> Turn | None:
        """Finish the utterance and answer it; None for a stretch without words (endpointed)."""
        speech_end = self.endpointer.speech_end if self.endpointer is not None else None
        timings["endpoint"] = max(0.0, position - speech_end) if speech_end is not None else 0.0
        start = self.clock()
        transcripts = [session.finish() for session in sessions]
        timings["final"] = self.clock() - start
        if self.endpointer is not None and not any(t.text.strip() for t in transcripts):
            return None
        turn = self._answer(transcripts, heard, timings, audio, name)
        if self.half_duplex and "tts" in timings:
            self._mute_until = position + timings["tts"] + ECHO_TAIL
        return turn

    def _answer(self, transcripts: list[Transcript], heard: float, timings: dict[str, float],
                audio: Path | None, name: str) -> Turn:
        start = self.clock()
        transcript, parse = self._best_parse(transcripts)
        timings["parse"] = self.clock() - start
        start = self.clock()
        reply = self.dialog(parse)
        timings["dialog"] = self.clock() - start
        spoken, error = self._speak(reply, name, timings)
        return Turn(transcript, parse, reply, timings, audio, heard, spoken, error)

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
