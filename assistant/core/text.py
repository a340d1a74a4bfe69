"""Small text helpers shared by indexing and answering: sentences and word tokens."""
from __future__ import annotations

import re
import unicodedata

ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "no", "nos", "art", "arts", "para", "paras", "e.g", "i.e", "etc", "vs",
                 "st", "p", "pp", "vol", "op", "cit", "cf", "jr", "sr", "prof", "a.m", "p.m", "inc", "ltd", "co"}
_BOUNDARY = re.compile(r"(?<=[.!?;])[”\"’)]?\s+(?=[“\"(]?[A-Z0-9À-ÖØ-Þ])"
                       # a table's first row after the sentence that introduces it ("were as follows:")
                       r"|(?<=:)\s+(?=[A-Z][^.;:]{0,80}: [^;:]{1,200}; [^.;:]{1,80}: )")
# A table row as the parser writes it: "Header: cell; Header: cell."
TABLE_ROW = re.compile(r"[^.;:]{1,80}: [^;:]{1,200}; [^.;:]{1,80}: ")
# Function words dropped from questions before matching.
STOP = set("""a an the of to in on at for by and or but is are was were be been being do does did done have has had
what which who whom whose when where why how that this these those it its with from as about into than then there their they
them he she his her him we our you your i me my any some all each other such can could would should will shall may might must
say said tell told according did mention mentioned speak spoke please give list summarize summarise explain describe anything
also just only more most very much many well mr ms mrs dr miss mme under over within via through upon among across during
before after since onto toward towards anyone anybody someone somebody something nothing everyone everybody else
others instead rather meanwhile whereas""".split())
WORD = re.compile(r"[\w][\w'’\-./]*\w|\w", re.U)


# Combining marks, deleted by str.translate at C speed (a per-character generator took seconds on a large corpus).
_COMBINING = {c: None for c in range(0x10000) if unicodedata.combining(chr(c))}  # the BMP holds them all but rare ones


def fold(s: str) -> str:
    """Lower-case, accent-free form for matching names."""
    return unicodedata.normalize("NFKD", s).translate(_COMBINING).lower()


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "Mr." and "No." intact."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        chunk = text[start:m.start()].rstrip()
        last = re.search(r"(\S+)$", chunk)
        word = last.group(1).rstrip(".").lstrip("([{\"“‘'").lower() if last else ""
        if chunk.endswith(";"):
            continue  # semicolons split table rows only when they end a row with a period
        if word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word or "x", re.I):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def word_count(text: str) -> int:
    return len(text.split())
