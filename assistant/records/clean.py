"""Line-level cleaning: markup removal and page furniture, keeping the layout hints parsing needs."""
from __future__ import annotations

import re
from dataclasses import dataclass

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
ANGLE_URL = re.compile(r"<(https?://[^>]+)>")
HTML_TAG = re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span|br)\b[^>]*>", re.I)
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
EMPHASIS = re.compile(r"(?<![\\*])(\*{1,3}|_{2})(?=\S)(.+?)(?<=\S)\1(?!\*)")

FURNITURE = [
    re.compile(r"^GE\.\d{2}-\d{4,6}\b"),                 # job number
    re.compile(r"^\d{1,4}\s+GE\.\d{2}-\d{4,6}\s*$"),      # page number + job number
    re.compile(r"^GE\.\d{2}-\d{4,6}\s+\d{1,4}\s*$"),
    re.compile(r"^image\d+\.(?:wmf|emf|png|jpe?g|gif)\s*$", re.I),
    re.compile(r"^Please recycle\b", re.I),
    re.compile(r"^This record is subject to correction", re.I),
    re.compile(r"^Corrections should be (?:submitted|set forth|sent)", re.I),
    re.compile(r"^Any correct(?:ed|ions to the) records?\b", re.I),
    re.compile(r"^\*{1,3}\s"),                            # starred footnote
    re.compile(r"^-{3,}\s*$|^_{3,}\s*$|^\*{3,}\s*$"),     # rules
    re.compile(r"^\d{1,4}\s*$"),                          # lone page number
    re.compile(r"^(?:CMW/C/[A-Z0-9./]+|A/\d+/\d+[A-Za-z0-9./]*)\s*$"),  # running header
    re.compile(r"^\*\d{6,8}\*$"),                                      # bar code under the job number
    re.compile(r"^(?:[A-Z]{1,6}/[\w./-]+\s+)?page\s+\d{1,3}$", re.I),       # "CMW/C/SR.68 page 2" (2006-2009)
    # The correction notice when it is wrapped over several lines (PDF text), wherever it lands.
    re.compile(r"^(?=.{0,400}$).*(?:incorporated in a copy of the record|Editing (?:Unit|Section), room"
               r"|consolidated in a single corrigendum|Documents Management Section|reissued for technical reasons "
               r"after the end of the session|should be sent within one week of the date)", re.I),
]

JOB_YEAR = re.compile(r"\bGE\.(\d{2})-\d{4,6}")


@dataclass
class Line:
    text: str            # cleaned text
    raw: str             # original line
    indented: bool       # began with a tab (Word-exported headings)
    heading_markup: bool  # a markdown heading or a line that is all bold/italic
    cells: list[str]     # table cells when the line is a tab-separated row
    blank_before: bool = False


def strip_markup(s: str) -> str:
    s = BOOKMARK.sub("", s)
    s = MD_LINK.sub(r"\1", s)
    s = ANGLE_URL.sub(r"\1", s)
    s = HTML_TAG.sub("", s)
    s = MD_HEADING.sub("", s)
    for _ in range(3):
        s2 = EMPHASIS.sub(r"\2", s)
        if s2 == s:
            break
        s = s2
    s = s.replace("****", " ").replace("**", "")
    s = s.replace("\\*", "*").replace("\\_", "_").replace("\\#", "#")
    return s


def _all_emphasis(raw: str) -> bool:
    s = BOOKMARK.sub("", MD_HEADING.sub("", raw)).strip()
    return bool(re.fullmatch(r"(\*{1,3}|_{2}).+?\1", s)) and len(s) < 300


def is_furniture(text: str) -> bool:
    return any(p.search(text) for p in FURNITURE)


def clean_lines(text: str) -> list[Line]:
    """Split text into cleaned lines; blank lines are folded into `blank_before`."""
    out: list[Line] = []
    blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = raw.replace("\u00a0", " ").replace("\ufeff", "")
        cleaned = strip_markup(raw)
        body = cleaned.strip(" \t")
        if not body:
            blank = True
            continue
        cells = [c.strip() for c in body.split("\t") if c.strip()]
        numbered = re.match(r"^\d{1,4}\.\t", body)
        out.append(Line(
            text=re.sub(r"[ \t]+", " ", body).strip(),
            raw=raw,
            indented=raw.startswith("\t") and not numbered,
            heading_markup=bool(MD_HEADING.match(raw)) or _all_emphasis(raw),
            cells=cells if len(cells) >= 2 and not numbered else [],
            blank_before=blank,
        ))
        blank = False
    return out
