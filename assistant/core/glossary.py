"""Acronyms, GCM objectives, synonyms and State names as data, plus acronyms harvested from the records."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from .text import fold

HARVEST = re.compile(r"((?:[A-Z][\w'’\-]*|of|for|on|the|and|in|against|de|des|du|la|le|to)"
                     r"(?:\s+(?:[A-Z][\w'’\-]*|of|for|on|the|and|in|against|de|des|du|la|le|to)){1,12})\s*\(([A-Z][A-Z]{1,9})\)")
SMALL = {"of", "for", "on", "the", "and", "in", "against", "de", "des", "du", "la", "le", "to"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files("assistant.core.data").joinpath("glossary.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    text = resources.files("assistant.core.data").joinpath("countries.txt").read_text(encoding="utf-8")
    return tuple(sorted({c.strip() for c in text.splitlines() if c.strip()}, key=len, reverse=True))


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital city -> State ("Dhaka" -> "Bangladesh"): people name a State by its capital ("the deal between Athens
    and Dhaka") where the records name the State."""
    text = resources.files("assistant.core.data").joinpath("capitals.txt").read_text(encoding="utf-8")
    return {city: row.split("|")[0] for row in text.splitlines() if "|" in row for city in row.split("|")[1:]}


@lru_cache(maxsize=1)
def _regions() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    text = resources.files("assistant.core.data").joinpath("regions.txt").read_text(encoding="utf-8")
    rows = [line.split(" ; ") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(name, re.compile(rf"(?<![\w-]){regex}(?![\w-])", re.I), tuple(states.split(","))) for name, regex, states in rows]


def regions_in(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(words, region, its States) for each region a text names: people place a speaker or a State by its region ("the
    expert from the South Caucasus", "a Gulf State") where the records name the State."""
    return [(m.group(0), name, states) for name, pattern, states in _regions() for m in pattern.finditer(text)]


def capital_of(state: str) -> str:
    return next((city for city, s in capitals().items() if s == state), "")


def capitals_in(text: str) -> list[tuple[str, str]]:
    """(city, State) for each capital a text names, and the capital of each State named as "the Senegalese
    capital" or "the capital of Senegal"."""
    # (a plain substring test first: the word-bounded search runs for the few cities the text contains at all)
    out = [(city, state) for city, state in capitals().items()
           if city in text and re.search(rf"(?<![\w-]){re.escape(city)}(?![\w-])", text)]
    for m in re.finditer(r"\b(?:the\s+)?([A-Z][\w'’-]+)\s+capital\b|\bcapital (?:city )?of\s+(?:the\s+)?([A-Z][\w'’ -]+?)(?=[\s,.?;:]|$)", text):
        state = demonym_country(m.group(1)) if m.group(1) else m.group(2)
        if state and capital_of(state):
            out.append((capital_of(state), state))
    return list(dict.fromkeys(out))


def objective_title(n: int) -> str:
    return _data()["gcm_objectives"].get(str(n), "")


def synonyms() -> dict[str, list[str]]:
    return _data()["synonyms"]


def _initials_hits(long: str, acronym: str) -> int:
    """ "Moroccan Human Rights Association" ~ AMDH: nearly all the acronym's letters are initials (any order,
    since many acronyms come from the French or Spanish name)."""
    initials = [w[0].upper() for w in re.split(r"[\s\-]+", long) if w and w.lower() not in SMALL]
    hits = 0
    for ch in acronym.upper():
        if ch in initials:
            initials.remove(ch)
            hits += 1
    return hits


def harvest(texts: list[str]) -> dict[str, set[str]]:
    """Acronyms the records define in parentheses: "Moroccan Human Rights Association (AMDH)"."""
    found: dict[str, set[str]] = {}
    for t in texts:
        for m in HARVEST.finditer(t):
            words = m.group(1).split()
            while words and words[0].lower() in SMALL:
                words = words[1:]
            acr = m.group(2)
            # The shortest tail of the phrase that best explains the acronym: "... Association (AMDH)".
            best, best_hits = "", 0
            for i in range(len(words) - 2, -1, -1):
                hits = _initials_hits(" ".join(words[i:]), acr)
                if hits > best_hits:
                    best, best_hits = " ".join(words[i:]), hits
            if best and best_hits >= max(2, len(acr) - 1):
                found.setdefault(acr, set()).add(best)
    return found


class Glossary:
    def __init__(self, harvested: dict[str, set[str]] | None = None):
        self.acronyms: dict[str, list[str]] = {k: list(v) for k, v in _data()["acronyms"].items()}
        for acr, longs in (harvested or {}).items():
            known = self.acronyms.setdefault(acr, [])
            for long in sorted(longs):
                if long.lower() not in {k.lower() for k in known}:
                    known.append(long)

    def expand(self, acronym: str) -> list[str]:
        return self.acronyms.get(acronym.upper(), [])

    def acronyms_in(self, text: str) -> list[str]:
        return [t for t in re.findall(r"\b[A-Z][A-Za-z]{1,9}\b", text)
                if t.upper() in self.acronyms and (t.isupper() or t.upper() == t.upper() and len(t) > 3 and t[1:].isupper())]


DEMONYM_EXCEPTIONS = {"Filipino": "Philippines", "Dutch": "Netherlands", "Swiss": "Switzerland", "French": "France",
                      "British": "United Kingdom of Great Britain and Northern Ireland", "Greek": "Greece",
                      "Spanish": "Spain", "Danish": "Denmark", "Polish": "Poland", "Finnish": "Finland", "Irish": "Ireland",
                      "Turkish": "Türkiye", "Thai": "Thailand", "Welsh": "United Kingdom of Great Britain and Northern Ireland",
                      # States of two words have one-word adjectives the prefix rule cannot reach
                      "Burkinabe": "Burkina Faso", "Burkinabé": "Burkina Faso", "Salvadoran": "El Salvador",
                      "Salvadorian": "El Salvador", "Saudi": "Saudi Arabia", "Emirati": "United Arab Emirates",
                      "Ivorian": "Côte d'Ivoire"}


def demonym_country(word: str) -> str:
    """ "German" -> "Germany", "Moroccan" -> "Morocco", "Italian" -> "Italy": the one State whose name starts like the
    adjective (the shortest such start of at least four letters)."""
    if word in DEMONYM_EXCEPTIONS:
        return DEMONYM_EXCEPTIONS[word]
    w = fold(word)
    for n in range(4, len(w)):
        found = {c for c in countries() if fold(c).startswith(w[:n]) and " " not in c and fold(c) != w}
        if len(found) <= 1:
            return next(iter(found), "")
    return ""
