"""Joins: "Which of the Committee members elected in 2003 spoke at the 2013 session?" asks who, of the people (or
States) one paragraph lists, took the floor in the records the question names.

The list is the paragraph that best matches the group ("the Committee members elected in 2003") and lists at least
three names or States; the speakers are those of the records the rest of the question names (all records when it
names none). A listed person is a speaker when the speaker's name ends the listed name ("Mr. Carrión Mena" is
"Francisco Carrión Mena"); a listed State when it is the speaker's affiliation.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..core.text import fold, sentences
from ..index.corpus import stem_tokens
from ..search.understand import QueryPlan
from .bindings import treaty_act
from .facts import citation_from
from .roster import TOOK_FLOOR, place, speakers
from .slots import _country_pattern
from .types import Answer

ASKED = re.compile(r"^\s*(?:and\s+)?(?:which|who)\s+(?:of|among)\s+(?:the\s+|those\s+|these\s+)?(?P<group>[^?]{6,120}?)\s+"
                   r"(?:also\s+|later\s+|still\s+|ever\s+|actually\s+)?" + TOOK_FLOOR + r"\b(?P<rest>[^?]*)", re.I)
# ... with the group first: "Among the experts elected in 2003, who spoke at the 2013 session?"
FRONTED = re.compile(r"^\s*(?:and\s+)?(?:among|of)\s+(?:the\s+|those\s+|these\s+)(?P<group>[^?,]{6,120}?)\s*,\s*"
                     r"(?:who|which(?: ones?| of them)?)\s+(?:also\s+|later\s+|still\s+|ever\s+|actually\s+)?" + TOOK_FLOOR +
                     r"\b(?P<rest>[^?]*)", re.I)
ROW_NAME = re.compile(r"\bName(?: of [a-z]+)?:\s*([^;.]+)")
MIN_LISTED = 3
SOURCES = 10  # paragraphs searched for the list (a paraphrased group ranks it lower: "voted onto" for "elected")


def listed(text: str, group: str = "") -> tuple[list[str], list[str]]:
    """(people, States) a paragraph lists: names in table rows ("Name of member: Francisco Alba;"), else the States
    of its list sentence most like the group ("had ratified ...", not "have signed ...")."""
    people = [m.group(1).strip() for m in ROW_NAME.finditer(text)]
    if people:
        return people, []
    asked, act = set(stem_tokens(group)), treaty_act(group)
    lists = [(s, [m.group(0) for m in _country_pattern().finditer(s)]) for s in sentences(text)]
    # (a list of the treaty act asked first: "had only signed" is the list of signatories)
    lists = sorted((x for x in lists if len(x[1]) >= MIN_LISTED),
                   key=lambda x: (bool(act) and treaty_act(x[0], strict=False) != act, -len(asked & set(stem_tokens(x[0])))))
    return [], list(dict.fromkeys(lists[0][1])) if lists else []


def _row(text: str, name: str) -> str:
    """The table row of one listed person, as the paragraph prints it."""
    m = re.search(r"Name(?: of [a-z]+)?:\s*" + re.escape(name) + r"[^.]*\.", text)
    return m.group(0) if m else name


def _same_person(speaker: str, name: str) -> bool:
    bare = re.sub(r"^(?:Mr|Ms|Mrs|Miss|Mme|Dr|Professor)\.?\s+", "", speaker).strip()
    return bool(bare) and bare != speaker and fold(name).endswith(fold(bare))


def answer(composer, plan: QueryPlan, hits) -> Answer | None:
    """The join answer, or None when the question is no join or no paragraph lists the group."""
    m = ASKED.search(plan.question) or FRONTED.search(plan.question)
    if not m or plan.has_speaker_filter:
        return None
    r = composer.r
    group = m.group("group")
    found = r.search(QueryPlan(question=group, search=f"{group} {plan.expansions}", dense=group), k=SOURCES)
    for h in found:
        people, states = listed(h.node.text, group)
        if len(people) + len(states) >= MIN_LISTED:
            source = h.node
            break
    else:
        return None
    scope = r.scope(replace(plan, speakers=[], affiliations=[], not_speakers=[], not_affiliations=[]))
    pool = [n for n in (scope if scope is not None else r.nodes) if n.node_id != source.node_id]
    spoke = []  # (listed name or State, speaker's paragraphs)
    for who, affiliation, run in speakers(pool, "any"):
        name = next((p for p in people if _same_person(who, p)), "") or \
            next((s for s in states if fold(s) == fold(affiliation)), "")
        if name:
            spoke.append((name, who, run))
    where = place(r.records, pool) if scope is not None else "in the records"
    rows = [_row(source.text, name) for name, _, _ in spoke] if people else []
    src = citation_from(source, rows, 0.0, r.records)
    composer.last_features = {"digest": 1.0, "p": 1.0}
    label = source.metadata["label"]
    total = f"{len(people or states)} {'people' if people else 'States'} listed in {label.rsplit(' ¶', 1)[0]} [{label}]"
    if not spoke:
        return composer.refuse(plan, hits, f"The records do not answer this: none of the {total} took the floor {where}.")
    lines = [f"Of the {total}, {len(spoke)} took the floor {where}:"]
    cited = [src]
    for i, (name, who, run) in enumerate(spoke):
        row = f" — “{rows[i]}” [{label}]" if people else ""
        lines.append(f"- {who} ({name}) [{run[0].metadata['label']}]{row}")
        cited.append(citation_from(run[0], [], 0.0, r.records))
    return Answer(question=plan.question, text="\n".join(lines), citations=cited)
