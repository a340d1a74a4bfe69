"""Claims a "who said / who proposed" question makes: the answer must state them, not only their topic."""
from __future__ import annotations

import re

from ..core.text import STOP
from ..index.corpus import stem_tokens


# "Who said X should be renegotiated?": the claim's own predicate, which the answer must state.
CLAIM = re.compile(r"\b(?:should|must|ought to|needed to|need to|had to)\s+(?:not\s+)?(?:be\s+)?([a-z]+(?:ed|en))\b")


# "Who suggested moving ...?", "Which speaker proposed an optional protocol ...?": what was proposed.
PROPOSAL = re.compile(r"\b(?:suggested|proposed|called for|advocated|urged)\s+(?:that\s+)?(?:(?:a|an|the|new)\s+)*"
                      r"([a-z][a-z-]+(?:ing)?(?:\s+[a-z][a-z-]+)?)")


def unstated_claim(question: str, quoted: list[str]) -> str:
    """The predicate of a "who said X should be <done>" claim, or the thing a "who proposed <it>" question names,
    that none of the quoted sentences uses, or ""."""
    said = set(stem_tokens(" ".join(quoted)))
    m = CLAIM.search(question)
    if m is not None:
        return "" if set(stem_tokens(m.group(1))) & said else m.group(1)
    m = PROPOSAL.search(question)
    words = [w for w in (m.group(1).split() if m else []) if w not in STOP and len(w) > 2]
    if not words or (not words[0].endswith("ing") and len(words) < 2):  # a gerund, or a phrase of two words
        return ""
    # every word of it: "optional" in "antiquated or optional" is no optional protocol
    return "" if all(set(stem_tokens(w)) & said for w in words) else " ".join(words)
