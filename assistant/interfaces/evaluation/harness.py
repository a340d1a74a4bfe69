"""`assistant eval`: run a question set (default eval/questions.jsonl) through the assistant and a naive baseline; print the table."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from ...core.errors import AssistantError

# The repository's question set, when the package runs from a checkout (or from the current folder).
REPO_QUESTIONS = Path(__file__).resolve().parents[3] / "eval" / "questions.jsonl"


def default_questions() -> Path:
    for candidate in (Path.cwd() / "eval" / "questions.jsonl", REPO_QUESTIONS):
        if candidate.is_file():
            return candidate
    raise AssistantError("No question set given and none found at ./eval/questions.jsonl; "
                         "pass one with `assistant eval --questions FILE`.")
TARGETS = {
    "gold_hit@5": (">=", 0.97), "gold_recall": (">=", 0.90), "median_citations": ("<=", 5),
    "unanswerable_refused": (">=", 0.90), "answerable_refused": ("<=", 0.05), "keyword_accuracy": (">=", 0.85),
    "citation_validity": (">=", 1.0),
}
ORDER = ["gold_hit@5", "gold_recall", "citation_precision", "mrr", "recall@5", "keyword_accuracy",
         "unanswerable_refused", "answerable_refused", "median_citations", "citation_validity", "p50_ms", "p95_ms",
         "llm_sentences_supported", "llm_fell_back"]


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def score(rows: list[dict]) -> dict:
    """rows: {gold, keywords, unanswerable, cited (ordered keys), ranked (keys), text, refused, seconds, valid}."""
    ans = [r for r in rows if not r["unanswerable"]]
    una = [r for r in rows if r["unanswerable"]]
    m: dict = {}

    def mean(xs):
        xs = list(xs)
        return sum(xs) / len(xs) if xs else 0.0

    # A unit is one citation (ours) or one cited chunk of several paragraphs (the baseline).
    m["gold_hit@5"] = mean(any(g in k for unit in r["units"][:5] for k in unit for g in r["gold"]) for r in ans)
    m["gold_recall"] = mean(len(set(r["gold"]) & set(r["cited"])) / len(r["gold"]) for r in ans)
    m["citation_precision"] = mean(len(set(r["cited"]) & set(r["gold"])) / len(r["cited"]) for r in ans if r["cited"] and not r["refused"])
    m["mrr"] = mean(next((1 / (i + 1) for i, k in enumerate(r["ranked"]) if k in r["gold"]), 0.0) for r in ans)
    m["recall@5"] = mean(len(set(r["gold"]) & set(r["ranked"][:5])) / len(r["gold"]) for r in ans)
    m["keyword_accuracy"] = mean(all(k.lower() in r["text"].lower() for k in r["keywords"]) for r in ans)
    m["unanswerable_refused"] = mean(r["refused"] for r in una)
    m["answerable_refused"] = mean(r["refused"] for r in ans)
    m["median_citations"] = statistics.median([len(r["cited"]) for r in ans]) if ans else 0
    m["citation_validity"] = mean(r["valid"] for r in rows)
    lat = [r["seconds"] * 1000 for r in rows]
    m["p50_ms"], m["p95_ms"] = _pct(lat, 0.5), _pct(lat, 0.95)
    return m


def run_assistant(assistant, questions: list[dict], paragraphs: dict) -> list[dict]:
    by_id = {q["id"]: q for q in questions}
    rows = []
    for q in questions:
        chain = [q]
        while chain[0].get("previous"):
            chain.insert(0, by_id[chain[0]["previous"]])
        chat = assistant.chat()
        for earlier in chain[:-1]:
            chat.ask(earlier["question"])
        started = time.perf_counter()
        answer = chat.ask(q["question"])
        seconds = time.perf_counter() - started
        plan = chat.turns[-1].plan
        ranked = [h.key for h in assistant.retriever.search(plan)] if not plan.missing else []
        cited = [f"{c.file}#{c.paragraph}" for c in answer.citations]
        valid = all(paragraphs.get(f"{c.file}#{c.paragraph}") == c.text for c in answer.citations)
        row = _row(q, answer.text, [] if answer.refused else cited, ranked, answer.refused, seconds, valid,
                   answer.to_dict())
        row["units"] = [[k] for k in row["cited"]]
        row["features"] = dict(getattr(assistant.composer, "last_features", None) or {})  # eval/fit_answerability.py
        report = getattr(assistant.llm, "last_report", None) if assistant.llm is not None else None
        if report is not None:
            row["llm"] = {"asked": bool(report.asked), "fell_back": bool(report.fell_back),
                          "sentences": report.sentences, "supported": report.supported}
            assistant.llm.last_report = None
        rows.append(row)
    return rows


def run_baseline(baseline, questions: list[dict]) -> list[dict]:
    rows = []
    for q in questions:
        started = time.perf_counter()
        text, cited, units = baseline.ask(q["question"])
        seconds = time.perf_counter() - started
        keys = [f"{f}#{n}" for f, n in cited]
        row = _row(q, text, keys, keys, False, seconds, True, None)
        row["units"] = [[f"{f}#{n}" for f, n in unit] for unit in units]
        rows.append(row)
    return rows


def _row(q, text, cited, ranked, refused, seconds, valid, answer) -> dict:
    return {"id": q["id"], "type": q["type"], "question": q["question"],
            "gold": [f"{g['file']}#{g['paragraph']}" for g in q["gold"]], "keywords": q.get("keywords", []),
            "unanswerable": not q["gold"], "cited": cited, "ranked": ranked, "text": text, "refused": refused,
            "seconds": seconds, "valid": valid, "answer": answer}


def _fmt(v, key: str = "") -> str:
    if key == "median_citations" and isinstance(v, float):  # a count, even when the median of an even set is 1.0
        return f"{v:g}"
    return f"{v:.3f}" if isinstance(v, float) and v <= 1.0 else (f"{v:.0f}" if isinstance(v, float) else str(v))


def table(columns: dict[str, dict], base: dict | None, judged: str) -> str:
    """One column per question set; the target check ("ok"/"MISSED") is made on the `judged` column."""
    names = list(columns) + (["baseline"] if base else [])
    lines = [f"{'metric':22} " + " ".join(f"{n:>10}" for n in names) + "  target", "-" * (34 + 11 * len(names))]
    for k in ORDER:
        if k not in columns[judged]:
            continue
        t = TARGETS.get(k)
        target, ok = (f"{t[0]} {t[1]}" if t else ""), ""
        if t:
            v = columns[judged][k]
            ok = " ok" if (v >= t[1] if t[0] == ">=" else v <= t[1]) else " MISSED"
        cells = [_fmt(c[k], k) if k in c else "-" for c in columns.values()]
        if base:
            cells.append(_fmt(base[k], k) if k in base else "-")
        lines.append(f"{k:22} " + " ".join(f"{c:>10}" for c in cells) + f"  {target}{ok}")
    return "\n".join(lines)


# Columns beside the own set, in order: the dev set's halves by their "split", the others from
# `<name>_questions.jsonl` when present. "probe" to "probe17" are tuning data (read, diagnosed, fitted on);
# "fresh" to "fresh11" are held out, each written by an engineer who read only the records (only their
# aggregate figures are ever looked at).
SETS = ("tune", "probe", "probe2", "probe3", "probe4", "probe5", "probe6", "probe7", "probe8",
        "probe9", "probe10", "probe11", "probe12", "probe13", "probe14", "probe15", "probe16", "probe17", "check", "fresh",
        "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")
HALVES = ("tune", "check")


def dev_questions(own: Path) -> Path | None:
    """The development set (with "split": tune | check) beside the own set, when there is one."""
    path = own.parent / "dev_questions.jsonl"
    return path if path.is_file() and path.resolve() != own.resolve() else None


def main(assistant, args) -> int:
    """Run the own question set and, when present, the dev set's tune and check halves and the other sets
    (SETS); print them side by side.

    The check half and the fresh sets are the honest estimates on unseen questions (nothing is fitted on them); targets
    are judged on the check half when it exists, else on the own set."""
    own_path = Path(args.questions) if args.questions else default_questions()
    sets = {"own": load_questions(own_path)}
    dev = None if getattr(args, "no_dev", False) else dev_questions(own_path)
    if dev is not None:
        qs = load_questions(dev)
        for name in SETS:
            path = own_path.parent / f"{name}_questions.jsonl"
            if name in HALVES:
                sets[name] = [q for q in qs if q.get("split") == name]
            elif path.is_file():
                sets[name] = load_questions(path)
    paragraphs = {f"{p['file']}#{p['paragraph']}": p["text"] for p in assistant.paragraphs()}
    rows_by, columns = {}, {}
    for name, questions in sets.items():
        rows_by[name] = run_assistant(assistant, questions, paragraphs)
        columns[name] = score(rows_by[name])
    ours = columns["own"]
    if assistant.llm is not None:
        reports = [r["llm"] for rs in rows_by.values() for r in rs if r.get("llm")]
        asked = [r for r in reports if r["asked"]]
        for c in columns.values():
            c["llm_sentences_supported"] = (sum(r["supported"] for r in asked) / max(1, sum(r["sentences"] for r in asked)))
            c["llm_fell_back"] = sum(r["fell_back"] for r in asked) / max(1, len(asked))
    base = None
    if not getattr(args, "no_baseline", False):
        from .baseline import Baseline
        baseline = Baseline(assistant.settings.records_dir, assistant.paragraphs(), assistant.embedder)
        base = score(run_baseline(baseline, sets["own"]))
    if args.answers_out:
        with open(args.answers_out, "w", encoding="utf-8") as fh:
            for name, rows in rows_by.items():
                for r in rows:
                    fh.write(json.dumps({"set": name, **r}, ensure_ascii=False) + "\n")
    judged = "check" if "check" in columns else "own"
    if args.json:
        print(json.dumps({"assistant": ours, "baseline": base, "questions": len(rows_by["own"]),
                          "sets": {n: {"questions": len(rows_by[n]), "metrics": m, "by_type": _by_type(rows_by[n])}
                                   for n, m in columns.items()},
                          "by_type": _by_type(rows_by["own"])}, indent=2))
    else:
        for name, rows in rows_by.items():
            print(f"{name}: {len(rows)} questions ({sum(r['unanswerable'] for r in rows)} unanswerable)")
        print(f"(baseline on the own set; targets judged on the {judged} column)\n")
        print(table(columns, base, judged))
        print("\nby type, " + " | ".join(columns) + " (gold_hit@5 / keyword_accuracy / refusal):")
        types = sorted({r["type"] for rows in rows_by.values() for r in rows})
        for t in types:
            cells = []
            for name, rows in rows_by.items():
                rs = [r for r in rows if r["type"] == t]
                if not rs:
                    cells.append(f"{'-':^20}")
                    continue
                m = score(rs)
                refusal = m["unanswerable_refused"] if t == "unanswerable" else m["answerable_refused"]
                cells.append(f"n={len(rs):3} {m['gold_hit@5']:.2f}/{m['keyword_accuracy']:.2f}/{refusal:.2f}")
            print(f"  {t:16} " + " | ".join(cells))
    judged_m = columns[judged]
    missed = [k for k, (op, v) in TARGETS.items() if not (judged_m[k] >= v if op == ">=" else judged_m[k] <= v)]
    return 0 if not missed else 3


def _by_type(rows: list[dict]) -> dict:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r["type"], []).append(r)
    return {t: score(rs) for t, rs in out.items()}
