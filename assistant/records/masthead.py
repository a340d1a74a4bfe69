"""Record metadata from the masthead: symbol, body, session, meeting, date, place, chair, title.

Mastheads come in many forms (three eras, four languages, extraction noise); fields are read from a
tidied copy of the lines (see noise.py). The record's symbol is a symbol printed on a line of its own,
or, for a summary record, CMW/C/SR.N derived from "Summary record of the Nth meeting" - never a symbol
from a sub-heading, which names the report under review (kept as `report_symbol`).
"""
from __future__ import annotations

import re

from ..core.glossary import countries
from .clean import JOB_YEAR
from .model import RecordMeta
from .noise import fix_ordinal, tidy, title_case_name
from ..core.numbers import UNITS, TENS, number_before

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)


def month_key(month: str, year) -> str:
    """ "April", 2025 -> "2025-04", as the vocabulary keys the months that have a record."""
    return f"{int(year):04d}-{MONTHS.index(month.lower()) + 1:02d}"


MONTHS_OTHER = {  # French, Spanish, Russian (genitive) month names
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12}
DATE_OTHER = re.compile(r"\b(\d{1,2})\s*(?:º|°|er)?\s+(?:de\s+)?(" + "|".join(MONTHS_OTHER) + r")\s+(?:de\s+)?(\d{4})",
                        re.I)
BODIES = [  # (name as printed, short name, prefix of its summary-record symbols)
    ("Committee on the Protection of the Rights of All Migrant Workers", "CMW", "CMW/C/SR."),
    ("Committee on Migrant Workers", "CMW", "CMW/C/SR."),
    ("Comité pour la protection des droits de tous les travailleurs migrants", "CMW", "CMW/C/SR."),
    ("Comité de Protección de los Derechos de Todos los Trabajadores Migratorios", "CMW", "CMW/C/SR."),
    ("Комитет по защите прав всех трудящихся", "CMW", "CMW/C/SR."),
    ("General Assembly", "General Assembly", ""),
    ("Human Rights Council", "Human Rights Council", ""),
    ("Committee on the Rights of the Child", "CRC", "CRC/C/SR."),
    ("Committee on the Elimination of Racial Discrimination", "CERD", "CERD/C/SR."),
    ("Committee on the Elimination of Discrimination against Women", "CEDAW", "CEDAW/C/SR."),
    ("Human Rights Committee", "CCPR", "CCPR/C/SR."),
    ("Committee against Torture", "CAT", "CAT/C/SR."),
    ("Committee on the Rights of Persons with Disabilities", "CRPD", "CRPD/C/SR."),
    ("Committee on Enforced Disappearances", "CED", "CED/C/SR."),
    ("Committee on Economic, Social and Cultural Rights", "CESCR", ""),
]
CMW_NAME = "Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families"
SYMBOL = re.compile(r"\b(CMW/C/(?:SR\.\d+|\d+/\d+|[A-Z]{3}/(?:CO/|QPR/)?\d+)|A/(?:HRC/)?\d+/\d+(?:/Add\.\d+)?)\b")
SYMBOL_LINE = re.compile(r"^([A-Z]{1,6}(?:/[A-Za-z0-9.\-]+)+)\s*\**$")
MEETING_TITLES = [  # (pattern, language); group "mid" holds "(partial)", "of the second part (public)", ...
    (r"Summary record\b(?P<mid>[^.\n]{0,80}?)\bof the\s+(?P<n>\d+)(?:st|nd|rd|th)\s+meeting", "en"),
    (r"Compte rendu analytique\b(?P<mid>.{0,80}?)\bde la\s+(?P<n>\d+)\s*(?:e|re|ème)\s+séance", "fr"),
    (r"Acta resumida\b(?P<mid>.{0,80}?)\bde la\s+(?P<n>\d+)\s*[ªa]\.?\s*sesi[oó]n", "es"),
    (r"Краткий отчет\b(?P<mid>.{0,80}?)\bо\s+(?P<n>\d[\d ]*)-м\s+заседании", "ru"),
]
MEETING_TITLE = re.compile(MEETING_TITLES[0][0], re.I)
PARTIAL = re.compile(r"partial|\bpart\b|parcial|partiel|частичн|публичн|pública|publique", re.I)
TIME = r"(\d{1,2}(?:[.:]\d{2})?\s*[ap]\.\s?m\.|noon|midnight)"
TZ = r"(?:\s+(?:Central European(?: Summer)? Time|Eastern (?:Daylight|Standard) Time|Coordinated Universal Time))?"
HELD = re.compile(r"Held (?:at|in|via|by)\s+(?:the )?(.+?),?\s*on,?\s+(?:\w+day,?\s*)?(\d{1,2}\s+\w+\s+\d{4}),?\s*"
                  r"at\s+((?:" + TIME[1:-1] + ")" + TZ + ")", re.I)
HELD_OTHER = re.compile(r"Celebrada|[Tt]enue|состоявш")
CHAIR_LABEL = re.compile(r"(?:^|(?<=[)\w.]))\s*(?P<kind>Temporary\s+|Acting\s+)?(?:Chair(?:person|man|woman)?"
                         r"|P\s?r[eé]sident[ea]?|Presidenta|Председатель)\s*:\s*", re.I)
LATER_LINE = re.compile(r"^\s*later\s*:\s*(.+?)\s*$", re.I)
ABSENCE = re.compile(r"In the absence of (?P<absent>[^,]+?), (?P<acting>(?:Mr|Ms|Mrs|Dr|Sir)\.?\s[^,(]+?)"
                     r"(?:\s*\((?P<role>[^)]*)\)|, (?P<role2>[^,]+?))?,? took the [Cc]hair")
ITEM = re.compile(r"\bItem\s+(\d+\s*(?:\([a-z]\))?)\s+of the (?:provisional )?agenda", re.I)
AGENDA_SYMBOL = re.compile(r"\((CMW/C/\d+/\d+)\)")
PART = r"(?:(?:first |second |third )?(?:public |closed |private )?part (?:\((?:public|closed|private)\) )?of the )?"
OPENED = re.compile(r"(?:The " + PART + r"meeting was called to order"
                    r"|The discussion covered in the summary record began|The meeting was opened) at " + TIME, re.I)
ROSE = re.compile(r"(?:The " + PART + r"meeting (?:rose|was closed|ended)"
                  r"|The discussion covered in the summary record ended) at " + TIME, re.I)
OPENED_OTHER = re.compile(r"^(?:Заседание открывается|Прения, охваченные|Se (?:declara abierta|abre) la sesión"
                          r"|La séance est ouverte|La partie publique de la séance est ouverte)", re.I)
ROSE_OTHER = re.compile(r"^(?:Заседание закрывается|Se levanta la sesión|La séance est levée)", re.I)
REPORT_OF = re.compile(r"\breports? (?:of|submitted by|on) (?:the )?(?P<state>[A-Z][^(*;:]{1,60}?)\s*(?:\(continued\)\s*)?"
                       r"(?:\((?P<sym>[A-Z]+/C/[A-Z]{3}/[\w\-]+)|\*|$)")
SR_SYMBOL = re.compile(r"/SR\.\d+")


def iso_date(text: str) -> str:
    m = DATE.search(text)
    if m:
        return f"{int(m.group(3)):04d}-{MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"
    m = DATE_OTHER.search(text)
    if m:
        return f"{int(m.group(3)):04d}-{MONTHS_OTHER[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    return ""


def opening_time(text: str) -> str | None:
    """The time in a call-to-order line ("at 10. 20 a .m." read as 10.20 a.m.), or None."""
    m = OPENED.search(tidy(text))
    return m.group(1) if m else ("" if OPENED_OTHER.search(text) else None)


def closing_time(text: str) -> str | None:
    m = ROSE.search(tidy(text))
    return m.group(1) if m else ("" if ROSE_OTHER.search(text) else None)


def split_role(value: str) -> tuple[str, str]:
    """ "Mr. Taghizade (Vice-Chairperson)" -> ("Mr. Taghizade", "Vice-Chairperson")."""
    value = value.strip(" *")
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", value)
    name, role = (m.group(1), m.group(2)) if m else (value, "")
    return title_case_name(name.strip(" ,")), role.strip()


def _body(meta: RecordMeta, flat: str, full_text: str) -> str:
    """Set body and body_name from the earliest committee name printed; return its symbol prefix."""
    low = flat.lower()
    found = [(low.find(n.lower()), n, short, prefix) for n, short, prefix in BODIES if n.lower() in low]
    if not found and re.search(r"Committee on the Protection of the Rights of All Migrant Workers", full_text, re.I):
        found = [(0, BODIES[0][0], "CMW", "CMW/C/SR.")]
    if not found:
        return ""
    idx, needle, short, prefix = min(found)
    meta.body = short
    meta.body_name = CMW_NAME if short == "CMW" else flat[idx:idx + len(needle)] if idx >= 0 else needle
    return prefix


def _symbol_line(lines: list[str]) -> str:
    for line in lines:
        m = SYMBOL_LINE.match(line.strip())
        if m and re.search(r"\d", m.group(1)) and "/" in m.group(1):
            return m.group(1)
    return ""


def _session(meta: RecordMeta, flat: str) -> None:
    m = re.search(r"\b([A-Za-z]+(?:-[A-Za-z]+)?)\s+session\b", flat)
    if m and not any(w in UNITS or w in TENS for w in m.group(1).lower().split("-")):
        flat = flat.replace(m.group(0), fix_ordinal(m.group(1)) + " session", 1)
    meta.session = number_before(flat, "session")
    if meta.session is None:
        es = re.search(r"\b(\d{1,3})\s*(?:º|°|er|o)?\s+período de sesiones", flat)
        meta.session = int(es.group(1)) if es else None


def _meeting(meta: RecordMeta, flat: str) -> None:
    for pattern, _lang in MEETING_TITLES:
        mt = re.search(pattern, flat, re.I)
        if mt:
            meta.doc_type = "summary record"
            meta.partial = bool(PARTIAL.search(mt.group("mid")))
            meta.meeting = int(mt.group("n").replace(" ", ""))
            meta.title = re.sub(r"\s+", " ", re.sub(r"\*+", "", mt.group(0))).replace(" )", ")")
            return


def _held(meta: RecordMeta, flat: str) -> None:
    held = HELD.search(flat)
    if held:
        meta.place = held.group(1).strip()
        meta.date = iso_date(held.group(2))
        meta.time = held.group(3).strip()
        return
    other = HELD_OTHER.search(flat)
    if other:
        meta.date = iso_date(flat[other.start():other.start() + 200])


def _chair(meta: RecordMeta, lines: list[str]) -> None:
    joined: list[str] = []
    for line in lines:  # a role in parentheses wrapped onto the next line
        if joined and joined[-1].count("(") > joined[-1].count(")"):
            joined[-1] += ("" if joined[-1].endswith("-") else " ") + line
        else:
            joined.append(line)
    lines = joined
    for i, line in enumerate(lines):
        if CHAIR_LABEL.fullmatch(line) and i + 1 < len(lines):
            line += " " + lines[i + 1]  # "Chair:" with the name on the next line
        # A label opens the line, or follows other masthead text on it ("… at 3 p.m. Chairperson: Mrs. X").
        labels = [c for c in CHAIR_LABEL.finditer(line) if c.start() == 0 or line[c.start():c.end()].strip()[:1].isupper()]
        for k, c in enumerate(labels):  # "Temporary Chair:Ms. X (…)Chair:Mr. Y" on one line
            value = line[c.end():labels[k + 1].start() if k + 1 < len(labels) else len(line)]
            if (c.group("kind") or "").strip().lower() == "temporary":
                meta.temporary_chair = meta.temporary_chair or split_role(value)[0]
            elif not meta.chair:
                meta.chair, meta.chair_role = split_role(value)
        later = LATER_LINE.match(line)
        if later and not meta.chair_later:
            meta.chair_later = split_role(later.group(1))[0]
    absent = ABSENCE.search(" ".join(lines))
    if absent and not meta.chair:
        meta.chair = title_case_name(absent.group("acting").strip())
        meta.chair_role = (absent.group("role") or absent.group("role2") or "").strip()


def _doc_type(meta: RecordMeta, flat: str) -> None:
    s = meta.symbol
    if meta.doc_type:
        return
    if SR_SYMBOL.search(s):
        meta.doc_type = "summary record"
    elif "/CO/" in s or re.search(r"Concluding observations|Observations finales|Observaciones finales|"
                                  r"Заключительные замечания", flat, re.I):
        meta.doc_type = "concluding observations"
    elif "/QPR/" in s or re.search(r"List of issues prior to|Перечень вопросов, направляемых до", flat, re.I):
        meta.doc_type = "list of issues prior to reporting"
    elif "/Q/" in s or re.search(r"\bList of issues\b", flat, re.I):
        meta.doc_type = "list of issues"
    elif re.search(r"Report of the Secretary-General", flat, re.I):
        meta.doc_type = "report"
    elif re.fullmatch(r"[A-Z]+/C/\d+/\d+", s) or re.search(r"provisional agenda\b(?! \*)", flat, re.I) and "Annotat" in flat:
        meta.doc_type = "agenda"
    elif re.fullmatch(r"[A-Z]+/C/[A-Z]{3}/\d+(?:-\d+)?", s) or re.search(
            r"\b(?:initial|periodic) reports? (?:of|submitted by)|reports submitted by States parties", flat, re.I):
        meta.doc_type = "State report"


def report_under_review(meta: RecordMeta, heading: str) -> None:
    """Record the State under review and its report's symbol from a title or sub-heading."""
    if meta.state_under_review and meta.report_symbol:
        return
    m = REPORT_OF.search(tidy(heading))
    if not m or m.group("state").startswith(("States parties", "State party", "the Committee")):
        return
    state = re.sub(r"^the\s+", "", m.group("state").strip(" ,."))
    if meta.state_under_review in ("", state):
        meta.state_under_review = state
        meta.report_symbol = meta.report_symbol or m.group("sym") or ""


def parse_masthead(meta: RecordMeta, masthead: list[str], raw_masthead: str, full_text: str,
                   all_lines: list[str] | None = None) -> str:
    """Fill `meta` in place from the lines before the body; leave fields empty when the text lacks them.

    `all_lines` are the masthead lines including furniture (a symbol line looks like a running header).
    Returns the agenda item a report's paragraphs fall under ("" when none is printed)."""
    agenda_item = ""
    lines = [tidy(s) for s in masthead]
    flat = re.sub(r"\s+", " ", "\n".join(lines))
    prefix = _body(meta, flat, full_text)
    held_at = min((i for i, s in enumerate(lines) if HELD.search(s) or HELD_OTHER.search(s)
                   or any(re.search(p, s, re.I) for p, _ in MEETING_TITLES)), default=len(lines))
    m = DATE.search("\n".join(lines[:held_at])) or DATE_OTHER.search("\n".join(lines[:held_at]))
    if m:
        meta.issued = iso_date(m.group(0))
    _session(meta, flat)
    _meeting(meta, flat)
    _held(meta, flat)
    _chair(meta, lines)
    meta.symbol = _symbol_line(all_lines if all_lines is not None else masthead)
    if not meta.symbol and prefix and meta.meeting and meta.doc_type == "summary record":
        meta.symbol = f"{prefix}{meta.meeting}"
    _doc_type(meta, flat)
    if meta.doc_type == "report" and re.search(r"Report of the Secretary-General", flat, re.I):
        agenda_item = _report_title(meta, raw_masthead)
    for line in lines:
        report_under_review(meta, line)
    if not meta.state_under_review and meta.doc_type == "State report":
        names = set(countries())
        meta.state_under_review = next((s.strip(" *") for s in lines if s.strip(" *") in names), "")
    a = AGENDA_SYMBOL.search(full_text)
    if a:
        meta.agenda_symbol = a.group(1)
    if not meta.date and meta.doc_type and meta.doc_type != "summary record":
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
    runs = [r for r in runs if r and r.lower() not in {b.lower() for b, _, _ in BODIES} and r != meta.body]
    item = ITEM.search(re.sub(r"\s+", " ", raw))
    if item and len(runs) > 2:
        meta.title = ": ".join(runs[1:])
        return f"Item {item.group(1)}: {runs[0]}"
    meta.title = ": ".join(runs)
    return ""
