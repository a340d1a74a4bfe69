"""The web UI without a browser: rendering, filter menus, exports, the API endpoints over a live Gradio server on
loopback (`gradio_client`), login (with its per-client backoff) and the refusal to serve openly by accident."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from assistant.answer.types import Answer, Citation, document_url
from assistant.core.errors import AssistantError
from assistant.interfaces.web.answerer import EXTRACTIVE, draft_html, llm_spec, llm_status, offered
from assistant.interfaces.web.api import api_citations, api_markdown
from assistant.interfaces.web.export import export_docx, export_markdown
from assistant.interfaces.web.filters import FilterChoices
from assistant.interfaces.web.login import Backoff, auth_pairs, check_exposure
from assistant.interfaces.web.render import answer_html, copy_text, highlight, stream_cuts, user_html
from conftest import free_port

IOM = "What did IOM say about objective 13?"
LABEL = "CMW/C/SR.506 ¶48"
SR506 = "001_b36a170aa6e6050d.txt"
SR608 = "004_5957fef5fc8dc000.txt"


def _answer() -> Answer:
    c = Citation(file="f", paragraph=3, label="CMW/C/SR.1 ¶3", speaker="Ms. X", affiliation="", symbol="CMW/C/SR.1",
                 text="He said <b>that</b> A  happened. Then B.", quote=["He said <b>that</b> A happened."])
    return Answer(question="q", text="Ms. X said <b>that</b> A happened *now*. [CMW/C/SR.1 ¶3]", citations=[c])


# -- the pieces, without a server ---------------------------------------------------------------
def test_auth_pairs(tmp_path):
    assert auth_pairs("") is None
    assert auth_pairs("ana:s3:cret") == [("ana", "s3:cret")]
    f = tmp_path / "users.txt"
    f.write_text("# delegates\nana:one\n\nben:two\n")
    assert auth_pairs(str(f)) == [("ana", "one"), ("ben", "two")]


def test_rendering_escapes_and_chips():
    a = _answer()
    html = answer_html(a, 2)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert 'class="cite-chip cite-k-2-0"' in html
    assert highlight(a.citations[0].text, a.citations[0].quote).startswith("<mark>He said &lt;b&gt;that&lt;/b&gt; A  happened.</mark>")
    assert stream_cuts(a.text)[-1] == len(a.text)


def test_copy_gives_clean_text_with_labels_and_links():
    """Defect 1: what the copy button copies is the message's content; it carries the clean text."""
    a = _answer()
    text = copy_text(a)
    assert text.startswith("Ms. X said <b>that</b> A happened *now*. [CMW/C/SR.1 ¶3]")
    assert "Sources:\n[CMW/C/SR.1 ¶3] Ms. X — https://docs.un.org/en/CMW/C/SR.1" in text
    html = answer_html(a, 0)
    assert '<div class="copy-text">' in html and "\n" not in html       # one line: markdown leaves it alone
    streaming = answer_html(a, 0, a.text[:10])
    assert "copy-text" not in streaming                                # only a finished answer is copied
    assert user_html('"Mexico" & IOM') == '<div class="q">&quot;Mexico&quot; &amp; IOM</div>'


def test_document_links():
    """Defect 11: one function builds the UN document address for a symbol; no symbol, no link."""
    assert document_url("CMW/C/SR.506") == "https://docs.un.org/en/CMW/C/SR.506"
    assert document_url("A/59/150") == "https://docs.un.org/en/A/59/150"
    assert document_url("") == ""
    assert _answer().citations[0].url == "https://docs.un.org/en/CMW/C/SR.1"


def test_labels_without_a_symbol_say_so(assistant):
    """Defect 10: a record with a symbol is labelled by it; one without says plainly that it is unknown."""
    labels = {p["file"]: p["label"] for p in assistant.paragraphs()}
    assert labels[SR506].startswith("CMW/C/SR.506 ¶")
    unknown = [lbl for f, lbl in labels.items() if not assistant.records()[f].get("symbol")]
    assert unknown and all("symbol unknown" in lbl for lbl in unknown), unknown


def test_filter_menus_merge_organizations_and_label_sessions(assistant):
    """Defects 8 and 9: one entry per organization and one clean title per person; States typed as States;
    sessions carry their body."""
    from assistant.desk.speakers import directory
    menus = FilterChoices.build(assistant.records(), directory(assistant).parties)
    labels = [label for label, _ in menus.people]
    assert sum(1 for lbl in labels if lbl.startswith("Office of the United Nations High Commissioner")) == 1
    assert not any(lbl.startswith(("OHCHR", "Director,", "Office of the High Commissioner")) for lbl in labels)
    salama = [lbl for lbl in labels if lbl.startswith("Mr. Salama")]
    assert salama == ["Mr. Salama — Office of the United Nations High Commissioner for Human Rights (OHCHR) "
                      "(UN body or agency)"]
    assert "Mexico — State" in labels and not any("organization or role" in lbl for lbl in labels)
    sessions = dict(menus.sessions)
    assert "CMW 40th session (2025)" in sessions and "General Assembly 59th session (2004)" in sessions
    f = menus.filters([SR608], ["CMW|40"], ["org:IOM"])
    assert f["files"] == [SR608] and "International Organization for Migration" in f["affiliations"]
    assert menus.filters(None, ["General Assembly|59"], None)["files"] == ["002_2954c7555eb37f92.txt"]
    assert menus.filters([SR506], ["CMW|40"], None)["files"] == ["(no record matches these filters)"]
    assert "sessions: CMW 40th session (2025)" in menus.describe(None, ["CMW|40"], None)


def test_markdown_export_links_each_note_to_its_document():
    md = export_markdown([("q", _answer(), "")])
    assert "[CMW/C/SR.1 ¶3][^1]" in md and "[^1]: **CMW/C/SR.1 ¶3**" in md and "Then B." in md
    assert "[UN document](https://docs.un.org/en/CMW/C/SR.1)" in md


def test_docx_export_properties_headings_lists_and_linked_notes(tmp_path):
    """Defect 12: real properties, Title then H1s, refusal lists as list items, note numbers linked to notes."""
    from datetime import datetime, timedelta, timezone

    from docx import Document
    refused = Answer(question="r", refused=True, citations=_answer().citations,
                     text="The records do not answer this. The closest paragraphs are:\n- [CMW/C/SR.1 ¶3] Ms. X")
    path = export_docx([("q", _answer(), "sessions: 40"), ("r", refused, "")], tmp_path / "c.docx")
    doc = Document(str(path))
    props = doc.core_properties
    assert props.author == "CMW records assistant" and props.title.startswith("Conversation")
    assert "python-docx" not in (props.comments or "") and props.last_modified_by == "CMW records assistant"
    assert abs(props.created.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)) < timedelta(minutes=5)
    styles = [p.style.name for p in doc.paragraphs]
    headings = [s for s in styles if s.startswith(("Heading", "Title"))]
    assert headings[0] == "Title" and set(headings[1:]) == {"Heading 1"}
    assert "List Bullet" in styles and not any(p.text.startswith("- ") for p in doc.paragraphs)
    xml = doc.element.xml
    assert 'w:anchor="note_1"' in xml and 'w:name="note_1"' in xml        # note number -> bookmark on the note
    rels = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert "https://docs.un.org/en/CMW/C/SR.1" in rels


def test_answerer_menu_is_set_by_the_operator():
    """Issue 11: the test model is offered only when a setting asks; visitors pick among what is offered."""
    from assistant.core.config import Settings
    assert offered(Settings()) == [EXTRACTIVE]
    menu = offered(Settings(llm="ollama:a@http://127.0.0.1:9", ui_llms="openai:b@http://127.0.0.1:9/v1"))
    assert menu == [EXTRACTIVE, "ollama:a@http://127.0.0.1:9", "openai:b@http://127.0.0.1:9/v1"]
    assert llm_spec(EXTRACTIVE) == "" and llm_spec("  ollama:qwen  ") == "ollama:qwen"
    assert "extractive (default)" in llm_status("", False)
    assert "unavailable" in llm_status("x", False, "LLM backend unavailable (unreachable)")
    html = draft_html("It said <b>x</b> [1].\nMore")
    assert 'class="answer draft"' in html and "&lt;b&gt;" in html and "complete" not in html


def test_api_markdown_escapes_record_text_and_links_labels():
    md = api_markdown(_answer())
    assert md.startswith("Ms. X said \\<b\\>that\\</b\\> A happened \\*now\\*. "
                         "[CMW/C/SR.1 ¶3](https://docs.un.org/en/CMW/C/SR.1)")
    assert "**Sources:**" in md
    data = api_citations(_answer())
    assert data == [{"label": "CMW/C/SR.1 ¶3", "symbol": "CMW/C/SR.1", "file": "f", "paragraph": 3,
                     "speaker": "Ms. X", "affiliation": "", "url": "https://docs.un.org/en/CMW/C/SR.1",
                     "quote": ["He said <b>that</b> A happened."]}]


# -- the API, for real ---------------------------------------------------------------------------
def test_api_chat_markdown_and_citations(server, assistant):
    """Defect 17: /chat is Markdown text; /citations gives the same answer's citations as data."""
    from gradio_client import Client
    client = Client(server, verbose=False)
    reply = client.predict(IOM, api_name="/chat")
    assert f"[{LABEL}](https://docs.un.org/en/CMW/C/SR.506)" in reply and "Yuzhanin" in reply
    cites = client.predict(IOM, api_name="/citations")
    first = cites[0]
    assert set(first) >= {"label", "symbol", "file", "paragraph", "speaker", "url", "quote"}
    assert any(c["label"] == LABEL and c["file"] == SR506 and c["paragraph"] == 48 and c["speaker"] == "Mr. Yuzhanin"
               and c["url"] == "https://docs.un.org/en/CMW/C/SR.506" and c["quote"] for c in cites)
    with pytest.raises(Exception, match="question is empty"):
        client.predict("  ", api_name="/chat")
    info = client.view_api(print_info=False, return_format="dict")
    assert {"/chat", "/citations"} <= set(info["named_endpoints"])


def _login(base: str, user: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(base + "login", data=data), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_login_from_settings_with_backoff_after_failures(assistant):
    """16.7: wrong passwords make the next try wait (429 with Retry-After), even with the right password."""
    import time

    from gradio_client import Client

    from assistant.interfaces.web.app import serve
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    app = serve(assistant, port=port, prevent_thread_lock=True, auth="delegate:s3cret",
                backoff=Backoff(free=2, first=1.5, cap=10))
    try:
        with pytest.raises(Exception):
            Client(base, verbose=False)
        assert [_login(base, "delegate", "wrong") for _ in range(3)] == [400, 400, 400]
        assert _login(base, "delegate", "s3cret") == 429          # the right password waits its turn too
        time.sleep(1.6)
        assert _login(base, "delegate", "s3cret") == 200          # and then works; the count starts over
        reply = Client(base, auth=("delegate", "s3cret"), verbose=False).predict(IOM, api_name="/chat")
        assert LABEL in reply
    finally:
        app.close()


def test_backoff_doubles_per_client():
    now = [100.0]
    b = Backoff(free=3, first=1.0, cap=8, clock=lambda: now[0])
    delays = [b.failed("10.0.0.1") for _ in range(8)]
    assert delays == [0, 0, 0, 1, 2, 4, 8, 8]
    assert b.wait("10.0.0.1") == 8 and b.wait("10.0.0.2") == 0     # per client address
    now[0] += 8
    assert b.wait("10.0.0.1") == 0
    b.succeeded("10.0.0.1")
    assert b.failed("10.0.0.1") == 0


def test_open_host_without_login_is_refused_unless_allowed(assistant):
    """16.7: a non-loopback host needs a login, or --allow-open (then a loud warning)."""
    assert check_exposure("127.0.0.1", None, False) == "" and check_exposure("localhost", None, False) == ""
    assert check_exposure("0.0.0.0", [("a", "b")], False) == ""
    with pytest.raises(AssistantError, match="--allow-open"):
        check_exposure("0.0.0.0", None, False)
    assert "WITHOUT A LOGIN" in check_exposure("0.0.0.0", None, True)
    from assistant.interfaces.web.app import serve
    with pytest.raises(AssistantError, match="ASSISTANT_UI_AUTH"):
        serve(assistant, host="0.0.0.0", port=free_port(), prevent_thread_lock=True)


def test_serve_binds_loopback_without_share(server):
    html = urllib.request.urlopen(server, timeout=10).read().decode()
    assert "CMW records assistant" in html
    assert server.startswith("http://127.0.0.1:")
    assert json.loads(urllib.request.urlopen(server + "config", timeout=10).read())["mode"] == "blocks"


def test_cli_serve_refuses_an_open_host(capsys, monkeypatch):
    from conftest import run_cli
    monkeypatch.delenv("ASSISTANT_UI_AUTH", raising=False)
    code, out, err = run_cli(capsys, "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert code != 0 and "Refusing to serve on 0.0.0.0 without a login" in err and "--allow-open" in err


def test_questions_in_other_languages(assistant):
    """Defect 14: names match without accents; another language is answered from its names or asked in English."""
    from assistant.interfaces.web.language import foreign_language, named
    assert foreign_language("Que dijo México sobre la reunificación familiar?") == "Spanish"
    assert foreign_language("Qu'a dit le Maroc sur la détention des enfants?") == "French"
    assert foreign_language("Что сказала Мексика?") == "another language"
    for english in ("What did Mexico say about family reunification?", "Who chaired the 608th meeting?",
                    "What did the Committee say on the ratification of the Convention in 2025?"):
        assert foreign_language(english) == "", english
    assert named(assistant.plan("Que dijo México sobre la reunificación familiar?")) == ["Mexico"]
    assert named(assistant.plan("What did Méndez Escobar say?")) == ["Ms. Méndez Escobar"]


def test_chat_answers_a_spanish_question_from_its_names(assistant):
    from assistant.desk.speakers import directory
    from assistant.interfaces.web.chat_flow import ChatFlow
    import threading
    flow = ChatFlow(assistant, FilterChoices.build(assistant.records(), directory(assistant).parties), threading.Lock())
    *_, last = flow.submit("Que dijo México sobre la reunificación familiar?", [], None, {}, None, None, None)
    history, sess = last[0], last[2]
    text = history[-1]["content"]
    assert "Méndez Escobar" in text and "CMW/C/SR.506 ¶16" in text and "seems to be in Spanish" in text
    *_, last = flow.submit("Qu'a dit le Bhoutan sur la détention?", [], sess, {}, None, None, None)
    assert "please ask in English" in last[0][-1]["content"]


def test_example_questions_read_well_and_are_answered(assistant):
    """Defect 15: curated questions checked against the index; generated ones use phrases the speaker used."""
    from assistant.interfaces.web.examples import CURATED, example_questions, generated
    shown = example_questions(assistant)
    assert len(shown) == 5 and set(shown) <= set(CURATED)
    for q in shown:
        answer = assistant.ask(q)
        assert not answer.refused and answer.citations, q
    texts = {p.get("affiliation"): [] for p in assistant.paragraphs()}
    for p in assistant.paragraphs():
        texts[p.get("affiliation")].append(p["text"])
    for q in generated(assistant.paragraphs(), assistant.records()):
        m = re.match(r"What did (.+) say about (.+)\?$", q)
        if m:
            topic = m.group(2)
            assert len(topic.split()) >= 2 and topic == topic.lower(), q           # a phrase, not "treaty"
            assert any(topic in " ".join(t) for t in texts.values()), q
