"""Briefing notes: a topic, a country and a session; Markdown and DOCX; the CLI command."""
from __future__ import annotations

import re

import pytest

from assistant.desk.brief import build_brief, country_pattern, parse_scope

SR506 = "001_b36a170aa6e6050d.txt"
SR608 = "004_5957fef5fc8dc000.txt"
# The GCM objective 13 speakers of SR.506 and the paragraphs where they discuss alternatives to detention.
DETENTION = {23: "Mr. Flynn", 24: "Mr. Flynn", 25: "Mr. Flynn", 29: "Ms. Kalush", 38: "Ms. Townhead",
             48: "Mr. Yuzhanin", 61: "Ms. Fritz"}


@pytest.fixture(scope="module")
def detention(assistant):
    return build_brief(assistant, "alternatives to detention")


def _cli(capsys, built_index, *argv) -> tuple[int, str]:
    from assistant.interfaces.cli.main import main
    code = main(["--index-dir", str(built_index), *argv])
    return code, capsys.readouterr().out


def test_detention_brief_cites_the_objective_13_speakers(detention):
    cited = {s.paragraph: s for s in detention.sources if s.file == SR506}
    assert set(DETENTION) <= set(cited)
    for n, speaker in DETENTION.items():
        assert cited[n].speaker == speaker, n
    assert 28 not in cited  # Ms. Kalush's paragraph on the Gulf, not on detention
    assert all(s.file == SR506 for s in detention.sources)


def test_every_point_is_a_faithful_quote_on_the_topic(detention, assistant):
    """Defect 4 in the note: quoted sentences are verbatim, in the record's order, "…" between non-adjacent ones."""
    points = [p for pts in detention.points.values() for p in pts]
    assert points
    for p in points:
        text = assistant.paragraph(p.file, p.paragraph)["text"]
        pieces = p.sentence.split(" … ")
        assert all(piece in text for piece in pieces), p.sentence
        assert [text.index(x) for x in pieces] == sorted(text.index(x) for x in pieces)
        assert all(q in text for q in p.quoted)
        assert re.search(r"detention|detained|objective 13", p.sentence, re.I), p.sentence
        assert p.label == f"CMW/C/SR.506 ¶{p.paragraph}"


def test_points_are_grouped_by_who_said_them(detention):
    groups = {g: {p.speaker for p in pts} for g, pts in detention.points.items()}
    assert "Mr. Yuzhanin" in groups["un"]
    assert {"Mr. Flynn", "Ms. Kalush", "Ms. Townhead", "Ms. Fritz"} <= groups["civil"]
    assert groups.get("committee", set()) <= {"Mr. Corzo Sosa"}
    assert list(detention.points) == [g for g in ("committee", "states", "un", "civil", "documents")
                                      if g in detention.points]


def test_markdown_has_scope_points_dates_sources_and_annex(detention, assistant):
    md = detention.to_markdown()
    assert md.startswith("# Briefing note: alternatives to detention")
    for heading in ("**Scope:**", "## Key points", "### UN bodies and agencies", "### Civil society, NHRIs and academics",
                    "## Dates and sessions", "## Sources", "## Annex: full paragraphs"):
        assert heading in md, heading
    assert "[CMW/C/SR.506 ¶48]" in md and "27 September 2022" in md and "35th session" in md
    assert "[UN document](https://docs.un.org/en/CMW/C/SR.506)" in md
    annex = md.split("## Annex: full paragraphs", 1)[1]
    assert assistant.paragraph(SR506, 48)["text"] in annex
    assert assistant.paragraph(SR506, 61)["text"] in annex


def test_docx_opens_with_python_docx(detention, tmp_path):
    from docx import Document
    path = detention.to_docx(tmp_path / "note.docx")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Briefing note: alternatives to detention" in text
    assert "[CMW/C/SR.506 ¶48]" in text and "Annex: full paragraphs" in text
    assert "Mr. Yuzhanin" in text and "Global Detention Project" in text


def test_docx_has_real_properties_headings_lists_and_links(detention, tmp_path):
    """Defect 12: author and dates of this application, Title -> H1 -> H2, one list item per quote, UN links."""
    from datetime import datetime, timedelta, timezone

    from docx import Document
    doc = Document(str(detention.to_docx(tmp_path / "note.docx")))
    props = doc.core_properties
    assert props.author == "CMW records assistant" and props.title == detention.title
    assert "python-docx" not in (props.comments or "")
    assert abs(props.created.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)) < timedelta(minutes=5)
    levels = [p.style.name for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert levels[0] == "Title" and levels[1] == "Heading 1"
    numbers = [0 if s == "Title" else int(s.split()[-1]) for s in levels]
    assert all(b - a <= 1 for a, b in zip(numbers, numbers[1:])), levels    # no level skipped going down
    quotes = [p for p in doc.paragraphs if p.style.name.startswith("List Bullet") and "“" in p.text]
    assert quotes and all(p.text.count("“") == 1 for p in quotes)          # one quote per list item
    rels = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert "https://docs.un.org/en/CMW/C/SR.506" in rels
    xml = doc.element.xml
    assert 'w:anchor="source_1"' in xml and 'w:name="source_1"' in xml    # a label opens its annex paragraph


def test_brief_honours_the_questions_understanding_and_filters(assistant):
    """Defect 5: a year in the topic and the chat's filters limit the note exactly as they limit the chat."""
    in_2025 = build_brief(assistant, "alternatives to detention in 2025")
    assert SR506 not in {s.file for s in in_2025.sources} and "year 2025" in in_2025.description
    gone = build_brief(assistant, "climate refugees in 2019")
    assert gone.empty and "no record from 2019" in gone.notice
    s40 = build_brief(assistant, "ratification of the Convention", filters={"sessions": [40]})
    assert s40.sources and {s.file for s in s40.sources} == {SR608} and "sessions 40" in s40.description
    iom = build_brief(assistant, "alternatives to detention", filters={"affiliations": ["International Organization for Migration"]})
    assert {s.speaker for s in iom.sources} == {"Mr. Yuzhanin"}


def test_country_brief_morocco(assistant):
    b = build_brief(assistant, "Morocco")
    assert b.kind == "country"
    labels = set(b.labels)
    assert {"CMW 19th session (2013, symbol unknown) ¶26", "CMW 19th session (2013, symbol unknown) ¶28"} <= labels
    who = {s.speaker for s in b.sources}
    assert {"Mr. Jaite", "Mr. Kassou"} <= who
    assert {p.speaker for p in b.points.get("civil", [])} >= {"Mr. Jaite", "Mr. Kassou"}
    assert country_pattern("Morocco").search("the Moroccan Government")
    assert not country_pattern("Chile").search("children")


def test_session_brief_fortieth(assistant):
    b = build_brief(assistant, "fortieth session")
    assert b.kind == "session" and parse_scope(assistant, "40th session").session == 40
    assert b.sources and {s.file for s in b.sources} == {SR608}
    assert all(s.speaker == "Ms. Diallo" for s in b.sources)
    md = b.to_markdown()
    assert "17 April 2025" in md and "CMW/C/SR.608" in md and "Chair: Ms. Diallo" in md


def test_record_scope_and_nothing_found(assistant):
    b = build_brief(assistant, "CMW/C/SR.590")
    assert b.kind == "record" and {s.file for s in b.sources} == {"003_b5bb0a8bd9d79607.txt"}
    none = build_brief(assistant, "quantum computing")
    assert none.empty and none.notice and "No paragraph" in none.to_markdown()
    with pytest.raises(ValueError):
        build_brief(assistant, "   ")


def test_cli_brief_markdown_and_docx(capsys, built_index, tmp_path):
    code, out = _cli(capsys, built_index, "brief", "alternatives", "to", "detention", "--format", "md")
    assert code == 0 and out.startswith("# Briefing note: alternatives to detention")
    for n in DETENTION:
        assert f"[CMW/C/SR.506 ¶{n}]" in out
    target = tmp_path / "detention.docx"
    code, out = _cli(capsys, built_index, "brief", "alternatives to detention", "--format", "docx", "--out", str(target))
    assert code == 0 and target.exists()
    from docx import Document
    assert any("CMW/C/SR.506 ¶48" in p.text for p in Document(str(target)).paragraphs)
    md_file = tmp_path / "morocco.md"
    code, _ = _cli(capsys, built_index, "brief", "Morocco", "--out", str(md_file))
    assert code == 0 and "Briefing note: Morocco" in md_file.read_text(encoding="utf-8")
