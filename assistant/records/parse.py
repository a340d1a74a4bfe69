"""Structure rules: numbered paragraphs, continuations, headings, speakers, masthead."""
from __future__ import annotations

import hashlib
import re

from ..core.errors import RecordError
from .clean import Line, clean_lines, is_furniture
from .masthead import OPENED, ROSE, parse_masthead
from .model import Paragraph, Record, RecordMeta
from .speakers import detect_speaker, is_chair, is_procedural

NUMBERED = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
BOLD_NAME = re.compile(r"\*\*([^*]{2,120}?)\*\*")
SUBHEADING = re.compile(r"^(?:Dialogue with|Half[- ]day|General discussion|Opening statement|Statement by|"
                        r"Interactive dialogue|Panel discussion|Continuation of|Initial report|Second periodic|"
                        r"Third periodic|Combined)", re.I)
TERMINAL = tuple('.:;?!"”’)')
HEADING_MAX = 300


def _bold_name(raw: str) -> str:
    """The bold run near the start of a Markdown paragraph, usually the speaker."""
    m = BOLD_NAME.search(raw[:160])
    return m.group(1).strip() if m else ""


def parse_text(text: str, file: str, sha256: str = "", renumber: bool = False) -> Record:
    """Parse a record's text. `renumber` rebuilds numbers by counting (for formats that lost them)."""
    lines = clean_lines(text)
    meta = RecordMeta(file=file, sha256=sha256 or hashlib.sha256(text.encode()).hexdigest())
    record = Record(meta=meta)
    body_start = _body_start(lines, renumber)
    if body_start is None:
        raise RecordError(
            f"{file}: no numbered paragraphs found (expected lines such as '1. The Chair said ...'); "
            "check that this is a summary record or report, or fix its numbering."
        )
    masthead = [ln.text for ln in lines[:body_start] if not is_furniture(ln.text)]
    raw_masthead = "\n".join(ln.raw for ln in lines[:body_start])
    default_item = parse_masthead(meta, masthead, raw_masthead, text)
    _parse_body(record, lines[body_start:], default_item, renumber)
    if not record.paragraphs:
        raise RecordError(f"{file}: no numbered paragraphs found; fix its numbering and ingest again.")
    return record


def _body_start(lines: list[Line], renumber: bool) -> int | None:
    for i, ln in enumerate(lines):
        if OPENED.search(ln.text):
            return i
        m = NUMBERED.match(ln.text)
        if m and (m.group(1) == "1" or renumber):
            # Headings printed just above paragraph 1 belong to the body when no opening line precedes them.
            return i
    return None


class _Body:
    def __init__(self, record: Record, default_item: str, renumber: bool):
        self.record = record
        self.meta = record.meta
        self.renumber = renumber
        self.item, self.subitem = default_item, ""
        self.pending: list[str] = []
        self.current: Paragraph | None = None
        self.table_header: list[str] = []
        self.speaker: tuple[str, str] | None = None
        self.is_report = self.meta.doc_type == "report"

    # -- paragraphs -------------------------------------------------------------------------
    def start(self, number: int, text: str, raw: str) -> None:
        self._apply_headings()
        p = Paragraph(file=self.meta.file, number=number, text=text,
                      agenda_item=self.item, agenda_subitem=self.subitem, reconstructed=self.renumber)
        self.record.paragraphs.append(p)
        self.current = p
        self.table_header = []
        if self.is_report:
            return
        found = detect_speaker(text, _bold_name(raw))
        if found:
            name, affiliation = found
            if is_chair(name):
                name, affiliation = (self.meta.chair or name[0].upper() + name[1:]), (affiliation or "Chair")
            self.speaker = (name, affiliation)
        elif is_procedural(text):
            self.speaker = None
        if self.speaker:
            p.speaker, p.affiliation = self.speaker

    def append(self, text: str) -> None:
        assert self.current is not None
        cur = self.current.text
        if cur.endswith("-") and not cur.endswith(" -") and text[:1].islower():
            self.current.text = cur + text  # hyphen split across a page break
        else:
            self.current.text = cur + " " + text

    def table_row(self, cells: list[str]) -> None:
        assert self.current is not None
        if not self.table_header:
            self.table_header = cells
            return
        if cells == self.table_header:
            return  # header repeated after a page break
        pairs = [f"{h}: {c}" for h, c in zip(self.table_header, cells)] if len(cells) == len(self.table_header) else cells
        self.append("; ".join(pairs) + ".")

    # -- headings ---------------------------------------------------------------------------
    def heading(self, text: str) -> None:
        self.current = None
        self.pending.append(text)

    def _apply_headings(self) -> None:
        if not self.pending:
            return
        heads, self.pending = self.pending, []
        if len(heads) >= 2:
            self.item, self.subitem = heads[0], " — ".join(heads[1:])
        elif SUBHEADING.match(heads[0]) and self.item:
            self.subitem = heads[0]
        else:
            self.item, self.subitem = heads[0], ""
        self.speaker = None  # a new agenda heading ends the carried speaker

    def close(self) -> None:
        self.current = None


def _parse_body(record: Record, lines: list[Line], default_item: str, renumber: bool) -> None:
    body = _Body(record, default_item, renumber)
    expected = 1
    meta = record.meta
    for ln in lines:
        text = ln.text
        if is_furniture(text):
            continue
        o, r = OPENED.search(text), ROSE.search(text)
        if o or r:
            if o and not meta.opened_at:
                meta.opened_at = o.group(1)
            if r:
                meta.rose_at = r.group(1)
            body.close()
            continue
        m = NUMBERED.match(text)
        if m:
            n = int(m.group(1))
            if renumber or n == expected or (expected < n <= expected + 5):
                if n != expected and not renumber:
                    record.warnings.append(f"{meta.file}: paragraph {expected} is missing (found {n} after {expected - 1}).")
                number = expected if renumber else n
                body.start(number, m.group(2).strip(), ln.raw)
                expected = number + 1
                continue
            if n < expected:
                record.warnings.append(f"{meta.file}: paragraph number {n} repeats or goes backwards after {expected - 1}; kept as text.")
        if ln.cells and body.current is not None:
            body.table_row(ln.cells)
            continue
        if body.current is not None and _continues(body.current.text, ln):
            body.append(text)
            continue
        if len(text) > HEADING_MAX and body.current is None and record.paragraphs:
            record.warnings.append(f"{meta.file}: unnumbered text after paragraph {expected - 1} was attached to it.")
            body.current = record.paragraphs[-1]
            body.append(text)
            continue
        if renumber and not ln.heading_markup and len(text) > 120:
            body.start(expected, text, ln.raw)  # formats that lost list numbering: each block is a paragraph
            expected += 1
            continue
        body.heading(text)


def _continues(prev: str, ln: Line) -> bool:
    """A page break splits a paragraph: the next line starts lower-case or the last one did not end a sentence."""
    if ln.heading_markup or ln.indented:
        return False
    first = ln.text[:1]
    if first.islower() or first in "(–-—,;":
        return True
    return not prev.rstrip().endswith(TERMINAL)
