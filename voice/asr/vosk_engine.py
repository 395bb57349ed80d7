"""The Vosk engine: one model per language, loaded once and shared.

Kaldi recognizers are kept between utterances and reused (one per grammar):
a new recognizer composes its decoding graph (lexicon x language model) on
the fly from scratch, and that cold start is most of the cost of open-mode
decoding. A reused one starts every utterance with a fresh decoder and
feature pipeline, so results are the same, only faster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import vosk

from voice import models
from voice.asr import Transcript, Word
from voice.asr.vocabulary import PhraseList, build_phrase_list
from voice.asr.vosk_search import Search, search_settings, tuned_model
from voice.audio import SAMPLE_RATE, AudioChunk
from voice.config import load_config
from voice.errors import ModelError

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
vosk.SetLogLevel(-1)
GrammarKey = tuple[str, ...] | None  # the phrases of a grammar recognizer; None: open mode
KEPT_GRAMMARS = 8          # grammar recognizers kept per model (the dialogue switches between few)
RECYCLE_SECONDS = 600.0    # audio after which a kept recognizer is dropped: its graph cache grows


@lru_cache(maxsize=8)
def load_model(path: Path) -> vosk.Model:
    """Load a Vosk model folder once per process."""
    models.verify_model(path)
    try:
        return vosk.Model(str(path))
    except Exception as exc:
        raise ModelError(f"cannot load the Vosk model at {path}: {exc}") from exc


def join_words(words: Sequence[str], lang: str) -> str:
    """Words as text; Chinese comes back without the spaces Vosk puts between words."""
    if lang != "zh":
        return " ".join(words)
    text = ""
    for word in words:
        if text and not (CJK.search(text[-1]) and CJK.search(word[0])):
            text += " "
        text += word
    return text


def parse_result(result: dict[str, Any], lang: str, offset: float) -> Transcript:
    """A Vosk JSON result as a `Transcript`; word times are shifted by `offset` seconds."""
    words = tuple(
        Word(text=w["word"], start=offset + w["start"], end=offset + w["end"],
             confidence=float(w.get("conf", 1.0)))
        for w in result.get("result", []))
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    text = join_words([w.text for w in words] or result.get("text", "").split(), lang)
    return Transcript(text=text, lang=lang, confidence=confidence, words=words, engine="vosk",
                      start=words[0].start if words else offset,
                      end=words[-1].end if words else offset)


class KeptRecognizer:
    """A Kaldi recognizer that outlives one utterance.

    Vosk counts word times from the first sample a recognizer ever saw, so
    `fed` (samples so far) is what an utterance subtracts to get its own times.
    """

    def __init__(self, model: vosk.Model, key: GrammarKey) -> None:
        self.key = key
        if key is None:
            self.kaldi = vosk.KaldiRecognizer(model, SAMPLE_RATE)
        else:
            self.kaldi = vosk.KaldiRecognizer(model, SAMPLE_RATE,
                                              json.dumps(list(key), ensure_ascii=False))
        self.kaldi.SetWords(True)
        self.fed = 0
        self.at_endpoint = False  # Vosk closed a segment and no audio came since

    def accept(self, audio: bytes) -> bool:
        """Feed s16 audio; True when Vosk's own endpoint closed a segment."""
        self.fed += len(audio) // 2
        self.at_endpoint = bool(self.kaldi.AcceptWaveform(audio))
        return self.at_endpoint

    def final_result(self) -> str:
        """Close the utterance so the next one starts on a fresh decoder and features."""
        if self.at_endpoint:
            # FinalResult only closes a running recognizer; an empty chunk restarts it
            self.kaldi.AcceptWaveform(b"")
            self.at_endpoint = False
        return str(self.kaldi.FinalResult())

    @property
    def seconds(self) -> float:
        """Audio decoded by this recognizer so far."""
        return self.fed / SAMPLE_RATE


class VoskSession:
    """One utterance through a Kaldi recognizer, handed back to `release` when finished."""

    def __init__(self, recognizer: KeptRecognizer, lang: str,
                 release: Callable[[KeptRecognizer], None] | None = None) -> None:
        self.lang = lang
        self.recognizer = recognizer
        self.kaldi = recognizer.kaldi
        self.release = release
        self.start_seconds = recognizer.seconds  # Vosk's clock at the start of the utterance
        self.offset: float | None = None
        self.finished: list[Transcript] = []  # segments Vosk closed by itself

    def accept(self, chunk: AudioChunk) -> str:
        """Feed 16 kHz mono s16 audio; return the partial text so far."""
        if self.offset is None:
            self.offset = chunk.timestamp - self.start_seconds
        if self.recognizer.accept(chunk.audio):
            self.finished.append(parse_result(json.loads(self.kaldi.Result()), self.lang,
                                              self.offset))
            return self.text_so_far("")
        partial = json.loads(self.kaldi.PartialResult()).get("partial", "")
        return self.text_so_far(partial)

    def text_so_far(self, partial: str) -> str:
        parts = [t.text for t in self.finished if t.text] + ([partial] if partial else [])
        return join_words(" ".join(parts).split(), self.lang)

    def finish(self) -> Transcript:
        """The final transcript of everything fed to this session."""
        offset = self.offset if self.offset is not None else -self.start_seconds
        last = parse_result(json.loads(self.recognizer.final_result()), self.lang, offset)
        if self.release:
            self.release(self.recognizer)
            self.release = None
        pieces = [t for t in self.finished if t.words] + ([last] if last.words else [])
        words = tuple(w for t in pieces for w in t.words)
        if not words:
            start = offset + self.start_seconds
            return Transcript(text="", lang=self.lang, confidence=0.0, engine="vosk",
                              start=start, end=start)
        return Transcript(text=join_words([w.text for w in words], self.lang), lang=self.lang,
                          confidence=sum(w.confidence for w in words) / len(words),
                          words=words, engine="vosk", start=words[0].start, end=words[-1].end)


class VoskRecognizer:
    """Vosk with one model for one language."""

    name = "vosk"

    def __init__(self, lang: str, model: str | None = None, search: Search | None = None) -> None:
        """`search`: Kaldi search settings (see `voice.asr.vosk_search`); None reads them
        from the `[vosk]` table of the config file."""
        self.lang = lang
        self.model_path = models.resolve_model(lang, model)
        settings = search_settings(load_config()) if search is None else search
        self.model = load_model(tuned_model(self.model_path, settings))
        self.phrase_lists: dict[tuple[str, ...], PhraseList] = {}
        self.idle: dict[GrammarKey, list[KeptRecognizer]] = {}  # most recently used last

    def knows(self, word: str) -> bool:
        """Whether the model's vocabulary has `word`."""
        return bool(self.model.vosk_model_find_word(word) != -1)

    def phrase_list(self, sentences: Iterable[str], wildcard: bool = False) -> PhraseList:
        """Grammar sentences in this model's words (see `voice.asr.vocabulary`)."""
        return build_phrase_list(sentences, self.knows, wildcard=wildcard)

    def unknown_words(self, phrases: Iterable[str]) -> set[str]:
        return self.phrase_list(phrases).unknown

    def session(self, phrases: Sequence[str] | None = None) -> VoskSession:
        """Start an utterance; `phrases` limits decoding to those (already in model words)."""
        if phrases is not None:
            phrases = self.grammar_phrases(tuple(phrases))
            if not phrases:
                raise ModelError(f"none of the grammar phrases can be said with the "
                                 f"{self.lang} model at {self.model_path}")
        key = None if phrases is None else tuple(phrases)
        return VoskSession(self.take(key), self.lang, self.give_back)

    def grammar_phrases(self, sentences: tuple[str, ...]) -> list[str]:
        """`sentences` in model words with the `[unk]` wildcard, worked out once per list."""
        if sentences not in self.phrase_lists:
            if len(self.phrase_lists) >= KEPT_GRAMMARS:
                self.phrase_lists.pop(next(iter(self.phrase_lists)))
            self.phrase_lists[sentences] = self.phrase_list(sentences, wildcard=True)
        return self.phrase_lists[sentences].phrases

    def take(self, key: GrammarKey) -> KeptRecognizer:
        """An idle recognizer for this grammar, or a new one."""
        idle = self.idle.pop(key, [])
        recognizer = idle.pop() if idle else KeptRecognizer(self.model, key)
        if idle:
            self.idle[key] = idle
        return recognizer

    def give_back(self, recognizer: KeptRecognizer) -> None:
        """Keep a finished recognizer for the next utterance (within the limits above)."""
        if recognizer.seconds >= RECYCLE_SECONDS:
            return
        idle = self.idle.pop(recognizer.key, [])
        self.idle[recognizer.key] = idle + [recognizer]
        grammars = [key for key in self.idle if key is not None]
        for key in grammars[:-KEPT_GRAMMARS]:
            del self.idle[key]
