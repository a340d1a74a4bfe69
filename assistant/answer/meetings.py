"""Questions about a meeting itself (its date, place, chair) when the meeting is named by what it was about or what
happened there: "When was the half-day discussion on the general comment held?", "Who chaired the meeting at which
the Chair reported ...?". The meeting is a record; its masthead has the fact (answer.facts)."""
from __future__ import annotations

import re
from dataclasses import replace

from ..core.text import STOP
from ..index.corpus import stem_tokens
from ..records.masthead import MONTHS
from ..search.entities import SPEECH
from ..search.understand import QueryPlan
from .facts import EVENT, event_record
from .slots import answer_type

# "the meeting at which ...", "the session in which ...", "the meeting that closed ...": a meeting named by what
# happened there.
MEETING_CLAUSE = re.compile(r"\b(?:meeting|sitting|session)\s+(?:(?:was\s+)?(?:held|chaired)\s+)?"
                            r"(?:(?:at|in|during|on)\s+which|where|when|that|which)\b", re.I)
# Words of a record-fact question that are about the meeting itself, and the acts a meeting's body may tell of.
ACT_WORDS = set("""close closed closing wrap wrapped conclude concluded end ended adjourn adjourned open opened opening
begin began start started declare declared suspend suspended resume resumed""".split())
FACT_WORDS = ACT_WORDS | set("""committee exact exactly precise precisely held hold take took place chaired chair chairperson presided preside gavel sitting day
date time hour when where venue building issued published distributed released symbol agenda session meeting record
belong belonged part called order convene convened scheduled lead led rise rose finish finished up issue printed
print dated document documents page""".split())
FACT_STEMS = set(stem_tokens(" ".join(FACT_WORDS)))
CLAUSE_SHARE = 0.6  # "the meeting at which X": the paragraph telling of X holds this share of the clause's words


def event(plan: QueryPlan, records: dict, by_file: dict):
    """The paragraph opening the meeting-type event a date, place or chair question names by its description
    ("the half-day discussion on the Compact", "the dialogue with NGOs on Morocco's report"), when no record is
    named and one record's agenda describes it; None otherwise."""
    if plan.has_speaker_filter or plan.files or plan.meetings or not EVENT.search(f"{plan.context} {plan.question}"):
        return None
    if plan.fact not in ("date", "place", "chair") and answer_type(plan.question) not in ("when", "where", "where_when"):
        return None
    # the event's own words count here ("the general discussion"): they are what an agenda item says
    words = re.findall(r"\b[^\W\d_][\w'’-]+", f"{plan.context} {plan.question}")
    topic = [w for w in words if w.lower() not in STOP and w.lower() not in FACT_WORDS and w.lower() not in MONTHS
             and not SPEECH.fullmatch(w)]
    return event_record(topic, records, by_file)


def as_fact(plan: QueryPlan) -> QueryPlan:
    """The plan with the record fact a when / where question asks for."""
    if plan.fact:
        return plan
    return replace(plan, fact="date" if answer_type(plan.question) == "when" else "place")


def told_at(plan: QueryPlan, hits, records: dict, named_missing):
    """For "Who chaired / where was / when was the meeting at which X?", the best paragraph of a summary record that
    tells of X: it holds most of the clause's words (two at least) and every name and number it gives."""
    m = MEETING_CLAUSE.search(plan.question)
    if m is None or plan.fact not in ("chair", "place", "date") or plan.files or plan.meetings or plan.sessions:
        return None
    want = {t for t in stem_tokens(plan.question[m.end():]) if t not in STOP} - FACT_STEMS
    if len(want) < 2:
        return None
    best, got = None, 0.0
    for h in hits[:8]:
        if records.get(h.meta["file"], {}).get("doc_type") != "summary record":
            continue
        held = len(want & set(stem_tokens(h.node.text)))
        if held / len(want) > got and held >= 2:
            best, got = h, held / len(want)
    if best is None or got < CLAUSE_SHARE or named_missing(plan, [best.node], [best.node.text]):
        return None
    return best
