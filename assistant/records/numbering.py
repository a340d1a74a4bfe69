"""Paragraph numbers for a whole record: printed ones kept when they form a sequence, the rest repaired.

- No (or few) printed numbers: every paragraph is numbered by count and marked reconstructed (¶3*).
- Printed numbers: the longest increasing run of them is kept as printed; a repeat, a number that
  goes backwards or jumps out of sequence, and a paragraph printed without a number get the next free
  numbers after the highest printed one, marked reconstructed. Every repair is a warning naming the
  printed number and the number given, so no paragraph is lost and no key is used twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block


@dataclass
class Numbering:
    numbers: list[int]
    reconstructed: list[bool]
    mode: str                         # "printed", "printed, repaired" or "reconstructed"
    warnings: list[str] = field(default_factory=list)
    anomalies: int = 0                # repeats, backward, out-of-sequence jumps, gaps, odd delimiters
    unnumbered: int = 0               # paragraphs printed without a number in a numbered record


def _snippet(text: str) -> str:
    words = text.split()
    return " ".join(words[:6]) + (" …" if len(words) > 6 else "")


def _anchors(values: list[tuple[int, int]]) -> set[int]:
    """Indices (into values) of the longest strictly increasing run of printed numbers.

    Ties go to the run with the smallest gaps (a run starting at 1 preferred), then the earliest."""
    best: list[tuple[int, int, int]] = []  # (length, -cost, -first index) per position
    prev: list[int] = []
    for i, (_, n) in enumerate(values):
        score, link = (1, -(n - 1), -i), -1
        for j in range(i):
            if values[j][1] < n:
                length, cost, first = best[j]
                cand = (length + 1, cost - (n - values[j][1] - 1), first)
                if cand > score:
                    score, link = cand, j
        best.append(score)
        prev.append(link)
    if not best:
        return set()
    i = max(range(len(best)), key=lambda k: (best[k], -k))
    chosen = set()
    while i >= 0:
        chosen.add(i)
        i = prev[i]
    return chosen


def number_paragraphs(blocks: list[Block], file: str) -> Numbering:
    printed = [(i, b.number) for i, b in enumerate(blocks) if b.number is not None]
    count = len(blocks)
    if not printed or len(printed) < max(2, count / 2):
        out = Numbering(list(range(1, count + 1)), [True] * count, "reconstructed")
        if printed:
            out.warnings.append(f"{file}: only {len(printed)} of {count} paragraphs carry a printed number; "
                                "numbered them all by counting (marked * in labels).")
        elif count:
            out.warnings.append(f"{file}: paragraph numbers were not in the text; numbered {count} paragraphs "
                                "by counting (marked * in labels).")
        return out
    keep = {printed[k][0] for k in _anchors(printed)}
    kept = [(i, blocks[i].number) for i, _ in printed if i in keep]
    top = max(n for _, n in kept)
    numbers, flags = [0] * count, [False] * count
    out = Numbering(numbers, flags, "printed")
    kept_numbers = {n for _, n in kept}
    nxt = top
    for i, b in enumerate(blocks):
        before = max((n for k, n in kept if k < i), default=0)
        after = min((n for k, n in kept if k > i), default=None)
        if i in keep:
            numbers[i] = b.number
            if b.delim in ("spaced", "paren"):
                out.anomalies += 1
                out.warnings.append(f"{file}: paragraph number '{b.printed}' has an unusual delimiter; "
                                    f"read as paragraph {b.number}.")
            if b.number > before + 1:
                out.anomalies += 1
                gap = f"{before + 1}" if b.number == before + 2 else f"{before + 1}–{b.number - 1}"
                where = f"jump from {before} to {b.number}" if before else f"start at {b.number}"
                out.warnings.append(f"{file}: paragraph numbers {where} ({gap} missing); kept the printed numbers.")
            continue
        nxt += 1
        numbers[i], flags[i] = nxt, True
        snippet = _snippet(b.text)
        if b.number is None:
            out.unnumbered += 1
            where = f"after paragraph {before}" if before else "before the first numbered paragraph"
            out.warnings.append(f"{file}: a paragraph printed without a number {where} (\"{snippet}\") "
                                f"is numbered {nxt}*.")
            continue
        out.anomalies += 1
        if b.number in kept_numbers:
            why = f"paragraph number {b.number} is printed twice"
        elif b.number < before:
            why = f"paragraph number {b.number} comes after {before} (the numbers go backwards)"
        else:
            why = f"paragraph number {b.number} jumps out of sequence between {before} and {after}"
        out.warnings.append(f"{file}: {why}; \"{snippet}\" is numbered {nxt}* instead.")
    if any(flags):
        out.mode = "printed, repaired"
    return out
