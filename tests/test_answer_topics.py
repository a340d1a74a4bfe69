"""A speaker asked about a topic that only others raised is refused (answer/topics.py); a speaker named with
their body in one noun phrase ("Ms. X of the Y Network") is the question's speaker (search/entities.py); a meeting's
date and place say which record, not what is asked (answer/evidence.py). Questions written for these tests, not copied from any question set."""
from assistant.answer.topics import raised_by_others

from conftest import SR506, cited


def near(score_mine: float, score_others: float):
    return lambda texts: score_mine if "mine" in texts[0] else score_others


def test_a_topic_only_others_state_is_raised_by_others():
    weights = {"detent": 3.0, "altern": 3.0, "migrant": 0.5}
    mine, others = ["mine: the call centre and the e-government platform"], ["alternatives to detention were used"]
    assert raised_by_others(weights, mine, others, near(0.2, 0.6))
    # a distinct word of the topic in the speaker's own paragraphs: their words on it, however few
    assert not raised_by_others(weights, ["mine: detention centres"], others, near(0.2, 0.6))
    # a common word ("migrants") does not make the topic theirs
    assert raised_by_others(weights, ["mine: migrants and their families"], others, near(0.2, 0.6))
    # a paraphrase no other paragraph words either is never refused by this test
    assert not raised_by_others(weights, mine, ["nothing related"], near(0.2, 0.6))
    # nor when the speaker's sentences are about as close in meaning as the others'
    assert not raised_by_others(weights, mine, others, near(0.58, 0.6))


def test_a_speaker_asked_about_what_only_others_said_is_refused(assistant):
    answer = assistant.ask("What did Mr. Flynn say about the Progress Declaration?")
    assert answer.refused, answer.text
    assert "the paragraphs of Mr. Flynn (Global Detention Project) closest to it never mention “Progress” or “Declaration”" \
        in answer.text
    # the closest paragraphs show who did speak of it
    assert (SR506, 38) in cited(answer) or (SR506, 39) in cited(answer), cited(answer)


def test_a_speaker_asked_about_their_own_topic_in_other_words_is_answered(assistant):
    answer = assistant.ask("What did the Border Violence Monitoring Network say about pushing people back at borders?")
    assert not answer.refused, answer.text
    assert cited(answer)[0][0] == SR506, cited(answer)


def test_a_topic_in_the_meetings_own_subject_is_not_the_asked_topic(assistant):
    # CERMID spoke at the dialogue on Burkina Faso's report: "Burkina Faso" says nothing of trafficking
    answer = assistant.ask("What did the CERMID speaker say about trafficking of children in Burkina Faso?")
    assert answer.refused and "never mention “trafficking”" in answer.text, answer.text
    assert "Burkina" not in answer.text.split("never mention")[1].split(";")[0]  # only what was tested is said


def test_a_person_named_with_their_body_is_the_speaker(assistant):
    plan = assistant.plan("What did Ms. Fritz of the Border Violence Monitoring Network say about pushbacks?")
    assert plan.speakers == ["Ms. Fritz"] and plan.affiliations == [] and not plan.missing
    plan = assistant.plan("What did Mexico's representative, Ms. Méndez Escobar, say about the Compact's scope?")
    assert plan.speakers == ["Ms. Méndez Escobar"] and not plan.missing
    assert assistant.plan("Ms. Fritz - did she mention pushbacks?").speakers == ["Ms. Fritz"]
    plan = assistant.plan("Did the IOM speaker at the 2022 discussion mention labour migration?")
    assert plan.affiliations == ["International Organization for Migration"]
    # a name inside a body's name keeps its own role
    assert assistant.plan("What did the UN Network on Migration say?").affiliations == ["United Nations Network on Migration"]


def test_a_question_about_nothing_the_records_tell_asked_with_a_meetings_date_and_place_is_refused(assistant):
    # the date and the place say which record; "hot" is what is asked, and no record tells it
    answer = assistant.ask("How hot was it in Geneva on 13 December 2024?")
    assert answer.refused and "no record uses the words “hot”" in answer.text, answer.text
    # a masthead's place is in the records: it is never "never mentioned"
    plan = assistant.plan("What was served for lunch at the Palais Wilson on 17 April 2025?")
    assert not any("never mention" in m for m in plan.missing), plan.missing
    lunch = assistant.ask("What was served for lunch at the Palais Wilson on 17 April 2025?")
    assert lunch.refused and "never mention" not in lunch.text, lunch.text
    assert "only as where a meeting was held" in assistant.ask("What did the Committee say about the Palais des Nations?").text
    assert not assistant.ask("Where was the 590th meeting held?").refused


def test_a_word_in_another_form_is_the_speakers_own(assistant):
    # "ratified" in the Special Rapporteur's paragraph is "ratification" (stems ratifi / ratif)
    answer = assistant.ask("What did the Special Rapporteur say about ratification?")
    assert not answer.refused, answer.text


def test_a_masthead_place_asked_as_where_something_happened_is_no_topic(assistant):
    assert not assistant.ask("What happened at the Palais Wilson in December 2024?").refused
    refused = assistant.ask("What did the Committee say about the Palais des Nations?")
    assert "the records name Palais des Nations only as where a meeting was held" in refused.text, refused.text


def test_talk_about_names_the_speaker_and_gives_their_statement(assistant):
    from conftest import OPENING, cited
    answer = assistant.ask("What did Mr. Carrión Mena talk about at the 2013 session opening?")
    assert not answer.refused, answer.text
    assert cited(answer) == [(OPENING, 13), (OPENING, 14)]


def test_a_vote_the_records_do_not_give_is_refused_and_consensus_is_a_vote(assistant):
    answer = assistant.ask("By what vote did the General Assembly adopt resolution 58/166?")
    assert answer.refused and "vote asked for" in answer.text
    answer = assistant.ask("How was the Progress Declaration adopted: by a vote or by consensus?")
    assert not answer.refused and "consensus" in answer.text


def test_an_agenda_item_named_with_the_meeting_it_belongs_to(assistant):
    from conftest import OPENING, cited
    answer = assistant.ask("Give me an overview of the promotion of the Convention item at the 2013 opening meeting.")
    assert not answer.refused
    assert cited(answer)[0] == (OPENING, 11) and (OPENING, 1) not in cited(answer)


def test_a_state_the_speaker_never_names_is_refused_by_name(assistant):
    answer = assistant.ask("What did Ms. Townhead say about Italy?")
    assert answer.refused and "never mention Italy" in answer.text
    assert all(c.speaker == "Ms. Townhead" for c in answer.citations)


def test_a_state_named_by_its_adjective_is_mentioned(assistant):
    answer = assistant.ask("What did GADEM say about Spain?")   # "the Moroccan and Spanish security forces"
    assert not answer.refused, answer.text
    assert answer.citations[0].speaker == "Mr. Rachidi"


def test_a_state_is_named_by_its_capital(assistant):
    # Mr. Tall spoke of "a seminar ... in Dakar": Senegal is named, by its capital
    answer = assistant.ask("Which seminar in Senegal did Mr. Tall mention?")
    assert not answer.refused, answer.text
    assert cited(answer)[0][1] == 17 and "Dakar" in answer.text
