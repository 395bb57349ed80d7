"""Where a skill runs: the `Reply` every skill returns (the protocol is in `voice.skills.api`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What a skill answers: text in the driver's language, data, and what the dialog does next."""

    text: str
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    needs_confirmation: bool = False
    expects: tuple[str, ...] = ()
    done: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON object printed by `voice ask --json`."""
        return {
            "text": self.text,
            "lang": self.lang,
            "data": dict(self.data),
            "needs_confirmation": self.needs_confirmation,
            "expects": list(self.expects),
            "done": self.done,
        }
