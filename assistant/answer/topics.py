"""A speaker asked about a topic that others raised: "What did Azerbaijan say about alternatives to detention?" when
the records discuss alternatives to detention, but never in Azerbaijan's paragraphs.

The test compares the speaker's paragraphs with the rest of the records, in words and in meaning, so a paraphrase
(whose words no record uses) is never refused by it: only a topic the records state in other speakers' words is.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Callable

import numpy as np

from ..core.text import sentences
from ..index.corpus import stem_tokens

OTHERS = 8          # other speakers' closest paragraphs compared
MINE_MAX = 0.35     # the speaker's paragraphs hold less than this share of the topic's words (IDF-weighted) ...
ELSEWHERE_GAP = 0.3  # ... another paragraph holds at least this much more of them ...
# ... and the sentence closest in meaning to the topic is in another speaker's paragraph


def coverage(weights: dict[str, float], text: str) -> float:
    tokens = set(stem_tokens(text))
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0


def raised_by_others(weights: dict[str, float], mine: list[str], others: list[str],
                     closest: Callable[[list[str]], float]) -> bool:
    """Whether the topic (stem -> weight) is told in `others` (paragraph texts by other speakers) and not in `mine`
    (the speaker's): `closest(texts)` is the best cosine of the topic to a sentence of those texts."""
    if not weights or not mine or not others:
        return False
    own = coverage(weights, " ".join(mine))
    if own >= MINE_MAX:
        return False
    theirs = max(coverage(weights, t) for t in others)
    if theirs < own + ELSEWHERE_GAP:
        return False
    return closest(mine) < closest(others)


ABOUT = re.compile(r"\b(?:about|regarding|concerning)\s+(.+?)\s*\??$", re.I)


def unraised(plan, topic: list[str], hits, retriever, evidence) -> tuple[str, list] | None:
    """(reason, closest hits) when the question's speaker never took up the topic that other speakers did."""
    mine = [h for h in hits if h.meta.get("speaker")]
    if not topic or not mine:
        return None
    n = max(len(retriever.nodes), 1)
    unknown = math.log(1 + (n + 0.5) / 0.5)  # a word no record uses weighs as much as the rarest one
    weights = {t: retriever.idf(t) if retriever.doc_freq(t) else unknown for t in set(stem_tokens(" ".join(topic)))}
    speakers = {h.meta.get("speaker") for h in mine}
    loose = retriever.search(replace(plan, speakers=[], affiliations=[]))
    others = [h for h in loose if h.meta.get("speaker") not in speakers][:OTHERS]
    try:
        tv = np.asarray(retriever.embedder.get_query_embedding(" ".join(topic)), dtype=np.float32)
    except Exception:  # meaning is needed to tell a paraphrase from another speaker's topic: without it, no refusal
        return None

    def closest(texts: list[str]) -> float:
        vecs = evidence.embed([s for t in texts for s in sentences(t)])
        return max((float(np.dot(v, tv)) for v in vecs if v is not None), default=0.0)

    if not raised_by_others(weights, [h.node.text for h in mine], [h.node.text for h in others], closest):
        return None
    speaker, body = mine[0].meta.get("speaker", ""), mine[0].meta.get("affiliation", "")
    who = f"{speaker} ({body})" if speaker and body else speaker or body
    m = ABOUT.search(plan.question)
    said = f"did not speak about {m.group(1)}" if m else "said nothing that answers it"
    reason = (f"The records do not answer this: {who or 'that speaker'} {said} in the loaded records; other "
              f"speakers' paragraphs are closer to it.")
    return reason, others[:2] + mine[:1]
