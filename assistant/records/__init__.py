"""Stage 1, record files to `Record` + `Paragraph`: readers per format, masthead, numbering (printed or
reconstructed), speakers, cleaning.

May import: core."""
from .load import load_record, load_records
from .model import Paragraph, Record, RecordMeta

__all__ = ["Paragraph", "Record", "RecordMeta", "load_record", "load_records"]
