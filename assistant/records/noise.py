"""Extraction noise in mastheads and speaker lines: split letters, glued words, misspelt ordinals.

`tidy` is used to *read* fields ("( p artial )", "th e 472nd", "Twenty-six th", "10. 20 a .m.",
"Calder ó n", "Mr. Rahmon(Tajikistan)"); paragraph text itself is kept as printed.
"""
from __future__ import annotations

import difflib
import re

from ..core.numbers import TENS, UNITS

MONTH_WORDS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"]
DAY_WORDS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Words a split can be rejoined into: the vocabulary of mastheads and opening lines.
VOCAB = set(UNITS) | set(TENS) | set(MONTH_WORDS) | set(DAY_WORDS) | {
    "the", "partial", "public", "private", "closed", "meeting", "session", "summary", "record", "part",
    "held", "chair", "chairperson", "presidente", "palais", "wilson", "nations", "geneva", "contents",
    "continued", "concluded", "committee", "original", "general", "distr", "videoconference", "report",
    "periodic", "initial", "combined", "consideration", "organizational", "matters", "closure", "opening"}
ORDINALS = sorted(w for w in set(UNITS) | set(TENS) if w.endswith(("th", "st", "nd", "rd")))
HONORIFIC_DOT = re.compile(r"\b(Mr|Ms|Mrs|Dr|Sr|Sra|Mme|M)\s+\.")


def _join_splits(s: str) -> str:
    """Rejoin a word split by a space when the two halves make a known word and are not both words."""
    tokens = s.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            a, b = tokens[i], tokens[i + 1]
            core_a, core_b = a.lstrip("(*-").lower(), b.rstrip(")*,.;:").lower()
            joined = core_a + core_b
            if core_a and core_b and joined in VOCAB and not (core_a in VOCAB and core_b in VOCAB):
                out.append(a + b)
                i += 2
                continue
            # "Twenty-six th": the last part of a hyphenated number word takes its suffix back.
            tail = core_a.rsplit("-", 1)[-1]
            if core_b in ("th", "st", "nd", "rd") and tail + core_b in VOCAB:
                out.append(a + b)
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return " ".join(out)


def tidy(s: str) -> str:
    """A copy of s with common PDF/Word extraction noise repaired, for reading fields from it."""
    s = re.sub(r"[ \t\u00a0]+", " ", s)
    s = re.sub(r"\b(\d[\d ]*\d|\d)\s*(st|nd|rd|th)\b", lambda m: m.group(1).replace(" ", "") + m.group(2), s)
    s = re.sub(r"(\d{1,2})\. (\d{2})(?=\s*[ap]\s?\.)", r"\1.\2", s)          # "10. 20 a.m."
    s = re.sub(r"\b([ap])\s?\.\s?m\s?\.", r"\1.m.", s)                          # "a .m.", "p. m."
    s = re.sub(r"(\w)-\s+(?=[a-z])", r"\1-", s)                                 # "Twenty- eighth"
    s = re.sub(r"(\w) ([À-ÖØ-öø-ÿ]) (?=\w)", r"\1\2", s)                        # "Calder ó n"
    s = HONORIFIC_DOT.sub(r"\1.", s)                                           # "Ms . Crickley"
    s = _join_splits(s)
    s = re.sub(r"\(\s+", "(", s)
    s = re.sub(r"\s+\)", ")", s)
    s = re.sub(r"([^\s(])\((?=[A-Z]|continued|partial|public|concluded)", r"\1 (", s)  # "Colombia(continued)"
    s = re.sub(r"\)(?=\()", ") ", s)
    return s


def fix_ordinal(word: str) -> str:
    """ "Ninteenth" -> "nineteenth": a misspelt ordinal read as the closest one, if close enough."""
    w = word.lower()
    parts = w.split("-")
    fixed = []
    for p in parts:
        if p in UNITS or p in TENS:
            fixed.append(p)
            continue
        close = difflib.get_close_matches(p, ORDINALS + list(TENS), n=1, cutoff=0.8)
        if not close:
            return word
        fixed.append(close[0])
    return "-".join(fixed)


def title_case_name(name: str) -> str:
    """ "Mr. KARIYAWASAM" -> "Mr. Kariyawasam"; "Mrs. OCAMPO DE HERRAN" -> "Mrs. Ocampo de Herran".

    Only words printed all in capitals change; a name already in mixed case is returned as is."""
    from .speakers import PARTICLES
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        letters = [c for c in w if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            if i > 1 and w.lower() in PARTICLES:
                w = w.lower()
            else:
                w = "-".join(part[:1].upper() + part[1:].lower() for part in w.split("-"))
        out.append(w)
    return " ".join(out)
