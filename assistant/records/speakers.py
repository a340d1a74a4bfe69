"""Who speaks in a paragraph: "Mr. Jaite (Moroccan Human Rights Association (AMDH)) said that ..."."""
from __future__ import annotations

import re

from .noise import tidy, title_case_name

HONORIFIC = r"(?:Mr|Ms|Mrs|Miss|Mme|Mses|Messrs|Dr|Sir|Dame|Prof|Professor|Ambassador|Judge|Archbishop|Monsignor|Father|Sister)"
# Roles that speak under their title, in any case style ("The Chair", "The CHAIRPERSON").
CHAIR = (r"(?:[Tt]he|THE) (?:(?i:acting|vice-|temporary)\s?)?(?i:chair(?:person|man|woman)?|president|(?:country )?rapporteur"
         r"|secretary of the committee|secretary)\b")
NOT_SPEECH = re.compile(r"(?:had|has|was|were|would|could|might|should|and|or|of|to|in|for|who|whose|which|'s)\b")
PRESIDING = re.compile(r"the (?:acting )?(?:chair(?:person|man|woman)?|president)", re.I)
TEMPORARY = re.compile(r"the temporary (?:chair(?:person|man|woman)?|president)", re.I)
REPRESENTATIVE = re.compile(r"^(?:An?|The) (?:representative|observer|delegate|member of the delegation|spokesperson)"
                            r" (?:of|for) (?:the )?(?P<who>[A-Z][^,;]{1,80}?)(?=,| (?:[a-z]+ed|said|spoke|thanked|asked"
                            r"|noted|made|gave|took|drew|spoke|read)\b)")
TAKES_CHAIR = re.compile(r"^(?:In the absence of [^,]+, )?(?P<name>(?:Mr|Ms|Mrs|Dr|Sir)\.?\s[^,(]+?)"
                         r"(?:\s*\([^)]*\))?,?(?: [^,]+,)? (?:took|resumed) the [Cc]hair\b")
PARTICLES = {"de", "del", "della", "da", "das", "do", "dos", "du", "van", "von", "der", "den", "el", "al", "bin", "ben", "la", "le", "y", "e", "di", "ter"}
LEAD_IN = re.compile(r"^(?:After|Following|At the invitation of)\b[^,]{0,100},\s+(?=" + CHAIR + r")")
PROCEDURAL = re.compile(
    r"^(?:The agenda was adopted|The meeting (?:was (?:called|suspended|resumed|closed)|rose|resumed)"
    r"|It was so decided|The (?:draft |provisional )?(?:agenda|report|decision|resolution|programme of work|list of issues)"
    r"[^.]{0,120}? (?:was|were) adopted"
    r"|At the invitation of the (?:Chair|Chairperson|President)\b(?![^,]*, the (?:Chair|Chairperson)\b)"
    r"|The (?:members of the )?delegations? of\b.{0,120}?\b(?:withdrew|took|joined|left|resumed)"
    r"|The (?:public |closed )?(?:part of the )?meeting was suspended"
    r"|The Committee (?:observed|stood|rose) (?:for )?a minute of silence"
    r"|(?=.{0,160}$).{0,120}\b(?:was|were) (?:adopted|approved)\b[^.]{0,60}\.$"
    r"|(?:In the absence of [^,]+, )?(?:Mr|Ms|Mrs|Dr)\.?\s[^.]{1,80}? (?:took|resumed) the [Cc]hair)", re.I)


def balanced_parenthesis(s: str, start: int) -> int:
    """Index just past the parenthesis opened at s[start], or -1 when it never closes."""
    depth = 0
    for i in range(start, len(s)):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _name_end(s: str, pos: int) -> int:
    """End of the capitalised name tokens (initials and particles allowed) starting at pos; -1 if none."""
    end, tokens = pos, 0
    while tokens < 6:
        m = re.match(r"(\s*)([A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][\w'’\-]*)", s[end:])
        if m and (tokens == 0 or m.group(1)):
            if m.group(2).endswith(("'s", "’s")):
                return -1  # possessive: "Mr. X's proposal", not a speaker
            end += m.end()
            tokens += 1
            continue
        p = re.match(r"\s+([a-z]+)(?=\s+(?:[a-z]+\s+)?[A-ZÀ-ÖØ-Þ])", s[end:])
        if tokens and p and p.group(1) in PARTICLES:
            end += p.end()
            continue
        break
    return end if tokens else -1


def detect_speaker(text: str, bold_name: str = "") -> tuple[str, str] | None:
    """Return (speaker, affiliation) when the paragraph names who is speaking."""
    s = LEAD_IN.sub("", text if bold_name else tidy(text[:400]), count=1)
    name = ""
    if bold_name and (s.startswith(bold_name) or re.match(CHAIR, bold_name)):
        name = bold_name.strip().rstrip(",")
        if not s.startswith(name):
            idx = s.find(name)
            if idx < 0 or idx > 100:
                return None
            s = s[idx:]
        pos = len(name)
    else:
        m = re.match(CHAIR, s)
        rep = REPRESENTATIVE.match(s)
        if m:
            name, pos = _role_case(m.group(0)), m.end()
        elif rep:
            return re.sub(r"\s+", " ", rep.group(0)), rep.group("who").strip()
        else:
            m = re.match(HONORIFIC + r"\.?\s+", s)
            if not m:
                return None
            end = _name_end(s, m.end())
            if end < 0:
                return None
            name, pos = title_case_name(s[:end]), end
    affiliation = ""
    rest = s[pos:]
    lead = len(rest) - len(rest.lstrip())
    if rest[lead:lead + 1] == "(":
        close = balanced_parenthesis(rest, lead)
        if close < 0:
            return None
        affiliation = rest[lead + 1:close - 1].strip()
        rest = rest[close:]
    after = rest.lstrip()
    # A speaker is followed by a verb or an aside ("said", "asked", ", speaking via video link,").
    if not after or not (after[0] in ",:;" or after[0].islower()):
        return None
    if NOT_SPEECH.match(after):
        return None  # "Mr. X had asked …", "Mr. X and Ms. Y …": a mention, not a new speaker
    return re.sub(r"\s+", " ", name), re.sub(r"\s+", " ", affiliation)


def _role_case(role: str) -> str:
    """ "The CHAIRPERSON" -> "The Chairperson"; a role printed in normal case stays as printed."""
    if role[4:].isupper():
        words = role[4:].lower().split()
        return "The " + " ".join(w if w in ("of", "the") and i else w.capitalize() for i, w in enumerate(words))
    return role


def is_chair(name: str) -> bool:
    """The presiding member (resolved to the chair's name), not a rapporteur or secretary."""
    return bool(PRESIDING.fullmatch(name))


def is_temporary_chair(name: str) -> bool:
    return bool(TEMPORARY.fullmatch(name))


def chair_taken(text: str) -> str:
    """ "Mr. Ünver took the Chair." -> "Mr. Ünver" (the chair from here on); "" otherwise."""
    m = TAKES_CHAIR.match(tidy(text))
    return title_case_name(m.group("name").strip()) if m else ""


def is_procedural(text: str) -> bool:
    return bool(PROCEDURAL.match(text))
