"""Question understanding against the real index's vocabulary: entities, roles, filters, expansions."""
import pytest


@pytest.fixture(scope="module")
def plan(assistant):
    return assistant.plan


def test_organization_acronym_as_speaker_becomes_a_filter(plan):
    p = plan("What did IOM say about objective 13?")
    assert p.affiliations == ["International Organization for Migration"] and not p.missing
    assert "alternatives to detention" in p.search  # GCM objective 13 expanded to its title


def test_topic_is_not_a_speaker(plan):
    p = plan("What did the Committee say about Morocco?")
    assert not p.has_speaker_filter


def test_surname_and_possessive_speakers(plan):
    assert plan("What did Mr. Heenan say about Cambodia?").speakers == ["Mr. Heenan"]
    assert plan("Summarize the Deputy High Commissioner's opening statement").affiliations == [
        "Deputy High Commissioner for Human Rights"]


def test_record_references_become_filters(plan):
    assert plan("What happened at the 506th meeting?").meetings == [506]
    assert plan("What did the Chair say at the fortieth session?").sessions == [40]
    assert plan("Who chaired CMW/C/SR.590?").meetings == [590]


def test_unknown_record_or_speaker_is_flagged(plan):
    assert any("550th meeting" in m for m in plan("Who chaired the 550th meeting?").missing)
    assert any("Japan did not speak" in m for m in plan("What did Japan tell the Committee about remittances?").missing)


def test_record_fact_questions(plan):
    assert plan("Who chaired the 590th meeting?").fact == "chair"
    assert plan("Where was the 506th meeting held?").fact == "place"
    assert plan("What time did the 608th meeting rise?").fact == "rose"
    assert plan("According to the Chair, how many migrants had died?").fact == ""


def test_harvested_acronyms(assistant):
    g = assistant.retriever.vocab.glossary
    assert "Moroccan Human Rights Association" in g.expand("AMDH")
    assert "National Human Rights Council of Morocco" in g.expand("CNDH")
