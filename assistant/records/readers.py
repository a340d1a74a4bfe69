"""Turn a record file into text, or raise RecordError naming the file and the problem."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import RecordError

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


BOMS = [(b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")]


def unicode_encoding(data: bytes) -> str | None:
    """UTF-16/32 by its byte-order mark, or BOM-less UTF-16 by the zero bytes of its ASCII characters."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:8192]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    wide = unicode_encoding(data)
    if wide:
        try:
            return data.decode(wide).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise RecordError(f"{name}: looks like {wide.upper()} text but has a bad character at byte {exc.start}; "
                              "re-save the file as UTF-8 and ingest again.") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise RecordError(
                f"{name}: not UTF-8 text (bad byte at offset {exc.start}) and not Windows-1252 either; "
                "re-save the file as UTF-8 and ingest again."
            ) from None
        warnings.append(
            f"{name}: not UTF-8 (bad byte at offset {exc.start}); read it as Windows-1252. "
            "Re-save it as UTF-8 to silence this warning."
        )
        return text


def read_text(path: Path, warnings: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read any supported record format as plain text lines."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RecordError(f"{name}: cannot be read ({exc.strerror}); check the path and permissions.") from None
    if size == 0:
        raise RecordError(f"{name}: the file is empty; remove it or replace it with the record's text.")
    if size > max_bytes:
        raise RecordError(
            f"{name}: the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit for one record; "
            "split it into one file per record, or raise ASSISTANT_MAX_RECORD_MB."
        )
    suffix = path.suffix.lower()
    if suffix in FORMAT_READERS:
        return FORMAT_READERS[suffix](path, warnings)
    data = path.read_bytes()
    if not unicode_encoding(data) and _looks_binary(data):
        raise RecordError(
            f"{name}: looks like a binary file, not a text record; supported formats are .txt, .md"
            + "".join(f", {s}" for s in sorted(FORMAT_READERS)) + "."
        )
    text = decode_text(data, name, warnings)
    if not text.strip():
        raise RecordError(f"{name}: the file holds only white space; remove it or add the record's text.")
    return text


# Other formats register here (suffix -> reader returning text in the plain-text layout).
FORMAT_READERS: dict = {}
from . import formats  # noqa: E402,F401  registers DOCX/PDF/HTML readers
