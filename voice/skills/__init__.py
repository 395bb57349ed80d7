"""Where a skill runs: the `Skill` protocol and the `Reply` it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What a skill answers: text in the driver's language, data, and whether to confirm."""

    text: str
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    needs_confirmation: bool = False
