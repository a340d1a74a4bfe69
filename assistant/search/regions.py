"""A region in the speaker's place: "What did the delegate from a Central Asian country say?" asks what a State of
that region said, so the States of it that spoke are the speaker filter, and none of them is a speaker who never
spoke (never another region's delegate). A region as the topic ("the member from East Africa") is left to the
search, which looks for the region's States (`understand.plan`)."""
from __future__ import annotations

import re

from ..core.glossary import regions_in
from ..core.text import fold
from .entities import Entity, Vocabulary, role_in

# the noun after a region that makes it a State: "a Gulf State", "West African countries"
STATE_NOUN = re.compile(r"\s+(?:countr(?:y|ies)|States?|nations?|governments?)\b", re.I)


def speaking_regions(q: str, entities: list[Entity], vocab: Vocabulary) -> list[Entity]:
    """Entities for the regions named as who speaks, each with the affiliations of its States that spoke."""
    out = []
    for words, region, states in regions_in(q):
        start = q.find(words)
        if start < 0 or any(e.start <= start < e.start + len(e.text) for e in entities):
            continue
        text = re.sub(r"^the\s+", "", words, flags=re.I)
        at = q.find(text, start)
        noun = STATE_NOUN.match(q, at + len(text))  # read with its noun: "a Central Asian country say"
        own = {fold(s) for s in states}
        e = Entity("country", text, at, sorted(a for a in vocab.affiliations if fold(a) in own), name=region)
        if role_in(q, e, (at, noun.end() if noun else at + len(text))) == "speaker":
            e.role = "speaker"
            out.append(e)
    return out
