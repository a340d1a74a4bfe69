"""Refit the answerability score on tuning data (the dev set's TUNE half, and the probe set); report the held-out sets.

    PYTHONPATH=$PWD python eval/fit_answerability.py [--dev eval/dev_questions.jsonl] [--dry-run]

For every dev question the assistant answers (following `previous` chains as a conversation), the composer's
features for the answer it would give are recorded with the label answerable / unanswerable. A logistic regression
is fitted on the tune half; its threshold is the lowest that refuses at most MAX_FALSE_REFUSALS of the tune half's
answerable questions while refusing as many unanswerable ones as possible. Coefficients are written to
assistant/answer/answerability.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MAX_FALSE_REFUSALS = 0.04


def collect(assistant, questions: list[dict]) -> list[tuple[dict, list[float], int]]:
    from assistant.answer import answerability
    by_id = {q["id"]: q for q in questions}
    rows = []
    for q in questions:
        chain = [q]
        while chain[0].get("previous") and chain[0]["previous"] in by_id:
            chain.insert(0, by_id[chain[0]["previous"]])
        chat = assistant.chat()
        for earlier in chain[:-1]:
            chat.ask(earlier["question"])
        chat.ask(q["question"])
        feats = assistant.composer.last_features
        if feats and not feats.get("digest"):
            rows.append((q, answerability.vector(feats), int(bool(q["gold"]))))
    return rows


def rates(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float]:
    """(share of unanswerable refused, share of answerable refused) at threshold t."""
    refused = p < t
    return float(refused[y == 0].mean()) if (y == 0).any() else 1.0, float(refused[y == 1].mean()) if (y == 1).any() else 0.0


def out_of_fold(X: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 13) -> np.ndarray:
    """Each row's probability from a model fitted on the other folds (stratified, deterministic)."""
    from assistant.answer import answerability
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    for label in (0, 1):
        idx = np.flatnonzero(y == label)
        fold[rng.permutation(idx)] = np.arange(len(idx)) % folds
    p = np.zeros(len(y))
    for k in range(folds):
        m = answerability.fit(X[fold != k], y[fold != k])
        p[fold == k] = [answerability.probability(dict(zip(answerability.FEATURES, x)), m) for x in X[fold == k]]
    return p


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", default=str(ROOT / "eval" / "dev_questions.jsonl"))
    ap.add_argument("--index-dir", default=None)
    ap.add_argument("--answers", default=None, help="refit from an `assistant eval --answers-out` file instead of "
                    "asking the questions again (its rows carry the features; sets tune/check)")
    ap.add_argument("--fit-sets", default="tune,probe,probe2", help="with --answers: the sets to fit on (tuning data only; "
                    "never check or fresh)")
    ap.add_argument("--dry-run", action="store_true", help="report, do not write the coefficients")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from assistant.answer import answerability
    if args.answers:
        rows = [json.loads(line) for line in Path(args.answers).read_text(encoding="utf-8").splitlines() if line.strip()]
        by_set = {}
        for r in rows:
            if r.get("features") and not r["features"].get("digest"):
                by_set.setdefault(r["set"], []).append((r, answerability.vector(r["features"]), int(not r["unanswerable"])))
        fit_on = args.fit_sets.split(",")
        tr = [row for name in fit_on for row in by_set.get(name, [])]
        reported = {name: rs for name, rs in by_set.items() if name not in fit_on and name != "own"}
    else:
        from assistant import Assistant, Settings
        settings = Settings(**({"index_dir": args.index_dir} if args.index_dir else {}))
        assistant = Assistant.open(settings)
        qs = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
        tr, ch = (collect(assistant, [q for q in qs if q.get("split") == half]) for half in ("tune", "check"))
        fit_on, reported = ["tune"], {"check": ch}
    X, y = np.array([r[1] for r in tr]), np.array([r[2] for r in tr])
    m = answerability.fit(X, y)
    # The threshold is chosen on out-of-fold scores (each tune question scored by a model that never saw it), so the
    # refusal rates it promises are the ones unseen questions get, not the optimistic in-sample ones.
    p_tune = out_of_fold(X, y)
    best = 0.0
    for t in sorted(set(np.round(p_tune, 4))):
        _, false_ref = rates(p_tune, y, t)
        if false_ref <= MAX_FALSE_REFUSALS:
            best = float(t)
    una, ans = rates(p_tune, y, best)
    print(f"tune, out of fold: unanswerable refused {una:.3f}, answerable refused {ans:.3f} at threshold {best:.4f}")
    m["threshold"] = round(best, 4)
    for name, rows in (("fitted", tr), *reported.items()):
        if not rows:
            continue
        Xs, ys = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
        ps = np.array([answerability.probability(dict(zip(answerability.FEATURES, x)), m) for x in Xs])
        una, ans = rates(ps, ys, m["threshold"])
        print(f"{name:6}: {len(rows)} scored questions; unanswerable refused {una:.3f}, answerable refused {ans:.3f}")
    print("coefficients:", dict(zip(answerability.FEATURES, m["coef"])), "threshold", m["threshold"])
    if not args.dry_run:
        out = ROOT / "assistant" / "answer" / "answerability.json"
        m["fitted_on"] = f"sets {'+'.join(fit_on)} ({len(tr)} scored questions)"
        out.write_text(json.dumps(m, indent=1) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
