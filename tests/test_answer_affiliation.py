"""Mechanisms added for issue 14 in the thirteenth session, each with questions written for these tests (not copied
from any question set): the body a speaker represents is a slot of its own; a question that dates the event it asks
about is not answered by another event's sentences; "who told the Committee" asks for a speaker; a speaker's own
"he had ..." answers "Which member went ...?" but never "Who did she meet?"; idioms with "get" are no receipt;
"instead" is no topic word; a glossary synonym the records use makes a word known.
"""
import pytest

from assistant.answer import events
from assistant.answer.slots import answer_type, misdated

from conftest import OPENING, SR506, SR608, cited


@pytest.mark.parametrize("question", ["Which network does Ms. LeVoy speak for?", "Who does Mr. Flynn work for?",
                                      "What institution is Mr. Kassou from?", "Which NGO is she with?",
                                      "What is the affiliation of Mr. Jaite?"])
def test_the_body_a_person_represents_is_asked(question):
    assert answer_type(question) == "affiliation"


@pytest.mark.parametrize("question", ["Which agencies does the Committee cooperate with?",
                                      "Which organization hosted the seminar in Dakar?",
                                      "Which groups were the detained children from?"])
def test_a_body_asked_of_no_person_is_no_affiliation(question):
    assert answer_type(question) != "affiliation"


def test_the_affiliation_printed_beside_a_speaker_answers(assistant):
    answer = assistant.ask("Which organization was Mr. Flynn speaking for?")
    assert not answer.refused, answer.text
    assert (SR506, 23) in cited(answer) or any(f == SR506 for f, _ in cited(answer))
    assert "Global Detention Project" in answer.text


def test_a_member_with_no_affiliation_is_refused_with_the_slot_named(assistant):
    # Mr. Charef speaks in SR.506 as a Committee member: no body is printed beside his name
    answer = assistant.ask("Which NGO does Mr. Charef represent?")
    assert answer.refused, answer.text
    assert "organization" in answer.text


def test_a_month_the_question_dates_the_event_by_is_checked():
    quoted = ["The annual meeting had been held in Vienna from 2 to 6 May 2011.", "At that event, they agreed on X."]
    assert misdated("What did the chairs agree at their March 2019 meeting?", set(), quoted, " ".join(quoted)) == \
        ("May 2011", "March 2019")
    # a month a loaded record is from says where to look, not when the event was
    assert misdated("What did they agree in May 2011?", set(), quoted, " ".join(quoted)) is None
    assert misdated("What did the chairs agree in March 2019?", {"2019-03"}, quoted, " ".join(quoted)) is None


def test_another_meetings_sentences_do_not_answer_a_dated_question(assistant):
    # OPENING ¶4 tells what the chairpersons asked for in May 2013; no record tells of a chairs' meeting in July 2022
    answer = assistant.ask("Which principles did the treaty body chairpersons endorse at their July 2022 meeting?")
    assert answer.refused, answer.text
    assert "July 2022" in answer.text


@pytest.mark.parametrize("question", ["Who told the Committee that Ceuta and Melilla saw pushbacks?",
                                      "Who informed the meeting about the observatory in Quito?",
                                      "Which Committee members spoke about the liquidity crisis?"])
def test_speech_verbs_ask_for_the_speaker(question):
    assert answer_type(question) == "said"


def test_a_speaker_who_did_the_thing_asked_answers_which_member(assistant):
    answer = assistant.ask("Which Committee member took part in a seminar organized in Dakar in 2013?")
    assert not answer.refused, answer.text
    assert (OPENING, 17) in cited(answer)
    assert "Tall" in answer.text


def test_the_person_a_speaker_met_is_not_the_speaker(assistant):
    # SR.608 ¶9: the Chair met a division director, never named
    answer = assistant.ask("What was the name of the OHCHR director that the Chair went to see about resources?")
    assert answer.refused, answer.text


def test_idioms_with_get_are_no_receipt():
    assert events.asked("Where is the desk that the NGO helped get off the ground?") == ["establish"]
    assert events.asked("When did the talks get started?") == ["open"]
    assert events.asked("When did the Committee get the report?") == ["receive"]


def test_a_place_asked_of_a_thing_someone_helped_set_going_is_answered(assistant):
    answer = assistant.ask("Which city hosts the trafficking observatory Mr. Carrión Mena helped to get off the ground?")
    assert not answer.refused, answer.text
    assert (OPENING, 14) in cited(answer) and "Quito" in answer.text


def test_instead_is_no_topic_word_of_a_follow_up(assistant):
    chat = assistant.chat()
    chat.ask("How many people did the Global Detention Project say were detained in the United States in 2022?")
    answer = chat.ask("And how many were placed on alternatives to detention instead?")
    assert not answer.refused, answer.text
    assert "97,000" in answer.text


def test_a_synonym_the_records_use_makes_a_word_known(assistant):
    plan = assistant.plan("Did the Special Rapporteur take part remote?")
    assert "remote" not in assistant.composer.evidence.unknown_words(plan)


def test_no_wrong_attribution_for_a_dated_question_about_a_record_month(assistant):
    # December 2024 is the month SR.590 was held: a filter, not an event's date
    answer = assistant.ask("What did the Chair say about the liquidity crisis in December 2024?")
    assert not answer.refused, answer.text
    assert all(f in (SR608, "003_b5bb0a8bd9d79607.txt") for f, _ in cited(answer))
