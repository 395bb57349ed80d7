"""A disk cache of compiled grammars, so that `voice parse` starts fast.

The key is a hash of every grammar file's name and text plus the compiler's own
source files, so any change to a grammar or to the compiler rebuilds the cache.
A cache that cannot be read or written is ignored: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import platformdirs

from voice.grammar import grammar_files

_COMPILER_MODULES = ("grammar.py", "expand.py", "compile.py", "compiled.py", "slots.py", "cache.py",
                     "text.py", "sentences.py", "fuzzy.py",
                     "pinyin.py", "classifier.py", "samples.py")


def cache_dir() -> Path:
    """`$VOICE_CACHE_DIR`, else the user cache folder."""
    override = os.environ.get("VOICE_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("voice-car"))


def grammar_key(lang: str, extra: Sequence[Path | Traversable] = ()) -> str:
    """A hash of the grammar files of `lang` and of the code that compiles them."""
    digest = hashlib.sha256(lang.encode())
    for file in grammar_files(lang, extra):
        digest.update(str(file).encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    here = Path(__file__).parent
    for name in _COMPILER_MODULES:
        path = here / name
        if path.exists():
            stat = path.stat()
            digest.update(f"{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:20]


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The object stored under `name` and `key`, or `build()` stored there first."""
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for stale in path.parent.glob(f"{name}-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return value
