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
from .naming import names

COMMITTEE_ACT = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?"
    r"(?P<subject>Committee(?:['’]s)?(?:\s+concluding observations)?|CMW|concluding observations)"
    r"(?:\s+(?:on|for|to|about|regarding)\s+[^?]*?)?\s+(?:(?:previously|already|formally|also|ever|finally|recently|"
    r"then|first|actually|really|specifically|exactly|precisely|eventually|officially|in fact)\s+)?"  # "had the Committee previously adopted"
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


def committee_act(question: str) -> re.Match | None:
    """The Committee's act a question asks about, with its main verb: after "did" the verb is bare, so "adopted" in
    "What did the concluding observations on Peru adopted at the session say?" qualifies the document and "say" is
    asked."""
    m = COMMITTEE_ACT.search(question)
    if m and re.match(r"(?i)d(?:id|oes|o)|will|would", question[m.start():]) and m.group(0).lower().endswith(("ed", "s")):
        later = COMMITTEE_ACT_LAST.search(question)
        return later if later and not later.group(0).lower().endswith(("ed", "s")) else m
    return m


COMMITTEE_ACT_LAST = re.compile(COMMITTEE_ACT.pattern.replace(r"[^?]*?)?", r"[^?]*)?", 1), re.I)


def missing(question: str, meta: dict, quoted: list[str], named: list[list[str]] | None = None) -> str:
    """What the evidence lacks for a question about the Committee's own act ("" when nothing is asked of it, or the
    evidence has it): shown in the refusal. `named`: forms of the States or bodies the question asks about; the act
    must be told in a sentence that names them ("recommendations ... on Azerbaijan" are not Benin's)."""
    m = committee_act(question)
    if not m:
        return document_content(question, meta, quoted)
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
        past = past_of(verb)
        if document:
            return f"the closest paragraphs mention the concluding observations but not what they {past}"
        whom = next((forms[0] for forms in named or [] if forms), "")
        if thing or whom:  # "Has the Committee adopted lists of issues for Mexico?": it adopted others, for others
            return (f"the closest paragraphs do not say that the Committee {past} "
                    f"{obj.group(1) if obj else 'anything'}{' for ' + whom if whom else ''}")
        return f"the closest paragraphs do not say what the Committee {past}"
    return ""


PAST = {"find": "found", "say": "said", "reach": "decided or concluded", "set out": "set out"}


def past_of(verb: str) -> str:
    """The past form a refusal names the asked act with ("recommended", "found", "set out")."""
    return PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")


# "What did the Special Rapporteur's report A/HRC/23/46 recommend?": the content of a document, asked of the document
DOCUMENT = r"(?:reports?|resolutions?|declarations?|general comments?|concluding observations|recommendations|stud(?:y|ies)|decisions?)"
DOCUMENT_ASKED = re.compile(
    r"\b(?:did|does|do|will|would)\s+(?P<doc>(?:the|its|their|this|that)\s+(?:(?!(?:want|wish|expect|ask|hope|think|believe|"
    r"like|need|tell|consider|mean|plan)\b)[\w'’.,/-]+\s+){0,5}?" + DOCUMENT + r"\b(?:\s+(?:No\.?\s*\d+|[A-Z]+/[\w/.]+|\([^)]*\)|"
    r"(?:on|of|for|to|by|from|in|at|adopted|submitted|issued|about)\b[^?]*?))?)\s+(?<!\bto\s)"
    r"(?P<verb>say|recommend|state|conclude|find|propose|call|urge|stress|contain|include|set out|ask|request|cover|address)\b",
    re.I)
# How a sentence tells what a document says: the document then a reporting verb ("the report recommended that"),
# "in its concluding observations, ...", "according to the report"
DOCUMENT_TELLS = (r"\b(?:said|says|stated|states|recommend(?:ed|s)?|call(?:ed|s)|urg(?:ed|es)|not(?:ed|es)|f(?:ound|inds)|"
                  r"conclud(?:ed|es)|contain(?:ed|s)|includ(?:ed|es)|set(?:s)? out|highlight(?:ed|s)|stress(?:ed|es)|"
                  r"emphasi[sz](?:ed|es)|express(?:ed|es)|provid(?:ed|es)|propos(?:ed|es)|request(?:ed|s)|ask(?:ed|s)|"
                  r"encourag(?:ed|es)|underlin(?:ed|es)|reaffirm(?:ed|s)|recogni[sz](?:ed|es)|affirm(?:ed|s)|"
                  r"focus(?:ed|es)|address(?:ed|es)|cover(?:ed|s)|dealt|deals|describ(?:ed|es)|warn(?:ed|s)|show(?:ed|s))\b")


def document_content(question: str, meta: dict, quoted: list[str]) -> str:
    """What the evidence lacks for "What did <document> say / recommend?" ("" when nothing such is asked, or the
    evidence tells it): a sentence that only names the document ("had considered the report of the Special
    Rapporteur (A/HRC/23/46)", "had adopted concluding observations on Peru") does not tell its content. A record
    that is such a document speaks for itself ("What did the 2004 report say ...?" asked of the report)."""
    m = DOCUMENT_ASKED.search(question)
    if not m:
        return ""
    noun = re.search(DOCUMENT + r"\b(?!.*\b" + DOCUMENT + r"\b)", m.group("doc"), re.I).group(0).lower()
    if meta.get("doc_type") and meta["doc_type"].lower() in noun:
        return ""
    head = re.escape(noun.split()[-1].rstrip("s"))
    for s in quoted:
        for d in re.finditer(rf"\b{head}s?\b", s, re.I):
            after, before = s[d.end():d.end() + 120], s[max(0, d.start() - 40):d.start()]
            if re.match(r"(?:\s+[^\s.;]+){0,8}?\s+" + DOCUMENT_TELLS, after, re.I) and not \
                    re.match(r"(?:\s+[^\s.;]+){0,8}?\s+(?:and|which|that)\s", after[:len(after) // 2], re.I) \
                    or re.search(r"\b(?:in|under|according to)\s+(?:\S+\s+){0,3}$", before, re.I):
                return ""
    return f"the closest paragraphs do not say what the {noun} {past_of(m.group('verb').lower())}"
