"""Find, verify, download and unpack Vosk speech models.

Search order for a language's model: an explicit `--model` (a folder or a
name), the folders in `$VOICE_MODELS` (separated by the path separator),
`./models`, the user data dir's `models/`, then model packages installed with
pip (`vosk_model_<lang>`, the model folder next to its `__init__.py`).
Nothing is ever downloaded unless `voice models pull` is run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from voice.config import user_data_dir
from voice.errors import ModelError, UsageError

BASE_URL = "https://alphacephei.com/vosk/models"
BASE_URL_ENV = "VOICE_MODELS_URL"
LANG_MARKER = ".voice-lang"
# Vosk's language codes in model names -> ours.
LANG_CODES = {"en-us": "en", "en-in": "en", "en": "en", "cn": "zh", "zh": "zh", "ko": "ko"}


@dataclass(frozen=True)
class CatalogEntry:
    """An official Vosk model: its archive name, language and download size."""

    name: str
    lang: str
    size_mb: int
    small: bool

    @property
    def archive(self) -> str:
        return f"{self.name}.zip"


CATALOG = (
    CatalogEntry("vosk-model-small-en-us-0.15", "en", 40, True),
    CatalogEntry("vosk-model-en-us-0.22-lgraph", "en", 128, False),
    CatalogEntry("vosk-model-en-us-0.22", "en", 1800, False),
    CatalogEntry("vosk-model-small-cn-0.22", "zh", 42, True),
    CatalogEntry("vosk-model-cn-0.22", "zh", 1300, False),
    CatalogEntry("vosk-model-small-ko-0.22", "ko", 82, True),
)


@dataclass(frozen=True)
class FoundModel:
    """A model folder and where it was found."""

    name: str
    lang: str | None
    path: Path
    source: str


def models_dir() -> Path:
    """Where `pull` and `add` put models: the user data dir's `models/`."""
    return user_data_dir() / "models"


def search_dirs() -> list[tuple[Path, str]]:
    """Folders that hold model folders, in search order, with a label for each."""
    dirs = [(Path(p), "VOICE_MODELS") for p in
            os.environ.get("VOICE_MODELS", "").split(os.pathsep) if p]
    dirs.append((Path("models"), "./models"))
    dirs.append((models_dir(), "user data dir"))
    return dirs


def is_model(path: Path) -> bool:
    """Whether `path` looks like a Vosk model folder."""
    return model_problem(path) is None


def model_problem(path: Path) -> str | None:
    """What makes `path` not a Vosk model, or None when it is one."""
    if not path.is_dir():
        return "not a folder"
    if not (path / "am" / "final.mdl").is_file():
        return "am/final.mdl is missing"
    if not any((path / "conf" / name).is_file() for name in ("model.conf", "mfcc.conf")):
        return "conf/model.conf is missing"
    graph = path / "graph"
    if not ((graph / "HCLG.fst").is_file()
            or ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())):
        return "graph/HCLG.fst (or graph/HCLr.fst with graph/Gr.fst) is missing"
    return None


def verify_model(path: Path) -> None:
    """Raise `ModelError` unless `path` is a complete Vosk model folder."""
    problem = model_problem(path)
    if problem:
        raise ModelError(f"{path} is not a Vosk model: {problem}")


def lang_of(path: Path) -> str | None:
    """A model folder's language: from its marker file, else from its name."""
    marker = path / LANG_MARKER
    if marker.is_file():
        return marker.read_text(encoding="utf-8").strip() or None
    match = re.match(r"vosk-model-(?:small-)?([a-z]+(?:-[a-z]+)?)", path.name)
    if match:
        code = match.group(1)
        return LANG_CODES.get(code) or LANG_CODES.get(code.split("-")[0])
    return None


def package_models() -> Iterator[FoundModel]:
    """Models shipped as pip packages named `vosk_model_<lang>`."""
    for code in sorted(set(LANG_CODES)):
        module = f"vosk_model_{code.replace('-', '_')}"
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.origin:
            continue
        folder = Path(spec.origin).parent / "model"
        if is_model(folder):
            yield FoundModel(module.replace("_", "-"), LANG_CODES[code], folder, "pip package")


def installed_models() -> list[FoundModel]:
    """Every model found, in search order."""
    found: list[FoundModel] = []
    for folder, source in search_dirs():
        if is_model(folder):
            found.append(FoundModel(folder.name, lang_of(folder), folder, source))
            continue
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if is_model(child):
                    found.append(FoundModel(child.name, lang_of(child), child, source))
    found.extend(package_models())
    return found


def find_model(lang: str) -> Path | None:
    """The first model for `lang` in the search order, small ones first within a folder."""
    for model in installed_models():
        if model.lang == lang:
            return model.path
    return None


def missing_message(lang: str) -> str:
    """The one line that tells how to get a model for `lang`."""
    return (f"no speech model for '{lang}' is installed: run `voice models pull {lang}` "
            f"(or `voice models add PATH`)")


def resolve_model(lang: str, model: str | None = None) -> Path:
    """The model folder to use: `model` (a path or a name) or the search order."""
    if model:
        path = Path(model).expanduser()
        if path.exists():
            verify_model(path)
            return path
        for found in installed_models():
            if found.name == model:
                return found.path
        raise ModelError(f"model {model!r} is not installed: run `voice models list`")
    found_path = find_model(lang)
    if found_path is None:
        raise ModelError(missing_message(lang))
    return found_path


def catalog_entry(lang_or_name: str) -> CatalogEntry:
    """The catalog model for a language (its small model) or with that name."""
    for entry in CATALOG:
        if entry.name == lang_or_name:
            return entry
    for entry in CATALOG:
        if entry.lang == lang_or_name and entry.small:
            return entry
    names = ", ".join(sorted({e.lang for e in CATALOG}) + [e.name for e in CATALOG])
    raise UsageError(f"unknown model {lang_or_name!r}: choose one of {names}")


Progress = Callable[[int, int | None], None]  # (bytes so far, total or None)


def download(url: str, target: Path, progress: Progress | None = None,
             chunk_size: int = 1 << 16) -> Path:
    """Download `url` to `target`, resuming a `.part` file with an HTTP Range request."""
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part file is already whole
            part.replace(target)
            return target
        raise ModelError(f"download of {url} failed: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ModelError(f"download of {url} failed: {exc}") from exc
    with response:
        if have and response.status != 206:
            have = 0  # the server ignored the range: start over
        length = response.headers.get("Content-Length")
        total = have + int(length) if length else None
        with part.open("ab" if have else "wb") as out:
            done = have
            if progress:
                progress(done, total)
            try:
                while block := response.read(chunk_size):
                    out.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
            except (OSError, urllib.error.URLError) as exc:
                raise ModelError(f"download of {url} was interrupted at {done} bytes "
                                 f"({exc}); run the same command again to resume") from exc
    if total is not None and done < total:
        raise ModelError(f"download of {url} was interrupted at {done} of {total} bytes; "
                         f"run the same command again to resume")
    part.replace(target)
    return target


def unpack(archive: Path, dest_dir: Path, lang: str | None = None) -> Path:
    """Unpack a model archive atomically into `dest_dir`; return the model folder."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest_dir, prefix=".unpack-",
                                     ignore_cleanup_errors=True) as tmp:
        try:
            if zipfile.is_zipfile(archive):
                with zipfile.ZipFile(archive) as zf:
                    zf.extractall(tmp)
            else:
                shutil.unpack_archive(str(archive), tmp)
        except (OSError, ValueError, shutil.ReadError, zipfile.BadZipFile) as exc:
            raise ModelError(f"cannot unpack {archive}: {exc}") from exc
        folder = Path(tmp)
        if not is_model(folder):
            children = [c for c in folder.iterdir() if c.is_dir()]
            folder = children[0] if len(children) == 1 else folder
        verify_model(folder)
        name = folder.name if folder != Path(tmp) else archive.name.split(".")[0]
        return install_folder(folder, dest_dir / name, lang)


def install_folder(folder: Path, target: Path, lang: str | None) -> Path:
    """Move a verified model folder into place in one rename."""
    if target.exists():
        raise ModelError(f"{target} already exists: remove it first "
                         f"(`voice models remove {target.name}`)")
    if lang:
        (folder / LANG_MARKER).write_text(lang + "\n", encoding="utf-8")
    folder.rename(target)
    return target


def pull(lang_or_name: str, base_url: str | None = None,
         progress: Progress | None = None) -> Path:
    """Download and unpack a catalog model into the user data dir."""
    entry = catalog_entry(lang_or_name)
    dest = models_dir()
    if (dest / entry.name).exists():
        return dest / entry.name
    base = (base_url or os.environ.get(BASE_URL_ENV) or BASE_URL).rstrip("/")
    downloads = dest / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = download(f"{base}/{entry.archive}", downloads / entry.archive, progress)
    path = unpack(archive, dest, entry.lang)
    archive.unlink()
    return path


def add(source: Path, lang: str | None = None) -> Path:
    """Copy a model folder, or unpack a model archive, into the user data dir."""
    if not source.exists():
        raise ModelError(f"{source}: no such file or folder")
    if source.is_file():
        return unpack(source, models_dir(), lang)
    verify_model(source)
    if not (lang or lang_of(source)):
        raise UsageError(f"cannot tell the language of {source.name}: give --lang")
    dest = models_dir()
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest, prefix=".copy-") as tmp:
        copy = Path(tmp) / source.name
        shutil.copytree(source, copy)
        return install_folder(copy, dest / source.name, lang)


def remove(name: str) -> Path:
    """Delete a model from the user data dir (other places are never touched)."""
    target = models_dir() / name
    if not name or "/" in name or name.startswith(".") or not target.is_dir():
        raise ModelError(f"no model named {name!r} in {models_dir()}: see `voice models list`")
    shutil.rmtree(target)
    return target
