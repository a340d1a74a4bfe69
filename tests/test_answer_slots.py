"""Answer types, slots and the answerability model, without an index (questions written for these tests)."""
import numpy as np

from assistant.answer import answerability
from assistant.search.understand import ordinal_words
from assistant.answer.slots import answer_type, carries


def test_answer_types():
    assert answer_type("On which date did the delegation arrive in Geneva?") == "when"
    assert answer_type("How many observers attended the hearing?") == "how_many"
    assert answer_type("Who was the rapporteur for the Niger?") == "who"
    assert answer_type("Which countries signed the protocol that year?") == "which_states"
    assert answer_type("Which speakers raised family reunification?") == "said"
    assert answer_type("Give me a short overview of the 412th meeting.") == "digest"
    assert answer_type("Where is the secretariat's liaison office?") == "where"
    assert answer_type("What did the observer for Chile say about remittances?") == "open"


def test_slots_are_found_in_sentences():
    assert carries("when", "The seminar took place on 3 May 2019 in Accra.")
    assert not carries("when", "The seminar took place in Accra after long preparation.")
    assert carries("how_many", "Some 4,200 workers were affected.") and carries("how_many", "Only one in five States replied.")
    assert not carries("how_many", "Article 12 of the Convention applies.")  # an article number is not a count
    assert carries("who", "The report was presented by Ms. Okafor.") and not carries("who", "The report was presented.")
    assert carries("which_states", "Delegations from Peru and Ghana replied.")
    assert carries("said", "Anything.", speaker="Mr. Lund") and not carries("said", "Anything.")


def test_ordinal_words_for_sessions():
    assert [ordinal_words(n) for n in (7, 13, 30, 35, 41)] == ["seventh", "thirteenth", "thirtieth", "thirty-fifth",
                                                                "forty-first"]


def test_answerability_fit_separates_and_the_shipped_model_loads():
    rng = np.random.default_rng(0)
    good = rng.normal(0.6, 0.1, size=(40, len(answerability.FEATURES)))
    bad = rng.normal(0.2, 0.1, size=(40, len(answerability.FEATURES)))
    m = answerability.fit(np.vstack([good, bad]), [1] * 40 + [0] * 40)
    feats = lambda row: dict(zip(answerability.FEATURES, row))
    assert answerability.probability(feats(good.mean(0)), m) > 0.9 > 0.1 > answerability.probability(feats(bad.mean(0)), m)
    shipped = answerability.model()
    assert shipped["features"] == answerability.FEATURES and 0 < shipped["threshold"] < 1


def test_a_vote_is_its_own_slot():
    assert answer_type("By what vote was the declaration adopted?") == "vote"
    assert answer_type("What was the vote on resolution 12/4?") == "vote"
    assert answer_type("How did the Assembly vote on the draft?") == "vote"
    assert carries("vote", "The text was adopted without a vote.") and carries("vote", "It was obtained by consensus.")
    assert not carries("vote", "The Committee had formally adopted the general comment.")


def test_numbers_the_question_spells_do_not_answer_it():
    from assistant.answer.slots import given
    rest = given("What was the number of the opening meeting of the twentieth session?",
                 "The Chairperson declared open the twentieth session.")
    assert not carries("how_many", rest)
    assert carries("how_many", given("What was the number of the twentieth session's meeting?", "It was meeting 402."))


def test_a_full_statement_is_a_digest():
    assert answer_type("Give me Ms. Oduya's full statement, briefly.") == "digest"
    assert answer_type("What was in the complete remarks of the delegation?") == "digest"


def test_a_session_money_and_dates_that_date_nothing():
    assert answer_type("In which session did the Committee adopt its fifth general comment?") == "session"
    assert carries("session", "It was adopted at the twenty-eighth session.") and not carries("session", "at the current session")
    assert answer_type("How much money is missing, in US dollars?") == "money"
    assert carries("money", "The shortfall was US$ 3 million.") and not carries("money", "The shortfall was 12 per cent.")
    assert not carries("when", "It built on the 2020 review process.")   # a process named by its year
    assert carries("when", "The review took place in 2020.")


def test_a_date_range_is_one_date_not_a_count():
    from assistant.answer.slots import countable, NUMBER
    assert not NUMBER.search(countable("The dialogue was scheduled for 3 and 4 October 2013."))


def test_signing_is_not_joining():
    from assistant.answer.bindings import treaty_act
    assert treaty_act("How many States had ratified it by 2010?") == "join"
    assert treaty_act("How many States have signed it?") == "sign"
    assert treaty_act("How many signed or ratified it?") == ""         # both asked: either answers
    assert treaty_act("the following 10 States have signed the Convention", strict=False) == "sign"
    assert treaty_act("there were 60 States Parties", strict=False) == "join"
    assert treaty_act("a cycle States would sign up to", strict=False) == ""
    assert treaty_act("How long a term did the ministers sign off on?") == ""   # approving is no treaty act
    assert treaty_act("Which States had signed but not yet ratified it by 2020?") == "sign"   # the act done
    assert treaty_act("How many have ratified and never signed?") == "join"


def test_who_attended_is_answered_by_people_or_groups():
    assert answer_type("Who attended the seminar?") == "who_attended"
    assert carries("who_attended", "Representatives of States and civil society had taken part.")
    assert carries("who_attended", "Ms. Okafor and Mr. Lund were there.")
    assert not carries("who_attended", "The Committee had held a public event to launch its general comment.")



def test_outcome_questions_and_sentences():
    assert answer_type("What came out of the talks with the regional bank?") == "outcome"
    assert answer_type("What did the panel decide about its next session?") == "outcome"
    assert carries("outcome", "The panel decided to meet again in May.")
    assert not carries("outcome", "The Committee had held a dialogue with the panel.")  # "Committee" commits nothing


def test_a_number_fused_to_its_noun_counts_it():
    from assistant.answer.counting import counts
    assert counts("States were urged to endorse a predictable six-month cycle", {"month"})
    assert counts("a 23-member panel was set up", {"member"})
    assert not counts("a well-known body met last month", {"month"})


def test_the_size_asked_for_is_counted_beside_its_noun():
    from assistant.answer.counting import counted_noun
    assert counted_noun("What was the exact deficit figure reported by the Secretariat?") == ["deficit"]
    assert counted_noun("How large was the funding gap in 2024?")[:2] == ["fund", "gap"]
    assert counted_noun("How big was the delegation's budget?") == ["budget"]   # the budget, not the delegation


def test_a_where_of_respect_or_of_a_text_asks_no_place():
    from assistant.answer.slots import answer_type
    assert answer_type("Where did the NGO feel the draft fell short?") == "open"
    assert answer_type("Where in the Convention are seasonal workers covered?") == "open"
    assert answer_type("Where did the Chair say the next session would be held?") == "where"


def test_plural_places_and_dates_are_asked_as_such():
    assert answer_type("In which towns did the delegation hold its hearings?") == "where"
    assert answer_type("Which venues hosted the consultations?") == "where"
    assert answer_type("In which years did the expert body report?") == "when"
    assert answer_type("On what dates were the hearings held?") == "when"
