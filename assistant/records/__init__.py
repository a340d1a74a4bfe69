"""Stage 1, record files to `Record` + `Paragraph`: readers per format, masthead, numbering (printed or
reconstructed), speakers, cleaning.

May import: core."""
from .load import load_record, load_records
from .model import Paragraph, Record, RecordMeta

__all__ = ["PARSER_VERSION", "Paragraph", "Record", "RecordMeta", "load_record", "load_records"]


def _parser_version() -> str:
    """A digest of this package's source: when the parser changes, ingest re-reads records an older parser indexed
    (their unchanged paragraphs keep their vectors), so new rules and labels reach existing indexes."""
    import hashlib
    from pathlib import Path
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:12]


PARSER_VERSION = _parser_version()
