"""DOCX, PDF and HTML records parse to the same paragraphs as the bundled text versions.

Fixtures are built at test time from the bundled records: masthead lines, headings, numbered
paragraphs with the speaker in bold, and 002's member table as a real table.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.core.errors import RecordError
from assistant.records import load_record, load_records
from assistant.records.clean import clean_lines, is_furniture, strip_markup
from assistant.records.masthead import OPENED
from assistant.records.parse import NUMBERED
from assistant.records.speakers import CHAIR

RECORDS = Path(__file__).resolve().parents[1] / "records"
FILES = sorted(p.name for p in RECORDS.glob("*.txt"))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def source(name: str):
    """(record, masthead lines, body items) of a bundled record.

    Masthead lines are (text, bold); items are ("line", text), ("h", text), ("p", number, bold name,
    rest) and ("table", rows)."""
    rec = load_record(RECORDS / name)
    lines = clean_lines((RECORDS / name).read_text(encoding="utf-8"))
    raw, opening = [], []
    for ln in lines:
        if OPENED.search(ln.text):
            opening = [("line", ln.text)]
            break
        if NUMBERED.match(ln.text):
            break
        raw.append(ln.raw)
    head = []  # bold runs (a report's agenda item and title) become bold lines
    for i, part in enumerate(re.split(r"(\*\*(?=\S).+?(?<=\S)\*\*)", "\n".join(raw), flags=re.S)):
        if i % 2:
            head.append((norm(part.strip("*")), True))
        else:
            head += [(t, False) for t in map(str.strip, map(strip_markup, part.split("\n")))
                     if t and not is_furniture(t)]
    rows = []
    for ln in lines:
        if ln.cells and ln.cells not in rows:
            rows.append(ln.cells)
    # Without an opening line the parser reads headings above paragraph 1 as masthead.
    items, where = opening, None if opening else (rec.paragraphs[0].agenda_item, rec.paragraphs[0].agenda_subitem)
    for p in rec.paragraphs:
        if (p.agenda_item, p.agenda_subitem) != where:
            where = (p.agenda_item, p.agenda_subitem)
            items += [("h", h) for h in where if h]
        text = p.text
        table = rows and f" {rows[0][0]}: " in text
        if table:
            text = text[:text.index(f" {rows[0][0]}: ")]
        m = re.match(CHAIR, text)
        name = p.speaker if p.speaker and text.startswith(p.speaker) else (m.group(0) if m else "")
        items.append(("p", p.number, name, text[len(name):]))
        if table:
            items.append(("table", rows))
    if rec.meta.rose_at:
        items.append(("line", f"The meeting rose at {rec.meta.rose_at}."))
    return rec, head, items


def write_docx(path: Path, head, items, auto=lambda n: False) -> Path:
    import docx
    doc = docx.Document()
    for line, bold in head:
        doc.add_paragraph().add_run(line).bold = bold
    for item in items:
        if item[0] == "line":
            doc.add_paragraph(item[1])
        elif item[0] == "h":
            doc.add_paragraph(item[1], style="Heading 2")
        elif item[0] == "table":
            rows = item[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            _, number, name, rest = item
            p = doc.add_paragraph(style="List Number" if auto(number) else None)
            if not auto(number):
                p.add_run(f"{number}.\t")
            if name:
                p.add_run(name).bold = True
            p.add_run(rest)
    doc.save(path)
    return path


def write_html(path: Path, head, items) -> Path:
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Record</title>",
           "<style>p { margin: 0 }</style></head><body>", "<nav><a href='#'>Home</a></nav>"]
    out += [f"<p><b>{e(line)}</b></p>" if bold else f"<p>{e(line)}</p>" for line, bold in head]
    for item in items:
        if item[0] == "line":
            out.append(f"<p><i>{e(item[1])}</i></p>")
        elif item[0] == "h":
            out.append(f"<h2>{e(item[1])}</h2>")
        elif item[0] == "table":
            out.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in item[1]) + "</table>")
        else:
            _, number, name, rest = item
            out.append(f"<p>{number}.&nbsp;<strong>{e(name)}</strong>{e(rest)}\n</p>" if name
                       else f"<p>{number}. {e(rest)}</p>")
    path.write_text("\n".join(out + ["</body></html>"]), encoding="utf-8")
    return path


def write_pdf(path: Path, head, items, spacing: float = 2) -> Path:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1:
                self.set_font("DejaVu", "", 8)
                self.cell(0, 5, "Committee on Migrant Workers: test rendering", align="R")
                self.ln(8)

        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 5, "GE.22-14935 (E)" if self.page_no() == 1 else f"Page {self.page_no()}", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    for line, bold in head:
        pdf.set_font("DejaVu", "B" if bold else "", 10)
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(4)
    for item in items:
        if item[0] == "h":
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 5, item[1], new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 10)
            pdf.ln(2)  # headings keep their spacing even when paragraphs have none
        elif item[0] == "table":
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(first_row_as_headings=False) as table:
                for row in item[1]:
                    cells = table.row()
                    for c in row:
                        cells.cell(c)
            pdf.set_font("DejaVu", "", 10)
        elif item[0] == "line":
            pdf.multi_cell(0, 5, item[1], new_x="LMARGIN", new_y="NEXT")
        else:
            _, number, name, rest = item
            text = f"{number}.  " + (f"**{name}**" if name else "") + rest
            pdf.multi_cell(0, 5, text, markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(spacing)
    pdf.output(str(path))
    return path


def assert_same(got, want, reconstructed=False):
    assert [p.number for p in got.paragraphs] == [p.number for p in want.paragraphs], got.warnings
    for g, w in zip(got.paragraphs, want.paragraphs):
        assert norm(g.text) == norm(w.text), f"¶{w.number}"
        assert (g.speaker, g.affiliation) == (w.speaker, w.affiliation), f"¶{w.number}"
        assert (g.agenda_item, g.agenda_subitem) == (w.agenda_item, w.agenda_subitem), f"¶{w.number}"
        assert g.reconstructed is reconstructed
    fields = ("symbol", "body", "title", "doc_type", "session", "meeting", "date", "place", "chair", "opened_at")
    assert {f: getattr(got.meta, f) for f in fields} == {f: getattr(want.meta, f) for f in fields}


@pytest.mark.parametrize("name", FILES)
def test_docx_matches_text(tmp_path, name):
    rec, head, items = source(name)
    assert_same(load_record(write_docx(tmp_path / (name[:-4] + ".docx"), head, items)), rec)


@pytest.mark.parametrize("name", FILES)
def test_html_matches_text(tmp_path, name):
    rec, head, items = source(name)
    assert_same(load_record(write_html(tmp_path / (name[:-4] + ".html"), head, items)), rec)


@pytest.mark.parametrize("spacing", [2, 0], ids=["spaced", "tight"])
@pytest.mark.parametrize("name", FILES)
def test_pdf_matches_text(tmp_path, name, spacing):
    rec, head, items = source(name)
    path = write_pdf(tmp_path / (name[:-4] + ".pdf"), head, items, spacing)
    got = load_record(path)
    assert_same(got, rec)
    assert not any(s in p.text for p in got.paragraphs for s in ("Page ", "test rendering", "GE.22"))


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (apt-get install chromium)")
@pytest.mark.parametrize("name", ["001_b36a170aa6e6050d.txt", "002_2954c7555eb37f92.txt"])
def test_chromium_pdf_matches_text(tmp_path, name):
    # A second PDF producer: justified serif text with ligatures, a borderless table, and Chromium's own
    # header and footer (date, title, URL, page numbers) on every page.
    rec, head, items = source(name)
    page = write_html(tmp_path / "record.html", head, items)
    page.write_text(page.read_text(encoding="utf-8").replace(
        "p { margin: 0 }", "body { font: 11pt 'DejaVu Serif'; text-align: justify } p { margin: 0 0 6pt }"),
        encoding="utf-8")
    pdf = tmp_path / (name[:-4] + ".pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert_same(load_record(pdf), rec)


@pytest.mark.parametrize("name", ["000_1882445d634160cd.txt", "002_2954c7555eb37f92.txt"])
def test_docx_auto_numbering_is_reconstructed(tmp_path, name):
    # 000 has a one-line paragraph ("The agenda was adopted."); 002 has no opening line.
    rec, head, items = source(name)
    got = load_record(write_docx(tmp_path / "auto.docx", head, items, auto=lambda n: True))
    assert got.meta.reconstructed_numbers
    assert_same(got, rec, reconstructed=True)
    labels = [got.label(p) for p in got.paragraphs]
    assert all(label.endswith(f"¶{i}*") for i, label in enumerate(labels, 1))


def test_docx_mixed_numbering_is_counted(tmp_path):
    rec, head, items = source("001_b36a170aa6e6050d.txt")
    got = load_record(write_docx(tmp_path / "mixed.docx", head, items, auto=lambda n: n > 5))
    assert_same(got, rec)
    assert any("automatic list numbers" in w for w in got.warnings)


def test_html_ordered_list_is_reconstructed(tmp_path):
    path = tmp_path / "list.html"
    path.write_text("<h2>Opening of the session</h2><ol><li><b>The Chair</b> declared the session open.</li>"
                    "<li><p>The agenda was adopted.</p></li><li>Ms. Diallo said that it was late.<ul>"
                    "<li>first point;</li></ul></li></ol>", encoding="utf-8")
    got = load_record(path)
    assert [(p.number, p.reconstructed) for p in got.paragraphs] == [(1, True), (2, True), (3, True)]
    assert got.paragraphs[2].text == "Ms. Diallo said that it was late. – first point;"
    assert got.paragraphs[2].speaker == "Ms. Diallo"


def test_bad_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(RecordError, match=r"broken\.docx: not a readable Word \.docx file.*save it again"):
        load_record(path)
    legacy = tmp_path / "legacy.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(RecordError, match=r"legacy\.docx: an old binary \.doc"):
        load_record(legacy)


def test_bad_pdfs(tmp_path):
    from fpdf import FPDF
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 100, 150, style="F")
    scanned.output(str(tmp_path / "scanned.pdf"))
    with pytest.raises(RecordError, match=r"scanned\.pdf: the PDF has no text layer.*OCR"):
        load_record(tmp_path / "scanned.pdf")
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("helvetica", size=10)
    locked.multi_cell(0, 5, "1. The Chair said that the meeting was open. " * 5)
    locked.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(RecordError, match=r"locked\.pdf: the PDF is password-protected"):
        load_record(tmp_path / "locked.pdf")
    (tmp_path / "damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    with pytest.raises(RecordError, match=r"damaged\.pdf: "):
        load_record(tmp_path / "damaged.pdf")


def test_folder_of_mixed_formats(tmp_path):
    want = {}
    for name, writer in zip(FILES[:3], (write_docx, write_html, write_pdf)):
        rec, head, items = source(name)
        suffix = {write_docx: ".docx", write_html: ".html", write_pdf: ".pdf"}[writer]
        want[writer(tmp_path / (name[:-4] + suffix), head, items).name] = len(rec.paragraphs)
    (tmp_path / "zz_broken.pdf").write_bytes(b"not a pdf at all")
    records, problems = load_records([tmp_path])
    assert {r.file: len(r.paragraphs) for r in records} == want
    assert len(problems) == 1 and problems[0].startswith("zz_broken.pdf: ")
