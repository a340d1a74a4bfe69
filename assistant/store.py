"""The only chromadb importer: embedded or HTTP client, collections, llama-index's ChromaVectorStore."""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from llama_index.vector_stores.chroma import ChromaVectorStore  # noqa: E402

from .config import Settings  # noqa: E402
from .errors import IndexMismatchError, StoreError  # noqa: E402

GET_BATCH = 5000


def _store_error(action: str, exc: Exception, where: str) -> StoreError:
    text = str(exc)
    hint = "check the folder's permissions and free disk space"
    if "readonly" in text.lower() or "read-only" in text.lower() or "permission" in text.lower():
        hint = "the store is read-only; make it writable or point ASSISTANT_INDEX_DIR at a writable folder"
    elif "disk" in text.lower() or "space" in text.lower() or "full" in text.lower():
        hint = "the disk is full; free space and run `assistant ingest` again (nothing indexed before is lost)"
    elif "connect" in text.lower():
        hint = "start the server (`chroma run --path DIR`) or unset ASSISTANT_CHROMA_URL"
    return StoreError(f"Cannot {action} the Chroma store at {where}: {text.splitlines()[0] if text else type(exc).__name__}; {hint}.")


class Store:
    """Two collections: vectors (paragraph and window vectors, flat metadata) and records (one entry per file)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.where = settings.chroma_url or str(settings.index_dir)
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                self.client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                                  ssl=url.scheme == "https", settings=chroma_settings)
                self.client.heartbeat()
            else:
                Path(settings.index_dir).mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
            self.vectors = self.client.get_or_create_collection(
                f"{settings.collection}_vectors", embedding_function=None,
                metadata={"hnsw:space": "cosine"})
            self.records = self.client.get_or_create_collection(
                f"{settings.collection}_records", embedding_function=None)
        except StoreError:
            raise
        except Exception as exc:  # chromadb raises many types; all mean the store is unusable
            raise _store_error("open", exc, self.where) from exc

    def reset(self) -> None:
        """Drop both collections (for a rebuild with new settings) and create them empty."""
        for c in (self.vectors, self.records):
            self._write("reset", lambda c=c: self.client.delete_collection(c.name))
        self.vectors = self.client.get_or_create_collection(
            f"{self.settings.collection}_vectors", embedding_function=None, metadata={"hnsw:space": "cosine"})
        self.records = self.client.get_or_create_collection(
            f"{self.settings.collection}_records", embedding_function=None)

    # -- settings fingerprint ------------------------------------------------------------------
    def check_fingerprint(self, fingerprint: str) -> None:
        """Refuse to mix vectors made with other embedding settings."""
        stored = self.stored_fingerprint()
        if stored and stored != fingerprint and self.vectors.count() > 0:
            raise IndexMismatchError(
                f"The index at {self.where} was built with other embedding settings (fingerprint {stored}, "
                f"now {fingerprint}). Re-index needed: run `assistant ingest --rebuild`, or restore the old settings."
            )

    def stored_fingerprint(self) -> str:
        got = self.records.get(ids=["__settings__"], include=["metadatas"])
        return got["metadatas"][0].get("fingerprint", "") if got["ids"] else ""

    def set_fingerprint(self, fingerprint: str) -> None:
        self._write("write", lambda: self.records.upsert(
            ids=["__settings__"], embeddings=[[0.0]], metadatas=[{"fingerprint": fingerprint, "kind": "settings"}],
            documents=[""]))

    # -- vectors -----------------------------------------------------------------------------
    def vector_store(self) -> ChromaVectorStore:
        return ChromaVectorStore(chroma_collection=self.vectors)

    def add_nodes(self, nodes: list) -> None:
        self._write("write to", lambda: self.vector_store().add(nodes))

    def delete_file(self, file: str) -> None:
        self._write("delete from", lambda: self.vectors.delete(where={"file": file}))
        self._write("delete from", lambda: self.records.delete(ids=[file]))

    def get_vectors(self, where: dict | None = None, embeddings: bool = False) -> dict:
        """All entries matching `where`, fetched in batches: ids, documents, metadatas (and embeddings)."""
        include = ["documents", "metadatas"] + (["embeddings"] if embeddings else [])
        out: dict = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        offset = 0
        while True:
            got = self.vectors.get(where=where, include=include, limit=GET_BATCH, offset=offset)
            if not got["ids"]:
                break
            for key in ("ids", "documents", "metadatas"):
                out[key].extend(got[key])
            if embeddings:
                out["embeddings"].extend(list(e) for e in got["embeddings"])
            offset += len(got["ids"])
            if len(got["ids"]) < GET_BATCH:
                break
        return out

    def count_vectors(self, where: dict | None = None) -> int:
        if where is None:
            return self.vectors.count()
        return len(self.vectors.get(where=where, include=[])["ids"])

    # -- records -----------------------------------------------------------------------------
    def put_record(self, file: str, meta: dict, paragraphs: int, vectors: int) -> None:
        doc = json.dumps(meta, ensure_ascii=False)
        self._write("write to", lambda: self.records.upsert(
            ids=[file], embeddings=[[0.0]], documents=[doc],
            metadatas=[{"kind": "record", "sha256": meta.get("sha256", ""), "paragraphs": paragraphs, "vectors": vectors}]))

    def list_records(self) -> dict[str, dict]:
        got = self.records.get(where={"kind": "record"}, include=["documents", "metadatas"])
        out = {}
        for rid, doc, md in zip(got["ids"], got["documents"], got["metadatas"]):
            meta = json.loads(doc)
            meta["_paragraphs"], meta["_vectors"] = md.get("paragraphs", 0), md.get("vectors", 0)
            out[rid] = meta
        return out

    def size_bytes(self) -> int:
        if self.settings.chroma_url:
            return 0
        return sum(f.stat().st_size for f in Path(self.settings.index_dir).rglob("*") if f.is_file())

    def _write(self, action: str, fn):
        try:
            return fn()
        except Exception as exc:
            raise _store_error(action, exc, self.where) from exc
