"""Shared fixtures: one real index (real model, real embedded Chroma) per test session, in a temp folder."""
from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
IOM_FILE = "001_b36a170aa6e6050d.txt"
# The bundled records by what they are, for tests that name the paragraph an answer must cite.
OPENING, SR506, REPORT, SR590, SR608 = ("000_1882445d634160cd.txt", IOM_FILE, "002_2954c7555eb37f92.txt",
                                        "003_b5bb0a8bd9d79607.txt", "004_5957fef5fc8dc000.txt")


def cited(answer) -> list[tuple[str, int]]:
    """(file, paragraph) of each citation, in order."""
    return [(c.file, c.paragraph) for c in answer.citations]


def follow_up(assistant, first: str, second: str):
    """(chat, answer to `second`) of a two-turn conversation."""
    chat = assistant.chat()
    chat.ask(first)
    return chat, chat.ask(second)
# Debian's Chromium drives the browser tests (never `playwright install`), with the flags this machine needs.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium chromium-driver; never `playwright install`)"),
]


@pytest.fixture(autouse=True)
def _seed():
    random.seed(1234)


@pytest.fixture(scope="session", autouse=True)
def shared_embedder():
    """The real model, loaded once per test session: every Assistant.open (also via the CLI) reuses it."""
    import assistant.assistant as assistant_module
    from assistant.core.config import Settings
    from assistant.index.embedding import load_embedder
    embedder = load_embedder(Settings())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(assistant_module, "load_embedder", lambda settings: embedder)
        yield embedder


def run_cli(capsys, *argv):
    """Run the CLI in-process as a user would type it: (exit code, stdout, stderr)."""
    from assistant.interfaces.cli.main import main
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, seconds: float, why) -> None:
    """Poll `url` until it answers 200; fail with `why()` if the server process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{url} did not come up (exit {proc.poll()}): {why()}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen, seconds: float = 15) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def assert_consistent(a) -> dict:
    """Chroma, BM25 and the record entries agree, as `assistant status` reports; returns the status."""
    s = a.status()
    assert s["consistent"], s["problems"]
    assert s["bm25"] == s["paragraphs"] == len(a.retriever.paragraphs)
    return s


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    """An index of the five bundled records, built once; tests that modify a store copy it first."""
    from assistant import Assistant, Settings
    path = tmp_path_factory.mktemp("index")
    Assistant.open(Settings(index_dir=path, records_dir=RECORDS))
    return path


@pytest.fixture(scope="session")
def assistant(built_index):
    from assistant import Assistant, Settings
    return Assistant.open(Settings(index_dir=built_index, records_dir=RECORDS))


@pytest.fixture
def index_copy(built_index, tmp_path) -> Path:
    """A private copy of the built index, for tests that change or break the store."""
    dest = tmp_path / "index"
    shutil.copytree(built_index, dest)
    return dest


@pytest.fixture(scope="module")
def server(assistant):
    """The real Gradio app over the session's index, on a free loopback port (one per test module)."""
    from assistant.interfaces.web.app import serve
    port = free_port()
    app = serve(assistant, host="127.0.0.1", port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def copy_records(tmp_path, skip=()):
    """The bundled records copied into tmp_path/records, less the named files."""
    folder = tmp_path / "records"
    folder.mkdir()
    for f in RECORDS.iterdir():
        if f.name not in skip:
            shutil.copy(f, folder)
    return folder
