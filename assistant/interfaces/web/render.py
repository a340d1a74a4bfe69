"""What the web UI shows, without gradio: answer HTML with citation chips, the source panel, filter
choices, example questions, login pairs and the Markdown/DOCX export. `ui.py` wires these to gradio."""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ...answer.types import Answer, Citation

ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def esc(text) -> str:
    return html.escape(str(text or ""), quote=True)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, 'th')}"


# -- login ------------------------------------------------------------------------------------
def auth_pairs(spec: str) -> list[tuple[str, str]] | None:
    """`ui_auth` is "user:password" or a path to a file of such lines (blank and # lines ignored)."""
    spec = (spec or "").strip()
    if not spec:
        return None
    path = Path(spec).expanduser()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [spec]
    pairs = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user.strip() or not password:
            from ...core.errors import AssistantError
            raise AssistantError("ASSISTANT_UI_AUTH must be 'user:password' or a file of such lines; "
                                 f"got a line without a user and password ({line[:20]!r}…).")
        pairs.append((user.strip(), password))
    return pairs or None


# -- filters ----------------------------------------------------------------------------------
def record_name(meta: dict, file: str) -> str:
    return meta.get("symbol") or meta.get("title") or file


@dataclass
class FilterChoices:
    """The filter menus, read from the index."""
    records: list[tuple[str, str]]
    sessions: list[tuple[str, int]]
    people: list[tuple[str, str]]
    by_affiliation: dict[str, set[str]] = field(default_factory=dict)
    by_speaker: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, records: dict[str, dict], paragraphs: list[dict]) -> "FilterChoices":
        recs = []
        for f, m in sorted(records.items(), key=lambda kv: (kv[1].get("date") or "", kv[0])):
            bits = [b for b in (m.get("date"), f"session {m['session']}" if m.get("session") else "") if b]
            title = m.get("title", "")
            name = record_name(m, f)
            label = f"{name} — {title}" if m.get("symbol") and title else name
            recs.append((f"{label} ({', '.join(bits)})" if bits else label, f))
        sessions = sorted({m["session"] for m in records.values() if m.get("session")})
        by_aff, by_sp, counts = defaultdict(set), defaultdict(set), Counter()
        for p in paragraphs:
            sp, aff = p.get("speaker") or "", p.get("affiliation") or ""
            if sp:
                by_sp[sp].add(aff)
                counts[f"speaker:{sp}"] += 1
            if aff:
                by_aff[aff].add(sp)
                counts[f"org:{aff}"] += 1
        people = [(f"{sp} ({', '.join(sorted(a for a in affs if a))})" if any(affs) else sp, f"speaker:{sp}")
                  for sp, affs in sorted(by_sp.items())]
        people += [(f"{aff} — organization or role", f"org:{aff}") for aff in sorted(by_aff)]
        names = {f: record_name(m, f) for f, m in records.items()}
        return cls(recs, [(f"Session {s}", s) for s in sessions], people, dict(by_aff), dict(by_sp), names)

    def filters(self, files=None, sessions=None, people=None) -> dict | None:
        """Menu values to `Assistant.ask` filters. A speaker or an organization matches (either one)."""
        out: dict = {}
        if files:
            out["files"] = list(files)
        if sessions:
            out["sessions"] = [int(s) for s in sessions]
        speakers, affs = set(), set()
        for value in people or []:
            kind, _, name = str(value).partition(":")
            if kind == "speaker":
                speakers.add(name)
                affs |= self.by_speaker.get(name, set())
            elif kind == "org":
                affs.add(name)
                speakers |= self.by_affiliation.get(name, set())
        if speakers:
            out["speakers"] = sorted(s for s in speakers if s)
        if affs:
            out["affiliations"] = sorted(affs)
        return out or None

    def describe(self, files=None, sessions=None, people=None) -> str:
        parts = []
        if files:
            parts.append("records: " + ", ".join(self.names.get(f, f) for f in files))
        if sessions:
            parts.append("sessions: " + ", ".join(str(s) for s in sessions))
        if people:
            parts.append("speakers/organizations: " + ", ".join(str(p).partition(":")[2] for p in people))
        return "; ".join(parts)


# -- example questions ------------------------------------------------------------------------
STOP = set("""about above after again against also among another because been before being between both could
during each either every from further have having into itself just more most much must need only other over
same should since some such than that their them then there these they this those through under until very
were what when where which while whom with within would your committee convention migrant migrants workers
said members states state rights human international general comment families national countries country
important however current already including particular regard""".split())


def _short(aff: str, acronyms: dict[str, str]) -> str:
    m = re.search(r"\(([A-Z][A-Z0-9]{1,9})\)\s*$", aff)
    if m:
        return m.group(1)
    if aff.lower() in acronyms:
        return acronyms[aff.lower()]
    return aff if aff.split()[0] in ("Mr.", "Ms.") else f"the {aff}" if len(aff.split()) > 1 else aff


def _acronyms() -> dict[str, str]:
    try:
        from ...core.glossary import _data
        return {name.lower(): acr for acr, names in _data()["acronyms"].items() for name in names}
    except Exception:  # the glossary is a nicety here
        return {}


def example_candidates(paragraphs: list[dict], records: dict[str, dict], limit: int = 8) -> list[str]:
    """Questions built from the records: who spoke, about what, and who chaired."""
    groups: dict[str, list[str]] = defaultdict(list)
    for p in paragraphs:
        aff = p.get("affiliation") or ""
        if aff and p.get("speaker") and aff not in ("Chair", "Chairperson"):
            groups[aff].append(p["text"])
    df = Counter(w for p in paragraphs for w in set(re.findall(r"[a-z]{5,}", p["text"].lower())))
    acronyms = _acronyms()
    out = []
    for aff, texts in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        who = _short(aff, acronyms)
        if len(who) > 36:   # a long title reads better as the speaker's name
            who = Counter(p["speaker"] for p in paragraphs if p.get("affiliation") == aff).most_common(1)[0][0]
        joined = " ".join(texts)
        obj = Counter(m.lower() for m in re.findall(r"\b[Oo]bjective \d{1,2}\b", joined))
        if obj:
            topic = obj.most_common(1)[0][0]
        else:
            tf = Counter(w for w in re.findall(r"[a-z]{5,}", joined.lower()) if w not in STOP)
            if not tf:
                continue
            topic = max(tf, key=lambda w: tf[w] / (1 + df[w]) ** 0.5)
        out.append(f"What did {who} say about {topic}?")
    meetings = sorted((m["meeting"], m.get("symbol", "")) for m in records.values() if m.get("meeting"))
    if meetings:
        out.insert(2, f"Who chaired the {ordinal(meetings[-1][0])} meeting?")
    return out[:limit]


# -- answers ----------------------------------------------------------------------------------
def chip(label: str, key: str) -> str:
    """The chat sanitizer drops data-* attributes, so the key travels as a class: cite-k-TURN-INDEX."""
    return (f'<button type="button" class="cite-chip cite-k-{key.replace(":", "-")}" title="Show {esc(label)}">'
            f'{esc(label)}</button>')


def _label_pattern(answer: Answer):
    labels = sorted({c.label for c in answer.citations if c.label}, key=len, reverse=True)
    return re.compile(r"\[(" + "|".join(re.escape(lbl) for lbl in labels) + r")\]") if labels else None


def answer_html(answer: Answer, turn: int, text: str | None = None, footer: str = "") -> str:
    """One line of HTML (no blank lines, so markdown leaves it alone): escaped text, labels as chips.
    A prefix of the text is a piece of the stream; the whole text gets the class `complete`."""
    done = text is None or text == answer.text
    text = answer.text if text is None else text
    keys = {}
    for i, c in enumerate(answer.citations):
        keys.setdefault(c.label, f"{turn}:{i}")
    pattern = _label_pattern(answer)

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
    cls = "answer" + (" refused" if answer.refused else "") + (" complete" if done else " streaming")
    foot = f'<p class="answer-foot">{esc(footer)}</p>' if footer else ""
    return f'<div class="{cls}">{"".join(blocks)}{foot}</div>'


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
        q = q.strip()
        if not q:
            continue
        words = [re.escape(w) for w in q.split()]
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


def source_html(c: Citation | dict, prev: dict | None, nxt: dict | None) -> str:
    c = c if isinstance(c, dict) else c.to_dict()
    rows = []
    record = c.get("title") or c.get("file")
    if c.get("symbol"):
        record = f"{record} ({c['symbol']})"
    rows.append(("Record", record))
    rows.append(("Date", c.get("date") or "not stated"))
    if c.get("session"):
        rows.append(("Session", str(c["session"])))
    if c.get("meeting"):
        rows.append(("Meeting", f"{ordinal(c['meeting'])} meeting"))
    who = c.get("speaker") or "no speaker (procedural or report text)"
    if c.get("affiliation"):
        who = f"{who} ({c['affiliation']})"
    rows.append(("Speaker", who))
    agenda = " — ".join(a for a in (c.get("agenda_item"), c.get("agenda_subitem")) if a)
    rows.append(("Agenda item", agenda or "not stated"))
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    used = ('<p class="src-note">Highlighted: the sentence(s) the answer used.</p>' if c.get("quote") else "")
    return (f'<div class="source" data-label="{esc(c["label"])}"><h3 class="src-label">{esc(c["label"])}</h3>'
            f'<dl class="src-meta">{meta}</dl>{_context(prev, "before")}'
            f'<blockquote class="src-text"><span class="para-no">{c["paragraph"]}.</span> '
            f'{highlight(c.get("text", ""), c.get("quote") or [])}</blockquote>{used}{_context(nxt, "after")}</div>')


SOURCE_HINT = ('<div class="source empty"><p>Ask a question, then click a citation chip such as '
               '<span class="cite-chip">CMW/C/SR.506 ¶48</span> to read the paragraph itself, with who said it, '
               'when, and under which agenda item.</p></div>')


# -- export -----------------------------------------------------------------------------------
def _note_meta(c: Citation) -> str:
    bits = [c.speaker + (f" ({c.affiliation})" if c.affiliation else "") if c.speaker else ""]
    bits += [c.title, c.symbol, c.date, f"session {c.session}" if c.session else "",
             f"meeting {c.meeting}" if c.meeting else "",
             f"agenda item: {c.agenda_item}" if c.agenda_item else ""]
    return "; ".join(b for b in bits if b)


def _numbered(turns) -> tuple[list, dict]:
    """Endnote numbers, shared by repeated citations of the same paragraph."""
    notes, numbers = [], {}
    for _, answer, _ in turns:
        for c in answer.citations:
            key = (c.file, c.paragraph)
            if key not in numbers:
                numbers[key] = len(notes) + 1
                notes.append(c)
    return notes, numbers


def _with_marks(answer: Answer, numbers: dict, mark) -> str:
    pattern = _label_pattern(answer)
    if not pattern:
        return answer.text
    by_label = {c.label: numbers[(c.file, c.paragraph)] for c in answer.citations}
    return pattern.sub(lambda m: f"[{m.group(1)}]{mark(by_label[m.group(1)])}", answer.text)


def export_markdown(turns) -> str:
    """`turns` are (question, Answer, filters description) in order."""
    notes, numbers = _numbered(turns)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = ["# Conversation with the CMW records assistant", "", f"Exported {now}.", ""]
    for i, (question, answer, filters) in enumerate(turns, 1):
        out += [f"## {i}. {question}", ""]
        if filters:
            out += [f"*Filters: {filters}*", ""]
        out += [_with_marks(answer, numbers, lambda n: f"[^{n}]"), ""]
    if notes:
        out += ["## Notes", ""]
        for n, c in enumerate(notes, 1):
            text = re.sub(r"\s+", " ", c.text).strip()
            out.append(f"[^{n}]: **{c.label}** — {_note_meta(c)}.  \n    {text}")
            out.append("")
    return "\n".join(out)


def export_docx(turns, path: Path) -> Path:
    from docx import Document
    notes, numbers = _numbered(turns)
    doc = Document()
    doc.add_heading("Conversation with the CMW records assistant", 0)
    doc.add_paragraph(f"Exported {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.")
    for i, (question, answer, filters) in enumerate(turns, 1):
        doc.add_heading(f"{i}. {question}", 2)
        if filters:
            doc.add_paragraph().add_run(f"Filters: {filters}").italic = True
        pattern = _label_pattern(answer)
        by_label = {c.label: numbers[(c.file, c.paragraph)] for c in answer.citations}
        for line in answer.text.split("\n"):
            if not line.strip():
                continue
            para, pos = doc.add_paragraph(), 0
            for m in (pattern.finditer(line) if pattern else []):
                para.add_run(line[pos:m.end()])
                para.add_run(str(by_label[m.group(1)])).font.superscript = True
                pos = m.end()
            para.add_run(line[pos:])
    if notes:
        doc.add_heading("Notes", 1)
        for n, c in enumerate(notes, 1):
            para = doc.add_paragraph()
            para.add_run(f"{n}. ").bold = True
            para.add_run(c.label).bold = True
            para.add_run(f" — {_note_meta(c)}.")
            doc.add_paragraph(re.sub(r"\s+", " ", c.text).strip())
    doc.save(str(path))
    return path


# -- the answerer (extractive or an LLM) ------------------------------------------------------
EXTRACTIVE = "Extractive (default)"
LLM_HINT = ("Extractive (the default) quotes the records. Or type an LLM backend and press Enter: smollm2, "
            "llama-cpp:/path/model.gguf, ollama:MODEL[@http://host:port], openai:MODEL@http://127.0.0.1:8000/v1. "
            "An LLM's draft is checked sentence by sentence against the paragraphs it cites; if it fails, the "
            "extractive answer is shown with the reason. The choice applies to everyone using this server.")


def llm_spec(choice) -> str:
    """The dropdown's value to an `Assistant.use_llm` spec: "" is the extractive answerer."""
    value = " ".join(str(choice or "").split())
    return "" if not value or value.lower().startswith("extractive") else value


def llm_status(spec: str, ready: bool, notice: str = "") -> str:
    """The line shown next to the selector (Markdown)."""
    if not spec:
        return "**Answerer:** extractive (default) — answers quote the records, each sentence with its citation."
    if ready:
        return (f"**LLM: {esc(spec)} ready.** Its draft streams in grey while the citations are checked, then the "
                "validated answer replaces it.")
    return f"⚠ {esc(notice or f'LLM {spec} is not available; showing extractive answers.')}"


def draft_html(draft: str) -> str:
    """The LLM's unchecked draft while it is generated: greyed, marked as a draft, never with chips."""
    lines = "".join(f"<p>{esc(line)}</p>" for line in draft.split("\n") if line.strip())
    return ('<div class="answer draft"><p class="draft-note">LLM draft, not yet checked — checking citations…</p>'
            f'{lines}</div>')


def answerer_note(answer: Answer) -> str:
    """A footer note naming the LLM that wrote a validated answer (empty for extractive answers)."""
    if answer.backend and answer.backend != "extractive":
        return f"Written by the LLM ({answer.backend}); every sentence checked against its cited paragraph"
    return ""
