"""Slots read from a follow-up answer that is not a whole command."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import NOW
from voice.fragments import read_fragment


@pytest.mark.parametrize(("text", "lang", "expects", "slots"), [
    ("tomorrow at ten", "en", ("date", "time"), {"date": "2026-11-25", "time": "10:00"}),
    ("明天上午十点", "zh", ("date", "time"), {"date": "2026-11-25", "time": "10:00"}),
    ("at three", "en", ("date", "time"), {"time": "15:00"}),
    ("next Monday", "en", ("date",), {"date": "2026-11-30"}),
    ("二十四度", "zh", ("temperature",), {"temperature": 24}),
    ("twenty two degrees", "en", ("temperature",), {"temperature": 22}),
    ("五十块", "zh", ("amount",), {"amount": 50, "currency": "CNY"}),
    ("the Summer Palace please", "en", ("destination",), {"destination": "Summer Palace"}),
    ("颐和园吧", "zh", ("destination",), {"destination": "颐和园"}),
    ("purple elephants", "en", ("date", "time"), {}),
    ("hmm", "en", (), {}),
])
def test_read_fragment(text: str, lang: str, expects: tuple[str, ...],
                       slots: dict[str, Any]) -> None:
    assert read_fragment(text, lang, NOW, expects) == slots
