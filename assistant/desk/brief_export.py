"""A briefing note as Markdown or DOCX. Both show the same sections; each quote is its own list item under its
speaker, each source links to its UN document, and the DOCX has real headings, lists and properties."""
from __future__ import annotations

from pathlib import Path

from ..answer.facts import long_date
from .docx_tools import bookmark, bullet, external_link, internal_link, new_document, numbered
from .speakers import GROUPS

FOOT = "Extractive note: every key point is quoted from the cited paragraph, in the record's order; “…” marks " \
       "sentences left out."


def _grouped(pts) -> list[tuple[str, list]]:
    out: list[tuple[str, list]] = []
    for p in pts:
        if out and out[-1][0] == p.who():
            out[-1][1].append(p)
        else:
            out.append((p.who(), [p]))
    return out


def _who(s) -> str:
    return f" — {s.speaker}" + (f" ({s.affiliation})" if s.affiliation else "") if s.speaker else ""


def to_markdown(brief) -> str:
    md = [f"# {brief.title}", "", f"**Scope:** {brief.description}", ""]
    if brief.notice:
        md += [f"> {brief.notice}", ""]
    md += [brief.overview, ""]
    if brief.summary:
        md += ["## In brief", "", brief.summary, ""]
    md += ["## Key points", ""]
    if not any(brief.points.values()):
        md += ["No paragraph of the indexed records matches this scope.", ""]
    for group, pts in brief.points.items():
        if not pts:
            continue
        md += [f"### {GROUPS[group]}", ""]
        for who, items in _grouped(pts):
            quotes = [f"“{p.sentence}” [{p.label}]" for p in items]
            if who:
                md.append(f"- **{who}:**")
                md += [f"    - {q}" for q in quotes]
            else:
                md += [f"- {q}" for q in quotes]
        md.append("")
    md += ["## Dates and sessions", ""]
    md += [f"- {r.line()}" for r in brief.records] or ["- none"]
    md += ["", "## Sources", ""]
    for i, s in enumerate(brief.sources, 1):
        link = f" — [UN document]({s.url})" if s.url else " — symbol unknown, no link"
        md.append(f"{i}. {s.label}{_who(s)}" + (f", {long_date(s.date)}" if s.date else "") + link)
    md += ["", "## Annex: full paragraphs", ""]
    for s in brief.sources:
        md += [f"### {s.label}{_who(s)}", "", s.text, ""]
    md.append(f"*{FOOT}*")
    return "\n".join(md).rstrip() + "\n"


def to_docx(brief, path: str | Path) -> Path:
    from docx.shared import Pt
    path = Path(path)
    doc = new_document(brief.title, subject=brief.description)
    anchors = {(s.file, s.paragraph): f"source_{i}" for i, s in enumerate(brief.sources, 1)}
    doc.add_heading(brief.title, level=0)
    p = doc.add_paragraph()
    p.add_run("Scope: ").bold = True
    p.add_run(brief.description)
    if brief.notice:
        doc.add_paragraph().add_run(brief.notice).italic = True
    doc.add_paragraph(brief.overview)
    if brief.summary:
        doc.add_heading("In brief", level=1)
        doc.add_paragraph(brief.summary)
    doc.add_heading("Key points", level=1)
    if not any(brief.points.values()):
        doc.add_paragraph("No paragraph of the indexed records matches this scope.")
    for group, pts in brief.points.items():
        if not pts:
            continue
        doc.add_heading(GROUPS[group], level=2)
        for who, items in _grouped(pts):
            if who:
                bullet(doc).add_run(who + ":").bold = True
            for pt in items:        # one list item per quote
                para = bullet(doc, level=2 if who else 1)
                para.add_run(f"“{pt.sentence}” ")
                anchor = anchors.get((pt.file, pt.paragraph))
                if anchor:   # the label opens the full paragraph in the annex
                    internal_link(para, f"[{pt.label}]", anchor)
                else:
                    para.add_run(f"[{pt.label}]").italic = True
    doc.add_heading("Dates and sessions", level=1)
    for r in brief.records:
        bullet(doc, r.line())
    doc.add_heading("Sources", level=1)
    for s in brief.sources:
        para = numbered(doc, f"{s.label}{_who(s)}" + (f", {long_date(s.date)}" if s.date else "") + " — ")
        if s.url:
            external_link(para, "UN document", s.url)
        else:
            para.add_run("symbol unknown, no link")
    doc.add_page_break()
    doc.add_heading("Annex: full paragraphs", level=1)
    for s in brief.sources:
        heading = doc.add_heading(f"{s.label}{_who(s)}", level=2)
        bookmark(heading, anchors[(s.file, s.paragraph)])
        body = doc.add_paragraph(s.text)
        for run in body.runs:
            run.font.size = Pt(10)
    doc.add_paragraph().add_run(FOOT).italic = True
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
