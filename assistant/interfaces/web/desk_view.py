"""HTML for the desk tabs (who said what, briefing, quiz) with the same clickable citation chips as the chat.

Each view returns (html, refs): chip number i opens refs[i], a dict with file, paragraph and the quoted sentences,
which the tab keeps in a gr.State so that a click can show the paragraph in the tab's source panel.
"""
from __future__ import annotations

from ...desk.quotes import quote_parts
from .render import esc

QUOTE_OPEN, QUOTE_CLOSE = "“", "”"


class Refs:
    """Numbered citations of one view; the same paragraph keeps its first number."""

    def __init__(self, tab: str):
        self.tab, self.items, self._seen = tab, [], {}

    def chip(self, label: str, file: str, paragraph: int, quote: list[str] | None = None) -> str:
        key = (file, int(paragraph))
        if key not in self._seen:
            self._seen[key] = len(self.items)
            self.items.append({"file": file, "paragraph": int(paragraph), "label": label, "quote": list(quote or [])})
        elif quote:
            known = self.items[self._seen[key]]["quote"]
            known += [q for q in quote if q not in known]
        i = self._seen[key]
        return (f'<button type="button" class="cite-chip cite-{self.tab}-{i}" title="Show {esc(label)}">'
                f'{esc(label)}</button>')


def _who(speaker: str, affiliation: str) -> str:
    return esc(speaker) + (f" ({esc(affiliation)})" if affiliation and affiliation != "Chair" else
                           " (Chair)" if affiliation == "Chair" else "")


def who_view(result) -> tuple[str, list[dict]]:
    """`result` is desk.said.Said."""
    refs = Refs("who")
    if not result.matched:
        return f'<div class="desk-out"><p><strong>{esc(result.notice)}</strong></p></div>', []
    head = "; ".join(f"<strong>{esc(m.name)}</strong> ({esc(m.role)})" for m in result.matched)
    out = [f"<p>{head}" + (f" — on “{esc(result.topic)}”" if result.topic else "") + "</p>"]
    if result.notice:
        out.append(f"<p><em>{esc(result.notice)}</em></p>")
    for s in result.statements:
        parts = quote_parts(s.text, s.quote) if s.quote else [s.text]
        body = " … ".join(esc(p) for p in parts)
        out.append(f"<p>{refs.chip(s.label, s.file, s.paragraph, s.quote)} {_who(s.speaker, s.affiliation)}</p>"
                   f"<blockquote>{body}</blockquote>")
    return f'<div class="desk-out">{"".join(out)}</div>', refs.items


def brief_view(brief) -> tuple[str, list[dict]]:
    """`brief` is desk.brief.Brief: the same sections as its Markdown, with chips for the citations."""
    from ...desk.speakers import GROUPS
    refs = Refs("brief")
    out = [f"<h2>{esc(brief.title)}</h2>", f"<p><strong>Scope:</strong> {esc(brief.description)}</p>"]
    if brief.notice:
        out.append(f"<blockquote>{esc(brief.notice)}</blockquote>")
    out.append(f"<p>{esc(brief.overview)}</p>")
    if brief.summary:
        out.append(f"<h3>In brief</h3><p>{esc(brief.summary)}</p>")
    out.append("<h3>Key points</h3>")
    if not any(brief.points.values()):
        out.append("<p>No paragraph of the indexed records matches this scope.</p>")
    for group, pts in brief.points.items():
        if not pts:
            continue
        out.append(f"<h4>{esc(GROUPS[group])}</h4><ul>")
        for p in pts:
            who = f"<strong>{_who(p.speaker, p.affiliation)}:</strong> " if p.speaker else ""
            out.append(f"<li>{who}{QUOTE_OPEN}{esc(p.sentence)}{QUOTE_CLOSE} "
                       f"{refs.chip(p.label, p.file, p.paragraph, p.quoted)}</li>")
        out.append("</ul>")
    out.append("<h3>Dates and sessions</h3><ul>")
    out += [f"<li>{esc(r.line())}</li>" for r in brief.records] or ["<li>none</li>"]
    out.append("</ul><h3>Sources</h3><ol>")
    for s in brief.sources:
        who = f" — {_who(s.speaker, s.affiliation)}" if s.speaker else ""
        link = f' · <a href="{esc(s.url)}" target="_blank" rel="noopener">UN document</a>' if s.url else ""
        out.append(f"<li>{refs.chip(s.label, s.file, s.paragraph)}{who}{link}</li>")
    out.append("</ol><p><em>The annex with the full paragraphs is in the downloads.</em></p>")
    return f'<div class="desk-out" id="brief-view">{"".join(out)}</div>', refs.items


def quiz_view(items, title: str) -> tuple[str, list[dict]]:
    """Questions, then the answer key with a chip for each item's source (items are desk.quiz Items)."""
    refs = Refs("quiz")
    out = [f"<h2>{esc(title)}</h2>"]
    for k, i in enumerate(items, 1):
        out.append(f"<p><strong>{k}.</strong> {esc(i.question)}</p>")
        if i.type == "true_false":
            out.append("<ul><li>True</li><li>False</li></ul>")
        elif i.choices:
            out.append("<ul>" + "".join(f"<li>{chr(65 + j)}. {esc(c)}</li>" for j, c in enumerate(i.choices)) + "</ul>")
        else:
            out.append("<p>Answer: ______________</p>")
    out.append("<h3>Answer key</h3><ol>")
    for i in items:
        letter = f"{chr(65 + i.choices.index(i.answer))}. " if i.type == "multiple_choice" else ""
        chips = ", ".join(refs.chip(c["label"], c["file"], c["paragraph"], [i.proof.get("sentence", "")]
                                    if i.proof.get("sentence") else None) for c in i.citations)
        out.append(f"<li><strong>{esc(letter + i.answer)}</strong> — {esc(i.explanation)} Source: {chips}</li>")
    out.append("</ol>")
    return f'<div class="desk-out">{"".join(out)}</div>', refs.items
