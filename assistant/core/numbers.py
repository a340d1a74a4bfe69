"""Numbers written as words or ordinals: "Thirty-fifth", "fortieth", "506th"."""
from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4,
    "five": 5, "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7, "eight": 8, "eighth": 8,
    "nine": 9, "ninth": 9, "ten": 10, "tenth": 10, "eleven": 11, "eleventh": 11, "twelve": 12, "twelfth": 12,
    "thirteen": 13, "thirteenth": 13, "fourteen": 14, "fourteenth": 14, "fifteen": 15, "fifteenth": 15,
    "sixteen": 16, "sixteenth": 16, "seventeen": 17, "seventeenth": 17, "eighteen": 18, "eighteenth": 18,
    "nineteen": 19, "nineteenth": 19,
}
TENS = {
    "twenty": 20, "twentieth": 20, "thirty": 30, "thirtieth": 30, "forty": 40, "fortieth": 40,
    "fifty": 50, "fiftieth": 50, "sixty": 60, "sixtieth": 60, "seventy": 70, "seventieth": 70,
    "eighty": 80, "eightieth": 80, "ninety": 90, "ninetieth": 90,
}
_TENS_RE = "|".join(TENS)
_UNITS_RE = "|".join(sorted(UNITS, key=len, reverse=True))
WORD_NUMBER = re.compile(rf"\b(?:(?:{_TENS_RE})(?:[- ](?:{_UNITS_RE}))?|(?:{_UNITS_RE}))\b", re.I)
ORDINAL_DIGITS = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)\b", re.I)


def word_to_int(text: str) -> int | None:
    """ "Thirty-fifth" -> 35, "nineteenth" -> 19, "forty two" -> 42; None when it is not a number word."""
    words = re.split(r"[- ]+", text.strip().lower())
    total = 0
    for w in words:
        if w in TENS:
            total += TENS[w]
        elif w in UNITS:
            total += UNITS[w]
        else:
            return None
    return total if words else None


def number_before(text: str, noun: str) -> int | None:
    """The number that qualifies `noun`: "Thirty-fifth session" or "35th session" -> 35."""
    m = re.search(rf"\b(\d{{1,4}})(?:st|nd|rd|th)?\s+{noun}\b", text, re.I)
    if m:
        return int(m.group(1))
    for m in re.finditer(rf"\b([A-Za-z]+(?:[- ][A-Za-z]+)?)\s+{noun}\b", text, re.I):
        for cand in (m.group(1), m.group(1).split()[-1]):
            n = word_to_int(cand)
            if n:
                return n
    return None


def mentioned_numbers(pattern: str, text: str) -> list[int]:
    """Numbers next to a noun: "the 506th meeting", "session 40", "the fortieth session" -> [506], [40], [40]."""
    out = []
    for m in re.finditer(rf"\b(\d{{1,4}})(?:st|nd|rd|th)?\s+{pattern}s?\b", text, re.I):
        out.append(int(m.group(1)))
    for m in re.finditer(rf"\b{pattern}s?\s+(?:no\.?\s*)?(\d{{1,4}})\b", text, re.I):
        out.append(int(m.group(1)))
    for m in re.finditer(rf"\b([A-Za-z]+(?:[- ][A-Za-z]+)?)\s+{pattern}(s?)\b", text, re.I):
        for cand in (m.group(1), m.group(1).split()[-1]):
            if m.group(2) and not re.search(r"(?:first|second|third|th)$", cand, re.I):
                continue  # "the last two sessions" counts them
            n = word_to_int(cand)
            if n:
                out.append(n)
                break
    # "the thirty-ninth and fortieth sessions", "the 39th, 40th and 41st session": every one of a list
    one = r"(?:\d{1,4}(?:st|nd|rd|th)?|[A-Za-z]+(?:-[A-Za-z]+)?)"
    number = lambda part: int(re.match(r"\d+", part).group(0)) if re.match(r"\d", part) else word_to_int(part)  # noqa: E731
    for m in re.finditer(rf"\b((?:{one}\s*(?:,|\band\b|\bor\b|&)\s*)+)({one})\s+{pattern}s?\b", text, re.I):
        if not number(m.group(2)) or not re.search(r"(?:first|second|third|th|\d(?:st|nd|rd))$", m.group(2), re.I):
            continue  # "the first and only session": one session, "only" is no number; "one and two sessions" no ordinal
        for part in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", m.group(1)):
            n = number(part) if part else 0
            if n and n not in out:
                out.append(n)
    return out


def spelled_ordinals(text: str) -> list[int]:
    """Every number in the text, written in digits, ordinals or words ("fortieth" -> 40)."""
    out = [int(m.group(1)) for m in ORDINAL_DIGITS.finditer(text)]
    out += [n for m in WORD_NUMBER.finditer(text) if (n := word_to_int(m.group(0)))]
    return out


_ORD_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORD_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
_ORD_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def ordinal_words(n: int) -> str:
    """35 -> "thirty-fifth", as the records write sessions."""
    if not 0 < n < 100:  # meetings: "591st", "612th"
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
    if n < 10:
        return _ORD_UNITS[n - 1]
    if n < 20:
        return _ORD_TEENS[n - 10]
    tens = _ORD_TENS[n // 10 - 2]
    return tens[:-1] + "ieth" if n % 10 == 0 else f"{tens}-{_ORD_UNITS[n % 10 - 1]}"
