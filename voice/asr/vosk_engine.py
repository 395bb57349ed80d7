"""The Vosk engine: one model per language, loaded once and shared; one recognizer per utterance."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import vosk

from voice import models
from voice.asr import Transcript, Word
from voice.asr.vocabulary import PhraseList, build_phrase_list
from voice.audio import SAMPLE_RATE, AudioChunk
from voice.errors import ModelError

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
vosk.SetLogLevel(-1)


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


class VoskSession:
    """One utterance through a Kaldi recognizer."""

    def __init__(self, model: vosk.Model, lang: str, phrases: Sequence[str] | None) -> None:
        self.lang = lang
        if phrases is None:
            self.kaldi = vosk.KaldiRecognizer(model, SAMPLE_RATE)
        else:
            self.kaldi = vosk.KaldiRecognizer(model, SAMPLE_RATE,
                                              json.dumps(list(phrases), ensure_ascii=False))
        self.kaldi.SetWords(True)
        self.offset: float | None = None
        self.finished: list[Transcript] = []  # segments Vosk closed by itself

    def accept(self, chunk: AudioChunk) -> str:
        """Feed 16 kHz mono s16 audio; return the partial text so far."""
        if self.offset is None:
            self.offset = chunk.timestamp
        if self.kaldi.AcceptWaveform(chunk.audio):
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
        offset = self.offset or 0.0
        last = parse_result(json.loads(self.kaldi.FinalResult()), self.lang, offset)
        pieces = [t for t in self.finished if t.words] + ([last] if last.words else [])
        words = tuple(w for t in pieces for w in t.words)
        if not words:
            return Transcript(text="", lang=self.lang, confidence=0.0, engine="vosk",
                              start=offset, end=offset)
        return Transcript(text=join_words([w.text for w in words], self.lang), lang=self.lang,
                          confidence=sum(w.confidence for w in words) / len(words),
                          words=words, engine="vosk", start=words[0].start, end=words[-1].end)


class VoskRecognizer:
    """Vosk with one model for one language."""

    name = "vosk"

    def __init__(self, lang: str, model: str | None = None) -> None:
        self.lang = lang
        self.model_path = models.resolve_model(lang, model)
        self.model = load_model(self.model_path)

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
            phrases = self.phrase_list(phrases, wildcard=True).phrases
            if not phrases:
                raise ModelError(f"none of the grammar phrases can be said with the "
                                 f"{self.lang} model at {self.model_path}")
        return VoskSession(self.model, self.lang, phrases)
