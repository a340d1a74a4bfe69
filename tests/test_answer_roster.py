"""Rosters (answer/roster.py): which States, organizations or members took the floor in a meeting or agenda item,
each named in one cited line, then what each said. Questions written for these tests."""
import pytest

from assistant.answer.roster import asked, fits

from conftest import OPENING, SR506, SR608, cited


@pytest.mark.parametrize("question, kind", [
    ("Which delegations spoke at the 506th meeting?", "state"),
    ("Which NGOs took the floor during the dialogue on Burkina Faso's initial report?", "organization"),
    ("What civil society organizations made statements at that meeting?", "organization"),
    ("Which Committee members took part in the debate on promoting the Convention?", "member"),
    ("Who spoke at the 608th meeting?", "any"),
    ("Which States spoke about alternatives to detention?", ""),        # a topic, not a roster
    ("Who took the floor for Azerbaijan at the discussion?", ""),       # a name asked for
    ("What did Mexico say?", ""),
])
def test_which_questions_ask_for_a_roster(question, kind):
    assert asked(question) == kind


def test_speakers_are_told_apart_by_their_affiliation():
    assert fits("state", {"speaker": "Ms. Ng", "affiliation": "Singapore"})
    assert fits("organization", {"speaker": "Mr. Oduya", "affiliation": "Kenya Human Rights Forum"})
    assert fits("member", {"speaker": "Mr. Lund", "affiliation": ""})
    assert fits("member", {"speaker": "Ms. Ito", "affiliation": "Chair"})
    assert not fits("state", {"speaker": "Ms. Ito", "affiliation": "Chair"})
    assert not fits("any", {"speaker": "", "affiliation": ""})   # narration has no speaker


def test_the_delegations_of_a_meeting_are_all_named_with_their_paragraphs(assistant):
    answer = assistant.ask("Which delegations spoke at the 506th meeting, and what did each of them say?")
    assert not answer.refused, answer.text
    head = answer.text.splitlines()[0]
    assert head.startswith("3 States took the floor at the 506th meeting")
    for state in ("Mexico", "Burkina Faso", "Azerbaijan"):
        assert state in head
    assert cited(answer)[:3] == [(SR506, 16), (SR506, 54), (SR506, 56)]
    assert "said that" in answer.text   # then what each said


def test_the_organizations_of_an_agenda_item_are_named_from_that_item_only(assistant):
    answer = assistant.ask("Which NGOs took the floor during the dialogue on Burkina Faso's initial report?")
    assert not answer.refused, answer.text
    assert "1 organization took the floor under" in answer.text and "CERMID" in answer.text
    assert {f for f, _ in cited(answer)} == {OPENING} and (OPENING, 30) in cited(answer)
    assert (OPENING, 24) not in cited(answer)   # Morocco's dialogue is another item


def test_a_kind_of_speaker_that_never_spoke_there_is_refused_naming_the_scope(assistant):
    answer = assistant.ask("Which States took the floor in the NGO dialogue on Morocco's initial report?")
    assert answer.refused
    assert "no State took the floor" in answer.text


def test_who_spoke_at_a_meeting_lists_every_speaker(assistant):
    answer = assistant.ask("Who spoke at the 608th meeting?")
    assert not answer.refused and "Ms. Diallo" in answer.text.splitlines()[0]
    assert cited(answer)[0] == (SR608, 1)


def test_a_topical_which_states_question_is_not_a_roster(assistant):
    answer = assistant.ask("Which States spoke about alternatives to detention?")
    assert "took the floor" not in answer.text.splitlines()[0]
