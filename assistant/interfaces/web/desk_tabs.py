"""Gradio tabs for delegates and trainers: "Who said what", "Briefing" and "Quiz".

`desk_tabs(assistant, filters, active)` must be called inside an open `gr.Tabs()` (app.py does it). Citations are
chips, as in the chat: a click shows the paragraph in the tab's own source panel. Stable element ids for browser
tests:

- Who said what: tab "who-tab"; inputs "who-input", "who-topic"; button "who-search"; output "who-output";
  source panel "who-source"; the directory of speakers "who-directory".
- Briefing: tab "brief-tab"; input "brief-scope"; button "brief-build"; preview "brief-preview"; source panel
  "brief-source"; the Ask tab's filters shown in "brief-filters"; downloads "brief-docx", "brief-md".
- Quiz: tab "quiz-tab"; inputs "quiz-topic", "quiz-record", "quiz-n", "quiz-seed"; button "quiz-build";
  preview "quiz-preview"; source panel "quiz-source"; downloads "quiz-gift", "quiz-json", "quiz-csv", "quiz-md".
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
from .desk_view import brief_view, quiz_view, who_view
from .render import DESK_HINT, esc, source_html

ALL_RECORDS = "All records"
MIN_ITEMS, MAX_ITEMS = 1, 50
NOTHING = (None, None)


def _outdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="cmw-delegates-"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:50] or "all"


def _note(text: str) -> str:
    return f'<div class="desk-out"><p><strong>{esc(text)}</strong></p></div>'


def directory_markdown(assistant) -> str:
    d = directory(assistant)
    rows = ["| Speaker or organization | Role | Organization | Paragraphs |", "|---|---|---|---|"]
    for e in d.parties:
        org = e.organization if e.kind == "person" else ", ".join(e.members)
        rows.append(f"| {e.name} | {e.role} | {org} | {e.labels()} |")
    return "\n".join(rows)


def who_output(assistant, who: str, topic: str = "") -> tuple[str, list]:
    if not (who or "").strip():
        return _note("Type a name (\"Yuzhanin\"), an organization or acronym (\"IOM\"), a State or a role "
                     "(\"Chair\")."), []
    return who_view(said(assistant, who, topic=topic or None))


def brief_files(assistant, scope: str, filters: dict | None = None, filters_text: str = ""):
    """(HTML preview, chip refs, DOCX path, Markdown path)."""
    if not (scope or "").strip():
        return _note("Type a topic (\"alternatives to detention\"), a country (\"Morocco\") or a session "
                     "(\"fortieth session\")."), [], *NOTHING
    try:
        brief = build_brief(assistant, scope, filters=filters, filters_text=filters_text)
    except ValueError as exc:
        return _note(str(exc)), [], *NOTHING
    out = _outdir()
    md_path = out / f"brief-{_slug(scope)}.md"
    md_path.write_text(brief.to_markdown(), encoding="utf-8")
    docx_path = brief.to_docx(out / f"brief-{_slug(scope)}.docx")
    html, refs = brief_view(brief)
    return html, refs, str(docx_path), str(md_path)


def clamp_items(n) -> tuple[int, str]:
    """The number of quiz items in range, and a note when the field asked for something else."""
    try:
        asked = int(float(n)) if n not in (None, "") else 10
    except (TypeError, ValueError):
        return 10, "The number of items must be a whole number; made 10."
    k = max(MIN_ITEMS, min(MAX_ITEMS, asked))
    return k, (f"The number of items must be between {MIN_ITEMS} and {MAX_ITEMS}; made {k}." if k != asked else "")


def quiz_files(assistant, topic: str, record: str, n, seed):
    """(HTML preview, chip refs, clamped n, GIFT path, JSON path, CSV path, Markdown path)."""
    record = None if not record or record == ALL_RECORDS else record
    n, note = clamp_items(n)
    try:
        seed = int(float(seed or 0))
    except (TypeError, ValueError):
        seed, note = 0, (note + " " if note else "") + "The seed must be a whole number; used 0."
    items = build_quiz(assistant, topic=(topic or None), record=record, n=n, seed=seed)
    if not items:
        return (_note("No quiz item could be made from the paragraphs in scope; try another topic or record."), [], n,
                None, None, None, None)
    out = _outdir()
    stem = f"quiz-{_slug(topic or record or 'all')}-seed{seed}"
    paths = {}
    for ext, fn in (("gift", to_gift), ("json", to_json), ("csv", to_csv), ("md", to_markdown)):
        p = out / f"{stem}.{ext}"
        p.write_text(fn(items), encoding="utf-8")
        paths[ext] = str(p)
    html, refs = quiz_view(items, f"Quiz ({len(items)} items, seed {seed})")
    if note:
        html = f'<p class="quiz-note"><em>{esc(note)}</em></p>' + html
    return html, refs, n, paths["gift"], paths["json"], paths["csv"], paths["md"]


def _record_choices(assistant) -> list[str]:
    recs = assistant.records()
    return [ALL_RECORDS] + [m.get("symbol") or f for f, m in sorted(recs.items())]


def show_ref(assistant, key, refs):
    """A chip's paragraph for the tab's source panel; the key is "I|nonce"."""
    raw, _, nonce = str(key or "").partition("|")
    try:
        ref = refs[int(raw)]
    except (TypeError, ValueError, IndexError):
        return gr.skip()
    c = assistant.paragraph(ref["file"], ref["paragraph"])
    if c is None:
        return _note(f"{ref.get('label', '')}: this paragraph is no longer in the index.")
    c["quote"] = ref.get("quote") or []
    from ...answer.types import document_url
    c["url"] = document_url(c.get("symbol", ""))
    prev, nxt = assistant.neighbours(ref["file"], ref["paragraph"])
    return source_html(c, prev, nxt, nonce)


def _preview_and_source(tab: str, preview_id: str = ""):
    """A tab's preview beside its source panel, the hidden key a clicked citation chip writes, and the references
    the key is looked up in: (preview, key, panel, refs)."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            preview = gr.HTML(elem_id=preview_id or f"{tab}-preview")
        with gr.Column(scale=2, min_width=300):
            key = gr.Textbox(visible="hidden", elem_id=f"{tab}-key")
            panel = gr.HTML(DESK_HINT, elem_id=f"{tab}-source")
    return preview, key, panel, gr.State([])


def desk_tabs(assistant, filters: list, active) -> None:
    """Add the three tabs. `filters` are the Ask tab's filter menus, which briefings honour; `active(*values)`
    describes them."""
    from .filters import FilterChoices
    menus = FilterChoices.build(assistant.records(), directory(assistant).parties)
    ui = dict(api_visibility="private")

    with gr.Tab("Who said what", elem_id="who-tab"):
        gr.Markdown("Statements of a person, an organization (or its acronym), a State or a role, each with its "
                    "citation. Press Enter in either field, or the button.")
        with gr.Row():
            who = gr.Textbox(label="Person or organization", placeholder="IOM, Yuzhanin, Mexico, Chair…",
                             elem_id="who-input", scale=2)
            topic = gr.Textbox(label="Topic (optional)", placeholder="alternatives to detention", elem_id="who-topic",
                               scale=2)
            search = gr.Button("Show statements", variant="primary", elem_id="who-search", scale=1)
        output, who_key, who_panel, who_refs = _preview_and_source("who", "who-output")
        with gr.Accordion("All speakers and organizations", open=False):
            gr.Markdown(directory_markdown(assistant), elem_id="who-directory")
        gr.on([search.click, who.submit, topic.submit], lambda w, t: who_output(assistant, w, t), [who, topic],
              [output, who_refs], **ui)
        who_key.change(lambda k, r: show_ref(assistant, k, r), [who_key, who_refs], who_panel, **ui)

    with gr.Tab("Briefing", elem_id="brief-tab"):
        gr.Markdown("A short note on a topic, a country or a session: quoted key points grouped by who said them, "
                    "each with its citation, and the full paragraphs in an annex. The note understands the topic as "
                    "the chat does (a year, a session, a speaker) and honours the Ask tab's filters.")
        with gr.Row():
            scope = gr.Textbox(label="Topic, country or session", placeholder="alternatives to detention",
                               elem_id="brief-scope", scale=3)
            build = gr.Button("Build briefing", variant="primary", elem_id="brief-build", scale=1)
        brief_filters = gr.Markdown(active(None, None, None), elem_id="brief-filters")
        with gr.Row():
            docx = gr.File(label="Download DOCX", elem_id="brief-docx", interactive=False)
            md = gr.File(label="Download Markdown", elem_id="brief-md", interactive=False)
        preview, brief_key, brief_panel, brief_refs = _preview_and_source("brief")

        def run_brief(s, files, sessions, people):
            return brief_files(assistant, s, menus.filters(files, sessions, people),
                               menus.describe(files, sessions, people))

        gr.on([build.click, scope.submit], run_brief, [scope, *filters], [preview, brief_refs, docx, md], **ui)
        for f in filters:
            f.change(active, filters, [brief_filters], **ui)
        brief_key.change(lambda k, r: show_ref(assistant, k, r), [brief_key, brief_refs], brief_panel, **ui)

    with gr.Tab("Quiz", elem_id="quiz-tab"):
        gr.Markdown("Questions made from real statements; every answer cites the paragraph that proves it. "
                    f"The same seed gives the same quiz. {MIN_ITEMS}–{MAX_ITEMS} items.")
        with gr.Row():
            qtopic = gr.Textbox(label="Topic (optional)", placeholder="alternatives to detention",
                                elem_id="quiz-topic", scale=2)
            record = gr.Dropdown(choices=_record_choices(assistant), value=ALL_RECORDS, label="Record",
                                 elem_id="quiz-record", scale=2)
            # No minimum/maximum on the field: gradio would reject 0 or 100 with an error badge; clamp_items says so.
            n = gr.Number(value=10, label=f"Items ({MIN_ITEMS}–{MAX_ITEMS})", precision=0, elem_id="quiz-n", scale=1)
            seed = gr.Number(value=0, label="Seed", precision=0, elem_id="quiz-seed", scale=1)
            qbuild = gr.Button("Build quiz", variant="primary", elem_id="quiz-build", scale=1)
        with gr.Row():
            fgift = gr.File(label="Moodle GIFT", elem_id="quiz-gift", interactive=False)
            fjson = gr.File(label="JSON", elem_id="quiz-json", interactive=False)
            fcsv = gr.File(label="CSV", elem_id="quiz-csv", interactive=False)
            fmd = gr.File(label="Markdown", elem_id="quiz-md", interactive=False)
        qpreview, quiz_key, quiz_panel, quiz_refs = _preview_and_source("quiz")
        gr.on([qbuild.click, qtopic.submit], lambda t, r, k, s: quiz_files(assistant, t, r, k, s),
              [qtopic, record, n, seed], [qpreview, quiz_refs, n, fgift, fjson, fcsv, fmd], **ui)
        quiz_key.change(lambda k, r: show_ref(assistant, k, r), [quiz_key, quiz_refs], quiz_panel, **ui)
