"""The command line: `assistant ingest | ask | chat | paragraphs | status | remove | serve | eval | ...`."""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from ...core.errors import AssistantError

EXAMPLES = """examples:
  assistant ask "What did IOM say about objective 13?"
  assistant ask "Who chaired the 590th meeting?" --json
  assistant chat
  assistant paragraphs 001_b36a170aa6e6050d.txt --json
  assistant ingest records/ --prune
"""


def _settings(args):
    from ...core.config import Settings
    overrides = {}
    for key in ("index_dir", "records_dir", "chroma_url", "llm"):
        value = getattr(args, key, None)
        if value:
            overrides[key] = value
    return Settings(**overrides)


# Commands that only read the index: after them the process may skip the interpreter's teardown (see `run`).
READ_ONLY = {"ask", "chat", "paragraphs", "status", "speakers", "said", "brief", "quiz"}


def _open(args, build: bool = True, rebuild: bool = False):
    # Importing llama-index and chromadb creates ~10^6 long-lived objects and no garbage: the cyclic collector's
    # passes over them cost ~10 % of a cold `ask`. Off while importing; frozen afterwards, they are not scanned again.
    if gc.isenabled() and f"{__package__.rsplit('.', 2)[0]}.assistant" not in sys.modules:  # the first import only
        gc.disable()
        try:
            from ...assistant import Assistant
        finally:
            gc.freeze()
            gc.enable()
    from ...assistant import Assistant
    assistant = Assistant.open(_settings(args), build=build, progress=not getattr(args, "json", False), rebuild=rebuild)
    if assistant.built_on_open is not None or rebuild:
        args.wrote_index = True  # `run` then exits normally, letting chromadb finish its writes
    if assistant.llm_notice:
        print(f"warning: {assistant.llm_notice}", file=sys.stderr)
    return assistant


def _filters(args) -> dict | None:
    f = {}
    if getattr(args, "record", None):
        f["files"] = args.record
    if getattr(args, "session", None):
        f["sessions"] = args.session
    if getattr(args, "speaker", None):
        f["speakers"] = args.speaker
    return f or None


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    print(answer.text)
    if answer.notice:
        print(f"\n({answer.notice})")
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            who = f" — {c.speaker}" + (f" ({c.affiliation})" if c.affiliation else "") if c.speaker else ""
            print(f"  [{c.label}] {c.file} ¶{c.paragraph}{who}")


def cmd_ingest(args) -> int:
    assistant = _open(args, build=False, rebuild=args.rebuild)
    paths = [Path(p) for p in args.paths] or None
    report = assistant.ingest(paths, prune=args.prune, progress=not args.quiet)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for p in report.problems:
        print(f"skipped: {p}", file=sys.stderr)
    if report.records:
        print("Records read:")
        for line in report.record_lines():
            print(f"  {line}")
    print(report.summary())
    return 1 if report.problems else 0


def cmd_ask(args) -> int:
    assistant = _open(args)
    _print_answer(assistant.ask(" ".join(args.question), filters=_filters(args)), args.json)
    return 0


def cmd_chat(args) -> int:
    assistant = _open(args)
    chat = assistant.chat(_filters(args))
    print("Ask about the CMW records. Commands: /new starts over, /quit leaves.")
    while True:
        try:
            q = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if q in ("/quit", "/exit", "quit", "exit"):
            return 0
        if q == "/new":
            chat.reset()
            print("(new conversation)")
            continue
        if not q:
            continue
        try:
            answer = chat.ask(q)
        except AssistantError as exc:
            print(f"error: {exc}")
            continue
        print()
        _print_answer(answer, False)


def cmd_paragraphs(args) -> int:
    from ...records import load_records
    from ...records.model import summary_line
    folder = Path(args.records_dir) if args.records_dir else _settings(args).records_dir
    paths = [Path(args.file) if Path(args.file).exists() else folder / args.file] if args.file else [folder]
    records, problems = load_records(paths)
    for p in problems:
        print(f"skipped: {p}", file=sys.stderr)
    rows = [row for r in records for row in r.paragraph_dicts()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in records:
            print(summary_line(r.summary()))
            m = r.meta
            print(f"  {m.doc_type or 'record'}; meeting {m.meeting or '-'}, session {m.session or '-'}; "
                  f"chair: {m.chair or '-'}" + (f" ({m.chair_role})" if m.chair_role else "")
                  + (f", later {m.chair_later}" if m.chair_later else "")
                  + (f"; under review: {m.state_under_review}" if m.state_under_review else "")
                  + (f" ({m.report_symbol})" if m.report_symbol else ""))
            for w in r.warnings:
                print(f"  warning: {w}")
            for row in r.paragraph_dicts():
                who = f" [{row['speaker']}]" if row["speaker"] else ""
                print(f"{row['label']}{who} {row['text'][:100]}")
    return 1 if problems and not rows else 0


def cmd_status(args) -> int:
    assistant = _open(args, build=False)
    s = assistant.status()
    if args.json:
        print(json.dumps(s, indent=2))
        return 0 if s["consistent"] else 1
    size = "Chroma server" if s["store_bytes"] is None else f"{s['store_bytes'] / 1e6:.1f} MB"
    print(f"store: {s['store']} ({size})")
    print(f"records: {s['records']}, paragraphs: {s['paragraphs']}, vectors: {s['vectors']}, BM25: {s['bm25']}")
    print(f"settings fingerprint: {s['settings_fingerprint']} (index: {s['fingerprint'] or 'none yet'}); "
          f"embedding backend: {s['embed_backend']}")
    for f, m in s["files"].items():
        print(f"  {f}  {m['symbol'] or '-':14} {m['paragraphs']:4} paragraphs {m['vectors']:4} vectors")
    if s.get("notice"):
        print(f"note: {s['notice']}")
    if s["consistent"]:
        print("consistency: ok (record entries, vectors and BM25 agree)")
    for p in s["problems"]:
        print(f"inconsistent: {p}", file=sys.stderr)
    return 0 if s["consistent"] else 1


def cmd_remove(args) -> int:
    assistant = _open(args, build=False)
    missing = [f for f in args.files if not assistant.remove(Path(f).name)]
    for f in missing:
        print(f"error: {f} is not in the index; see `assistant status` for the indexed files.", file=sys.stderr)
    removed = len(args.files) - len(missing)
    print(f"removed {removed} record(s)")
    return 1 if missing else 0


def cmd_serve(args) -> int:
    from ..web.login import auth_pairs, check_exposure
    check_exposure(args.host, auth_pairs(_settings(args).ui_auth), args.allow_open)   # refuse before loading anything
    from ..web.app import serve
    return serve(_open(args), host=args.host, port=args.port, allow_open=args.allow_open) or 0


def cmd_eval(args) -> int:
    from ..evaluation.harness import main as eval_main
    return eval_main(_open(args), args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES,
        description="Answers questions about UN Committee on Migrant Workers records, citing the exact paragraph. "
                    "Works offline; settings also come from ASSISTANT_* environment variables.")
    parser.add_argument("--index-dir", help="Chroma store folder (default: index_store/; env ASSISTANT_INDEX_DIR)")
    parser.add_argument("--records-dir", help="records folder (default: records/; env ASSISTANT_RECORDS_DIR)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (env ASSISTANT_CHROMA_URL)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="index record files (only new or changed ones are embedded)")
    p.add_argument("paths", nargs="*", help="files or folders (default: the records folder)")
    p.add_argument("--prune", action="store_true", help="drop indexed records whose files are gone")
    p.add_argument("--rebuild", action="store_true", help="empty the index first (needed after changing the embedder)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    def answer_opts(p):
        p.add_argument("--record", action="append", help="only this record file (repeatable)")
        p.add_argument("--session", action="append", type=int, help="only this session number (repeatable)")
        p.add_argument("--speaker", action="append", help="only this speaker, as printed (repeatable)")
        p.add_argument("--llm", help="optional LLM backend: llama-cpp:PATH, ollama:MODEL, openai:MODEL@URL")

    p = sub.add_parser("ask", help="answer one question with paragraph citations")
    p.add_argument("question", nargs="+", help="the question")
    p.add_argument("--json", action="store_true", help="print answer.to_dict() as JSON")
    answer_opts(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="a terminal conversation that understands follow-ups")
    answer_opts(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("paragraphs", help="show how the records were read, paragraph by paragraph")
    p.add_argument("file", nargs="?", help="one record file (default: all in the records folder)")
    p.add_argument("--json", action="store_true", help="a JSON array of every parsed paragraph")
    p.set_defaults(func=cmd_paragraphs)

    p = sub.add_parser("status", help="records, paragraphs, vectors, store size and settings fingerprint")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("remove", help="remove records from the index")
    p.add_argument("files", nargs="+", help="record file names")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("serve", help="start the Gradio chat at http://127.0.0.1:7860")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default: loopback only); another address "
                   "needs a login (ASSISTANT_UI_AUTH) or --allow-open")
    p.add_argument("--allow-open", action="store_true", help="serve a non-loopback --host without a login (prints a "
                   "warning; anyone who can reach the address can use the assistant)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--llm", help="optional LLM backend")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="run the evaluation set and print the quality table (with a naive baseline)")
    p.add_argument("--questions", default=None, help="questions file (default: eval/questions.jsonl)")
    p.add_argument("--answers-out", default=None, help="write every answer as JSON lines here")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    p.add_argument("--llm", help="run the questions through an LLM backend")
    p.set_defaults(func=cmd_eval)

    try:
        from .desk import register
    except ImportError:
        register = None
    if register:
        register(sub, _open)
    return parser


def main(argv: list[str] | None = None) -> int:
    return _dispatch(build_parser().parse_args(argv))


def _dispatch(args) -> int:
    try:
        return args.func(args) or 0
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """The `assistant` command. After a command that only read the index, exit without the interpreter's teardown
    of torch, transformers and scikit-learn, which takes about 2 s on 2 cores and shows the user nothing."""
    args = build_parser().parse_args()
    code = _dispatch(args)
    if args.command in READ_ONLY and not getattr(args, "wrote_index", False):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
