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

from ..answer.compose import long_date
from ..core.glossary import countries
from ..records.model import ordinal
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
    sentence: str          # verbatim from the paragraph
    label: str
    file: str
    paragraph: int

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

    # -- rendering -------------------------------------------------------------------------------
    def _grouped(self, pts: list[Point]) -> list[tuple[str, list[Point]]]:
        out: list[tuple[str, list[Point]]] = []
        for p in pts:
            if out and out[-1][0] == p.who():
                out[-1][1].append(p)
            else:
                out.append((p.who(), [p]))
        return out

    def to_markdown(self) -> str:
        md = [f"# {self.title}", "", f"**Scope:** {self.description}", ""]
        if self.notice:
            md += [f"> {self.notice}", ""]
        md += [self.overview, ""]
        if self.summary:
            md += ["## In brief", "", self.summary, ""]
        md += ["## Key points", ""]
        if not any(self.points.values()):
            md += ["No paragraph of the indexed records matches this scope.", ""]
        for group, pts in self.points.items():
            if not pts:
                continue
            md += [f"### {GROUPS[group]}", ""]
            for who, items in self._grouped(pts):
                quotes = [f"“{p.sentence}” [{p.label}]" for p in items]
                if len(quotes) == 1:
                    md.append(f"- **{who}:** {quotes[0]}" if who else f"- {quotes[0]}")
                elif who:
                    md.append(f"- **{who}:**")
                    md += [f"    - {q}" for q in quotes]
                else:
                    md += [f"- {q}" for q in quotes]
            md.append("")
        md += ["## Dates and sessions", ""]
        md += [f"- {r.line()}" for r in self.records] or ["- none"]
        md += ["", "## Sources", ""]
        for i, s in enumerate(self.sources, 1):
            who = f" — {s.speaker}" + (f" ({s.affiliation})" if s.affiliation else "") if s.speaker else ""
            md.append(f"{i}. {s.label}{who}" + (f", {long_date(s.date)}" if s.date else ""))
        md += ["", "## Annex: full paragraphs", ""]
        for s in self.sources:
            who = f" — {s.speaker}" + (f" ({s.affiliation})" if s.affiliation else "") if s.speaker else ""
            md += [f"### {s.label}{who}", "", s.text, ""]
        md.append("*Extractive note: every key point is a sentence quoted from the cited paragraph.*")
        return "\n".join(md).rstrip() + "\n"

    def to_docx(self, path: str | Path) -> Path:
        from docx import Document
        from docx.shared import Pt

        path = Path(path)
        doc = Document()
        doc.core_properties.title = self.title
        doc.add_heading(self.title, level=0)
        p = doc.add_paragraph()
        p.add_run("Scope: ").bold = True
        p.add_run(self.description)
        if self.notice:
            doc.add_paragraph(self.notice).italic = True
        doc.add_paragraph(self.overview)
        if self.summary:
            doc.add_heading("In brief", level=1)
            doc.add_paragraph(self.summary)
        doc.add_heading("Key points", level=1)
        if not any(self.points.values()):
            doc.add_paragraph("No paragraph of the indexed records matches this scope.")
        for group, pts in self.points.items():
            if not pts:
                continue
            doc.add_heading(GROUPS[group], level=2)
            for who, items in self._grouped(pts):
                para = doc.add_paragraph(style="List Bullet")
                if who:
                    para.add_run(who + ": ").bold = True
                for i, pt in enumerate(items):
                    para.add_run(("" if i == 0 else " ") + f"“{pt.sentence}” ")
                    para.add_run(f"[{pt.label}]").italic = True
        doc.add_heading("Dates and sessions", level=1)
        for r in self.records:
            doc.add_paragraph(r.line(), style="List Bullet")
        doc.add_heading("Sources", level=1)
        for s in self.sources:
            who = f" — {s.speaker}" + (f" ({s.affiliation})" if s.affiliation else "") if s.speaker else ""
            doc.add_paragraph(f"{s.label}{who}" + (f", {long_date(s.date)}" if s.date else ""), style="List Number")
        doc.add_page_break()
        doc.add_heading("Annex: full paragraphs", level=1)
        for s in self.sources:
            who = f" — {s.speaker}" + (f" ({s.affiliation})" if s.affiliation else "") if s.speaker else ""
            doc.add_heading(f"{s.label}{who}", level=3)
            body = doc.add_paragraph(s.text)
            for run in body.runs:
                run.font.size = Pt(10)
        foot = doc.add_paragraph("Extractive note: every key point is a sentence quoted from the cited paragraph.")
        foot.runs[0].italic = True
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))
        return path


# -- scope ----------------------------------------------------------------------------------------
@dataclass
class Scope:
    kind: str                 # topic | country | session | record
    text: str
    files: list[str] = field(default_factory=list)
    session: int | None = None
    country: str = ""


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


def _select(assistant, scope: Scope) -> list[tuple[dict, list[str], float]]:
    """(paragraph, key sentences, score) for the paragraphs in scope, in record order."""
    paras = sorted(assistant.paragraphs(), key=lambda p: (p["file"], int(p["paragraph"])))
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
    topic = Topic(assistant, scope.text)
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


def build_brief(assistant, scope: str, *, cap: bool = True) -> Brief:
    """A briefing note on a topic, a country, a session or a record; see the module docstring."""
    sc = parse_scope(assistant, scope)
    d = directory(assistant)
    recs = assistant.records()
    chosen = _select(assistant, sc)
    if cap and sc.kind in ("session", "record"):
        chosen = _cap(chosen, d)
    points: dict[str, list[Point]] = {g: [] for g in GROUPS}
    sources: list[Source] = []
    for p, sents, _ in chosen:
        role = d.role_of(p["file"], p["paragraph"])
        group = ROLE_GROUP.get(role, "civil") if p.get("speaker") else "documents"
        for s in sents:
            points[group].append(Point(group, p.get("speaker", ""), p.get("affiliation", ""), role, s, p["label"],
                                       p["file"], int(p["paragraph"])))
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
    brief = Brief(title, scope, sc.kind, description, _overview(sc, sources, infos, d), points, infos, sources)
    if not sources:
        brief.notice = ("No paragraph of the indexed records matches this scope. Try a broader topic, a State named "
                        "in the records, or a session number such as \"fortieth session\".")
    brief.summary = _llm_summary(assistant, sc, brief)
    return brief


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
