"""Ingest: records to llama-index nodes (one per paragraph, plus sentence windows), content hashes, progress."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import TextNode
from tqdm import tqdm

from .config import Settings
from .records import Record, load_records
from .store import Store
from .text import sentences, word_count

# Only speaker and affiliation join the text that is embedded and BM25-indexed; the rest is for filters.
SEARCH_KEYS = ("speaker", "affiliation")


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraphs: int = 0
    embedded: int = 0
    reused: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"indexed {len(self.indexed)} record(s) ({self.paragraphs} paragraphs, {self.embedded} vectors embedded, "
                 f"{self.reused} reused)", f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"removed {len(self.removed)}")
        if self.problems:
            parts.append(f"{len(self.problems)} skipped with problems")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


def _flat_meta(record: Record, p) -> dict:
    m = record.meta
    date_num = int(m.date.replace("-", "")) if m.date else 0
    return {
        "file": p.file, "paragraph": p.number, "label": record.label(p),
        "speaker": p.speaker, "affiliation": p.affiliation,
        "agenda_item": p.agenda_item, "agenda_subitem": p.agenda_subitem,
        "symbol": m.symbol, "body": m.body, "session": m.session or 0, "meeting": m.meeting or 0,
        "date": m.date, "date_num": date_num, "year": m.year or 0, "doc_type": m.doc_type,
        "reconstructed": p.reconstructed,
    }


def _node(node_id: str, text: str, meta: dict) -> TextNode:
    node = TextNode(id_=node_id, text=text, metadata=meta,
                    metadata_template="{value}", metadata_separator=" ", text_template="{metadata_str}\n{content}")
    node.excluded_embed_metadata_keys = [k for k in meta if k not in SEARCH_KEYS]
    node.excluded_llm_metadata_keys = [k for k in meta if k not in SEARCH_KEYS]
    return node


def _windows(text: str, max_words: int) -> list[str]:
    """Sentence windows of at most ~max_words, overlapping by one sentence, so every sentence is embedded."""
    sents = sentences(text)
    out, cur = [], []
    for s in sents:
        if cur and word_count(" ".join(cur + [s])) > max_words:
            out.append(" ".join(cur))
            cur = cur[-1:] if word_count(cur[-1]) < max_words // 2 else []
        cur.append(s)
    if cur:
        out.append(" ".join(cur))
    return out


def record_nodes(record: Record, window_words: int) -> list[TextNode]:
    """One node per paragraph (kind=paragraph) and, for long paragraphs, window nodes (kind=window)."""
    nodes = []
    for p in record.paragraphs:
        meta = _flat_meta(record, p)
        base = f"{p.file}#{p.number}"
        nodes.append(_node(base, p.text, {**meta, "kind": "paragraph"}))
        if word_count(p.text) > window_words:
            for i, w in enumerate(_windows(p.text, window_words)):
                nodes.append(_node(f"{base}~{i}", w, {**meta, "kind": "window"}))
    for n in nodes:
        n.metadata["text_hash"] = hashlib.sha1(n.get_content(metadata_mode="embed").encode()).hexdigest()
        n.excluded_embed_metadata_keys.append("text_hash")
        n.excluded_llm_metadata_keys.append("text_hash")
    return nodes


def embed_nodes(nodes: list[TextNode], embedder, batch_size: int, progress: bool) -> None:
    texts = [n.get_content(metadata_mode="embed") for n in nodes]
    bar = tqdm(total=len(texts), desc="Embedding paragraphs", unit="vec", disable=not progress or not texts)
    for start in range(0, len(texts), batch_size):
        batch = embedder.get_text_embedding_batch(texts[start:start + batch_size])
        for node, emb in zip(nodes[start:start + batch_size], batch):
            node.embedding = emb
        bar.update(len(batch))
    bar.close()


def ingest(store: Store, embedder, settings: Settings, paths: list[Path] | None = None, *,
           prune: bool = False, progress: bool = True) -> IngestReport:
    """Index new and changed records; unchanged ones (same content hash) cost no embedding work."""
    started = time.perf_counter()
    report = IngestReport()
    paths = paths or [settings.records_dir]
    records, report.problems = load_records(paths, max_bytes=settings.max_record_mb * 1024 * 1024)
    for r in records:
        report.warnings.extend(r.warnings)
    existing = store.list_records()
    todo = []
    for r in records:
        if existing.get(r.file, {}).get("sha256") == r.meta.sha256:
            report.unchanged.append(r.file)
        else:
            todo.append(r)
    plan = [(r, record_nodes(r, settings.window_words)) for r in todo]
    # Unchanged paragraphs of a changed record keep their vectors: reuse them by text hash.
    to_embed = []
    for r, nodes in plan:
        old = {}
        if r.file in existing or store.count_vectors({"file": r.file}):
            got = store.get_vectors({"file": r.file}, embeddings=True)
            old = {md.get("text_hash"): emb for md, emb in zip(got["metadatas"], got["embeddings"])}
        for n in nodes:
            if n.metadata["text_hash"] in old:
                n.embedding = old[n.metadata["text_hash"]]
                report.reused += 1
            else:
                to_embed.append(n)
    embed_nodes(to_embed, embedder, settings.embed_batch_size, progress)
    report.embedded = len(to_embed)
    # Write record by record; the record entry goes last, so an interrupted ingest is redone next run.
    for r, nodes in plan:
        store.delete_file(r.file)
        store.add_nodes(nodes)
        store.put_record(r.file, r.meta.to_dict(), len(r.paragraphs), len(nodes))
        report.indexed.append(r.file)
        report.paragraphs += len(r.paragraphs)
    if prune:
        present = {p.name for base in paths for p in ([base] if Path(base).is_file() else Path(base).iterdir())}
        for file in existing:
            if file not in present:
                store.delete_file(file)
                report.removed.append(file)
    store.set_fingerprint(settings.fingerprint())
    report.seconds = time.perf_counter() - started
    return report
