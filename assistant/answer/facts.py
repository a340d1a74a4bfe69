"""Record facts from metadata (chair, place, date, opening and closing time, agenda symbol), cited to the paragraph
that states the event when one does."""
from __future__ import annotations

import re
from datetime import date

from ..index.corpus import stem_tokens
from ..records.model import ordinal
from ..search.understand import QueryPlan, ordinal_words
from .types import Answer, Citation


def long_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def citation_from(node, quote: list[str] | None = None, score: float = 0.0, records: dict | None = None) -> Citation:
    m = node.metadata
    rec = (records or {}).get(m["file"], {})
    return Citation(file=m["file"], paragraph=int(m["paragraph"]), label=m["label"], speaker=m.get("speaker", ""),
                    affiliation=m.get("affiliation", ""), text=node.text, quote=quote or [], symbol=m.get("symbol", ""),
                    title=rec.get("title", ""), date=m.get("date", ""), session=m.get("session") or None,
                    meeting=m.get("meeting") or None, agenda_item=m.get("agenda_item", ""),
                    agenda_subitem=m.get("agenda_subitem", ""), score=round(score, 4))


def meeting_name(m: dict) -> str:
    name = f"The {ordinal(m['meeting'])} meeting" if m.get("meeting") else "The meeting"
    return name + (f" ({m['symbol']})" if m.get("symbol") else "")


def meeting_title(m: dict) -> str:
    """ "The 608th meeting (CMW/C/SR.608), 15 April 2025" """
    when = f", {long_date(m['date'])}" if m.get("date") else ""
    return f"{meeting_name(m)}{when}"


def record_files(plan: QueryPlan, records: dict, best_file: str = "") -> list[str]:
    """The records the question names; without one named, the record the best paragraph comes from."""
    files = [f for f, m in records.items() if (not plan.meetings or m.get("meeting") in plan.meetings)
             and (not plan.files or f in plan.files) and (not plan.sessions or m.get("session") in plan.sessions)
             and (not plan.years or m.get("year") in plan.years)]
    if not (plan.meetings or plan.files or plan.sessions or plan.years):
        about_meeting = re.search(r"\b(?:meeting|sitting|session|discussion|debate|dialogue)\b", plan.question, re.I)
        ok = best_file in records and records[best_file].get("doc_type") == "summary record" and about_meeting
        files = [best_file] if ok else []
    return files


def record_fact(plan: QueryPlan, records: dict, by_file: dict, best_file: str = "", event=None) -> Answer | None:
    """Chair, place, date, opening and closing time come from the record's metadata; `event` is the paragraph that
    opens the event asked about (its record's date is the event's), cited for the date, place or chair."""
    files = [event.metadata["file"]] if event is not None else record_files(plan, records, best_file)
    if len(files) != 1:
        return None
    f = files[0]
    m = records[f]
    nodes = by_file.get(f, [])
    if not nodes:
        return None
    first, last = nodes[0], nodes[-1]
    name = meeting_name(m)
    when = long_date(m.get("date", "")) if m.get("date") else ""
    where = f" at the {m['place']}" if m.get("place") else ""
    fact, node = plan.fact, first
    if fact == "chair" and not m.get("chair") and m.get("doc_type") == "summary record":
        # the answer is that the record does not say: a refusal that shows where the chair appears
        opener = next((n for n in nodes if re.match(r"(?:The )?Chair", n.text)), first)
        return _unstated(plan, name, "name its chair, only “the Chair”", opener, records)
    elif fact == "chair" and m.get("chair"):
        text = f"{name} was chaired by {m['chair']}" + (f"; it was held{where} on {when}" if when else "") + "."
    elif fact == "place" and m.get("place"):
        text = f"{name} was held{where}" + (f" on {when}" if when else "") + (f", at {m['time']}" if m.get("time") else "") + "."
    elif fact == "rose" and m.get("rose_at"):
        text, node = f"{name} rose at {m['rose_at'].rstrip('.')}.", last
    elif fact == "opened" and (m.get("opened_at") or m.get("time")):
        began = m.get("opened_at") or m.get("time")
        text = f"{name} was scheduled for {m.get('time')}; " if m.get("time") and m.get("time") != began else f"{name} "
        text += ("the discussion covered in the record began" if m.get("partial") else "was called to order") + f" at {began.rstrip('.')}."
        text = text[0].upper() + text[1:]
    elif fact == "agenda" and m.get("agenda_symbol"):
        node = next((n for n in nodes if m["agenda_symbol"] in n.metadata.get("agenda_item", "")), first)
        text = f"The agenda adopted for {name[4:] if name.startswith('The ') else name} was {m['agenda_symbol']}."
    elif fact == "session" and m.get("session"):
        n = int(m["session"])
        text = f"{name} belonged to the {ordinal_words(n).capitalize()} session ({ordinal(n)}) of the Committee" + (
            f"; it was held on {when}" if when else "") + "."
    elif fact == "issued" and m.get("issued"):
        text = f"{name} was issued on {long_date(m['issued'])}" + (f"; the meeting was held on {when}" if when else "") + "."
    elif fact == "date" and when:
        text = f"{name} was held on {when}{where}."
    elif fact == "symbol" and m.get("symbol"):
        text = f"{name[0].upper()}{name[1:]} is document {m['symbol']}" + (f"; the meeting was held on {when}" if when else "") + "."
    elif fact in UNSTATED and m.get("doc_type") == "summary record":
        # the record's masthead does not give it: say so, and show where the record starts
        return _unstated(plan, name, f"give {UNSTATED[fact]}", first, records)
    else:
        return None
    text = re.sub(r"(\.m)\.\.$", r"\1.", text)  # "at 3 p.m." ends the sentence
    if event is not None and fact in ("date", "place", "chair"):
        node = event
    text += f" [{node.metadata['label']}]"
    return Answer(question=plan.question, text=text, citations=[citation_from(node, [], 1.0, records)])


# A meeting-type event a question may ask the date, place or chair of: "the half-day discussion", "the dialogue".
EVENT = re.compile(r"\b(?:discussion|dialogue|debate|meeting|sitting|hearing|consideration|exchange)s?\b", re.I)


def event_record(topic: list[str], records: dict, by_file: dict):
    """The first paragraph of the one record whose agenda item (or title) describes the event the question's topic
    words name ("the half-day discussion on the general comment" is the 506th meeting's agenda sub-item), or None.
    The item must hold at least two of the topic's stems and most of them, and no other record's item as many."""
    want = set(stem_tokens(" ".join(topic)))
    if len(want) < 2:
        return None
    best: list[tuple[int, object]] = []
    for f, m in records.items():
        if m.get("doc_type") != "summary record":
            continue
        items = {}
        for n in by_file.get(f, []):
            for key in ("agenda_subitem", "agenda_item"):
                if n.metadata.get(key):
                    items.setdefault(n.metadata[key], n)
        nodes = by_file.get(f, [])
        if m.get("title") and nodes:
            items.setdefault(m["title"], nodes[0])
        scored = [(len(want & set(stem_tokens(item))), n) for item, n in items.items()]
        if scored:
            best.append(max(scored, key=lambda x: x[0]))
    best.sort(key=lambda x: -x[0])
    if not best or best[0][0] < 2 or best[0][0] < 0.6 * len(want) or (len(best) > 1 and best[1][0] == best[0][0]):
        return None
    return best[0][1]


# The part of a session a question names: its opening or its closing meeting.
PART = {"opening": re.compile(r"\bopening (?:meeting|sitting)\b|\bopening of the (?:[\w-]+ )?session\b|"
                              r"\bsession'?s opening\b", re.I),
        "closing": re.compile(r"\bclosing (?:meeting|sitting)\b|\b(?:closing|closure) of the (?:[\w-]+ )?session\b|"
                              r"\bsession'?s (?:closing|closure)\b", re.I)}
HOLDS = {"opening": re.compile(r"\bopening meeting\b|^Opening of the session\b", re.I),
         "closing": re.compile(r"\bclosing meeting\b|^Clos(?:ure|ing) of the session\b", re.I)}


def missing_part(plan: QueryPlan, records: dict, by_file: dict) -> str:
    """Why no loaded record is the session's opening or closing meeting the question names ("the opening meeting of
    the fortieth session" when only its closing meeting is loaded), or "" when one is, or nothing is named."""
    if not plan.sessions or plan.meetings or plan.files:
        return ""
    part = next((k for k, rx in PART.items() if rx.search(plan.question)), "")
    files = [f for f, m in records.items() if m.get("session") in plan.sessions and m.get("doc_type") == "summary record"]
    if not part or not files:
        return ""
    for f in files:
        heads = {n.metadata.get("agenda_item", "") for n in by_file.get(f, [])}
        if any(HOLDS[part].search(h) for h in [records[f].get("title", ""), *heads]):
            return ""
    held = "; ".join(records[f].get("symbol") or records[f].get("title") or f for f in files)
    session = " and ".join(f"{ordinal_words(n)} session" for n in plan.sessions)
    return f"no record of the {part} meeting of the {session} is loaded (the records of that session here: {held})"


def _unstated(plan: QueryPlan, name: str, what: str, node, records: dict) -> Answer:
    """A refusal saying the record does not state a fact of itself, citing the paragraph where it would be."""
    return Answer(question=plan.question, refused=True, citations=[citation_from(node, [], 1.0, records)],
                  text=f"The records do not answer this: {name[0].lower()}{name[1:]} does not {what}. "
                       f"[{node.metadata['label']}]")


# A record fact the masthead may lack, as the refusal names it.
UNSTATED = {"date": "the date it was held", "place": "where it was held", "symbol": "its document symbol",
            "issued": "its issue date", "rose": "when the meeting rose", "opened": "when the meeting was called to order",
            "session": "its session", "agenda": "the symbol of its agenda"}


def dated_event(records: dict, node) -> str:
    """ "at the 608th meeting (CMW/C/SR.608), held on 17 April 2025": when a paragraph's own event happened."""
    m = records.get(node.metadata["file"], {})
    if m.get("doc_type") != "summary record" or not m.get("date"):
        return ""
    name = meeting_name(m)
    return f"{name[0].lower()}{name[1:]}, held on {long_date(m['date'])}"
