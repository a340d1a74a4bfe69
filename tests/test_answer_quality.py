"""Answer quality, one group per failure class of issue 14, with questions written for these tests (not the issue's).

Classes: 1 paraphrases are not refused for their wording; 2 a speaker who spoke is answered; 3 near-miss questions
(the topic is there, the asked fact is not) are refused; 4 the answer carries the asked fact, digests cover the
paragraphs; 5 elliptical follow-ups; 6 faithful quotes. Plus accents and other languages (issue 15 item 14).
"""
import pytest

from assistant.answer.quotes import depends_on_previous, expand, faithful, join

from conftest import OPENING, SR506, SR590, SR608, cited, follow_up


# -- 1. paraphrases ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, gold", [
    ("How did the Chair wrap up the fortieth session?", (SR608, 10)),
    ("What did the Tunisian academic tell the Committee about disembarkation platforms?", (SR506, 12)),
    ("What tally of States parties did the Chair give in April 2025?", (SR608, 2)),
    ("What did the Leicester professor think was missing from the Compact on regularization?", (SR506, 20)),
])
def test_paraphrased_questions_are_answered(assistant, question, gold):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert gold in cited(answer)[:5]


# -- 2. a speaker who spoke ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, gold", [
    ("What did Ms. Townhead say?", (SR506, 36)),
    ("What did Burkina Faso tell the Committee during the general discussion?", (SR506, 54)),
    ("What did Mr. Kassou say?", (OPENING, 28)),
])
def test_a_speaker_who_spoke_is_answered_from_their_paragraphs(assistant, question, gold):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert gold in cited(answer)


# -- 3. near misses ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "When did Azerbaijan submit its third periodic report?",               # report named, no date
    "How many people did the Border Violence Monitoring Network say were pushed back?",  # pushbacks, no number
    "Who held the post of Special Rapporteur on the human rights of migrants in 2003?",  # "her" mandate, no name
    "What did Italy say about disembarkation platforms?",                  # Italy is mentioned, never spoke
    "How many members does the Committee on the Elimination of Racial Discrimination have?",
])
def test_near_miss_questions_are_refused_with_the_closest_paragraphs(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused, answer.text
    assert answer.citations  # the closest paragraphs are shown


# -- 4. the asked fact is in the answer ----------------------------------------------------------------------------
@pytest.mark.parametrize("question, needle", [
    ("On which day did the half-day general discussion on the Compact take place?", "27 September 2022"),
    ("When was the regional seminar in Rabat held?", "5 July 2013"),
    ("How many States had signed the Convention without ratifying it by August 2004?", "10"),
    ("What did Mr. Pérez Bello say about visas?", "visas"),
])
def test_the_answer_carries_the_asked_fact(assistant, question, needle):
    answer = assistant.ask(question)
    assert not answer.refused and needle in answer.text, answer.text


def test_a_meeting_digest_covers_its_paragraphs(assistant):
    answer = assistant.ask("Give me an overview of the 590th meeting.")
    assert not answer.refused
    assert len({p for f, p in cited(answer) if f == SR590}) >= 5


def test_a_speakers_contributions_are_digested(assistant):
    answer = assistant.ask("Summarize Ms. LeVoy's contributions.")
    assert not answer.refused
    assert {31, 32, 33, 34, 35} <= {p for f, p in cited(answer) if f == SR506}
    # a digest, not the statement: well under the length of her five paragraphs
    statement = sum(len(c.text) for c in answer.citations if c.file == SR506 and 31 <= c.paragraph <= 35)
    assert len(answer.text) < 0.75 * statement, (len(answer.text), statement)


def test_a_long_digest_is_capped_and_points_to_the_rest(assistant):
    answer = assistant.ask("Summarize the 506th meeting.")
    assert not answer.refused and "more" in answer.text and len(answer.text) < 5000


# -- 5. follow-ups -------------------------------------------------------------------------------------------------
def test_a_follow_up_that_only_changes_the_meeting(assistant):
    _, answer = follow_up(assistant,
                          "Who chaired the 506th meeting?",
                          "What about the 608th meeting?")
    assert not answer.refused and "Diallo" in answer.text


def test_a_follow_up_that_only_changes_the_year(assistant):
    _, answer = follow_up(assistant,
                          "On what date was the 590th meeting held?",
                          "And in 2025?")
    assert not answer.refused and "17 April 2025" in answer.text


def test_that_group_resolves_to_the_organization_in_focus(assistant):
    _, answer = follow_up(assistant,
                          "What did the Global Alliance Against Traffic in Women say about reintegration?",
                          "What else did that group recommend?")
    assert not answer.refused and all(c.speaker == "Ms. Afrin" for c in answer.citations)


def test_a_pronoun_with_nothing_in_focus_asks_who_is_meant(assistant):
    answer = assistant.chat().ask("What did she say about detention?")
    assert answer.refused and "who" in answer.text.lower()


# -- 6. faithful quotes --------------------------------------------------------------------------------------------
PARA = ("The panel met twice in Lisbon. The charter was adopted after a long debate. Its reach was wider than the "
        "earlier text. Delegates praised the host city. They asked for a third meeting.")


def test_quotes_keep_the_record_order_and_mark_omissions():
    quoted, shown = faithful(PARA, [3, 0])
    assert quoted[0].startswith("The panel") and quoted[-1].startswith("Delegates")
    assert shown == "The panel met twice in Lisbon. … Delegates praised the host city."


def test_a_sentence_pointing_back_brings_the_sentence_it_depends_on():
    quoted, shown = faithful(PARA, [2])
    assert quoted == ["The charter was adopted after a long debate.", "Its reach was wider than the earlier text."]
    assert depends_on_previous("However, they disagreed.") and not depends_on_previous("Theirs was a problem.") is None
    assert expand(["A.", "B.", "It C."], [2]) == [1, 2]
    assert join(PARA, ["Delegates praised the host city.", "The panel met twice in Lisbon."]).startswith("The panel")


def test_answers_quote_the_antecedent_of_a_pronoun(assistant):
    # SR.506 ¶58: "Such provisions, which ..." depends on the sentence naming the discriminatory provisions.
    answer = assistant.ask("What did the International Disability Alliance say about health requirements for migrants?")
    c = next(c for c in answer.citations if c.paragraph == 58)
    i = [q.startswith("Such provisions") for q in c.quote]
    if any(i):
        assert c.quote[i.index(True) - 1].startswith("Discriminatory provisions")


def test_iom_still_cites_yuzhanin(assistant):
    answer = assistant.ask("What did IOM say about objective 13?")
    assert answer.citations[0].label == "CMW/C/SR.506 ¶48" and "Yuzhanin" in answer.text


# -- accents and other languages -----------------------------------------------------------------------------------
def test_names_match_without_accents(assistant):
    answer = assistant.ask("What did Ms. Hernandez Paramo say about return and readmission?")
    assert not answer.refused and (SR506, 6) in cited(answer)
    assert assistant.plan("What did Mexico say about the scope of the Compact?").affiliations == \
        assistant.plan("What did México say about the scope of the Compact?").affiliations


def test_a_question_in_another_language(assistant):
    answer = assistant.ask("¿Qué dijo México sobre el Pacto Mundial?")
    assert (SR506, 16) in cited(answer) or "English" in answer.text


def test_which_plural_nouns_prefers_the_paragraphs_that_list_them(assistant):
    from assistant.answer.slots import asked_noun
    assert asked_noun("Which lists of issues did the Committee adopt?") and not asked_noun("Which treaty body is it?")
    answer = assistant.ask("Which lists of issues were adopted in December 2024 and in April 2025?")
    assert {(c.file, c.paragraph) for c in answer.citations[:3]} >= {("003_b5bb0a8bd9d79607.txt", 5),
                                                                     ("004_5957fef5fc8dc000.txt", 5)}
    assert "Mauritania" in answer.text


def test_sentence_vectors_do_not_depend_on_what_was_asked_before(assistant):
    # each paragraph's sentences are one embedding batch: padding noise is the same whatever else is being scored,
    # so the same question gets the same answer whatever came before it
    from assistant.answer.evidence import Evidence
    from assistant.core.text import sentences
    paragraphs = [p["text"] for p in assistant.paragraphs()][:6]
    alone, mixed = Evidence(assistant.retriever), Evidence(assistant.retriever)
    mixed.embed([sentences(t) for t in paragraphs[3:]])                    # other paragraphs scored first
    first = alone.embed([sentences(paragraphs[0])])
    again = mixed.embed([sentences(paragraphs[0]), sentences(paragraphs[4])])[: len(first)]
    assert all((a == b).all() for a, b in zip(first, again))


def test_a_record_symbol_in_a_digest_question_is_no_topic(assistant):
    # "(SR.608)" names the record to digest: the digest quotes each paragraph's specifics, not sentences matching "SR"
    answer = assistant.ask("Give me an overview of the session's last meeting (SR.608).")
    assert "Zimbabwe" in answer.text and "¶9" in answer.text, answer.text


def test_one_sentence_between_two_quoted_is_quoted_too(assistant):
    # SR 2013 ¶18: the question's words match its first and last sentences; the middle one (his explanation) was
    # hidden behind an ellipsis
    answer = assistant.ask("How did Mr. Salama account for the falling number of ratifications in 2013?")
    assert "deeper crisis" in answer.text and "…" not in answer.text.split("[")[0], answer.text


def test_an_opening_phrase_that_points_back_brings_its_sentence():
    # found by a faithfulness audit: "to address that deficiency" was quoted without the deficiency
    assert depends_on_previous("To remedy that shortfall, she proposed a trust fund.")
    assert depends_on_previous("Despite these hurdles, the plan went ahead.")
    assert depends_on_previous("During the meeting, members raised the budget.")
    assert depends_on_previous("Instead, by stressing voluntary return, it ignored the Convention.")
    assert not depends_on_previous("The Committee met in Geneva in March.")
    assert not depends_on_previous("Mexico, for instance, detained children.")
    sents = ["The Compact lacked a review of fees.", "To remedy that shortfall, she proposed a trust fund."]
    assert expand(sents, [1]) == [0, 1]
