"""The ONNX embedding backend: same vectors as sentence-transformers, llama-index's interface, a question path
without torch, an export that a kill cannot leave half-made, and the settings fingerprint across backends."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import RECORDS, ROOT

QUESTION = "What did IOM say about objective 13?"
HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn")


def seed_texts() -> list[str]:
    """Every text an ingest of the bundled records embeds (paragraphs and windows with their speaker line), the
    bare paragraph texts, and edge cases: empty-ish, one character, far past the 256-token window."""
    from assistant.index.ingest import record_nodes
    from assistant.records import load_records
    records, _ = load_records([RECORDS])
    nodes = [n.get_content(metadata_mode="embed") for r in records for n in record_nodes(r, 150)]
    paragraphs = [p.text for r in records for p in r.paragraphs]
    assert len(paragraphs) >= 100
    return nodes + paragraphs + [QUESTION, "  spaced\tout  ", "x", "migrant " * 600]


@pytest.fixture(scope="module")
def sentence_transformer():
    from sentence_transformers import SentenceTransformer
    from assistant import Settings
    from assistant.index.embedding import model_path
    return SentenceTransformer(model_path(Settings()), device="cpu")


@pytest.fixture(scope="module")
def onnx_embedder():
    from assistant import Settings
    from assistant.index.embedding import load_onnx
    return load_onnx(Settings())


def test_onnx_vectors_match_sentence_transformers_on_every_seed_paragraph(sentence_transformer, onnx_embedder):
    texts = seed_texts()
    want = sentence_transformer.encode(texts, batch_size=64, normalize_embeddings=True)
    batched = np.array(onnx_embedder.get_text_embedding_batch(texts))       # padded batches of 64
    rng = np.random.default_rng(7)
    order = rng.permutation(len(texts))                                       # other neighbours, other padding
    shuffled = np.zeros_like(batched)
    for start in range(0, len(order), 13):
        idx = order[start:start + 13]
        shuffled[idx] = onnx_embedder.get_text_embedding_batch([texts[i] for i in idx])
    single = np.array([onnx_embedder.get_text_embedding(t) for t in texts[:40]])
    for got, ref in ((batched, want), (shuffled, want), (single, want[:40])):
        assert got.shape == ref.shape
        cosine = (got * ref).sum(axis=1) / np.linalg.norm(got, axis=1) / np.linalg.norm(ref, axis=1)
        assert cosine.min() >= 0.9999, (cosine.argmin(), cosine.min())
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_onnx_embedder_keeps_llama_index_interface(onnx_embedder):
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from assistant.index.embedding import backend_of
    assert isinstance(onnx_embedder, BaseEmbedding) and backend_of(onnx_embedder) == "onnx"
    q = onnx_embedder.get_query_embedding(QUESTION)
    assert len(q) == 384 and isinstance(q[0], float)
    assert np.allclose(q, onnx_embedder.get_text_embedding(QUESTION), atol=1e-6)
    assert onnx_embedder.get_text_embedding_batch([]) == []


def test_importing_the_onnx_embedder_and_llama_index_base_brings_no_torch():
    code = ("import sys; import llama_index.core.base.embeddings.base, assistant.index.onnx_embedding, "
            "assistant.index.embedding; print([m for m in sys.modules if m.split('.')[0] in %r])" % (HEAVY,))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def _imported(importtime_stderr: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", importtime_stderr, re.M)}


def test_ask_in_a_fresh_process_imports_no_torch_and_cites_the_paragraph(index_copy):
    """The user's command on an existing index: no torch, transformers, sentence-transformers or scikit-learn."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    cmd = [sys.executable, "-X", "importtime", "-m", "assistant", "--index-dir", str(index_copy), "--records-dir",
           str(RECORDS), "ask", QUESTION, "--json"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    labels = [c["label"] for c in json.loads(out.stdout)["citations"]]
    assert labels[0] == "CMW/C/SR.506 ¶48"
    imported = _imported(out.stderr)
    said = [line for line in out.stderr.splitlines() if not line.startswith("import time:")][-20:]
    assert "onnxruntime" in imported and "chromadb" in imported, said  # what the command said, if it fell back
    assert not {m for m in imported if m.split(".")[0] in HEAVY}


def test_fingerprint_is_the_same_for_both_backends_so_old_indexes_keep_working():
    from assistant import Settings
    fingerprints = {b: Settings(embed_backend=b).fingerprint() for b in ("auto", "onnx", "torch")}
    assert len(set(fingerprints.values())) == 1
    # what every index built before the ONNX backend carries (no backend in it): they open without a re-index
    before = {"embed_model": "bundled:all-MiniLM-L6-v2", "window_words": 150, "schema": 1}
    assert Settings(window_words=150).fingerprint() == hashlib.sha256(
        json.dumps(before, sort_keys=True).encode()).hexdigest()[:16]
    assert Settings(embed_model="/elsewhere").fingerprint() != fingerprints["onnx"]


def test_a_torch_built_index_answers_through_onnx(tmp_path, sentence_transformer, onnx_embedder):
    """Vectors written by the torch backend, searched with the ONNX one: same top citation, no re-index asked."""
    from assistant import Assistant, Settings
    from assistant.index.embedding import load_torch
    from assistant.index.ingest import ingest
    from assistant.index.store import Store
    settings = Settings(index_dir=tmp_path / "index", records_dir=RECORDS, embed_backend="torch")
    store = Store(settings)
    ingest(store, load_torch(settings), settings, [RECORDS / "001_b36a170aa6e6050d.txt"], progress=False)
    store.close()
    reopened = Settings(index_dir=tmp_path / "index", records_dir=RECORDS, embed_backend="onnx")
    a = Assistant(reopened, Store(reopened), onnx_embedder)
    a.store.check_fingerprint(reopened.fingerprint())
    assert a.ask(QUESTION).citations[0].label == "CMW/C/SR.506 ¶48"
    a.store.close()


KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from assistant.index import onnx_export
def killed(src, dst):  # the export is written and checked: die just before it is put in place
    os.kill(os.getpid(), signal.SIGKILL)
onnx_export.os.rename = killed
onnx_export.ensure(sys.argv[1], sys.argv[2])
"""


def test_an_export_killed_before_it_is_in_place_leaves_nothing_trusted(tmp_path, sentence_transformer):
    from assistant import Settings
    from assistant.index import onnx_export
    from assistant.index.embedding import model_path
    path, cache = model_path(Settings()), tmp_path / "cache"
    proc = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, path, str(cache)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == -9, proc.stderr[-2000:]
    target = onnx_export.export_dir(path, cache)
    assert not target.exists() and onnx_export.read_spec(target) is None
    assert [p.name for p in cache.iterdir()][0].startswith(f"{target.name}.tmp")   # the dead export's leftovers
    # A half-written copy in place (no spec: the spec is written last) is not trusted either.
    target.mkdir()
    (target / "model.onnx").write_bytes(b"\x08\x07truncated")
    assert onnx_export.read_spec(target) is None
    import shutil
    shutil.rmtree(target)
    folder = onnx_export.ensure(path, cache)
    assert folder == target and onnx_export.read_spec(folder)["checked_cosine"] >= 0.9999
    assert [p.name for p in cache.iterdir()] == [target.name]                      # leftovers cleaned


def test_auto_falls_back_to_torch_with_a_notice_when_no_copy_can_be_made(tmp_path):
    from assistant import Settings
    from assistant.index.embedding import backend_of, load_embedder
    from assistant.index.onnx_export import ExportError
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    notices = []
    embed = load_embedder(Settings(embed_cache_dir=str(blocked / "onnx")), notify=notices.append)
    assert backend_of(embed) == "torch"
    assert any("ASSISTANT_EMBED_BACKEND" in n or "torch" in n for n in notices)
    with pytest.raises(ExportError, match="ASSISTANT_EMBED"):
        load_embedder(Settings(embed_backend="onnx", embed_cache_dir=str(blocked / "onnx")), notify=notices.append)


def test_a_new_copy_drops_only_copies_whose_model_folder_is_gone_or_the_same(tmp_path):
    """Two checkouts' venvs on one machine keep their own copies; a reinstalled or removed model's copy goes."""
    import json as _json
    from assistant.index import onnx_export

    def fake_copy(name: str, source: Path) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for f in onnx_export.FILES:
            (folder / f).write_text("x")
        (folder / onnx_export.SPEC).write_text(_json.dumps({"export": onnx_export.EXPORT_VERSION, "source": str(source)}))
        return folder

    mine, other_venv = tmp_path / "venv-a" / "model", tmp_path / "venv-b" / "model"
    mine.mkdir(parents=True), other_venv.mkdir(parents=True)
    current = fake_copy("pkg-model-new", mine)
    reinstalled = fake_copy("pkg-model-old", mine)
    second_checkout = fake_copy("pkg-model-other", other_venv)
    removed = fake_copy("pkg-model-gone", tmp_path / "deleted-venv" / "model")
    onnx_export._drop_older(current)
    assert current.is_dir() and second_checkout.is_dir()
    assert not reinstalled.exists() and not removed.exists()
