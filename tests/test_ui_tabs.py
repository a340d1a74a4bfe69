"""The delegates-and-trainers tabs ("Who said what", "Briefing", "Quiz") in a real browser: a live Gradio server on
loopback over the session's shared index, driven by Playwright in Debian's headless Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SR506 = "001_b36a170aa6e6050d.txt"
LABEL = "CMW/C/SR.506 ¶48"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium chromium-driver; never `playwright install`)"),
]


@pytest.fixture(scope="module")
def server(assistant):
    """The real app over conftest's session-scoped index (no extra index build)."""
    from assistant.interfaces.web.app import serve
    port = free_port()
    app = serve(assistant, host="127.0.0.1", port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def page(server):
    """One page for the module: the three tabs are independent of each other."""
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        pg.set_default_timeout(30_000)
        pg.goto(server, wait_until="load")
        pg.wait_for_selector("#question textarea")
        yield pg
        browser.close()


def open_tab(page, name: str, panel: str):
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(f"#{panel}", state="visible")


def download(page, selector: str) -> Path:
    """Click a gr.File's download link and return the downloaded file."""
    link = page.locator(f"{selector} a[download]").first
    link.wait_for()
    with page.expect_download() as dl:
        link.click()
    return Path(dl.value.path())


def test_who_said_what(page):
    open_tab(page, "Who said what", "who-tab")
    page.fill("#who-input textarea, #who-input input", "IOM")
    page.click("#who-search")
    page.wait_for_function("() => (document.querySelector('#who-output') || {}).innerText"
                           " && document.querySelector('#who-output').innerText.includes('¶46')")
    text = page.inner_text("#who-output")
    assert "International Organization for Migration" in text
    cited = re.findall(r"CMW/C/SR\.506 ¶(\d+)", text)
    assert {"46", "47", "48", "49"} <= set(cited), cited
    assert "Migrant-Rights.org" not in text
    assert "Yuzhanin" in text
    page.screenshot(path=str(ARTIFACTS / "tab_who_said_what.png"))


def test_briefing_preview_and_docx(page, assistant):
    open_tab(page, "Briefing", "brief-tab")
    page.fill("#brief-scope textarea, #brief-scope input", "alternatives to detention")
    page.click("#brief-build")
    page.wait_for_function("() => (document.querySelector('#brief-preview') || {}).innerText"
                           " && document.querySelector('#brief-preview').innerText.includes('Key points')")
    preview = page.inner_text("#brief-preview")
    assert "alternatives to detention" in preview.lower()
    assert LABEL in preview and "Yuzhanin" in preview

    docx = download(page, "#brief-docx")
    from docx import Document
    doc = Document(str(docx))
    body = "\n".join(p.text for p in doc.paragraphs)
    body += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert LABEL in body
    assert assistant.paragraph(SR506, 48)["text"][:60] in body, "the annex holds the full paragraph"

    md = download(page, "#brief-md").read_text(encoding="utf-8")
    assert LABEL in md
    page.screenshot(path=str(ARTIFACTS / "tab_briefing.png"))


def test_quiz_preview_and_gift(page, assistant):
    from assistant.desk.gift import parse
    from assistant.desk.quiz import build_quiz

    open_tab(page, "Quiz", "quiz-tab")
    page.fill("#quiz-n input", "5")
    page.fill("#quiz-seed input", "7")
    page.click("#quiz-build")
    page.wait_for_function("() => (document.querySelector('#quiz-preview') || {}).innerText"
                           " && document.querySelector('#quiz-preview').innerText.includes('Answer key')")
    preview = page.inner_text("#quiz-preview")
    assert "5 items, seed 7" in preview
    key = page.locator("#quiz-preview ol li").all_inner_texts()          # the answer key, one entry per item
    assert len(key) == 5, key
    labels = {p["label"] for p in assistant.paragraphs()}
    for entry in key:
        cited = re.findall(r"Source: (.+?¶\d+)", entry)
        assert cited and all(c in labels for c in cited), entry
    flat = " ".join(preview.split())
    same = build_quiz(assistant, n=5, seed=7)                              # the same seed gives the same quiz
    assert all(" ".join(i.answer.split()) in flat for i in same), [i.answer for i in same]

    gift = download(page, "#quiz-gift").read_text(encoding="utf-8")
    assert gift.strip()
    assert len(parse(gift)) == 5
    page.screenshot(path=str(ARTIFACTS / "tab_quiz.png"), full_page=True)
