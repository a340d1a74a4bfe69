"""Citation markers in LLM output: "[1]", "[1-2]", "[paragraph 2]", "[CMW/C/SR.506 ¶48]" resolved to evidence indexes,
and LLM text split into sentences with markers kept beside them."""
from __future__ import annotations

import re
from typing import Sequence

from ..core.text import fold, sentences

_MARKER = re.compile(r"\[\s*([^\[\]\n]{1,120}?)\s*\]")
_AFTER_PUNCT = re.compile(r"([.!?])((?:\s*\[[^\[\]\n]{1,120}\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d{1,2}[.)])\s+")
SPECIAL_TOKENS = re.compile(r"<\|[^|>]{1,40}\|>|</?s>")

def _norm_label(s: str) -> str:
    s = fold(s).replace("¶", " ¶ ")
    s = re.sub(r"\b(?:paragraphs?|paras?\.?|par\.)\s*", "¶", s)
    return re.sub(r"[\s,;:]+", "", s).rstrip(".")


def _resolve_piece(piece: str, n: int, labels: dict[str, int], numbers_: dict[int, list[int]]) -> list[int] | None:
    """[] = citation-like but names no evidence; None = not a citation at all (e.g. "[sic]")."""
    p = piece.strip().strip(".").strip()
    if not p:
        return None
    m = re.fullmatch(r"(?:(?:paragraph|para\.?|par\.|source|evidence|doc(?:ument)?|ref\.?)\s*)?#?(\d{1,3})", p, re.I)
    if m:
        k = int(m.group(1))
        return [k - 1] if 1 <= k <= n else []
    m = re.fullmatch(r"(\d{1,3})\s*[-–—]\s*(\d{1,3})", p)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b and b - a < n and 1 <= a and b <= n:
            return list(range(a - 1, b))
        return []
    key = _norm_label(p)
    if key in labels:
        return [labels[key]]
    m = re.fullmatch(r"¶\s*(\d+)\*?", p)
    if m:
        hits = numbers_.get(int(m.group(1)), [])
        return hits[:1] if len(hits) == 1 else []
    if "¶" in key:
        hits = sorted({i for lab, i in labels.items() if lab.endswith(key) or key.endswith(lab)})
        return hits if len(hits) == 1 else []
    if re.search(r"\d", p) and (re.search(r"[/¶]|\bSR\b|\bsr\.", p, re.I) or len(p) <= 12):
        return []
    return None


def parse_markers(sentence: str, labels: Sequence[str], paragraph_numbers: Sequence[int] = ()) -> tuple[str, list[int], list[str]]:
    """(sentence without citation markers, cited 0-based indexes in order, dropped markers).

    `labels[i]` is evidence i's label; bracketed text that is not a citation (e.g. "[sic]") stays in the text."""
    n = len(labels)
    label_index = {_norm_label(lab): i for i, lab in enumerate(labels)}
    by_number: dict[int, list[int]] = {}
    for i, num in enumerate(paragraph_numbers):
        by_number.setdefault(num, []).append(i)
    cited: list[int] = []
    dropped: list[str] = []

    def repl(m: re.Match) -> str:
        inner = m.group(1)
        whole = _resolve_piece(inner, n, label_index, by_number)
        parts = [p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", inner) if p.strip()]
        results = [whole]
        if not whole and len(parts) > 1:
            results = [_resolve_piece(p, n, label_index, by_number) for p in parts]
            if whole == [] and all(r is None for r in results):
                results = [[]]
        if all(r is None for r in results):
            return m.group(0)
        for r in results:
            if r:
                cited.extend(i for i in r if i not in cited)
        if any(r == [] or r is None for r in results):
            dropped.append(m.group(0))
        return " "

    text = _MARKER.sub(repl, sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    return text, cited, dropped


def split_sentences(text: str) -> list[str]:
    """LLM output -> sentences, with markers written after the full stop moved before it."""
    text = SPECIAL_TOKENS.sub(" ", text or "").replace("**", "")
    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        line = _AFTER_PUNCT.sub(lambda m: m.group(2) + m.group(1), line)
        out.extend(s.strip() for s in sentences(line) if s.strip())
    return out
