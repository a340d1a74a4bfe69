"""Briefing notes: who said what on a topic, a country or a session, every point a quoted sentence with its citation.

`build_brief(assistant, "alternatives to detention" | "Morocco" | "fortieth session" | "CMW/C/SR.506")` is offline
and extractive: key points are sentences copied from the paragraphs, grouped by who said them (the Committee and
its Chair, States, UN bodies, civil society and NHRIs), followed by the records' dates and sessions, the list of
sources and an annex with the full paragraphs. When an LLM backend is attached to the assistant, an "In brief"
answer from it is added only if every paragraph it cites is among the note's sources.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..answer.facts import long_date
from ..answer.types import document_url
from ..core.errors import QuestionError
from ..core.glossary import countries
from ..records.model import ordinal
from .quotes import faithful_quote, quote_indices
from .said import Topic
from .speakers import GROUPS, ROLE_GROUP, compress_labels, directory, resolve_records
from ..core.text import sentences
from ..core.numbers import mentioned_numbers, spelled_ordinals
from ..core.text import fold

SALIENT = re.compile(r"\b(?:should|must|urged?|recommend\w*|call(?:ed)? (?:on|upon|for)|adopted|concluding observations|"
                     r"ratif\w+|accession|welcomed?|concern\w*|general comment|declared|regret\w*|stressed|"
                     r"emphasi[sz]ed|encourag\w+|commended|proposed|suggest\w*)\b", re.I)
MAX_PER_GROUP = 12
MAX_PER_SPEAKER = 6


@dataclass
class Point:
    group: str
    speaker: str
    affiliation: str
    role: str
    sentence: str          # the quote: verbatim sentences in the record's order, "…" where some are left out
    label: str
    file: str
    paragraph: int
    quoted: list[str] = field(default_factory=list)   # the quoted sentences themselves

    def who(self) -> str:
        if not self.speaker:
            return ""
        return self.speaker + (f" ({self.affiliation})" if self.affiliation and self.affiliation != "Chair" else
                               " (Chair)" if self.affiliation == "Chair" else "")


@dataclass
class Source:
    label: str
    file: str
    paragraph: int
    speaker: str
    affiliation: str
    role: str
    text: str
    symbol: str = ""
    session: int | None = None
    meeting: int | None = None
    date: str = ""

    @property
    def url(self) -> str:
        return document_url(self.symbol)


@dataclass
class RecordInfo:
    file: str
    name: str
    title: str
    body: str
    session: int | None
    meeting: int | None
    date: str
    time: str
    place: str
    chair: str
    cited: str             # "¶2, ¶23–25"

    def line(self) -> str:
        bits = []
        if self.title:
            bits.append(self.title)
        if self.session:
            bits.append(f"{self.body or 'CMW'} {ordinal(self.session)} session")
        if self.meeting:
            bits.append(f"{ordinal(self.meeting)} meeting")
        when = long_date(self.date) if self.date else ""
        if when:
            bits.append(when + (f", {self.time}" if self.time else ""))
        if self.place:
            bits.append(self.place)
        if self.chair:
            bits.append(f"Chair: {self.chair}")
        return f"{self.name} — " + "; ".join(bits) + (f" (cited: {self.cited})" if self.cited else "")


@dataclass
class Brief:
    title: str
    scope: str
    kind: str                                   # topic | country | session | record
    description: str
    overview: str
    points: dict[str, list[Point]] = field(default_factory=dict)   # group key -> points, GROUPS order
    records: list[RecordInfo] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    summary: str = ""                           # optional LLM "In brief", citations validated
    notice: str = ""

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.sources]

    @property
    def empty(self) -> bool:
        return not self.sources

    def to_dict(self) -> dict:
        d = asdict(self)
        d["groups"] = {k: GROUPS[k] for k in self.points}
        return d

    # -- rendering (desk.brief_export) ---------------------------------------------------------------
    def to_markdown(self) -> str:
        from .brief_export import to_markdown
        return to_markdown(self)

    def to_docx(self, path: str | Path) -> Path:
        from .brief_export import to_docx
        return to_docx(self, path)


# -- scope ----------------------------------------------------------------------------------------
@dataclass
class Scope:
    kind: str                 # topic | country | session | record
    text: str
    files: list[str] = field(default_factory=list)
    session: int | None = None
    country: str = ""
    topic: str = ""           # the topic words once the question's years and filters are taken out


def country_pattern(country: str) -> re.Pattern:
    """"Morocco" also matches "Moroccan"; "Chile" matches "Chilean" but not "children"."""
    forms = [re.escape(country)]
    if " " not in country and len(country) >= 5:
        stem = re.escape(country[:-1])
        forms.append(stem + r"(?:an|ian|ean|ese|i|ish|o|a|e|y)")
    return re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])", re.I)


def parse_scope(assistant, scope: str) -> Scope:
    text = re.sub(r"\s+", " ", (scope or "").strip().strip("\"'“”"))
    if not text:
        raise ValueError("The scope is empty: give a topic, a country or a session, e.g. \"alternatives to detention\".")
    recs = assistant.records()
    # A record: symbol, file name, "SR.506", "506th meeting".
    sym = re.search(r"\b(?:CMW/C/)?SR\.?\s?(\d{2,4})\b", text, re.I)
    meetings = mentioned_numbers("meeting", text) + ([int(sym.group(1))] if sym else [])
    if meetings or text in recs:
        files = [text] if text in recs else sorted(f for f, m in recs.items() if m.get("meeting") in meetings)
        if not files and sym:
            files = resolve_records(assistant, text)
        return Scope("record", text, files)
    if re.search(r"\bsession\b", text, re.I):
        nums = mentioned_numbers("session", text) or spelled_ordinals(text)
        if nums:
            n = nums[0]
            return Scope("session", text, sorted(f for f, m in recs.items() if m.get("session") == n), session=n)
    low = fold(text)
    for c in countries():
        if low in (fold(c), "the " + fold(c)):
            return Scope("country", text, [], country=c)
    return Scope("topic", text)


# -- selection ------------------------------------------------------------------------------------
def _salience(sentence: str) -> float:
    s = 0.0
    s += 1.0 if SALIENT.search(sentence) else 0.0
    s += 0.5 if re.search(r"\d", sentence) else 0.0
    n = len(sentence.split())
    s += 0.3 if 12 <= n <= 60 else 0.0
    return s


def _select(assistant, scope: Scope, allowed=None) -> list[tuple[dict, list[str], float]]:
    """(paragraph, key sentences, score) for the paragraphs in scope (and `allowed`), in record order."""
    paras = sorted((p for p in assistant.paragraphs() if allowed is None or allowed(p)),
                   key=lambda p: (p["file"], int(p["paragraph"])))
    chosen: list[tuple[dict, list[str], float]] = []
    if scope.kind in ("session", "record"):
        for p in paras:
            if p["file"] in scope.files:
                ranked = sorted(((_salience(s), -i, s) for i, s in enumerate(sentences(p["text"]))), reverse=True)
                if ranked:
                    chosen.append((p, [ranked[0][2]], ranked[0][0]))
        return chosen
    if scope.kind == "country":
        pat = country_pattern(scope.country)
        for p in paras:
            in_text = [s for s in sentences(p["text"]) if pat.search(s)]
            about = pat.search(p.get("affiliation") or "") or pat.search(p.get("agenda_subitem") or "")
            if in_text:
                chosen.append((p, in_text[:2], 2.0 + len(in_text)))
            elif about:
                ranked = sorted(((_salience(s), -i, s) for i, s in enumerate(sentences(p["text"]))), reverse=True)
                chosen.append((p, [ranked[0][2]], 1.0))
        return chosen
    topic = Topic(assistant, scope.topic or scope.text)
    scored = [(topic.score(p["text"]), p) for p in paras if topic.core_hit(p["text"])]
    if not scored:
        return []
    top = max(s for s, _ in scored)
    cut = max(0.5, 0.4 * top)
    for s, p in scored:
        if s < cut:
            continue
        sents = [(topic.score(x), -i, x) for i, x in enumerate(sentences(p["text"]))]
        sents.sort(reverse=True)
        best = sents[0][0]
        keep = [x for sc, _, x in sents[:2] if sc > 0 and sc >= 0.6 * best and topic.core_hit(x)] or [sents[0][2]]
        order = {x: -i for _, i, x in sents}
        keep.sort(key=lambda x: order[x])
        chosen.append((p, keep, s))
    return chosen


def _cap(chosen, d) -> list[tuple[dict, list[str], float]]:
    """At most MAX_PER_SPEAKER paragraphs per speaker and MAX_PER_GROUP per group, the best-scored kept."""
    ranked = sorted(chosen, key=lambda c: (-c[2], c[0]["file"], int(c[0]["paragraph"])))
    per_speaker: dict[str, int] = {}
    per_group: dict[str, int] = {}
    kept = set()
    for p, sents, score in ranked:
        role = d.role_of(p["file"], p["paragraph"])
        group = ROLE_GROUP.get(role, "civil")
        who = p.get("speaker") or f"#{p['file']}"
        if per_speaker.get(who, 0) >= MAX_PER_SPEAKER or per_group.get(group, 0) >= MAX_PER_GROUP:
            continue
        per_speaker[who] = per_speaker.get(who, 0) + 1
        per_group[group] = per_group.get(group, 0) + 1
        kept.add((p["file"], int(p["paragraph"])))
    return [c for c in chosen if (c[0]["file"], int(c[0]["paragraph"])) in kept]


def build_brief(assistant, scope: str, *, cap: bool = True, filters: dict | None = None,
                filters_text: str = "") -> Brief:
    """A briefing note on a topic, a country, a session or a record; see the module docstring. The scope is
    understood as the chat understands a question (`Assistant.plan`: years, sessions, meetings, speakers), and
    `filters` (as for `Assistant.ask`) narrow it further, so a note never draws on what the chat would not."""
    sc = parse_scope(assistant, scope)
    try:
        plan = assistant.plan(scope)
    except QuestionError as exc:
        raise ValueError(str(exc)) from None
    d = directory(assistant)
    recs = assistant.records()
    allowed, limits = constraints(plan, filters, sc.kind)
    sc.topic = _topic_words(sc.text, plan)
    chosen = [] if (plan.missing and sc.kind == "topic") else _select(assistant, sc, allowed)
    if cap and sc.kind in ("session", "record"):
        chosen = _cap(chosen, d)
    points: dict[str, list[Point]] = {g: [] for g in GROUPS}
    sources: list[Source] = []
    for p, sents, _ in chosen:
        role = d.role_of(p["file"], p["paragraph"])
        group = ROLE_GROUP.get(role, "civil") if p.get("speaker") else "documents"
        all_sents, idx = quote_indices(p["text"], sents)   # record order, with the sentence a pronoun needs
        quoted = [all_sents[i] for i in idx] or list(sents)
        points[group].append(Point(group, p.get("speaker", ""), p.get("affiliation", ""), role,
                                   faithful_quote(p["text"], quoted) or " ".join(quoted), p["label"], p["file"],
                                   int(p["paragraph"]), quoted))
        sources.append(Source(p["label"], p["file"], int(p["paragraph"]), p.get("speaker", ""),
                              p.get("affiliation", ""), role, p["text"], p.get("symbol", ""), p.get("session"),
                              p.get("meeting"), p.get("date", "")))
    points = {g: v for g, v in points.items() if v}
    files = sorted({s.file for s in sources} | set(sc.files))
    infos = []
    for f in sorted(files, key=lambda f: (recs.get(f, {}).get("date") or str(recs.get(f, {}).get("year") or ""), f)):
        m = recs.get(f, {})
        cited = compress_labels([{"file": s.file, "paragraph": s.paragraph, "label": s.label}
                                 for s in sources if s.file == f])
        lab = next((s.label for s in sources if s.file == f), "")
        name = m.get("symbol") or (lab.rsplit(" ¶", 1)[0] if lab else f)
        infos.append(RecordInfo(f, name, m.get("title", ""), m.get("body", ""), m.get("session"), m.get("meeting"),
                                m.get("date", ""), m.get("time", ""), m.get("place", ""), m.get("chair", ""),
                                cited[len(name) + 1:] if cited.startswith(name + " ") else cited))
    title, description = _describe(sc, recs)
    narrowed = "; ".join(b for b in (limits[0], filters_text or limits[1]) if b)
    if narrowed:
        description += f"; limited to {narrowed}"
    brief = Brief(title, scope, sc.kind, description, _overview(sc, sources, infos, d), points, infos, sources)
    if plan.missing and sc.kind == "topic":
        brief.notice = ("The records do not cover this scope: " + "; ".join(plan.missing) +
                        ". (The chat would refuse the same question.)")
    elif not sources:
        brief.notice = ("No paragraph of the indexed records matches this scope. Try a broader topic, a State named "
                        "in the records, or a session number such as \"fortieth session\".")
    brief.summary = _llm_summary(assistant, sc, brief)
    return brief


def constraints(plan, filters: dict | None, kind: str):
    """(paragraph test, (what the question's understanding limits, what the filters limit)) for a note."""
    f = filters or {}
    files = set(plan.files or []) | set()
    ffiles = set(f.get("files") or [])
    sessions, fsessions = set(plan.sessions or []), {int(x) for x in f.get("sessions") or []}
    meetings, years = set(plan.meetings or []), set(plan.years or [])
    date_from = max(plan.date_from or "", f.get("date_from") or "")
    date_to = min(x for x in (plan.date_to, f.get("date_to"), "9999") if x)
    people = (set(f.get("speakers") or []), set(f.get("affiliations") or []))
    named = (set(plan.speakers), set(plan.affiliations)) if kind == "topic" else (set(), set())

    def year(p: dict):
        return p.get("year") or (int(str(p.get("date"))[:4]) if str(p.get("date") or "")[:4].isdigit() else None)

    def allowed(p: dict) -> bool:
        if (files and p["file"] not in files) or (ffiles and p["file"] not in ffiles):
            return False
        if (sessions and p.get("session") not in sessions) or (fsessions and p.get("session") not in fsessions):
            return False
        if (meetings and p.get("meeting") not in meetings) or (years and year(p) not in years):
            return False
        date = str(p.get("date") or "")
        if (date_from and date and date < date_from) or (date_to != "9999" and date and date > date_to):
            return False
        for speakers, affs in (people, named):
            if (speakers or affs) and p.get("speaker") not in speakers and p.get("affiliation") not in affs:
                return False
        return True

    understood = [f"year {', '.join(map(str, sorted(years)))}" if years else "",
                  f"session {', '.join(map(str, sorted(sessions)))}" if sessions and kind != "session" else "",
                  f"from {date_from}" if date_from else "", f"until {date_to}" if date_to != "9999" else "",
                  f"speakers: {', '.join(sorted(named[0] | named[1]))}" if named[0] or named[1] else ""]
    chosen = [f"sessions {', '.join(map(str, sorted(fsessions)))}" if fsessions else "",
              f"{len(ffiles)} chosen record(s)" if ffiles else "",
              "chosen speakers or organizations" if people[0] or people[1] else ""]
    return allowed, tuple("; ".join(b for b in bits if b) for bits in (understood, chosen))


def _topic_words(text: str, plan) -> str:
    """The topic without the years the question's understanding turned into a filter ("climate refugees 2019")."""
    out = text
    for y in plan.years or []:
        out = re.sub(rf"\b(?:in|from|during)?\s*{y}\b", " ", out)
    return re.sub(r"\s+", " ", out).strip() or text


def _describe(sc: Scope, recs: dict) -> tuple[str, str]:
    if sc.kind == "session":
        names = ", ".join(sorted(recs[f].get("symbol") or f for f in sc.files)) or "no indexed record"
        return (f"Briefing note: the {ordinal(sc.session)} session",
                f"session {sc.session} (“{sc.text}”); records: {names}")
    if sc.kind == "record":
        names = ", ".join(recs[f].get("symbol") or f for f in sc.files) or "no indexed record"
        return f"Briefing note: {names}", f"record {names} (“{sc.text}”)"
    if sc.kind == "country":
        return (f"Briefing note: {sc.country}",
                f"country — paragraphs that mention {sc.country}, that a delegation of {sc.country} spoke, or that "
                f"belong to a dialogue on {sc.country}")
    return f"Briefing note: {sc.text}", f"topic “{sc.text}” — paragraphs that discuss it, across all indexed records"


def _overview(sc: Scope, sources: list[Source], infos: list[RecordInfo], d) -> str:
    if not sources:
        return "Nothing in the indexed records matches this scope."
    speakers = []
    for s in sources:
        if s.speaker:
            who = s.speaker if s.affiliation in ("", "Chair") else s.affiliation
            if s.affiliation == "Chair":
                who = f"the Chair ({s.speaker})"
            if who not in speakers:
                speakers.append(who)
    recs = "; ".join(f"{r.name}" + (f", {long_date(r.date)}" if r.date else "") for r in infos)
    line = (f"{len(sources)} paragraph{'s' if len(sources) != 1 else ''} from {len(infos)} "
            f"record{'s' if len(infos) != 1 else ''} ({recs})")
    if speakers:
        line += f"; speakers: {', '.join(speakers)}"
    return line + "."


def _llm_summary(assistant, sc: Scope, brief: Brief) -> str:
    """An LLM "In brief" paragraph, kept only when every label it cites is one of the note's sources."""
    if getattr(assistant, "llm", None) is None or not brief.sources:
        return ""
    try:
        q = f"What was said about {sc.text}?" if sc.kind in ("topic", "country") else "What happened at this meeting?"
        ans = assistant.ask(q, filters={"files": sorted({s.file for s in brief.sources})})
    except Exception:  # noqa: BLE001 - the note stands without the optional summary
        return ""
    if ans.refused:
        return ""
    cited = set(re.findall(r"\[([^\[\]]+¶\d+\*?)\]", ans.text))
    return ans.text if cited and cited <= set(brief.labels) else ""
