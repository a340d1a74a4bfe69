"""A folder mixing every layout, kind, language, encoding and format ingests completely, and answers.

Real parts: the real embedding model and an embedded Chroma store under tmp_path, and the CLI as a
user types it. The DOCX, HTML and PDF copies are written here from the text fixtures (python-docx,
fpdf2), so the same rules are checked through every reader.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.records import load_record
from conftest import assert_consistent, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "records"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _lines(name: str) -> list[str]:
    """The fixture's blocks: blank-line separated groups (hard-wrapped lines joined), else its lines."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    groups = [" ".join(g.split()) for g in text.split("\n\n") if g.strip()]
    return groups if len(groups) > 3 else [ln.strip() for ln in text.splitlines() if ln.strip()]


def write_docx(src: str, path: Path) -> Path:
    import docx
    doc = docx.Document()
    for line in _lines(src):  # Word paragraphs, no list numbering: numbers must be reconstructed
        doc.add_paragraph(line)
    doc.save(path)
    return path


def write_html(src: str, path: Path) -> Path:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in _lines(src))
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Record</title></head><body>"
                    f"<nav><a href='#'>Home</a></nav>{body}</body></html>", encoding="utf-8")
    return path


def write_pdf(src: str, path: Path) -> Path:
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    for line in _lines(src):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))
    return path


VARIANTS = [  # (writer, fixture, file name)
    (write_docx, "sr512_blocks_unnumbered.txt", "sr512_word.docx"),
    (write_html, "sr395_single_newlines.txt", "sr395_web.html"),
    (write_pdf, "sr241_glued_numbers.txt", "sr241_print.pdf"),
    (write_pdf, "sr77_2008_wrapped.txt", "sr77_print.pdf"),
]


@pytest.mark.parametrize("writer,src,name", VARIANTS, ids=[v[2] for v in VARIANTS])
def test_formats_follow_the_same_rules(tmp_path, writer, src, name):
    want = load_record(FIXTURES / src)
    got = load_record(writer(src, tmp_path / name))
    assert [p.text for p in got.paragraphs] == [p.text for p in want.paragraphs], got.warnings
    assert [(p.number, p.speaker, p.affiliation) for p in got.paragraphs] == \
        [(p.number, p.speaker, p.affiliation) for p in want.paragraphs]
    fields = ("symbol", "date", "chair", "session", "meeting", "numbering", "state_under_review")
    assert {f: getattr(got.meta, f) for f in fields} == {f: getattr(want.meta, f) for f in fields}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed") / "records"
    shutil.copytree(FIXTURES, folder)
    for writer, src, name in VARIANTS:
        writer(src, folder / name)
    text = (FIXTURES / "sr433_spaced_numbers.txt").read_text(encoding="utf-8")
    (folder / "sr433_utf16.txt").write_bytes(text.replace("433", "434").encode("utf-16"))
    index = folder.parent / "index"
    a = Assistant.open(Settings(index_dir=index, records_dir=folder))
    return a, folder, index


EXPECTED = {  # file: (symbol, date, chair, paragraphs)
    "sr512_blocks_unnumbered.txt": ("CMW/C/SR.512", "2021-09-14", "Ms. Okafor", 10),
    "sr512_word.docx": ("CMW/C/SR.512", "2021-09-14", "Ms. Okafor", 10),
    "sr395_single_newlines.txt": ("CMW/C/SR.395", "2018-04-20", "Mr. Haddad", 6),
    "sr395_web.html": ("CMW/C/SR.395", "2018-04-20", "Mr. Haddad", 6),
    "sr241_glued_numbers.txt": ("CMW/C/SR.241", "2013-09-13", "Mr. Petrov", 6),
    "sr241_print.pdf": ("CMW/C/SR.241", "2013-09-13", "Mr. Petrov", 6),
    "sr433_spaced_numbers.txt": ("CMW/C/SR.433", "2019-04-10", "Mr. Haddad", 5),
    "sr433_utf16.txt": ("CMW/C/SR.434", "2019-04-10", "Mr. Haddad", 5),
    "sr450_malformed_numbering.txt": ("CMW/C/SR.450", "2021-04-14", "Ms. Okafor", 10),
    "sr77_2008_wrapped.txt": ("CMW/C/SR.77", "2008-11-25", "Mr. Holloway", 6),
    "sr77_print.pdf": ("CMW/C/SR.77", "2008-11-25", "Mr. Holloway", 6),
    "sr80_2008_wrapped_tight.txt": ("CMW/C/SR.80", "2008-11-27", "Mr. Holloway", 5),
    "co_kenya.txt": ("CMW/C/KEN/CO/1", "2013-10-02", "", 6),
    "qpr_guyana.txt": ("CMW/C/GUY/QPR/2", "2023-05-08", "", 4),
    "state_report_guyana.txt": ("", "2022-03-03", "", 4),
    "agenda_41.txt": ("CMW/C/41/1", "2025-02-02", "", 6),
    "sr188_russian.txt": ("CMW/C/SR.188", "2012-04-17", "г-н Хаддад", 3),
    "sr301_french.txt": ("CMW/C/SR.301", "2016-04-12", "M. Haddad", 2),
}


def test_mixed_folder_ingests_completely(mixed):
    a, folder, _ = mixed
    s = assert_consistent(a)
    assert s["records"] == len(EXPECTED) and s["paragraphs"] == sum(e[3] for e in EXPECTED.values())
    rows = a.paragraphs()
    for file, (symbol, date, chair, count) in EXPECTED.items():
        mine = [r for r in rows if r["file"] == file]
        assert len(mine) == count, file
        assert {(r["symbol"], r["date"], r["chair"]) for r in mine} == {(symbol, date, chair)}, file
    speakers = {(r["file"], r["paragraph"]): r["speaker"] for r in rows}
    assert speakers[("sr77_print.pdf", 2)] == "Mr. Diallo" and speakers[("sr77_print.pdf", 4)] == "Ms. Diallo"
    assert speakers[("sr512_word.docx", 4)] == "A representative of Senegal"
    assert speakers[("sr395_web.html", 5)] == "Ms. Moreau" and speakers[("sr241_print.pdf", 4)] == "Mr. Rahmon"


def test_answers_cite_reconstructed_paragraphs(mixed):
    a, _, _ = mixed
    answer = a.ask("What fund did Mali set up for migrants returning from neighbouring countries?")
    assert not answer.refused
    assert answer.citations[0].label in ("CMW/C/SR.77 ¶2*",) and answer.citations[0].speaker == "Mr. Diallo"


def test_cli_ingest_prints_a_summary_per_record(mixed, capsys, tmp_path):
    _, folder, _ = mixed
    index = tmp_path / "index"
    code, out, err = run_cli(capsys, "--index-dir", index, "ingest", "--quiet", folder / "sr450_malformed_numbering.txt",
                             folder / "sr512_blocks_unnumbered.txt")
    assert code == 0 and "Traceback" not in err
    lines = [ln for ln in out.splitlines() if "[sr4" in ln or "[sr5" in ln]
    assert any(ln.split()[:2] == ["indexed", "CMW/C/SR.450"] and "2021-04-14" in ln and "10 paragraphs" in ln
               and "7 numbering anomalies" in ln and "7 warnings" in ln for ln in lines), out
    assert any("CMW/C/SR.512" in ln and "numbered by count" in ln and "5 speakers" in ln for ln in lines), out
    code, out, _ = run_cli(capsys, "--index-dir", index, "ingest", "--quiet", folder / "sr512_blocks_unnumbered.txt")
    assert "unchanged CMW/C/SR.512" in out


def test_cli_paragraphs_shows_the_record_header(capsys):
    code, out, _ = run_cli(capsys, "paragraphs", FIXTURES / "sr241_glued_numbers.txt")
    head = out.splitlines()[:3]
    assert code == 0 and head[0].startswith("CMW/C/SR.241") and "6 paragraphs (printed numbers, 1 unnumbered)" in head[0]
    assert "chair: Mr. Petrov (Vice-Chairperson)" in head[1] and "under review: Kenya (CMW/C/KEN/1)" in head[1]
    assert head[2].startswith("  warning: sr241_glued_numbers.txt: a paragraph printed without a number")
    assert "CMW/C/SR.241 ¶6* At the invitation of the Chairperson" in out
