"""Load record files, with optional per-file metadata overrides from records/manifest.toml."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import fields
from pathlib import Path

from ..core.errors import RecordError
from .model import Record, RecordMeta
from .parse import parse_text
from .readers import DEFAULT_MAX_BYTES, FORMAT_READERS, TEXT_SUFFIXES, read_text

MANIFEST = "manifest.toml"
META_FIELDS = {f.name for f in fields(RecordMeta)} - {"file", "sha256"}


def record_suffixes() -> set[str]:
    return set(TEXT_SUFFIXES) | set(FORMAT_READERS)


def load_manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path}: not valid TOML ({exc}); fix the file or remove it.") from None
    out = {}
    for name, overrides in data.items():
        if not isinstance(overrides, dict):
            raise RecordError(f"{path}: [{name}] must be a table of metadata fields.")
        unknown = set(overrides) - META_FIELDS
        if unknown:
            raise RecordError(f"{path}: [{name}] has unknown fields {sorted(unknown)}; known: {sorted(META_FIELDS)}.")
        out[name] = overrides
    return out


def load_record(path: Path, overrides: dict | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
    """Parse one record file; raises RecordError naming the file and the problem."""
    path = Path(path)
    warnings: list[str] = []
    text = read_text(path, warnings, max_bytes=max_bytes)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    record = parse_text(text, path.name, sha)
    for key, value in (overrides or {}).items():
        setattr(record.meta, key, value)
    record.warnings[:0] = warnings
    return record


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their record files, sorted by name."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                              and f.name != MANIFEST and f.suffix.lower() in record_suffixes()))
        else:
            out.append(p)
    return out


def load_records(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Record], list[str]]:
    """Parse every record it can; returns (records, problems) where each problem names a file and why."""
    records: list[Record] = []
    problems: list[str] = []
    manifests: dict[Path, dict] = {}
    seen: dict[str, str] = {}
    for path in discover(paths):
        folder = path.parent
        if folder not in manifests:
            try:
                manifests[folder] = load_manifest(folder)
            except RecordError as exc:
                problems.append(str(exc))
                manifests[folder] = {}
        try:
            record = load_record(path, manifests[folder].get(path.name), max_bytes=max_bytes)
        except RecordError as exc:
            problems.append(str(exc))
            continue
        if record.meta.sha256 in seen:
            problems.append(f"{path.name}: same content as {seen[record.meta.sha256]}; skipped the duplicate.")
            continue
        seen[record.meta.sha256] = path.name
        records.append(record)
    return records, problems
