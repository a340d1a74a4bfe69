"""Gradio tabs for delegates and trainers: "Who said what", "Briefing" and "Quiz".

`delegate_tabs(assistant)` must be called inside an open `gr.Blocks()` (ui.py does it). Stable element ids for
browser tests:

- Who said what: tab "who-tab"; inputs "who-input", "who-topic"; button "who-search"; output "who-output";
  the directory of speakers "who-directory".
- Briefing: tab "brief-tab"; input "brief-scope"; button "brief-build"; preview "brief-preview";
  downloads "brief-docx", "brief-md".
- Quiz: tab "quiz-tab"; inputs "quiz-topic", "quiz-record", "quiz-n", "quiz-seed"; button "quiz-build";
  preview "quiz-preview"; downloads "quiz-gift", "quiz-json", "quiz-csv", "quiz-md".
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import gradio as gr

from ...desk.brief import build_brief
from ...desk.quiz import build_quiz, to_csv, to_gift, to_json, to_markdown
from ...desk.said import said
from ...desk.speakers import directory

ALL_RECORDS = "All records"


def _outdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="cmw-delegates-"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:50] or "all"


def directory_markdown(assistant) -> str:
    d = directory(assistant)
    rows = ["| Speaker or organization | Role | Organization | Paragraphs |", "|---|---|---|---|"]
    for e in d.parties:
        org = e.organization if e.kind == "person" else ", ".join(e.members)
        rows.append(f"| {e.name} | {e.role} | {org} | {e.labels()} |")
    return "\n".join(rows)


def who_markdown(assistant, who: str, topic: str = "") -> str:
    if not (who or "").strip():
        return "Type a name (\"Yuzhanin\"), an organization or acronym (\"IOM\"), a State or a role (\"Chair\")."
    result = said(assistant, who, topic=topic or None)
    if not result.matched:
        return f"**{result.notice}**"
    head = "; ".join(f"**{m.name}** ({m.role})" for m in result.matched)
    md = [head + (f" — on “{topic}”" if topic else ""), ""]
    if result.notice:
        md += [f"*{result.notice}*", ""]
    for s in result.statements:
        who_line = s.speaker + (f" ({s.affiliation})" if s.affiliation else "")
        body = " ".join(s.quote) if s.quote else s.text
        md += [f"**[{s.label}]** {who_line}", "", f"> {body}", ""]
    return "\n".join(md)


def brief_files(assistant, scope: str) -> tuple[str, str | None, str | None]:
    """(Markdown preview, DOCX path, Markdown path)."""
    if not (scope or "").strip():
        return "Type a topic (\"alternatives to detention\"), a country (\"Morocco\") or a session (\"fortieth session\").", None, None
    try:
        brief = build_brief(assistant, scope)
    except ValueError as exc:
        return f"**{exc}**", None, None
    out = _outdir()
    md = brief.to_markdown()
    md_path = out / f"brief-{_slug(scope)}.md"
    md_path.write_text(md, encoding="utf-8")
    docx_path = brief.to_docx(out / f"brief-{_slug(scope)}.docx")
    return md, str(docx_path), str(md_path)


def quiz_files(assistant, topic: str, record: str, n, seed) -> tuple[str, str | None, str | None, str | None, str | None]:
    """(Markdown preview, GIFT path, JSON path, CSV path, Markdown path)."""
    record = None if not record or record == ALL_RECORDS else record
    try:
        n = max(1, min(50, int(n or 10)))
        seed = int(seed or 0)
    except (TypeError, ValueError):
        return "**The number of items and the seed must be whole numbers.**", None, None, None, None
    items = build_quiz(assistant, topic=(topic or None), record=record, n=n, seed=seed)
    if not items:
        return "**No quiz item could be made from the paragraphs in scope; try another topic or record.**", None, None, None, None
    out = _outdir()
    stem = f"quiz-{_slug(topic or record or 'all')}-seed{seed}"
    paths = {}
    for ext, fn in (("gift", to_gift), ("json", to_json), ("csv", to_csv), ("md", to_markdown)):
        p = out / f"{stem}.{ext}"
        p.write_text(fn(items), encoding="utf-8")
        paths[ext] = str(p)
    preview = to_markdown(items, title=f"Quiz ({len(items)} items, seed {seed})")
    return preview, paths["gift"], paths["json"], paths["csv"], paths["md"]


def _record_choices(assistant) -> list[str]:
    recs = assistant.records()
    return [ALL_RECORDS] + [m.get("symbol") or f for f, m in sorted(recs.items())]


def delegate_tabs(assistant) -> None:
    """Add the three tabs to the enclosing gr.Blocks()."""
    with gr.Tab("Who said what", elem_id="who-tab"):
        gr.Markdown("Statements of a person, an organization (or its acronym), a State or a role, each with its citation.")
        with gr.Row():
            who = gr.Textbox(label="Person or organization", placeholder="IOM, Yuzhanin, Mexico, Chair…",
                             elem_id="who-input", scale=2)
            topic = gr.Textbox(label="Topic (optional)", placeholder="alternatives to detention", elem_id="who-topic",
                               scale=2)
            search = gr.Button("Show statements", variant="primary", elem_id="who-search", scale=1)
        output = gr.Markdown(elem_id="who-output")
        with gr.Accordion("All speakers and organizations", open=False):
            gr.Markdown(directory_markdown(assistant), elem_id="who-directory")
        search.click(lambda w, t: who_markdown(assistant, w, t), [who, topic], output, api_visibility="private")
        who.submit(lambda w, t: who_markdown(assistant, w, t), [who, topic], output, api_visibility="private")

    with gr.Tab("Briefing", elem_id="brief-tab"):
        gr.Markdown("A short note on a topic, a country or a session: quoted key points grouped by who said them, "
                    "each with its citation, and the full paragraphs in an annex.")
        with gr.Row():
            scope = gr.Textbox(label="Topic, country or session", placeholder="alternatives to detention",
                               elem_id="brief-scope", scale=3)
            build = gr.Button("Build briefing", variant="primary", elem_id="brief-build", scale=1)
        with gr.Row():
            docx = gr.File(label="Download DOCX", elem_id="brief-docx", interactive=False)
            md = gr.File(label="Download Markdown", elem_id="brief-md", interactive=False)
        preview = gr.Markdown(elem_id="brief-preview")
        build.click(lambda s: brief_files(assistant, s), [scope], [preview, docx, md], api_visibility="private")
        scope.submit(lambda s: brief_files(assistant, s), [scope], [preview, docx, md], api_visibility="private")

    with gr.Tab("Quiz", elem_id="quiz-tab"):
        gr.Markdown("Questions made from real statements; every answer cites the paragraph that proves it. "
                    "The same seed gives the same quiz.")
        with gr.Row():
            qtopic = gr.Textbox(label="Topic (optional)", placeholder="alternatives to detention",
                                elem_id="quiz-topic", scale=2)
            record = gr.Dropdown(choices=_record_choices(assistant), value=ALL_RECORDS, label="Record",
                                 elem_id="quiz-record", scale=2)
            n = gr.Number(value=10, label="Items", precision=0, minimum=1, maximum=50, elem_id="quiz-n", scale=1)
            seed = gr.Number(value=0, label="Seed", precision=0, elem_id="quiz-seed", scale=1)
            qbuild = gr.Button("Build quiz", variant="primary", elem_id="quiz-build", scale=1)
        with gr.Row():
            fgift = gr.File(label="Moodle GIFT", elem_id="quiz-gift", interactive=False)
            fjson = gr.File(label="JSON", elem_id="quiz-json", interactive=False)
            fcsv = gr.File(label="CSV", elem_id="quiz-csv", interactive=False)
            fmd = gr.File(label="Markdown", elem_id="quiz-md", interactive=False)
        qpreview = gr.Markdown(elem_id="quiz-preview")
        qbuild.click(lambda t, r, k, s: quiz_files(assistant, t, r, k, s), [qtopic, record, n, seed],
                     [qpreview, fgift, fjson, fcsv, fmd], api_visibility="private")
