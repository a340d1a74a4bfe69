"""Joins (issue 14, fourteenth session): who, of the people or States one paragraph lists, took the floor in the
records the question names. Questions written for these tests."""
from assistant.answer.joins import ASKED, listed

from conftest import OPENING, REPORT, SR506, cited


def test_a_join_question_is_read_with_its_group():
    m = ASKED.search("Which of the experts elected in December 2003 took the floor at the nineteenth session?")
    assert m and m.group("group") == "experts elected in December 2003"
    assert ASKED.search("Which States took the floor at the 2022 discussion?") is None


def test_a_table_lists_its_people_and_a_list_sentence_its_states():
    people, states = listed("The results were: Name of member: Ana Dieguez; Country of nationality: Guatemala. "
                            "Name of member: Azad Taghizade; Country of nationality: Azerbaijan.")
    assert people == ["Ana Dieguez", "Azad Taghizade"] and states == []
    text = ("The Convention had been ratified by the following States: Mali, Mexico, Senegal and Uganda. In addition, "
            "the following States have signed it: Chile, Togo and Turkey.")
    assert listed(text, "States that had ratified")[1] == ["Mali", "Mexico", "Senegal", "Uganda"]
    assert listed(text, "States that had only signed")[1] == ["Chile", "Togo", "Turkey"]


def test_members_of_the_first_committee_who_spoke_in_2013(assistant):
    answer = assistant.ask("Which of the experts elected to the first Committee took the floor at the 2013 session?")
    assert not answer.refused, answer.text
    for name in ("Carrión Mena", "Taghizade", "Kariyawasam"):
        assert name in answer.text
    assert (REPORT, 3) in cited(answer) and (OPENING, 15) in cited(answer)


def test_states_of_a_list_that_spoke(assistant):
    answer = assistant.ask("Which of the States that had ratified the Convention by August 2004 spoke at the 2022 "
                           "general discussion?")
    assert not answer.refused, answer.text
    assert all(state in answer.text for state in ("Mexico", "Burkina Faso", "Azerbaijan"))
    assert (SR506, 16) in cited(answer) and (REPORT, 5) in cited(answer)


def test_none_of_the_listed_spoke_is_said_as_a_refusal(assistant):
    answer = assistant.ask("Which of the original Committee members spoke at the 2022 discussion?")
    assert answer.refused and "none of the" in answer.text, answer.text


def test_a_join_with_the_group_first_and_other_words(assistant):
    answer = assistant.ask("Among the experts voted onto the first Committee, who spoke at the opening of the "
                           "nineteenth session?")
    assert not answer.refused and "Taghizade" in answer.text and (REPORT, 3) in cited(answer), answer.text
