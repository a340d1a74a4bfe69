"""Prompt templates (prompts/*.txt, checked for their placeholders) and the evidence block an LLM prompt shows."""
from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .types import Citation
from .citations import MONTHS
from ..core.errors import AssistantError
from ..core.text import sentences

# The templates ship inside the package: in a checkout `templates` links to the repository's prompts/ folder, in an
# installed package it is a copy. ASSISTANT_PROMPTS_DIR points at a folder of one's own.
PROMPT_DIR = Path(os.environ.get("ASSISTANT_PROMPTS_DIR") or Path(__file__).resolve().parent / "templates")
PROMPT_PLACEHOLDERS = {"answer": {"evidence", "question"}, "condense": {"history", "question"}}


@dataclass(frozen=True)
class Prompt:
    name: str
    template: str

    def format(self, **values) -> str:
        return self.template.format_map(_Exact(values))


class _Exact(dict):
    def __missing__(self, key):  # an unknown {placeholder} stays as written
        return "{" + key + "}"


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def load_prompt(name: str, folder: Path | None = None) -> Prompt:
    """prompts/<name>.txt, checked for its required placeholders."""
    path = Path(folder or PROMPT_DIR) / f"{name}.txt"
    try:
        template = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"Prompt file {path} cannot be read ({exc}); restore it from the repository.") from None
    try:
        found = placeholders(template)
    except ValueError as exc:
        raise AssistantError(f"Prompt file {path} is not a valid template ({exc}); write literal braces as {{{{ }}}}.") from None
    for needed in sorted(PROMPT_PLACEHOLDERS.get(name, set())):
        if needed not in found:
            raise AssistantError(f"Prompt file {path} lacks the placeholder {{{needed}}}; add it back.")
    return Prompt(name, template)


def load_prompts(folder: Path | None = None) -> dict[str, Prompt]:
    return {name: load_prompt(name, folder) for name in PROMPT_PLACEHOLDERS}


def _neutralise(text: str) -> str:
    """Evidence text must not carry citation markers or chat-template tokens into the prompt."""
    text = re.sub(r"<\|[^|>]{1,40}\|>", " ", text)
    return text.replace("[", "(").replace("]", ")")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _human_date(iso: str) -> str:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)$", iso or "")
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1].capitalize()} {m.group(1)}" if m else (iso or "")


def _meta_line(c: Citation) -> str:
    who = c.speaker + (f" ({c.affiliation})" if c.affiliation and c.speaker else c.affiliation)
    bits = [f"Speaker: {who}" if who else ""]
    where = [c.symbol] if c.symbol else []
    if c.meeting:
        where.append(f"{_ordinal(c.meeting)} meeting")
    if c.session:
        where.append(f"{_ordinal(c.session)} session")
    if c.date:
        where.append(_human_date(c.date))
    bits.append("Record: " + ", ".join(where) if where else "")
    if c.agenda_item:
        bits.append(f"Agenda: {c.agenda_item}")
    return "; ".join(b for b in bits if b)


def format_evidence(evidence: Sequence[Citation], budget_chars: int | None = None) -> str:
    """Evidence as '[n] LABEL — speaker/metadata' blocks; long paragraphs trimmed (at sentence ends) to fit."""
    texts = [_neutralise(c.text) for c in evidence]
    if budget_chars and sum(map(len, texts)) > budget_chars:
        share = max(200, budget_chars // max(1, len(texts)))
        texts = [_trim(t, share) for t in texts]
    blocks = []
    for i, (c, t) in enumerate(zip(evidence, texts), 1):
        meta = _meta_line(c)
        blocks.append(f"[{i}] {c.label}" + (f" — {meta}" if meta else "") + f"\n{t}")
    return "\n\n".join(blocks)


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    out = ""
    for s in sentences(text):
        if out and len(out) + len(s) + 1 > limit:
            break
        out = f"{out} {s}".strip()
    return out[:limit] + (" …" if len(out) < len(text) else "")
