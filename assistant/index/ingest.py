"""Ingest: records to llama-index nodes (one per paragraph, plus sentence windows), content hashes, progress."""
from __future__ import annotations

import hashlib
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import TextNode
from tqdm import tqdm

from ..core.config import Settings
from ..core.errors import RecordError, StoreError
from ..records import PARSER_VERSION, Record, load_records
from ..records.model import summary_line
from . import reconcile
from .store import Store, digest
from ..core.text import TABLE_ROW, sentences, word_count

# Only speaker and affiliation join the text that is embedded and BM25-indexed; the rest is for filters.
SEARCH_KEYS = ("speaker", "affiliation")
CHUNK_NODES = 1024  # vectors embedded and written per group; a crash loses at most one group's work


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)   # files whose vectors an interrupted run left without entry
    paragraphs: int = 0
    embedded: int = 0
    reused: int = 0
    seconds: float = 0.0
    records: list[dict] = field(default_factory=list)  # Record.summary() of every record read

    def record_lines(self) -> list[str]:
        """The per-record summary: symbol, date, paragraphs, numbering, speakers, warnings, and what was done."""
        done = {**{f: "indexed" for f in self.indexed}, **{f: "unchanged" for f in self.unchanged}}
        return [summary_line(s, done.get(s["file"], "skipped")) for s in self.records]

    def summary(self) -> str:
        parts = [f"indexed {len(self.indexed)} record(s) ({self.paragraphs} paragraphs, {self.embedded} vectors embedded, "
                 f"{self.reused} reused)", f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"removed {len(self.removed)}")
        if self.cleaned:
            parts.append(f"cleaned up after an interrupted run ({len(self.cleaned)} file(s))")
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
        # A table starts a window of its own, after the prose that introduces it: prose diluted by rows of names
        # is not found by a question about the prose ("Where was the First Meeting of States Parties held?").
        opens_table = TABLE_ROW.match(s) and not any(TABLE_ROW.match(c) for c in cur)
        if cur and (opens_table or word_count(" ".join(cur + [s])) > max_words):
            out.append(" ".join(cur))
            cur = cur[-1:] if word_count(cur[-1]) < max_words // 2 else []
        cur.append(s)
    if cur:
        out.append(" ".join(cur))
    return out


# Bump when the nodes made from an unchanged record change (sentence splitting, windows): ingest then re-reads records
# indexed before, as it does for a new parser.
NODES = 2


def _version() -> str:
    return f"{PARSER_VERSION}.n{NODES}"


def _prose_and_table(text: str) -> bool:
    sents = sentences(text)
    return len(sents) > 1 and not TABLE_ROW.match(sents[0]) and any(TABLE_ROW.match(x) for x in sents)


def record_nodes(record: Record, window_words: int) -> list[TextNode]:
    """One node per paragraph (kind=paragraph) and, for long paragraphs, window nodes (kind=window)."""
    nodes = []
    for p in record.paragraphs:
        meta = _flat_meta(record, p)
        base = f"{p.file}#{p.number}"
        nodes.append(_node(base, p.text, {**meta, "kind": "paragraph"}))
        if word_count(p.text) > window_words or _prose_and_table(p.text):
            for i, w in enumerate(_windows(p.text, window_words)):
                nodes.append(_node(f"{base}~{i}", w, {**meta, "kind": "window"}))
    for n in nodes:
        n.metadata["text_hash"] = hashlib.sha1(n.get_content(metadata_mode="embed").encode()).hexdigest()
        n.excluded_embed_metadata_keys.append("text_hash")
        n.excluded_llm_metadata_keys.append("text_hash")
    return nodes


@contextmanager
def _all_cores():
    """Batch embedding uses every core, whatever thread count the process set for single queries (torch backend;
    the onnx backend's session already uses every core, and importing torch just to ask would cost ~2 s)."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if before < cores:
        torch.set_num_threads(cores)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)


def embed_nodes(nodes: list[TextNode], embedder, batch_size: int, progress: bool | tqdm) -> None:
    """Embed in batches of similar length (less padding: the order sentence-transformers itself uses).

    `progress` is a bool (own bar) or a tqdm bar to advance."""
    texts = [n.get_content(metadata_mode="embed") for n in nodes]
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    bar = progress if isinstance(progress, tqdm) else tqdm(
        total=len(texts), desc="Embedding paragraphs", unit="vec", disable=not progress or not texts)
    with _all_cores():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            for i, emb in zip(idx, embedder.get_text_embedding_batch([texts[i] for i in idx])):
                nodes[i].embedding = emb
            bar.update(len(idx))
    if bar is not progress:
        bar.close()


def _entry(record: Record) -> dict:
    """A record entry's metadata: the parsed masthead plus the parser version that read it."""
    return {**record.meta.to_dict(), "parser": _version()}


def _present(paths: list[Path]) -> set[str]:
    """File names present in the folders given (a file given counts its own folder)."""
    folders = {Path(p) if Path(p).is_dir() else Path(p).parent for p in paths}
    names = {Path(p).name for p in paths if Path(p).is_file()}
    for folder in folders:
        if folder.is_dir():
            names.update(f.name for f in folder.iterdir() if f.is_file())
    return names


def _chunks(plan: list[tuple[Record, list[TextNode]]], size: int):
    """Records with their nodes, grouped so each group holds about `size` nodes (one record is never split)."""
    group, count = [], 0
    for r, nodes in plan:
        group.append((r, nodes))
        count += len(nodes)
        if count >= size:
            yield group
            group, count = [], 0
    if group:
        yield group


def ingest(store: Store, embedder, settings: Settings, paths: list[Path] | None = None, *,
           prune: bool = False, progress: bool = True) -> IngestReport:
    """See `_ingest`; one ingest at a time per store folder (a second one waits, then finds the work done)."""
    store.check_writable()
    with store.writer():
        return _ingest(store, embedder, settings, paths, prune=prune, progress=progress)


def _ingest(store: Store, embedder, settings: Settings, paths: list[Path] | None = None, *,
            prune: bool = False, progress: bool = True) -> IngestReport:
    """Index new and changed records and reconcile the store; unchanged ones (same content hash) cost no embedding.

    Every run first surveys the store (see reconcile.py): a record whose vectors do not match its entry is indexed
    again when its file is in this run, else dropped; vectors without an entry are adopted by their file's new
    index, else removed at the end. Records are embedded and written in groups of about CHUNK_NODES vectors, in the
    order `_write_group` gives, so that any kill point leaves complete records and the next run finishes the rest.
    A vector whose text (with its speaker line) is already in the store, under any file, is reused, not re-embedded."""
    started = time.perf_counter()
    report = IngestReport()
    paths = paths or [settings.records_dir]
    if prune:
        missing = [str(p) for p in paths if not Path(p).exists()]
        if missing:
            raise RecordError(f"{', '.join(missing)}: no such file or folder; nothing was pruned (check the path, "
                              "since --prune drops every indexed record whose file is not there).")
    records, report.problems = load_records(paths, max_bytes=settings.max_record_mb * 1024 * 1024)
    for r in records:
        report.warnings.extend(r.warnings)
    report.records = [r.summary() for r in records]
    found = reconcile.survey(store)
    existing = found.entries
    gone = []
    if prune:
        present = _present(paths)
        gone = [f for f in existing if f not in present]
    indexed_sha = {m.get("sha256"): f for f, m in existing.items() if f not in gone and found.complete(f)}
    todo, upgrade = [], []
    for r in records:
        entry = existing.get(r.file, {})
        same = entry.get("sha256") == r.meta.sha256 and entry.get("parser") == _version()
        state = found.state(r.file) if r.file in existing else ""
        if same and state == "legacy":  # an entry from before digests: record the digest if the vectors agree
            hashes = {n.node_id: n.metadata["text_hash"] for n in record_nodes(r, settings.window_words)}
            if digest(hashes) == digest(found.stored[r.file]):
                upgrade.append((r.file, _entry(r), len(r.paragraphs), len(hashes), digest(hashes)))
                state = "ok"
        if same and state == "ok":
            report.unchanged.append(r.file)
        elif indexed_sha.get(r.meta.sha256, r.file) != r.file:
            report.problems.append(f"{r.file}: same content as {indexed_sha[r.meta.sha256]}, which is already "
                                   "indexed; skipped the duplicate (remove one of the two files).")
        else:
            if same:
                report.warnings.append(f"{r.file}: its stored vectors did not match its record entry (an interrupted "
                                       "run); indexed it again.")
            todo.append(r)
    if upgrade:
        store.put_records(upgrade)
    if todo:  # before any vector is written: a later run with other settings must not mix into these
        store.set_fingerprint(settings.fingerprint())
    have_vectors = bool(found.stored)
    plan = [(r, record_nodes(r, settings.window_words)) for r in todo]
    bar = tqdm(total=sum(len(ns) for _, ns in plan), desc="Embedding paragraphs", unit="vec",
               disable=not progress or not plan)
    try:
        for group in _chunks(plan, CHUNK_NODES):
            nodes = [n for _, ns in group for n in ns]
            old = store.embeddings_by_hash([n.metadata["text_hash"] for n in nodes]) if have_vectors else {}
            to_embed = []
            for n in nodes:
                if n.metadata["text_hash"] in old:
                    n.embedding = old[n.metadata["text_hash"]]
                    report.reused += 1
                else:
                    to_embed.append(n)
            bar.update(len(nodes) - len(to_embed))
            embed_nodes(to_embed, embedder, settings.embed_batch_size, bar)
            report.embedded += len(to_embed)
            _write_group(store, group, existing, found.stored)
            have_vectors = True
            for r, ns in group:
                report.indexed.append(r.file)
                report.paragraphs += len(r.paragraphs)
                for n in ns:
                    n.embedding = None  # written; free the memory of large ingests
    finally:
        bar.close()
    # Removals last, so a renamed file's vectors are reused above before its old name goes.
    loaded = {r.file for r in records}
    for file in gone:
        store.delete_file(file)
        report.removed.append(file)
    for file in found.broken():
        if file not in loaded and file not in gone:
            store.delete_file(file)
            report.removed.append(file)
            report.warnings.append(f"{file}: its stored vectors did not match its record entry and its file is not "
                                   "in this ingest; removed it from the index (ingest the file to add it again).")
    written = {r.file for r in todo}
    stray = [f for f in found.orphans if f not in written]
    if stray:
        store.delete_vectors_of(stray)
        report.cleaned = stray
        for f in stray:
            report.warnings.append(f"{f}: removed {len(found.stored[f])} vectors that an interrupted run left without "
                                   "a record entry.")
    if not todo and store.stored_fingerprint() != settings.fingerprint():
        store.set_fingerprint(settings.fingerprint())
    report.seconds = time.perf_counter() - started
    return report


def _write_group(store: Store, group: list[tuple[Record, list[TextNode]]], existing: dict,
                 stored: dict[str, dict[str, str]]) -> None:
    """The order of writes that keeps every kill point recoverable (see reconcile.py):
    1. the entries of the group's records that have one are deleted (their vectors are about to change),
    2. the vectors are upserted (same ids replaced), 3. stale vectors (ids no longer produced) are deleted,
    4. the entries are written, each with the digest of the vectors it vouches for.

    If a write fails (disk full, server gone), the group's new records are taken out again where possible;
    what is left without an entry is never searched, and the next ingest finishes or removes it. The error is
    raised for the caller to report."""
    stale, before = [], {}
    for r, nodes in group:
        before[r.file] = list(stored.get(r.file, {}))  # also vectors left by an interrupted run
        keep = {n.node_id for n in nodes}
        stale.extend(i for i in before[r.file] if i not in keep)
    try:
        store.delete_entries([r.file for r, _ in group if r.file in existing])
        store.add_nodes([n for _, ns in group for n in ns])
        store.delete_ids(stale)
        store.put_records([(r.file, _entry(r), len(r.paragraphs), len(ns),
                            digest({n.node_id: n.metadata["text_hash"] for n in ns})) for r, ns in group])
    except StoreError:
        for r, nodes in group:
            if r.file not in existing:
                try:
                    had = set(before[r.file])
                    store.delete_ids([n.node_id for n in nodes if n.node_id not in had])
                except StoreError:
                    pass  # the next ingest redoes this record
        raise
