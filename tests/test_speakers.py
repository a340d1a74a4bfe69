"""Who said what: roles, normalized names, `said` with and without a topic, and the CLI commands."""
from __future__ import annotations

import json

import pytest

from assistant.desk.said import said
from assistant.desk.speakers import (ACADEMIC, CHAIR, CIVIL, MEMBER, STATE, UN, classify, compress_labels, directory,
                                     organization, speakers)

SR506 = "001_b36a170aa6e6050d.txt"
SR590 = "003_b5bb0a8bd9d79607.txt"
OPENING_2013 = "000_1882445d634160cd.txt"


def _cli(capsys, built_index, *argv) -> tuple[int, str]:
    from assistant.interfaces.cli.main import main
    code = main(["--index-dir", str(built_index), *argv])
    return code, capsys.readouterr().out


# -- the rules, without an index ------------------------------------------------------------------
@pytest.mark.parametrize("affiliation, speaker, role", [
    ("Chair", "Mr. Corzo Sosa", CHAIR),
    ("", "The Chairperson", CHAIR),
    ("", "Mr. Charef", MEMBER),
    ("Mexico", "Ms. Méndez Escobar", STATE),
    ("Burkina Faso", "Mr. Pime", STATE),
    ("International Organization for Migration", "Mr. Yuzhanin", UN),
    ("Director, Human Rights Treaties Division, OHCHR", "Mr. Salama", UN),
    ("Special Rapporteur on the human rights of migrants", "Mr. González Morales", UN),
    ("United Nations Network on Migration", "Mr. Prentice", UN),
    ("Quaker United Nations Office", "Ms. Townhead", CIVIL),
    ("National Human Rights Council of Morocco (CNDH)", "Mr. Kassou", CIVIL),
    ("Moroccan Human Rights Association (AMDH)", "Mr. Jaite", CIVIL),
    ("Migrant-Rights.org", "Ms. Kalush", CIVIL),
    ("University of Tunis", "Mr. Ben Khalifa", ACADEMIC),
    ("Amsterdam Centre for Migration and Refugee Law", "Mr. Arbaoui", ACADEMIC),
])
def test_roles_are_classified_from_the_affiliation(affiliation, speaker, role):
    assert classify(affiliation, speaker) == role


def test_label_ranges_are_compressed():
    ps = [{"file": "f", "paragraph": n, "label": f"CMW/C/SR.506 ¶{n}"} for n in (49, 46, 47, 48, 52)]
    assert compress_labels(ps) == "CMW/C/SR.506 ¶46–49, ¶52"


# -- the directory -----------------------------------------------------------------------------------
def test_same_person_written_two_ways_is_one_entry(assistant):
    d = directory(assistant)
    salama = [p for p in d.persons if p.name == "Mr. Salama"]
    assert len(salama) == 1
    s = salama[0]
    assert {"Office of the United Nations High Commissioner for Human Rights (OHCHR)",
            "Director, Human Rights Treaties Division, OHCHR"} <= set(s.affiliations)
    assert s.files == [OPENING_2013, SR506] and s.role == UN
    assert s.org_key == "OHCHR"


def test_organizations_match_by_acronym_and_long_form(assistant):
    d = directory(assistant)
    ohchr = [o for o in d.organizations if o.key == "OHCHR"]
    assert len(ohchr) == 1 and ohchr[0].role == UN
    assert {"Mr. Salama", "Ms. Hernández Paramo", "Ms. Pansieri", "Mr. Heenan"} <= set(ohchr[0].members)
    for form in ("OHCHR", "Office of the High Commissioner for Human Rights",
                 "Office of the United Nations High Commissioner for Human Rights"):
        assert [o.key for o in d.find(form)] == ["OHCHR"], form
    assert [o.key for o in d.find("IOM")] == [o.key for o in d.find("International Organization for Migration")]


def test_every_speaker_is_listed_with_a_role(assistant):
    entries = speakers(assistant)
    persons = {e.name: e for e in entries if e.kind == "person"}
    spoken = {p["speaker"] for p in assistant.paragraphs() if p["speaker"]} - {"The Chairperson"}
    assert spoken <= set(persons)
    assert persons["Mr. Corzo Sosa"].role == CHAIR and persons["Ms. Diallo"].role == CHAIR
    assert persons["Ms. Diallo"].files == [SR590, "004_5957fef5fc8dc000.txt"]
    assert persons["Mr. Charef"].role == MEMBER
    assert persons["Ms. Méndez Escobar"].role == STATE
    assert persons["Mr. Desmond"].role == ACADEMIC
    assert persons["Ms. Fritz"].role == CIVIL
    assert all(e.role for e in entries)


def test_speakers_of_one_record(assistant):
    entries = speakers(assistant, "CMW/C/SR.590")
    assert [e.name for e in entries] == ["Ms. Diallo"]
    assert entries[0].labels() == "CMW/C/SR.590 ¶1–7"


# -- said ------------------------------------------------------------------------------------------
def test_said_iom_lists_sr506_46_to_49_and_nothing_from_migrant_rights(assistant):
    result = said(assistant, "IOM")
    labels = [s.label for s in result.statements]
    assert labels == [f"CMW/C/SR.506 ¶{n}" for n in (46, 47, 48, 49)]
    assert {s.speaker for s in result.statements} == {"Mr. Yuzhanin"}
    assert all("Migrant-Rights" not in s.affiliation and "Migrant-Rights" not in s.text for s in result.statements)
    assert all(s.file == SR506 for s in result.statements)


def test_said_with_a_topic_ranks_the_relevant_paragraph_first(assistant):
    result = said(assistant, "IOM", topic="alternatives to detention")
    assert [s.label for s in result.statements] == ["CMW/C/SR.506 ¶48"]
    assert any("alternatives to detention" in q for q in result.statements[0].quote)
    gdp = said(assistant, "Global Detention Project", topic="children")
    assert gdp.statements[0].label == "CMW/C/SR.506 ¶25"
    assert all(s.speaker == "Mr. Flynn" for s in gdp.statements)


def test_said_by_name_surname_state_and_role(assistant):
    assert {s.speaker for s in said(assistant, "Yuzhanin").statements} == {"Mr. Yuzhanin"}
    assert [s.label for s in said(assistant, "Mexico").statements] == ["CMW/C/SR.506 ¶16"]
    chair = said(assistant, "Chair")
    assert {s.speaker for s in chair.statements} >= {"Mr. Corzo Sosa", "Ms. Diallo"}
    assert all(s.role == CHAIR for s in chair.statements)


def test_said_unknown_is_explained_not_invented(assistant):
    result = said(assistant, "World Bank")
    assert not result.matched and not result.statements
    assert "No speaker or organization" in result.notice
    off_topic = said(assistant, "IOM", topic="quantum computing")
    assert off_topic.matched and not off_topic.statements and "not about" in off_topic.notice


def test_organization_keys():
    from assistant.core.glossary import Glossary
    g = Glossary()
    assert organization("Director, Human Rights Treaties Division, OHCHR", g)[0] == "OHCHR"
    assert organization("Office of the United Nations High Commissioner for Human Rights (OHCHR)", g)[0] == "OHCHR"
    assert organization("Quaker United Nations Office", g)[0] == "QUNO"
    assert organization("Mexico", g) == ("state:mexico", "Mexico")
    assert organization("Chair", g) == ("", "")


# -- CLI --------------------------------------------------------------------------------------------
def test_cli_said_iom_json(capsys, built_index):
    code, out = _cli(capsys, built_index, "said", "IOM", "--json")
    assert code == 0
    data = json.loads(out)
    assert [s["label"] for s in data["statements"]] == [f"CMW/C/SR.506 ¶{n}" for n in (46, 47, 48, 49)]
    assert data["matched"][0]["role"] == UN


def test_cli_said_text_and_unknown(capsys, built_index):
    code, out = _cli(capsys, built_index, "said", "IOM", "--topic", "objective 13")
    assert code == 0 and "[CMW/C/SR.506 ¶48] Mr. Yuzhanin" in out
    code, out = _cli(capsys, built_index, "said", "Nobody at all")
    assert code == 1


def test_cli_speakers(capsys, built_index):
    code, out = _cli(capsys, built_index, "speakers")
    assert code == 0 and "Mr. Yuzhanin [UN body or agency]" in out and "CMW/C/SR.506 ¶46–49" in out
    code, out = _cli(capsys, built_index, "speakers", "--record", "CMW/C/SR.590", "--json")
    data = json.loads(out)
    assert code == 0 and [e["name"] for e in data] == ["Ms. Diallo"] and data[0]["role"] == CHAIR
    code, _ = _cli(capsys, built_index, "speakers", "--record", "CMW/C/SR.999")
    assert code == 1


# -- faithful quotes (defect 4) ----------------------------------------------------------------------
def test_quotes_keep_record_order_mark_omissions_and_add_what_pronouns_need():
    from assistant.desk.quotes import faithful_quote, quote_parts
    text = ("The Compact covered many issues. It also named recruitment. Detention was discussed at length. "
            "Training mattered too. The latter was urged by all.")
    # chosen best-first (third before second) comes back in the record's order
    assert faithful_quote(text, ["Detention was discussed at length.", "The Compact covered many issues."]) == \
        "The Compact covered many issues. … Detention was discussed at length."
    # a sentence opening with a pronoun brings the one it depends on
    assert quote_parts(text, ["It also named recruitment."]) == ["The Compact covered many issues. It also named recruitment."]
    assert quote_parts(text, ["The latter was urged by all.", "The Compact covered many issues."]) == \
        ["The Compact covered many issues.", "Training mattered too. The latter was urged by all."]
    assert faithful_quote(text, ["not in the text"]) == ""


def test_said_quotes_in_record_order(assistant):
    """IOM on detention: ¶48's sentences in their order; an omission shows as "…"."""
    result = said(assistant, "IOM", topic="detention")
    for s in result.statements:
        pieces = s.quoted.split(" … ")
        assert all(p in s.text for p in pieces)
        assert [s.text.index(p) for p in pieces] == sorted(s.text.index(p) for p in pieces)
        assert [s.text.index(q) for q in s.quote] == sorted(s.text.index(q) for q in s.quote)
