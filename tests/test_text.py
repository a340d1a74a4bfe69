"""core/text: sentence splitting, including the tables the parser writes as "Header: cell; Header: cell." rows."""
from assistant.core.text import TABLE_ROW, sentences

INTRO = "The panel met in Lima on 2 May 2019. The officers chosen were the following:"
ROWS = " Officer: Ana Ruiz; Office: Chair; Until: 2021. Officer: Lee Park; Office: Rapporteur; Until: 2022."


def test_a_table_starts_after_the_sentence_that_introduces_it():
    assert sentences(INTRO + ROWS) == [
        "The panel met in Lima on 2 May 2019.", "The officers chosen were the following:",
        "Officer: Ana Ruiz; Office: Chair; Until: 2021.", "Officer: Lee Park; Office: Rapporteur; Until: 2022."]


def test_a_colon_in_prose_is_no_sentence_end():
    # a list after a colon is one sentence, even with semicolons and capitals
    text = "The NGO urged the following measures: Adopt a law on asylum; review the detention rules; train police."
    assert sentences(text) == [text]
    assert not TABLE_ROW.match(text)


def test_table_rows_are_recognised_and_prose_is_not():
    assert TABLE_ROW.match("Officer: Ana Ruiz; Office: Chair; Until: 2021.")
    assert not TABLE_ROW.match("Mr. Ruiz said that the panel met in Lima; it adopted its report.")
