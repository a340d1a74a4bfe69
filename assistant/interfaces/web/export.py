"""The conversation export: Markdown with footnotes, and DOCX with linked note numbers, real lists and properties."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from ...answer.types import Answer, Citation
from ...desk.docx_tools import bookmark, bullet, external_link, internal_link, new_document
from .render import label_pattern

TITLE = "Conversation with the CMW records assistant"


def note_meta(c: Citation) -> str:
    bits = [c.speaker + (f" ({c.affiliation})" if c.affiliation else "") if c.speaker else ""]
    bits += [c.title, c.symbol or "symbol unknown", c.date, f"session {c.session}" if c.session else "",
             f"meeting {c.meeting}" if c.meeting else "", f"agenda item: {c.agenda_item}" if c.agenda_item else ""]
    return "; ".join(b for b in bits if b)


def numbered(turns) -> tuple[list, dict]:
    """Endnote numbers, shared by repeated citations of the same paragraph."""
    notes, numbers = [], {}
    for _, answer, _ in turns:
        for c in answer.citations:
            key = (c.file, c.paragraph)
            if key not in numbers:
                numbers[key] = len(notes) + 1
                notes.append(c)
    return notes, numbers


def _with_marks(answer: Answer, numbers: dict, mark) -> str:
    pattern = label_pattern(answer)
    if not pattern:
        return answer.text
    by_label = {c.label: numbers[(c.file, c.paragraph)] for c in answer.citations}
    return pattern.sub(lambda m: f"[{m.group(1)}]{mark(by_label[m.group(1)])}", answer.text)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def export_markdown(turns) -> str:
    """`turns` are (question, Answer, filters description) in order."""
    notes, numbers = numbered(turns)
    out = [f"# {TITLE}", "", f"Exported {_now()}.", ""]
    for i, (question, answer, filters) in enumerate(turns, 1):
        out += [f"## {i}. {question}", ""]
        if filters:
            out += [f"*Filters: {filters}*", ""]
        out += [_with_marks(answer, numbers, lambda n: f"[^{n}]"), ""]
    if notes:
        out += ["## Notes", ""]
        for n, c in enumerate(notes, 1):
            text = re.sub(r"\s+", " ", c.text).strip()
            link = f" [UN document]({c.url})" if c.url else ""
            out.append(f"[^{n}]: **{c.label}** — {note_meta(c)}.{link}  \n    {text}")
            out.append("")
    return "\n".join(out)


def _answer_lines(doc, answer: Answer, by_label: dict) -> None:
    """The answer's lines: "- " lines become real list items; each label is followed by its linked note number."""
    pattern = label_pattern(answer)
    for line in answer.text.split("\n"):
        if not line.strip():
            continue
        if line.startswith("- "):
            para, line = bullet(doc), line[2:]
        else:
            para = doc.add_paragraph()
        pos = 0
        for m in (pattern.finditer(line) if pattern else []):
            para.add_run(line[pos:m.end()])
            n = by_label[m.group(1)]
            internal_link(para, str(n), f"note_{n}", superscript=True)
            pos = m.end()
        para.add_run(line[pos:])


def export_docx(turns, path: Path) -> Path:
    notes, numbers = numbered(turns)
    doc = new_document(TITLE, subject="Questions about the records of the Committee on Migrant Workers")
    doc.add_heading(TITLE, 0)
    doc.add_paragraph(f"Exported {_now()}.")
    for i, (question, answer, filters) in enumerate(turns, 1):
        doc.add_heading(f"{i}. {question}", 1)
        if filters:
            doc.add_paragraph().add_run(f"Filters: {filters}").italic = True
        _answer_lines(doc, answer, {c.label: numbers[(c.file, c.paragraph)] for c in answer.citations})
    if notes:
        doc.add_heading("Notes", 1)
        for n, c in enumerate(notes, 1):
            para = doc.add_paragraph()
            para.add_run(f"{n}. ").bold = True
            para.add_run(c.label).bold = True
            para.add_run(f" — {note_meta(c)}.")
            if c.url:
                para.add_run(" ")
                external_link(para, "UN document", c.url)
            bookmark(para, f"note_{n}")
            doc.add_paragraph(re.sub(r"\s+", " ", c.text).strip())
    doc.save(str(path))
    return path
