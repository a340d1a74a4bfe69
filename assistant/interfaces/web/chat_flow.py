"""The Ask tab's behaviour, as gradio handlers: ask (streamed), stop, retry, new conversation, reopen an earlier
conversation kept in the browser, show a cited paragraph, and choose this session's answerer.

Every handler that changes the conversation returns the same outputs, in this order (`OUTPUTS` in app.py):
chatbot, question box, session, browser store, earlier-conversations menu, cited list, source panel, two downloads.
"""
from __future__ import annotations

import logging
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from ...answer.conversation import Chat, Turn
from ...core.errors import AssistantError
from . import history as stored
from .answerer import allowed, answerer_note, draft_html, llm_spec, llm_status
from .export import export_docx, export_markdown
from .language import answered_by_names, ask_in_english, english_question, foreign_language, named
from .render import (PENDING, SOURCE_HINT, answer_html, citation_choices, esc, message_html, source_html,
                     stream_cuts, user_html)

log = logging.getLogger(__name__)
STREAM_DELAY = 0.03   # seconds between streamed pieces of an answer
DRAFT_EVERY = 0.12    # seconds between updates of a streamed LLM draft
STOPPED = message_html("stopped", "Stopped. Press Retry to ask again.")
OOPS = ("Something went wrong while answering; please try again or rephrase the question. "
        "(The details are in the server log.)")


@dataclass
class Session:
    """One browser session: the conversation (follow-ups work), its answers (chips, export) and its answerer."""
    chat: Chat
    cid: str = field(default_factory=stored.new_id)   # the conversation's id in the browser store
    turns: list = field(default_factory=list)          # (question, Answer, filters description)
    llm: str | None = None                             # this session's answerer; None: the operator's default
    epoch: int = 0                                     # bumped by Stop and New: a late answer is then dropped
    streaming: bool = False                            # the last turn's answer is still being shown
    stopped: bool = False                              # the epoch was bumped by Stop (not by New or Open)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cmw-export-")))

    def export(self) -> tuple[str, str]:
        md = self.folder / "cmw-conversation.md"
        md.write_text(export_markdown(self.turns), encoding="utf-8")
        docx = export_docx(self.turns, self.folder / "cmw-conversation.docx")
        return str(md), str(docx)


def forget(sess) -> None:
    """When gradio drops a closed session, its export folder goes too."""
    if isinstance(sess, Session):
        shutil.rmtree(sess.folder, ignore_errors=True)


class ChatFlow:
    def __init__(self, assistant, menus, lock: threading.Lock):
        self.assistant, self.menus, self.lock = assistant, menus, lock
        self.loading = threading.Lock()

    def session(self, sess) -> Session:
        return sess if isinstance(sess, Session) else Session(Chat(self.assistant))

    # -- rendering a whole conversation ------------------------------------------------------------
    def _history(self, sess: Session) -> list[dict]:
        out = []
        for turn, (question, answer, desc) in enumerate(sess.turns):
            out.append({"role": "user", "content": user_html(question)})
            out.append({"role": "assistant", "content": answer_html(answer, turn, footer=self._foot(answer, desc))})
        return out

    @staticmethod
    def _foot(answer, desc: str) -> str:
        return " · ".join(b for b in (answerer_note(answer), answer.notice, f"Filters: {desc}" if desc else "") if b)

    def _downloads(self, sess: Session):
        if not sess.turns:
            off = gr.update(value=None, interactive=False)
            return off, off
        try:
            md, docx = sess.export()
            return gr.update(value=md, interactive=True), gr.update(value=docx, interactive=True)
        except Exception:
            log.exception("export failed")
            return gr.skip(), gr.skip()

    def _view(self, sess: Session, store, msg=None):
        """Every output, for a conversation shown whole (after reload, switch, new)."""
        last = len(sess.turns) - 1
        cited = gr.update(choices=citation_choices(sess.turns[-1][1], last) if sess.turns else [], value=None)
        menu = gr.update(choices=stored.choices(store), value=sess.cid if stored.find(store, sess.cid) else None)
        return (self._history(sess), gr.skip() if msg is None else msg, sess, store, menu, cited, SOURCE_HINT,
                *self._downloads(sess))

    # -- asking --------------------------------------------------------------------------------------
    def _ask_in_background(self, sess: Session, question: str, filters):
        """Yields the LLM's draft tokens (str) while the answer is made, then the Answer, or raises."""
        out: queue.Queue = queue.Queue()
        epoch = sess.epoch

        def work():
            try:
                with self.lock:
                    sess.chat.filters = filters
                    answer = sess.chat.ask(question, on_token=out.put, llm_spec=sess.llm)
                    if sess.epoch != epoch:       # stopped meanwhile: this turn never happened
                        sess.chat.turns.pop()
                    out.put((answer,))
            except Exception as exc:  # noqa: BLE001 - handed to the page
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

    def _answer(self, question, history, sess: Session, store, files, sessions, people):
        """Yields the outputs while an answer is made and streamed. Stop bumps `sess.epoch`: from then on this
        generator yields nothing more, whatever gradio's cancellation managed to interrupt."""
        same = gr.skip()
        epoch, sess.stopped = sess.epoch, False
        history = list(history or [])
        if question:
            history.append({"role": "user", "content": user_html(question)})
        history.append({"role": "assistant", "content": PENDING})
        yield history, "", sess, same, same, same, same, same, same
        desc = self.menus.describe(files, sessions, people)
        draft, shown, answer = "", 0.0, None

        def show(content):
            history[-1] = {"role": "assistant", "content": content}
            return history, same, sess, same, same, same, same, same, same

        def halted():
            """gradio repeats a generator's last output when it ends: make it the stopped state (or nothing)."""
            if sess.stopped:
                return show(STOPPED)
            return tuple([same] * 9)

        asked, notice = self._in_english(question)
        if asked is None:
            yield show(message_html("refused", notice))
            return
        try:
            for item in self._ask_in_background(sess, asked, self.menus.filters(files, sessions, people)):
                if sess.epoch != epoch:
                    yield halted()
                    return
                if not isinstance(item, str):
                    answer = item
                    break
                draft += item
                if time.monotonic() - shown >= DRAFT_EVERY:
                    yield show(draft_html(draft))
                    shown = time.monotonic()
        except AssistantError as exc:
            yield show(message_html("error", str(exc))) if sess.epoch == epoch else halted()
            return
        except Exception:
            log.exception("answering %r failed", question)
            yield show(message_html("error", OOPS)) if sess.epoch == epoch else halted()
            return
        if notice:
            answer.notice = " ".join(b for b in (notice, answer.notice) if b)
        turn = len(sess.turns)
        sess.turns.append((question, answer, desc))
        sess.streaming = True
        foot = self._foot(answer, desc)
        # An extractive answer streams in sentence by sentence; after an LLM draft, the checked answer replaces it.
        for cut in (stream_cuts(answer.text) if not draft else [len(answer.text)]):
            if sess.epoch != epoch:
                yield halted()
                return
            if cut < len(answer.text):
                yield show(answer_html(answer, turn, answer.text[:cut], foot))
                time.sleep(STREAM_DELAY)
        if sess.epoch != epoch:
            yield halted()
            return
        history[-1] = {"role": "assistant", "content": answer_html(answer, turn, footer=foot)}
        sess.streaming = False
        store = stored.record_turn(store, sess.cid, question, answer, desc)
        menu = gr.update(choices=stored.choices(store), value=sess.cid)
        cited = gr.update(choices=citation_choices(answer, turn), value=None)
        yield (history, same, sess, store, menu, cited, SOURCE_HINT, *self._downloads(sess))

    def _in_english(self, question: str) -> tuple[str | None, str]:
        """(the question to ask, a notice): a question in another language is answered from the names in it, or
        (None, why) when it names none."""
        language = foreign_language(question) if question else ""
        if not language:
            return question, ""
        try:
            names = named(self.assistant.plan(question))
        except AssistantError:
            names = []
        if not names:
            return None, ask_in_english(language, "What did Mexico say about family reunification?")
        return english_question(names), answered_by_names(language, names)

    def submit(self, message, history, sess, store, files, sessions, people):
        sess = self.session(sess)
        yield from self._answer((message or "").strip(), history, sess, store, files, sessions, people)

    def retry(self, history, sess, store, files, sessions, people):
        """Ask the last question again: its answer (finished, stopped or failed) is replaced."""
        sess = self.session(sess)
        history = list(history or [])
        users = [i for i, m in enumerate(history) if m.get("role") == "user"]
        if not users:
            yield (history, gr.skip(), sess, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
            return
        question = _plain(history[users[-1]]["content"])
        if sess.turns and sess.turns[-1][0] == question and len(sess.turns) == len(users):
            sess.turns.pop()
            if sess.chat.turns:
                sess.chat.turns.pop()
            store = stored.drop_last_turn(store, sess.cid)
        yield from self._answer(question, history[:users[-1]], sess, store, files, sessions, people)

    def stop(self, history, sess):
        """Stop the answer being made: it is dropped (Retry asks again); what the user typed stays in the box."""
        sess = self.session(sess)
        sess.epoch += 1
        sess.stopped = True
        history = list(history or [])
        if sess.streaming:                   # the answer was streaming: not kept
            sess.streaming = False
            sess.turns.pop()
            if sess.chat.turns:
                sess.chat.turns.pop()
        if history and history[-1].get("role") == "assistant" and "complete" not in str(history[-1]["content"]):
            history[-1] = {"role": "assistant", "content": STOPPED}
        return history, sess

    # -- conversations ------------------------------------------------------------------------------
    def new(self, sess, store):
        sess = self.session(sess)
        sess.epoch, sess.stopped, sess.streaming = sess.epoch + 1, False, False
        sess.chat.reset()
        sess.turns.clear()
        sess.cid = stored.new_id()
        return self._view(sess, stored.set_current(store, ""), msg="")

    def _load(self, sess: Session, conv: dict | None) -> Session:
        sess.epoch, sess.stopped, sess.streaming = sess.epoch + 1, False, False
        sess.chat.reset()
        sess.turns.clear()
        if conv is None:
            sess.cid = stored.new_id()
            return sess
        sess.cid = conv["id"]
        for t in conv["turns"]:
            answer = stored.answer_from_store(t["question"], t.get("answer") or {}, self.assistant.paragraph)
            sess.turns.append((t["question"], answer, t.get("filters", "")))
            try:   # follow-ups keep working after a reload: the focus is the last question's understanding
                sess.chat.turns.append(Turn(t["question"], self.assistant.plan(t["question"]), answer))
            except AssistantError:
                pass
        return sess

    def restore(self, sess, store):
        """On page load: the conversation this browser had open, rebuilt from its storage."""
        sess = self._load(self.session(sess), stored.current(store))
        return self._view(sess, store)

    def open(self, cid, sess, store):
        sess = self._load(self.session(sess), stored.find(store, str(cid or "")))
        return self._view(sess, stored.set_current(store, sess.cid))

    def forget_current(self, sess, store):
        sess = self.session(sess)
        store = stored.forget(store, sess.cid)
        return self.new(sess, store)

    # -- the source panel ---------------------------------------------------------------------------
    def show_source(self, key, sess):
        raw, _, nonce = str(key or "").partition("|")
        try:
            turn, idx = (int(x) for x in raw.split(":"))
            answer = sess.turns[turn][1]
            c = answer.citations[idx]
        except (AttributeError, ValueError, IndexError, TypeError):
            return gr.skip(), gr.skip()
        prev, nxt = self.assistant.neighbours(c.file, c.paragraph)
        return (source_html(c, prev, nxt, nonce),
                gr.update(choices=citation_choices(answer, turn), value=f"{turn}:{idx}"))

    # -- the answerer ---------------------------------------------------------------------------------
    def answerer_view(self, sess):
        sess = self.session(sess)
        spec = self.assistant.settings.llm if sess.llm is None else sess.llm
        llm, notice = self.assistant.llm_for(spec) if spec else (None, "")
        return (sess, gr.update(value=spec or "Extractive (default)"), llm_status(spec, llm is not None, notice),
                gr.update(label=f"Answerer: {spec or 'extractive'}" + ("" if llm is not None or not spec else
                                                                        " (unavailable)")))

    def choose(self, choice, sess):
        sess = self.session(sess)
        spec = llm_spec(choice)
        if not allowed(self.assistant.settings, spec):
            return (sess, f"⚠ {esc(spec)} is not offered on this server; the operator sets the answerers "
                          "(ASSISTANT_LLM, ASSISTANT_UI_LLMS).", gr.skip())
        try:
            with self.loading:     # loading (and probing) a backend never blocks answers in progress
                self.assistant.llm_for(spec)
        except Exception:  # noqa: BLE001 - llm_for turns expected failures into a notice; anything else too
            log.exception("loading the LLM backend %r failed", spec)
        sess.llm = spec
        view = self.answerer_view(sess)
        return sess, view[2], view[3]


def _plain(content) -> str:
    """The question inside a user message's HTML (gradio hands messages back as a list of text parts)."""
    import html
    import re
    if isinstance(content, list):
        content = "".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    return html.unescape(re.sub(r"<[^>]+>", "", str(content or ""))).strip()
