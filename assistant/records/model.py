"""What a record becomes: its metadata and its numbered paragraphs."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class RecordMeta:
    file: str
    symbol: str = ""
    body: str = ""            # "CMW", "General Assembly", ...
    body_name: str = ""       # the body's full name as printed
    title: str = ""
    doc_type: str = ""        # "summary record" or "report"
    session: int | None = None
    meeting: int | None = None
    date: str = ""            # ISO date of the meeting (or of the report)
    issued: str = ""          # ISO distribution date
    year: int | None = None
    time: str = ""            # "3 p.m."
    place: str = ""
    chair: str = ""
    chair_role: str = ""      # "Vice-Chairperson" in "Chair: Mr. X (Vice-Chairperson)"
    chair_later: str = ""     # "later: Mr. Y"
    temporary_chair: str = ""  # "Temporary Chair: Ms. Z", who opens a session before the election
    partial: bool = False
    opened_at: str = ""       # "The meeting was called to order at 3 p.m." time
    rose_at: str = ""
    agenda_symbol: str = ""
    sha256: str = ""
    reconstructed_numbers: bool = False
    language: str = "en"
    state_under_review: str = ""   # "Morocco" in "Second periodic report of Morocco (CMW/C/MAR/2)"
    report_symbol: str = ""        # "CMW/C/MAR/2": the report's symbol, never the record's
    numbering: str = ""            # "printed", "printed, repaired" or "reconstructed"

    def short_name(self) -> str:
        """The record's symbol; without one, a readable name that says plainly the symbol is unknown."""
        if self.symbol:
            return self.symbol
        parts = [self.body or "Record"]
        if self.doc_type not in ("", "summary record", "report") and self.state_under_review:
            parts.append(f"{self.doc_type} of {self.state_under_review}")
        if self.session:
            parts.append(f"{ordinal(self.session)} session")
        name = " ".join(parts)
        if self.meeting:
            name += f", {ordinal(self.meeting)} meeting"
        if name == "Record":
            name = self.file
        when = self.date or (str(self.year) if self.year else "")
        return f"{name} ({when + ', ' if when else ''}symbol unknown)"

    def label(self, paragraph: int | str, reconstructed: bool = False) -> str:
        mark = "¶" + str(paragraph) + ("*" if reconstructed else "")
        return f"{self.short_name()} {mark}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Paragraph:
    file: str
    number: int
    text: str
    speaker: str = ""
    affiliation: str = ""
    agenda_item: str = ""
    agenda_subitem: str = ""
    reconstructed: bool = False  # number rebuilt by counting, not printed

    @property
    def key(self) -> str:
        return f"{self.file}#{self.number}"


@dataclass
class Record:
    meta: RecordMeta
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    anomalies: int = 0    # numbering repairs: repeats, backward, jumps, gaps, odd delimiters
    unnumbered: int = 0   # paragraphs printed without a number in a numbered record

    @property
    def file(self) -> str:
        return self.meta.file

    def label(self, p: Paragraph) -> str:
        return self.meta.label(p.number, p.reconstructed)

    def summary(self) -> dict:
        """What was read from the record, for the ingest report and `assistant paragraphs`."""
        m = self.meta
        speakers = sorted({(p.speaker, p.affiliation) for p in self.paragraphs if p.speaker})
        return {
            "file": m.file, "symbol": m.symbol, "name": m.short_name(), "doc_type": m.doc_type,
            "date": m.date, "session": m.session, "meeting": m.meeting, "chair": m.chair,
            "language": m.language, "state_under_review": m.state_under_review,
            "paragraphs": len(self.paragraphs), "numbering": m.numbering,
            "speakers": len({s for s, _ in speakers}), "numbering_repairs": self.anomalies,
            "unnumbered": self.unnumbered, "warnings": len(self.warnings),
        }

    def paragraph_dicts(self) -> list[dict]:
        """The flat per-paragraph view used by `assistant paragraphs --json` and the index."""
        m = self.meta
        out = []
        for p in self.paragraphs:
            out.append({
                "file": p.file, "paragraph": p.number, "label": self.label(p), "text": p.text,
                "speaker": p.speaker, "affiliation": p.affiliation,
                "agenda_item": p.agenda_item, "agenda_subitem": p.agenda_subitem,
                "symbol": m.symbol, "session": m.session, "meeting": m.meeting, "date": m.date,
                "year": m.year, "body": m.body, "title": m.title, "doc_type": m.doc_type,
                "place": m.place, "chair": m.chair, "reconstructed": p.reconstructed,
                "numbering": m.numbering, "language": m.language,
                "state_under_review": m.state_under_review, "report_symbol": m.report_symbol,
            })
        return out


def summary_line(s: dict, status: str = "") -> str:
    """One line of the per-record summary printed by `assistant ingest` and `assistant paragraphs`."""
    numbering = {"reconstructed": "numbered by count", "": "-"}.get(s["numbering"], "printed numbers")
    if s["numbering_repairs"]:
        numbering += f", {s['numbering_repairs']} numbering anomal{'ies' if s['numbering_repairs'] > 1 else 'y'}"
    if s["unnumbered"]:
        numbering += f", {s['unnumbered']} unnumbered"
    extra = "".join(f", {k}" for k in ([s["doc_type"]] if s["doc_type"] not in ("", "summary record") else []))
    extra += f", {s['language']}" if s["language"] != "en" else ""
    warnings = f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}"
    head = f"{status:9} " if status else ""
    return (f"{head}{s['name']:16} {s['date'] or '-':10}  {s['paragraphs']:3} paragraphs ({numbering}{extra}), "
            f"{s['speakers']} speakers, {warnings}  [{s['file']}]")
