"""What binds an asked fact to what the question names: a person's State, a deadline, a count's year, signing or
joining a treaty, a named meeting, the Convention's own articles (used by `evidence.Evidence.score`), and the numbered
or dated things a question names that an answer must mention."""
from __future__ import annotations

import re

from ..core.numbers import ordinal_words
from ..core.glossary import capitals
from ..core.text import STOP, fold
from ..records.masthead import MONTHS
from ..index.corpus import stem_tokens
from .slots import MONTH, _country_pattern

SIGNED = re.compile(r"\bsign(?:s|ed|ing|ature|atures|atory|atories)?\b(?![\s-]+(?:up|on|off)\b)", re.I)  # "sign off on" approves
# ("sign up to the treaty", "a formal sign-up": joining it)
JOINED = re.compile(r"\b(?:ratif\w*|acce(?:de|des|ded|ding|ssions?)|[Ss]tates? [Pp]art(?:y|ies)|Parties|Party|"
                    r"(?i:sign-up|sign(?:s|ed|ing)?\s+up\s+(?:to|for)\s+(?:the\s+)?(?:treaty|Convention|instrument)))\b")


NAMED_EVENT = re.compile(r"\b(?:Meeting|Conference)s?\s+of\s+(?:the\s+)?((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)*)")


def heads(text: str) -> set[str]:
    """Word stems cut to five letters, so any form of a word is found: "Chairs" is "Chairpersons", "ratified" (ratifi)
    is "ratification" (ratif)."""
    return {t[:5] for t in stem_tokens(text)}


def dated_as(years: set[str], text: str) -> bool:
    """Whether a count's text is dated in a year asked ("as at 20 August 2004" is not "by 2013"); undated is fine."""
    told = set(STATUS_YEAR.findall(text))
    return not told or bool(told & years)


def treaty_act(text: str, strict: bool = True) -> str:
    """Which act on a treaty a text tells: "sign", "join" (ratify, accede, be a party), "both" or "". A question
    (`strict`) asks one only when it names that one and not the other."""
    if strict:  # "signed but not yet ratified": the act asked for is the one done, not the one negated
        text = re.sub(r"\b(?:(?:but|and|yet)\s+(?:(?:have|has|had)\s+)?(?:not|never)|without)\s+(?:yet\s+|ever\s+)?\w+", " ",
                      text, flags=re.I)
    signed, joined = SIGNED.search(text) is not None, JOINED.search(text) is not None
    if signed and joined:
        return "" if strict else "both"
    return "sign" if signed else "join" if joined else ""


STATUS_YEAR = re.compile(r"\b(?:[Aa]s (?:at|of)|[Bb]y|[Ii]n|[Ss]ince|[Uu]ntil)\s+(?:(?:early|late|mid-?)\s*)?(?:\d{1,2}\s+)?"
                         r"(?:" + MONTH + r"\s+)?((?:19|20)\d\d)\b")
# A date asked of what is due, expected or scheduled is told as such: "had deposited ... on 5 November 2024" is no
# deadline for a report
FUTURE_ASKED = re.compile(r"\b(?:due|deadline|expected|scheduled|planned|will|shall|going to|next|upcoming|forthcoming)\b", re.I)
FUTURE_TOLD = re.compile(r"\b(?:due|deadline|expected|scheduled|planned|would|will|shall|(?:was|were|is|are) to|next|"
                         r"upcoming|forthcoming|future|expir\w*)\b|\b(?:by|before|until)\s+(?:\d|the end|" + MONTH + ")", re.I)
NATIONALITY = re.compile(r"\bnationality\b|\bnational of\b|\bcitizen of\b|\b(?:which|what) (?:country|State|nation)\b[^?]*"
                         r"\b(?:from|hails? from|comes? from|represent(?:s|ed)?|a national of)\s*\??\s*$", re.I)


def national(sentence: str, meta: dict, people: list[list[str]]) -> bool:
    """Whether a sentence tells the State of a person asked about: the person spoke for a State, or a State is printed
    right after their name ("Prasad Kariyawasam (Sri Lanka)"); "Mr. Tall thanked Morocco" tells none."""
    for forms in people:
        surnames = {f.split()[-1] for f in forms if f.split()}
        if any(sn in meta.get("speaker", "") for sn in surnames) and \
                _country_pattern().fullmatch(meta.get("affiliation", "")):
            return True
        if any(_country_pattern().search(sentence[m.end(): m.end() + 40])
               for sn in surnames for m in re.finditer(rf"\b{re.escape(sn)}\b", sentence)):
            return True
    return False


# "Which Convention article ...?", "which article of the Convention": the Convention the records are about, not
# another treaty whose name goes on ("the Convention against Torture", "the Convention on the Rights of the Child")
OWN_CONVENTION = re.compile(r"\bConvention(?:['’]s)?\s+articles?\b|\barticles?\s+of\s+the\s+Convention\b(?!\s+(?:against|on|for|relating)\b)")
OTHER_TREATY_ARTICLE = re.compile(r"\barticles?\s+[\d, and]+\s+of\s+the\s+(?:[A-Z][\w-]*\s+)*Convention\s+"
                                  r"(?:against|on|for|relating to)\s+(?:the\s+)?(?!Protection of the Rights of All Migrant|"
                                  r"Migrant Workers)[A-Z][^,.;]*")


def row_numbers(asked: str, rows: list[str]) -> set[str]:
    """The numbers the question states that some table row holds ("2005" of "whose terms ended in 2005")."""
    return {n for n in re.findall(r"\b\d+\b", asked) if any(re.search(rf"\b{n}\b", r) for r in rows)}


def holds_numbers(row: str, told: set[str]) -> bool:
    """Whether a table row holds every one of them ("2005", not "2007")."""
    return all(re.search(rf"\b{n}\b", row) for n in told)


# "the declaration of December 2024", "Migrants Day 2024": the date of the thing asked about ("the report of 2004", "in
# 2013" and "Since 2004" say which record or when, not which thing)
OWN_DATE = re.compile(rf"\b(?!(?:sessions?|meetings?|records?|reports?|discussions?|dialogues?|debates?|summary|minutes|"
                      rf"years?)\b)[A-Za-z]+\s+(?:of|dated)\s+(?:\d{{1,2}}\s+)?(?:(?:{MONTH})\s+)?((?:19|20)\d\d)\b|"
                      rf"\b(?!(?:{MONTH}|In|Since|By|Until|Till|Before|After|From|During|Of|As|At|On|For|Through|Between|"
                      rf"And|Or|The|Also|Then|Early|Late|Mid)\b)[A-Z][a-z]+\s+((?:19|20)\d\d)\b")
LABELLED = re.compile(r"\b(No|Nos|objectives?|articles?|resolutions?|paragraphs?|recommendations?|rules?)\.?\s*$", re.I)


def missing_labels(plan, quoted: list[str]) -> list[str]:
    """The numbered or dated things the question names ("ILO Convention No. 97", "objective 15", "the 59th party",
    "the declaration of December 2024") that no quoted sentence mentions: a number is a precise name, so an
    answer without it is about another thing."""
    shown, out = fold(" ".join(quoted)), []
    for m in re.finditer(r"(?<![\w/.])\d{1,4}(?![\w/])", plan.question):
        label = LABELLED.search(plan.question[:m.start()])
        if label and not re.search(labelled_number(label.group(1), m.group(0)), shown):
            out.append(f"{label.group(1)}{'.' if label.group(1).lower() in ('no', 'nos') else ''} {m.group(0)}")
    # (not a session or meeting: "the 39th and 40th sessions" name records)
    # (nor a day: "on 18th December")
    for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?!(?:,?\s+(?:and|or|to)?\s*(?:the\s+)?\d+\w*)*\s+(?:sessions?|meetings?)\b)"
                         rf"(?!\s+(?:of\s+)?{MONTH})", plan.question):
        n = int(m.group(1))
        if n not in set(plan.sessions) | set(plan.meetings) and not re.search(rf"(?<![\w-]){ordinal_words(n)}\b", shown) \
                and not re.search(rf"\b{n}(?:st|nd|rd|th)\b", shown):
            out.append(m.group(0))
    # "the declaration of December 2024" answered by a sentence that dates it to another year
    years = set(re.findall(r"\b(?:19|20)\d\d\b", shown))
    out += [y for m in OWN_DATE.finditer(plan.question) for y in m.groups() if y and years and y not in years]
    return out


def labelled_number(label: str, n: str) -> str:
    """A pattern for a labelled number in folded text, in either number of its label and inside a list: "article 68" is
    in "articles 67 and 68", "Nos. 97 and 143" holds No. 143."""
    base = "nos?" if label.lower() in ("no", "nos") else re.escape(label.lower().rstrip("s")) + "s?"
    return rf"(?i)\b{base}\.?\s+(?:[\d/]+(?:\s*,\s*|\s+(?:and|or|to)\s+))*{n}(?![\d/])"


EVENT_IDF = 2.0  # a name rarer than this says which event an outcome question asks about


def event_names(question: str, vocab, rarity) -> list[list[str]]:
    """The names a question gives after its first word that say which event it asks about ("Torture", "EU" with its
    long forms), each as its forms; not months, places, speakers or this Committee's own names, which say where or
    who. `rarity(stem)` is a stem's IDF."""
    speakers = {n.split()[-1] for n in vocab.speakers}
    out = []
    for w in re.findall(r"(?<=\s)[A-Z][\w-]+", question):
        if w.lower() in STOP or w.lower() in MONTHS or w in speakers or w in capitals() or fold(w) in vocab.headings:
            continue
        forms = [f for f in [w] + (vocab.glossary.expand(w) if w.isupper() else []) if len(f) >= 4]
        if not forms:  # "No" of "No. 6", an acronym nobody spells out: no name to look for
            continue
        if not any("Migrant Workers" in f for f in forms) and \
                (w.isupper() or any(rarity(t) >= EVENT_IDF for t in stem_tokens(w))):
            out.append(forms)
    return out
