"""Words the PocketSphinx dictionary lacks get espeak-ng pronunciations, so they can be heard."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from voice.asr.domain_lm import build_domain_lm, lm_pronunciations
from voice.asr.g2p import espeak_phonemes, pronounce, to_arpabet
from voice.asr.pinyin_phones import pinyin_phones
from voice.asr.sphinx_engine import SphinxRecognizer
from voice.asr.stream import utterances
from voice.audio import read_audio
from voice.intents import parse

NOW = datetime(2026, 11, 24, 9, 0)
SAMPLE = str.split("hongqiao sanlitun wangjing xidan zhongguancun wechat alipay kuai windscreen "
          "defroster moonroof unmute satnav thoroughfare rhythm jukebox vision measure "
          "beautiful judge yacht loch button little bottle fire hour pure cure idea "
          "unusual orange car car's wednesday huang'an sarah johnson")


def model_phones() -> set[str]:
    """The phones of PocketSphinx's English model, read from its dictionary."""
    recognizer = SphinxRecognizer("en")
    lines = Path(str(recognizer.decoder.config["dict"])).read_text().splitlines()
    return {phone for line in lines for phone in line.split()[1:]}


def test_every_symbol_espeak_emits_maps_to_a_model_phone() -> None:
    spelled = espeak_phonemes(SAMPLE)
    assert spelled is not None and len(spelled) == len(SAMPLE)
    phones = model_phones()
    for word, espeak in zip(SAMPLE, spelled, strict=True):
        arpabet, unmapped = to_arpabet(espeak)
        assert not unmapped, (word, espeak)
        assert arpabet and set(arpabet) <= phones, (word, espeak, arpabet)


def test_unknown_symbols_are_skipped_and_reported() -> None:
    phones, unmapped = to_arpabet("s'anlI2t,Vn\u00a7")
    assert " ".join(phones) == "S AE N L IH T AH N"
    assert unmapped == {"\u00a7"}


def test_pronounce_reports_what_it_cannot_make() -> None:
    made = pronounce(["wechat", "4s", "sanlitun"])
    assert made.phones == {"wechat": "W EH CH AE T", "sanlitun": "S AE N L IH T AH N",
                           "sanlitun(2)": "S AA N L IY T W AH N"}  # and as said in Chinese
    assert made.failed == ["4s"]


def test_pinyin_words_get_a_mandarin_reading() -> None:
    assert pinyin_phones("xidan") == "SH IY D AA N"
    assert pinyin_phones("hongqiao") == "HH UH NG CH Y AW"
    assert pinyin_phones("yan'an") == "Y AA N AA N"
    assert pinyin_phones("wechat") is None and pinyin_phones("windscreen") is None


def test_command_model_keeps_sentences_with_made_words() -> None:
    recognizer = SphinxRecognizer("en")
    built = build_domain_lm(recognizer.knows, per_template=20, make=pronounce)
    assert {"wechat", "hongqiao", "kuai"} <= set(built.pronunciations)
    assert not {w for w in built.unknown if w.isalpha()}  # only "4s", "2" are left out
    assert built.kept >= 0.99 * built.sentences


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxRecognizer]:
    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("VOICE_CACHE_DIR")
    os.environ["VOICE_CACHE_DIR"] = str(cache)
    try:
        recognizer = SphinxRecognizer("en")
        recognizer.domain_search()  # builds the model and its pronunciations into `cache`
        yield recognizer
    finally:
        if old is None:
            os.environ.pop("VOICE_CACHE_DIR", None)
        else:
            os.environ["VOICE_CACHE_DIR"] = old


def test_made_pronunciations_are_cached_with_the_model(en: SphinxRecognizer) -> None:
    arpa = Path(en.searches["domain"])
    assert lm_pronunciations(arpa)["sanlitun"] == "S AE N L IH T AH N"
    assert en.knows("sanlitun") and en.knows("hongqiao") and en.knows("xidan(2)")


def say(text: str, folder: Path) -> Path:
    raw, out = folder / "raw.wav", folder / "say.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out), "pad", "0.3", "0.8"],
                   check=True)
    return out


PLACE_COMMANDS = [
    ("navigate to Hongqiao Airport", "hongqiao airport"),
    ("take me to Hongqiao Airport", "hongqiao airport"),
    ("navigate to Hongqiao Railway Station", "hongqiao railway station"),
    ("take me to Sanlitun", "sanlitun"),
]


def test_places_missing_from_the_dictionary_are_heard(en: SphinxRecognizer,
                                                      tmp_path: Path) -> None:
    # "Hongqiao" and "Sanlitun" are not in the dictionary: their espeak-ng
    # pronunciations let the engine hear them. ("navigate to Hongqiao Airport" in
    # this voice is sometimes heard as Pudong Airport.)
    heard_right = []
    for said, place in PLACE_COMMANDS:
        heard = " ".join(u.best().text for u in utterances(read_audio(say(said, tmp_path)), [en]))
        result = parse(heard, "en", NOW)
        if result.intent == "navigate" and \
                place in str(result.slots.get("destination", "")).lower():
            heard_right.append(said)
    assert len(heard_right) >= len(PLACE_COMMANDS) - 1, heard_right


def test_phrase_with_a_word_missing_from_the_dictionary_is_heard(tmp_path: Path) -> None:
    recognizer = SphinxRecognizer("en")
    assert not recognizer.knows("wangjing")
    phrases = ["take me to wangjing", "take me to the airport", "call mom"]
    audio = read_audio(say("take me to Wangjing", tmp_path))
    heard = [u.best().text for u in utterances(audio, [recognizer], phrases={"en": phrases})]
    assert heard == ["take me to wangjing"]
