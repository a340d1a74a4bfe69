"""Rosters: "Which States took the floor at the discussion on ...?", "Who spoke in the NGO dialogue on Morocco's
report?": every speaker of the kind asked in one meeting or agenda item, named in one cited line, then what each said.

A roster needs a scope (a record, or an agenda item the question names); "Which States spoke about detention?" has a
topic instead, and is answered from the paragraphs about it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..core.glossary import countries
from ..core.text import fold
from . import digest
from .facts import citation_from, meeting_name

_KINDS = {"state": r"States?|countries|country|delegations?|Governments?",
          "organization": r"organi[sz]ations?|NGOs?|bodies|agencies|institutions|civil society(?: organi[sz]ations?)?|"
                          r"networks?|groups",
          "member": r"(?:Committee )?members?(?: of the Committee)?",
          "any": r"speakers?|panellists?|panelists?|participants?|experts?|academics?|people|persons"}
# ("joined" only when remotely: "Which States joined the Convention?" asks about accession)
TOOK_FLOOR = (r"(?:took the floor|spoke|made (?:a |their )?statements?|participated|took part|intervened|"
               r"addressed the (?:Committee|meeting)|delivered statements?|"
               r"(?:joined|connected|dialled in)(?=[^?]*\b(?:remotely|online|virtually|video)))")
ASKED = re.compile(r"\b(?:which|what) (?:other )?(?P<kind>" + "|".join(f"{v}" for v in _KINDS.values()) + r")\b"
                   r"(?P<between>[^?]{0,40}?)\b" + TOOK_FLOOR + r"\b(?P<rest>[^?]*)"
                   r"|\bwho (?:all |else )?" + TOOK_FLOOR + r"\b(?P<rest2>[^?]*)", re.I)
TOPIC = re.compile(r"\b(?:about|regarding|concerning|on the (?:issue|subject|topic|question) of|to (?:raise|discuss))\b",
                   re.I)
# ("first" right after the verb is an order: "spoke first"; "at the first meeting" names the meeting)
NARROWED = re.compile(r"^\s*(?:first|last|second|third|most|least|longest|briefly|only)\b|\bthe first to\b|"
                      r"\b(?:in person|dialogues|constructive|interactive)\b", re.I)
# "Who spoke via video link?": only the speakers whose paragraphs say they did
REMOTE_ASKED = re.compile(r"\b(?:via|by|through|over) (?:a )?video(?:[- ]?link|conference)?\b|\bremotely\b|\bonline\b|\bvirtually\b",
                          re.I)
REMOTE_TOLD = re.compile(r"\bvideo[- ]?link\b|\bvideoconferenc\w*|\bremotely\b|\bonline\b|\bvirtually\b", re.I)
EVENT = re.compile(r"\b(?:in|at|during)\s+(?:the|that|this)\s+[^?]{0,60}?\b(?:discussion|dialogue|debate|meeting|session|"
                   r"exchange|consultation|hearing)\b", re.I)
FOR = re.compile(r"\s*(?:for|on behalf of|representing|from)\b", re.I)
# "Who took part in that event?": attending an event is not taking the floor at a meeting
NOT_A_MEETING = re.compile(r"\b(?:event|seminar|conference|workshop|visit|mission|launch|ceremony|forum|training|campaign|"
                           r"celebration)s?\b", re.I)
MEMBER_TITLES = {"", "chair", "chairperson", "vice-chair", "rapporteur", "committee member"}


# the noun for one and for several speakers of each kind
NOUNS = {"state": ("State", "States"), "organization": ("organization", "organizations"),
         "member": ("Committee member", "Committee members"), "any": ("speaker", "speakers")}


def _asked(question: str):
    """(match, what follows the verb) of a roster question."""
    m = ASKED.search(question)
    return m, (m.group("rest") or m.group("rest2") or "" if m else "")


@lru_cache(maxsize=1)
def _states() -> frozenset[str]:
    return frozenset(fold(c) for c in countries())


def asked(question: str) -> str:
    """The kind of speaker a roster question asks for ("state", "organization", "member", "any"), or ""."""
    m, rest = _asked(question)
    between = re.sub(r"\b(?:also|then|actually|all|else|representatives?|delegates?|speakers?|officials?|members?)\b", "",
                     m.group("between") or "" if m else "").strip()
    # "spoke on detention", "via video link", "first": the question narrows the roster in ways a list of everyone would
    # not answer; "speakers from organizations" names the kind after the noun
    named = next((k for k, v in _KINDS.items() if k != "any" and re.search(rf"^(?:from|of|representing)\s+(?:the\s+)?(?:{v})$",
                                                                            between, re.I)), "")
    # "Which NGOs and institutions ...": two kinds, one roster (of both when they differ)
    also = next((k for k, v in _KINDS.items() if re.fullmatch(rf"(?:and|or)\s+(?:other\s+)?(?:{v})", between, re.I)), "")
    if not m or TOPIC.search(rest) or FOR.match(rest) or NOT_A_MEETING.search(rest) or NARROWED.search(rest) or \
            (between and not named and not also):
        return ""
    if named:
        return named
    word = m.group("kind")
    if not word:
        return "any"
    kind = next(k for k, v in _KINDS.items() if re.fullmatch(v, word, re.I))
    return kind if not also or also == kind else "any"


def fits(kind: str, meta: dict) -> bool:
    """Whether a paragraph's speaker is of the kind asked: a State by its affiliation's name, a Committee member by
    having no affiliation but a title of the Committee, any other affiliation an organization."""
    speaker, affiliation = meta.get("speaker", ""), meta.get("affiliation", "")
    if not speaker:
        return False
    state = fold(affiliation) in _states()
    member = affiliation.lower() in MEMBER_TITLES
    return kind == "any" or (kind == "state" and state) or (kind == "member" and member) or \
        (kind == "organization" and not state and not member)


def speakers(nodes, kind: str) -> list[tuple[str, str, list]]:
    """(speaker, affiliation, paragraphs) for each speaker of the kind in `nodes`, in the order they first spoke."""
    out: dict[str, tuple[str, str, list]] = {}
    for n in nodes:
        m = n.metadata
        if fits(kind, m):
            out.setdefault(m["speaker"], (m["speaker"], m.get("affiliation", ""), []))[2].append(n)
    return list(out.values())


def heading(kind: str, people: list[tuple[str, str, list]], where: str) -> str:
    """ "Three States took the floor under “...”: Mexico (Ms. Méndez Escobar) [label], ..." """
    noun = NOUNS[kind]
    names = [f"{who} ({aff})" if aff else who for who, aff, _ in people]
    listed = "; ".join(f"{name} [{run[0].metadata['label']}]" for name, (_, _, run) in zip(names, people))
    count = f"{len(people)} {noun[len(people) != 1]}"
    return f"{count} took the floor {where}: {listed}."


def place(records: dict, nodes) -> str:
    """ "at the 506th meeting (CMW/C/SR.506)"; a record without a meeting number is named by its label ("in CMW 19th
    session (2013, symbol unknown)")."""
    files = sorted({n.metadata["file"] for n in nodes}, key=lambda f: min(n.metadata["label"] for n in nodes
                                                                          if n.metadata["file"] == f))
    record = records.get(files[0], {}) if len(files) == 1 else {}
    if record.get("meeting"):
        name = meeting_name(record)
        return f"at {name[0].lower()}{name[1:]}"
    return "in " + "; ".join(next(n.metadata["label"] for n in nodes if n.metadata["file"] == f).rsplit(" \u00b6", 1)[0]
                             for f in files)


def answer(composer, plan, hits):
    """The roster answer for a roster question with a scope, else None (the question is answered otherwise)."""
    kind = asked(plan.question)
    if not kind or not hits or plan.has_speaker_filter:  # "Who took the floor for Azerbaijan?" asks a name
        return None
    r = composer.r
    scope = r.scope(replace(plan, speakers=[], affiliations=[], not_speakers=[], not_affiliations=[]))
    topic = composer.topic_words(plan)
    files = {n.metadata["file"] for n in scope} if scope is not None else {h.meta["file"] for h in hits[:3]}
    pool = scope if scope is not None else [n for n in r.nodes if n.metadata["file"] in files]
    field, item = composer.agenda_item(plan, pool, topic) if topic else ("", "")
    if re.match(r"\s*on\b", _asked(plan.question)[1]) and not item:
        return None  # "spoke on alternatives to detention" is a topic; "spoke on Morocco's report" an agenda item
    if scope is None and not item:
        if not EVENT.search(plan.question):
            return None
        # "... in the GCM general comment discussion": the meeting the question finds best
        pool = [n for n in r.nodes if n.metadata["file"] == hits[0].meta["file"]]
    nodes = [n for n in pool if not item or n.metadata.get(field) == item]
    at = place(r.records, nodes)
    where = f"under \u201c{item}\u201d ({at})" if item else at
    people = speakers(nodes, kind)
    if REMOTE_ASKED.search(plan.question):
        people = [p for p in people if any(REMOTE_TOLD.search(n.text) for n in p[2])]
        where = f"by video link {where}"
    composer.last_features = {"digest": 1.0, "p": 1.0}
    if not people:
        return composer.refuse(plan, hits, f"The records do not answer this: no {NOUNS[kind][0]} took the floor {where}.")
    spoken = [n for _, _, run in people for n in run]
    scored = composer.evidence.score(plan, digest.shown(spoken), "digest", meaning=False)
    body = digest.render(composer, plan, spoken, scored, r.records)
    first = [citation_from(run[0], [], 0.0, r.records) for _, _, run in people]
    seen = {(c.file, c.paragraph) for c in first}
    body.text = heading(kind, people, where) + "\n" + body.text
    body.citations = first + [c for c in body.citations if (c.file, c.paragraph) not in seen]
    return body
