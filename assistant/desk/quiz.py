"""Quiz builder: questions made from real statements, each answer proved by the paragraph it cites.

`build_quiz(assistant, topic=None, record=None, n=10, seed=0)` returns up to n distinct items:
- multiple choice: who said it, which organization, numbers and dates, which GCM objective, which session;
- true/false: a quoted sentence attributed to its speaker (true) or with one fact swapped — the speaker or a
  number (false);
- cloze: a key term of a quoted sentence left blank (free answer).

Distractors come from the corpus (other speakers, other organizations, nearby numbers, other objectives, other
sessions) and are checked never to be correct. The same seed gives the same quiz. `verify_item` re-checks an item
against its cited paragraph; assistant.quiz_export writes JSON, CSV, Markdown and Moodle GIFT (its exporters are
re-exported here).
"""
from __future__ import annotations

import random
import re

from .said import Topic
from .speakers import person_key, resolve_records
from ..core.text import fold
from .quiz_export import EXPORTERS, to_csv, to_gift, to_json, to_markdown  # noqa: F401 (re-exported)
from .quiz_items import BLANK, GENERATORS, Item, KINDS, Pool, TF_QUESTION, contains_phrase, ordinal_words  # noqa: F401 (re-exported)


# -- checks ---------------------------------------------------------------------------------------
def _leaks(item: Item) -> bool:
    if item.type == "true_false":
        return bool(re.search(r"\b(?:true|false)\b", item.question, re.I))
    return contains_phrase(item.question, item.answer)


def verify_item(item: Item | dict, paragraph: dict) -> tuple[bool, str]:
    """Is the item's answer proved by its cited paragraph (dict with text, speaker, affiliation)?"""
    d = item.to_dict() if isinstance(item, Item) else item
    proof = item.proof if isinstance(item, Item) else {}
    text, sp, aff = paragraph["text"], paragraph.get("speaker", ""), paragraph.get("affiliation", "")
    who = sp + (f" ({aff})" if aff else "")
    ans = d["answer"]
    if d["type"] == "true_false":
        m = TF_QUESTION.match(d["question"])
        if not m:
            return False, "the true/false question is not in the expected form"
        claimed_true = m.group("quote") in text and m.group("who") == who
        if (ans == "True") != claimed_true:
            return False, f"the statement is {'true' if claimed_true else 'false'} against the paragraph"
        if ans == "False" and not (m.group("quote") in text or re.sub(r"[\d,]+", "#", m.group("quote")) in
                                   re.sub(r"[\d,]+", "#", text)):
            return False, "the false statement is not derived from the paragraph"
        return True, "checked against the paragraph"
    if not (ans in text or ans == sp or (ans and ans in aff)):
        return False, f"the answer {ans!r} is neither in the paragraph nor in its speaker metadata"
    if contains_phrase(d["question"], ans):
        return False, "the answer appears in the question"
    if d["type"] == "multiple_choice":
        if d["choices"].count(ans) != 1 or len(set(d["choices"])) != len(d["choices"]):
            return False, "the choices must hold the answer once and no duplicates"
        for c in d["choices"]:
            if c == ans:
                continue
            if proof.get("field") == "speaker" and person_key(c) == person_key(sp):
                return False, f"the distractor {c!r} is the speaker"
            if proof.get("field") == "affiliation" and contains_phrase(aff, c):
                return False, f"the distractor {c!r} is the speaker's affiliation"
            if proof.get("blanked") and proof["blanked"].replace(BLANK, c) in text:
                return False, f"the distractor {c!r} also fits the paragraph"
    if proof.get("blanked") and proof["blanked"].replace(BLANK, ans) not in text:
        return False, "the answer does not restore the quoted sentence"
    return True, "the answer is in the cited paragraph"


# -- building -------------------------------------------------------------------------------------
def _paragraphs(assistant, topic: str | None, record: str | None) -> tuple[list[dict], Topic | None]:
    paras = sorted(assistant.paragraphs(), key=lambda p: (p["file"], int(p["paragraph"])))
    if record:
        files = set(resolve_records(assistant, record))
        paras = [p for p in paras if p["file"] in files]
    t = None
    if topic and topic.strip():
        t = Topic(assistant, topic)
        scored = [(t.score(p["text"]), p) for p in paras if t.core_hit(p["text"])]
        top = max((s for s, _ in scored), default=0)
        paras = [p for s, p in scored if s >= max(0.3, 0.25 * top)]
    return paras, t


def build_quiz(assistant, topic: str | None = None, record: str | None = None, n: int = 10, seed: int = 0) -> list[Item]:
    """Up to n distinct, verified items from the paragraphs in scope; deterministic for a seed."""
    rng = random.Random(seed)
    paras, t = _paragraphs(assistant, topic, record)
    pool = Pool(assistant, sorted(assistant.paragraphs(), key=lambda p: (p["file"], int(p["paragraph"]))))
    by_key = {(p["file"], int(p["paragraph"])): p for p in paras}
    candidates: dict[str, list[Item]] = {k: [] for k in KINDS}
    for p in paras:
        for kind, gen in GENERATORS.items():
            sub = random.Random(f"{seed}|{kind}|{p['file']}|{p['paragraph']}")
            items = gen(p, pool, sub, t) if kind == "cloze" else gen(p, pool, sub)
            for it in items:
                ok, _ = verify_item(it, p)
                if ok and not _leaks(it):
                    candidates[kind].append(it)
    for k in KINDS:
        rng.shuffle(candidates[k])
    order = list(KINDS)
    rng.shuffle(order)
    chosen: list[Item] = []
    used_sentences: set[str] = set()
    used_questions: set[str] = set()
    used_paragraphs: set[tuple[str, int]] = set()
    for distinct_paragraphs in (True, False):
        progress = True
        while len(chosen) < n and progress:
            progress = False
            for kind in order:
                if len(chosen) >= n:
                    break
                for idx, it in enumerate(candidates[kind]):
                    c = it.citations[0]
                    key = (c["file"], c["paragraph"])
                    sent = fold(it.proof.get("sentence", it.question))
                    if fold(it.question) in used_questions or sent in used_sentences:
                        continue
                    if distinct_paragraphs and key in used_paragraphs:
                        continue
                    chosen.append(candidates[kind].pop(idx))
                    used_questions.add(fold(it.question))
                    used_sentences.add(sent)
                    used_paragraphs.add(key)
                    progress = True
                    break
    assert all(by_key.get((i.citations[0]["file"], i.citations[0]["paragraph"])) for i in chosen)
    return chosen
