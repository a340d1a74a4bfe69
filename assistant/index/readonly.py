"""Reading a store folder that cannot be written (a read-only mount, a full disk).

chromadb's embedded client writes when it opens a folder (its SQLite migrations table, the tenant), and offers no
read-only mode, so opening fails there even for `ask` and `status`. The way out for reading commands: a private copy
of the folder in the temp directory, opened instead and removed when the store closes (or, when the process ended
without closing it, by the next process that makes a copy). The copy is never written back.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..core.pids import alive

PREFIX = "assistant-readonly-"
LOW_SPACE = 4 * 2**20  # under 4 MB left, SQLite and the HNSW files cannot grow


def fs_state(where: str | Path) -> str:
    """'read-only' or 'full' when the file system holding `where` says so; '' otherwise."""
    path = Path(where)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        st = os.statvfs(path)
    except OSError:
        return ""
    if st.f_flag & os.ST_RDONLY:
        return "read-only"
    if st.f_bavail * st.f_frsize < LOW_SPACE:
        return "full"
    return ""


def unwritable(error_text: str, where: str | Path) -> str:
    """'read-only' or 'full' when an open failed because the folder cannot be written; '' for other failures."""
    state = fs_state(where)
    if state:
        return state
    low = error_text.lower()
    if "readonly" in low or "read-only" in low or "permission" in low:
        return "read-only"
    if "disk is full" in low or "no space" in low or "disk full" in low:
        return "full"
    return ""


def copy_for_reading(folder: str | Path) -> Path:
    """A private copy of the store folder (without the corpus snapshot, which is read in place); raises OSError."""
    _sweep()
    dest = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        shutil.copytree(folder, dest / "store", ignore=shutil.ignore_patterns(".corpus"), symlinks=True)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return dest / "store"


def remove_copy(copy: Path) -> None:
    shutil.rmtree(copy.parent, ignore_errors=True)


def _sweep() -> None:
    """Remove copies left by processes that ended without closing their store (the CLI skips teardown)."""
    try:
        leftovers = list(Path(tempfile.gettempdir()).glob(f"{PREFIX}*"))
    except OSError:
        return
    for old in leftovers:
        pid = old.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
