"""How a quote is framed: "Ms. X (Body) said that ..." for a speaker's sentence, "The report states that ..." for a
report's, and nothing for a sentence that already names its speaker.

The frame changes no word of the quote: an opening connective ("However,", "Regrettably,") stays, lower-cased after
"said that"; the first word is lower-cased only when the records write it so and it starts no name ("General
Assembly resolution 79/165", "Mexico" stay capitalized).
"""
from __future__ import annotations

import re

from ..core.text import STOP

DISCOURSE = re.compile(r"^(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Lastly|Finally|Furthermore|Moreover|In addition|"
                       r"Nevertheless|However|Accordingly|Indeed|Similarly|Conversely|Likewise|Thus|Therefore|"
                       r"Consequently|Nonetheless|Regrettably|Unfortunately|Recently|Also)\s*,\s*")


def lower_first(s: str, names: set[str], lower_words: set[str], is_country) -> str:
    """ "Turning to ..." becomes "turning to ..." after "said that"; names the records capitalize stay ("Mexico",
    "General Assembly": a capitalized word before another capitalized word starts a name)."""
    first = re.match(r"([A-Za-z][\w'’-]*)(\s+[A-Z])?", s)
    word = first.group(1) if first else ""
    if not word or word == "I" or not (word[1:].islower() or len(word) == 1):
        return s  # "UNHCR", "I"
    known_name = word in names or is_country(word.lower())
    if known_name and first.group(2) and word.lower() not in STOP:
        return s  # "General Assembly", "Member States"
    if word.lower() in lower_words or not known_name:
        return s[0].lower() + s[1:]
    return s


def framed(sentence: str, lower) -> str:
    """The sentence as it follows "said that": an opening connective kept and lower-cased, the rest as the record
    writes it unless it opens it."""
    m = DISCOURSE.match(sentence)
    if m:
        return sentence[0].lower() + sentence[1:m.end()] + sentence[m.end():]
    return lower(sentence)


def attribute(sentence: str, meta: dict, lower) -> str:
    """The sentence framed with who said it (`lower`: `lower_first` bound to the records' words)."""
    speaker, affiliation = meta.get("speaker", ""), meta.get("affiliation", "")
    surname = speaker.split()[-1] if speaker else ""
    if not speaker:
        if meta.get("doc_type") == "report":
            if re.match(r"^[^.;]{3,40}: ", sentence):
                return "The report lists " + sentence  # a table row: "Name of member: ...; Country ...: ..."
            return "The report states that " + framed(sentence, lower)
        return sentence
    head = sentence[:120]
    if (surname and surname in head[:60]) or re.match(r"(?:After|Following)\b.*\b[Tt]he Chair", head) or head.startswith("The Chair"):
        return sentence  # the record already names the speaker
    # ("The Chairperson (Chair)" says it twice)
    who = f"{speaker} ({affiliation})" if affiliation and affiliation.lower() not in speaker.lower() else speaker
    return f"{who} said that {framed(sentence, lower)}"
