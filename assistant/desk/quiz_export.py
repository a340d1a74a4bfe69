"""Quiz exporters: JSON, CSV, Markdown (questions, then an answer key) and Moodle GIFT.

They only format `quiz_items.Item`s; `assistant.desk.quiz` re-exports them, so this module must not import quiz at
load time.
"""
from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from . import gift

if TYPE_CHECKING:
    from .quiz_items import Item


def to_json(items: list[Item]) -> str:
    return json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2)


def to_csv(items: list[Item]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["number", "type", "kind", "question", "choices", "answer", "explanation", "citations", "files"])
    for k, i in enumerate(items, 1):
        w.writerow([k, i.type, i.kind, i.question, " | ".join(i.choices), i.answer, i.explanation,
                    "; ".join(c["label"] for c in i.citations),
                    "; ".join(f"{c['file']}#{c['paragraph']}" for c in i.citations)])
    return buf.getvalue()


def to_markdown(items: list[Item], title: str = "Quiz") -> str:
    md = [f"# {title}", ""]
    for k, i in enumerate(items, 1):
        md += [f"**{k}.** {i.question}", ""]
        if i.type == "true_false":
            md += ["- True", "- False", ""]
        elif i.choices:
            md += [f"- {chr(65 + j)}. {c}" for j, c in enumerate(i.choices)] + [""]
        else:
            md += ["Answer: ______________", ""]
    md += ["## Answer key", ""]
    for k, i in enumerate(items, 1):
        letter = f"{chr(65 + i.choices.index(i.answer))}. " if i.type == "multiple_choice" else ""
        cites = ", ".join(c["label"] for c in i.citations)
        md.append(f"{k}. **{letter}{i.answer}** — {i.explanation} Source: {cites}")
    return "\n".join(md).rstrip() + "\n"


def to_gift(items: list[Item], category: str = "CMW records quiz") -> str:
    from .quiz_items import BLANK
    blocks = [f"// {category}: {len(items)} questions, each answer cited to its paragraph", f"$CATEGORY: {category}", ""]
    for k, i in enumerate(items, 1):
        title = f"Q{k} {i.kind or i.type}"
        fb = f"{i.explanation} Source: " + ", ".join(c["label"] for c in i.citations)
        if i.type == "true_false":
            blocks.append(gift.true_false(title, i.question, i.answer == "True", fb))
        elif i.type == "cloze" and BLANK in i.question:
            before, after = i.question.split(BLANK, 1)
            blocks.append(gift.short_answer(title, before, [i.answer], after, fb))
        else:
            blocks.append(gift.multiple_choice(title, i.question, i.answer,
                                               [c for c in i.choices if c != i.answer], fb))
        blocks.append("")
    return "\n".join(blocks)


EXPORTERS = {"json": to_json, "csv": to_csv, "md": to_markdown, "gift": to_gift}
