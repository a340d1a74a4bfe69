"""Faithful quotes: a paragraph's chosen sentences in the record's order, with the context they depend on.

Public helper for every place that quotes a record (answers, who-said-what, briefings, quizzes):
- sentences always come in the record's order, never in score order;
- "…" marks an omission between quoted sentences that are not adjacent in the record;
- a quoted sentence that opens by pointing back ("It", "Its", "They", "He", "She", "That", "This", "Such",
  "The latter", "Those", ...) also quotes the preceding sentence it depends on, so "its scope was broader" never
  reaches the reader without the sentence that names what "its" is.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..core.text import sentences

ELLIPSIS = "…"
# An opener connective ("However, ", "For example, ") may come before the pointing word.
_CONNECTIVE = (r"(?:(?:However|Moreover|Furthermore|Nevertheless|Nonetheless|Indeed|Thus|Therefore|Consequently|"
               r"Accordingly|Similarly|Likewise|Conversely|Instead|Otherwise|Meanwhile|In addition|In that regard|"
               r"In that respect|In that context|To that end|For example|For instance|At the same time|As such|"
               r"Hence|Still|Yet|Also|And|But|So)\s*,?\s+)?")
DEPENDENT = re.compile(r"^\s*[\"“‘(]?" + _CONNECTIVE +
                       r"(?:it|its|it's|they|their|theirs|them|he|his|him|she|her|hers|this|that|these|those|such|"
                       r"the latter|the former|the same|there|then|both|neither|either|the two|the other|others|"
                       r"former|latter)\b", re.I)


# ... or whose opening phrase points back ("To address that deficiency, he ...", "Despite those constraints, ...",
# "During the meeting, ...", "Instead, by focusing on X, it implied ...")
POINTING_PHRASE = re.compile(r"^\s*[^,.;:]{0,60}?\b(?:that|those|this|these|such)\s+(?!is\b|was\b|were\b|are\b|had\b|has\b|"
                             r"would\b|could\b|should\b|the\b|a\b|an\b|he\b|she\b|it\b|they\b)[a-z][\w-]*[^,.;:]{0,30},|"
                             r"^\s*(?:During|At|After|Following|Before|Since|Despite|Given)\s+the\s+(?:meeting|event|session|"
                             r"visit|discussion|dialogue|exchange|consultations?)\s*,|"
                             r"^\s*(?:Instead|Rather)\s*,\s*[^.;:]{0,80}?,\s*(?:it|they)\b", re.I)


def depends_on_previous(sentence: str) -> bool:
    """Whether a sentence opens by pointing back at something the previous sentence names."""
    return bool(DEPENDENT.match(sentence) or POINTING_PHRASE.match(sentence))


def expand(all_sentences: list[str], picked: Iterable[int]) -> list[int]:
    """The picked sentence indexes plus, for each that depends on its predecessor, that predecessor
    (repeatedly, so a chain of "It ... They ..." goes back to the sentence that names the thing); sorted."""
    out: set[int] = set()
    for i in picked:
        if not 0 <= i < len(all_sentences):
            continue
        out.add(i)
        j = i
        while j > 0 and depends_on_previous(all_sentences[j]) and j - 1 not in out:
            j -= 1
            out.add(j)
    return sorted(out)


def pick(text: str, chosen: Iterable[int | str]) -> list[str]:
    """The verbatim sentences to quote from a paragraph: `chosen` holds sentence indexes or sentences."""
    sents = sentences(text)
    idx = [c if isinstance(c, int) else _index(sents, c) for c in chosen]
    return [sents[i] for i in expand(sents, [i for i in idx if i is not None])]


def join(text: str, quoted: list[str]) -> str:
    """Quoted sentences of a paragraph joined in the record's order, "…" wherever the record has more between."""
    sents = sentences(text)
    idx = sorted({i for q in quoted if (i := _index(sents, q)) is not None})
    if not idx:
        return " ".join(quoted)
    parts = [sents[idx[0]]]
    for a, b in zip(idx, idx[1:]):
        parts.append(sents[b] if b == a + 1 else f"{ELLIPSIS} {sents[b]}")
    return " ".join(parts)


def faithful(text: str, chosen: Iterable[int | str]) -> tuple[list[str], str]:
    """(verbatim sentences, display text): the one call a caller needs."""
    quoted = pick(text, chosen)
    return quoted, join(text, quoted)


def _index(sents: list[str], s: str) -> int | None:
    s = s.strip()
    for i, x in enumerate(sents):
        if x == s:
            return i
    for i, x in enumerate(sents):  # a caller may have trimmed punctuation or a connective
        if s and (s in x or x in s):
            return i
    return None
