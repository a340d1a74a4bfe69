"""The Gradio web UI (the only gradio importer): chat with clickable citations, source panel, filters, export,
conversations kept in the browser, and the desk tabs.

`assistant serve` calls `serve(assistant, host, port)`. Two API endpoints answer one question each (see api.py):
`/chat` (Markdown text) and `/citations` (the citations as a JSON list).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: it must not phone home

import gradio as gr  # noqa: E402

from ...core.errors import AssistantError  # noqa: E402
from ...desk.speakers import directory  # noqa: E402
from . import history as stored  # noqa: E402
from .answerer import EXTRACTIVE, LLM_HINT, offered  # noqa: E402
from .api import api_citations, api_markdown  # noqa: E402
from .chat_flow import ChatFlow, forget  # noqa: E402
from .examples import example_questions  # noqa: E402
from .filters import FilterChoices  # noqa: E402
from .login import Backoff, LoginThrottle, auth_pairs, check_exposure  # noqa: E402
from .render import SOURCE_HINT, esc  # noqa: E402
from .static import CSS, HEAD  # noqa: E402

log = logging.getLogger(__name__)
TABS = ("Who said what", "Briefing", "Quiz")


def _desk_tabs(assistant, filter_inputs, active_md_text) -> None:
    """The delegates-and-trainers tabs; a failure there never takes the chat down."""
    try:
        from .desk_tabs import desk_tabs
        desk_tabs(assistant, filter_inputs, active_md_text)
        return
    except Exception:
        log.exception("the desk tabs failed to build; showing placeholders")
    for name in TABS:
        with gr.Tab(name):
            gr.Markdown(f"**{name}** could not be built (see the server log). Meanwhile, ask in the *Ask* tab.")


def _store_secret(assistant) -> str:
    """A stable key for the browser's encrypted copy of its conversations: the same server keeps reading it after a
    restart. (The conversation is the user's own, in their own browser.)"""
    where = str(getattr(assistant.settings, "index_dir", "")) + str(getattr(assistant.settings, "chroma_url", ""))
    return hashlib.sha256(f"cmw-records-assistant|{where}".encode()).hexdigest()[:32]


def build_app(assistant) -> gr.Blocks:
    records = assistant.records()
    n_paragraphs = len(assistant.paragraphs())
    menus = FilterChoices.build(records, directory(assistant).parties)
    examples = example_questions(assistant)
    lock = threading.Lock()   # one answer at a time: the index and the embedder are shared
    flow = ChatFlow(assistant, menus, lock)
    no_filter = f"**Active filters:** none — searching all {len(records)} records."

    def active(files, sessions, people):
        desc = menus.describe(files, sessions, people)
        return f"**Active filters:** {esc(desc)}" if desc else no_filter

    def ask_once(message: str):
        try:
            with lock:
                return assistant.ask(message)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None

    def chat_api(message: str) -> str:
        """Answer one question about the CMW records, as Markdown text: each citation is a link to its UN document,
        e.g. [CMW/C/SR.506 ¶48](https://docs.un.org/en/CMW/C/SR.506), and the sources follow. Text quoted from the
        records is Markdown-escaped. Each call is independent (no conversation)."""
        return api_markdown(ask_once(message))

    def citations_api(message: str) -> list[dict]:
        """The citations of the answer to one question, as data: a list of {label, symbol, file, paragraph, speaker,
        affiliation, url, quote}, in the order the answer uses them (the closest paragraphs when it is refused)."""
        return api_citations(ask_once(message))

    with gr.Blocks(title="CMW records assistant", analytics_enabled=False) as app:
        sess = gr.State(None, delete_callback=forget)
        store = gr.BrowserState(dict(stored.EMPTY), storage_key="cmw-records-assistant-conversations",
                                secret=_store_secret(assistant))
        gr.HTML(f'<div id="app-head"><h1>CMW records assistant</h1><p>Ask about the {len(records)} records '
                f'({n_paragraphs} paragraphs) of the Committee on Migrant Workers. Every answer cites the paragraph '
                'it comes from: click a citation to read it, and follow its link to the UN document.</p></div>')
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
                        gr.HTML("", elem_id="queue-note")
                        with gr.Row():
                            stop = gr.Button("Stop", variant="stop", size="sm", elem_id="stop-btn")
                            retry = gr.Button("Retry", size="sm", elem_id="retry-btn")
                            new = gr.Button("New conversation", elem_id="new-conversation", size="sm")
                            dl_md = gr.DownloadButton("Export Markdown", interactive=False, size="sm",
                                                      elem_id="export-md")
                            dl_docx = gr.DownloadButton("Export DOCX", interactive=False, size="sm",
                                                        elem_id="export-docx")
                        with gr.Row(equal_height=True):
                            earlier = gr.Dropdown([], value=None, label="Earlier conversations in this browser",
                                                  elem_id="earlier", scale=4, interactive=True)
                            drop = gr.Button("Forget this conversation", size="sm", elem_id="forget-conversation",
                                             scale=1)
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
                        with gr.Accordion("Answerer", open=False, elem_id="answerer") as answerer_box:
                            llm_select = gr.Dropdown(offered(assistant.settings), value=EXTRACTIVE, label="Answerer",
                                                     info=LLM_HINT, elem_id="llm-select")
                            llm_md = gr.Markdown("", elem_id="llm-status")
                        source = gr.HTML(SOURCE_HINT, label="Source", elem_id="source")
                        cited = gr.Radio([], label="Paragraphs cited in this answer, in order", elem_id="cited")
                cite_key = gr.Textbox(visible="hidden", elem_id="cite-key")
            filters = [f_records, f_sessions, f_people]
            _desk_tabs(assistant, filters, active)

        outputs = [chatbot, msg, sess, store, earlier, cited, source, dl_md, dl_docx]
        ui = dict(api_visibility="private")
        # One event for Enter and the Ask button: a question sent while an answer is coming waits its turn
        # (always_last) and stays in the box until then, instead of being dropped.
        asking = gr.on([msg.submit, ask.click], flow.submit, [msg, chatbot, sess, store, *filters], outputs,
                       trigger_mode="always_last", **ui)
        retrying = retry.click(flow.retry, [chatbot, sess, store, *filters], outputs, **ui)
        examples_run = None
        if ex is not None:
            examples_run = ex.click(lambda row: row[0], [ex], [msg], **ui).then(
                flow.submit, [msg, chatbot, sess, store, *filters], outputs, **ui)
        running = [asking, retrying] + ([examples_run] if examples_run is not None else [])
        stop.click(flow.stop, [chatbot, sess], [chatbot, sess], cancels=running, **ui)
        new.click(flow.new, [sess, store], outputs, cancels=running, **ui)
        chatbot.clear(flow.new, [sess, store], outputs, **ui)
        earlier.input(flow.open, [earlier, sess, store], outputs, cancels=running, **ui)
        drop.click(flow.forget_current, [sess, store], outputs, **ui)
        for f in filters:
            f.change(active, filters, [active_md], **ui)
        clear.click(lambda: ([], [], []), None, filters, **ui)
        cite_key.change(flow.show_source, [cite_key, sess], [source, cited], **ui)
        cited.input(flow.show_source, [cited, sess], [source, cited], **ui)
        llm_select.input(flow.choose, [llm_select, sess], [sess, llm_md, answerer_box], **ui)
        app.load(flow.restore, [sess, store], outputs, **ui).then(
            flow.answerer_view, [sess], [sess, llm_select, llm_md, answerer_box], **ui)
        gr.api(chat_api, api_name="chat")
        gr.api(citations_api, api_name="citations")
    return app


def serve(assistant, host: str = "127.0.0.1", port: int = 7860, prevent_thread_lock: bool = False,
          auth: str | None = None, allow_open: bool = False, backoff: Backoff | None = None):
    """Start the UI. Login comes from `settings.ui_auth` ("user:password" or a file of such lines) unless `auth`
    overrides it; failed logins slow down per client address. A host other than loopback needs a login, or
    `allow_open` (then a loud warning is printed). Returns the app when `prevent_thread_lock`, else blocks until
    stopped and returns None (so `assistant serve` exits 0)."""
    from starlette.middleware import Middleware
    pairs = auth_pairs(assistant.settings.ui_auth if auth is None else auth)
    warning = check_exposure(host, pairs, allow_open)
    if warning:
        print(f"\n{'!' * 78}\n{warning}\n{'!' * 78}\n", file=sys.stderr, flush=True)
        log.warning(warning)
    app = build_app(assistant)
    app.queue(default_concurrency_limit=8)
    app.launch(server_name=host, server_port=port, share=False, auth=pairs,
               auth_message="Log in to the CMW records assistant.", prevent_thread_lock=prevent_thread_lock,
               inbrowser=False, show_error=False, ssr_mode=False, mcp_server=False, css=CSS, head=HEAD,
               theme=gr.themes.Default(primary_hue="blue", neutral_hue="slate"),
               app_kwargs={"middleware": [Middleware(LoginThrottle, backoff=backoff or Backoff())]})
    return app if prevent_thread_lock else None
