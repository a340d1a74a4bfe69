"""What the retriever keeps in memory about the indexed paragraphs: nodes, BM25, term statistics, metadata postings.

Building it reads every paragraph from the store and indexes BM25: seconds at 10,000 paragraphs. A snapshot in the
embedded store's folder makes the next open take a fraction of that. The snapshot is only a cache: its key covers the
store's record entries, its vector count, the settings fingerprint and this code, so any change to the store (made by
this process or another one) rebuilds it, and a snapshot that cannot be read or written is rebuilt or skipped, never
trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters
from llama_index.core.vector_stores.utils import build_metadata_filter_fn, metadata_dict_to_node
from llama_index.retrievers.bm25 import BM25Retriever

from ..core.pids import alive
from ..core import glossary as _glossary
from ..core.config import Settings
from .store import Store
from ..core.text import fold

STEMMER = Stemmer.Stemmer("english")
_CODE = hashlib.sha256(Path(__file__).read_bytes() + Path(_glossary.__file__).read_bytes()).hexdigest()[:12]
LOWER_WORD = re.compile(r"(?<=\s)([a-z][\w'’-]*)")
MID_CAPITAL = re.compile(r"(?<=[a-z,;] )([A-Z][a-z][\w'’-]*)")  # capitalized after a lower-case word: a name


def stem_tokens(text: str) -> list[str]:
    return STEMMER.stemWords(re.findall(r"\w\w+", text.lower()))


@dataclass
class Corpus:
    nodes: list[TextNode]                     # paragraph nodes in (file, paragraph) order
    records: dict[str, dict]                  # file -> record metadata
    bm25: bm25s.BM25 | None                   # over the nodes, same order
    df: dict[str, int]                        # stemmed token -> paragraphs containing it
    harvested: dict[str, set[str]]            # acronyms the records define in parentheses
    folded_text: str                          # every paragraph, folded: "is it mentioned at all"
    lower_words: set[str]                     # words the records write in lower case (for "said that ...")
    names: set[str]                           # words the records capitalize mid-sentence (Mexico, Committee)
    from_snapshot: bool = False
    _postings: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.paragraphs = {n.node_id: n for n in self.nodes}
        self.by_file: dict[str, list[TextNode]] = {}
        for n in self.nodes:
            self.by_file.setdefault(n.metadata["file"], []).append(n)
        if self.bm25 is not None:
            # BM25Retriever turns a hit back into a node from its corpus entry; the retriever maps hits to these
            # nodes by id, so an entry needs only the id (a full entry per paragraph doubles memory).
            self.bm25.corpus = [{"node_id": n.node_id, "_node_content": json.dumps({"id_": n.node_id})}
                                for n in self.nodes]

    # -- metadata filters ------------------------------------------------------------------
    def select(self, filters: MetadataFilters) -> np.ndarray:
        """Boolean mask over `nodes` of the paragraphs the filters allow, from per-key postings (no scan)."""
        parts = [self._select(f) for f in filters.filters]
        if not parts:
            return np.ones(len(self.nodes), dtype=bool)
        if filters.condition == FilterCondition.OR:
            return np.logical_or.reduce(parts)
        if filters.condition == FilterCondition.AND or filters.condition is None:
            return np.logical_and.reduce(parts)
        raise ValueError(f"Unsupported filter condition: {filters.condition}")

    def _select(self, f) -> np.ndarray:
        if isinstance(f, MetadataFilters):
            return self.select(f)
        if f.operator in (FilterOperator.IN, FilterOperator.EQ, FilterOperator.NIN, FilterOperator.NE):
            postings = self._posting(f.key)
            mask = np.zeros(len(self.nodes), dtype=bool)
            for v in (f.value if f.operator in (FilterOperator.IN, FilterOperator.NIN) else [f.value]):
                if v in postings:
                    mask[postings[v]] = True
            if f.operator in (FilterOperator.NIN, FilterOperator.NE):
                mask = self._has(f.key) & ~mask  # as llama-index: a paragraph without the field never matches
            return mask
        if f.operator in (FilterOperator.GTE, FilterOperator.LTE, FilterOperator.GT, FilterOperator.LT):
            col = self._numbers(f.key)
            with np.errstate(invalid="ignore"):
                return {FilterOperator.GTE: col >= f.value, FilterOperator.LTE: col <= f.value,
                        FilterOperator.GT: col > f.value, FilterOperator.LT: col < f.value}[f.operator]
        return self._scan(f)

    def _posting(self, key: str) -> dict:
        if key not in self._postings:
            table: dict = {}
            for i, n in enumerate(self.nodes):
                v = n.metadata.get(key)
                if v is not None:
                    table.setdefault(v, []).append(i)
            self._postings[key] = {v: np.array(ix) for v, ix in table.items()}
        return self._postings[key]

    def _has(self, key: str) -> np.ndarray:
        mask = np.zeros(len(self.nodes), dtype=bool)
        for ix in self._posting(key).values():
            mask[ix] = True
        return mask

    def _numbers(self, key: str) -> np.ndarray:
        name = f"#{key}"
        if name not in self._postings:
            self._postings[name] = np.array([float(n.metadata[key]) if isinstance(n.metadata.get(key), (int, float))
                                             else np.nan for n in self.nodes])
        return self._postings[name]

    def _scan(self, f: MetadataFilter) -> np.ndarray:
        """Operators the postings do not cover: llama-index's own filter function, node by node."""
        fn = build_metadata_filter_fn(lambda nid: self.paragraphs[nid].metadata, MetadataFilters(filters=[f]))
        return np.array([fn(n.node_id) for n in self.nodes], dtype=bool)


# -- building and the snapshot ---------------------------------------------------------------

def build(store: Store, records: dict[str, dict] | None = None) -> Corpus:
    """Paragraphs of the files that have a record entry: vectors without one are an unfinished write (see
    index/reconcile.py) and are never searched."""
    records = store.list_records() if records is None else records
    got = store.get_vectors({"kind": "paragraph"})
    nodes = []
    for nid, doc, md in zip(got["ids"], got["documents"], got["metadatas"]):
        if md.get("file") not in records:
            continue
        node = metadata_dict_to_node(md, text=doc)
        node.id_ = nid
        nodes.append(node)
    nodes.sort(key=lambda n: (n.metadata["file"], n.metadata["paragraph"]))
    bm25 = BM25Retriever.from_defaults(nodes=nodes, stemmer=STEMMER, language="english").bm25 if nodes else None
    df: dict[str, int] = {}
    lower: set[str] = set()
    names: set[str] = set()
    for n in nodes:
        for t in set(stem_tokens(n.text)):
            df[t] = df.get(t, 0) + 1
        lower.update(LOWER_WORD.findall(n.text))
        names.update(MID_CAPITAL.findall(n.text))
    texts = [n.text for n in nodes]
    affiliations = sorted({n.metadata.get("affiliation", "") for n in nodes} - {""})
    return Corpus(nodes=nodes, records=records, bm25=bm25, df=df,
                  harvested=_glossary.harvest(texts + affiliations), folded_text=fold(" ".join(texts + affiliations)),
                  lower_words=lower, names=names)


def snapshot_dir(settings: Settings) -> Path:
    return Path(settings.index_dir) / ".corpus" / settings.collection


def snapshot_key(store: Store, settings: Settings, records: dict[str, dict]) -> str:
    state = {"records": {f: [m.get("sha256"), m["_paragraphs"], m["_vectors"], m.get("_digest", "")]
                         for f, m in records.items()},
             "vectors": store.count_vectors(), "fingerprint": settings.fingerprint(),
             "code": _CODE, "bm25s": bm25s.__version__}
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


def load(store: Store, settings: Settings) -> Corpus:
    """The corpus from its snapshot when the store has not changed since; otherwise built and snapshotted.

    With a Chroma server nothing is written locally: every user's process builds from the shared store."""
    if settings.chroma_url:
        return build(store)
    records = store.list_records()
    key = snapshot_key(store, settings, records)
    corpus = _read(snapshot_dir(settings), key, records)
    if corpus is None:
        corpus = build(store, records)
        _write(snapshot_dir(settings), key, corpus)
    return corpus


def _read(folder: Path, key: str, records: dict) -> Corpus | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("key") != key:
            return None
        rows = json.loads((folder / "nodes.json").read_text(encoding="utf-8"))
        extra = json.loads((folder / "derived.json").read_text(encoding="utf-8"))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if (folder / "bm25").is_dir() else None
        nodes = []
        for nid, text, metadata, excluded_embed, excluded_llm in rows:
            nodes.append(TextNode(id_=nid, text=text, metadata=metadata, excluded_embed_metadata_keys=excluded_embed,
                                  excluded_llm_metadata_keys=excluded_llm))
        return Corpus(nodes=nodes, records=records, bm25=bm25, df=extra["df"],
                      harvested={k: set(v) for k, v in extra["harvested"].items()},
                      folded_text=(folder / "folded.txt").read_text(encoding="utf-8"),
                      lower_words=set(extra["lower_words"]), names=set(extra["names"]), from_snapshot=True)
    except Exception:  # missing, partial, from another version: the store is the truth, rebuild from it
        return None


def _write(folder: Path, key: str, corpus: Corpus) -> None:
    """Written to a fresh folder and renamed into place, so readers never see half a snapshot."""
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    for old in folder.parent.glob(f"{folder.name}.tmp*") if folder.parent.is_dir() else []:
        if old != tmp and not alive(old.name.rsplit(".tmp", 1)[-1]):
            shutil.rmtree(old, ignore_errors=True)  # left by a process killed while writing
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        rows = [[n.node_id, n.text, n.metadata, n.excluded_embed_metadata_keys, n.excluded_llm_metadata_keys]
                for n in corpus.nodes]
        (tmp / "nodes.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        (tmp / "derived.json").write_text(json.dumps({
            "df": corpus.df, "harvested": {k: sorted(v) for k, v in corpus.harvested.items()},
            "lower_words": sorted(corpus.lower_words), "names": sorted(corpus.names)}, ensure_ascii=False),
            encoding="utf-8")
        (tmp / "folded.txt").write_text(corpus.folded_text, encoding="utf-8")
        if corpus.bm25 is not None:
            corpus.bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "meta.json").write_text(json.dumps({"key": key}), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.rename(tmp, folder)
    except Exception:  # a read-only or full disk: this open keeps its corpus in memory; the next one rebuilds
        shutil.rmtree(tmp, ignore_errors=True)
