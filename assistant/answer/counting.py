"""What a count counts: the noun a "how many" question asks to be counted, and whether a sentence's number counts it."""
from __future__ import annotations

import re

from ..core.text import STOP
from ..index.corpus import stem_tokens
from .slots import NUMBER, countable


def counted_noun(question: str) -> list[str]:
    """ "How many members does ... have?" -> the stem of "members": the number must count that; "how many seasonal
    work visas" -> the stems of the phrase's words up to a verb or a name, any of which the number may stand by."""
    m = re.search(r"\bhow (?:many|much)\s+(?:more\s+|other\s+)?((?:[a-z][\w-]*\s*){1,3})|"
                  r"\b(?:number|count|total) of\s+([a-z][\w-]*)|"
                  # "How large was the budget shortfall ...?", "What was the exact shortfall figure ...?": the size of that
                  # ("the Committee's membership": the membership, not the Committee)
                  r"\bhow (?:large|big|small|high)\s+(?:was|is|were|are|has been|had been)\s+(?:the\s+|its\s+|their\s+)?"
                  r"(?:[a-z][\w-]*['’]s\s+)?((?:[a-z][\w-]*\s*){1,3})|"
                  r"\bwhat (?:was|is|were|are) the (?:exact |precise |approximate )?([a-z][\w-]*)\s+(?:figure|amount|total|count|tally)\b",
                  question, re.I)
    words = next(g for g in m.groups() if g).split() if m else []
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in STOP or low in {"were", "was", "did", "do", "does", "had", "have", "are", "is", "times", "a", "per"} \
                or (i and (word[0].isupper() or low.endswith("ed"))):  # "how many people attended", "... Ireland"
            break
        out.extend(stem_tokens(low)[:1])
    return out


# Nouns a count may be given in: "How many countries ...?" is answered by "60 States Parties".
COUNTED_ALIKE = [{"countri", "state", "parti", "nation", "govern", "signatori"}, {"member", "expert"},
                 {"peopl", "person", "migrant", "individu", "worker"}, {"famili", "household"},
                 {"child", "children", "kid", "minor"},
                 {"time", "day", "week", "month", "year", "hour", "minut", "durat", "period"}]  # "how much time": "834 days"


def counts(sentence: str, nouns: set[str], reach: int = 6) -> bool:
    """Whether a number in the sentence counts one of the nouns: "60 States Parties", "members ... numbered 14"
    (within `reach` words), not "the two Committees" beside "Members of Their Families"."""
    # numbers are read in the whole sentence first ("No. 97" is a document's number, "1949" a year), then placed
    text = countable(re.sub(r"\bMembers of [Tt]heir Families\b", " ", sentence))
    # a number fused to its noun counts it: "an eight-year calendar", "a 17-member body"
    words = [part for w in re.findall(r"[\w.,-]+", text)
             for part in (w.split("-", 1) if NUMBER.fullmatch(w.split("-")[0]) else [w])]
    heads = {n[:5] for n in nouns}  # "ratifications" and "ratified" stem apart ("ratif", "ratifi")
    at_noun = [i for i, w in enumerate(words) if any(t[:5] in heads for t in stem_tokens(w))]
    at_number = [i for i, w in enumerate(words) if NUMBER.fullmatch(w.strip(".,"))]
    return any(abs(i - j) <= reach for i in at_noun for j in at_number)


def counted_forms(noun: str) -> set[str]:
    return next((group for group in COUNTED_ALIKE if noun in group), {noun}) if noun else set()
