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


@pytest.mark.parametrize("question", [
    "Which States took part in constructive dialogues at the fortieth session?",  # States reviewed, not speakers
    "Who spoke first at the 506th meeting?",
    "Which States contributed funding to the Committee?",
])
def test_questions_that_narrow_or_are_not_rosters(question):
    assert asked(question) == ""


def test_a_roster_of_two_kinds_and_a_kind_named_after_the_noun():
    assert asked("Which NGOs and institutions spoke in the dialogue on Morocco's report?") == "organization"
    assert asked("Which States and organizations took the floor at the 506th meeting?") == "any"
    assert asked("Which speakers from NGOs took the floor at the 506th meeting?") == "organization"


def test_who_spoke_by_video_link_lists_only_those_the_record_says_did(assistant):
    answer = assistant.ask("Which experts took part remotely in the 506th meeting?")
    head = answer.text.splitlines()[0]
    assert "by video link" in head and "Mr. Desmond" in head and "Ms. Méndez Escobar" not in head


def test_spoke_on_a_topic_is_no_roster_but_spoke_on_an_agenda_item_is(assistant):
    answer = assistant.ask("Which speakers spoke on alternatives to detention at the 506th meeting?")
    assert "took the floor" not in answer.text.splitlines()[0]
    answer = assistant.ask("Which NGOs spoke on Morocco's initial report in 2013?")
    assert "organizations took the floor under" in answer.text.splitlines()[0]


def test_words_that_name_the_meeting_or_the_speakers_do_not_narrow_a_roster():
    assert asked("Which Committee members spoke at the first meeting of the nineteenth session?") == "member"
    assert asked("Which NGO representatives spoke at the 506th meeting?") == "organization"
    assert asked("Who spoke first at the 506th meeting?") == ""


def test_joining_remotely_is_taking_the_floor_by_video_link(assistant):
    from assistant.answer import roster
    assert roster.asked("Which participants connected online to the half-day discussion?") == "any"
    assert roster.asked("Which States joined the Convention last year?") == ""  # accession, not a meeting
    answer = assistant.ask("Who dialled in remotely to the September 2022 discussion?")
    assert "by video link" in answer.text and "Huseynova" not in answer.text, answer.text
