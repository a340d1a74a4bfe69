"""The evaluation harness scores answers the way the README reports them."""
import json
from pathlib import Path

from assistant.interfaces.evaluation.harness import load_questions, run_assistant, score

ROOT = Path(__file__).resolve().parent.parent


def test_questions_file_is_well_formed():
    qs = load_questions(ROOT / "eval" / "questions.jsonl")
    ids = [q["id"] for q in qs]
    assert len(qs) >= 80 and len(set(ids)) == len(ids)
    types = {q["type"] for q in qs}
    assert {"speaker", "fact", "multi-paragraph", "summary", "follow-up", "unanswerable"} <= types
    for q in qs:
        assert (q["type"] == "unanswerable") == (q["gold"] == [])
        if q.get("previous"):
            assert ids.index(q["previous"]) < ids.index(q["id"])


def test_harness_scores_a_sample(assistant):
    qs = load_questions(ROOT / "eval" / "questions.jsonl")
    wanted = {"q001", "q007", "q008", "q009", "q003"}
    sample = [q for q in qs if q["id"] in wanted]
    paragraphs = {f"{p['file']}#{p['paragraph']}": p["text"] for p in assistant.paragraphs()}
    rows = run_assistant(assistant, sample, paragraphs)
    m = score(rows)
    assert m["gold_hit@5"] == 1.0 and m["unanswerable_refused"] == 1.0 and m["citation_validity"] == 1.0
    json.dumps(m)


def test_score_counts_refusals_and_recall():
    rows = [
        {"gold": ["a#1", "a#2"], "keywords": ["x"], "unanswerable": False, "cited": ["a#1"], "units": [["a#1"]],
         "ranked": ["b#1", "a#1"], "text": "X here", "refused": False, "seconds": 0.1, "valid": True},
        {"gold": [], "keywords": [], "unanswerable": True, "cited": [], "units": [], "ranked": [], "text": "no",
         "refused": True, "seconds": 0.2, "valid": True},
    ]
    m = score(rows)
    assert m["gold_recall"] == 0.5 and m["mrr"] == 0.5 and m["keyword_accuracy"] == 1.0
    assert m["unanswerable_refused"] == 1.0 and m["answerable_refused"] == 0.0
