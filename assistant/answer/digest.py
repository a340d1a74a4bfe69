"""Digests: a whole meeting, session, agenda item or a speaker's contributions, grouped by agenda item and speaker.

One cited line per speaker turn (a run of consecutive paragraphs by one speaker under one agenda item), quoting that
turn's most relevant sentence(s) in the record's order; at most MAX_LINES lines, then "…and N more" naming the rest.
"""
from __future__ import annotations

import re
from itertools import groupby

from . import quotes
from .facts import citation_from

MAX_LINES = 10
MAX_PARAGRAPHS = 40          # paragraphs a digest reads (beyond that it points to the rest)
SENTENCES_PER_LINE = 2
TOTAL_SENTENCES = 14        # a digest's quotes in all: more per line when there are few lines
STATEMENT_WHOLE_WORDS = 450  # a statement this short is quoted whole
STATEMENT_SENTENCES = 24    # one speaker's statement ("What did Ms. X say?"): the digest is their words, so more of them


def turns(nodes) -> list[tuple[str, str, list]]:
    """(agenda item, speaker, paragraphs) runs in the record's order."""
    key = lambda n: (n.metadata["file"], n.metadata.get("agenda_item", ""), n.metadata.get("speaker", ""))
    ordered = sorted(nodes, key=lambda n: (n.metadata["file"], int(n.metadata["paragraph"])))
    out = []
    for (_, item, speaker), run in groupby(ordered, key=key):
        run = list(run)
        # a gap in paragraph numbers starts a new turn (another speaker spoke in between)
        start = 0
        for i in range(1, len(run) + 1):
            if i == len(run) or int(run[i].metadata["paragraph"]) != int(run[i - 1].metadata["paragraph"]) + 1:
                out.append((item, speaker, run[start:i]))
                start = i
    return out


def _informative(text: str) -> int:
    """Specifics a reader of a digest wants: numbers, dates, names, symbols."""
    return len(re.findall(r"\d[\d,./]*|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*|\b[A-Z]{2,}\b", text[1:]))


def _choose(run, scored: dict, topical: bool, budget: int) -> dict[str, list[int]]:
    """Per paragraph of a line, the sentences to quote: by the question when it names a topic, else each
    paragraph's opening sentence and its most specific other sentence."""
    chosen: dict[str, list[int]] = {}
    if topical or len(run) > budget:
        ranked = sorted(((s.score, n, s) for n in run for s in scored.get(n.node_id, [])), key=lambda x: -x[0])
        for _, n, s in ranked[:max(budget, 1)]:
            chosen.setdefault(n.node_id, []).append(s.index)
        return chosen
    per = budget // len(run)
    for n in run:
        sents = scored.get(n.node_id, [])
        if not sents:
            continue
        # the opening sentence, then the most specific others
        rest = sorted(sents[1:], key=lambda s: (-_informative(s.text), s.index))
        chosen[n.node_id] = [0] + [s.index for s in rest[:per - 1] if _informative(s.text)]
    return chosen


def layout(nodes) -> list[tuple[str, str, list]]:
    """The digest's lines (agenda item, speaker, paragraphs) for `nodes`, before the cap of MAX_LINES."""
    groups = turns(list(nodes)[:MAX_PARAGRAPHS])
    # While there is room for more lines, the longest turn is split: paragraphs keep their own quotes.
    while len(groups) < MAX_LINES and any(len(g[2]) > 1 for g in groups):
        i = max(range(len(groups)), key=lambda k: len(groups[k][2]))
        item, speaker, run = groups[i]
        half = (len(run) + 1) // 2
        groups[i:i + 1] = [(item, speaker, run[:half]), (item, speaker, run[half:])]
    return groups


def shown(nodes) -> list:
    """The paragraphs a digest of `nodes` quotes (the rest it only points to): the only ones worth scoring."""
    return [n for _, _, run in layout(nodes)[:MAX_LINES] for n in run]


def render(composer, plan, nodes, scored: dict, records: dict, heading: str = "", topical: bool = False,
           statement: bool = False):
    """(text, citations) for a digest of `nodes`; `scored` maps node id to its scored sentences."""
    from .types import Answer
    nodes = list(nodes)
    groups = layout(nodes)
    lines, citations = ([heading] if heading else []), []
    item_shown, introduced = None, set()
    whole = statement and sum(len(n.text.split()) for n in nodes[:MAX_PARAGRAPHS]) <= STATEMENT_WHOLE_WORDS
    several_items = len({g[0] for g in groups}) > 1
    total, most = (STATEMENT_SENTENCES, 6) if statement else (TOTAL_SENTENCES, 4)
    budget = max(SENTENCES_PER_LINE, min(most, total // max(1, min(len(groups), MAX_LINES))))
    for item, speaker, run in groups[:MAX_LINES]:
        if item and item != item_shown and several_items:
            lines.append(f"{item}:")
            item_shown = item
        if whole:  # a short statement is quoted in full: nothing of it is left out
            chosen = {n.node_id: [x.index for x in scored.get(n.node_id, [])] for n in run}
        else:
            chosen = _choose(run, scored, topical, budget) or {run[0].node_id: [0]}
        shown = []
        for n in run:
            idx = chosen.get(n.node_id)
            quoted, text = quotes.faithful(n.text, idx) if idx else ([], "")
            if text:
                shown.append(text)
            citations.append(citation_from(n, quoted, 0.0, records))
        meta = run[0].metadata
        if meta.get("speaker") in introduced:  # the affiliation was given on the speaker's first line
            meta = {**meta, "affiliation": ""}
        introduced.add(meta.get("speaker"))
        body = composer.attribute(f" {quotes.ELLIPSIS} ".join(shown), meta)
        labels = " ".join(f"[{n.metadata['label']}]" for n in run)
        lines.append(f"- {body} {labels}")
    rest = [n for _, _, run in groups[MAX_LINES:] for n in run] + nodes[MAX_PARAGRAPHS:]
    if rest:
        first, last = rest[0].metadata["label"], rest[-1].metadata["label"]
        same = first.rsplit(" ", 1)[0] == last.rsplit(" ", 1)[0]
        span = first if first == last else f"{first} to {last.rsplit(' ', 1)[-1] if same else last}"
        lines.append(f"…and {len(rest)} more paragraph{'s' if len(rest) > 1 else ''} ({span}); ask about a speaker "
                     f"or topic to see them.")
    return Answer(question=plan.question, text="\n".join(lines), citations=citations)
