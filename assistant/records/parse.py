"""Structure rules: masthead, body blocks, numbering, headings and speakers.

Every record is read the same way whatever its format or era: the masthead runs to the call-to-order
line (or to paragraph 1, or to the first sentence), the body is cut into blocks (blocks.py), the
blocks get numbers (numbering.py), and each paragraph gets its agenda heading and speaker.
"""
from __future__ import annotations

import hashlib
import re

from ..core.errors import RecordError
from .blocks import TERMINAL, Block, ends_sentence, number_start, segment  # noqa: F401  TERMINAL for the readers
from .clean import Line, clean_lines, is_furniture
from .language import NAMES, detect_language
from .masthead import ABSENCE, HELD, MEETING_TITLES, opening_time, parse_masthead, report_under_review
from .model import Paragraph, Record, RecordMeta
from .numbering import number_paragraphs
from .speakers import chair_taken, detect_speaker, is_chair, is_procedural, is_temporary_chair

NUMBERED = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")  # a typed paragraph number (kept for the format readers' tests)
BOLD_NAME = re.compile(r"\*\*([^*]{2,120}?)\*\*")
SUBHEADING = re.compile(r"^(?:Dialogue with|Half[- ]day|General discussion|Opening statement|Statement by|"
                        r"Interactive dialogue|Panel discussion|Continuation of|Initial report|Second periodic|"
                        r"Third periodic|Combined|Draft concluding)", re.I)
JOINT = re.compile(r"^(?:Mr|Ms|Mrs|Dr)\.?\s[^,.;]{1,60}? and (?:Mr|Ms|Mrs|Dr)\.?\s")
MASTHEAD_LINE = re.compile(r"^(?:Distr\b|Original\b|Held\b|Chair|later\b|In the absence of\b|Summary record\b)", re.I)


def _bold_name(raw: str) -> str:
    """The bold run near the start of a Markdown paragraph, usually the speaker."""
    m = BOLD_NAME.search(raw[:160])
    return m.group(1).strip() if m else ""


def _masthead_like(text: str) -> bool:
    return bool(MASTHEAD_LINE.match(text) or HELD.search(text) or ABSENCE.search(text)
                or any(re.search(p, text, re.I) for p, _ in MEETING_TITLES))


def _body_start(lines: list[Line]) -> tuple[int | None, str]:
    """The call-to-order line; else the earlier of paragraph 1 and the first full sentence (and which).

    A sentence may be hard-wrapped over several lines: it starts after the last blank line or sentence end."""
    first_number = first_sentence = None
    group: list[int] = []  # lines of the sentence being read
    lengths = sorted(len(ln.text) for ln in lines) or [0]
    widest = lengths[int(len(lengths) * 0.98)]
    for i, ln in enumerate(lines):
        text = ln.text
        if is_furniture(text):
            continue
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        wrapped_opening = (re.match(r"The (?:[\w()]+ ){0,4}?(?:meeting|discussion)\b", text) and not ends_sentence(text)
                           and opening_time(f"{text} {following}") is not None)
        if opening_time(text) is not None or wrapped_opening:
            return i, "opening"  # also a call-to-order line wrapped before its time
        num = number_start(text)
        if first_number is None and num and num[0] in (0, 1) and num[1] in ("dot", "glued", "auto"):
            first_number = i
        short_before = bool(group) and len(lines[group[-1]].text) + 1 + len(text.split(" ", 1)[0]) <= widest
        if ln.blank_before or num or _masthead_like(text) or short_before:
            group = []  # a blank, a number, a masthead line or a line ended short (a title) starts afresh
        if not _masthead_like(text):
            group.append(i)
        if first_sentence is None and group and ends_sentence(text):
            joined = " ".join(lines[k].text for k in group)
            if len(joined) >= 60 and len(joined.split()) >= 8 and not number_start(joined):
                first_sentence = group[0]
        if ends_sentence(text):
            group = []
    if first_number is not None and (first_sentence is None or first_number <= first_sentence):
        return first_number, "number"
    return first_sentence, "sentence"


def parse_text(text: str, file: str, sha256: str = "", renumber: bool = False) -> Record:
    """Parse a record's text. (`renumber` is accepted for callers of the old API; counting is automatic.)"""
    lines = clean_lines(text)
    meta = RecordMeta(file=file, sha256=sha256 or hashlib.sha256(text.encode()).hexdigest())
    record = Record(meta=meta)
    start, how = _body_start(lines)
    if start is None:
        raise RecordError(
            f"{file}: no numbered paragraphs found, and no call-to-order line or full sentence either; "
            "check that this is a summary record or report, not only a title page or a table.")
    head = lines[:start]
    masthead = [ln.text for ln in head if not is_furniture(ln.text)]
    raw_masthead = "\n".join(ln.raw for ln in head)
    meta.language = detect_language(" ".join(ln.text for ln in lines[start:]))
    default_item = parse_masthead(meta, masthead, raw_masthead, text, all_lines=[ln.text for ln in head])
    if how == "sentence" and not (meta.body or meta.symbol or meta.meeting or meta.doc_type):
        raise RecordError(
            f"{file}: no numbered paragraphs found, and nothing marks it as a record (no UN masthead, no "
            "call-to-order line); check that this is a summary record or report, or add its masthead.")
    if meta.language != "en":
        record.warnings.append(f"{file}: written in {NAMES.get(meta.language, meta.language)}; read its paragraphs "
                               "and printed symbol, without speakers.")
    _parse_body(record, segment(lines[start:]), default_item)
    if not record.paragraphs:
        raise RecordError(f"{file}: no paragraphs found after the masthead; check that the file holds the "
                          "record's text.")
    return record


class _Body:
    def __init__(self, record: Record, default_item: str):
        self.record = record
        self.meta = record.meta
        self.item, self.subitem = default_item, ""
        self.pending: list[str] = []
        self.speaker: tuple[str, str] | None = None
        self.chair = self.meta.chair
        self.table_header: list[str] = []
        self.speakers = self.meta.doc_type in ("", "summary record") and self.meta.language == "en"

    def paragraph(self, block: Block, number: int, reconstructed: bool) -> None:
        self._apply_headings()
        p = Paragraph(file=self.meta.file, number=number, text=block.text, agenda_item=self.item,
                      agenda_subitem=self.subitem, reconstructed=reconstructed)
        self.record.paragraphs.append(p)
        self.table_header = []
        for cells in block.rows:
            self._table_row(p, cells)
        if not self.speakers:
            return
        taken = chair_taken(block.text)
        if taken:
            self.chair, self.speaker = taken, None
            return
        found = detect_speaker(block.text, _bold_name(block.raw))
        if found:
            name, affiliation = found
            if is_chair(name):
                name, affiliation = (self.chair or name[0].upper() + name[1:]), (affiliation or "Chair")
            elif is_temporary_chair(name) and self.meta.temporary_chair:
                name, affiliation = self.meta.temporary_chair, affiliation or "Temporary Chair"
            self.speaker = (name, affiliation)
        elif is_procedural(block.text) or JOINT.match(block.text):
            self.speaker = None  # procedural, or several speakers at once: not the last speaker's words
        if self.speaker:
            p.speaker, p.affiliation = self.speaker

    def _table_row(self, p: Paragraph, cells: list[str]) -> None:
        if not self.table_header:
            self.table_header = cells
            return
        if cells == self.table_header:
            return  # header repeated after a page break
        pairs = [f"{h}: {c}" for h, c in zip(self.table_header, cells)] if len(cells) == len(self.table_header) else cells
        p.text += " " + "; ".join(pairs) + "."

    def heading(self, text: str) -> None:
        self.pending.append(text)
        report_under_review(self.meta, text)

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


def _parse_body(record: Record, blocks: list[Block], default_item: str) -> None:
    meta = record.meta
    paras = [b for b in blocks if b.kind == "p"]
    numbering = number_paragraphs(paras, meta.file)
    record.warnings.extend(numbering.warnings)
    meta.numbering = numbering.mode if paras else ""
    meta.reconstructed_numbers = numbering.mode == "reconstructed"
    record.anomalies, record.unnumbered = numbering.anomalies, numbering.unnumbered
    body = _Body(record, default_item)
    k = 0
    for b in blocks:
        if b.kind == "open":
            meta.opened_at = meta.opened_at or b.time
        elif b.kind == "rose":
            meta.rose_at = b.time or meta.rose_at
        elif b.kind == "h":
            body.heading(b.text)
        else:
            body.paragraph(b, numbering.numbers[k], numbering.reconstructed[k])
            k += 1
