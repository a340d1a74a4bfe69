"""Conversations kept in the browser (gradio's BrowserState, i.e. the browser's localStorage), and rebuilt on reload.

What is stored is small and plain: each turn's question, the answer's text and flags, and each citation's file,
paragraph, label and quoted sentences. The paragraph text itself comes back from the index when a conversation is
reopened, so the storage stays small and always shows the current index's text.
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime

from ...answer.types import Answer, Citation

MAX_CONVERSATIONS = 30
MAX_TURNS = 60
EMPTY = {"current": "", "conversations": []}


def _citation_to_store(c: Citation) -> dict:
    return {"file": c.file, "paragraph": c.paragraph, "label": c.label, "quote": list(c.quote), "speaker": c.speaker,
            "affiliation": c.affiliation, "symbol": c.symbol}


def answer_to_store(answer: Answer) -> dict:
    return {"text": answer.text, "refused": answer.refused, "notice": answer.notice, "backend": answer.backend,
            "citations": [_citation_to_store(c) for c in answer.citations]}


def answer_from_store(question: str, data: dict, paragraph) -> Answer:
    """`paragraph(file, number)` is `Assistant.paragraph`; a paragraph gone from the index keeps its stored label."""
    cites = []
    for c in data.get("citations") or []:
        try:
            full = paragraph(c["file"], int(c["paragraph"]))
        except (KeyError, TypeError, ValueError):
            continue
        if full is None:
            full = {"file": c["file"], "paragraph": int(c["paragraph"]), "label": c.get("label", ""),
                    "speaker": c.get("speaker", ""), "affiliation": c.get("affiliation", ""),
                    "symbol": c.get("symbol", ""),
                    "text": "(This paragraph is no longer in the index: its record was removed or changed.)"}
        fields = {k: v for k, v in full.items() if k in Citation.__dataclass_fields__}
        fields["label"] = c.get("label") or fields.get("label", "")
        fields["quote"] = list(c.get("quote") or [])
        cites.append(Citation(**fields))
    return Answer(question=question, text=str(data.get("text", "")), citations=cites,
                  refused=bool(data.get("refused")), notice=str(data.get("notice", "")),
                  backend=str(data.get("backend", "extractive")))


def _valid(store) -> dict:
    if not isinstance(store, dict) or not isinstance(store.get("conversations"), list):
        return {"current": "", "conversations": []}
    convs = [c for c in store["conversations"] if isinstance(c, dict) and c.get("id") and isinstance(c.get("turns"), list)]
    return {"current": str(store.get("current") or ""), "conversations": convs}


def current(store) -> dict | None:
    store = _valid(store)
    return next((c for c in store["conversations"] if c["id"] == store["current"]), None)


def find(store, cid: str) -> dict | None:
    return next((c for c in _valid(store)["conversations"] if c["id"] == cid), None)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def record_turn(store, cid: str, question: str, answer: Answer, filters: str) -> dict:
    """The store with this turn appended to conversation `cid` (created if new), which becomes the current one."""
    store = _valid(store)
    conv = next((c for c in store["conversations"] if c["id"] == cid), None)
    if conv is None:
        conv = {"id": cid, "title": question[:80], "started": time.time(), "turns": []}
        store["conversations"].append(conv)
    conv["turns"] = (conv["turns"] + [{"question": question, "answer": answer_to_store(answer), "filters": filters}])[-MAX_TURNS:]
    conv["updated"] = time.time()
    store["conversations"] = sorted(store["conversations"], key=lambda c: c.get("updated", 0))[-MAX_CONVERSATIONS:]
    store["current"] = cid
    return store


def drop_last_turn(store, cid: str) -> dict:
    store = _valid(store)
    for c in store["conversations"]:
        if c["id"] == cid and c["turns"]:
            c["turns"] = c["turns"][:-1]
    store["conversations"] = [c for c in store["conversations"] if c["turns"]]
    return store


def forget(store, cid: str) -> dict:
    store = _valid(store)
    store["conversations"] = [c for c in store["conversations"] if c["id"] != cid]
    if store["current"] == cid:
        store["current"] = ""
    return store


def set_current(store, cid: str) -> dict:
    store = _valid(store)
    store["current"] = cid
    return store


def choices(store) -> list[tuple[str, str]]:
    """The earlier conversations, newest first: "2026-11-30 14:05 · What did IOM say… (3 questions)"."""
    out = []
    for c in sorted(_valid(store)["conversations"], key=lambda c: -c.get("updated", 0)):
        when = datetime.fromtimestamp(c.get("updated", c.get("started", 0))).strftime("%Y-%m-%d %H:%M")
        n = len(c["turns"])
        out.append((f"{when} · {c.get('title') or '(untitled)'} ({n} question{'s' if n != 1 else ''})", c["id"]))
    return out
