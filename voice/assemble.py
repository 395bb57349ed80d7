"""The product's own assistant, assembled from the installed recognizers, parser and skills.

`assistant_for(fixture)` is the default factory of `voice replay`; `voice
listen` uses `build_assistant`. Any other factory with the same signature can
be named with `voice replay --assistant module:function`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

from voice.errors import ModelError, UsageError
from voice.fixtures import Fixture
from voice.pipeline import Assistant


def build_assistant(lang: str = "auto", speak: bool = True) -> Assistant:
    """Recognizers for `lang`, the parser, the dialogue with its skills, the TTS speaker."""
    raise ModelError(
        "the speech recognizers, parser and skills are not all installed in this build; "
        "name a factory with --assistant module:function"
    )


def assistant_for(fixture: Fixture) -> Assistant:
    """The default replay factory: the product assistant in the fixture's language."""
    return build_assistant(fixture.lang)


def load_factory(spec: str) -> Callable[[Fixture], Assistant]:
    """Import `module:function` (a factory taking a Fixture and returning an Assistant)."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise UsageError(f"--assistant must look like module:function, not {spec!r}")
    if os.getcwd() not in sys.path:  # like `python -m`: modules of the current folder load
        sys.path.insert(0, os.getcwd())
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"cannot load assistant factory {spec}: {exc}") from exc
    if not callable(factory):
        raise UsageError(f"assistant factory {spec} is not callable")
    return factory
