"""The embedded English engine: PocketSphinx with the model its wheel ships.

Its stock language model decodes commands poorly, so without phrases the
engine decodes with a trigram model of the English commands
(`voice.asr.domain_lm`, built at first use and cached); with phrases, with a
JSGF grammar of exactly those phrases. Words the dictionary lacks get
pronunciations made with espeak-ng (`voice.asr.g2p`). PocketSphinx's cepstral mean
normalization goes astray on digitally silent stretches (a near-silent recording
decodes worse than a noisy one), so a faint fixed noise floor (about -50 dBFS)
is added to the audio before decoding. The running cepstral mean also starts from
a guess far from any real microphone's, so until it has adapted the first
utterances are decoded again with the mean they moved to (`SphinxSession.settle`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pocketsphinx import Decoder

from voice.asr import Transcript, Word
from voice.asr.g2p import Pronunciations, bare_word
from voice.audio import AudioChunk
from voice.errors import ModelError, UsageError

FRAME_SECONDS = 0.01
NOISE_STD = 100.0  # in s16 units: about -50 dBFS
FILLERS = {"<s>", "</s>", "<sil>", "<unk>"}
LANGUAGE_MODELS = ("domain", "stock")
# Pronunciations the dictionary lacks: place names as they are said in China.
EXTRA_PRONUNCIATIONS = {"beijing(2)": "B EY JH IH NG"}
# Search settings of the domain model, tuned on synthesized grammar sentences
# (benchmarks/sphinx_lm.py --tune); the stock model and JSGF keep the defaults.
DOMAIN_SETTINGS: dict[str, float] = {"lw": 8.0, "wip": 1.0, "fillprob": 1e-5, "beam": 1e-60}
# The running cepstral mean starts from the value published with the en-us model
# (PocketSphinx's own default, "40,3,-1", is a generic guess) and weighs it like
# 5 s of audio; after twice that it follows the microphone. Until then an
# utterance is decoded again, once, with the mean it moved to.
CMN_INIT = "41.00,-5.29,-0.12,5.09,2.48,-4.07,-1.37,-1.78,-5.08,-2.05,-6.45,-1.42,1.17"
CMN_WARM_SECONDS = 10.0
CMN_PASSES = 2
KEEP_SECONDS = 20.0  # longer utterances are not kept for decoding again


def jsgf_grammar(phrases: Sequence[str]) -> str:
    """A JSGF grammar whose one public rule is any of `phrases`."""
    body = " | ".join(f"( {p} )" for p in phrases)
    return f"#JSGF V1.0;\ngrammar voice;\npublic <command> = {body} ;\n"


def is_filler(word: str) -> bool:
    """Silence, noise and sentence marks: "<sil>", "[NOISE]", "[SPEECH]", "++UH++"."""
    return word in FILLERS or word.startswith(("[", "++"))


class SphinxSession:
    """One utterance through the shared decoder."""

    def __init__(self, decoder: Decoder, search: str, lang: str,
                 adaptation: Adaptation | None = None) -> None:
        self.lang = lang
        self.decoder = decoder
        self.rng = np.random.default_rng(0)
        self.offset: float | None = None
        self.adaptation = adaptation or Adaptation()
        self.audio: list[bytes] | None = []  # what was decoded, while short enough to keep
        self.seconds = 0.0
        decoder.activate_search(search)
        decoder.start_utt()

    def accept(self, chunk: AudioChunk) -> str:
        """Feed 16 kHz mono s16 audio; return the partial text so far."""
        if self.offset is None:
            self.offset = chunk.timestamp
        samples = np.frombuffer(chunk.audio, dtype="<i2").astype(np.float32)
        samples += self.rng.normal(0.0, NOISE_STD, samples.shape).astype(np.float32)
        audio = np.clip(samples, -32768, 32767).astype("<i2").tobytes()
        self.decoder.process_raw(audio)
        self.keep(audio, chunk.duration)
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""

    def keep(self, audio: bytes, seconds: float) -> None:
        self.seconds += seconds
        self.adaptation.seconds += seconds
        if self.audio is not None:
            self.audio.append(audio)
            if self.seconds > KEEP_SECONDS:
                self.audio = None

    def finish(self) -> Transcript:
        """End the utterance and return its transcript with word timings."""
        self.decoder.end_utt()
        self.settle()
        offset = self.offset or 0.0
        hyp = self.decoder.hyp()
        if hyp:
            self.decoder.get_lattice()  # computes the word posteriors that seg() reports
        words = tuple(
            Word(text=bare_word(seg.word), start=offset + seg.start_frame * FRAME_SECONDS,
                 end=offset + (seg.end_frame + 1) * FRAME_SECONDS,
                 confidence=max(0.0, min(1.0, seg.prob)))
            for seg in (self.decoder.seg() if hyp else ())
            if not is_filler(seg.word))
        text = " ".join(w.text for w in words)
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return Transcript(text=text, lang=self.lang, confidence=confidence, words=words,
                          engine="sphinx", start=words[0].start if words else offset,
                          end=words[-1].end if words else offset)

    def settle(self) -> None:
        """Decode the utterance again while the cepstral mean is still adapting.

        PocketSphinx normalizes audio with a running cepstral mean that starts
        from a guess and moves with every utterance. Until it has seen
        `CMN_WARM_SECONDS` of audio (the first utterances after start-up) words
        come out badly, so the same audio is decoded again with the mean the
        last pass moved to, up to `CMN_PASSES` decodes in all.
        """
        passes = 1
        while (self.audio is not None and passes < CMN_PASSES
               and self.adaptation.seconds < CMN_WARM_SECONDS):
            self.decoder.start_utt()
            self.decoder.process_raw(b"".join(self.audio))
            self.decoder.end_utt()
            self.adaptation.seconds += self.seconds
            passes += 1


@dataclass
class Adaptation:
    """How much audio a decoder's running cepstral mean has followed."""

    seconds: float = 0.0


class SphinxRecognizer:
    """PocketSphinx for English with its bundled acoustic model and dictionary."""

    name = "sphinx"

    def __init__(self, lang: str, model: str | None = None, language_model: str = "domain",
                 settings: dict[str, float] | None = None, make_words: bool = True) -> None:
        """`language_model` decodes without phrases: "domain" (the commands) or "stock";
        `settings` replace the domain model's search settings (lw, beam, ...);
        `make_words` gives words the dictionary lacks (of the domain model and of
        phrases) pronunciations made with espeak-ng; else they are left out."""
        if lang != "en":
            raise UsageError(f"the sphinx engine speaks English only, not {lang!r}: "
                             f"use --engine vosk")
        if model:
            raise UsageError("the sphinx engine uses its bundled model; --model is for vosk")
        if language_model not in LANGUAGE_MODELS:
            raise UsageError(f"unknown PocketSphinx language model {language_model!r}: "
                             f"use {' or '.join(LANGUAGE_MODELS)}")
        self.lang = lang
        self.language_model = language_model
        self.settings = DOMAIN_SETTINGS if settings is None else settings
        self.make_words = make_words
        try:
            self.decoder = Decoder(loglevel="FATAL", cmninit=CMN_INIT)
        except Exception as exc:
            raise ModelError(f"cannot load the PocketSphinx English model: {exc}") from exc
        for word, phones in EXTRA_PRONUNCIATIONS.items():
            self.decoder.add_word(word, phones, False)
        self.searches: dict[str, str] = {}
        self.adaptation = Adaptation()

    def knows(self, word: str) -> bool:
        """Whether the pronunciation dictionary has `word`."""
        return self.decoder.lookup_word(word) is not None

    def unknown_words(self, phrases: Iterable[str]) -> set[str]:
        return {w for p in phrases for w in p.lower().split() if not self.knows(w)}

    def usable_phrases(self, phrases: Iterable[str]) -> list[str]:
        """Phrases in lower case whose every word is in the dictionary."""
        usable = []
        for phrase in phrases:
            words = phrase.lower().split()
            if words and all(self.knows(w) for w in words):
                usable.append(" ".join(words))
        return sorted(set(usable))

    def grammar_search(self, phrases: Sequence[str]) -> str:
        """The name of a JSGF search for `phrases`, built once per phrase set.

        Their words the dictionary lacks get espeak-ng pronunciations first (with
        `make_words`); phrases with words that still cannot be said are left out.
        """
        self.make_missing_words(phrases)
        usable = self.usable_phrases(phrases)
        if not usable:
            raise ModelError("none of the grammar phrases can be said with the "
                             "PocketSphinx English dictionary")
        key = hashlib.sha1("\n".join(usable).encode()).hexdigest()[:12]
        name = f"grammar_{key}"
        if name not in self.searches:
            self.decoder.add_jsgf_string(name, jsgf_grammar(usable))
            self.searches[name] = key
        return name

    def domain_search(self) -> str:
        """The name of the search with the domain model, loaded at its first use."""
        if "domain" not in self.searches:
            from voice.asr.domain_lm import domain_lm_file, lm_pronunciations

            path = domain_lm_file(self.knows, str(self.decoder.config["dict"]),
                                  make=self.word_maker())
            self.add_words(lm_pronunciations(path))
            defaults = {key: self.decoder.config[key] for key in self.settings}
            try:
                for key, value in self.settings.items():
                    self.decoder.config[key] = value
                self.decoder.add_lm_file("domain", str(path))
            except RuntimeError as exc:
                raise ModelError(f"cannot load the command language model {path}: {exc}") \
                    from exc
            finally:
                for key, value in defaults.items():
                    self.decoder.config[key] = value
            self.searches["domain"] = str(path)
        return "domain"

    def word_maker(self) -> Callable[[Iterable[str]], Pronunciations] | None:
        """espeak-ng's pronunciations for unknown words, when asked for and installed."""
        from voice.asr.g2p import espeak_available, pronounce

        return pronounce if self.make_words and espeak_available() else None

    def make_missing_words(self, phrases: Iterable[str]) -> None:
        """Give the words of `phrases` the dictionary lacks espeak-ng pronunciations."""
        if not self.make_words:
            return
        missing = self.unknown_words(phrases)
        make = self.word_maker() if missing else None
        if make is not None:
            self.add_words(make(missing).phones)

    def add_words(self, pronunciations: dict[str, str]) -> None:
        """Add words the dictionary lacks: {"wechat": "W EH CH AE T"} (ARPAbet phones)."""
        for word, phones in pronunciations.items():
            if not self.knows(word):
                try:
                    self.decoder.add_word(word, phones, False)
                except RuntimeError as exc:
                    raise ModelError(f"cannot add the word {word!r} ({phones}): {exc}") \
                        from exc

    def session(self, phrases: Sequence[str] | None = None) -> SphinxSession:
        """Start an utterance: only `phrases` when given, else the chosen language model."""
        if phrases is not None:
            search = self.grammar_search(phrases)
        elif self.language_model == "domain":
            search = self.domain_search()
        else:
            search = "_default"
        return SphinxSession(self.decoder, search, self.lang, self.adaptation)
