"""A speaker asked about a topic that others raised: "What did Azerbaijan say about alternatives to detention?" when
the records discuss alternatives to detention, but never in Azerbaijan's paragraphs.

The test compares the speaker's paragraphs with the rest of the records, in words and in meaning, so a paraphrase
(whose words no record uses) is never refused by it: only a topic the records state in other speakers' words is.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np

from ..core.text import STOP, sentences
from ..index.corpus import stem_tokens
from ..search.entities import BODY_ROLES, STATE_ROLES
from ..search.understand import QueryPlan
from .bindings import heads
from .evidence import Evidence
from .naming import names_state

OTHERS = 8          # other speakers' closest paragraphs compared
OWN_RANK = 3        # a paragraph of the speaker's among this many closest to the topic is their word on it
DISTINCT_IDF = 1.0  # a topic word rarer than this says what the topic is ("detention"); commoner ones ("migrants") do not
ELSEWHERE = 0.3     # another paragraph holds at least this share of the distinct words (IDF-weighted) ...
# ... the speaker's paragraphs hold none of them, and the sentence closest in meaning to the topic is elsewhere, by
MEANING_GAP = 0.05  # at least this cosine (below it, MiniLM cannot tell two sentences' closeness apart)


def _uses(stems, heads: set[str]) -> bool:
    return any(t[:5] in heads for t in stems)


def _distinct(weights: dict[str, float]) -> dict[str, float]:
    """The topic's stems rare enough to say what it is."""
    return {t: w for t, w in weights.items() if w >= DISTINCT_IDF}


def raised_by_others(weights: dict[str, float], mine: list[str], others: list[str],
                     closest: Callable[[list[str]], float]) -> bool:
    """Whether the topic (stem -> IDF weight) is told in `others` (paragraphs elsewhere) and not in `mine` (the
    speaker's): `closest(texts)` is the best cosine of the topic to a sentence of those texts."""
    distinct = _distinct(weights)
    if not distinct or not mine or not others or _uses(distinct, heads(" ".join(mine))):
        return False
    if max(Evidence.coverage(set(stem_tokens(t)), distinct) for t in others) < ELSEWHERE:
        return False
    return closest(mine) + MEANING_GAP < closest(others)


# who the speaker is ("the Mexican diplomat", "the CERMID representative"), not what they spoke about
ROLE_STEMS = set(stem_tokens(" ".join(re.findall(r"[A-Za-z]+", f"{STATE_ROLES}|{BODY_ROLES}|director|chief|head|rep"
                                                                .replace("[sz]", "z"))).lower()))
WHERE_STEMS = set(stem_tokens("discussion debate dialogue event panel exchange"))  # where they spoke, not what of
ABOUT = re.compile(r"\b(?:about|regarding|concerning)\s+(.+?)\s*\??$", re.I)


def unraised(plan, topic: list[str], hits, retriever, evidence) -> tuple[str, list] | None:
    """(reason, closest hits) when the question's speaker never took up the topic that other speakers did."""
    mine = [h for h in hits if h.meta.get("speaker")]
    m = ABOUT.search(plan.question)
    # the topic is what the question says they spoke about: in "Which reforms did X urge?" the reforms are the answer
    about = set(re.findall(r"\w+", m.group(1).lower())) if m else set()
    topic = [w for w in topic if w.lower() in about]
    if not mine:
        return None
    # a State named anywhere in the question but as the speaker: "What did GADEM recommend that Spain do?"
    named, silent = unnamed_states(plan, m.group(1) if m else plan.question, mine, retriever)
    if silent:  # "What did Mr. X say about Tunisia's agreement with Spain?": he never names Spain
        return (f"The records do not answer this: the paragraphs of {_who(mine)} never mention {' or '.join(silent)}.",
                mine[:3])
    topic = [w for w in topic if not any(w.lower() in n.lower() for n in named)]  # "Spain" is in "Spanish forces"
    if not topic:
        return None
    # the subject of the item they spoke under ("the initial report of Burkina Faso") and who they are say nothing
    # of the topic asked within it
    context = set(stem_tokens(" ".join(f"{h.meta.get('agenda_item', '')} {h.meta.get('agenda_subitem', '')}"
                                       for h in mine))) | ROLE_STEMS
    words = [w for w in topic if set(stem_tokens(w)) - context]
    weights = {t: evidence.rarity(t) for t in set(stem_tokens(" ".join(words))) - context}
    spoken = heads(" ".join(h.node.text for h in mine))
    distinct = _distinct(weights)
    if not distinct or _uses(distinct, spoken):
        return None  # (checked first: most speaker questions stop here, before a second search)
    # anywhere else in the records (other speakers, and the speaker's own words in records the question leaves out),
    # searched for the topic alone: the speaker's name would pull their own paragraphs up
    asked = {(h.meta.get("speaker"), h.meta.get("file")) for h in mine}
    text = " ".join(words)
    loose = retriever.search(QueryPlan(question=text, search=text, dense=text), k=OTHERS + OWN_RANK + len(mine))
    if any((h.meta.get("speaker"), h.meta.get("file")) in asked for h in loose[:OWN_RANK]):
        return None  # one of their paragraphs is among the closest to the topic: they spoke of it, in other words
    others = [h for h in loose if (h.meta.get("speaker"), h.meta.get("file")) not in asked][:OTHERS]
    try:
        tv = np.asarray(retriever.embedder.get_query_embedding(text), dtype=np.float32)
    except Exception:  # meaning is needed to tell a paraphrase from another speaker's topic: without it, no refusal
        return None

    def closest(texts: list[str]) -> float:
        vecs = evidence.embed([sentences(t) for t in texts])
        return max((float(np.dot(v, tv)) for v in vecs if v is not None), default=0.0)

    if not raised_by_others(weights, [h.node.text for h in mine], [h.node.text for h in others], closest):
        return None
    who = _who(mine)
    # only what is true is said: the topic's words that their paragraphs never use
    listed = " or ".join(f"“{w}”" for w in dict.fromkeys(words) if not _uses(stem_tokens(w), spoken))
    where = " in the records asked about" if plan.files or plan.years or plan.meetings or plan.sessions else ""
    reason = (f"The records do not answer this: the paragraphs of {who}{where} closest to it never mention {listed}; "
              f"other speakers' paragraphs do (the closest are below).")
    return reason, others[:2] + mine[:1]


def unknown_topic(plan, evidence) -> list[str]:
    """The words of an "about ..." topic when no record uses any of them ("What did IOM say about remittances?"):
    nobody's paragraphs hold it, and meaning cannot tell a paraphrase from another topic here (MiniLM puts both near
    .3). A topic with one word the records use ("paperless workers") is left to the search."""
    m = ABOUT.search(plan.question)
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]+", m.group(1)) if w.lower() not in STOP
             and set(stem_tokens(w)) - ROLE_STEMS - WHERE_STEMS] if m else []
    unknown = set(evidence.unknown_words(plan))
    return words if words and all(w in unknown for w in words) else []


def _who(mine) -> str:
    speaker, body = mine[0].meta.get("speaker", ""), mine[0].meta.get("affiliation", "")
    return f"{speaker} ({body})" if speaker and body else speaker or body or "that speaker"


def unnamed_states(plan, about: str, mine, retriever) -> tuple[list[str], list[str]]:
    """(named, silent): the States the "about ..." phrase names (as the question writes them), and those of them
    that none of the speaker's paragraphs (in the records asked about) name, by name or adjective ("Spanish" names
    Spain): a State is no paraphrase."""
    states = {e.name or e.text: e.text for e in plan.entities if e.kind == "country" and e.role != "speaker"
              and e.text.lower() in about.lower()}
    if not states:
        return [], []
    asked = {(h.meta.get("speaker"), h.meta.get("file")) for h in mine}
    raw = " ".join(n.text for n in retriever.nodes if (n.metadata.get("speaker"), n.metadata["file"]) in asked)
    return list(states.values()), [s for s in states if not names_state(s, raw)]

