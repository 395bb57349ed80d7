"""Cut a stream of audio chunks into utterances and recognize each in every language.

Files and the microphone both arrive here as `AudioChunk`s. Quiet is held back
until speech starts (`SpeechGate`); then one session per recognizer runs on the
same chunks side by side, the endpointer closes the utterance, and every
session gives its transcript. Nothing is kept between
utterances, so an hour-long recording streams in constant memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from voice.asr import Recognizer, Session, Transcript, choose_best
from voice.asr.endpoint import Endpointer, SpeechGate
from voice.audio import AudioChunk

OnPartial = Callable[[str, str], None]
Phrases = Mapping[str, Sequence[str]]
# Fixed phrase lists per language, or a callable asked at the start of every
# utterance (so the dialogue can switch to a small state grammar, e.g. only
# confirm/deny/cancel while a payment waits); None decodes in open mode.
PhraseSource = Phrases | Callable[[], Phrases | None] | None


@dataclass(frozen=True)
class Utterance:
    """What one utterance gave in each language, and when it ended."""

    transcripts: tuple[Transcript, ...]
    reason: str              # silence | complete | max_length | end_of_audio
    speech_end: float        # stream time where speech stopped, seconds
    endpoint_at: float       # stream time where the endpointer closed it
    finish_seconds: float    # compute time of the final results

    @property
    def latency(self) -> float:
        """End of speech -> final transcript, endpointing included, in seconds."""
        return max(0.0, self.endpoint_at - self.speech_end) + self.finish_seconds

    def best(self, score: Callable[[Transcript], float] | None = None) -> Transcript:
        """The transcript that scores best (by default: ASR confidence)."""
        return choose_best(self.transcripts, score or (lambda t: 0.0))


def open_sessions(recognizers: Sequence[Recognizer], phrases: PhraseSource) -> list[Session]:
    """One session per recognizer; grammar mode when `phrases` has the language."""
    current = phrases() if callable(phrases) else phrases
    return [r.session((current or {}).get(r.lang)) for r in recognizers]


def utterances(chunks: Iterable[AudioChunk], recognizers: Sequence[Recognizer],
               endpointer: Endpointer | None = None,
               phrases: PhraseSource = None,
               on_partial: OnPartial | None = None) -> Iterator[Utterance]:
    """Recognize every utterance in `chunks`; stretches with no speech yield nothing."""
    endpointer = endpointer or Endpointer()
    gate = SpeechGate(endpointer)
    sessions: list[Session] | None = None
    position = 0.0
    for chunk in chunks:
        position = chunk.timestamp + chunk.duration
        if sessions is None:
            admitted = gate.admit(chunk)
            if admitted:
                sessions = open_sessions(recognizers, phrases)
                for early in admitted:
                    feed(sessions, early, on_partial)
            continue
        if endpointer.update(chunk, feed(sessions, chunk, on_partial)):
            utterance = close(sessions, endpointer, position, endpointer.reason)
            sessions = None
            endpointer.reset()
            if utterance:
                yield utterance
    if sessions is not None:
        utterance = close(sessions, endpointer, position, "end_of_audio")
        if utterance:
            yield utterance


def feed(sessions: list[Session], chunk: AudioChunk,
         on_partial: OnPartial | None = None) -> dict[str, str]:
    """Give `chunk` to every session; the partial text per language."""
    partials = {s.lang: s.accept(chunk) for s in sessions}
    if on_partial:
        for lang, text in partials.items():
            on_partial(lang, text)
    return partials


def close(sessions: list[Session], endpointer: Endpointer, position: float,
          reason: str) -> Utterance | None:
    """Finish every session; None when the utterance held no speech."""
    started = time.perf_counter()
    transcripts = tuple(s.finish() for s in sessions)
    finish_seconds = time.perf_counter() - started
    if not endpointer.in_speech or not any(t.text for t in transcripts):
        return None
    speech_end = endpointer.speech_end if endpointer.speech_end is not None else position
    return Utterance(transcripts=transcripts, reason=reason, speech_end=speech_end,
                     endpoint_at=position, finish_seconds=finish_seconds)
