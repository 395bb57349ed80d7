"""`voice ask` and `voice chat` with the small pattern parser standing in for the intent parser.

The commands run in-process (click's runner) on a real database; only the
parse function is swapped, so these tests run before the full parser exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.simple_parse import simple_parse
from voice.commands import ask as ask_module
from voice.commands.ask import ask, chat

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n[dialog]\ntimeout_seconds = 30\n')
    monkeypatch.setenv("VOICE_CONFIG", str(config))
    monkeypatch.setattr(ask_module, "intent_parser", lambda: simple_parse)
    runner = CliRunner()

    def invoke(command: object, *args: str, stdin: str | None = None) -> Result:
        return runner.invoke(command, list(args), input=stdin)  # type: ignore[arg-type]

    return invoke


def test_ask_names_the_place_and_its_distance(run: Run) -> None:
    result = run(ask, "导航到北京西站")
    assert result.exit_code == 0
    assert "北京西站" in result.output and "公里" in result.output


def test_ask_json_gives_the_whole_reply(run: Run) -> None:
    reply = json.loads(run(ask, "--json", "navigate to the bund").output)
    assert reply["lang"] == "en" and reply["done"] is True
    assert reply["data"]["destination"]["name_zh"] == "外滩"
    assert reply["parse"]["intent"] == "navigate"
    assert reply["parse"]["slots"] == {"destination": "the bund"}


def test_follow_up_across_separate_ask_calls(run: Run) -> None:
    now = ("--now", "2026-11-24T09:00")
    assert run(ask, *now, "navigate").output.strip() == "Where would you like to go?"
    answer = run(ask, "--now", "2026-11-24T09:00:10", "颐和园")
    assert "颐和园" in answer.output and "公里" in answer.output


def test_follow_up_times_out_between_calls(run: Run) -> None:
    run(ask, "--now", "2026-11-24T09:00", "navigate")
    late = run(ask, "--now", "2026-11-24T09:05", "颐和园")
    assert late.output.strip() == "抱歉，我没有听懂。"


def test_chat_reads_turns_from_a_pipe(run: Run) -> None:
    result = run(chat, "--now", "2026-11-24T09:00",
                 stdin="navigate\n北京西站\nwhat can you do\n你能做什么\n")
    lines = result.output.strip().splitlines()
    assert lines[0] == "Where would you like to go?"
    assert lines[1].startswith("开始导航到北京西站")
    assert lines[2].startswith("I can navigate") and lines[3].startswith("我可以导航")


def test_chat_empty_line_is_silence_and_drops_the_question(run: Run) -> None:
    lines = run(chat, stdin="navigate\n\n北京西站\n").output.strip().splitlines()
    assert lines == ["Where would you like to go?", "No answer, so I cancelled that.",
                     "抱歉，我没有听懂。"]


def test_chat_cancel_at_any_point(run: Run) -> None:
    lines = run(chat, stdin="navigate\ncancel\n").output.strip().splitlines()
    assert lines == ["Where would you like to go?", "Cancelled."]


def test_chat_starts_fresh_and_ends_on_exit(run: Run) -> None:
    run(chat, stdin="navigate\n")
    lines = run(chat, stdin="北京西站\nexit\nwhat can you do\n").output.strip().splitlines()
    assert lines == ["抱歉，我没有听懂。"]
