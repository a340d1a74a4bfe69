"""Command-line tools for delegates and trainers: `speakers`, `said`, `brief`, `quiz` (registered by cli.py)."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SPEAKERS_HELP = """List every speaker and organization with their role and paragraphs.

Roles: Chair, Committee member, State, UN body or agency, NGO or NHRI, academic.
Names are normalized: the same person or organization written two ways is one entry.

examples:
  assistant speakers
  assistant speakers --record CMW/C/SR.506 --json
"""
SAID_HELP = """What a person or organization said, each statement with its citation.

WHO may be a name ("Mr. Yuzhanin", "Yuzhanin"), an organization or its acronym ("IOM", "Global Detention
Project"), a State ("Mexico") or a role ("Chair", "Committee", "NGOs").

examples:
  assistant said IOM
  assistant said "Global Detention Project" --topic children
  assistant said Diallo --json
"""
BRIEF_HELP = """Write a briefing note on a topic, a country, a session or a record.

Key points are sentences quoted from the records, grouped by who said them (the Committee and its Chair,
States, UN bodies, civil society and NHRIs), each with its citation; then dates and sessions, the sources and
an annex with the full paragraphs. Works offline.

examples:
  assistant brief "alternatives to detention"
  assistant brief Morocco --format docx --out morocco.docx
  assistant brief "fortieth session" --out session40.md
"""
QUIZ_HELP = """Build a quiz from real statements, with a cited answer key.

Items: multiple choice (who said it, which organization, numbers and dates, which GCM objective, which
session), true/false and cloze. Every answer is proved by the paragraph it cites. The same --seed gives the
same quiz. GIFT imports into Moodle.

examples:
  assistant quiz --n 10 --seed 7 --format json
  assistant quiz --topic "alternatives to detention" --format gift --out detention.gift
  assistant quiz --record CMW/C/SR.608 --format md
"""


def _emit(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _quiet(args) -> None:
    """Machine-readable output goes to stdout: no progress bar if the index must be built first."""
    args.json = True


def register(sub, open_fn) -> None:
    """Add the delegate and trainer subcommands to the `assistant` parser's subparsers."""
    fmt = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser("speakers", help="list speakers and organizations with their role and paragraphs",
                       description=SPEAKERS_HELP, formatter_class=fmt)
    p.add_argument("--record", help="only those who spoke in this record (file name or symbol, e.g. CMW/C/SR.506)")
    p.add_argument("--json", action="store_true", help="print a JSON array of entries")
    p.set_defaults(func=lambda args: cmd_speakers(args, open_fn))

    p = sub.add_parser("said", help="what a person or organization said, with citations",
                       description=SAID_HELP, formatter_class=fmt)
    p.add_argument("who", nargs="+", help="a name, organization, acronym, State or role")
    p.add_argument("--topic", help="only statements about this topic, most relevant first")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=lambda args: cmd_said(args, open_fn))

    p = sub.add_parser("brief", help="write a cited briefing note (Markdown or DOCX)",
                       description=BRIEF_HELP, formatter_class=fmt)
    p.add_argument("scope", nargs="+", help="a topic, a country, a session (\"fortieth session\") or a record symbol")
    p.add_argument("--format", choices=("md", "docx"), default="md", help="md (default) or docx")
    p.add_argument("--out", help="output file (default: Markdown to stdout; DOCX to brief-<scope>.docx)")
    p.set_defaults(func=lambda args: cmd_brief(args, open_fn))

    p = sub.add_parser("quiz", help="build a quiz with a cited answer key (GIFT, CSV, Markdown, JSON)",
                       description=QUIZ_HELP, formatter_class=fmt)
    p.add_argument("--topic", help="only paragraphs about this topic")
    p.add_argument("--record", help="only this record (file name or symbol)")
    p.add_argument("--n", type=int, default=10, help="number of items (default 10)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same quiz (default 0)")
    p.add_argument("--format", choices=("gift", "csv", "md", "json"), default="json",
                   help="gift (Moodle), csv, md or json (default)")
    p.add_argument("--out", help="output file (default: stdout)")
    p.set_defaults(func=lambda args: cmd_quiz(args, open_fn))


def cmd_speakers(args, open_fn) -> int:
    from ...desk.speakers import resolve_records, speakers
    assistant = open_fn(args)
    if args.record and not resolve_records(assistant, args.record):
        print(f"error: no indexed record matches {args.record!r}; see `assistant status`.", file=sys.stderr)
        return 1
    entries = speakers(assistant, args.record)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    for kind, heading in (("person", "Speakers"), ("organization", "Organizations and States")):
        rows = [e for e in entries if e.kind == kind]
        if not rows:
            continue
        print(f"{heading} ({len(rows)}):")
        for e in rows:
            org = f" — {e.organization}" if kind == "person" and e.organization else ""
            members = f" — {', '.join(e.members)}" if kind == "organization" and e.members else ""
            print(f"  {e.name} [{e.role}]{org}{members}")
            print(f"      {e.labels()}")
        print()
    return 0


def cmd_said(args, open_fn) -> int:
    from ...desk.said import said
    assistant = open_fn(args)
    result = said(assistant, " ".join(args.who), topic=args.topic)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text())
    if not result.matched:
        if not args.json:
            print(f"error: {result.notice}", file=sys.stderr)
        return 1
    return 0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "brief"


def cmd_brief(args, open_fn) -> int:
    from ...desk.brief import build_brief
    scope = " ".join(args.scope)
    if not args.out or args.format == "md":
        _quiet(args)
    assistant = open_fn(args)
    try:
        brief = build_brief(assistant, scope)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "docx":
        out = Path(args.out or f"brief-{_slug(scope)}.docx")
        brief.to_docx(out)
        print(f"wrote {out} ({len(brief.sources)} sources)")
    else:
        _emit(brief.to_markdown(), args.out)
    if brief.empty:
        print(f"warning: {brief.notice}", file=sys.stderr)
    return 0


def cmd_quiz(args, open_fn) -> int:
    from ...desk.quiz import EXPORTERS, build_quiz
    if args.n < 1:
        print("error: --n must be at least 1", file=sys.stderr)
        return 2
    _quiet(args)
    assistant = open_fn(args)
    items = build_quiz(assistant, topic=args.topic, record=args.record, n=args.n, seed=args.seed)
    if not items:
        print("error: no quiz item could be made from the paragraphs in scope; try another --topic or --record.",
              file=sys.stderr)
        return 1
    _emit(EXPORTERS[args.format](items), args.out)
    if len(items) < args.n:
        print(f"note: only {len(items)} distinct items could be made from the paragraphs in scope.", file=sys.stderr)
    return 0
