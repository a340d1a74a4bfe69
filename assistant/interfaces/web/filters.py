"""The filter menus (records, sessions, speakers and organizations), read from the index, and their meaning as
`Assistant.ask` filters.

Speakers and organizations come from the desk's directory, so one organization written several ways (acronym,
long form, with a job title) is one entry, each person has one clean title, and States are typed as States.
Sessions carry their body: the General Assembly's 59th session is not the Committee's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .render import ordinal

NOTHING = "(no record matches these filters)"   # a file name no record has: the filters then match nothing


def record_name(meta: dict, file: str) -> str:
    return meta.get("symbol") or meta.get("title") or file


def body_of(meta: dict) -> str:
    return meta.get("body") or "CMW"


def session_label(body: str, session: int, years: list) -> str:
    when = f" ({', '.join(str(y) for y in sorted(set(years)))})" if years else ""
    return f"{body} {ordinal(int(session))} session{when}"


@dataclass
class FilterChoices:
    records: list[tuple[str, str]]
    sessions: list[tuple[str, str]]            # ("CMW 40th session (2025)", "CMW|40")
    people: list[tuple[str, str]]              # ("Mr. Salama — OHCHR …", "person:KEY")
    session_files: dict[str, set[str]] = field(default_factory=dict)
    party_speakers: dict[str, set[str]] = field(default_factory=dict)
    party_affiliations: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, records: dict[str, dict], parties) -> "FilterChoices":
        """`parties` are the desk directory's (`desk.speakers.directory(assistant).parties`)."""
        recs = []
        for f, m in sorted(records.items(), key=lambda kv: (kv[1].get("date") or "", kv[0])):
            bits = [b for b in (m.get("date"), f"{body_of(m)} session {m['session']}" if m.get("session") else "") if b]
            title = m.get("title", "")
            name = record_name(m, f)
            label = f"{name} — {title}" if m.get("symbol") and title else name
            recs.append((f"{label} ({', '.join(bits)})" if bits else label, f))
        session_files: dict[str, set[str]] = {}
        years: dict[str, list] = {}
        for f, m in records.items():
            if m.get("session"):
                key = f"{body_of(m)}|{int(m['session'])}"
                session_files.setdefault(key, set()).add(f)
                year = m.get("year") or (str(m.get("date") or "")[:4] or None)
                if year:
                    years.setdefault(key, []).append(int(year))
        order = sorted(session_files, key=lambda k: (k.split("|")[0] != "CMW", k.split("|")[0], int(k.split("|")[1])))
        sessions = [(session_label(k.split("|")[0], int(k.split("|")[1]), years.get(k, [])), k) for k in order]
        people, speakers, affs, labels = [], {}, {}, {}
        for p in parties:
            value = f"{'person' if p.kind == 'person' else 'org'}:{p.key}"
            if p.kind == "person":
                title = p.organization or p.role
                label = f"{p.name} — {title}" + (f" ({p.role})" if p.organization and p.role else "")
                speakers[value] = set(p.aliases)
                affs[value] = set()
            else:
                label = f"{p.name} — {p.role}"
                speakers[value] = set()
                affs[value] = set(p.affiliations)
            labels[value] = label
            people.append((label, value))
        people.sort(key=lambda lv: (not lv[1].startswith("person:"), lv[0].lower()))
        names = {f: record_name(m, f) for f, m in records.items()}
        return cls(recs, sessions, people, session_files, speakers, affs, names, labels)

    def filters(self, files=None, sessions=None, people=None) -> dict | None:
        """Menu values to `Assistant.ask` filters. A speaker or an organization matches (either one)."""
        out: dict = {}
        chosen = set(files or [])
        if sessions:
            in_sessions = set().union(*(self.session_files.get(str(s), set()) for s in sessions))
            chosen = (chosen & in_sessions) if files else in_sessions
            if not chosen:
                chosen = {NOTHING}
        if chosen:
            out["files"] = sorted(chosen)
        speakers, affs = set(), set()
        for value in people or []:
            speakers |= self.party_speakers.get(str(value), set())
            affs |= self.party_affiliations.get(str(value), set())
        if speakers:
            out["speakers"] = sorted(speakers)
        if affs:
            out["affiliations"] = sorted(affs)
        return out or None

    def describe(self, files=None, sessions=None, people=None) -> str:
        parts = []
        if files:
            parts.append("records: " + ", ".join(self.names.get(f, f) for f in files))
        if sessions:
            labels = dict((v, lbl) for lbl, v in self.sessions)
            parts.append("sessions: " + ", ".join(labels.get(str(s), str(s)) for s in sessions))
        if people:
            parts.append("speakers/organizations: " + ", ".join(self.labels.get(str(p), str(p)).split(" — ")[0]
                                                               for p in people))
        return "; ".join(parts)
