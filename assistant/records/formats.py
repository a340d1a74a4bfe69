"""DOCX, PDF and HTML records as text in the plain-text layout parse.py reads.

One paragraph a line ("48.\tThe Compact ..."), headings on their own lines (as **bold**, *italic* or
### markup), a leading bold speaker kept as **Name**, table rows as tab-separated cells.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from statistics import median

from ..errors import RecordError
from .clean import is_furniture
from .parse import NUMBERED, TERMINAL
from .readers import FORMAT_READERS, decode_text

# Word/HTML list paragraphs carry no printed number. "0." is a number the strict parse rejects, so
# load_record re-parses with renumber=True, counts them and marks them reconstructed (labels "¶N*").
# It also keeps short list paragraphs ("The agenda was adopted.") from being read as headings.
AUTO = "0.\t"
TYPED = re.compile(r"^(\d{1,4})\.\s+(?=\S)")
HEADING_MAX = 300
CONTINUES = "(–-—,;"


LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\u00ad": None, "\u200b": None})


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(LIGATURES)).strip()


def _render_line(runs: list[tuple[str, bool, bool]]) -> str:
    """Runs (text, bold, italic) of one line as text; keep whole-line emphasis and a leading bold name."""
    plain = _norm("".join(t for t, _, _ in runs))
    inked = [r for r in runs if r[0].strip()]
    if not plain:
        return ""
    if len(plain) < HEADING_MAX and all(b for _, b, _ in inked):
        return f"**{plain}**"
    if len(plain) < HEADING_MAX and all(i for _, _, i in inked):
        return f"*{plain}*"
    k, head = 0, ""
    while k < len(runs) and not runs[k][1]:
        head += runs[k][0]
        k += 1
    if k == len(runs) or not re.fullmatch(r"\s*(\d{1,4}\.\s*)?", head):
        return plain
    bold = ""
    while k < len(runs) and (runs[k][1] or not runs[k][0].strip()):
        bold += runs[k][0]
        k += 1
    name = _norm(bold)
    if len(name) > 120:
        return plain
    lead, trail = bold[:len(bold) - len(bold.lstrip())], bold[len(bold.rstrip()):]
    rest = "".join(t for t, _, _ in runs[k:])
    return _norm(f"{head}{lead}**{name}**{trail}{rest}")


def _render(runs: list[tuple[str, bool, bool]]) -> str:
    lines: list[list] = [[]]
    for text, b, i in runs:
        for j, part in enumerate(text.replace("\t", " ").split("\n")):
            if j:
                lines.append([])
            if part:
                lines[-1].append((part, b, i))
    return "\n".join(filter(None, (_render_line(line) for line in lines)))


def _layout(blocks: list[tuple[str, str]], name: str, warnings: list[str]) -> str:
    """Blocks (kind, text), kind "p", "auto" (list-numbered paragraph), "row" or "blank", as text."""
    autos = sum(k == "auto" for k, _ in blocks)
    typed = any(k == "p" and TYPED.match(t) for k, t in blocks)
    out, n = [], 0
    for kind, text in blocks:
        m = TYPED.match(text) if kind == "p" else None
        if m:
            n = int(m.group(1))
            text = f"{n}.\t{text[m.end():]}"
        elif kind == "auto":
            n += 1
            text = (f"{n}.\t" if typed else AUTO) + text
        out.append("" if kind == "blank" else text)
    if autos and typed:
        warnings.append(f"{name}: {autos} paragraphs carry automatic list numbers; numbered them by counting on "
                        "from the typed numbers. Check a few citations against the document.")
    text = "\n".join(out).strip()
    if not text:
        raise RecordError(f"{name}: the document holds no text; check that it is the record itself, "
                          "or export it as .txt and ingest that.")
    return text + "\n"


# -- DOCX -------------------------------------------------------------------------------------------
HEADING_STYLE = re.compile(r"(?:Heading|Title|Subtitle)\b|H(?:\d+|Ch|M)G\b", re.I)
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, digits in ROMAN:
        while n >= value:
            out, n = out + digits, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
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
            return _format_number(counts[k] or 1, kfmt)
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
    text = _render(runs)
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
        return _layout(_docx_blocks(doc), name, warnings)
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
                    cells.append(_norm(cell.text))
                    last = cell._tc
            if any(cells):
                blocks.append(("row", "\t".join(cells)))
    return blocks


# -- HTML -------------------------------------------------------------------------------------------
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "table", "blockquote", "pre", "section", "article", "header",
              "footer", "main", "aside", "dl", "dt", "dd", "hr", "address", "caption", "figcaption", "body",
              "center", "form", "h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template", "nav", "svg", "button", "select"}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.runs: list[tuple[str, bool, bool]] = []
        self.kind, self.prefix = "p", ""
        self.skip = self.bold = self.italic = self.pre = 0
        self.lists: list[list] = []
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None

    def flush(self) -> None:
        text = _render(self.runs)
        self.runs = []
        if not text:
            return
        if self.kind == "h":
            text = text if text.startswith("*") else "### " + text.replace("\n", " ")
        self.blocks.append(("auto" if self.kind == "auto" else "p", self.prefix + text))
        self.kind, self.prefix = "p", ""

    def end_cell(self) -> None:
        if self.cell is not None and self.cells is not None:
            self.cells.append(_norm(" ".join(self.cell)))
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.cells and any(self.cells):
            self.blocks.append(("row", "\t".join(self.cells)))
        self.cells = None

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skip = 0  # a <head> left open
        if tag in SKIP_TAGS:
            self.skip += 1
        if self.skip:
            return
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "br":
            self.add("\n")
        elif tag == "tr":
            self.flush()
            self.end_row()
            self.cells = []
        elif tag in ("td", "th"):
            self.end_cell()
            self.cells = [] if self.cells is None else self.cells
            self.cell = []
        elif tag in BLOCK_TAGS:
            if self.cell is not None:
                self.cell.append(" ")
                return
            self.flush()
            if tag in ("ol", "ul"):
                self.lists.append([tag, 0, dict(attrs).get("type") or "1"])
            elif tag == "li" and self.lists:
                top = self.lists[-1]
                top[1] += 1
                if top[0] == "ol" and len(self.lists) == 1 and top[2] == "1":
                    self.kind = "auto"
                else:
                    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(top[2], "")
                    self.prefix = f"({_format_number(top[1], fmt)}) " if top[0] == "ol" else "– "
            elif tag.startswith("h") and tag[1:].isdigit():
                self.kind = "h"
            elif tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag in ("tr", "table"):
            self.end_row()
        elif tag in BLOCK_TAGS and self.cell is None:
            self.flush()
            self.kind, self.prefix = "p", ""
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.skip:
            self.add(data if self.pre else re.sub(r"\s+", " ", data))

    def add(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.runs.append((data, self.bold > 0, self.italic > 0))


def read_html(path: Path, warnings: list[str]) -> str:
    data = path.read_bytes()
    m = CHARSET.search(data[:4096])
    text = None
    if m and not data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data, path.name, warnings)
    parser = _Html()
    parser.feed(text)
    parser.close()
    parser.flush()
    parser.end_row()
    return _layout(parser.blocks, path.name, warnings)


# -- PDF --------------------------------------------------------------------------------------------
SENTENCE_END = re.compile("[" + re.escape("".join(TERMINAL)) + r"]\*?\d{0,2}$")  # allows a footnote mark
PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)


class _Line:
    def __init__(self, frags: list[tuple], page: int):
        self.page = page
        inked = [f for f in frags if f[0].strip()]
        self.y, self.size = inked[0][2], Counter(f[3] for f in inked for _ in f[0]).most_common(1)[0][0]
        # pypdf reports where a text object starts, so fragments drawn from one position form a span.
        spans: list[list] = []
        for text, x, y, size, font in frags:
            if spans and abs(x - spans[-1][0]) < 0.5 and abs(y - spans[-1][1]) < 0.5:
                spans[-1][3] += text
            elif text.strip():  # x, y, em size (bold glyphs are wider), text
                spans.append([x, y, size * (1.1 if _is(font, "bold") else 1), text])
        self.left = spans[0][0]
        self.right = max(x + _em(t.rstrip()) * size for x, _, size, t in spans)
        self.bold = all(_is(f[4], "bold", "black", "heavy", "semibold") for f in inked)
        self.italic = all(_is(f[4], "italic", "oblique") for f in inked)
        self.text = _norm("".join(f[0] for f in frags))
        self.spans, self.cells = spans, []
        # A bold run opening the line (after an optional number) is usually the speaker.
        lead = [f for f in inked if not re.fullmatch(r"\s*\d{1,4}\.\s*", f[0])][:1]
        self.lead_bold = _norm(lead[0][0]) if lead and not self.bold and _is(lead[0][4], "bold") else ""


def _em(s: str) -> float:
    """Rough width of s in ems, for proportional fonts."""
    return sum(0.3 if c in " iljtfrI.,;:'’!|()[]-" else 0.85 if c in "mwMW" else 0.68 if c.isupper() else 0.55
               for c in s)


def _is(font: str, *words: str) -> bool:
    return any(w in font.lower() for w in words)


def _page_lines(page, number: int) -> list[_Line]:
    lines: list[_Line] = []
    frags: list[tuple] = []

    def flush():
        if any(f[0].strip() for f in frags):
            lines.append(_Line(frags, number))
        frags.clear()

    def visit(text, cm, tm, font, size):
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = ((tm[2] * cm[0] + tm[3] * cm[2]) ** 2 + (tm[2] * cm[1] + tm[3] * cm[3]) ** 2) ** 0.5
        base = str((font or {}).get("/BaseFont", ""))
        for i, part in enumerate(text.split("\n")):
            if i:
                flush()
            if part:
                frags.append((part, x, y, round(size * (scale or 1), 1), base))

    page.extract_text(orientations=(0,), visitor_text=visit)  # rotated margin text is furniture
    flush()
    for k, ln in enumerate(lines):
        _split_cells(ln, lines[max(0, k - 1):k] + lines[k + 1:k + 2])
    return lines


def _split_cells(ln: _Line, near: list[_Line]) -> None:
    """Table cells: spans that start well past where the previous one could end, or where spans start on
    the neighbouring lines (aligned columns)."""
    if NUMBERED.match(ln.text):
        return
    columns = [s[0] for other in near for s in other.spans[1:]]
    cells = [ln.spans[0][3]]
    for a, b in zip(ln.spans, ln.spans[1:]):
        gap = (b[0] - (a[0] + _em(a[3].strip()) * a[2])) / a[2]  # in ems
        aligned = any(abs(b[0] - x) < 1.5 for x in columns) and gap > -3
        if abs(b[1] - a[1]) < a[2] / 2 and (gap > 2 or aligned):
            cells.append(b[3])
        else:
            cells[-1] += b[3]
    if len(cells) >= 2:
        ln.cells = [_norm(c) for c in cells]


def _body_size(lines: list[_Line]) -> float:
    return Counter(ln.size for ln in lines for _ in ln.text).most_common(1)[0][0]


def _drop_furniture(pages: list[list[_Line]]) -> None:
    """Drop running headers, footers and page numbers at the top and bottom of pages."""
    def key(ln: _Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    def edge_keys(i: int, pg: list[_Line]) -> set[str]:
        return {key(ln) for ln in (pg[-3:] if i == 0 else pg[:3] + pg[-3:])}  # page 1 opens with the masthead

    body = _body_size([ln for pg in pages for ln in pg])
    counts = Counter(k for i, pg in enumerate(pages) for k in edge_keys(i, pg))
    repeat = max(2, (len(pages) - 1) // 3)

    def furniture(ln: _Line) -> bool:
        return ln.size < 0.85 * body or len(ln.text) <= 80 and (
            counts[key(ln)] >= repeat or bool(PAGE_NUMBER.match(ln.text)) or is_furniture(ln.text))

    for i, pg in enumerate(pages):
        while i and pg and furniture(pg[0]):
            pg.pop(0)
        while pg and furniture(pg[-1]):  # footers, page numbers and footnotes
            pg.pop()


def _pdf_blocks(lines: list[_Line]) -> list[tuple[str, str]]:
    body = _body_size(lines)
    body_lines = [ln for ln in lines if not ln.cells and ln.size == body] or lines
    left = sorted(ln.left for ln in body_lines)[len(body_lines) // 10]
    full = sorted(ln.right for ln in body_lines)[int(len(body_lines) * 0.9)] - left
    steps = [a.y - b.y for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 < a.y - b.y < 3 * body]
    step = median(steps) if steps else 0
    groups: list[list[_Line]] = []
    last = 0
    for ln in lines:
        m = NUMBERED.match(ln.text)
        new = not groups
        if groups:
            p = groups[-1][-1]
            numbered = (bool(m) and bool(SENTENCE_END.search(p.text))
                        and (last == 0 or last < int(m.group(1)) <= last + 5))
            new = (numbered or bool(p.cells or ln.cells) or (p.bold, p.italic) != (ln.bold, ln.italic)
                   or abs(p.size - ln.size) > 0.1 * body
                   or (p.page == ln.page and step and p.y - ln.y > 1.25 * step * max(1, ln.size / body)))
            if not new and not (ln.text[0].islower() or ln.text[0] in CONTINUES):
                new = p.right - left < 0.85 * full  # the previous line stopped short of the margin
        if new:
            groups.append([ln])
            if m:
                last = int(m.group(1))
        else:
            groups[-1].append(ln)
    blocks = []
    for g in groups:
        text = g[0].text
        for ln in g[1:]:
            text += ("" if re.search(r"\w-$", text) else " ") + ln.text  # keep a line-end hyphen, no space
        first = g[0]
        if first.cells:
            text = "\t".join(first.cells)
        elif len(text) < HEADING_MAX and first.bold:
            text = f"**{text}**"
        elif len(text) < HEADING_MAX and first.italic:
            text = f"*{text}*"
        elif first.size > 1.15 * body:
            text = "### " + text
        elif first.lead_bold:
            m = re.match(r"(\d{1,4}\.\s+)?" + re.escape(first.lead_bold), text)
            if m:
                text = f"{m.group(1) or ''}**{first.lead_bold}**{text[m.end():]}"
        blocks.append(("row" if first.cells else "p", text))
    return blocks


def read_pdf(path: Path, warnings: list[str]) -> str:
    name = path.name
    try:
        from pypdf import PdfReader
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # a missing crypto backend or an unsupported scheme
                opened = False
            if not opened:
                raise RecordError(f"{name}: the PDF is password-protected; save an unprotected copy (print to PDF, "
                                  "or `qpdf --decrypt in.pdf out.pdf`) and ingest that.")
        pages = [_page_lines(page, i) for i, page in enumerate(reader.pages)]
    except RecordError:
        raise
    except Exception as exc:  # pypdf raises many error types for damaged files
        raise RecordError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc}); re-export it from the source "
                          "document or download it again.") from None
    letters = sum(ch.isalpha() for pg in pages for ln in pg for ch in ln.text)
    if letters < 50:
        raise RecordError(f"{name}: the PDF has no text layer (a scanned image?); run OCR on it (for example "
                          "`ocrmypdf in.pdf out.pdf`) or ingest a text, DOCX or HTML version.")
    empty = [str(i + 1) for i, pg in enumerate(pages) if not pg]
    if empty:
        warnings.append(f"{name}: page(s) {', '.join(empty)} have no text layer and were skipped; run OCR on the "
                        "PDF to include them.")
    _drop_furniture(pages)
    lines = [ln for pg in pages for ln in pg]
    return _layout(_pdf_blocks(lines) if lines else [], name, warnings)


FORMAT_READERS.update({".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html})
