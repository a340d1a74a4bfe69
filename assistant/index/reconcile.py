"""What the store holds against what its record entries vouch for.

The order of writes (see ingest and Store.delete_file) keeps one rule at every kill point: a record entry exists
only while its file's vectors are complete. An entry is written after its vectors and deleted before they change or
go, and it carries a digest of the vector ids and text hashes it expects. So after a crash:
- vectors without an entry are an unfinished add, update, prune or remove: never searched (the corpus loads only
  files with an entry), re-adopted by the next ingest of that file, else removed by it;
- an entry whose vectors do not match its digest (a store written before this rule, or changed behind its back)
  is re-embedded by the next ingest of its file, else dropped;
`assistant status` reports both, naming the file and the fix.
"""
from __future__ import annotations

from dataclasses import dataclass

from .store import Store, digest

REDO = "run `assistant ingest` to finish it"


@dataclass
class Survey:
    entries: dict[str, dict]            # file -> record entry (Store.list_records)
    stored: dict[str, dict[str, str]]   # file -> {vector id: text hash}, as stored

    @property
    def orphans(self) -> list[str]:
        """Files with vectors but no record entry."""
        return sorted(set(self.stored) - set(self.entries))

    def state(self, file: str) -> str:
        """'ok', 'legacy' (an entry without a digest whose counts agree), 'empty' or 'mismatch'."""
        entry, have = self.entries[file], self.stored.get(file, {})
        if not have:
            return "empty"
        if entry.get("_digest"):
            return "ok" if digest(have) == entry["_digest"] else "mismatch"
        paragraphs = _paragraphs(have)
        return "legacy" if (paragraphs, len(have)) == (entry.get("_paragraphs"), entry.get("_vectors")) else "mismatch"

    def complete(self, file: str) -> bool:
        return file in self.entries and self.state(file) in ("ok", "legacy")

    def broken(self) -> list[str]:
        return sorted(f for f in self.entries if not self.complete(f))

    def problems(self) -> list[str]:
        """One line per file that is not as its entry says, with what to do."""
        out = []
        for f in self.orphans:
            n = len(self.stored[f])
            out.append(f"{f}: {n} vectors but no record entry, left by an interrupted ingest, update or prune; they "
                       f"are not searched ({REDO}: it indexes the file again, or removes them if the file is gone).")
        for f in self.broken():
            entry, have = self.entries[f], self.stored.get(f, {})
            if not have:
                out.append(f"{f}: a record entry but no vectors ({REDO}, or `assistant remove {f}`).")
                continue
            paragraphs = _paragraphs(have)
            out.append(f"{f}: the stored paragraphs differ from what its record entry expects ({paragraphs} paragraphs "
                       f"and {len(have)} vectors stored, {entry.get('_paragraphs', 0)} and {entry.get('_vectors', 0)} "
                       f"expected, compared by content hash): an interrupted update; {REDO}.")
        return out


def is_paragraph(vector_id: str) -> bool:
    """Ids are FILE#N for a paragraph and FILE#N~I for its sentence windows."""
    return "~" not in vector_id.rsplit("#", 1)[-1]


def _paragraphs(vector_ids) -> int:
    return sum(1 for vid in vector_ids if is_paragraph(vid))


def survey(store: Store) -> Survey:
    """Every record entry and every vector's id and text hash: a full metadata scan (about 1 s at 15,000 vectors)."""
    return Survey(entries=store.list_records(), stored=store.vector_hashes())
