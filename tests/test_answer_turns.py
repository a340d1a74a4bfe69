"""Mechanisms added for issue 14 in the fifteenth session, with questions written for these tests: a turn that
corrects the last question ("sorry, I meant the thirty-ninth session, not the fortieth"); "that organisation" after
a turn about something else is the last one named; a capital pair ("the Lisbon-Madrid talks") and a State as a place
whose capital the records name ("the hearing in Belgium"); a season dates a record ("the spring 2025 session");
"Which member contrasted ...?" asks who spoke; "who co-organised" may be a body; transposed letters ("teh"); a person
given with a body they never spoke for is a false premise; "in the first place" asks no first thing."""
import pytest

from assistant.answer.conversation import corrected
from assistant.answer.slots import WHO_SPOKE, answer_type
from assistant.search.understand import normalise

from conftest import OPENING, REPORT, SR506, SR590, cited

LAST = "Which States did the Committee review at its fortieth session?"


@pytest.mark.parametrize("turn, question", [
    ("sorry, I meant the thirty-ninth session, not the fortieth",
     "Which States did the Committee review at its thirty-ninth session?"),
    ("no i meant the thirty-ninth", "And the thirty-ninth?"),
    ("Actually I meant Mexico", "And Mexico?"),
])
def test_a_correction_mends_the_last_question(turn, question):
    assert corrected(turn, LAST) == question


@pytest.mark.parametrize("turn", ["What did Mexico say?", "I think the Committee meant well", "meant what?"])
def test_a_question_is_no_correction(turn):
    assert corrected(turn, LAST) == ""


def test_a_corrected_session_is_answered_from_that_session(assistant):
    chat = assistant.chat()
    chat.ask("With which delegations did the Committee hold dialogues at its fortieth session?")
    answer = chat.ask("oops, I meant the thirty-ninth session, not the fortieth")
    assert not answer.refused, answer.text
    assert (SR590, 5) in cited(answer) and "Seychelles" in answer.text


def test_that_organisation_is_the_last_one_named_before_an_unrelated_turn(assistant):
    chat = assistant.chat()
    chat.ask("What did Migrant-Rights.org say about the Gulf?")
    chat.ask("When did the Convention enter into force?")
    answer = chat.ask("what did that organisation say about detention of children?")
    assert not answer.refused, answer.text
    assert answer.citations and all(c.speaker == "Ms. Kalush" for c in answer.citations[:2])


def test_a_hyphenated_pair_of_capitals_names_the_two_states(assistant):
    answer = assistant.ask("What did the PICUM speaker say about the Athens-Dhaka visa scheme?")
    assert not answer.refused, answer.text
    assert "Bangladesh" in answer.text


def test_one_state_with_a_hyphen_stays_one_state():
    assert normalise("What did Guinea-Bissau say?") == "What did Guinea-Bissau say?"


def test_a_state_as_the_place_of_an_event_is_its_capital_in_the_records(assistant):
    answer = assistant.ask("Which body organised the 2004 hearing in Belgium on the Convention?")
    assert not answer.refused, answer.text
    assert (REPORT, 10) in cited(answer)
    assert assistant.ask("Has Belgium ratified the Convention?").refused  # the records never name Belgium


def test_a_season_and_year_date_the_record(assistant):
    plan = assistant.plan("What did the Chair say at the autumn 2022 half-day discussion about deaths of migrants?")
    assert plan.years == [2022]


@pytest.mark.parametrize("question", ["Which Committee member contrasted Ukrainian refugees with other migrants?",
                                      "Who likened the Compact to a set of policies?"])
def test_an_argument_verb_asks_who_spoke(question):
    assert WHO_SPOKE.search(question)


def test_who_gave_an_address_is_not_who_reported_it():
    assert not WHO_SPOKE.search("Who gave the keynote at the launch event?")


def test_the_member_who_contrasted_is_the_speaker(assistant):
    answer = assistant.ask("Which expert on the Committee contrasted the welcome given to people fleeing Ukraine "
                           "with how other migrants are treated?")
    assert not answer.refused, answer.text
    assert (SR506, 10) in cited(answer) and "Charef" in answer.text


def test_who_co_organised_may_be_a_body(assistant):
    assert answer_type("who co-organized the seminar in Dakar?") == "who_org"
    answer = assistant.ask("who co-organised the advocacy seminar in Dakar that a Committee member attended in 2013?")
    assert not answer.refused, answer.text
    assert (OPENING, 17) in cited(answer) and "Amnesty International" in answer.text


def test_transposed_letters_in_common_words_are_read():
    assert normalise("waht did teh Chair say abotu detention?") == "what did the Chair say about detention?"


def test_a_person_given_with_another_body_is_a_false_premise(assistant):
    answer = assistant.ask("What did Ms. LeVoy of the Global Detention Project say about firewalls?")
    assert answer.refused and "Platform for International Cooperation on Undocumented Migrants" in answer.text
    assert not assistant.ask("What did Mr. Heenan of OHCHR say about Cambodia?").refused  # the acronym's own body


def test_in_the_first_place_asks_no_first_thing(assistant):
    answer = assistant.ask("When was the Convention adopted by the General Assembly in the first place?")
    assert not answer.refused, answer.text
    assert (REPORT, 1) in cited(answer) and "18 December 1990" in answer.text


