"""Conversations: follow-ups keep the focus, each turn cites its own paragraphs; refusals are honest."""


def test_quno_follow_up_pair(assistant):
    chat = assistant.chat()
    assert chat.ask("What did the Quaker United Nations Office say about follow-up processes?").citations[0].paragraph == 37
    second = chat.ask("And what did she say about soft law?")
    assert second.citations[0].paragraph == 39 and "Townhead" in second.text


def test_which_other_objectives_excludes_what_was_cited(assistant):
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
