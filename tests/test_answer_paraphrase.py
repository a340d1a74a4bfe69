"""Mechanisms added for issue 14 in the thirteenth session, second part, with questions written for these tests:
paraphrased questions and conversations. "Who at the session described ...", "who gave figures on ..." ask for a
speaker; a text (a pact, a report) never speaks; "the thirty-ninth and fortieth sessions" names both; a follow-up
with a topic of its own is checked against the speaker's own words; "after that" asks for a later event; "start
applying", "sign up to the treaty" and "a formal sign-up" are the events they mean; a region describing a State
("a South Caucasus country") is no unknown name."""
import pytest

from assistant.answer import events
from assistant.answer.bindings import treaty_act
from assistant.answer.slots import answer_type
from assistant.core.numbers import mentioned_numbers

from conftest import SR506, SR590, SR608, cited


@pytest.mark.parametrize("question", ["Who at the 2022 discussion described pushbacks at the Greek border?",
                                      "Who gave figures on child detention in Mexico?",
                                      "Who during the opening meeting outlined the treaty body reform?"])
def test_a_time_or_place_before_the_speech_verb_still_asks_for_the_speaker(question):
    assert answer_type(question) == "said"


def test_a_text_never_speaks(assistant):
    plan = assistant.plan("What did the Pact for the Future request of the Secretary-General?")
    assert not plan.missing, plan.missing
    answer = assistant.ask("What did the Pact for the Future request of the Secretary-General?")
    assert not answer.refused, answer.text
    assert {f for f, _ in cited(answer)} <= {SR590, SR608}


@pytest.mark.parametrize("text, numbers", [("the thirty-ninth and fortieth sessions", [40, 39]),
                                           ("the 38th, 39th and 40th session", [40, 38, 39]),
                                           ("over the last two sessions", []), ("its first and only session", [])])
def test_every_session_of_a_list_is_named(text, numbers):
    assert mentioned_numbers("session", text) == numbers


def test_a_question_about_two_sessions_searches_both(assistant):
    plan = assistant.plan("What did the records of the thirty-ninth and fortieth sessions say about financing?")
    assert sorted(plan.sessions) == [39, 40]


def test_a_follow_up_with_its_own_topic_is_checked_against_the_speakers_words(assistant):
    chat = assistant.chat()
    chat.ask("Which State took the floor at the 2022 general discussion and what did it say?")
    chat.ask("What did Azerbaijan's representative say at the 2022 discussion?")
    answer = chat.ask("And what did she say about pushbacks at sea?")
    assert answer.refused, answer.text


def test_after_that_asks_for_another_paragraph(assistant):
    chat = assistant.chat()
    first = chat.ask("What did Ms. LeVoy say about firewalls?")
    later = chat.ask("And what did she say after that?")
    assert not later.refused, later.text
    assert not set(cited(later)) & set(cited(first))
    assert all(f == SR506 for f, _ in cited(later))


def test_events_asked_in_other_words():
    assert events.asked("From what date did the Convention start applying to Zimbabwe?") == ["force"]
    assert events.asked("When did the dialogue start?") == ["open"]
    assert events.asked("When did Chile sign up to the treaty?") == ["accede"]
    assert "sign" not in events.asked("When was the twentieth country's formal sign-up received?")
    assert treaty_act("the twentieth country's formal sign-up") == "join"
    assert treaty_act("How long a cycle did they want States to sign up to?") == ""


def test_a_date_asked_in_other_words_is_answered(assistant):
    answer = assistant.ask("Which State became the sixtieth party, and from what date did the treaty start "
                           "applying to it?")
    assert not answer.refused, answer.text
    assert (SR608, 2) in cited(answer) and "1 March 2025" in answer.text


def test_a_region_describing_a_state_is_no_unknown_name(assistant):
    plan = assistant.plan("What did the South Caucasus country's delegate say about its migration services?")
    assert not any("Caucasus" in m for m in plan.missing), plan.missing


def test_which_bodies_asks_for_bodies_other_than_those_the_question_names(assistant):
    answer = assistant.ask("Which agencies did the Committee see during its first meeting in Geneva?")
    assert not answer.refused, answer.text
    assert "International Labour Organization" in answer.text


def test_the_chairs_frame_does_not_repeat_the_office():
    from assistant.answer.framing import attribute
    framed = attribute("He had attended the meeting in Rabat.", {"speaker": "The Chairperson", "affiliation": "Chair"},
                       lambda s: s[0].lower() + s[1:])
    assert framed.startswith("The Chairperson said that"), framed


@pytest.mark.parametrize("question, kind", [("What did the Chair regret about the rate at which countries were joining?", "open"),
                                            ("In which countries were children detained?", "which_states"),
                                            ("What was the day on which the treaty took effect?", "when")])
def test_which_opening_a_relative_clause_asks_nothing(question, kind):
    assert answer_type(question) == kind


def test_descriptions_of_well_known_bodies_are_their_names():
    from assistant.search.understand import normalise
    assert normalise("what did the person presiding over the opening say") == "what did the Chair of the opening say"
    assert "the Secretary-General" in normalise("what did the Pact ask the UN chief to do")
    assert "IOM" in normalise("what did the intergovernmental migration agency say")
    assert "the Convention on the Rights of the Child" in normalise("how many parties has the UN children's rights treaty")


def test_who_presided_needs_a_chair_told_not_a_list_of_members(assistant):
    assert events.asked("Who presided over the first Meeting of States Parties?") == ["preside"]
    # REPORT ¶3 lists the members elected at that meeting; nobody is said to have presided over it
    answer = assistant.ask("Who presided over the first Meeting of States Parties that elected the Committee?")
    assert answer.refused, answer.text


def test_a_meeting_told_of_by_others_is_no_silent_speaker(assistant):
    # OPENING ¶4: Ms. Pansieri reports what the May 2013 meeting of Chairpersons called for
    assert not assistant.plan("What did the Annual Meeting of Chairpersons call for in May 2013?").missing
    assert assistant.plan("What did the Global Forum on Migration tell the Committee?").missing


def test_the_sentence_that_tells_what_happened_at_a_quoted_event_is_quoted_with_it(assistant):
    answer = assistant.ask("What did the Annual Meeting of Chairpersons call for in May 2013?")
    assert not answer.refused, answer.text
    assert "five principles" in answer.text and "New York" in answer.text


def test_households_are_counted_as_families(assistant):
    from assistant.answer.counting import counted_forms
    assert "famili" in counted_forms("household") and "minor" in counted_forms("kid")
    answer = assistant.ask("How many households were driven out of Algeria in the mid-1970s, according to AMVEAA?")
    assert not answer.refused, answer.text
    assert "45,000" in answer.text
