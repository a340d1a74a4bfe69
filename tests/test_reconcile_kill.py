"""Kill-point matrix: an ingest, a changed-record update, an `ingest --prune` and an `ingest --rebuild`, each killed
just before each of its writes to the store (a forked child process that exits on the spot), then one ingest.
Afterwards the store is consistent and equals a clean index of the same files: the same vectors (ids and content
hashes), the same counts, the same answers. Between the kill and that ingest, no answer can draw on a half-written
record: every record that is searched holds exactly its old or its new paragraphs, and `status` names the fix.

The killed runs are real processes writing a real embedded Chroma store. They embed by replaying the real model's
vectors for these texts, computed once here: loading the model for each of ~24 runs would cost minutes of both cores,
and what is tested is the order of writes. The recovery ingest and every answer use the real model.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index.ingest import record_nodes
from assistant.index.reconcile import survey
from assistant.records import load_records
from conftest import RECORDS, ROOT, assert_consistent

A, B = "003_b5bb0a8bd9d79607.txt", "004_5957fef5fc8dc000.txt"  # 7 and 10 paragraphs
QUESTIONS = ["How many States Parties were there to the Convention?",
             "What did the Committee publish on International Migrants Day?",
             "Who declared the session closed?"]
KILLED = 77

# The killed processes come from one small server that imports the store and ingest code once (without torch or a
# chromadb client) and forks one child per run: each child counts its store's writes to chromadb (collection
# add/upsert/update/delete, collection create/delete) and exits at write number `kill_at` before it reaches chromadb,
# as a kill -9 there would. Each child is a separate process with its own chromadb client and files.
SERVER = r"""
import json, os, sys
from pathlib import Path
sys.modules["torch"] = None  # only ingest's thread helper wants it; the replayed vectors need no model
from chromadb.api.client import Client
from chromadb.api.models.Collection import Collection
import assistant.index.ingest as ingest_module
from assistant.core.config import Settings
from assistant.index.store import Store

def child(cfg):
    writes = 0
    def counted(cls, name):
        real = getattr(cls, name)
        def write(self, *args, **kwargs):
            nonlocal writes
            writes += 1
            if writes == cfg["kill_at"]:
                os._exit(77)
            return real(self, *args, **kwargs)
        setattr(cls, name, write)
    table = json.loads(Path(cfg["vectors"]).read_text())
    class Replay:
        def get_text_embedding_batch(self, texts):
            return [table[t] for t in texts]
    ingest_module.CHUNK_NODES = 12          # two write groups
    settings = Settings(index_dir=cfg["index"], records_dir=cfg["folder"])
    store = Store(settings)
    store.max_batch = 8                     # several upserts per group
    for name in ("add", "upsert", "update", "delete"):
        counted(Collection, name)
    for name in ("delete_collection", "get_or_create_collection", "create_collection"):
        counted(Client, name)
    if cfg["rebuild"]:
        store.reset()
    ingest_module.ingest(store, Replay(), settings, [Path(cfg["folder"])], prune=cfg["prune"], progress=False)
    Path(cfg["report"]).write_text(json.dumps({"writes": writes}))
    os._exit(0)

for line in sys.stdin:
    cfg = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(cfg)
        except BaseException as exc:
            Path(cfg["report"]).write_text(json.dumps({"error": repr(exc)}))
        os._exit(1)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    print(json.dumps({"code": code}), flush=True)
"""


def _folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    for f, text in files.items():
        (folder / f).write_text(text, encoding="utf-8")
    return folder


class Clean:
    """A clean index of a folder, built in this process with the real model, and what it holds and answers."""

    def __init__(self, root: Path, folder: Path):
        self.folder, self.index = folder, root / f"clean-{folder.name}"
        a = Assistant.open(Settings(index_dir=self.index, records_dir=folder))
        assert_consistent(a)
        self.stored = survey(a.store).stored
        self.shas = {f: m["sha256"] for f, m in a.store.list_records().items()}
        self.counts = _counts(a)
        self.answers = [_answer(a, q) for q in QUESTIONS]
        self.paragraphs = {f: {(n.node_id, n.text) for n in ns} for f, ns in a.retriever.corpus.by_file.items()}
        a.store.close()


def _counts(a) -> tuple:
    s = a.status()
    return s["records"], s["paragraphs"], s["vectors"], s["bm25"]


def _answer(a, question: str) -> tuple:
    answer = a.ask(question)
    return answer.text, [(c.label, c.file, c.paragraph) for c in answer.citations], answer.refused


@pytest.fixture(scope="module")
def world(tmp_path_factory, shared_embedder):
    root = tmp_path_factory.mktemp("killmatrix")
    a_text = (RECORDS / A).read_text(encoding="utf-8")
    b_text = (RECORDS / B).read_text(encoding="utf-8")
    last = b_text.index("10. After the customary exchange")
    changed = (b_text[:last].replace("60 States Parties", "61 States Parties")
               + b_text[b_text.index("The meeting rose", last):])  # one paragraph changed, the last one gone
    folders = {"both": _folder(root, "both", {A: a_text, B: b_text}),
               "changed": _folder(root, "changed", {A: a_text, B: changed}),
               "one": _folder(root, "one", {A: a_text})}
    # The real model's vector for every text the killed runs may embed.
    records, _ = load_records([folders["both"], folders["changed"]])
    texts = sorted({n.get_content(metadata_mode="embed") for r in records for n in record_nodes(r, Settings().window_words)})
    table = dict(zip(texts, shared_embedder.get_text_embedding_batch(texts)))
    vectors = root / "vectors.json"
    vectors.write_text(json.dumps(table))
    # This process's ingests (the clean indexes, each recovery) take the same vectors: a text embedded in another
    # batch differs in the 7th decimal, enough to swap two near-identical paragraphs in a refusal's closest list.
    import assistant.index.ingest as ingest_module
    real = ingest_module.embed_nodes

    def replay(nodes, embedder, batch_size, progress):
        real([n for n in nodes if n.get_content(metadata_mode="embed") not in table], embedder, batch_size, progress)
        for n in nodes:
            n.embedding = table.get(n.get_content(metadata_mode="embed"), n.embedding)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ingest_module, "embed_nodes", replay)
        clean = {name: Clean(root, folder) for name, folder in folders.items()}
        yield {"root": root, "folders": folders, "clean": clean, "vectors": vectors}


SCENARIOS = {  # name: (store before, files after, --prune, --rebuild)
    "ingest": (None, "both", False, False),
    "update": ("both", "changed", False, False),
    "prune": ("both", "one", True, False),
    "rebuild": ("both", "both", False, True),
}


@pytest.fixture(scope="module")
def server():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    yield proc
    proc.stdin.close()
    proc.wait(timeout=60)


def _run(world, server, index: Path, folder: Path, prune: bool, rebuild: bool, kill_at: int) -> tuple[int, dict]:
    """(exit code, report) of one ingest in a forked child, killed before write `kill_at` (0: never)."""
    report = index.with_name(index.name + ".json")
    cfg = {"index": str(index), "folder": str(folder), "prune": prune, "rebuild": rebuild, "kill_at": kill_at,
           "vectors": str(world["vectors"]), "report": str(report)}
    server.stdin.write(json.dumps(cfg) + "\n")
    server.stdin.flush()
    line = server.stdout.readline()
    assert line, "the fork server ended"
    return json.loads(line)["code"], json.loads(report.read_text()) if report.exists() else {}


def _fresh(world, start: str | None, index: Path) -> None:
    if start is not None:
        shutil.copytree(world["clean"][start].index, index)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_kill_point_is_recovered_by_one_ingest(world, server, scenario):
    start, final, prune, rebuild = SCENARIOS[scenario]
    folder, clean = world["folders"][final], world["clean"][final]
    before = world["clean"][start] if start else None
    root = world["root"] / scenario
    root.mkdir()

    # The uninterrupted run: how many writes it makes, and that it alone gives the clean index.
    _fresh(world, start, root / "whole")
    code, report = _run(world, server, root / "whole", folder, prune, rebuild, kill_at=0)
    assert code == 0, report
    writes = report["writes"]
    assert writes >= 2

    for n in range(1, writes + 1):
        index = root / f"kill-{n}"
        _fresh(world, start, index)
        code, report = _run(world, server, index, folder, prune, rebuild, kill_at=n)
        assert code == KILLED, (n, code, report)
        settings = Settings(index_dir=index, records_dir=folder)

        # Before the next ingest: each searched record is whole, in its old or its new version, and status tells
        # about whatever was left unfinished.
        a = Assistant.open(settings, build=False)
        for f, nodes in a.retriever.corpus.by_file.items():
            got = {(x.node_id, x.text) for x in nodes}
            versions = [c.paragraphs.get(f) for c in (before, clean) if c is not None]
            assert got in versions, f"{scenario}, killed before write {n}: {f} is searched half-written"
        for p in a.status()["problems"]:
            assert "`assistant ingest`" in p, (n, p)

        # One ingest repairs everything: the same command again (a plain one after --rebuild).
        a.ingest([folder], prune=prune, progress=False)
        assert_consistent(a)
        assert survey(a.store).stored == clean.stored, f"{scenario}, killed before write {n}: vectors differ"
        assert {f: m["sha256"] for f, m in a.store.list_records().items()} == clean.shas
        assert _counts(a) == clean.counts
        assert [_answer(a, q) for q in QUESTIONS] == clean.answers, f"{scenario}, killed before write {n}"
        a.store.close()
