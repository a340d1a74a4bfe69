"""Malformed numbering keeps every character of body text, and says what it repaired (issue 16 item 2)."""
import re
from pathlib import Path

import pytest

from assistant.core.errors import RecordError
from assistant.records import load_record
from assistant.records.language import detect_language
from assistant.records.noise import fix_ordinal, tidy, title_case_name

FIXTURES = Path(__file__).parent / "fixtures" / "records"
MALFORMED = FIXTURES / "sr450_malformed_numbering.txt"  # numbered 1, 2, 2, 5, 3, "6)", "7 .", 40, 8, 8


def body_sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    body = text[text.index("The meeting was called to order"):text.index("The meeting rose")]
    lines = [re.sub(r"^\d+\s*[.)]\s*", "", ln) for ln in body.splitlines()[1:] if ln.endswith(".")]
    return [s for ln in lines for s in re.split(r"(?<!Mr\.)(?<!Ms\.)(?<=\.)\s+", ln)]


def test_every_body_sentence_is_in_a_paragraph():
    record = load_record(MALFORMED)
    sentences = body_sentences(MALFORMED)
    assert len(sentences) == 40
    texts = [p.text for p in record.paragraphs]
    assert [s for s in sentences if not any(s in t for t in texts)] == []
    assert len(record.paragraphs) == 10 and len({p.number for p in record.paragraphs}) == 10


def test_printed_numbers_kept_and_repairs_numbered_after_the_last():
    record = load_record(MALFORMED)
    got = [(p.number, p.reconstructed) for p in record.paragraphs]
    assert got == [(1, False), (2, False), (9, True), (5, False), (10, True), (6, False), (7, False), (11, True),
                   (8, False), (12, True)]
    assert [record.label(p) for p in record.paragraphs][2] == "CMW/C/SR.450 ¶9*"


def test_each_anomaly_has_its_own_warning():
    record = load_record(MALFORMED)
    w = "\n".join(record.warnings)
    assert "paragraph number 2 is printed twice; \"Ms. Moreau said that parliamentarians were …\" is numbered 9*" in w
    assert "jump from 2 to 5 (3–4 missing)" in w
    assert "paragraph number 3 comes after 5 (the numbers go backwards)" in w and "numbered 10*" in w
    assert "'6)' has an unusual delimiter; read as paragraph 6" in w
    assert "'7 .' has an unusual delimiter; read as paragraph 7" in w
    assert "paragraph number 40 jumps out of sequence between 7 and 8" in w and "numbered 11*" in w
    assert "paragraph number 8 is printed twice" in w and "numbered 12*" in w
    assert record.anomalies == 7 == record.summary()["numbering_repairs"]
    assert record.summary()["warnings"] == len(record.warnings) == 7


def test_unnumbered_procedural_line_in_a_numbered_record(tmp_path):
    r = load_record(FIXTURES / "sr433_spaced_numbers.txt")
    assert [p.number for p in r.paragraphs] == [5, 1, 2, 3, 4]
    assert r.paragraphs[0].text.startswith("At the invitation of the Chair") and r.paragraphs[0].speaker == ""
    assert r.unnumbered == 1 and r.anomalies == 0
    assert any("before the first numbered paragraph" in w and "numbered 5*" in w for w in r.warnings)


def test_a_list_inside_a_paragraph_is_not_numbering(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("The meeting was called to order at 10 a.m.\n\n1. The Chair said that three points were "
                    "agreed:\n2) the dates;\n3) the venue.\n\n2. Mr. Varga said that he agreed.\n", encoding="utf-8")
    r = load_record(path)
    assert [p.number for p in r.paragraphs] == [1, 2] and r.paragraphs[0].text.endswith("3) the venue.")


def test_a_file_without_any_paragraph_is_refused_clearly(tmp_path):
    path = tmp_path / "title.txt"
    path.write_text("United Nations\nCMW/C/SR.1\nDistr.: General\n", encoding="utf-8")
    with pytest.raises(RecordError, match="title.txt: no numbered paragraphs found"):
        load_record(path)


@pytest.mark.parametrize("noisy,clean", [
    ("Summary record ( p artial )* of th e 472nd meeting**", "Summary record (partial)* of the 472nd meeting**"),
    ("Summary record of the 395 th meeting*", "Summary record of the 395th meeting*"),
    ("Twenty-six th session", "Twenty-sixth session"), ("Fif teenth session", "Fifteenth session"),
    ("Twenty- eighth session", "Twenty-eighth session"),
    ("called to order at 10. 20 a .m.", "called to order at 10.20 a.m."),
    ("Colombia(continued)", "Colombia (continued)"), ("Mr. Rahmon(Tajikistan) said", "Mr. Rahmon (Tajikistan) said"),
    ("Mr. Calder ó n said", "Mr. Calderón said"), ("Ms . Crickley", "Ms. Crickley"),
])
def test_tidy(noisy, clean):
    assert tidy(noisy) == clean


def test_names_and_ordinals():
    assert fix_ordinal("Ninteenth") == "nineteenth" and fix_ordinal("Nineth") == "ninth"
    assert title_case_name("Mr. KARIYAWASAM") == "Mr. Kariyawasam"
    assert title_case_name("Mrs. OCAMPO DE HERRAN") == "Mrs. Ocampo de Herran"
    assert title_case_name("Mr. Corzo Sosa") == "Mr. Corzo Sosa"


@pytest.mark.parametrize("text,code", [
    ("The Committee said that the delegation had been asked to reply to the questions of the members.", "en"),
    ("Le Comité dit que la délégation est invitée à répondre aux questions des membres du Comité et des experts.", "fr"),
    ("El Comité dice que la delegación ha sido invitada a responder a las preguntas de los miembros del Comité.", "es"),
    ("Председатель говорит, что Комитет рассмотрит проект программы работы.", "ru"),
])
def test_language(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read(tmp_path, encoding):
    src = FIXTURES / "sr512_blocks_unnumbered.txt"
    path = tmp_path / "wide.txt"
    path.write_bytes(src.read_text(encoding="utf-8").encode(encoding))
    want = load_record(src)
    got = load_record(path)
    assert [p.text for p in got.paragraphs] == [p.text for p in want.paragraphs]
    assert got.meta.symbol == "CMW/C/SR.512"


def test_number_alone_on_its_line_and_page_headers(tmp_path):
    path = tmp_path / "word.txt"
    path.write_text("The meeting was called to order at 3 p.m.\n\n1.\n\nThe Chair said that it was late.\n\n"
                    "CMW/C/SR.68\npage 2\n\n2.\n\nMr. Varga said that he agreed.\n", encoding="utf-8")
    r = load_record(path)
    assert [(p.number, p.text) for p in r.paragraphs] == [(1, "The Chair said that it was late."),
                                                        (2, "Mr. Varga said that he agreed.")]


def test_mentions_and_joint_statements_are_not_carried_speakers(tmp_path):
    path = tmp_path / "sr.txt"
    path.write_text("The meeting was called to order at 3 p.m.\n\nMs. Ople (Philippines) said that aid was ready.\n\n"
                    "Mr. Tall had asked about consular services; two new consulates had opened.\n\n"
                    "Mr. Varga and Ms. Moreau welcomed the answer.\n\nThe delegation would reply in writing.\n",
                    encoding="utf-8")
    r = load_record(path)
    assert [p.speaker for p in r.paragraphs] == ["Ms. Ople", "Ms. Ople", "", ""]
