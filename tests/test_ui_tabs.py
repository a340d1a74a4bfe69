"""The delegates-and-trainers tabs ("Who said what", "Briefing", "Quiz") in a real browser: a live Gradio server on
loopback over the session's shared index, driven by Playwright in Debian's headless Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SR506 = "001_b36a170aa6e6050d.txt"
LABEL = "CMW/C/SR.506 ¶48"

pytestmark = BROWSER_MARKS


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


def wait_text(page, selector: str, text: str, timeout: int = 60_000):
    page.wait_for_function("([s, t]) => (document.querySelector(s) || {}).innerText"
                           " && document.querySelector(s).innerText.includes(t)", arg=[selector, text], timeout=timeout)


def click_chip(page, tab: str, label: str):
    """Defect 13: a citation in a desk tab is a chip that opens the paragraph in the tab's source panel."""
    page.locator(f"#{tab}-output .cite-chip, #{tab}-preview .cite-chip", has_text=label).first.click()
    page.wait_for_selector(f"#{tab}-source .source[data-label='{label}']")
    return page.inner_text(f"#{tab}-source")


def test_who_said_what(page, assistant):
    open_tab(page, "Who said what", "who-tab")
    page.fill("#who-input textarea, #who-input input", "IOM")
    page.click("#who-search")
    wait_text(page, "#who-output", "¶46")
    text = page.inner_text("#who-output")
    assert "International Organization for Migration" in text
    cited = re.findall(r"CMW/C/SR\.506 ¶(\d+)", text)
    assert {"46", "47", "48", "49"} <= set(cited), cited
    assert "Migrant-Rights.org" not in text and "Yuzhanin" in text
    source = click_chip(page, "who", "CMW/C/SR.506 ¶47")
    assert assistant.paragraph(SR506, 47)["text"][:60] in source
    assert page.locator("#who-source a.un-link").get_attribute("href") == "https://docs.un.org/en/CMW/C/SR.506"
    # Defect 6: Enter in the topic field runs the search.
    page.fill("#who-topic textarea, #who-topic input", "alternatives to detention")
    page.press("#who-topic textarea, #who-topic input", "Enter")
    wait_text(page, "#who-output", "on “alternatives to detention”")
    assert re.findall(r"CMW/C/SR\.506 ¶(\d+)", page.inner_text("#who-output")) == ["48"]
    page.screenshot(path=str(ARTIFACTS / "tab_who_said_what.png"))


def test_briefing_preview_chips_and_docx(page, assistant):
    open_tab(page, "Briefing", "brief-tab")
    page.fill("#brief-scope textarea, #brief-scope input", "alternatives to detention")
    page.click("#brief-build")
    wait_text(page, "#brief-preview", "Key points")
    preview = page.inner_text("#brief-preview")
    assert "alternatives to detention" in preview.lower()
    assert LABEL in preview and "Yuzhanin" in preview
    source = click_chip(page, "brief", LABEL)
    assert assistant.paragraph(SR506, 48)["text"][:60] in source
    assert page.locator("#brief-source mark").count() >= 1               # the quoted sentence is highlighted

    docx = download(page, "#brief-docx")
    from docx import Document
    doc = Document(str(docx))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert LABEL in body
    assert assistant.paragraph(SR506, 48)["text"][:60] in body, "the annex holds the full paragraph"
    md = download(page, "#brief-md").read_text(encoding="utf-8")
    assert LABEL in md and "https://docs.un.org/en/CMW/C/SR.506" in md
    page.screenshot(path=str(ARTIFACTS / "tab_briefing.png"))


def test_briefing_honours_the_chats_filters_and_years(page):
    """Defect 5: the Ask tab's filters and the question's year limit the note as they limit the chat."""
    open_tab(page, "Ask", "question")
    page.click("#filters button, #filters .label-wrap")
    page.click("#f-sessions input")
    page.keyboard.type("CMW 40th")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    open_tab(page, "Briefing", "brief-tab")
    wait_text(page, "#brief-filters", "CMW 40th session")
    page.fill("#brief-scope textarea, #brief-scope input", "ratification of the Convention")
    page.press("#brief-scope textarea, #brief-scope input", "Enter")               # defect 6 here too
    wait_text(page, "#brief-preview", "limited to")
    cited = set(re.findall(r"CMW/C/SR\.\d+", page.inner_text("#brief-preview")))
    assert cited <= {"CMW/C/SR.608"}, cited
    open_tab(page, "Ask", "question")
    page.click("#clear-filters")
    open_tab(page, "Briefing", "brief-tab")
    wait_text(page, "#brief-filters", "none")
    page.fill("#brief-scope textarea, #brief-scope input", "alternatives to detention in 2025")
    page.press("#brief-scope textarea, #brief-scope input", "Enter")
    wait_text(page, "#brief-preview", "year 2025")
    assert "CMW/C/SR.506" not in page.inner_text("#brief-preview")                # 2022's meeting is out


def test_quiz_preview_chips_and_gift(page, assistant):
    from assistant.desk.gift import parse
    from assistant.desk.quiz import build_quiz

    open_tab(page, "Quiz", "quiz-tab")
    page.fill("#quiz-n input", "5")
    page.fill("#quiz-seed input", "7")
    page.click("#quiz-build")
    wait_text(page, "#quiz-preview", "Answer key")
    preview = page.inner_text("#quiz-preview")
    assert "5 items, seed 7" in preview
    key = page.locator("#quiz-preview ol li").all_inner_texts()          # the answer key, one entry per item
    assert len(key) == 5, key
    labels = {p["label"] for p in assistant.paragraphs()}
    for entry in key:
        cited = re.findall(r"Source: (.+?¶\d+\*?)", entry)
        assert cited and all(c in labels for c in cited), entry
    flat = " ".join(preview.split())
    same = build_quiz(assistant, n=5, seed=7)                              # the same seed gives the same quiz
    assert all(" ".join(i.answer.split()) in flat for i in same), [i.answer for i in same]
    first = page.locator("#quiz-preview ol li .cite-chip").first
    label = first.inner_text()
    first.click()
    page.wait_for_selector(f"#quiz-source .source[data-label='{label}']")

    gift = download(page, "#quiz-gift").read_text(encoding="utf-8")
    assert len(parse(gift)) == 5
    page.screenshot(path=str(ARTIFACTS / "tab_quiz.png"), full_page=True)


def test_quiz_size_out_of_range_is_clamped(page):
    """Defect 7: 0 or 100 items make a quiz of the nearest allowed size and say so; no error badges."""
    open_tab(page, "Quiz", "quiz-tab")
    page.fill("#quiz-n input", "0")
    page.press("#quiz-topic textarea, #quiz-topic input", "Enter")                # defect 6: Enter builds
    wait_text(page, "#quiz-preview", "between 1 and 50; made 1")
    assert page.input_value("#quiz-n input") == "1"
    assert "1 items, seed 7" in page.inner_text("#quiz-preview")
    page.fill("#quiz-n input", "100")
    page.click("#quiz-build")
    wait_text(page, "#quiz-preview", "made 50")
    assert page.input_value("#quiz-n input") == "50"
    assert page.locator("#quiz-tab .error").count() == 0
