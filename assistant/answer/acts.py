"""What the Committee itself said or did: "What did the Committee recommend to X?", "What did the concluding
observations on X conclude?".

Records often mention the Committee's acts without their content ("it had adopted concluding observations on the
reports of Benin, Egypt ..."), and other speakers recommend things too. Such a question is answered only by the
Committee's own voice (its Chair or a member, or a sentence whose subject is the Committee) and by a sentence that
tells of the asked act itself (a recommendation for "recommend"), not by one that only names the document.
"""
from __future__ import annotations

import re

from ..core.text import fold
from .evidence import names

COMMITTEE_ACT = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?"
    r"(?P<subject>Committee(?:['’]s)?(?:\s+concluding observations)?|CMW|concluding observations)"
    r"(?:\s+(?:on|for|to|about|regarding)\s+[^?]*?)?\s+(?:(?:previously|already|formally|also|ever|finally|recently|"
    r"then|first)\s+)?"  # "had the Committee previously adopted"
    r"(?P<verb>recommend|conclude|decide|urge|find|request|call|note|observe|say|state|adopt|agree|reach)(?:e?d|s)?\b", re.I)
# What the question asks the act produced ("What concluding observations did the Committee adopt on X?"): the sentence
# telling of the act must name it, beside the State ("adopted a list of issues for X" is not concluding observations).
# Each in either number, as a sentence may name it ("a list of issues" for "lists of issues"); an outcome is asked
# of no document.
OBJECT_FORMS = [r"concluding observations", r"lists? of issues", r"recommendations?", r"general comments?",
                r"decisions?", r"conclusions?"]
OBJECT = re.compile(r"\b(" + "|".join(OBJECT_FORMS + [r"outcomes?"]) + r")\b", re.I)
# How a sentence tells of each act ("concluding observations" names a document, not an act of concluding).
TELLS = {"recommend": r"\brecommend(?:s|ed|ing)?\b|\brecommendations? (?:that|to)\b|\bshould\b",
         "adopt": r"\badopt", "agree": r"\bagree|\bdecid|\bdecision|\badopt",
         "reach": r"\bdecid|\bdecision|\bagreed\b|\bconclu|\bfound\b|\badopt",
         "conclude": r"\bconclu(?:de|ded|sion)", "decide": r"\bdecid|\bdecision|\badopt|\bendors|\bapprov|\bagreed\b",
         "urge": r"\burg(?:e|ed|ing)\b", "find": r"\bf(?:ind|inds|ound|inding)\b", "request": r"\brequest",
         "call": r"\bcall(?:ed|s|ing)? (?:on|upon|for)\b", "note": r"\bnot(?:e|ed|es|ing)\b",
         "observe": r"\bobserv(?:e|ed|es|ing)\b"}
# What a document's content is told with ("in its concluding observations, the Committee urged ..."); "noted" is
# too often the speaker's own reporting verb.
DOCUMENT_ACT = r"recommend|\burg(?:e|ed|ing)\b|\bcall(?:ed|s|ing)? (?:on|upon)\b|\bconcern|\bencourag|\bwelcom|\bregrett?|\brequest"


def committee_voice(meta: dict, quoted: list[str]) -> bool:
    """The Chair or a member (a speaker with no outside affiliation), or a sentence about the Committee's doing."""
    if meta.get("affiliation") == "Chair" or (meta.get("speaker") and not meta.get("affiliation")):
        return True
    # the Committee as the subject ("the Committee had adopted", "the Committee urged"), not as an object ("welcomed
    # the initiative of the Committee to adopt ...")
    return any(re.search(r"\b[Tt]he Committee(?:['’]s [a-z]+)?\s+(?:(?:also|formally|further|then|had|has|have|would|will|did)\s+)*"
                         r"(?:had|has|have|was|were|would|will|did|is|are|should|may|[a-z]+ed|[a-z]+s)\b", s) for s in quoted)


def missing(question: str, meta: dict, quoted: list[str], named: list[list[str]] | None = None) -> str:
    """What the evidence lacks for a question about the Committee's own act ("" when nothing is asked of it, or the
    evidence has it): shown in the refusal. `named`: forms of the States or bodies the question asks about; the act
    must be told in a sentence that names them ("recommendations ... on Azerbaijan" are not Benin's)."""
    m = COMMITTEE_ACT.search(question)
    if not m:
        return ""
    verb, document = m.group("verb").lower(), "observations" in m.group("subject").lower()
    if not committee_voice(meta, quoted):
        return "the closest paragraphs are not the Committee's own words"
    tells = TELLS.get(verb) or (DOCUMENT_ACT if document else "")
    # the thing asked for, before the verb ("What concluding observations did ...") or after it ("adopt lists of issues")
    obj = OBJECT.search(question[:m.start()]) or OBJECT.search(question[m.end():])
    thing = next((f for f in OBJECT_FORMS if re.fullmatch(f, obj.group(1), re.I)), "") if obj else ""
    told = [re.sub(r"\bconcluding observations\b", " ", s, flags=re.I) for s in quoted
            if all(names(forms, fold(s)) for forms in named or [] if forms) and (not thing or re.search(thing, s, re.I))]
    if tells and not any(re.search(tells, s, re.I) for s in told):
        past = PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")
        if document:
            return f"the closest paragraphs mention the concluding observations but not what they {past}"
        whom = next((forms[0] for forms in named or [] if forms), "")
        if thing or whom:  # "Has the Committee adopted lists of issues for Mexico?": it adopted others, for others
            return (f"the closest paragraphs do not say that the Committee {past} "
                    f"{obj.group(1) if obj else 'anything'}{' for ' + whom if whom else ''}")
        return f"the closest paragraphs do not say what the Committee {past}"
    return ""


PAST = {"find": "found", "say": "said", "state": "stated", "reach": "decided or concluded", "agree": "agreed"}
