"""One assistant turn through real Vosk, a small real parser and dialogue, real TTS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio_checks import voiced_fraction, wav_samples
from tests.korean_assistant import VoskSession, parse_korean, reply_korean
from voice.asr import Transcript
from voice.audio import AudioChunk
from voice.errors import TTSError
from voice.fixtures import read_audio
from voice.intents import Parse
from voice.pipeline import Assistant
from voice.tts import PyttsxSpeaker

AUDIO = Path(__file__).parent / "fixtures" / "ko" / "audio"


class BrokenSpeaker:
    """A speaker whose engine is gone, as when espeak-ng is not installed."""

    def say(self, text: str, lang: str) -> None:
        raise TTSError("no text-to-speech engine")

    def to_file(self, text: str, lang: str, path: Path) -> Path:
        raise TTSError("no text-to-speech engine")


def test_turn_from_audio_to_spoken_reply(tmp_path: Path) -> None:
    assistant = Assistant(lambda: [VoskSession()], parse_korean, reply_korean, PyttsxSpeaker(),
                          reply_dir=tmp_path)
    audio = AUDIO / "002-ko_f2-130.wav"
    turn = assistant.handle(read_audio(audio), audio, name="music")
    assert turn.transcript is not None and turn.transcript.text == "음악 틀어"
    assert turn.parse.intent == "play_music"
    assert turn.reply is not None and turn.reply.text == "OK, play music"
    assert turn.spoken == tmp_path / "music.wav"
    samples, rate = wav_samples(turn.spoken)
    assert voiced_fraction(samples, rate) > 0.3
    assert set(turn.timings) == {"asr", "endpoint", "parse", "dialog", "tts"}
    assert 2.0 < turn.audio_seconds < 4.0 and 0 < turn.real_time_factor < 1
    assert turn.latency == pytest.approx(sum(v for k, v in turn.timings.items() if k != "asr"))


def test_reply_survives_a_missing_tts_engine(tmp_path: Path) -> None:
    assistant = Assistant(lambda: [VoskSession()], parse_korean, reply_korean, BrokenSpeaker(),
                          reply_dir=tmp_path)
    turn = assistant.handle(read_audio(AUDIO / "004-ko_f2-130.wav"))
    assert turn.reply is not None and turn.reply.text.startswith("OK, window")
    assert turn.spoken is None and turn.speech_error == "no text-to-speech engine"


def test_silence_gives_no_command() -> None:
    silence = [AudioChunk(np.zeros(1600, dtype="<i2").tobytes()) for _ in range(15)]
    assistant = Assistant(lambda: [VoskSession()], parse_korean, reply_korean)
    turn = assistant.handle(silence)
    assert turn.transcript is not None and turn.transcript.text == ""
    assert turn.parse.intent is None


class FixedSession:
    """A recognizer session that already knows its transcript (two languages side by side)."""

    def __init__(self, text: str, lang: str, confidence: float) -> None:
        self.result = Transcript(text, lang, confidence)

    def accept(self, chunk: AudioChunk) -> bool:
        return False

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
