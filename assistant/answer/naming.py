"""Whether a text names a State or body the question asks about: by name, adjective ("Spanish" names Spain) or
capital, and whether an asked slot's sentence is about them rather than about another State."""
from __future__ import annotations

import re

from ..core.glossary import capitals_in, demonym_country
from ..core.text import fold
from ..search.entities import DEMONYM
from .slots import _country_pattern


def states_by_adjective(text: str) -> set[str]:
    """The States a text names by their adjective ("Spanish security forces"), read only from words shaped like one:
    the prefix rule alone would turn "Child" into Chile."""
    return {c for m in DEMONYM.finditer(text) if (c := demonym_country(m.group(1)))}


def names_state(state: str, text: str) -> bool:
    """Whether a text names a State: by name, by adjective ("Spanish" names Spain) or by capital ("a seminar in Dakar"
    is in Senegal)."""
    return names([state], fold(text)) or state in states_by_adjective(text) or \
        any(s == state for _, s in capitals_in(text))


def other_states(sentence: str, states: list[list[str]]) -> bool:
    """Whether a sentence names a State and none of the States asked about (by name or adjective)."""
    if not states:
        return False
    named = {m.group(0) for m in _country_pattern().finditer(sentence)}
    named |= states_by_adjective(sentence)
    folded = fold(sentence)
    return bool(named) and not any(names(forms, folded) for forms in states)


def names(forms: list[str], folded: str) -> bool:
    """Whether a folded text names one of these forms of a State or body by its first five letters, at a word's
    start: "Morocco" in "the Moroccan Government"; a name of several words by its first two ("United States" is not
    "United Nations")."""
    return any(re.search(_prefix(f), folded) for f in forms if len(f) >= 4)


def _prefix(form: str) -> str:
    words = fold(form).split()
    head = r"(?<!\w)" + re.escape(words[0][:5])
    return head + (r"\w*\s+" + re.escape(words[1][:5]) if len(words) > 1 else "")


def about_named(named: list[list[str]], window: str, paragraph: str, strict: bool = False) -> bool:
    """Whether the asked slot's sentence is about the States and bodies the question names: false when its paragraph
    names them only after it (a new subject): 97,000 people in the United States are not a count for Mexico, which
    the next sentence turns to. Texts may be given folded already (folding is idempotent)."""
    text, whole = fold(window), fold(paragraph)
    for forms in named:
        if (strict or names(forms, whole)) and not names(forms, text):
            return False  # (strict: a table row must itself name it)
    return True
