"""Record files to `Record` + `Paragraph`: readers per format, then structure rules."""
from .load import load_record, load_records
from .model import Paragraph, Record, RecordMeta

__all__ = ["Paragraph", "Record", "RecordMeta", "load_record", "load_records"]
