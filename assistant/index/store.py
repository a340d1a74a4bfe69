"""The only chromadb importer: embedded or HTTP client, collections, llama-index's ChromaVectorStore."""
from __future__ import annotations

import atexit
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from llama_index.core.vector_stores.utils import node_to_metadata_dict  # noqa: E402
from llama_index.vector_stores.chroma import ChromaVectorStore  # noqa: E402

from ..core.config import Settings  # noqa: E402
from ..core.errors import IndexMismatchError, StoreError  # noqa: E402
from . import readonly  # noqa: E402

try:
    import fcntl  # noqa: E402
except ImportError:  # not on Windows: ingests there are not serialized
    fcntl = None

GET_BATCH = 5000
HASH_BATCH = 500   # values per `$in` filter when looking vectors up by text hash
UNWRITABLE = {
    "read-only": "the store is read-only; make it writable or point ASSISTANT_INDEX_DIR at a writable folder",
    "full": "the disk is full; free space and run `assistant ingest` again (nothing indexed before is lost)",
}


def digest(hashes: dict[str, str]) -> str:
    """One hash over a record's vectors (id and text hash of each): what its record entry expects to find."""
    lines = sorted(f"{vid}\t{h}" for vid, h in hashes.items())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


def _server_hint(url: str) -> str:
    u = urlparse(url)
    host, port = u.hostname or "127.0.0.1", u.port or 8000
    return (f"start the server with `chroma run --host {host} --port {port} --path DIR`, fix ASSISTANT_CHROMA_URL "
            "(or --chroma-url), or unset it to use the embedded store in ASSISTANT_INDEX_DIR")


def _store_error(action: str, exc: Exception, where: str, url: str = "") -> StoreError:
    text = str(exc)
    low = text.lower()
    state = "" if url else readonly.fs_state(where)
    hint = "check the folder's permissions and free disk space"
    if state == "read-only" or "readonly" in low or "read-only" in low or "permission" in low:
        hint = UNWRITABLE["read-only"]
    elif state == "full" or "disk" in low or "no space" in low or "full" in low:
        hint = UNWRITABLE["full"]
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
    """Two collections: vectors (paragraph and window vectors, flat metadata) and records (one entry per file).

    A record's entry is written after its vectors and deleted before them: an entry vouches for a complete set of
    vectors (their ids and text hashes, see `digest`), and vectors without an entry are an unfinished write."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.where = settings.chroma_url or str(settings.index_dir)
        self.read_only = ""        # "read-only" or "full": opened from a private copy, for reading only
        self._copy: Path | None = None
        self._vector_store: ChromaVectorStore | None = None
        self._stale = False
        self._connect()

    @property
    def notice(self) -> str:
        """What a reader should know about this store ('' when it is a normal, writable one)."""
        if not self.read_only:
            return ""
        why = "is read-only" if self.read_only == "read-only" else "is on a full disk"
        return (f"The index at {self.where} {why}: answering from a temporary copy of it; `assistant ingest` and "
                f"`assistant remove` need {UNWRITABLE[self.read_only].split('; ', 1)[1]}.")

    def _connect(self) -> None:
        settings = self.settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if settings.chroma_url:
            try:
                url = urlparse(settings.chroma_url)
                self.client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                                  ssl=url.scheme == "https", settings=chroma_settings)
                self.client.heartbeat()
                self._collections()
            except Exception as exc:  # chromadb raises many types; all mean the store is unusable
                raise _store_error("open", exc, self.where, settings.chroma_url) from exc
        else:
            try:
                self._open_folder(self._copy or Path(settings.index_dir), chroma_settings)
            except Exception as exc:
                state = "" if self._copy else readonly.unwritable(str(exc), settings.index_dir)
                if not state:
                    raise _store_error("open", exc, self.where) from exc
                # chromadb writes when it opens a folder: read a private copy instead (see readonly.py)
                try:
                    self._copy = readonly.copy_for_reading(settings.index_dir)
                except OSError:
                    raise _store_error("open", exc, self.where) from exc
                atexit.register(readonly.remove_copy, self._copy)
                self.read_only = state
                try:
                    self._open_folder(self._copy, chroma_settings)
                except Exception as exc2:
                    raise _store_error("open", exc2, self.where) from exc2
        try:
            self.max_batch = max(1, int(self.client.get_max_batch_size()))
        except Exception:  # older servers: a safe default
            self.max_batch = 5000
        if self._vector_store is not None:  # the retriever's handle follows the new connection
            self._vector_store._collection = self.vectors
        self._stale = False

    def _open_folder(self, folder: Path, chroma_settings) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(folder), settings=chroma_settings)
            self._collections()
        except Exception:
            _forget_client(str(folder))
            raise

    def _collections(self) -> None:
        self.vectors = self.client.get_or_create_collection(
            f"{self.settings.collection}_vectors", embedding_function=None, metadata={"hnsw:space": "cosine"})
        self.records = self.client.get_or_create_collection(
            f"{self.settings.collection}_records", embedding_function=None)

    def _folder(self) -> str:
        return str(self._copy or self.settings.index_dir)

    def close(self) -> None:
        """Release the embedded store's files and memory. chromadb keeps one client per folder for the process, so
        this ends every Store of this process on the same folder: call it when none is used any more."""
        if not self.settings.chroma_url:
            _forget_client(self._folder())
        if self._copy is not None:
            readonly.remove_copy(self._copy)
            self._copy = None
        self._stale = True  # a later call reconnects

    def reset(self) -> None:
        """Drop both collections (for a rebuild with new settings) and create them empty. Vectors go first: killed
        in between, the record entries are left without vectors, which the next ingest re-embeds with the new
        settings (the other way round, vectors of the old settings would be left without a fingerprint)."""
        for c in (self.vectors, self.records):
            self._write("reset", lambda c=c: self.client.delete_collection(c.name))
        self._write("reset", self._collections)
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
        """Drop a record: its entry first (so a half-done delete leaves vectors without an entry, which are never
        searched and which the next ingest removes), then its vectors."""
        self.delete_entries([file])
        self.delete_vectors_of([file])

    def delete_vectors_of(self, files: list[str]) -> None:
        """Every vector of these files (whose entries are gone already)."""
        for start in range(0, len(files), HASH_BATCH):
            batch = files[start:start + HASH_BATCH]
            where = {"file": {"$in": batch}} if len(batch) > 1 else {"file": batch[0]}
            self._write("delete from", lambda w=where: self.vectors.delete(where=w))

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

    def vector_hashes(self) -> dict[str, dict[str, str]]:
        """Per file: each stored vector's id and text hash (a full metadata scan), to compare with `digest`."""
        out: dict[str, dict[str, str]] = {}
        got = self.get_vectors(documents=False)
        for vid, md in zip(got["ids"], got["metadatas"]):
            out.setdefault(md.get("file", ""), {})[vid] = md.get("text_hash", "")
        return out

    # -- records -----------------------------------------------------------------------------
    def put_record(self, file: str, meta: dict, paragraphs: int, vectors: int, vectors_digest: str = "") -> None:
        self.put_records([(file, meta, paragraphs, vectors, vectors_digest)])

    def put_records(self, entries: list[tuple[str, dict, int, int, str]]) -> None:
        """One entry per file (file, meta, paragraphs, vectors, digest of its vectors), written after its vectors."""
        for start in range(0, len(entries), self.max_batch):
            chunk = entries[start:start + self.max_batch]
            self._write("write to", lambda c=chunk: self.records.upsert(
                ids=[e[0] for e in c], embeddings=[[0.0]] * len(c),
                documents=[json.dumps(e[1], ensure_ascii=False) for e in c],
                metadatas=[{"kind": "record", "sha256": e[1].get("sha256", ""), "paragraphs": e[2], "vectors": e[3],
                            "digest": e[4]} for e in c]))

    def delete_entries(self, files: list[str]) -> None:
        """Record entries only: done first when a record's vectors are about to change or go."""
        for start in range(0, len(files), self.max_batch):
            self._write("delete from", lambda b=files[start:start + self.max_batch]: self.records.delete(ids=b))

    def list_records(self) -> dict[str, dict]:
        """file -> the record's metadata, plus _paragraphs, _vectors and _digest (what its vectors must be)."""
        got = self._read(lambda: self.records.get(where={"kind": "record"}, include=["documents", "metadatas"]))
        out = {}
        for rid, doc, md in zip(got["ids"], got["documents"], got["metadatas"]):
            meta = json.loads(doc)
            meta["_paragraphs"], meta["_vectors"] = md.get("paragraphs", 0), md.get("vectors", 0)
            meta["_digest"] = md.get("digest", "")  # "" in entries written before digests existed
            out[rid] = meta
        return out

    def size_bytes(self) -> int | None:
        """Bytes on disk of the embedded store; None for a server (its disk is not ours to see)."""
        if self.settings.chroma_url:
            return None
        return sum(f.stat().st_size for f in Path(self.settings.index_dir).rglob("*") if f.is_file())

    @contextmanager
    def writer(self):
        """One ingest at a time per embedded store folder; a second one waits for the first. Ingest removes vectors
        that have no record entry, which a concurrent ingest may be about to write the entry for."""
        if self.settings.chroma_url or self.read_only or fcntl is None:
            yield
            return
        try:
            lock = open(Path(self.settings.index_dir) / ".ingest.lock", "a")
        except OSError:  # the writes that follow report what is wrong with the folder
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def check_writable(self) -> None:
        """Raise the error a write would raise, before any work is done: a store opened from a read-only copy."""
        if self.read_only:
            self._write("write to", lambda: None)

    def _write(self, action: str, fn):
        if self.read_only:
            raise StoreError(f"Cannot {action} the Chroma store at {self.where}: {UNWRITABLE[self.read_only]}.")
        return self._call(action, fn)

    def _read(self, fn):
        return self._call("read", fn)

    def _call(self, action: str, fn):
        if self._stale:
            self._connect()
        try:
            return fn()
        except Exception as exc:
            error = _store_error(action, exc, self.where, self.settings.chroma_url)
            if not self.settings.chroma_url:
                # After a failed write (a full disk, say) chromadb's embedded client hangs on its next write, even
                # once space is freed: drop it, and connect afresh on the next call.
                _forget_client(self._folder())
                self._stale = True
            raise error from exc
