"""The two API endpoints, besides the page:

- `/chat` returns Markdown text: the answer with each citation as a Markdown link to its UN document
  ("[CMW/C/SR.506 ¶48](https://docs.un.org/en/CMW/C/SR.506)"), then the sources, one per line. Text quoted from the
  records is escaped, so that a record's own asterisks, brackets or angle brackets print as themselves.
- `/citations` returns the same answer's citations as data: a JSON list of
  {label, symbol, file, paragraph, speaker, affiliation, url, quote}, so clients need not parse labels.

    from gradio_client import Client
    client = Client("http://127.0.0.1:7860/")
    client.predict("What did IOM say about objective 13?", api_name="/chat")        # Markdown text
    client.predict("What did IOM say about objective 13?", api_name="/citations")   # list of dicts
"""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _link(c) -> str:
    label = md_escape(c.label)
    return f"[{label}]({c.url})" if c.url else f"\\[{label}\\]"


def api_markdown(answer) -> str:
    """The /chat reply (Markdown): the answer's lines, labels as links, then the sources."""
    by_label = {}
    for c in answer.citations:
        by_label.setdefault(c.label, c)
    labels = sorted(by_label, key=len, reverse=True)
    pattern = re.compile(r"\[(" + "|".join(re.escape(lbl) for lbl in labels) + r")\]") if labels else None
    lines = []
    for line in answer.text.split("\n"):
        bullet = line.startswith("- ")
        body = line[2:] if bullet else line
        out, pos = [], 0
        for m in (pattern.finditer(body) if pattern else []):
            out.append(md_escape(body[pos:m.start()]))
            out.append(_link(by_label[m.group(1)]))
            pos = m.end()
        out.append(md_escape(body[pos:]))
        lines.append(("- " if bullet else "") + "".join(out))
    if answer.citations:
        lines += ["", "**Closest paragraphs:**" if answer.refused else "**Sources:**", ""]
        for c in by_label.values():
            who = f" — {md_escape(c.speaker)}" + (f" ({md_escape(c.affiliation)})" if c.affiliation else "") \
                if c.speaker else ""
            lines.append(f"- {_link(c)}{who}")
    return "\n".join(lines)


def api_citations(answer) -> list[dict]:
    """The /citations reply: one dict per citation, in the order the answer uses them."""
    return [{"label": c.label, "symbol": c.symbol, "file": c.file, "paragraph": c.paragraph, "speaker": c.speaker,
             "affiliation": c.affiliation, "url": c.url, "quote": list(c.quote)} for c in answer.citations]
