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
    partial: bool = False
    opened_at: str = ""       # "The meeting was called to order at 3 p.m." time
    rose_at: str = ""
    agenda_symbol: str = ""
    sha256: str = ""
    reconstructed_numbers: bool = False

    def short_name(self) -> str:
        """The record's symbol; without one, a readable name that says plainly the symbol is unknown."""
        if self.symbol:
            return self.symbol
        parts = [self.body or "Record"]
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

    @property
    def file(self) -> str:
        return self.meta.file

    def label(self, p: Paragraph) -> str:
        return self.meta.label(p.number, p.reconstructed)

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
            })
        return out
