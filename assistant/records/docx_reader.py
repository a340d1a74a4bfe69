"""DOCX records as text in the plain-text layout (list numbering, headings, bold speakers, tables)."""
from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import RecordError
from .formats import norm, render_runs, layout


HEADING_STYLE = re.compile(r"(?:Heading|Title|Subtitle)\b|H(?:\d+|Ch|M)G\b", re.I)
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, digits in ROMAN:
        while n >= value:
            out, n = out + digits, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    elif fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
    else:
        return str(n)
    return s.upper() if fmt.startswith("upper") else s


class _Numbering:
    """Word list definitions: (numId, ilvl) -> (format, level text, start), plus running counters."""

    def __init__(self, doc):
        from docx.oxml.ns import qn
        self.qn, self.levels, self.counters = qn, {}, {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        w = qn("w:val")
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            absn = abstract.get(ref.get(w)) if ref is not None else None
            for lvl in (absn.findall(qn("w:lvl")) if absn is not None else []):
                val = {tag: (el.get(w) if (el := lvl.find(qn("w:" + tag))) is not None else None)
                       for tag in ("numFmt", "lvlText", "start")}
                self.levels[(num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))] = (
                    val["numFmt"] or "decimal", val["lvlText"] or "", int(val["start"] or 1))

    def num_pr(self, paragraph) -> tuple[str, str] | None:
        """(numId, ilvl) from the paragraph's own properties, else from its style chain."""
        qn, num_id, ilvl = self.qn, None, None
        elements, style = [paragraph._p], paragraph.style
        while style is not None:
            elements.append(style.element)
            style = style.base_style
        for el in elements:
            pr = el.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if pr is None:
                continue
            n, lv = pr.find(qn("w:numId")), pr.find(qn("w:ilvl"))
            ilvl = ilvl if ilvl is not None or lv is None else lv.get(qn("w:val"))
            if n is not None:
                num_id = n.get(qn("w:val"))
                break
        return None if num_id in (None, "0") else (num_id, ilvl or "0")

    def label(self, num_id: str, ilvl: str) -> tuple[str, str]:
        """(format, rendered label such as "(a)") for the next item at this level."""
        fmt, text, start = self.levels.get((num_id, ilvl), ("decimal", "%1.", 1))
        counts = self.counters.setdefault(num_id, [0] * 10)
        level = int(ilvl) if ilvl.isdigit() and int(ilvl) < 10 else 0
        counts[level] = (counts[level] or start - 1) + 1
        counts[level + 1:] = [0] * (9 - level)
        if fmt == "bullet":
            return fmt, "–"

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            kfmt = self.levels.get((num_id, str(k)), ("decimal", "", 1))[0]
            return format_number(counts[k] or 1, kfmt)
        return fmt, re.sub(r"%(\d)", sub, text).strip()


def _style_flag(style, attr: str) -> bool | None:
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


def _docx_paragraph(p, numbering: _Numbering) -> tuple[str, str]:
    from docx.text.run import Run
    style = p.style
    heading = bool(style is not None and HEADING_STYLE.match(style.name or ""))
    runs = []
    for r in p._p.xpath(".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del)]"):
        run = Run(r, p)
        flags = []
        for attr in ("bold", "italic"):
            v = getattr(run.font, attr)
            if v is None:
                v = _style_flag(run.style, attr) if r.rPr is not None and r.rPr.rStyle is not None else None
            flags.append(bool(v if v is not None else _style_flag(style, attr)))
        runs.append((run.text, *flags))
    text = render_runs(runs)
    kind = "p"
    num = numbering.num_pr(p) if text else None
    if num:
        fmt, label = numbering.label(*num)
        if fmt == "decimal" and num[1] == "0" and not heading:
            kind = "auto"
        elif not (heading and fmt == "decimal"):
            text = f"{label} {text}"
    if heading and not text.startswith("*"):
        text = "### " + text.replace("\n", " ")
    return kind, text


def read_docx(path: Path, warnings: list[str]) -> str:
    name = path.name
    try:
        import docx
        doc = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and KeyError failures alike
        with open(path, "rb") as fh:
            ole = fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        problem = ("an old binary .doc or a password-protected document" if ole
                   else f"not a readable Word .docx file ({type(exc).__name__}: {exc})")
        raise RecordError(f"{name}: {problem}; open it in Word or LibreOffice, remove any password and save it "
                          "again as .docx, or export it as .txt.") from None
    try:
        return layout(_docx_blocks(doc), name, warnings)
    except RecordError:
        raise
    except Exception as exc:
        raise RecordError(f"{name}: could not convert this Word document ({type(exc).__name__}: {exc}); "
                          "export it as .txt and ingest that.") from None


def _docx_blocks(doc) -> list[tuple[str, str]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    numbering = _Numbering(doc)
    blocks: list[tuple[str, str]] = []
    # Body blocks, including those inside content controls (w:sdt), which iter_inner_content skips.
    for el in doc.element.body.xpath("./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"):
        if el.tag.endswith("}p"):
            kind, text = _docx_paragraph(Paragraph(el, doc._body), numbering)
            blocks.append((kind, text) if text else ("blank", ""))
            continue
        for row in Table(el, doc._body).rows:
            cells, last = [], None
            for cell in row.cells:
                if cell._tc is not last:  # a merged cell repeats
                    cells.append(norm(cell.text))
                    last = cell._tc
            if any(cells):
                blocks.append(("row", "\t".join(cells)))
    return blocks
