"""HTML records (UN web copies) as text in the plain-text layout."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .docx_reader import format_number
from .formats import layout, norm, render_runs
from .readers import decode_text


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
        text = render_runs(self.runs)
        self.runs = []
        if not text:
            return
        if self.kind == "h":
            text = text if text.startswith("*") else "### " + text.replace("\n", " ")
        self.blocks.append(("auto" if self.kind == "auto" else "p", self.prefix + text))
        self.kind, self.prefix = "p", ""

    def end_cell(self) -> None:
        if self.cell is not None and self.cells is not None:
            self.cells.append(norm(" ".join(self.cell)))
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
                    self.prefix = f"({format_number(top[1], fmt)}) " if top[0] == "ol" else "– "
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
    return layout(parser.blocks, path.name, warnings)
