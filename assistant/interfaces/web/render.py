"""What the chat shows, without gradio: messages with citation chips (and their clean text for copying), the
source panel, and the answerer's status line. `app.py` and `chat_flow.py` wire these to gradio."""
from __future__ import annotations

import html
import re

from ...answer.types import Answer, Citation

ORDINAL = {1: "st", 2: "nd", 3: "rd"}
PENDING = '<div class="answer pending"><p>Searching the records…</p></div>'


def esc(text) -> str:
    return html.escape(str(text or ""), quote=True)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, 'th')}"


def _hidden_text(text: str) -> str:
    """The clean text the copy button gives, inside the message; newlines as entities keep the HTML on one line."""
    return f'<div class="copy-text">{esc(text).replace(chr(10), "&#10;")}</div>'


# -- messages ---------------------------------------------------------------------------------
def chip(label: str, key: str) -> str:
    """The chat sanitizer drops data-* attributes, so the key travels as a class: cite-k-TURN-INDEX."""
    return (f'<button type="button" class="cite-chip cite-k-{key.replace(":", "-")}" title="Show {esc(label)}">'
            f'{esc(label)}</button>')


def label_pattern(answer: Answer):
    labels = sorted({c.label for c in answer.citations if c.label}, key=len, reverse=True)
    return re.compile(r"\[(" + "|".join(re.escape(lbl) for lbl in labels) + r")\]") if labels else None


def user_html(question: str) -> str:
    """A question as the chat shows it: escaped, and copied as typed."""
    return f'<div class="q">{esc(question)}</div>'


def copy_text(answer: Answer) -> str:
    """An answer as plain text: its sentences with their [labels], then each source with its UN document link."""
    lines = [answer.text.strip()]
    if answer.citations:
        lines.append("")
        lines.append("Closest paragraphs:" if answer.refused else "Sources:")
        seen = set()
        for c in answer.citations:
            if c.label in seen:
                continue
            seen.add(c.label)
            who = f" {c.speaker}" + (f" ({c.affiliation})" if c.affiliation else "") if c.speaker else ""
            lines.append(f"[{c.label}]{who}" + (f" — {c.url}" if c.url else ""))
    return "\n".join(lines)


def answer_html(answer: Answer, turn: int, text: str | None = None, footer: str = "", stopped: bool = False) -> str:
    """One line of HTML (no blank lines, so markdown leaves it alone): escaped text, labels as chips.
    A prefix of the text is a piece of the stream; the whole text gets the class `complete`."""
    done = text is None or text == answer.text
    text = answer.text if text is None else text
    keys = {}
    for i, c in enumerate(answer.citations):
        keys.setdefault(c.label, f"{turn}:{i}")
    pattern = label_pattern(answer)

    def line_html(line: str) -> str:
        if not pattern:
            return esc(line)
        out, pos = [], 0
        for m in pattern.finditer(line):
            out.append(esc(line[pos:m.start()]))
            out.append(chip(m.group(1), keys[m.group(1)]))
            pos = m.end()
        return "".join(out) + esc(line[pos:])

    blocks, items = [], []
    for line in text.split("\n"):
        if line.startswith("- "):
            items.append(f"<li>{line_html(line[2:])}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            blocks.append(f"<p>{line_html(line)}</p>")
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    if stopped:
        blocks.append('<p class="answer-foot">Stopped. Press Retry to ask again.</p>')
    cls = "answer" + (" refused" if answer.refused else "") + (" complete" if done or stopped else " streaming")
    foot = f'<p class="answer-foot">{esc(footer)}</p>' if footer else ""
    copy = _hidden_text(copy_text(answer)) if done else ""
    return f'<div class="{cls}">{"".join(blocks)}{foot}{copy}</div>'


def message_html(kind: str, text: str) -> str:
    """A finished non-answer message: kind is error or stopped."""
    return f'<div class="answer {kind} complete"><p>{esc(text)}</p>{_hidden_text(text)}</div>'


def stream_cuts(text: str) -> list[int]:
    """Where to cut the answer while streaming it: after each sentence, label or line."""
    cuts = [m.end() for m in re.finditer(r"(?:\]|[.!?:;])(?=\s)|\n", text)]
    return sorted(set(c for c in cuts if 0 < c < len(text))) + [len(text)]


def citation_choices(answer: Answer | None, turn: int) -> list[tuple[str, str]]:
    if answer is None:
        return []
    return [(f"{i + 1}. {c.label}" + (f" — {c.speaker}" if c.speaker else ""), f"{turn}:{i}")
            for i, c in enumerate(answer.citations)]


# -- source panel -----------------------------------------------------------------------------
def highlight(text: str, quotes: list[str]) -> str:
    """Escaped paragraph text with the used sentence(s) in <mark>; tolerant of case and spacing."""
    spans = []
    for q in quotes or []:
        for piece in re.split(r"\s*…\s*", q.strip()):
            words = [re.escape(w) for w in piece.split()]
            m = re.search(r"\s+".join(words), text, re.I) if words else None
            if m is None and len(words) > 3:  # a reconstructed opening ("The Committee" for "said that the Committee")
                m = re.search(r"\s+".join(words[2:]), text, re.I)
            if m:
                spans.append((m.start(), m.end()))
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(esc(text[pos:start]) + "<mark>" + esc(text[start:end]) + "</mark>")
        pos = end
    return "".join(out) + esc(text[pos:])


def _context(p: dict | None, where: str) -> str:
    if not p:
        return ""
    who = f" — {p['speaker']}" if p.get("speaker") else ""
    text = p.get("text", "")
    return (f'<details class="src-ctx {where}"><summary><span class="ctx-label">{where} · ¶{p["paragraph"]}{esc(who)}'
            f'</span> {esc(text[:140])}{"…" if len(text) > 140 else ""}</summary><p>{esc(text)}</p></details>')


def original_link(c: dict) -> str:
    """The link to the UN document (opened by the reader's browser; the app fetches nothing)."""
    if c.get("url"):
        return (f'<a class="un-link" href="{esc(c["url"])}" target="_blank" rel="noopener noreferrer">'
                f'{esc(c.get("symbol"))} on the UN Official Document System ↗</a>')
    return "symbol unknown, so no link to the UN original"


def source_html(c: Citation | dict, prev: dict | None, nxt: dict | None, nonce: str = "") -> str:
    c = c if isinstance(c, dict) else {**c.to_dict(), "url": c.url}
    rows = []
    record = c.get("title") or c.get("file")
    if c.get("symbol"):
        record = f"{record} ({c['symbol']})"
    rows.append(("Record", esc(record)))
    rows.append(("Original", original_link(c)))
    rows.append(("Date", esc(c.get("date") or "not stated")))
    if c.get("session"):
        rows.append(("Session", esc(c["session"])))
    if c.get("meeting"):
        rows.append(("Meeting", f"{ordinal(c['meeting'])} meeting"))
    who = c.get("speaker") or "no speaker (procedural or report text)"
    if c.get("affiliation"):
        who = f"{who} ({c['affiliation']})"
    rows.append(("Speaker", esc(who)))
    agenda = " — ".join(a for a in (c.get("agenda_item"), c.get("agenda_subitem")) if a)
    rows.append(("Agenda item", esc(agenda or "not stated")))
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    used = ('<p class="src-note">Highlighted: the sentence(s) quoted.</p>' if c.get("quote") else "")
    return (f'<div class="source" data-label="{esc(c["label"])}" data-nonce="{esc(nonce)}">'
            f'<h3 class="src-label">{esc(c["label"])}</h3>'
            f'<dl class="src-meta">{meta}</dl>{_context(prev, "before")}'
            f'<blockquote class="src-text"><span class="para-no">{c["paragraph"]}.</span> '
            f'{highlight(c.get("text", ""), c.get("quote") or [])}</blockquote>{used}{_context(nxt, "after")}</div>')


SOURCE_HINT = ('<div class="source empty"><p>Ask a question, then click a citation chip such as '
               '<span class="cite-chip">CMW/C/SR.506 ¶48</span> to read the paragraph itself, with who said it, '
               'when, under which agenda item, and a link to the UN document.</p></div>')
DESK_HINT = ('<div class="source empty"><p>Click a citation chip to read the paragraph here, with a link to the UN '
             'document.</p></div>')
