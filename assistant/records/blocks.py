"""Body lines to blocks: one block per paragraph or heading, whatever the layout.

Three layouts are read alike: blocks separated by blank lines, one block per line, and hard-wrapped
lines (2006-2009 PDF exports) joined back into paragraphs. A block may carry a printed number ("1. ",
"1.The", "6)", "7 ."); whether that number is kept is decided later, over the whole record (numbering.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from .clean import Line, is_furniture
from .masthead import closing_time, opening_time

# "1. The", "1.The" (glued), "7 . The", "6) The"; "0.\t" marks a list paragraph whose number a converter lost.
NUMBER_START = re.compile(r"^(?P<n>\d{1,3})(?P<delim>\.[ \t]+|\.(?=[^\d\s.,;:)])|[ \t]+\.[ \t]+|\)[ \t]+)(?P<rest>\S.*)$")
# A sentence ends with punctuation, perhaps a closing quote and a footnote mark ("Convention.12", not "1.05").
SENTENCE_END = re.compile(r"(?:[.:;?!…][\"”’)\]]*\**|(?<=[^\W\d_)\]])[.;:][\"”’)\]]*\d{1,2})$")
LETTERED_HEADING = re.compile(r"^(?:[A-H]|[IVX]{1,5})\.\s?[A-Z][a-z]")  # "B.Positive aspects", "II. Legal framework"
TERMINAL = tuple('.:;?!"”’)')
CONTINUES = "(–-—,;"
HEADING_MAX = 300
LONE_NUMBER = re.compile(r"^\d{1,3}\.$")
LIST_ITEM = re.compile(r"^(?:\(?[a-z0-9]{1,3}\)|[-–•·*]\s)")
OPENER = re.compile(r"^(?:At the invitation\b|It was so decided|The meeting was\b)")


@dataclass
class Block:
    kind: str                 # "p" paragraph, "h" heading, "open", "rose"
    text: str
    raw: str = ""             # first raw line (a leading **bold** run names the speaker)
    number: int | None = None  # printed number, when the block opens with one
    printed: str = ""         # the number as printed ("6)", "7 .")
    delim: str = ""           # "dot", "glued", "spaced", "paren" or "auto"
    markup: bool = False      # heading markup or a tab-indented line
    rows: list[list[str]] = field(default_factory=list)
    time: str = ""
    last_line: str = ""


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()))


def number_start(text: str) -> tuple[int, str, str, str] | None:
    """(number, delimiter kind, printed form, rest) when the line opens with a paragraph number."""
    m = NUMBER_START.match(text)
    if not m:
        return None
    d = m.group("delim")
    kind = "paren" if d.startswith(")") else "spaced" if d.strip() == "." and d[0] in " \t" else \
        "glued" if d == "." else "dot"
    n = int(m.group("n"))
    if n == 0:
        kind = "auto"
    return n, kind, (m.group("n") + d).rstrip(), m.group("rest")


def _is_caps(text: str) -> bool:
    """A capitalized heading line (2006-2009 layout): its first two words are in capitals."""
    words = [w for w in re.findall(r"[^\W\d_]+", text[:80])][:2]
    return len(words) == 2 and all(w.isupper() and len(w) > 1 for w in words) or \
        len(words) == 1 and words[0].isupper() and len(words[0]) > 3


def _opens_paragraph(text: str) -> bool:
    """A line that starts a paragraph of its own: a speaker, or a procedural sentence."""
    from .speakers import detect_speaker
    return bool(OPENER.match(text) or detect_speaker(text))


class Layout:
    """Whether body lines are hard-wrapped, and their usual width."""

    def __init__(self, lines: list[Line]):
        lengths = sorted(len(ln.text) for ln in lines if not ln.cells)
        self.width = lengths[int(len(lengths) * 0.9)] if lengths else 0
        self.widest = lengths[min(len(lengths) - 1, int(len(lengths) * 0.98))] if lengths else 0
        self.blank_separated = sum(ln.blank_before for ln in lines) >= 0.25 * len(lines)
        open_ends = sum(not ends_sentence(ln.text) for ln in lines)
        self.wrapped = (len(lengths) >= 6 and self.width <= 130 and median(lengths) >= 30
                        and open_ends >= 0.4 * len(lines))

    def fits(self, line: str, following: str) -> bool:
        """Whether the first word of `following` would have fitted at the end of `line`."""
        word = following.split(" ", 1)[0]
        return len(line) + 1 + len(word) <= self.widest


class Segmenter:
    def __init__(self, lines: list[Line]):
        self.layout = Layout(lines)
        self.blocks: list[Block] = []
        self.cur: Block | None = None
        self.last = 0          # last accepted printed number
        self.top = 0           # highest accepted printed number
        self.pending = ""      # a number printed alone on the line before its paragraph

    def accept(self, num: tuple[int, str, str, str]) -> bool:
        """Unusual delimiters ("6)", "7 .") count as numbers only where the sequence expects one."""
        n, kind, rest = num[0], num[1], num[3]
        if kind in ("dot", "glued", "auto"):
            return True
        after_list = self.cur is not None and self.cur.text.rstrip().endswith((":", ";"))
        return rest[:1].isupper() and not after_list and n in (self.last + 1, self.top + 1, self.top + 2)

    def joins(self, ln: Line, nxt: Line | None) -> bool:
        cur = self.cur
        if cur is None or cur.kind != "p" and not (cur.kind == "h" and not cur.markup):
            return False
        if ln.heading_markup or ln.indented:
            return False
        if cur.markup:
            return False
        first, text = ln.text[:1], cur.text
        if _is_caps(text) or _is_caps(ln.text):
            # A capitalized heading wrapped onto a second line; it never runs into a paragraph.
            return _is_caps(text) and _is_caps(ln.text) and not ends_sentence(text)
        if first.islower() or first in CONTINUES:
            return True
        if text.rstrip().endswith((":", ";")) and LIST_ITEM.match(ln.text):
            return True  # "2) the dates;" after "three points were agreed:"
        if cur.number is not None and not text.rstrip().endswith(TERMINAL) and len(text) >= 120:
            return True  # a page break inside a numbered paragraph ("1.Opening of the session" is a heading)
        if (self.layout.blank_separated and not ln.blank_before and not ends_sentence(cur.last_line)
                and len(cur.last_line) >= 0.6 * self.layout.widest):
            return True  # a long line broken inside a block of a blank-separated layout
        if self.layout.wrapped and cur.text.count("(") > cur.text.count(")") and len(cur.text) < HEADING_MAX:
            return True  # a parenthesis (a heading's symbols) runs on to the next line
        if self.layout.wrapped:
            if ln.blank_before and self.layout.blank_separated:
                return False  # blank lines separate the paragraphs
            if LETTERED_HEADING.match(ln.text):
                return False
            if (ends_sentence(cur.last_line) and not ends_sentence(ln.text) and nxt is not None
                    and self.layout.fits(ln.text, nxt.text)):
                return False  # a short line without a full stop after a sentence: a heading
            if self.layout.fits(cur.last_line, ln.text):
                return False  # the next word had room on this line: the line was ended on purpose
            if not ends_sentence(cur.last_line):
                return True
            return not ln.blank_before and not _opens_paragraph(ln.text)
        return not text.rstrip().endswith(TERMINAL) and len(text) > HEADING_MAX

    def add(self, ln: Line, nxt: Line | None = None) -> None:
        text = ln.text
        if is_furniture(text):
            return
        if LONE_NUMBER.match(text):
            self.pending = text  # "12." alone on its line, the paragraph on the next
            return
        if self.pending:
            text, self.pending = f"{self.pending} {text}", ""
            ln = Line(text=text, raw=ln.raw, indented=ln.indented, heading_markup=False, cells=[],
                      blank_before=ln.blank_before)
        if ln.cells and self.cur is not None and self.cur.kind == "p":
            self.cur.rows.append(ln.cells)
            return
        num = number_start(text)
        if num and not self.accept(num):
            num = None
        if num is None and self.joins(ln, nxt):
            cur = self.cur
            sep = "" if re.search(r"\w-$", cur.text) else " "  # "Inter-" + "Parliamentary"
            cur.text += sep + text
            cur.last_line = text
            return
        block = Block(kind="p", text=text, raw=ln.raw, markup=ln.heading_markup or ln.indented, last_line=text)
        if num:
            n, kind, printed, rest = num
            block.text = rest  # last_line keeps the number: it counts in the line's width
            block.delim, block.printed = kind, printed
            if kind != "auto":
                block.number = n
                self.last, self.top = n, max(self.top, n)
        self.blocks.append(block)
        self.cur = block


def classify(block: Block, opened: bool) -> None:
    """Decide what a finished block is: opening/closing line, heading or paragraph."""
    text = block.text
    if len(text) < 200 and block.number is None:
        t = opening_time(text)
        if t is not None and not opened:
            block.kind, block.time = "open", t
            return
        t = closing_time(text)
        if t is not None:
            block.kind, block.time = "rose", t
            return
    if block.delim == "auto":
        block.kind = "p"
    elif block.number is not None:
        # "1.Opening of the session": a numbered agenda heading, not a paragraph.
        block.kind = "h" if len(text) < 120 and not ends_sentence(text) and not block.rows else "p"
    elif block.markup:
        sentence = ends_sentence(text) and len(text.split()) >= 6 and not _is_caps(text)
        block.kind = "p" if sentence else "h"
    elif block.rows:
        block.kind = "p"
    else:
        block.kind = "p" if ends_sentence(text) or len(text) > HEADING_MAX else "h"


def segment(lines: list[Line]) -> list[Block]:
    seg = Segmenter([ln for ln in lines if not is_furniture(ln.text)])
    opened = False
    for k, ln in enumerate(lines):
        before = seg.cur
        seg.add(ln, next((x for x in lines[k + 1:] if not is_furniture(x.text)), None))
        if seg.cur is not before and before is not None:
            classify(before, opened)
            opened = opened or before.kind == "open"
    if seg.cur is not None:
        classify(seg.cur, opened)
    return seg.blocks
