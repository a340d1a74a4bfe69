"""The parser on all five bundled records: numbers, texts, speakers (with continuations), metadata."""
import re

import pytest

from assistant.records import load_record, load_records
from conftest import RECORDS

COUNTS = {"000_1882445d634160cd.txt": 30, "001_b36a170aa6e6050d.txt": 63, "002_2954c7555eb37f92.txt": 12,
          "003_b5bb0a8bd9d79607.txt": 7, "004_5957fef5fc8dc000.txt": 10}
IOM = "International Organization for Migration"
SPEAKERS = [  # (file prefix, paragraph, speaker, affiliation) — unnamed continuations included
    ("001", 46, "Mr. Yuzhanin", IOM), ("001", 47, "Mr. Yuzhanin", IOM), ("001", 48, "Mr. Yuzhanin", IOM),
    ("001", 49, "Mr. Yuzhanin", IOM), ("001", 28, "Ms. Kalush", "Migrant-Rights.org"),
    ("001", 29, "Ms. Kalush", "Migrant-Rights.org"), ("001", 1, "Mr. Corzo Sosa", "Chair"),
    ("001", 2, "Mr. Corzo Sosa", "Chair"), ("001", 37, "Ms. Townhead", "Quaker United Nations Office"),
    ("001", 39, "Ms. Townhead", "Quaker United Nations Office"), ("001", 18, "Mr. Desmond", "University of Leicester"),
    ("001", 54, "Mr. Pime", "Burkina Faso"), ("001", 10, "Mr. Charef", ""),
    ("001", 3, "Mr. Salama", "Office of the United Nations High Commissioner for Human Rights (OHCHR)"),
    ("000", 1, "The Chairperson", "Chair"), ("000", 9, "The Chairperson", "Chair"), ("000", 10, "", ""),
    ("000", 13, "Mr. Carrión Mena", ""), ("000", 14, "Mr. Carrión Mena", ""),
    ("000", 26, "Mr. Jaite", "Moroccan Human Rights Association (AMDH)"),
    ("000", 29, "Mr. Kassou", "National Human Rights Council of Morocco (CNDH)"),
    ("000", 5, "Ms. Pansieri", "Deputy High Commissioner for Human Rights"),
    ("003", 6, "Ms. Diallo", "Chair"), ("003", 7, "Ms. Diallo", "Chair"), ("004", 10, "Ms. Diallo", "Chair"),
    ("002", 3, "", ""),
]


@pytest.fixture(scope="module")
def records():
    recs, problems = load_records([RECORDS])
    assert problems == []
    return {r.file[:3]: r for r in recs}


def test_paragraph_counts_and_numbering(records):
    for r in records.values():
        assert len(r.paragraphs) == COUNTS[r.file]
        assert [p.number for p in r.paragraphs] == list(range(1, COUNTS[r.file] + 1))


@pytest.mark.parametrize("prefix,number,speaker,affiliation", SPEAKERS)
def test_speakers_including_continuations(records, prefix, number, speaker, affiliation):
    p = records[prefix].paragraphs[number - 1]
    assert (p.speaker, p.affiliation) == (speaker, affiliation)


def test_report_has_no_speakers(records):
    assert all(p.speaker == "" for p in records["002"].paragraphs)


@pytest.mark.parametrize("prefix,symbol,session,meeting,date,chair,place", [
    ("001", "CMW/C/SR.506", 35, 506, "2022-09-27", "Mr. Corzo Sosa", "Palais des Nations, Geneva"),
    ("003", "CMW/C/SR.590", 39, 590, "2024-12-13", "Ms. Diallo", "Palais Wilson, Geneva"),
    ("004", "CMW/C/SR.608", 40, 608, "2025-04-17", "Ms. Diallo", "Palais Wilson, Geneva"),
])
def test_summary_record_metadata(records, prefix, symbol, session, meeting, date, chair, place):
    m = records[prefix].meta
    assert (m.symbol, m.session, m.meeting, m.date, m.chair, m.place) == (symbol, session, meeting, date, chair, place)
    assert m.body == "CMW" and m.doc_type == "summary record"


def test_records_without_symbol_get_what_the_text_gives(records):
    m0, m2 = records["000"].meta, records["002"].meta
    assert (m0.symbol, m0.session, m0.meeting, m0.date, m0.year) == ("", 19, None, "", 2013)
    assert m0.agenda_symbol == "CMW/C/19/1" and m0.rose_at == "12.40 p.m."
    assert (m2.symbol, m2.body, m2.session, m2.date, m2.doc_type) == ("", "General Assembly", 59, "2004-08-27", "report")
    assert "Report of the Secretary-General" in m2.title
    assert records["000"].label(records["000"].paragraphs[4]) == "CMW 19th session (2013, symbol unknown) ¶5"
    assert records["001"].label(records["001"].paragraphs[47]) == "CMW/C/SR.506 ¶48"


def test_page_break_continuations_are_joined(records):
    p18 = records["001"].paragraphs[17].text
    assert "synergies created by the adoption of the Global Compact for Migration" in p18
    assert "an anti-discrimination lens to the implementation" in records["001"].paragraphs[41].text
    assert "the challenges the Committee was facing" in records["003"].paragraphs[5].text


def test_furniture_and_markup_are_dropped(records):
    for r in records.values():
        for p in r.paragraphs:
            for junk in ("GE.13", "Please recycle", "image1", "_GoBack", "bookmark", "**", "\\*", "###", "(#)",
                         "subject to correction", "<i>"):
                assert junk not in p.text, (r.file, p.number, junk)


def test_table_belongs_to_paragraph_3(records):
    p3 = records["002"].paragraphs[2].text
    assert "Prasad Kariyawasam; Country of nationality: Sri Lanka" in p3
    assert "A/59/150" not in p3 and p3.count("Name of member:") == 10
    assert records["002"].paragraphs[3].text.startswith("The Committee held its first meeting")


def test_agenda_items(records):
    assert records["000"].paragraphs[23].agenda_item.startswith("Consideration of reports")
    assert records["000"].paragraphs[23].agenda_subitem.endswith("initial report of Morocco")
    assert records["000"].paragraphs[29].agenda_subitem.endswith("initial report of Burkina Faso")
    assert records["001"].paragraphs[47].agenda_item == "Promotion of the Convention"
    assert records["003"].paragraphs[6].agenda_item == "Closure of the session"


def test_texts_match_the_files(records):
    """Every paragraph's opening words stand in the file after its number."""
    for r in records.values():
        raw = re.sub(r"\s+", " ", (RECORDS / r.file).read_text(encoding="utf-8").replace("**", ""))
        for p in r.paragraphs:
            assert p.text[:40].replace("**", "") in raw, (r.file, p.number)


def test_manifest_overrides_metadata(tmp_path):
    src = RECORDS / "004_5957fef5fc8dc000.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    (tmp_path / "manifest.toml").write_text(f'["{src.name}"]\ntitle = "Closing meeting"\n', encoding="utf-8")
    recs, problems = load_records([tmp_path])
    assert problems == [] and recs[0].meta.title == "Closing meeting"
    assert load_record(src).meta.title.startswith("Summary record (partial)")
