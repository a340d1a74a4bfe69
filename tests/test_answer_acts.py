"""The Committee's own acts (answer/acts.py), with questions written for these tests."""
import pytest

from assistant.answer import acts

from conftest import SR608, cited


def test_a_question_about_the_committees_act_needs_the_committees_voice():
    ngo = {"speaker": "Ms. X", "affiliation": "Some Network"}
    assert acts.missing("What did the Committee recommend to Peru?", ngo, ["He recommended that Peru act."])
    chair = {"speaker": "Ms. Y", "affiliation": "Chair"}
    assert not acts.missing("What did the Committee recommend to Peru?", chair,
                            ["The Committee had recommended that Peru review its law."], [["Peru"]])


def test_a_document_named_is_not_its_content():
    chair = {"speaker": "Ms. Y", "affiliation": "Chair"}
    said = ["It had adopted concluding observations on the reports of Peru and Chile."]
    assert acts.missing("What did the concluding observations on Peru recommend?", chair, said, [["Peru"]])
    # a recommendation about another State does not count for this one
    said2 = said + ["It examined Chile's follow-up report on the priority recommendations."]
    assert acts.missing("What did the concluding observations on Peru recommend?", chair, said2, [["Peru"]])


def test_questions_not_about_the_committees_act_pass():
    assert acts.missing("What did IOM say about objective 13?", {"speaker": "Mr. Z", "affiliation": "IOM"}, ["..."]) == ""


@pytest.mark.parametrize("question", ["What did the Committee recommend to Seychelles after their dialogue?",
                                      "What did the concluding observations on Jamaica's report say about remittances?",
                                      "What did the Committee conclude about Egypt's report in December 2024?"])
def test_the_committees_unreported_acts_are_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused, answer.text


def test_the_committees_reported_act_is_answered(assistant):
    answer = assistant.ask("What did the Committee decide about its lists of issues for Tajikistan?")
    assert not answer.refused, answer.text
    assert (SR608, 5) in cited(answer)


def test_an_adopted_document_must_be_the_one_asked_and_for_the_state_asked():
    chair = {"speaker": "Ms. Y", "affiliation": "Chair"}
    said = ["It had adopted concluding observations on the reports of Peru and Chile.",
            "It had also adopted a list of issues for Nepal."]
    assert acts.missing("What concluding observations did the Committee adopt on Nepal?", chair, said, [["Nepal"]])
    assert not acts.missing("What concluding observations did the Committee adopt on Chile?", chair, said, [["Chile"]])
    # "recommendations" named as a document ("the priority recommendations contained in ...") are not recommending
    examined = ["It examined the follow-up report from Nepal on the priority recommendations in its observations."]
    assert acts.missing("What did the Committee recommend to Nepal?", chair, examined, [["Nepal"]])


@pytest.mark.parametrize("question", ["What concluding observations did the Committee adopt on Indonesia at its thirty-ninth session?",
                                      "What did the Committee recommend to Egypt after its dialogue in December 2024?",
                                      "Which recommendations did the Committee adopt for Burkina Faso in 2013?"])
def test_an_act_told_of_other_documents_or_states_is_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused and ("do not say" in answer.text or "not the Committee's own words" in answer.text), answer.text


def test_an_act_told_for_the_state_asked_is_answered(assistant):
    answer = assistant.ask("What did the Committee adopt for Mauritania at its thirty-ninth session?")
    assert not answer.refused, answer.text
    assert "list of issues" in answer.text


def test_a_document_asked_in_the_plural_or_after_the_verb_is_found_in_any_quoted_paragraph(assistant):
    chair = {"speaker": "Ms. Y", "affiliation": "Chair"}
    said = ["It had also adopted a list of issues for Nepal."]
    assert not acts.missing("What lists of issues did the Committee adopt for Nepal?", chair, said, [["Nepal"]])
    assert acts.missing("Did the Committee adopt concluding observations on Nepal?", chair, said, [["Nepal"]])
    answer = assistant.ask("What lists of issues did the Committee adopt at its thirty-ninth session?")
    assert not answer.refused, answer.text


def test_the_committee_named_as_an_object_is_not_its_voice():
    ngo = {"speaker": "Mr. Z", "affiliation": "An Alliance"}
    said = ["He welcomed the initiative of the Committee to adopt a general comment."]
    assert acts.missing("What had the Committee previously adopted on the convergence?", ngo, said)
    assert acts.committee_voice({}, ["The Committee recommends that the State party review its law."])  # present tense
    chair_said = ["The Committee had formally adopted its general comment No. 6."]
    assert not acts.missing("What had the Committee previously adopted on the convergence?", ngo, chair_said)


def test_the_refusal_says_what_was_not_adopted_for_whom(assistant):
    answer = assistant.ask("Has the Committee adopted lists of issues for Mexico?")
    assert answer.refused and "do not say that the Committee adopted lists of issues for Mexico" in answer.text, answer.text
    assert not assistant.ask("Who chaired the 608th meeting with the ILO delegation?").refused


def test_a_documents_content_is_told_not_only_its_name():
    deputy = {"speaker": "Ms. P", "affiliation": "OHCHR"}
    named = ["The Council had taken note of the report of the Independent Expert (A/HRC/50/12) at that session."]
    assert "do not say what the report" in acts.missing("What did the Independent Expert's report A/HRC/50/12 propose?",
                                                        deputy, named)
    told = ["In her report, the Independent Expert proposed a global fund for returnees."]
    assert acts.missing("What did the Independent Expert's report propose?", deputy, told) == ""
    told2 = ["The study of the Working Group found that fees were rising."]
    assert acts.missing("What did the Working Group's study find?", deputy, told2) == ""
    # a record that is such a document speaks for itself
    assert acts.missing("What does the annual report say about visits?", {"doc_type": "report"}, ["Two visits."]) == ""
    # "want the general comment to include" asks what a speaker wanted, not what a document said
    assert acts.missing("What did the union want the general comment to include?", deputy, named) == ""


def test_the_main_verb_after_did_is_the_one_asked():
    m = acts.committee_act("What did the concluding observations on Chile approved last year recommend?")
    assert m and m.group("verb").lower() == "recommend"


@pytest.mark.parametrize("question", ["What did the racism rapporteur's report A/HRC/23/56 recommend?",
                                      "What did the concluding observations on Benin adopted in December 2024 urge?"])
def test_documents_named_without_content_are_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused, answer.text
