"""PDF records as text in the plain-text layout: lines by position, furniture dropped, blocks by font and spacing."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..core.errors import RecordError
from .clean import is_furniture
from .formats import HEADING_MAX, CONTINUES, norm, layout
from .blocks import number_start
from .parse import NUMBERED, TERMINAL


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
        self.text = norm("".join(f[0] for f in frags))
        self.spans, self.cells = spans, []
        # A bold run opening the line (after an optional number) is usually the speaker.
        lead = [f for f in inked if not re.fullmatch(r"\s*\d{1,4}\.\s*", f[0])][:1]
        self.lead_bold = norm(lead[0][0]) if lead and not self.bold and _is(lead[0][4], "bold") else ""


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
        ln.cells = [norm(c) for c in cells]


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
    # The line step inside a paragraph: the small end of the steps (most steps can be between short paragraphs).
    step = sorted(steps)[len(steps) // 10] if steps else 0
    groups: list[list[_Line]] = []
    last = 0
    for ln in lines:
        m = number_start(ln.text)  # "1. The" or glued "1.The"
        m = m if m and m[1] in ("dot", "glued") else None
        new = not groups
        if groups:
            p = groups[-1][-1]
            numbered = (bool(m) and bool(SENTENCE_END.search(p.text))
                        and (last == 0 or last < m[0] <= last + 5))
            new = (numbered or bool(p.cells or ln.cells) or (p.bold, p.italic) != (ln.bold, ln.italic)
                   or abs(p.size - ln.size) > 0.1 * body
                   or (p.page == ln.page and step and p.y - ln.y > 1.25 * step * max(1, ln.size / body)))
            if not new and not (ln.text[0].islower() or ln.text[0] in CONTINUES):
                new = p.right - left < 0.85 * full  # the previous line stopped short of the margin
        if new:
            groups.append([ln])
            if m:
                last = m[0]
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
    return layout(_pdf_blocks(lines) if lines else [], name, warnings)
