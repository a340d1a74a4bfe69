"""Example questions under the chat: a curated list for the bundled records, then questions built from real noun
phrases of other indexes' speakers. Every one is shown only if the index answers it (not refused, with citations)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ...core.errors import AssistantError
from .render import ordinal

# Written for the five bundled records; on another index they are shown only where that index answers them.
CURATED = (
    "What did IOM say about objective 13?",
    "What did the Global Detention Project say about children in immigration detention?",
    "Who chaired the 608th meeting?",
    "What did Mexico say about family reunification?",
    "What did Ms. Diallo say about the ratification of the Convention?",
    "What did the Committee say about alternatives to detention?",
    "When did the Convention enter into force?",
)
STOP = set("""a an the of to in on at for by and or but with from as into about than that this these those its their
his her our your which who whom whose what when where while was were been being be is are has have had not no nor
such other same also more most very much many some any each every all both either neither own only so too can could
would should will shall may might must said says say mr ms mrs dr""".split())
GENERIC = set("""committee convention migrant migrants workers worker members member states state rights human
international general countries country families family national session meeting report question issue issues
important however current particular regard number time part way year years""".split())


def _short(aff: str) -> str:
    m = re.search(r"\(([A-Z][A-Z0-9]{1,9})\)\s*$", aff)
    return m.group(1) if m else (aff if len(aff.split()) < 2 else f"the {aff}")


def noun_phrases(texts: list[str]) -> Counter:
    """Two- and three-word phrases that read as topics ("immigration detention", "alternatives to detention"),
    lower-case words only, so that names and titles ("European Union") are not taken for topics."""
    out: Counter = Counter()
    for t in texts:
        for m in re.finditer(r"(?<![\w-])[a-z][a-z-]+(?: [a-z][a-z-]+){1,4}(?![\w-])", t):
            words = m.group(0).split()
            for n in (3, 2):
                for i in range(len(words) - n + 1):
                    gram = words[i:i + n]
                    if gram[0] in STOP or gram[-1] in STOP or any(len(w) < 4 and w not in ("of", "to", "for") for w in gram):
                        continue
                    if n == 3 and gram[1] not in ("of", "to", "for"):
                        continue
                    if n == 2 and gram[1] in ("of", "to", "for"):
                        continue
                    if all(w in GENERIC or w in STOP for w in gram):
                        continue
                    out[" ".join(gram)] += 1
    return out


def generated(paragraphs: list[dict], records: dict[str, dict], limit: int = 8) -> list[str]:
    """"What did <organization> say about <a phrase it used more than once>?", and who chaired the last meeting."""
    groups: dict[str, list[str]] = defaultdict(list)
    for p in paragraphs:
        aff = p.get("affiliation") or ""
        if aff and p.get("speaker") and aff not in ("Chair", "Chairperson"):
            groups[aff].append(p["text"])
    out = []
    for aff, texts in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        who = _short(aff)
        if len(who) > 36:
            continue
        phrases = [(n, ph) for ph, n in noun_phrases(texts).items() if n >= 2]
        if phrases:
            out.append(f"What did {who} say about {max(phrases)[1]}?")
    meetings = sorted(m["meeting"] for m in records.values() if m.get("meeting"))
    if meetings:
        out.insert(min(2, len(out)), f"Who chaired the {ordinal(meetings[-1])} meeting?")
    return out[:limit]


def example_questions(assistant, want: int = 5) -> list[str]:
    """Curated questions first, then generated ones, each kept only if the index answers it with citations."""
    out: list[str] = []
    for q in list(CURATED) + generated(assistant.paragraphs(), assistant.records()):
        if len(out) >= want:
            break
        if q in out:
            continue
        try:
            answer = assistant.ask(q)
        except AssistantError:
            continue
        if not answer.refused and answer.citations:
            out.append(q)
    return out
