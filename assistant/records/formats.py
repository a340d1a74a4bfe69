"""DOCX, PDF and HTML records as text in the plain-text layout parse.py reads.

One paragraph a line ("48.\tThe Compact ..."), headings on their own lines (as **bold**, *italic* or
### markup), a leading bold speaker kept as **Name**, table rows as tab-separated cells.
"""
from __future__ import annotations

import re

from ..core.errors import RecordError
from .readers import FORMAT_READERS

# Word/HTML list paragraphs carry no printed number. "0." is a number the strict parse rejects, so
# load_record re-parses with renumber=True, counts them and marks them reconstructed (labels "¶N*").
# It also keeps short list paragraphs ("The agenda was adopted.") from being read as headings.
AUTO = "0.\t"
TYPED = re.compile(r"^(\d{1,4})\.\s+(?=\S)")
HEADING_MAX = 300
CONTINUES = "(–-—,;"


LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\u00ad": None, "\u200b": None})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(LIGATURES)).strip()


def _render_line(runs: list[tuple[str, bool, bool]]) -> str:
    """Runs (text, bold, italic) of one line as text; keep whole-line emphasis and a leading bold name."""
    plain = norm("".join(t for t, _, _ in runs))
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
    name = norm(bold)
    if len(name) > 120:
        return plain
    lead, trail = bold[:len(bold) - len(bold.lstrip())], bold[len(bold.rstrip()):]
    rest = "".join(t for t, _, _ in runs[k:])
    return norm(f"{head}{lead}**{name}**{trail}{rest}")


def render_runs(runs: list[tuple[str, bool, bool]]) -> str:
    lines: list[list] = [[]]
    for text, b, i in runs:
        for j, part in enumerate(text.replace("\t", " ").split("\n")):
            if j:
                lines.append([])
            if part:
                lines[-1].append((part, b, i))
    return "\n".join(filter(None, (_render_line(line) for line in lines)))


def layout(blocks: list[tuple[str, str]], name: str, warnings: list[str]) -> str:
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


# The readers import the shared layout above, so they register last.
from .docx_reader import read_docx  # noqa: E402
from .html_reader import read_html  # noqa: E402
from .pdf_reader import read_pdf  # noqa: E402

FORMAT_READERS.update({".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html})
