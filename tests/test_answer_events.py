"""Which event a date belongs to (answer/events.py), with questions written for these tests."""
from assistant.answer import events
from assistant.answer.slots import carries


def test_the_events_a_question_asks_about():
    assert events.asked("On what day did the Assembly approve the new statute?") == ["adopt"]
    assert events.asked("When did Chile deposit its instrument of ratification?") == ["accede"]
    assert events.asked("When does the rapporteur's term run out?") == ["end"]
    assert events.asked("Where did Chile set up its migrant help desk?") == ["establish"]
    assert events.asked("In which year were the workers deported?") == []  # no event of the list: not checked
    # a get-together is no "get", a joint text no "join", a convention no "convene"
    assert events.asked("When was the yearly get-together of the joint working group on the Convention?") == []


def test_a_sentence_tells_the_event_asked_or_not():
    assert events.tells(["accede"], "Chile had deposited its instrument on 2 May 2005.")
    assert not events.tells(["adopt"], "On 2 May 2005, the body had held a public event to present its statute.")
    assert events.tells(["end"], "Name of member: X; Term expires on 31 December: 2009.")
    assert events.tells(["hold", "hear"], "On 4 May a hearing was organized in Vienna.")


def test_a_session_dates_what_happened_at_it():
    assert carries("when", "It had formally adopted the text during its forty-fourth session.")
    assert not carries("when", "It had formally adopted the text at the current session.")


def test_a_date_of_another_event_is_refused(assistant):
    # SR.608 ¶2 dates Zimbabwe's deposit and entry into force; its government's decision is never dated
    answer = assistant.ask("On which date did Zimbabwe's cabinet endorse joining the Convention?")
    assert answer.refused, answer.text
    answered = assistant.ask("When did Zimbabwe become a party to the Convention?")
    assert not answered.refused and "5 November 2024" in answered.text, answered.text
