"""Faithful quotes for the desk tools: chosen sentences in the record's order, "…" where sentences are left out,
and the sentence before one that opens with a pronoun ("It was broader…" needs what "it" is)."""
from __future__ import annotations

import re

from ..core.text import sentences

ELLIPSIS = "…"
# A sentence that leans on the one before it: a pronoun or a pointing word as its subject.
DEPENDENT = re.compile(r"^[“\"‘'(]*(?:he|she|it|its|they|their|them|his|her|this|that|these|those|the latter|"
                       r"the former|such|both|the same)\b", re.I)


def depends_on_previous(sentence: str) -> bool:
    return bool(DEPENDENT.match(sentence.strip()))


def _index(sents: list[str], wanted: str) -> int:
    key = " ".join(wanted.split())
    for i, s in enumerate(sents):
        if " ".join(s.split()) == key:
            return i
    for i, s in enumerate(sents):   # a chosen piece may be part of a sentence the splitter kept whole
        if key and key in " ".join(s.split()):
            return i
    return -1


def quote_indices(text: str, chosen: list[str]) -> tuple[list[str], list[int]]:
    """The paragraph's sentences and the (sorted) indices to quote, with the sentences pronouns depend on."""
    sents = sentences(text)
    picked = {i for i in (_index(sents, c) for c in chosen) if i >= 0}
    for i in sorted(picked):
        j = i
        while j > 0 and depends_on_previous(sents[j]) and j - 1 not in picked:
            picked.add(j - 1)
            j -= 1
    return sents, sorted(picked)


def quote_parts(text: str, chosen: list[str]) -> list[str]:
    """Runs of adjacent sentences, in the record's order; an omission lies between two runs."""
    sents, idx = quote_indices(text, chosen)
    runs: list[list[str]] = []
    prev = None
    for i in idx:
        if prev is not None and i == prev + 1:
            runs[-1].append(sents[i])
        else:
            runs.append([sents[i]])
        prev = i
    return [" ".join(r) for r in runs]


def faithful_quote(text: str, chosen: list[str]) -> str:
    """The chosen sentences as one quote: "A. B. … D." (A and B adjacent, C left out). Empty if none is found."""
    return f" {ELLIPSIS} ".join(quote_parts(text, chosen))
