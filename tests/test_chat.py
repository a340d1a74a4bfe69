"""Conversations: follow-ups keep the focus, each turn cites its own paragraphs; refusals are honest."""
import pytest

from conftest import REPORT, SR506, SR590, SR608, cited, follow_up


def test_quno_follow_up_pair(assistant):
    chat = assistant.chat()
    assert chat.ask("What did the Quaker United Nations Office say about follow-up processes?").citations[0].paragraph == 37
    second = chat.ask("And what did she say about soft law?")
    assert second.citations[0].paragraph == 39 and "Townhead" in second.text


def test_which_other_objectives_names_others_than_the_one_asked_before(assistant):
    chat = assistant.chat()
    chat.ask("What did IOM say about objective 13?")
    other = chat.ask("Which other objectives did he point to?")
    assert not other.refused and other.citations[0].paragraph == 47
    assert all(c.paragraph != 48 and c.speaker == "Mr. Yuzhanin" for c in other.citations)


def test_and_the_organization_switches_the_topic_or_speaker(assistant):
    chat = assistant.chat()
    chat.ask("What did Ms. Diallo say about the Committee against Torture at the fortieth session?")
    answer = chat.ask("And the ILO?")
    assert answer.citations[0].file == "004_5957fef5fc8dc000.txt" and answer.citations[0].paragraph == 6


def test_new_topic_keeps_the_speaker(assistant):
    chat = assistant.chat()
    chat.ask("What did PICUM say about regularization?")
    answer = chat.ask("What about access to justice?")
    assert answer.citations[0].paragraph == 33 and answer.citations[0].speaker == "Ms. LeVoy"


def test_refusals(assistant):
    for q in ("What did Japan tell the Committee about remittances?", "What did the Committee say about the Rohingya?",
              "Who chaired the 550th meeting?", "What did Save the Children's artificial intelligence unit say?"):
        answer = assistant.ask(q)
        assert answer.refused, q
        assert "do not answer" in answer.text


def test_reset_forgets(assistant):
    chat = assistant.chat()
    chat.ask("What did IOM say about objective 13?")
    chat.reset()
    assert chat.history == []


def test_who_asked_him_looks_for_someone_else(assistant):
    # "him" is the earlier speaker as the object: the answer is another speaker's paragraph that names him.
    chat = assistant.chat()
    chat.ask("What did Mr. Heenan say about Cambodia?")
    who = chat.ask("Who had asked him to speak about that?")
    assert not who.refused and "Salama" in who.text and who.citations[0].paragraph == 18
    assert all(c.speaker != "Mr. Heenan" for c in who.citations)


# -- focus: follow-ups that point back at a person, an organization or a record (issue 14, class 5) -----------------
# Invented follow-ups about the bundled records; each checks the mechanism, not a particular wording.

def test_who_represented_that_organization_names_its_speaker(assistant):
    chat = assistant.chat()
    chat.ask("What did the Border Violence Monitoring Network say about objective 7?")
    who = chat.ask("Who represented that network?")
    assert not who.refused and "Fritz" in who.text
    assert who.citations[0].paragraph == 61 and all(c.speaker == "Ms. Fritz" for c in who.citations)


def test_his_name_is_the_speaker_the_earlier_question_named_by_office(assistant):
    # The earlier question named only an office; "his name" is that paragraph's speaker, cited where the record
    # prints the name.
    chat = assistant.chat()
    chat.ask("What did the Director of the Human Rights Treaties Division say about the role of States parties?")
    name = chat.ask("What was his name?")
    assert not name.refused and "Salama" in name.text
    assert name.citations[0].speaker == "Mr. Salama" and "Salama" in name.citations[0].text


def test_a_pronoun_resolves_to_the_speaker_of_the_earlier_answer(assistant):
    # The earlier question named nobody; its answer cited one person's paragraph, so "he" is that person.
    chat = assistant.chat()
    first = chat.ask("Which speaker said migrants with disabilities struggled to obtain visas?")
    assert first.citations[0].speaker == "Mr. Pérez Bello"
    org = chat.ask("Which organization was he speaking for?")
    assert not org.refused and "International Disability Alliance" in org.text
    more = chat.ask("What did he say about article 45 of the Convention?")
    assert not more.refused and more.citations[0].paragraph == 60
    assert all(c.speaker == "Mr. Pérez Bello" for c in more.citations)


def test_a_pronoun_agrees_with_the_person_in_focus(assistant):
    # "she" after an answer whose first paragraph is a man's does not become him: nobody fits, so ask who is meant.
    chat = assistant.chat()
    first = chat.ask("Who said that the Compact failed to call for the decriminalization of irregular migration?")
    assert first.citations[0].speaker == "Mr. Flynn"
    she = chat.ask("What did she say about children?")
    assert all(c.speaker != "Mr. Flynn" for c in she.citations) or she.refused


def test_her_name_is_cited_where_the_record_prints_it(assistant):
    chat = assistant.chat()
    first = chat.ask("What did the Deputy High Commissioner say about the post-2015 development agenda?")
    assert first.citations[0].paragraph == 3  # a paragraph that does not print her name
    name = chat.ask("What was her name?")
    assert "Pansieri" in name.text and name.citations[0].paragraph == 2


def test_a_vague_follow_up_stays_with_the_speaker_and_record_in_focus(assistant):
    # "Which country was that?" names nothing: it is the country of the paragraphs in focus, not any record's.
    chat = assistant.chat()
    chat.ask("What did Mr. Ben Khalifa say about asylum legislation?")
    which = chat.ask("Which country was that?")
    assert not which.refused and "Tunisia" in which.text
    assert all(c.speaker == "Mr. Ben Khalifa" for c in which.citations)


def test_how_did_she_take_part_answers_from_her_paragraphs(assistant):
    chat = assistant.chat()
    chat.ask("What did the Platform for International Cooperation on Undocumented Migrants say about firewalls?")
    how = chat.ask("How did she take part in the meeting?")
    assert not how.refused and "video link" in how.text and how.citations[0].paragraph == 31


def test_and_at_another_meeting_reuses_the_question(assistant):
    chat = assistant.chat()
    chat.ask("What did the Chair say about the liquidity crisis at the 590th meeting?")
    answer = chat.ask("And at the 608th meeting?")
    assert not answer.refused and answer.citations[0].file == "004_5957fef5fc8dc000.txt"


def test_that_organization_with_nothing_in_focus_asks_who_is_meant(assistant):
    answer = assistant.chat().ask("What else did that organization recommend?")
    assert answer.refused and "who do you mean" in answer.text.lower()


def test_who_else_after_a_speaker_looks_past_that_speaker(assistant):
    chat = assistant.chat()
    chat.ask("What did Ms. Afrin say about return and reintegration?")
    others = chat.ask("Who else spoke about that?")
    assert others.citations and all(c.speaker != "Ms. Afrin" for c in others.citations)


def test_the_name_of_a_thing_is_not_the_name_of_the_person_in_focus(assistant):
    chat = assistant.chat()
    chat.ask("What did the Chair say about ratification at the 608th meeting?")
    answer = chat.ask("What was the name of the country that deposited its instrument?")
    assert "Zimbabwe" in answer.text and "The speaker was" not in answer.text


def test_that_country_that_never_spoke_becomes_the_topic_not_a_filter(assistant):
    # The earlier speaker was an NGO talking about a State; "that country" is the State, as the topic.
    chat = assistant.chat()
    chat.ask("What did GADEM say about Morocco?")
    answer = chat.ask("What had that country ratified?")
    assert not answer.refused and "Morocco" in answer.text
    assert answer.citations[0].speaker != "Mr. Rachidi"


def test_who_was_she_names_the_chair_the_record_calls_the_chair(assistant):
    chat = assistant.chat()
    chat.ask("What did the Chair say about International Migrants Day in 2023?")
    who = chat.ask("Who was she?")
    assert not who.refused and "Diallo" in who.text and who.citations[0].file == "003_b5bb0a8bd9d79607.txt"


def test_where_does_he_work_is_the_affiliation_of_the_person_in_focus(assistant):
    chat = assistant.chat()
    chat.ask("Which speaker mentioned Tunisia's asylum law?")
    where = chat.ask("Where does he work?")
    assert "University of Tunis" in where.text and where.citations[0].speaker == "Mr. Ben Khalifa"


def test_an_identity_question_with_more_in_it_is_answered_whole(assistant):
    # "Who spoke for that network and what did she ask for?" is more than a name: the composer answers it.
    chat = assistant.chat()
    chat.ask("What did the Border Violence Monitoring Network say about objective 7?")
    both = chat.ask("Who spoke for that network and what did she say about the general comment?")
    assert "The speaker was" not in both.text and all(c.speaker == "Ms. Fritz" for c in both.citations)


# -- "anyone else" / "others": somebody other than the speaker in focus (fifth session; new questions) --------------
@pytest.mark.parametrize("first, then, field, focus", [
    # "anyone else" on a State: another speaker who named it
    ("What did the delegate of Mexico tell the 2022 discussion?", "Did anybody else bring up Mexico during that meeting?",
     "affiliation", "Mexico"),
    # "others" raising the same topic: not the speaker in focus
    ("What did Burkina Faso say about hate speech?", "Did others mention hate speech as well?", "affiliation",
     "Burkina Faso"),
    # "did anyone support him": another speaker on his point
    ("What did Mr. Taghizade say at the 19th session?", "Did anybody agree with him?", "speaker", "Mr. Taghizade"),
])
def test_somebody_else_is_another_speaker_than_the_one_in_focus(assistant, first, then, field, focus):
    chat = assistant.chat()
    chat.ask(first)
    answer = chat.ask(then)
    assert not answer.refused, answer.text
    assert all(getattr(c, field) != focus for c in answer.citations)


def test_a_session_counted_from_the_record_in_focus(assistant):
    # the turn before was about the 608th meeting (fortieth session): "the previous session" is the thirty-ninth
    chat = assistant.chat()
    chat.ask("What did the Chair tell the Committee about the treaty body system at the 608th meeting?")
    earlier = chat.ask("And at the previous session?")
    assert not earlier.refused and {c.file for c in earlier.citations} == {"003_b5bb0a8bd9d79607.txt"}, earlier.text
    chat = assistant.chat()
    chat.ask("Who chaired the 608th meeting?")
    later = chat.ask("And the next meeting?")
    assert later.refused and "609th meeting" in later.text


def test_a_record_fact_about_the_summary_in_focus(assistant):
    chat = assistant.chat()
    chat.ask("Where was the 608th meeting held?")
    began = chat.ask("At what time did the part in the summary begin?")
    assert not began.refused and began.citations[0].file == "004_5957fef5fc8dc000.txt", began.text


def test_a_relative_session_is_counted_only_for_an_elliptical_turn_or_a_record_fact(assistant):
    chat = assistant.chat()
    chat.ask("Who chaired the 608th meeting?")
    nxt = chat.ask("When will the Committee's next session be held?")
    assert nxt.refused and "forty-first session" in nxt.text, nxt.text
    chat = assistant.chat()
    chat.ask("What did the Chair say about the liquidity crisis at the 608th meeting?")
    # a turn naming its own record keeps it; the next session is its topic, not a filter
    own = chat.ask("What did the 590th meeting decide about the dates of the following session?")
    assert "forty-first" not in own.text and "fortieth session is indexed" not in own.text, own.text


def test_a_record_fact_after_a_speakers_turn_is_the_meetings_not_the_speakers(assistant):
    chat = assistant.chat()
    chat.ask("What did the Chair say about the treaty body system at the 608th meeting?")
    rose = chat.ask("At what time did the meeting rise?")
    assert not rose.refused and "5 p.m." in rose.text and rose.citations[0].file == "004_5957fef5fc8dc000.txt", rose.text


def test_it_after_a_turn_about_an_event_is_that_event_not_the_record(assistant):
    chat = assistant.chat()
    chat.ask("Who organized the regional seminar in Rabat in 2013?")
    held = chat.ask("When was it held?")
    assert not held.refused and "5 July 2013" in held.text, held.text
    # a meeting "with" somebody is an event a record tells of, not the record
    chat = assistant.chat()
    chat.ask("What did Ms. Diallo say about working with the ILO at the fortieth session?")
    ilo = chat.ask("When did that meeting with the ILO delegation take place?")
    assert "17 April 2025 at the Palais Wilson" not in ilo.text, ilo.text


def test_a_turn_naming_only_another_meeting_asks_the_same_fact_of_it(assistant):
    chat = assistant.chat()
    chat.ask("Who chaired the 608th meeting?")
    other = chat.ask("And the nineteenth session's opening meeting?")
    # the same question (who chaired) of that record, which names no chair
    assert other.refused and "does not name its chair" in other.text, other.text


def test_it_after_a_turn_about_a_meeting_is_that_meeting(assistant):
    chat = assistant.chat()
    chat.ask("Summarize the 590th meeting.")
    where = chat.ask("Where was it held?")
    assert not where.refused and "Palais Wilson" in where.text and where.citations[0].file == "003_b5bb0a8bd9d79607.txt"


def test_what_was_said_at_the_following_session_counts_from_the_record_in_focus(assistant):
    chat = assistant.chat()
    chat.ask("What did the Chair say at the 590th meeting?")
    later = chat.ask("What did the Chair say at the following session?")
    assert {c.file for c in later.citations} == {"004_5957fef5fc8dc000.txt"}, later.text


# -- eighth session: one of the things named, an event told of, the delegate of a State, a month ----------------------
def test_which_one_chooses_among_what_the_last_answer_named(assistant):
    _, answer = follow_up(assistant,
                          "How many Parties did the Convention count in 2025?",
                          "Which one joined most recently?")
    assert not answer.refused and cited(answer)[0] == (SR608, 2) and "Zimbabwe" in answer.text


def test_that_event_is_the_one_the_last_answer_told_of(assistant):
    _, answer = follow_up(assistant,
                          "When did the Committee hold the public launch of general comment No. 6?",
                          "Who was present at that event?")
    assert not answer.refused, answer.text
    assert cited(answer)[0] == (SR608, 8) and "Representatives of States" in answer.text
    assert "took the floor" not in answer.text   # attending an event is no roster of speakers


def test_the_date_of_that_event_is_refused_when_its_record_gives_none(assistant):
    _, answer = follow_up(assistant,
                          "Which High Commissioner did the Committee meet in private during its thirty-ninth session?",
                          "When exactly did that private meeting happen?")
    assert answer.refused and "date" in answer.text
    assert cited(answer)[0] == (SR590, 6)   # not a date of another event in another record


def test_the_delegate_of_that_country_is_the_states_speaker(assistant):
    _, answer = follow_up(assistant,
                          "What did Burkina Faso tell the Committee about the general comment?",
                          "Who was the delegate speaking for that country?")
    assert not answer.refused and "Mr. Pime" in answer.text


def test_a_month_and_year_only_change_the_record_asked_about(assistant):
    _, answer = follow_up(assistant,
                          "At the April 2025 session, on which States' reports did the Committee adopt "
                          "concluding observations?",
                          "And at the December 2024 session?")
    assert not answer.refused and (SR590, 5) in cited(answer)[:3] and "Seychelles" in answer.text


def test_them_after_a_fact_is_who_the_last_answer_named(assistant):
    _, answer = follow_up(assistant,
                          "Which State became the sixtieth party to the Convention?",
                          "ok, and since when has it been binding on them?")
    assert not answer.refused and cited(answer)[0] == (SR608, 2) and "1 March 2025" in answer.text


def test_other_inside_the_topic_is_not_what_else(assistant):
    _, answer = follow_up(assistant,
                          "What did Mr. Taghizade ask about States parties' representatives in 2013?",
                          "What did he say sets this treaty apart from other instruments?")
    assert not answer.refused and answer.citations[0].paragraph == 22


def test_other_points_after_everything_was_quoted_says_so(assistant):
    _, answer = follow_up(assistant,
                          "What did Mr. Taghizade say?",
                          "Did he raise other concerns?")
    assert answer.refused and "nothing more" in answer.text


def test_a_leading_ok_keeps_the_turn_a_follow_up(assistant):
    chat, answer = follow_up(assistant,
                             "What did Mr. Flynn say about children?",
                             "Ok, and what about Ms. Townhead?")
    assert chat.turns[-1].plan.follow_up and answer.citations[0].speaker == "Ms. Townhead"


def test_a_fact_about_the_person_in_focus_is_found_beyond_their_words(assistant):
    # "her term", "is he a national of": a fact about the speaker, told in the 2004 table, not in their paragraphs
    chat, answer = follow_up(assistant,
                             "What did Mr. Taghizade ask the Committee in 2013?",
                             "Until when did his term run, going by the 2004 list of members?")
    assert not chat.turns[-1].plan.has_speaker_filter
    assert not answer.refused and cited(answer)[0] == (REPORT, 3) and "2005" in answer.text
    # ... while a question about what he said keeps him as the speaker
    chat, answer = follow_up(assistant,
                             "What did Mr. Taghizade ask the Committee in 2013?",
                             "What was his argument about the Convention?")
    assert chat.turns[-1].plan.speakers == ["Mr. Taghizade"]


def test_a_name_then_its_record_then_a_question_about_he(assistant):
    # "Mr. X, 2013 session — what did he say?": the session between the name and the dash
    plan = assistant.plan("Mr. Kariyawasam, 2013 session — what did he say?")
    assert plan.speakers == ["Mr. Kariyawasam"]


@pytest.mark.parametrize("first, second, speaker", [
    ("What did Ms. Pansieri say in 2013?", "What was her job?", "Ms. Pansieri"),
    ("What did Mr. Flynn say?", "Was he a member of the Committee?", "Mr. Flynn"),
])
def test_other_questions_about_the_person_in_focus_keep_them_as_speaker(assistant, first, second, speaker):
    # only a member's term or nationality is told apart from their words (the 2004 table): "her job" is in her own
    # paragraph, and nobody else's paragraph answers for her
    chat, answer = follow_up(assistant, first, second)
    assert chat.turns[-1].plan.speakers == [speaker]
    assert all(c.speaker == speaker for c in answer.citations)


def test_a_follow_up_with_its_own_subject_does_not_keep_the_speaker(assistant):
    # "what did the General Assembly adopt" has a subject of its own: not the Deputy High Commissioner's words
    chat, answer = follow_up(assistant,
                             "What did the Deputy High Commissioner say about treaty body strengthening in 2013?",
                             "And what did the treaty bodies' annual meeting urge States to do, according to the 2025 record?")
    assert not chat.turns[-1].plan.has_speaker_filter
    assert not answer.refused and cited(answer)[0] == (SR608, 4), answer.text


def test_that_same_body_points_at_the_organization_in_focus(assistant):
    # "that same council" / "this very organization" are the body of the speaker just asked about
    chat = assistant.chat()
    chat.ask("What did Mr. Kassou call for?")
    answer = chat.ask("What did that same council urge the media to do?")
    assert chat.turns[-1].plan.affiliations == ["National Human Rights Council of Morocco (CNDH)"]
    assert not answer.refused and all(c.speaker == "Mr. Kassou" for c in answer.citations), answer.text


def test_another_value_from_the_speaker_in_focus_is_answered_from_their_words(assistant):
    # the question's few words ("single out", "other") match little; the slot in her own paragraphs is the answer
    chat = assistant.chat()
    chat.ask("What did Ms. LeVoy tell the Committee?")
    answer = chat.ask("Which other country did she mention?")
    assert not answer.refused, answer.text
    assert all(c.file == SR506 for c in answer.citations), answer.text
