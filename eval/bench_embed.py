"""Benchmark part: the two embedding backends side by side (imported by eval/bench.py, or run alone).

    python eval/bench_embed.py      # the five bundled records only: a few minutes

- cold `assistant ask` (a fresh process, median of 3) and its peak memory with ASSISTANT_EMBED_BACKEND=torch
  ("before": what every question cost until the ONNX backend) and =onnx ("after"), on the same index;
- ingest throughput of each backend: the real `ingest` of the same records into fresh stores, alternating
  backends so that a shared machine's load weighs on both alike;
- whether a fresh `assistant ask` imported torch, transformers, sentence-transformers or scikit-learn.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn")
BACKENDS = ("torch", "onnx")


def heavy_imports(index: Path, records: Path, question: str, backend: str) -> list[str]:
    """Heavy packages a fresh `assistant ask` imports (from -X importtime)."""
    cmd = [sys.executable, "-X", "importtime", "-m", "assistant", "--index-dir", str(index), "--records-dir",
           str(records), "ask", question, "--json"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ,
                          "ASSISTANT_EMBED_BACKEND": backend})
    names = {m.group(1).split(".")[0] for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", proc.stderr, re.M)}
    return sorted(names & set(HEAVY))


def import_breakdown(index: Path, records: Path, question: str, backend: str = "onnx", top: int = 8) -> dict:
    """Seconds of a fresh `assistant ask`'s imports by top-level package (self times summed), largest first."""
    cmd = [sys.executable, "-X", "importtime", "-m", "assistant", "--index-dir", str(index), "--records-dir",
           str(records), "ask", question, "--json"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ,
                          "ASSISTANT_EMBED_BACKEND": backend})
    totals: dict[str, float] = {}
    for m in re.finditer(r"^import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", proc.stderr, re.M):
        pkg = m.group(2).split(".")[0]
        totals[pkg] = totals.get(pkg, 0.0) + int(m.group(1)) / 1e6
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    return {"total_s": sum(totals.values()), "top": ranked[:top],
            "other_s": sum(v for _, v in ranked[top:])}


def ingest_rates(records: Path, settings_cls, embedders: dict, rounds: int = 2) -> dict:
    """Vectors per second of the real ingest with each backend (fresh store each time, backends alternating)."""
    from assistant.index.ingest import ingest
    from assistant.index.store import Store
    work = Path(tempfile.mkdtemp(prefix="assistant_bench_embed_"))
    seconds = {b: [] for b in embedders}
    vectors = 0
    try:
        for r in range(rounds):
            for backend, embedder in embedders.items():
                settings = settings_cls(index_dir=work / f"{backend}{r}", records_dir=records)
                store = Store(settings)
                started = time.perf_counter()
                report = ingest(store, embedder, settings, progress=False)
                seconds[backend].append(time.perf_counter() - started)
                vectors = report.embedded + report.reused
                store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {b: {"vectors": vectors, "seconds": min(s), "vec_per_s": vectors / min(s)} for b, s in seconds.items()}


def compare(index: Path, records: Path, question: str, cold_start, *, ingest: bool = True) -> dict:
    """Both backends: cold ask, peak memory, heavy imports, ingest rate, and the ratios onnx / torch."""
    out: dict = {"backends": {}}
    before = os.environ.get("ASSISTANT_EMBED_BACKEND")
    try:
        for backend in BACKENDS:
            os.environ["ASSISTANT_EMBED_BACKEND"] = backend
            out["backends"][backend] = {"cold": cold_start(index, records),
                                        "heavy_imports": heavy_imports(index, records, question, backend)}
    finally:
        if before is None:
            os.environ.pop("ASSISTANT_EMBED_BACKEND", None)
        else:
            os.environ["ASSISTANT_EMBED_BACKEND"] = before
    out["imports_onnx"] = import_breakdown(index, records, question)
    if ingest:
        from assistant import Settings
        from assistant.index.embedding import load_onnx, load_torch
        embedders = {"torch": load_torch(Settings()), "onnx": load_onnx(Settings())}
        for backend, rate in ingest_rates(records, Settings, embedders).items():
            out["backends"][backend]["ingest"] = rate
    t, o = out["backends"]["torch"], out["backends"]["onnx"]
    out["ratios"] = {"cold_s": o["cold"]["seconds"] / t["cold"]["seconds"],
                     "maxrss": (o["cold"]["maxrss_mb"] or 0) / max(t["cold"]["maxrss_mb"] or 1, 1)}
    if ingest:
        out["ratios"]["ingest"] = o["ingest"]["vec_per_s"] / t["ingest"]["vec_per_s"]
    return out


def lines(result: dict) -> list[str]:
    rows = ["| embedding backend | cold ask s, median (range of 3) | CPU s (user+sys) | peak MB | heavy imports | "
            "ingest vec/s |", "|---|---|---|---|---|---|"]
    for backend in BACKENDS:
        b = result["backends"][backend]
        c = b["cold"]
        rate = f"{b['ingest']['vec_per_s']:.1f}" if "ingest" in b else "-"
        rows.append(f"| {backend}{' (before)' if backend == 'torch' else ' (after)'} | {c['seconds']:.2f} "
                    f"({min(c['runs']):.2f}–{max(c['runs']):.2f}) | {c.get('cpu_s', float('nan')):.2f} | "
                    f"{c['maxrss_mb'] or 0:.0f} | "
                    f"{', '.join(b['heavy_imports']) or 'none'} | {rate} |")
    r = result["ratios"]
    rows.append("")
    rows.append(f"onnx / torch: cold ask x{r['cold_s']:.2f}, peak memory x{r['maxrss']:.2f}"
                + (f", ingest throughput x{r['ingest']:.2f}" if "ingest" in r else ""))
    imp = result["imports_onnx"]
    rows.append(f"imports of a fresh onnx `assistant ask` ({imp['total_s']:.2f} s): "
                + ", ".join(f"{k} {v:.2f}" for k, v in imp["top"]) + f", other {imp['other_s']:.2f}")
    return rows


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from eval.bench import CHECK, RECORDS, cold_start
    work = Path(tempfile.mkdtemp(prefix="assistant_bench_embed_"))
    try:
        index = work / "index"
        subprocess.run([sys.executable, "-m", "assistant", "--index-dir", str(index), "--records-dir", str(RECORDS),
                        "ingest", "--quiet"], cwd=ROOT, check=True, capture_output=True)
        result = compare(index, RECORDS, CHECK[0], cold_start)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines(result)))
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared: other work slows every figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
