"""Benchmark (a script, not a test): ingest throughput vs the raw embedder, cold start, warm answer latency at
1x/10x/100x the corpus, latency growth, peak memory and the cost of re-ingesting unchanged records.

    python eval/bench.py            # 1x, 10x and 100x (about 12,000 paragraphs); takes a while on 2 cores
    python eval/bench.py --quick    # 1x and 10x only

Prints a table and writes eval/out/bench.json. The larger corpora are synthetic: `make_corpus` varies the
bundled records (speakers' names, organizations and countries, numbers, dates, meeting numbers) so that neither
BM25 nor dense search can shortcut to the original paragraph: at 100x, "What did IOM say about objective 13?"
still has exactly one right answer, CMW/C/SR.506 ¶48. Tests import `make_corpus` too.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
CHECK = ("What did IOM say about objective 13?", "CMW/C/SR.506 ¶48")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SYLLABLES = ["ka", "lo", "mi", "ra", "sen", "tu", "vor", "an", "del", "bri", "os", "quen", "zar", "pel", "ju", "nor",
             "ist", "ve", "gam", "hol", "rin", "sa", "bek", "dun", "fi", "ly", "mar", "tov", "ez", "cor"]
ORGS = ["Global Alliance for Labour Mobility", "Centre for Migration Studies", "Coalition of Domestic Workers",
        "Institute for Refugee Policy", "Network of Migrant Associations", "Foundation for Fair Recruitment",
        "Observatory on Border Deaths", "Council of Diaspora Organizations", "Agency for Seasonal Workers",
        "Forum on Remittances and Development", "League for Returnee Reintegration", "Bureau of Labour Inspection"]
# Words of the originals that a variant renames (whole words, case-sensitive); targets are drawn at random.
RENAME = ["International Organization for Migration", "International Labour Organization",
          "Office of the United Nations High Commissioner for Human Rights", "United Nations Network on Migration",
          "Special Rapporteur on the human rights of migrants", "Deputy High Commissioner for Human Rights",
          "IOM", "ILO", "OHCHR", "UNHCR", "UNICEF", "UNODC",
          "Mexico", "Tunisia", "Morocco", "Azerbaijan", "Ukraine", "France", "Germany", "Italy", "Switzerland",
          "Europe", "European Union", "Geneva", "Rabat", "New York", "Senegal", "Philippines", "Egypt", "Colombia",
          "Tunisian", "Mexican", "Moroccan"]
COUNTRIES = ["Arvania", "Belmora", "Castavia", "Dornland", "Elbaria", "Feronia", "Galdora", "Hestria", "Istovia",
             "Jorvik", "Kaldera", "Lumeria", "Mordania", "Nestoria", "Orlavia", "Pelland", "Quorvia", "Rostavia"]
ACRONYMS = ["GALM", "CMS", "CDW", "IRP", "NMA", "FFR", "OBD", "CDO", "ASW", "FRD", "LRR", "BLI"]
ORDINALS = ["twentieth", "twenty-first", "twenty-second", "thirtieth", "thirty-first", "thirty-third",
            "forty-first", "forty-second", "forty-fourth", "fiftieth", "fifty-first", "fifty-second"]

TITLE = re.compile(r"\b(Mr|Ms|Mrs|Dr)\.(\s+)((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?)")
LEAD = re.compile(r"^(\s*(?:\[[^\]]*\])?\s*(?:#+\s*)?\**\s*\d+\.[\s*]*)")
TOKENS = re.compile(r"(?P<meeting>\b(?P<mnum>\d+)(?:st|nd|rd|th)(?P<mrest>\s*\**\s*meetings?))"
                    r"|(?P<date>\b\d{1,2} (?:" + "|".join(MONTHS) + r") (?P<year>\d{4})\b)"
                    r"|(?<![\w./-])\d+(?![\w/])")
ORDINAL_WORD = re.compile(r"\b(?:[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty)-(?:first|second|third|fourth|fifth|"
                          r"sixth|seventh|eighth|ninth)\b|\b(?:[Nn]ineteenth|[Tt]wentieth|[Tt]hirtieth|[Ff]ortieth)\b")


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def vary(text: str, variant: int, slot: int = 0) -> str:
    """One variant of a record's text (deterministic for a given variant number)."""
    rng = random.Random(variant * 7919 + len(text))
    names: dict[str, str] = {}

    def person(m: re.Match) -> str:
        full = m.group(3)
        if full not in names:
            names[full] = _surname(rng) + (f" {_surname(rng)}" if " " in full else "")
        return f"{m.group(1)}.{m.group(2)}{names[full]}"

    renames = {w: rng.choice(ORGS if len(w) > 12 else ACRONYMS if w.isupper() else COUNTRIES) for w in RENAME}
    year_shift = rng.randint(-8, 8) or 3
    meeting_map: dict[str, str] = {}

    def meeting(m: re.Match) -> str:
        if m.group("mnum") not in meeting_map:
            n = 1000 + (variant * 8 + slot) * 3 + len(meeting_map)  # unique while a corpus has <= 8 records
            meeting_map[m.group("mnum")] = f"{n}{_suffix(n)}"
        return meeting_map[m.group("mnum")] + m.group("mrest")

    def date(m: re.Match) -> str:
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {int(m.group('year')) + year_shift}"

    def number(m: re.Match) -> str:
        n = int(m.group(0))
        if 1900 <= n <= 2100:
            return str(n + year_shift)
        return str(max(1, n + rng.randint(1, 9) * (1 if n < 10 else max(1, n // 10))))

    out = []
    for line in text.splitlines(keepends=True):
        lead = LEAD.match(line)
        head, body = (line[: lead.end()], line[lead.end():]) if lead else ("", line)
        body = TITLE.sub(person, body)
        for word in sorted(renames, key=len, reverse=True):
            if word in body:
                body = re.sub(rf"\b{re.escape(word)}\b", renames[word], body)
        body = ORDINAL_WORD.sub(lambda m: rng.choice(ORDINALS).capitalize() if m.group(0)[0].isupper()
                                else rng.choice(ORDINALS), body)
        # one pass, so that a date's or meeting's new number is not varied again
        body = TOKENS.sub(lambda m: meeting(m) if m.group("meeting") else date(m) if m.group("date")
                          else number(m), body)
        out.append(head + body)
    return "".join(out)


def make_corpus(src: Path, dest: Path, copies: int, *, originals: bool = True) -> list[Path]:
    """Write `copies` x the records of `src` into `dest`: the originals plus copies-1 variants of each."""
    dest.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in Path(src).iterdir() if p.suffix == ".txt")
    written = []
    for slot, p in enumerate(files):
        if originals:
            shutil.copy(p, dest / p.name)
            written.append(dest / p.name)
        text = p.read_text(encoding="utf-8")
        for v in range(1, copies if originals else copies + 1):
            target = dest / f"v{v:04d}_{p.name}"
            target.write_text(vary(text, v, slot), encoding="utf-8")
            written.append(target)
    return written


# -- the benchmark ----------------------------------------------------------------------------------

def questions(limit: int) -> list[dict]:
    """Stand-alone questions of the evaluation set (no follow-ups), the IOM check question first."""
    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rows = [r for r in rows if not r.get("previous")]
    rows.sort(key=lambda r: r["question"] != CHECK[0])
    return rows[:limit]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def embed_texts(paths: list[Path], window_words: int) -> list[str]:
    """Exactly the texts an ingest of `paths` embeds (paragraphs and windows, with their speaker line)."""
    from assistant.index.ingest import record_nodes
    from assistant.records import load_records
    records, _ = load_records(paths)
    return [n.get_content(metadata_mode="embed") for r in records for n in record_nodes(r, window_words)]


def raw_encode(model, texts: list[str], batch_size: int) -> float:
    """Seconds the bare model (sentence-transformers, or the ONNX encoder in similar-length batches) takes."""
    started = time.perf_counter()
    if hasattr(model, "session"):
        ordered = sorted(texts, key=len, reverse=True)
        for i in range(0, len(ordered), batch_size):
            model.encode(ordered[i:i + batch_size])
    else:
        model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return time.perf_counter() - started


# Peak memory comes from a separate run: the child reports its own peak (VmHWM), since a child's ru_maxrss on Linux
# also counts the parent's memory that the fork-and-exec started from.
PEAK = """
import re, sys
from assistant.interfaces.cli.main import main
code = main(sys.argv[1:])
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())
print("MAXRSS_KB", hwm.group(1) if hwm else "", file=sys.stderr)
sys.exit(code)
"""


def cold_start(index: Path, records: Path, runs: int = 3) -> dict:
    """Fresh processes running the real `assistant ask` (interpreter start, imports, model, open, first answer,
    exit): the median of `runs`, since a shared machine's speed drifts by a second or two between runs."""
    args = ["--index-dir", str(index), "--records-dir", str(records), "ask", CHECK[0], "--json"]
    times, cpu, label, code = [], [], "", 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # CPU seconds: less swayed by a busy machine than wall
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        code = code or proc.returncode
        if proc.returncode:
            print(proc.stderr[-2000:], file=sys.stderr)
        try:
            label = json.loads(proc.stdout)["citations"][0]["label"]
        except (ValueError, KeyError, IndexError):
            pass
    peak = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=ROOT, capture_output=True, text=True)
    rss = re.search(r"MAXRSS_KB (\d+)", peak.stderr)
    return {"seconds": statistics.median(times), "runs": times, "cpu_s": statistics.median(cpu), "exit": code, "top": label,
            "maxrss_mb": int(rss.group(1)) / 1024 if rss else None}


def warm_latency(assistant, rows: list[dict], rounds: int) -> dict:
    for row in rows[:3]:  # warm-up: first-call costs (tokenizer, caches) are not "warm"
        assistant.ask(row["question"])
    times, hits = [], 0
    for r in range(rounds):
        for row in rows:
            started = time.perf_counter()
            answer = assistant.ask(row["question"])
            times.append(time.perf_counter() - started)
            if r == 0:
                gold = {(g["file"], g["paragraph"]) for g in row.get("gold", [])}
                hits += bool(gold & {(c.file, c.paragraph) for c in answer.citations})
    top = assistant.ask(CHECK[0]).citations
    return {"p50_ms": pct(times, 0.5) * 1000, "p95_ms": pct(times, 0.95) * 1000, "n": len(times),
            "gold_in_citations": hits / max(len(rows), 1), "check_top": top[0].label if top else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1x and 10x only, fewer questions")
    parser.add_argument("--out", default=str(ROOT / "eval" / "out" / "bench.json"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and indexes")
    args = parser.parse_args(argv)
    scales = [1, 10] if args.quick else [1, 10, 100]
    n_questions, rounds = (20, 1) if args.quick else (30, 1)
    work = Path(tempfile.mkdtemp(prefix="assistant_bench_"))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    sys.path.insert(0, str(ROOT))
    result: dict = {"quick": args.quick, "cpus": os.cpu_count(), "load_before": os.getloadavg(), "scales": {}}
    try:
        t = time.perf_counter()
        from assistant import Assistant, Settings
        from assistant.index.embedding import backend_of, load_embedder, model_path
        from assistant.index.ingest import ingest
        from assistant.index.store import Store
        result["import_s"] = time.perf_counter() - t
        corpora = {}
        for k in scales:
            corpora[k] = work / f"records_{k}x"
            make_corpus(RECORDS, corpora[k], copies=k)
            shutil.copy(RECORDS / "manifest.toml", corpora[k])
        base = Settings(index_dir=work / "unused", records_dir=corpora[1])
        t = time.perf_counter()
        embedder = load_embedder(base)
        result["model_load_s"] = time.perf_counter() - t

        # One query embedding (the dense half of every answer).
        for _ in range(3):
            embedder.get_query_embedding(CHECK[0])
        qt = []
        for _ in range(30):
            t = time.perf_counter()
            embedder.get_query_embedding(CHECK[0])
            qt.append(time.perf_counter() - t)
        result["query_embedding_ms"] = statistics.median(qt) * 1000

        # The raw embedder: the backend's bare model (sentence-transformers or the ONNX encoder), on exactly the
        # texts each ingest embeds. For the throughput ratio the 10x corpus is ingested in slices, each next to a
        # raw run on the same texts, so that the other load of a shared machine weighs on both alike.
        result["embed_backend"] = backend_of(embedder)
        if result["embed_backend"] == "onnx":
            raw_model = embedder.encoder
        else:
            from sentence_transformers import SentenceTransformer
            raw_model = SentenceTransformer(model_path(base), device="cpu")
        raw_encode(raw_model, ["warm-up"] * 64, base.embed_batch_size)
        raw_s = raw_texts = 0

        indexes = {}
        for k in scales:
            settings = Settings(index_dir=work / f"index_{k}x", records_dir=corpora[k])
            if k == 100:  # grow the 10x index to 100x: a real incremental ingest of the other 90 %
                shutil.copytree(indexes[10], settings.index_dir)
            indexes[k] = settings.index_dir
            store = Store(settings)
            files = sorted(p for p in corpora[k].iterdir() if p.suffix == ".txt")
            slices = [files[i:i + 10] for i in range(0, len(files), 10)] if k == 10 else [[corpora[k]]]
            seconds, indexed, unchanged, embedded, reused = 0.0, 0, 0, 0, 0
            for i, part in enumerate(slices):
                if k == 10:
                    texts = embed_texts(part, base.window_words)
                    if i % 2 == 0:
                        raw_s += raw_encode(raw_model, texts, base.embed_batch_size)
                t = time.perf_counter()
                report = ingest(store, embedder, settings, part, progress=False)
                seconds += time.perf_counter() - t
                if k == 10 and i % 2 == 1:
                    raw_s += raw_encode(raw_model, texts, base.embed_batch_size)
                if k == 10:
                    raw_texts += len(texts)
                indexed += len(report.indexed)
                unchanged += len(report.unchanged)
                embedded += report.embedded
                reused += report.reused
            t = time.perf_counter()
            again = ingest(store, embedder, settings, progress=False)
            reingest = time.perf_counter() - t
            first_total = seconds + (result["scales"][10]["ingest_s"] if k == 100 else 0.0)
            result["scales"][k] = {
                "records": indexed + unchanged, "paragraphs": None,
                "ingest_s": seconds, "embedded": embedded, "reused": reused,
                "ingest_vec_per_s": (embedded + reused) / seconds if seconds else 0.0,
                "reingest_s": reingest, "reingest_embedded": again.embedded,
                "reingest_pct": 100 * reingest / first_total,
            }
            store.close()
            del store
            if k == 10:
                result["raw"] = {"texts": raw_texts, "seconds": raw_s, "vec_per_s": raw_texts / raw_s}
        del raw_model

        rows = questions(n_questions)
        for k in scales:
            settings = Settings(index_dir=indexes[k], records_dir=corpora[k])
            t = time.perf_counter()
            a = Assistant(settings, Store(settings), embedder)
            open_s = time.perf_counter() - t
            lat = warm_latency(a, rows, rounds)
            # The same with torch on one thread: on a busy 2-core machine, two threads for one short query
            # mostly wait for each other (reported beside the default, not used for the targets; torch only).
            one = {"p50_ms": float("nan"), "p95_ms": float("nan")}
            if result["embed_backend"] == "torch":
                import torch
                threads = torch.get_num_threads()
                torch.set_num_threads(1)
                one = warm_latency(a, rows, rounds)
                torch.set_num_threads(threads)
            lat.update({"p50_ms_1thread": one["p50_ms"], "p95_ms_1thread": one["p95_ms"]})
            # The first open built the in-memory corpus (BM25, vocabulary) and its snapshot; later opens read it.
            t = time.perf_counter()
            again = Assistant(settings, Store(settings), embedder)
            reopen_s = time.perf_counter() - t
            assert again.retriever.corpus.from_snapshot
            s = result["scales"][k]
            s.update({"paragraphs": len(a.retriever.nodes), "vectors": a.store.count_vectors(), "open_s": open_s,
                      "reopen_s": reopen_s,
                      "store_mb": a.store.size_bytes() / 1e6, "consistent": a.check()["consistent"], **lat})
            a.store.close()  # both share the folder's chromadb client: close it once nothing uses it
            del a, again

        # Fresh processes, as a user starts them: this process lets go of every store first.
        del embedder
        gc.collect()
        for k in sorted({scales[0], scales[-1]}):
            result["scales"][k]["cold"] = cold_start(indexes[k], corpora[k])
        # Both embedding backends on the 1x index: cold ask and memory before (torch) and after (onnx), ingest rates.
        from eval.bench_embed import compare
        result["embedding"] = compare(indexes[scales[0]], corpora[scales[0]], CHECK[0], cold_start)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["load_after"] = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    lo, hi = result["scales"][scales[0]], result["scales"][scales[-1]]
    size_ratio = hi["paragraphs"] / lo["paragraphs"]
    lat_ratio = hi["p50_ms"] / lo["p50_ms"]
    import math
    result["growth"] = {"from": scales[0], "to": scales[-1], "size_ratio": size_ratio, "p50_ratio": lat_ratio,
                        "exponent": math.log(lat_ratio) / math.log(size_ratio) if lat_ratio > 0 else 0.0}
    ingest_rate = result["scales"][10]["ingest_vec_per_s"]
    result["ingest_ratio"] = ingest_rate / result["raw"]["vec_per_s"]
    budget = 2 * result["query_embedding_ms"] + 50
    biggest_cold = hi["cold"]
    targets = [
        ("ingest throughput vs raw embedder (10x)", f"{result['ingest_ratio']:.2f}x "
         f"({ingest_rate:.1f} vs {result['raw']['vec_per_s']:.1f} vec/s)", ">= 0.85x", result["ingest_ratio"] >= 0.85),
        (f"re-ingest unchanged ({scales[-1]}x)", f"{hi['reingest_pct']:.1f} % ({hi['reingest_s']:.2f} s)", "<= 5 %",
         hi["reingest_pct"] <= 5),
        (f"warm p50 at {scales[-1]}x", f"{hi['p50_ms']:.0f} ms", f"<= {budget:.0f} ms (2 x {result['query_embedding_ms']:.1f} + 50)",
         hi["p50_ms"] <= budget),
        (f"cold start to first answer ({scales[-1]}x)", f"{biggest_cold['seconds']:.1f} s", "<= 10 s",
         biggest_cold["seconds"] <= 10),
        (f"latency growth {scales[0]}x -> {scales[-1]}x", f"p50 x{lat_ratio:.2f} for x{size_ratio:.0f} paragraphs "
         f"(exponent {result['growth']['exponent']:.2f})", "sublinear (< 1)", result["growth"]["exponent"] < 1),
    ]
    onnx_cold = result["embedding"]["backends"]["onnx"]["cold"]
    targets += [(f"cold ask, onnx backend ({scales[0]}x)", f"{onnx_cold['seconds']:.2f} s", "<= 2.5 s",
                 onnx_cold["seconds"] <= 2.5),
                (f"peak memory of that ask", f"{onnx_cold['maxrss_mb'] or 0:.0f} MB", "< 350 MB",
                 (onnx_cold["maxrss_mb"] or 1e9) < 350)]
    result["targets"] = [{"measure": m, "value": v, "target": t, "met": bool(ok)} for m, v, t, ok in targets]

    lines = ["| scale | records | paragraphs | vectors | ingest s | vec/s | re-ingest | open s (build / snapshot) | warm p50 ms | "
             "warm p95 ms | p50 / p95 ms, 1 torch thread | gold@cited | IOM check | cold start s, median (range of 3) | "
             "store MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for k in scales:
        s = result["scales"][k]
        cold = (f"{s['cold']['seconds']:.1f} ({min(s['cold']['runs']):.1f}–{max(s['cold']['runs']):.1f})"
                if "cold" in s else "-")
        lines.append(f"| {k}x | {s['records']} | {s['paragraphs']} | {s['vectors']} | {s['ingest_s']:.1f} | "
                     f"{s['ingest_vec_per_s']:.1f} | {s['reingest_s']:.2f} s ({s['reingest_pct']:.1f} %) | "
                     f"{s['open_s']:.1f} / {s['reopen_s']:.2f} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | "
                     f"{s['p50_ms_1thread']:.0f} / {s['p95_ms_1thread']:.0f} | {s['gold_in_citations']:.0%} | "
                     f"{'ok' if s['check_top'] == CHECK[1] else s['check_top'] or 'none'} | {cold} | {s['store_mb']:.1f} |")
    lines += ["", "| measure | value | target | met |", "|---|---|---|---|"]
    lines += [f"| {t['measure']} | {t['value']} | {t['target']} | {'yes' if t['met'] else 'NO'} |"
              for t in result["targets"]]
    lines += ["", f"raw embedder (sentence-transformers, same texts, interleaved with the 10x ingest): "
              f"{result['raw']['texts']} texts in {result['raw']['seconds']:.1f} s; ingest of the same: "
              f"{result['scales'][10]['ingest_s']:.1f} s; one query embedding {result['query_embedding_ms']:.1f} ms; "
              f"model load {result['model_load_s']:.1f} s",
              "peak memory (maxrss): " + ", ".join(
                  f"{result['scales'][k]['cold']['maxrss_mb']:.0f} MB for a fresh process that opens the {k}x "
                  "index and answers" for k in scales if result["scales"][k].get("cold", {}).get("maxrss_mb"))
              + f"; {result['peak_rss_mb']:.0f} MB for this benchmark process (every index, the raw model too)",
              f"machine: {result['cpus']} CPUs, load average {result['load_before'][0]:.1f} at the start and "
              f"{result['load_after'][0]:.1f} at the end (other work on a shared machine slows the embedder's threads); "
              f"embedding backend {result['embed_backend']}"]
    from eval.bench_embed import lines as embed_lines
    lines += ["", *embed_lines(result["embedding"])]
    table = "\n".join(lines)
    result["table"] = table
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
