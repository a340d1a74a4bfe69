"""The answer contract: what `Assistant.ask` returns to the CLI, UI, briefing, quiz and eval."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import quote as _url_quote

UN_DOCUMENTS = "https://docs.un.org/en/"   # the UN Official Document System, one address per document symbol


def document_url(symbol: str) -> str:
    """The address of the UN document with this symbol ("" when the symbol is unknown). The reader's browser opens
    it; the application never fetches it."""
    symbol = (symbol or "").strip()
    return UN_DOCUMENTS + _url_quote(symbol, safe="/") if symbol else ""


@dataclass
class Citation:
    file: str
    paragraph: int
    label: str                 # "CMW/C/SR.506 ¶48"
    speaker: str
    affiliation: str
    text: str                  # the paragraph's full text
    quote: list[str] = field(default_factory=list)   # the sentence(s) the answer used, verbatim
    symbol: str = ""
    title: str = ""
    date: str = ""
    session: int | None = None
    meeting: int | None = None
    agenda_item: str = ""
    agenda_subitem: str = ""
    score: float = 0.0

    @property
    def url(self) -> str:
        """The UN document this paragraph comes from (see `document_url`)."""
        return document_url(self.symbol)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    text: str                  # the answer, each sentence followed by its citation label
    citations: list[Citation] = field(default_factory=list)   # in order of first use
    refused: bool = False      # True when the records do not answer; citations are then the closest paragraphs
    notice: str = ""           # e.g. why an LLM answer fell back to the extractive one
    backend: str = "extractive"
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"question": self.question, "text": self.text, "refused": self.refused, "notice": self.notice,
                "backend": self.backend, "seconds": round(self.seconds, 4),
                "citations": [c.to_dict() for c in self.citations]}
