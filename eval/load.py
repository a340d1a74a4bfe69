"""Load benchmark for the web UI's /chat endpoint (not a test): N concurrent gradio_client sessions x M questions.

    python eval/load.py                      # starts `assistant serve` on a free loopback port, then measures
    python eval/load.py --url http://127.0.0.1:7860/ --sessions 20 --questions 5

Reports errors (target 0), wrong answers to the IOM check question, and p50/p95/max latency; prints a table and
writes eval/out/load.json.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ("What did IOM say about objective 13?", "CMW/C/SR.506 ¶48")


def questions(n: int) -> list[str]:
    """Stand-alone questions (no follow-ups) from the evaluation set, the IOM check question first."""
    out = [CHECK[0]]
    path = ROOT / "eval" / "questions.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("question") and not row.get("previous") and row["question"] not in out:
                out.append(row["question"])
    return out[: max(n, 1)] if len(out) >= n else (out * n)[:n]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: str | None, timeout: float = 600) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "assistant"] + (["--index-dir", index_dir] if index_dir else [])
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited early:\n{proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(1)
    proc.terminate()
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def session(url: str, qs: list[str], offset: int, out: list, lock: threading.Lock) -> None:
    from gradio_client import Client
    rows = []
    try:
        t0 = time.perf_counter()
        client = Client(url, verbose=False)
        rows.append({"kind": "connect", "seconds": time.perf_counter() - t0, "error": ""})
    except Exception as exc:  # a failed connection fails every question of the session
        with lock:
            out.extend({"kind": "ask", "question": q, "seconds": 0.0, "error": f"connect: {exc}"} for q in qs)
        return
    for i in range(len(qs)):
        q = qs[(i + offset) % len(qs)]
        t0 = time.perf_counter()
        row = {"kind": "ask", "question": q, "error": "", "wrong": False}
        try:
            reply = client.predict(q, api_name="/chat")
            if not isinstance(reply, str) or not reply.strip():
                row["error"] = "empty reply"
            elif q == CHECK[0] and CHECK[1] not in reply:
                row["wrong"] = True
        except Exception as exc:
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
        row["seconds"] = time.perf_counter() - t0
        rows.append(row)
    with lock:
        out.extend(rows)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="an already running UI (default: start `assistant serve` on a free port)")
    ap.add_argument("--index-dir", help="index folder for the started server (default: the settings' index_dir)")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--questions", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "eval" / "out" / "load.json"))
    args = ap.parse_args(argv)

    proc = None
    url = args.url
    if not url:
        print("starting the server …", flush=True)
        t0 = time.perf_counter()
        proc, url = start_server(args.index_dir)
        print(f"server ready at {url} in {time.perf_counter() - t0:.1f} s", flush=True)
    qs = questions(args.questions)
    rows: list[dict] = []
    lock = threading.Lock()
    try:
        threads = [threading.Thread(target=session, args=(url, qs, i, rows, lock)) for i in range(args.sessions)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    asks = [r for r in rows if r["kind"] == "ask"]
    ok = [r["seconds"] for r in asks if not r["error"]]
    errors = [r for r in asks if r["error"]]
    connects = [r["seconds"] for r in rows if r["kind"] == "connect"]
    per_q = {q: [r["seconds"] for r in asks if r["question"] == q and not r["error"]] for q in qs}
    report = {
        "url": url, "sessions": args.sessions, "questions_per_session": args.questions, "requests": len(asks),
        "errors": len(errors), "wrong_check_answers": sum(1 for r in asks if r.get("wrong")),
        "wall_seconds": round(wall, 2), "throughput_rps": round(len(ok) / wall, 2) if wall else 0.0,
        "latency_seconds": {"p50": round(pct(ok, .5), 3), "p95": round(pct(ok, .95), 3),
                            "mean": round(statistics.mean(ok), 3) if ok else 0.0, "max": round(max(ok, default=0), 3)},
        "connect_seconds": {"p50": round(pct(connects, .5), 3), "max": round(max(connects, default=0), 3)},
        "per_question": {q: {"n": len(v), "p50": round(pct(v, .5), 3), "p95": round(pct(v, .95), 3)}
                         for q, v in per_q.items()},
        "error_samples": [r["error"] for r in errors[:5]],
        "cpu_count": os.cpu_count(),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")

    lat = report["latency_seconds"]
    print(f"\n{'sessions x questions':<24}{args.sessions} x {args.questions} = {len(asks)} requests")
    print(f"{'errors (target 0)':<24}{report['errors']}")
    print(f"{'wrong IOM answers':<24}{report['wrong_check_answers']}")
    print(f"{'latency p50 / p95':<24}{lat['p50']:.2f} s / {lat['p95']:.2f} s (mean {lat['mean']:.2f}, max {lat['max']:.2f})")
    print(f"{'wall time, throughput':<24}{report['wall_seconds']:.1f} s, {report['throughput_rps']:.2f} answers/s")
    print(f"{'connect p50':<24}{report['connect_seconds']['p50']:.2f} s")
    print(f"\n{'question':<64}{'n':>4}{'p50 s':>8}{'p95 s':>8}")
    for q, v in report["per_question"].items():
        print(f"{q[:62]:<64}{v['n']:>4}{v['p50']:>8.2f}{v['p95']:>8.2f}")
    for e in report["error_samples"]:
        print(f"error: {e}")
    print(f"\nwrote {args.out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
