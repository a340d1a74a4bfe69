"""Typos in a question, corrected against the words the records use: "sesion of the comittee" is "session of the
committee", "Marocco" is "Morocco", "Dialo" is "Diallo".

A word is corrected only when no record uses it, the embedding model's vocabulary (a dictionary of ~20,000 English
words) does not hold it either, and one word the records use is close to it (difflib ratio >= CLOSE, about one
letter in eight). A real word the records never use ("pension", "Australia") stays as it is, so a question about
something the records lack is still refused; without a dictionary nothing is corrected.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import lru_cache

from ..core.glossary import capitals, countries, demonym_country

CLOSE = 0.85      # 1 - about one edit in eight letters: "comittee" (0.94), "migrnats" (0.88), not "Austria"/"Australia"
SHORTEST = 5      # shorter words have too many neighbours to guess from
TITLED = re.compile(r"\b((?:Mr|Ms|Mrs|Dr|Professor)\.?\s+)([A-Za-z][a-z]{%d,})\b" % (SHORTEST - 2), re.I)
WORD = re.compile(r"(?<![\w'’./-])[A-Za-z][a-z]{%d,}(?![\w'’/-])" % (SHORTEST - 1))


class Speller:
    def __init__(self, corpus_text: str, dictionary: frozenset[str]):
        self.counts = Counter(re.findall(r"[a-z]{%d,}" % (SHORTEST - 1), corpus_text.lower()))
        self.dictionary = dictionary
        self._by_length: dict[int, list[str]] = {}
        for w in self.counts:
            self._by_length.setdefault(len(w), []).append(w)

    def suggest(self, word: str, name: bool = False) -> str | None:
        """The word the records use that this unknown word misspells, or None; `name`: it follows a title ("Ms.
        Dialo"), so it is a surname whether or not the dictionary holds it."""
        low = word.lower()
        if not self.dictionary or low in self.counts or (low in self.dictionary and not name) or known_place(word):
            return None
        pool = [w for n in range(len(low) - 2, len(low) + 3) for w in self._by_length.get(n, [])]
        close = difflib.get_close_matches(low, pool, n=3, cutoff=CLOSE)
        if not close:
            return None
        ratio = lambda w: difflib.SequenceMatcher(None, low, w).ratio()  # noqa: E731
        best = max(close, key=lambda w: (round(ratio(w), 3), self.counts[w]))
        return best.capitalize() if word[0].isupper() else best

    def correct(self, question: str) -> str:
        question = TITLED.sub(lambda m: m.group(1) + (self.suggest(m.group(2), name=True) or m.group(2)), question)
        return WORD.sub(lambda m: self.suggest(m.group(0)) or m.group(0), question)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(w.lower() for name in list(countries()) + list(capitals()) for w in re.findall(r"[A-Za-z]+", name))


def known_place(word: str) -> bool:
    """A State, capital or State adjective the records may not use ("Burkinabe", "Dhaka") is no typo."""
    return word.lower() in _places() or bool(demonym_country(word.capitalize()))
