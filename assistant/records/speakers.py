"""Who speaks in a paragraph: "Mr. Jaite (Moroccan Human Rights Association (AMDH)) said that ..."."""
from __future__ import annotations

import re

HONORIFIC = r"(?:Mr|Ms|Mrs|Miss|Mme|Mses|Messrs|Dr|Sir|Dame|Prof|Professor|Ambassador|Judge|Archbishop|Monsignor|Father|Sister)"
CHAIR = r"[Tt]he (?:Acting |Vice-)?(?:Chair|Chairperson|Chairman|Chairwoman|President|Rapporteur)"
PARTICLES = {"de", "del", "della", "da", "das", "do", "dos", "du", "van", "von", "der", "den", "el", "al", "bin", "ben", "la", "le", "y", "e", "di", "ter"}
LEAD_IN = re.compile(r"^(?:After|Following|At the invitation of)\b[^,]{0,100},\s+(?=" + CHAIR + r"\b)")
PROCEDURAL = re.compile(
    r"^(?:The agenda was adopted|The meeting (?:was (?:called|suspended|resumed|closed)|rose|resumed)"
    r"|It was so decided|The (?:draft |provisional )?(?:agenda|report|decision|resolution|programme of work|list of issues)"
    r"[^.]{0,120}? (?:was|were) adopted)", re.I)


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
    s = LEAD_IN.sub("", text, count=1)
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
        m = re.match(CHAIR + r"\b", s)
        if m:
            name, pos = m.group(0), m.end()
        else:
            m = re.match(HONORIFIC + r"\.?\s+", s)
            if not m:
                return None
            end = _name_end(s, m.end())
            if end < 0:
                return None
            name, pos = s[:end], end
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
    return re.sub(r"\s+", " ", name), re.sub(r"\s+", " ", affiliation)


def is_chair(name: str) -> bool:
    return bool(re.fullmatch(CHAIR, name))


def is_procedural(text: str) -> bool:
    return bool(PROCEDURAL.match(text))
