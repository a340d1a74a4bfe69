"""The public API is a contract: pin its names and the motivating answers."""
import json

import pytest

import assistant as pkg
from assistant import Answer, Citation
from conftest import IOM_FILE


def test_public_surface_is_pinned():
    assert sorted(pkg.__all__) == ["Answer", "Assistant", "AssistantError", "Chat", "Citation", "QuestionError",
                                   "RecordError", "Settings", "StoreError"]


def test_iom_objective_13_cites_paragraph_48_with_the_right_speaker(assistant):
    answer = assistant.ask("What did IOM say about objective 13?")
    assert isinstance(answer, Answer) and not answer.refused
    first = answer.citations[0]
    assert isinstance(first, Citation)
    assert (first.file, first.paragraph, first.label) == (IOM_FILE, 48, "CMW/C/SR.506 ¶48")
    assert (first.speaker, first.affiliation) == ("Mr. Yuzhanin", "International Organization for Migration")
    assert "[CMW/C/SR.506 ¶48]" in answer.text and "Mr. Yuzhanin" in answer.text
    # Migrant-Rights.org also spoke of objective 13 (¶29); it must not be attributed to IOM.
    assert all(c.paragraph != 29 and c.affiliation != "Migrant-Rights.org" for c in answer.citations)
    assert "Migrant-Rights" not in answer.text and "Kalush" not in answer.text


def test_citations_carry_the_paragraph_text(assistant):
    answer = assistant.ask("What did IOM say about objective 13?")
    for c in answer.citations:
        assert c.text == assistant.paragraph(c.file, c.paragraph)["text"]
        for q in c.quote:
            assert q in c.text
    assert len(answer.citations) <= 5


def test_every_answer_sentence_is_followed_by_a_label(assistant):
    answer = assistant.ask("What did the Quaker United Nations Office say about follow-up processes?")
    labels = {c.label for c in answer.citations}
    for block in answer.text.split("\n\n"):
        assert any(block.endswith(f"[{label}]") for label in labels)


def test_to_dict_is_json_ready(assistant):
    d = assistant.ask("Who chaired the 590th meeting?").to_dict()
    json.dumps(d)
    assert {"text", "refused", "citations"} <= set(d)
    assert {"file", "paragraph", "label", "speaker", "affiliation", "text"} <= set(d["citations"][0])


def test_weak_evidence_is_refused_with_the_closest_paragraphs(assistant):
    answer = assistant.ask("What did Japan tell the Committee about remittances?")
    assert answer.refused and "do not answer" in answer.text
    assert answer.citations and "closest paragraphs" in answer.text


def test_chat_remembers_the_speaker(assistant):
    chat = assistant.chat()
    first = chat.ask("What did the Quaker United Nations Office say about follow-up processes?")
    assert first.citations[0].paragraph == 37
    second = chat.ask("And what did she say about soft law?")
    assert second.citations[0].paragraph == 39 and second.citations[0].speaker == "Ms. Townhead"


def test_record_without_symbol_gets_a_readable_label(assistant):
    answer = assistant.ask("Who did the Chairperson say had played an important role at the Meeting of Chairpersons?")
    labels = [c.label for c in answer.citations]
    assert any(label.startswith("CMW 19th session (2013, symbol unknown) ¶") for label in labels)


@pytest.mark.parametrize("sentence, expected", [
    ("Turning to objective 13, the Compact was clear.", "said that turning to objective 13"),
    ("Unless States acted, nothing would change.", "said that unless States acted"),
    ("Mexico had ratified the Convention.", "said that Mexico had ratified"),
    ("UNHCR had said so.", "said that UNHCR had said so"),
    # the frame changes no word: a connective stays, a name it opens keeps its capital
    ("Regrettably, General Assembly resolution 79/165 was silent.", "said that regrettably, General Assembly resolution"),
    ("Member States had agreed.", "said that Member States had agreed"),
])
def test_attribution_lower_cases_the_first_word_but_not_a_name(assistant, sentence, expected):
    meta = {"speaker": "Mr. Yuzhanin", "affiliation": "International Organization for Migration"}
    assert expected in assistant.composer.attribute(sentence, meta)
