"""The answerer menu in a real browser (issue 11): each browser session picks its own answerer among those the
operator offers; a backend that crashes shows why it is unavailable, answers stay extractive, and the server keeps
serving everyone."""
from __future__ import annotations

import sys

import pytest

from conftest import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, RECORDS, free_port

IOM = "What did IOM say about objective 13?"
LABEL = "CMW/C/SR.506 ¶48"
CRASH = f"{sys.executable} -c 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)'"

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def crashing(built_index, tmp_path_factory):
    """An assistant whose operator offers a llama.cpp model that crashes (a stand-in probe that dies of SIGSEGV)."""
    from assistant import Assistant, Settings
    model = tmp_path_factory.mktemp("model") / "broken.gguf"
    model.write_bytes(b"GGUF not really")
    spec = f"llama-cpp:{model}"
    a = Assistant.open(Settings(index_dir=built_index, records_dir=RECORDS, ui_llms=spec, llm_probe_command=CRASH,
                                llm_probe_timeout=30))
    return a, spec


@pytest.fixture(scope="module")
def server(crashing):
    from assistant.interfaces.web.app import serve
    port = free_port()
    app = serve(crashing[0], host="127.0.0.1", port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_answerer_is_per_session_and_a_crashing_backend_is_unavailable(server, crashing):
    from playwright.sync_api import sync_playwright
    assistant, spec = crashing
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = []
        for _ in range(2):
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(60_000)
            page.goto(server)
            page.wait_for_selector("#question textarea")
            pages.append(page)
        a, b = pages
        a.click("#answerer button, #answerer .label-wrap")
        a.click("#llm-select input")
        options = a.locator("ul[role='listbox'] li").all_inner_texts()
        assert not any("smollm2" in o for o in options), options       # the test model only when a setting asks
        a.locator("ul[role='listbox'] li", has_text="broken.gguf").first.click()
        a.wait_for_function("() => document.querySelector('#llm-status')?.innerText.includes('unavailable')")
        status = a.inner_text("#llm-status")
        assert "crashed (SIGSEGV)" in status and "extractive" in status
        done = a.locator("#chat .answer.complete").count()
        a.fill("#question textarea", IOM)
        a.press("#question textarea", "Enter")
        a.wait_for_function("n => document.querySelectorAll('#chat .answer.complete').length > n", arg=done)
        text = a.locator("#chat .answer.complete").last.inner_text()
        assert LABEL in text and "unavailable" in text                   # the answer says why it is extractive

        b.click("#answerer button, #answerer .label-wrap")              # the other session is untouched
        b.wait_for_function("() => document.querySelector('#llm-status')?.innerText.includes('extractive (default)')")
        assert b.locator("#llm-select input").input_value() == "Extractive (default)"
        b.fill("#question textarea", IOM)
        b.press("#question textarea", "Enter")                           # and the server keeps serving
        b.wait_for_function("() => document.querySelectorAll('#chat .answer.complete').length > 0")
        text = b.locator("#chat .answer.complete").last.inner_text()
        assert LABEL in text and "unavailable" not in text
        assert assistant.llm is None                                     # nothing server-wide changed
        browser.close()


@pytest.mark.llm
def test_smollm2_offered_by_setting_streams_a_draft_then_checked_citations(built_index):
    """With ASSISTANT_UI_OFFER_TEST_LLM the tiny model is offered; its draft streams, then the checked answer."""
    pytest.importorskip("llama_cpp")
    from playwright.sync_api import sync_playwright

    from assistant import Assistant, Settings
    from assistant.answer.llm import smollm2_path
    from assistant.interfaces.web.app import serve
    try:
        smollm2_path()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no SmolLM2 GGUF: {exc}")
    a = Assistant.open(Settings(index_dir=built_index, records_dir=RECORDS, ui_offer_test_llm=True))
    labels = {p["label"] for p in a.paragraphs()}
    port = free_port()
    app = serve(a, host="127.0.0.1", port=port, prevent_thread_lock=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(180_000)
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#question textarea")
            page.click("#answerer button, #answerer .label-wrap")
            page.click("#llm-select input")
            page.locator("ul[role='listbox'] li", has_text="smollm2").first.click()
            page.wait_for_function("() => document.querySelector('#llm-status')?.innerText.includes('ready')")
            page.evaluate("""() => { window.__drafted = false; new MutationObserver(() => {
                if (document.querySelector('#chat .answer.draft')) window.__drafted = true;
              }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }""")
            page.fill("#question textarea", IOM)
            page.press("#question textarea", "Enter")
            page.wait_for_function("() => document.querySelectorAll('#chat .answer.complete').length > 0")
            assert page.evaluate("window.__drafted"), "the LLM's draft streams into the chat, marked as a draft"
            answer = page.locator("#chat .answer.complete").last
            chips = answer.locator(".cite-chip").all_inner_texts()
            assert chips and set(chips) <= labels, chips
            text = answer.inner_text()
            assert "Written by the LLM" in text or "extractive" in text.lower()
            browser.close()
    finally:
        app.close()
