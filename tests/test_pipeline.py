"""One assistant turn through real Vosk, a small real parser and dialogue, real TTS."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from tests.audio_checks import voiced_fraction, wav_samples
from tests.korean_assistant import (
    korean_endpointer,
    korean_sessions,
    parse_korean,
    reply_korean,
)
from voice.asr import Transcript
from voice.assemble import fresh_config, open_dialog
from voice.audio import AudioChunk, read_audio
from voice.errors import TTSError
from voice.intents import Parse
from voice.pipeline import Assistant
from voice.tts import PyttsxSpeaker, TTSSettings

AUDIO = Path(__file__).parent / "fixtures" / "ko" / "audio"


class BrokenSpeaker:
    """A speaker whose engine is gone, as when espeak-ng is not installed."""

    def say(self, text: str, lang: str) -> None:
        raise TTSError("no text-to-speech engine")

    def to_file(self, text: str, lang: str, path: Path) -> Path:
        raise TTSError("no text-to-speech engine")


def test_turn_from_audio_to_spoken_reply(tmp_path: Path) -> None:
    assistant = Assistant(korean_sessions, parse_korean, reply_korean, PyttsxSpeaker(),
                          reply_dir=tmp_path)
    audio = AUDIO / "002-ko_f2-130.wav"
    turn = assistant.handle(read_audio(audio), audio, name="music")
    assert turn.transcript is not None and turn.transcript.text == "음악 틀어"
    assert turn.parse.intent == "play_music"
    assert turn.reply is not None and turn.reply.text == "OK, play music"
    assert turn.spoken == tmp_path / "music.wav"
    samples, rate = wav_samples(turn.spoken)
    assert voiced_fraction(samples, rate) > 0.3
    assert set(turn.timings) == {"asr", "endpoint", "final", "parse", "dialog", "tts"}
    assert 2.0 < turn.audio_seconds < 4.0 and 0 < turn.real_time_factor < 1
    assert turn.latency == pytest.approx(sum(v for k, v in turn.timings.items() if k != "asr"))


def test_reply_survives_a_missing_tts_engine(tmp_path: Path) -> None:
    assistant = Assistant(korean_sessions, parse_korean, reply_korean, BrokenSpeaker(),
                          reply_dir=tmp_path)
    turn = assistant.handle(read_audio(AUDIO / "004-ko_f2-130.wav"))
    assert turn.reply is not None and turn.reply.text.startswith("OK, window")
    assert turn.spoken is None and turn.speech_error == "no text-to-speech engine"


def test_silence_gives_no_command() -> None:
    silence = [AudioChunk(np.zeros(1600, dtype="<i2").tobytes()) for _ in range(15)]
    assistant = Assistant(korean_sessions, parse_korean, reply_korean)
    turn = assistant.handle(silence)
    assert turn.transcript is not None and turn.transcript.text == ""
    assert turn.parse.intent is None


class FixedSession:
    """A recognizer session that already knows its transcript (two languages side by side)."""

    def __init__(self, text: str, lang: str, confidence: float) -> None:
        self.lang = lang
        self.result = Transcript(text, lang, confidence)

    def accept(self, chunk: AudioChunk) -> str:
        return ""

    def finish(self) -> Transcript:
        return self.result


def test_transcript_whose_parse_is_best_wins() -> None:
    def parse(text: str, lang: str) -> Parse:
        return Parse("window", {"action": "open"}, 0.9, lang, text) if lang == "ko" \
            else Parse(None, lang=lang, text=text)

    sessions = [FixedSession("chang moon yeoreo", "en", 0.9), FixedSession("창문 열어", "ko", 0.5)]
    assistant = Assistant(lambda: sessions, parse, lambda p: None)
    turn = assistant.handle([AudioChunk(b"\0\0" * 1600)])
    assert turn.transcript is not None and turn.transcript.lang == "ko"
    assert turn.parse.intent == "window" and turn.reply is None and turn.spoken is None


def two_commands_in_one_stream() -> list[AudioChunk]:
    """Two bundled recordings back to back, as a microphone would deliver them."""
    chunks: list[AudioChunk] = []
    offset = 0.0
    for name in ("004-ko_f2-130.wav", "002-ko_f2-130.wav"):
        for chunk in read_audio(AUDIO / name):
            chunks.append(AudioChunk(chunk.audio, timestamp=offset))
            offset += chunk.duration
    return chunks


def test_listening_loop_answers_each_utterance(tmp_path: Path) -> None:
    partials: list[str] = []
    assistant = Assistant(korean_sessions, parse_korean, reply_korean, PyttsxSpeaker(),
                          reply_dir=tmp_path, endpointer=korean_endpointer(),
                          on_partial=lambda lang, text: partials.append(text))
    turns = list(assistant.turns(two_commands_in_one_stream(), name="drive"))
    assert [t.parse.intent for t in turns] == ["window", "play_music"]
    assert [t.spoken for t in turns] == [tmp_path / "drive.wav", tmp_path / "drive-2.wav"]
    assert any(text.startswith("창문") for text in partials)
    for turn in turns:  # a complete command ends after a short quiet, not the full 0.5 s
        assert 0.2 <= turn.timings["endpoint"] < 0.5


def test_half_duplex_ignores_input_while_speaking(tmp_path: Path) -> None:
    class SlowSpeaker:
        """Speaks for three seconds of stream time (longer than the next command)."""

        def say(self, text: str, lang: str) -> None:
            clock.now += 3.0

        def to_file(self, text: str, lang: str, path: Path) -> Path:
            raise AssertionError("not used")

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    assistant = Assistant(korean_sessions, parse_korean, reply_korean, SlowSpeaker(),
                          endpointer=korean_endpointer(), half_duplex=True, clock=clock)
    turns = list(assistant.turns(two_commands_in_one_stream()))
    assert [t.parse.intent for t in turns] == ["window"]  # the second command was drowned out


def test_turn_through_the_real_skills(tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 9, 0)
    dialog = open_dialog(fresh_config("pipeline-skills"),
                         lambda text, lang, when: parse_korean(text, lang), lambda: now)
    speaker = PyttsxSpeaker(TTSSettings(voices={"en": "en-us", "zh": "cmn", "ko": "ko"}))
    assistant = Assistant(korean_sessions, parse_korean, dialog, speaker,
                          reply_dir=tmp_path)
    turn = assistant.handle(read_audio(AUDIO / "003-ko_f2-130.wav"), name="window")
    assert turn.parse.intent == "window"
    assert turn.reply is not None and "window" in turn.reply.text.lower()
    assert turn.spoken is not None and turn.spoken.stat().st_size > 10_000
    assistant.close()  # the dialogue's database is released
    with pytest.raises(sqlite3.ProgrammingError):
        dialog.dialog.context.db.execute("SELECT 1")
