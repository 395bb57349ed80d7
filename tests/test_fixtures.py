"""Loading replay fixtures: folders, manifests, dialogues, and clear errors for bad ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voice.errors import FixtureError
from voice.fixtures import load_fixtures

BUNDLED = Path(__file__).parent / "fixtures"


@pytest.fixture()
def wav(tmp_path: Path) -> Path:
    source = next((BUNDLED / "ko" / "audio").glob("*.wav"))
    return Path(shutil.copy(source, tmp_path / "one.wav"))


def test_bundled_korean_folder_loads_with_its_dialogue() -> None:
    fixtures = load_fixtures(BUNDLED / "ko")
    assert len(fixtures) == 13
    dialogue = next(f for f in fixtures if f.id == "dialogue-window-music")
    assert dialogue.is_dialogue and [t.intent for t in dialogue.turns] == ["window", "play_music"]
    single = next(f for f in fixtures if f.id == "003-ko_f2-130")
    assert single.turns[0].slots == {"action": "open"} and single.turns[0].check_intent


def test_out_of_domain_fixture_expects_no_intent() -> None:
    joke = next(f for f in load_fixtures(BUNDLED / "en" / "manifest.jsonl")
                if f.turns[0].transcript == "tell me a joke")
    assert joke.turns[0].check_intent and joke.turns[0].intent is None


def test_sidecar_next_to_audio(tmp_path: Path, wav: Path) -> None:
    (tmp_path / "one.yaml").write_text("lang: ko\nintent: window\nslots: {action: open}\n")
    [fixture] = load_fixtures(tmp_path)
    assert fixture.id == "one" and fixture.turns[0].audio == wav.resolve()


@pytest.mark.parametrize(("content", "message"), [
    ('{"lang": "ko", "audio": "one.wav"}\n{"lang": "ko", "audio": ', "manifest.jsonl:2: bad JSON"),
    ('{"audio": "one.wav"}', "manifest.jsonl:1: missing 'lang'"),
    ('{"lang": "ko", "audio": "gone.wav"}', "audio file not found"),
    ('{"lang": "ko", "audio": "one.wav", "intnet": "x"}', "unknown key(s) intnet"),
    ('{"lang": "ko", "audio": "one.wav", "slots": [1]}', "'slots' must be a mapping"),
    ('{"lang": "ko", "turns": []}', "'turns' must be a non-empty list"),
    ('{"id": "a", "lang": "ko", "audio": "one.wav"}\n{"id": "a", "lang": "ko", "audio": "one.wav"}',
     "duplicate fixture id 'a'"),
    ("[1, 2]", "must be a mapping"),
])
def test_bad_manifest_is_one_clear_error(tmp_path: Path, wav: Path, content: str,
                                         message: str) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(content)
    with pytest.raises(FixtureError) as info:
        load_fixtures(manifest)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_yaml_names_the_line(tmp_path: Path, wav: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("- lang: ko\n  audio: one.wav\n- lang: [ko\n")
    with pytest.raises(FixtureError, match=r"manifest.yaml:\d+: bad YAML"):
        load_fixtures(manifest)


def test_yaml_entry_errors_name_their_line(tmp_path: Path, wav: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("- lang: ko\n  audio: one.wav\n- audio: one.wav\n")
    with pytest.raises(FixtureError, match=r"manifest.yaml:3: missing 'lang'"):
        load_fixtures(manifest)


def test_missing_and_empty_paths(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="no such fixture"):
        load_fixtures(tmp_path / "nothing")
    with pytest.raises(FixtureError, match="no fixtures found"):
        load_fixtures(tmp_path)
