"""Questions in another language than the records' (English): recognise them, and answer from the names they
contain (names are matched without accents: "México" is Mexico) or ask for English.

A few function words per language are enough to tell a question apart from English; words that English shares
("a", "in", "was", "die") are left out so that an English question is never taken for another language.
"""
from __future__ import annotations

import re
import unicodedata

from ...core.text import fold

FUNCTION_WORDS = {
    "Spanish": "que dijo dicen dijeron sobre los las del por para como cual cuales quien quienes donde cuando "
               "una unos esta este fue han hay respecto acerca".split(),
    "French": "que qu quoi dit disent ont sur les des du pour comment quel quelle quels qui est une aux avec "
              "selon concernant".split(),
    "German": "sagte sagten uber ueber der das und zu mit wie welche wer ist hat eine zum zur den dem des".split(),
    "Portuguese": "disse disseram sobre os do da dos das em para como qual quem uma foi".split(),
}
ENGLISH = set("""what who whom which when where why how did does do say said says about the of to on and for is are
was were has have with by from at in as their its his her they that this these those any""".split())


def foreign_language(question: str) -> str:
    """The question's language when it is clearly not English ("" otherwise)."""
    letters = [c for c in question if c.isalpha()]
    if letters and sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "")) > len(letters) / 2:
        return "another language"
    words = re.findall(r"[a-z]+", fold(question))
    english = sum(1 for w in words if w in ENGLISH)
    best, hits = "", 0
    for lang, vocab in FUNCTION_WORDS.items():
        n = sum(1 for w in words if w in vocab)
        if n > hits:
            best, hits = lang, n
    return best if hits >= 2 and hits > english else ""


def named(plan) -> list[str]:
    """The speakers, organizations and States of the index that the question names."""
    out: list[str] = []
    for e in plan.entities:
        if e.kind in ("speaker", "affiliation", "country") and e.values:
            name = e.values[0] if e.kind != "country" else e.text
            if name not in out:
                out.append(name)
    return out


def english_question(names: list[str]) -> str:
    return f"What did {' and '.join(names)} say?"


def ask_in_english(language: str, example: str) -> str:
    return (f"The records are in English, and this question seems to be in {language}: please ask in English, "
            f"for example “{example}”. Names of speakers, organizations and States work with or without accents.")


def answered_by_names(language: str, names: list[str]) -> str:
    return (f"The records are in English and this question seems to be in {language}, so only the names in it were "
            f"understood: this is what {' and '.join(names)} said. Ask in English for a more precise answer.")
