"""The only chromadb importer: embedded or HTTP client, collections, llama-index's ChromaVectorStore."""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from llama_index.core.vector_stores.utils import node_to_metadata_dict  # noqa: E402
from llama_index.vector_stores.chroma import ChromaVectorStore  # noqa: E402

from ..core.config import Settings  # noqa: E402
from ..core.errors import IndexMismatchError, StoreError  # noqa: E402

GET_BATCH = 5000
HASH_BATCH = 500   # values per `$in` filter when looking vectors up by text hash


def _server_hint(url: str) -> str:
    u = urlparse(url)
    host, port = u.hostname or "127.0.0.1", u.port or 8000
    return (f"start the server with `chroma run --host {host} --port {port} --path DIR`, fix ASSISTANT_CHROMA_URL "
            "(or --chroma-url), or unset it to use the embedded store in ASSISTANT_INDEX_DIR")


def _fs_state(where: str) -> str:
    """'read-only' or 'full' when the file system of an embedded store says so (chromadb's errors may not)."""
    path = Path(where)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        st = os.statvfs(path)
    except OSError:
        return ""
    if st.f_flag & os.ST_RDONLY:
        return "read-only"
    if st.f_bavail * st.f_frsize < 4 * 2**20:  # under 4 MB left: SQLite and the HNSW files cannot grow
        return "full"
    return ""


def _store_error(action: str, exc: Exception, where: str, url: str = "") -> StoreError:
    text = str(exc)
    low = text.lower()
    state = "" if url else _fs_state(where)
    hint = "check the folder's permissions and free disk space"
    if state == "read-only" or "readonly" in low or "read-only" in low or "permission" in low:
        hint = "the store is read-only; make it writable or point ASSISTANT_INDEX_DIR at a writable folder"
    elif state == "full" or "disk" in low or "no space" in low or "full" in low:
        hint = "the disk is full; free space and run `assistant ingest` again (nothing indexed before is lost)"
    elif url and any(w in low for w in ("connect", "refused", "timed out", "timeout", "resolve", "unreachable")):
        hint = _server_hint(url)
    elif url:
        hint = "check that the Chroma server is running and is version 1.x like this client; " + _server_hint(url)
    first = text.splitlines()[0] if text else type(exc).__name__
    return StoreError(f"Cannot {action} the Chroma store at {where}: {first}; {hint}.")


def _forget_client(path: str) -> None:
    """chromadb caches one client per folder for the process, also one whose opening failed; drop it, so that a
    later open (after the user fixed permissions or freed space) starts afresh instead of failing again."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient
        system = SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)
        if system is not None:
            try:
                system.stop()
            except Exception:
                pass
    except Exception:  # a private API; if it changes, a retry in the same process may fail again
        pass


class Store:
    """Two collections: vectors (paragraph and window vectors, flat metadata) and records (one entry per file)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.where = settings.chroma_url or str(settings.index_dir)
        self._vector_store: ChromaVectorStore | None = None
        self._stale = False
        self._connect()

    def _connect(self) -> None:
        settings = self.settings
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
            if not settings.chroma_url:
                _forget_client(str(settings.index_dir))
            raise _store_error("open", exc, self.where, settings.chroma_url) from exc
        try:
            self.max_batch = max(1, int(self.client.get_max_batch_size()))
        except Exception:  # older servers: a safe default
            self.max_batch = 5000
        if self._vector_store is not None:  # the retriever's handle follows the new connection
            self._vector_store._collection = self.vectors
        self._stale = False

    def close(self) -> None:
        """Release the embedded store's files and memory. chromadb keeps one client per folder for the process, so
        this ends every Store of this process on the same folder: call it when none is used any more."""
        if not self.settings.chroma_url:
            _forget_client(str(self.settings.index_dir))
        self._stale = True  # a later call reconnects

    def reset(self) -> None:
        """Drop both collections (for a rebuild with new settings) and create them empty."""
        for c in (self.vectors, self.records):
            self._write("reset", lambda c=c: self.client.delete_collection(c.name))
        self.vectors = self.client.get_or_create_collection(
            f"{self.settings.collection}_vectors", embedding_function=None, metadata={"hnsw:space": "cosine"})
        self.records = self.client.get_or_create_collection(
            f"{self.settings.collection}_records", embedding_function=None)
        if self._vector_store is not None:
            self._vector_store._collection = self.vectors

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
        got = self._read(lambda: self.records.get(ids=["__settings__"], include=["metadatas"]))
        return got["metadatas"][0].get("fingerprint", "") if got["ids"] else ""

    def set_fingerprint(self, fingerprint: str) -> None:
        self._write("write", lambda: self.records.upsert(
            ids=["__settings__"], embeddings=[[0.0]], metadatas=[{"fingerprint": fingerprint, "kind": "settings"}],
            documents=[""]))

    # -- vectors -----------------------------------------------------------------------------
    def vector_store(self) -> ChromaVectorStore:
        """llama-index's view of the vectors collection (one per Store, kept pointing at the live connection)."""
        if self._vector_store is None:
            self._vector_store = ChromaVectorStore(chroma_collection=self.vectors)
        return self._vector_store

    def add_nodes(self, nodes: list) -> None:
        """Write nodes (with embeddings); ids already present are replaced, not duplicated."""
        for start in range(0, len(nodes), self.max_batch):
            chunk = nodes[start:start + self.max_batch]
            payload = {"ids": [], "embeddings": [], "metadatas": [], "documents": []}
            for node in chunk:
                # the same layout as llama-index's ChromaVectorStore.add, so its queries read these back
                md = node_to_metadata_dict(node, remove_text=True, flat_metadata=True)
                payload["ids"].append(node.node_id)
                payload["embeddings"].append(node.get_embedding())
                payload["metadatas"].append({k: ("" if v is None else v) for k, v in md.items()})
                payload["documents"].append(node.get_content(metadata_mode="none"))
            self._write("write to", lambda p=payload: self.vectors.upsert(**p))

    def delete_ids(self, ids: list[str]) -> None:
        for start in range(0, len(ids), self.max_batch):
            self._write("delete from", lambda b=ids[start:start + self.max_batch]: self.vectors.delete(ids=b))

    def delete_file(self, file: str) -> None:
        """Drop a record: its entry first (so a half-done delete reads as an unfinished ingest), then its vectors."""
        self._write("delete from", lambda: self.records.delete(ids=[file]))
        self._write("delete from", lambda: self.vectors.delete(where={"file": file}))

    def ids_for_file(self, file: str) -> list[str]:
        return self._read(lambda: self.vectors.get(where={"file": file}, include=[])["ids"])

    def embeddings_by_hash(self, hashes: list[str]) -> dict[str, list[float]]:
        """Stored embeddings of texts already embedded (any file), by text hash."""
        out: dict[str, list[float]] = {}
        wanted = sorted(set(hashes))
        for start in range(0, len(wanted), HASH_BATCH):
            batch = wanted[start:start + HASH_BATCH]
            where = {"text_hash": {"$in": batch}} if len(batch) > 1 else {"text_hash": batch[0]}
            got = self._read(lambda w=where: self.vectors.get(where=w, include=["metadatas", "embeddings"]))
            for md, emb in zip(got["metadatas"], got["embeddings"]):
                out.setdefault(md.get("text_hash", ""), list(emb))
        return out

    def get_vectors(self, where: dict | None = None, embeddings: bool = False, documents: bool = True) -> dict:
        """All entries matching `where`, fetched in batches: ids, documents, metadatas (and embeddings)."""
        include = (["documents"] if documents else []) + ["metadatas"] + (["embeddings"] if embeddings else [])
        out: dict = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        offset = 0
        while True:
            got = self._read(lambda o=offset: self.vectors.get(where=where, include=include, limit=GET_BATCH, offset=o))
            if not got["ids"]:
                break
            for key in ("ids", "documents", "metadatas"):
                out[key].extend(got[key] or [])
            if embeddings:
                out["embeddings"].extend(list(e) for e in got["embeddings"])
            offset += len(got["ids"])
            if len(got["ids"]) < GET_BATCH:
                break
        return out

    def count_vectors(self, where: dict | None = None) -> int:
        if where is None:
            return self._read(self.vectors.count)
        return len(self._read(lambda: self.vectors.get(where=where, include=[])["ids"]))

    def file_counts(self) -> dict[str, dict[str, int]]:
        """Per file: how many paragraph and window vectors the store holds (a full metadata scan)."""
        out: dict[str, dict[str, int]] = {}
        for md in self.get_vectors(documents=False)["metadatas"]:
            c = out.setdefault(md.get("file", ""), {"paragraph": 0, "window": 0})
            kind = md.get("kind", "")
            c[kind] = c.get(kind, 0) + 1
        return out

    # -- records -----------------------------------------------------------------------------
    def put_record(self, file: str, meta: dict, paragraphs: int, vectors: int) -> None:
        self.put_records([(file, meta, paragraphs, vectors)])

    def put_records(self, entries: list[tuple[str, dict, int, int]]) -> None:
        """One entry per file (file, meta, paragraphs, vectors), written after the file's vectors."""
        for start in range(0, len(entries), self.max_batch):
            chunk = entries[start:start + self.max_batch]
            self._write("write to", lambda c=chunk: self.records.upsert(
                ids=[e[0] for e in c], embeddings=[[0.0]] * len(c),
                documents=[json.dumps(e[1], ensure_ascii=False) for e in c],
                metadatas=[{"kind": "record", "sha256": e[1].get("sha256", ""), "paragraphs": e[2], "vectors": e[3]}
                           for e in c]))

    def list_records(self) -> dict[str, dict]:
        got = self._read(lambda: self.records.get(where={"kind": "record"}, include=["documents", "metadatas"]))
        out = {}
        for rid, doc, md in zip(got["ids"], got["documents"], got["metadatas"]):
            meta = json.loads(doc)
            meta["_paragraphs"], meta["_vectors"] = md.get("paragraphs", 0), md.get("vectors", 0)
            out[rid] = meta
        return out

    def size_bytes(self) -> int | None:
        """Bytes on disk of the embedded store; None for a server (its disk is not ours to see)."""
        if self.settings.chroma_url:
            return None
        return sum(f.stat().st_size for f in Path(self.settings.index_dir).rglob("*") if f.is_file())

    def _write(self, action: str, fn):
        if self._stale:
            self._connect()
        try:
            return fn()
        except Exception as exc:
            error = _store_error(action, exc, self.where, self.settings.chroma_url)
            if not self.settings.chroma_url:
                # After a failed write (a full disk, say) chromadb's embedded client hangs on its next write, even
                # once space is freed: drop it, and connect afresh on the next call.
                _forget_client(str(self.settings.index_dir))
                self._stale = True
            raise error from exc

    def _read(self, fn):
        return self._write("read", fn)
