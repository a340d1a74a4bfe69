"""How users type (search/spelling.py and the shorthand of search/understand.py), with questions written for these
tests: typos are corrected against the words the records use, never a real word the records lack; chat shorthand,
two-digit years, "art 67", "GC6" and lower-case titles are written out as the records write them."""
import pytest

from assistant.search.spelling import Speller, known_place
from assistant.search.understand import normalise

from conftest import OPENING, SR506, cited

CORPUS = "the committee held its session on detention of migrant families; ms diallo chaired the session"
WORDS = frozenset({"the", "committee", "session", "pension", "australia", "austria", "families", "detention"})


def test_a_typo_becomes_the_word_the_records_use():
    speller = Speller(CORPUS, WORDS)
    assert speller.correct("what did the comittee say at the sesion about detension of familes") == \
        "what did the committee say at the session about detention of families"


def test_a_real_word_or_a_place_the_records_lack_stays():
    speller = Speller(CORPUS + " austria", WORDS)
    assert speller.correct("pension rights in Australia") == "pension rights in Australia"
    assert known_place("Burkinabe") and known_place("dhaka") and not known_place("comittee")


def test_a_surname_after_a_title_is_corrected_even_if_it_is_a_word():
    speller = Speller(CORPUS, WORDS | {"dialo"})
    assert speller.correct("what did Ms. Dialo say") == "what did Ms. Diallo say"


def test_without_a_dictionary_nothing_is_corrected():
    assert Speller(CORPUS, frozenset()).correct("the comittee") == "the comittee"


@pytest.mark.parametrize("typed, written", [
    ("what did the cttee's COs say abt ATD", "what did the Committee's concluding observations say about alternatives to detention"),
    ("exact date of the GC6 launch", "exact date of the general comment No. 6 launch"),
    ("who was 1st to speak at the 506th mtg", "who was first to speak at the 506th meeting"),
    ("families expelled in 75", "families expelled in 1975"),
    ("what did the GAATW rep think of art 67", "what did the GAATW representative think of article 67"),
    ("what did mr flynn say", "what did Mr. flynn say"),
    ("US govt position", "United States government position"),
])
def test_shorthand_is_written_out(typed, written):
    assert normalise(typed) == written


def test_lower_case_words_that_look_like_acronyms_stay():
    assert normalise("cos it was in 75 countries") == "cos it was in 75 countries"


def test_a_casually_typed_question_is_answered(assistant):
    answer = assistant.ask("who kicked off the nineteenth sesion of the comittee")
    assert not answer.refused, answer.text
    assert (OPENING, 1) in cited(answer)


def test_a_typed_name_and_shorthand_find_the_speaker(assistant):
    answer = assistant.ask("what did mr flyn say abt ATD in the US")
    assert not answer.refused, answer.text
    assert all(f == SR506 for f, _ in cited(answer)) and "Flynn" in answer.text


def test_a_state_that_never_ratified_gets_no_date(assistant):
    # "United States" is not "United Nations": no record dates a ratification by the United States
    answer = assistant.ask("When did the US ratify the Migrant Workers Convention?")
    assert answer.refused, answer.text


def test_shorthand_inside_a_name_stays():
    assert normalise("What did Migrant-Rights.org say?") == "What did Migrant-Rights.org say?"
