"""Record metadata from the masthead: symbol, body, session, meeting, date, place, chair, title."""
from __future__ import annotations

import re

from .clean import JOB_YEAR
from .model import RecordMeta
from ..core.numbers import number_before

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
BODIES = [
    ("Committee on the Protection of the Rights of All Migrant Workers", "CMW"),
    ("Committee on Migrant Workers", "CMW"),
    ("General Assembly", "General Assembly"),
    ("Human Rights Council", "Human Rights Council"),
]
SYMBOL = re.compile(r"\b(CMW/C/(?:SR\.\d+|\d+/\d+|[A-Z]{3}/(?:CO/|QPR/)?\d+)|A/(?:HRC/)?\d+/\d+(?:/Add\.\d+)?)\b")
MEETING_TITLE = re.compile(r"Summary record\s*(\(partial\))?\s*\**\s*of the\s+(\d+)(?:st|nd|rd|th)\s+meeting", re.I)
HELD = re.compile(r"Held at (?:the )?(.+?),\s*on\s+(?:\w+day,\s*)?(\d{1,2}\s+\w+\s+\d{4}),?\s*at\s+([\d.:]+\s*[ap]\.\s?m\.)", re.I)
CHAIR_LINE = re.compile(r"^\s*Chair(?:person|man|woman)?\s*:\s*(.+?)\s*$", re.I)
ITEM = re.compile(r"\bItem\s+(\d+\s*(?:\([a-z]\))?)\s+of the (?:provisional )?agenda", re.I)
AGENDA_SYMBOL = re.compile(r"\((CMW/C/\d+/\d+)\)")
TIME = r"(\d{1,2}(?:[.:]\d{2})?\s*[ap]\.\s?m\.|noon|midnight)"
OPENED = re.compile(r"(?:The meeting was called to order|The discussion covered in the summary record began|The meeting was opened) at " + TIME, re.I)
ROSE = re.compile(r"The meeting (?:rose|was closed|ended) at " + TIME, re.I)


def iso_date(text: str) -> str:
    m = DATE.search(text)
    if not m:
        return ""
    return f"{int(m.group(3)):04d}-{MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"


def parse_masthead(meta: RecordMeta, masthead: list[str], raw_masthead: str, full_text: str) -> str:
    """Fill `meta` in place from the lines before the body; leave fields empty when the text lacks them.

    Returns the agenda item a report's paragraphs fall under ("" when none is printed)."""
    agenda_item = ""
    head = "\n".join(masthead)
    flat = re.sub(r"\s+", " ", head)
    for needle, short in BODIES:
        if needle.lower() in flat.lower():
            meta.body = short
            idx = flat.lower().index(needle.lower())
            meta.body_name = "Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families" if short == "CMW" else flat[idx:idx + len(needle)]
            break
    if not meta.body and re.search(r"Committee on the Protection of the Rights of All Migrant Workers", full_text, re.I):
        meta.body, meta.body_name = "CMW", "Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families"
    m = DATE.search(head)
    if m:
        meta.issued = iso_date(m.group(0))
    meta.session = number_before(flat, "session")
    mt = MEETING_TITLE.search(flat)
    if mt:
        meta.doc_type = "summary record"
        meta.partial = bool(mt.group(1))
        meta.meeting = int(mt.group(2))
        meta.title = re.sub(r"\s+", " ", re.sub(r"\*+", "", mt.group(0)))
    held = HELD.search(flat)
    if held:
        meta.place = held.group(1).strip()
        meta.date = iso_date(held.group(2))
        meta.time = held.group(3).strip()
    for line in masthead:
        c = CHAIR_LINE.match(line)
        if c:
            meta.chair = c.group(1).strip(" *")
    syms = [s for s in SYMBOL.findall(flat)]
    if syms:
        meta.symbol = syms[0]
    elif meta.body == "CMW" and meta.meeting:
        meta.symbol = f"CMW/C/SR.{meta.meeting}"
    if re.search(r"Report of the Secretary-General", flat, re.I):
        meta.doc_type = meta.doc_type or "report"
        agenda_item = _report_title(meta, raw_masthead)
    a = AGENDA_SYMBOL.search(full_text)
    if a:
        meta.agenda_symbol = a.group(1)
    if not meta.date and meta.doc_type == "report":
        meta.date = meta.issued
    if meta.session is None:
        # Older records state the session only in the opening paragraph ("declared open the nineteenth session").
        body_head = re.sub(r"\s+", " ", full_text[:4000])
        meta.session = number_before(body_head, "session")
    year = (meta.date or meta.issued)[:4]
    if year:
        meta.year = int(year)
    else:
        j = JOB_YEAR.search(full_text)
        if j:
            meta.year = 2000 + int(j.group(1))
    if not meta.doc_type and (meta.body == "CMW" or OPENED.search(full_text)):
        meta.doc_type = "summary record"
    return agenda_item


def _report_title(meta: RecordMeta, raw: str) -> str:
    """Reports print agenda item and title as bold runs: **Item title****Report title****Report of ...**."""
    runs = [re.sub(r"\s+", " ", r).strip() for r in re.findall(r"\*\*(.+?)\*\*", raw, re.S)]
    runs = [r for r in runs if r and r.lower() not in {b.lower() for b, _ in BODIES} and r != meta.body]
    item = ITEM.search(re.sub(r"\s+", " ", raw))
    if item and len(runs) > 2:
        meta.title = ": ".join(runs[1:])
        return f"Item {item.group(1)}: {runs[0]}"
    meta.title = ": ".join(runs)
    return ""
