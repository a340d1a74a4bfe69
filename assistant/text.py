"""Small text helpers shared by indexing and answering: sentences and word tokens."""
from __future__ import annotations

import re
import unicodedata

ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "no", "nos", "art", "arts", "para", "paras", "e.g", "i.e", "etc", "vs",
                 "st", "p", "pp", "vol", "op", "cit", "cf", "jr", "sr", "prof", "a.m", "p.m", "inc", "ltd", "co"}
_BOUNDARY = re.compile(r"(?<=[.!?;])[”\"’)]?\s+(?=[“\"(]?[A-Z0-9À-ÖØ-Þ])")
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
