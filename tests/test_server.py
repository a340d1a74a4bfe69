"""Server mode: a real `chroma run` on loopback holds the vectors, the paragraph texts and all parser metadata,
so BM25 and the vocabulary are rebuilt from it by any client; ingest, ask, remove and status go through it."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.interfaces.cli.main import main
from assistant.core.errors import StoreError
from assistant.index.store import Store
from conftest import IOM_FILE, RECORDS, free_port, stop, wait_for_http

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).with_name("chroma")
SMALL = "003_b5bb0a8bd9d79607.txt"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A real `chroma run` server on a free loopback port, stopped (by its pid) at teardown."""
    exe = CHROMA if CHROMA.exists() else shutil.which("chroma")
    if not exe:
        pytest.skip("the `chroma` command is not installed next to this Python (pip install chromadb)")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma_server")
    log = open(data.parent / f"chroma_{port}.log", "wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(exe), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", proc, 60, lambda: f"chroma run did not start; see {log.name}")
        yield url
    finally:
        stop(proc)
        log.close()



def test_ingest_ask_remove_through_a_chroma_server(chroma_url, tmp_path, capsys):
    # The local index folder stays empty: everything goes to the server.
    local = tmp_path / "unused_local_index"
    settings = Settings(chroma_url=chroma_url, index_dir=local, records_dir=RECORDS)
    a = Assistant.open(settings, build=False)
    report = a.ingest(progress=False)
    assert len(report.indexed) == 5 and report.paragraphs == 122 and not report.problems
    assert not local.exists() or not any(local.iterdir())

    answer = a.ask("What did IOM say about objective 13?")
    top = answer.citations[0]
    assert (top.label, top.speaker) == ("CMW/C/SR.506 ¶48", "Mr. Yuzhanin")

    # Another client (another team member) rebuilds BM25 and the parser metadata from the server alone.
    other = Assistant.open(Settings(chroma_url=chroma_url, index_dir=tmp_path / "elsewhere",
                                    records_dir=tmp_path / "no_records"), build=False)
    assert len(other.retriever.nodes) == 122 and len(other.retriever.bm25.corpus) == 122
    p48 = other.paragraph(IOM_FILE, 48)
    assert (p48["label"], p48["speaker"], p48["affiliation"]) == (
        "CMW/C/SR.506 ¶48", "Mr. Yuzhanin", "International Organization for Migration")
    assert other.records()[IOM_FILE]["symbol"] == "CMW/C/SR.506"
    assert other.ask("What did IOM say about objective 13?").citations[0].label == "CMW/C/SR.506 ¶48"

    s = a.status()
    assert (s["mode"], s["records"], s["paragraphs"], s["bm25"], s["store_bytes"]) == ("server", 5, 122, 122, None)
    assert s["consistent"], s["problems"]
    vectors, small_vectors = s["vectors"], s["files"][SMALL]["vectors"]

    # Unchanged records cost nothing the second time.
    again = a.ingest(progress=False)
    assert again.embedded == 0 and len(again.unchanged) == 5

    # Remove through the CLI, as a user would.
    code = main(["--chroma-url", chroma_url, "--index-dir", str(local), "remove", SMALL])
    out = capsys.readouterr().out
    assert code == 0 and "removed 1 record(s)" in out
    a.retriever.reload()
    s = a.status()
    assert (s["records"], s["paragraphs"], s["bm25"]) == (4, 115, 115) and s["consistent"], s["problems"]
    assert s["vectors"] == vectors - small_vectors and SMALL not in s["files"]

    code = main(["--chroma-url", chroma_url, "status", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["store"] == chroma_url and data["mode"] == "server"


def test_unreachable_server_says_how_to_fix_it(tmp_path, capsys):
    port = free_port()  # nothing listens there
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(StoreError) as exc:
        Store(Settings(chroma_url=url, index_dir=tmp_path / "idx"))
    text = str(exc.value)
    assert f"Cannot open the Chroma store at {url}" in text
    assert f"chroma run --host 127.0.0.1 --port {port} --path DIR" in text and "ASSISTANT_CHROMA_URL" in text
    code = main(["--chroma-url", url, "ask", "What did IOM say about objective 13?"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: Cannot open the Chroma store") and "Traceback" not in err
