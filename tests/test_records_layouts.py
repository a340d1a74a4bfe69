"""Records in every layout and era parse to the right masthead, paragraphs and speakers.

The fixtures in tests/fixtures/records are invented texts that reproduce the layouts and quirks of
real CMW documents: blank-line blocks without numbers, one block per line without a UN header,
glued and spaced numbers, the 2006-2009 layout (capitals, hard-wrapped lines), other document
kinds and other languages.
"""
from pathlib import Path

import pytest

from assistant.records import load_record, load_records

FIXTURES = Path(__file__).parent / "fixtures" / "records"
OKAFOR, HADDAD, HOLLOWAY = "Ms. Okafor", "Mr. Haddad", "Mr. Holloway"
# file: (symbol, meeting date, chair, session, paragraphs, numbering, doc type, language)
MASTHEADS = {
    "sr512_blocks_unnumbered.txt": ("CMW/C/SR.512", "2021-09-14", OKAFOR, 34, 10, "reconstructed", "summary record", "en"),
    "sr395_single_newlines.txt": ("CMW/C/SR.395", "2018-04-20", HADDAD, 28, 6, "reconstructed", "summary record", "en"),
    "sr241_glued_numbers.txt": ("CMW/C/SR.241", "2013-09-13", "Mr. Petrov", 19, 6, "printed, repaired", "summary record", "en"),
    "sr433_spaced_numbers.txt": ("CMW/C/SR.433", "2019-04-10", HADDAD, 19, 5, "printed, repaired", "summary record", "en"),
    "sr450_malformed_numbering.txt": ("CMW/C/SR.450", "2021-04-14", OKAFOR, 32, 10, "printed, repaired", "summary record", "en"),
    "sr77_2008_wrapped.txt": ("CMW/C/SR.77", "2008-11-25", HOLLOWAY, 9, 6, "reconstructed", "summary record", "en"),
    "sr80_2008_wrapped_tight.txt": ("CMW/C/SR.80", "2008-11-27", HOLLOWAY, 9, 5, "reconstructed", "summary record", "en"),
    "co_kenya.txt": ("CMW/C/KEN/CO/1", "2013-10-02", "", None, 6, "printed", "concluding observations", "en"),
    "qpr_guyana.txt": ("CMW/C/GUY/QPR/2", "2023-05-08", "", None, 4, "printed", "list of issues prior to reporting", "en"),
    "state_report_guyana.txt": ("", "2022-03-03", "", None, 4, "reconstructed", "State report", "en"),
    "agenda_41.txt": ("CMW/C/41/1", "2025-02-02", "", 41, 6, "printed, repaired", "agenda", "en"),
    "sr188_russian.txt": ("CMW/C/SR.188", "2012-04-17", "г-н Хаддад", None, 3, "printed", "summary record", "ru"),
    "sr301_french.txt": ("CMW/C/SR.301", "2016-04-12", "M. Haddad", None, 2, "reconstructed", "summary record", "fr"),
}
# (file, paragraph number, speaker, affiliation); "" = no speaker (procedural lines, other kinds)
SPEAKERS = [
    ("sr512_blocks_unnumbered.txt", 1, "", ""),  # At the invitation of the Chair, the delegation ... took places
    ("sr512_blocks_unnumbered.txt", 2, "Mr. Benali", "Morocco"),
    ("sr512_blocks_unnumbered.txt", 3, "Mr. Benali", "Morocco"),  # continuation
    ("sr512_blocks_unnumbered.txt", 4, "A representative of Senegal", "Senegal"),
    ("sr512_blocks_unnumbered.txt", 5, "Ms. Lindqvist", "Country Rapporteur"),
    ("sr512_blocks_unnumbered.txt", 6, "Ms. Benali", "International Labour Organization (ILO)"),  # same surname
    ("sr512_blocks_unnumbered.txt", 8, "", ""),  # The meeting was suspended ... and resumed
    ("sr512_blocks_unnumbered.txt", 9, OKAFOR, "Country Rapporteur"),  # The Chair (Country Rapporteur)
    ("sr512_blocks_unnumbered.txt", 10, "", ""),  # The delegation ... withdrew.
    ("sr395_single_newlines.txt", 1, HADDAD, "Chair"),
    ("sr395_single_newlines.txt", 3, "Mr. Varga", ""),
    ("sr395_single_newlines.txt", 4, "", ""),  # Ms. Moreau took the Chair.
    ("sr395_single_newlines.txt", 5, "Ms. Moreau", "Chair"),
    ("sr241_glued_numbers.txt", 1, "Ms. Wanjiru", "Kenya"),
    ("sr241_glued_numbers.txt", 3, "Mr. Petrov", "Chair"),
    ("sr241_glued_numbers.txt", 4, "Mr. Rahmon", "Tajikistan"),  # "Mr. Rahmon(Tajikistan)"
    ("sr241_glued_numbers.txt", 6, "", ""),  # the unnumbered procedural line, numbered after the last
    ("sr433_spaced_numbers.txt", 3, "Mr. Varga", "Country Rapporteur"),
    ("sr77_2008_wrapped.txt", 1, HOLLOWAY, "Chair"),  # The CHAIRPERSON
    ("sr77_2008_wrapped.txt", 2, "Mr. Diallo", "Mali"),  # Mr. DIALLO (Mali)
    ("sr77_2008_wrapped.txt", 3, "Mr. Diallo", "Mali"),
    ("sr77_2008_wrapped.txt", 4, "Ms. Diallo", ""),  # same surname, kept apart
    ("sr77_2008_wrapped.txt", 5, "Mr. El-Amin", "Country Rapporteur"),
    ("sr80_2008_wrapped_tight.txt", 2, "Mr. Van der Berg", ""),
    ("sr80_2008_wrapped_tight.txt", 4, "The Secretary of the Committee", ""),
    ("sr80_2008_wrapped_tight.txt", 5, "", ""),  # It was so decided.
    ("co_kenya.txt", 1, "", ""),
    ("sr188_russian.txt", 2, "", ""),
]


@pytest.fixture(scope="module")
def records():
    recs, problems = load_records([FIXTURES])
    assert problems == []
    return {r.file: r for r in recs}


def test_every_fixture_is_read(records):
    assert set(MASTHEADS) <= set(records)


@pytest.mark.parametrize("name", sorted(MASTHEADS))
def test_masthead_and_counts(records, name):
    symbol, date, chair, session, count, numbering, doc_type, language = MASTHEADS[name]
    r = records[name]
    m = r.meta
    assert (m.symbol, m.date, m.chair, m.session) == (symbol, date, chair, session)
    assert (len(r.paragraphs), m.numbering, m.doc_type, m.language) == (count, numbering, doc_type, language)
    assert len({p.key for p in r.paragraphs}) == count  # keys stay unique


@pytest.mark.parametrize("name,number,speaker,affiliation", SPEAKERS)
def test_speakers(records, name, number, speaker, affiliation):
    p = next(p for p in records[name].paragraphs if p.number == number)
    assert (p.speaker, p.affiliation) == (speaker, affiliation)


def test_reconstructed_labels(records):
    r = records["sr512_blocks_unnumbered.txt"]
    assert [r.label(p) for p in r.paragraphs][:2] == ["CMW/C/SR.512 ¶1*", "CMW/C/SR.512 ¶2*"]
    assert r.meta.reconstructed_numbers and any("by counting" in w for w in r.warnings)
    printed = records["sr241_glued_numbers.txt"]
    assert [printed.label(p) for p in printed.paragraphs][1] == "CMW/C/SR.241 ¶1"


def test_masthead_variants(records):
    m = records["sr512_blocks_unnumbered.txt"].meta  # "( p artial )* of th e 512th", videoconference
    assert (m.meeting, m.partial, m.place, m.time) == (512, True, "videoconference", "12.30 p.m. Central European Summer Time")
    assert (m.issued, m.opened_at, m.rose_at) == ("2025-03-03", "1.05 p.m.", "2.55 p.m.")
    m = records["sr395_single_newlines.txt"].meta  # no symbol line, "395 th", "Twenty- eighth"
    assert (m.chair_role, m.chair_later, m.body) == ("Vice-Chair", "Ms. Moreau", "CMW")
    m = records["sr241_glued_numbers.txt"].meta  # "second part (public)", issue date years later
    assert (m.partial, m.chair_role, m.issued, m.opened_at) == (True, "Vice-Chairperson", "2016-02-02", "5.05 p.m.")
    m = records["sr77_2008_wrapped.txt"].meta  # correction notice and job number glued to UNITED NATIONS
    assert (m.opened_at, m.issued, m.year) == ("10.20 a.m.", "2008-12-04", 2008)  # "10. 20 a .m."
    assert records["sr433_spaced_numbers.txt"].meta.issued == ""  # "Distr." date without a day


@pytest.mark.parametrize("name,state,report", [
    ("sr512_blocks_unnumbered.txt", "Morocco", "CMW/C/MAR/2"), ("sr241_glued_numbers.txt", "Kenya", "CMW/C/KEN/1"),
    ("sr77_2008_wrapped.txt", "Mali", "CMW/C/MLI/1"), ("co_kenya.txt", "Kenya", ""),
    ("state_report_guyana.txt", "Guyana", ""), ("qpr_guyana.txt", "Guyana", ""),
])
def test_state_under_review_never_becomes_the_symbol(records, name, state, report):
    m = records[name].meta
    assert (m.state_under_review, m.report_symbol) == (state, report)
    assert m.symbol != report or not report


def test_headings_and_agenda_items(records):
    old = records["sr77_2008_wrapped.txt"].paragraphs[0]
    assert old.agenda_item.startswith("CONSIDERATION OF REPORTS") and old.agenda_item.endswith("(continued)")
    assert old.agenda_subitem.startswith("Initial report of Mali")
    co = records["co_kenya.txt"].paragraphs
    assert co[3].agenda_item == "B.Positive aspects" and "(b)The amendment" in co[3].text  # sub-items stay inside
    agenda = records["agenda_41.txt"].paragraphs
    assert agenda[0].text == "Adoption of the agenda." and agenda[3].agenda_subitem == "Adoption of the agenda"


def test_wrapped_lines_are_joined(records):
    p = records["sr77_2008_wrapped.txt"].paragraphs[1]
    assert "returning from neighbouring countries in crisis. The fund paid for transport and for" in p.text
    tight = records["sr80_2008_wrapped_tight.txt"].paragraphs
    assert tight[1].text.endswith("which met civil society organizations over lunch.")


def test_other_languages_are_read_without_speakers(records):
    for name in ("sr188_russian.txt", "sr301_french.txt"):
        r = records[name]
        assert all(p.speaker == "" for p in r.paragraphs)
        assert any("written in" in w for w in r.warnings)


def test_summary(records):
    s = records["sr241_glued_numbers.txt"].summary()
    assert (s["symbol"], s["date"], s["paragraphs"], s["numbering"], s["speakers"], s["unnumbered"]) == (
        "CMW/C/SR.241", "2013-09-13", 6, "printed, repaired", 3, 1)
    assert s["warnings"] == len(records["sr241_glued_numbers.txt"].warnings)


def test_symbol_never_from_a_subheading(tmp_path):
    """No symbol line: the record is CMW/C/SR.N from its title, not the report named in a sub-heading."""
    text = (FIXTURES / "sr395_single_newlines.txt").read_text(encoding="utf-8").replace(
        "Organizational matters\nThe Chair,", "Initial report of Rwanda (CMW/C/RWA/1)\nThe Chair,")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    m = load_record(tmp_path / "r.txt").meta
    assert (m.symbol, m.state_under_review, m.report_symbol) == ("CMW/C/SR.395", "Rwanda", "CMW/C/RWA/1")
    no_title = "\n".join(ln for ln in text.splitlines() if not ln.startswith("Summary record"))
    (tmp_path / "r.txt").write_text(no_title, encoding="utf-8")
    assert load_record(tmp_path / "r.txt").meta.symbol == ""


@pytest.mark.parametrize("blank", [True, False], ids=["blank-lines", "tight"])
@pytest.mark.parametrize("name", ["sr512_blocks_unnumbered.txt", "sr241_glued_numbers.txt", "sr450_malformed_numbering.txt",
                                  "co_kenya.txt", "qpr_guyana.txt", "state_report_guyana.txt", "sr395_single_newlines.txt"])
def test_hard_wrapped_copies_read_the_same(tmp_path, name, blank):
    """The same record hard-wrapped at 72 columns (a PDF-to-text export), with or without blank lines."""
    import textwrap
    text = (FIXTURES / name).read_text(encoding="utf-8")
    groups = [" ".join(g.split()) for g in text.split("\n\n") if g.strip()]
    if len(groups) < 4:
        groups = [ln.strip() for ln in text.splitlines() if ln.strip()]
    wrapped = ("\n\n" if blank else "\n").join("\n".join(textwrap.wrap(g, 72)) for g in groups)
    (tmp_path / name).write_text(wrapped + "\n", encoding="utf-8")
    want, got = load_record(FIXTURES / name), load_record(tmp_path / name)
    assert [(p.number, p.text, p.speaker) for p in got.paragraphs] == [(p.number, p.text, p.speaker) for p in want.paragraphs]
    assert (got.meta.symbol, got.meta.date, got.meta.chair) == (want.meta.symbol, want.meta.date, want.meta.chair)
