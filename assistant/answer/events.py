"""Which event a date belongs to: "When did the Committee adopt general comment No. 6?" is not answered by the date
of its launch, nor "When does her term expire?" by the date a text was to be adopted.

Each kind of event is asked with a few verbs and told with those verbs or their nouns; a question that asks one of
these events is answered only by a sentence that tells it (the sentence with the date, or the one it points back to).
A question asking none of them ("When were the families expelled?") is not checked. Dates and places only: a count
or a State is told with verbs of its own ("How many would get visas?" is answered by "15,000 ... seasonal workers"),
and checking them so refused 13 tuning answerables for 2 unanswerables.
"""
from __future__ import annotations

import re

# event: (how a question asks it, how a sentence tells it)
EVENTS = {
    "adopt": (r"\badopt\w*|\bapprov\w*|\bfinali[sz]\w*|\bendors\w*|\bpass(?:ed)?\b",
              r"\badopt\w*|\bapprov\w*|\bfinal(?:i[sz]\w*| form)|\bendors\w*|\bpassed\b"),
    "force": (r"\binto force\b|\bin force\b|\btak\w* effect\b|\btook effect\b|\bappl(?:y|ies|ying)\b|\bbinding\b",
              r"\binto force\b|\bin force\b|\beffect\b|\bappl(?:y|ies|ied)\b|\bapplicable\b"),
    "accede": (r"\bacced\w*|\baccession\b|\bratif\w*|\bjoin(?:s|ed|ing)?\b|\bbec(?:a|o)me (?:a |the )?(?:[\w-]+ )?"
               r"part(?:y|ies)\b|\bdeposit\w*|\bsign-up\b|\bsign(?:ed|ing|s)?\s+up\s+(?:to|for)\s+(?:the\s+)?(?:treaty|Convention)\b",
               r"\bacced\w*|\baccession\b|\bratif\w*|\bjoin\w*|\bpart(?:y|ies)\b|\bdeposit\w*|\binstrument\b"),
    "sign": (r"\bsign(?:ed|ing|s|ature|atory|atories)?\b(?![- ]?up\b)", r"\bsign(?:ed|ing|s|ature|atory|atories)?\b"),
    "launch": (r"\blaunch\w*|\bunveil\w*", r"\blaunch\w*|\bunveil\w*|\bpublic event\b|\bpresent\w*|\bmade public\b"),
    "publish": (r"\bpublish\w*|\bissu(?:e|ed|es|ing)\b|\breleas\w*|\bput out\b|\bcame out\b",
                r"\bpublish\w*|\bissu\w*|\breleas\w*|\badopt\w*|\bmade public\b"),
    "hold": (r"\bh(?:old|olds|eld|olding)\b|\bmeets?\b|\bmet\b|\bconven(?:e|ed|es|ing)\b|\btak\w* place\b|"
             r"\btook place\b|\borgani[sz]\w*|\bs[ai]t\b|\bgather(?:ed|s)?\b|\b(?:get|got)\s+together\b",
             r"\bh(?:old|olds|eld|olding)\b|\bmeet\w*|\bmet\b|\bconven\w*|\bplace\b|\borgani[sz]\w*|\bsession\b|\bevent\b|"
             r"\bgathering\b|\bseminar\b|\bconference\b|\bdialogue\b|\bhearing\b|\bvideoconference\b|\bforum\b"),
    "hear": (r"\bhear(?:s|d|ing)?\b|\blisten\w*", r"\bhear(?:s|d|ing)?\b|\blisten\w*|\bstatements?\b"),
    "end": (r"\bexpir\w*|\bends?\b|\bended\b|\bclos(?:e|ed|es|ing)\b|\bwrap\w* up\b|\bterm\b",
            r"\bexpir\w*|\bend\w*|\bclos\w*|\buntil\b|\bterm\b|\bconclu\w*"),
    "elect": (r"\belect\w*|\bchos\w*|\bappoint\w*", r"\belect\w*|\bchos\w*|\bappoint\w*"),
    "receive": (r"\breceiv\w*|\b(?:get|got)\b(?!-|\s+(?:off the ground|together|started|going|underway|under way)\b)", r"\breceiv\w*|\breceipt\b|\bfollowing\b"),
    "submit": (r"\bsubmi\w*|\bsen[dt]\b|\bfiled\b", r"\bsubmi\w*|\bsen[dt]\b|\bfiled\b|\breceiv\w*|\breceipt\b"),
    "establish": (r"\bestablish\w*|\bset up\b|\bsetting up\b|\b(?:get|got|getting)\s+(?:\w+\s+)?off the ground\b|\bcreat(?:e|ed|es|ing)\b|\bfound(?:ed|ing)\b|\bbuil[dt]\b",
                  r"\bestablish\w*|\bset up\b|\bcreat\w*|\bfound(?:ed|ing)\b|\bbuil[dt]\b|\blaunch\w*|\bopen\w*"),
    "preside": (r"\bpresid\w*|\bchair(?:ed|ing)\b|\bheaded\b", r"\bpresid\w*|\bchair\w*|\bhead\w*|\bPresident\b|\bled\b"),
    "open": (r"\bopen(?:ed|s)?\b|\b(?:beg[ia]n|start(?:ed|s)?)\b(?!\s+(?:to\s+)?\w+ing\b|\s+to\s+\w+)|\b(?:get|got)\s+(?:started|going|underway|under way)\b|\bcommenc\w*", r"\bopen\w*|\bbeg[ia]n\w*|\bstart\w*|\bcommenc\w*"),
}
_ASKED = {name: re.compile(asked, re.I) for name, (asked, _) in EVENTS.items()}
_TOLD = {name: re.compile(told, re.I) for name, (_, told) in EVENTS.items()}


def asked(question: str) -> list[str]:
    """The events a question asks the date (or place) of."""
    return [name for name, pattern in _ASKED.items() if pattern.search(question)]


def tells(events: list[str], text: str) -> bool:
    """Whether a text tells every one of these events."""
    return all(_TOLD[name].search(text) for name in events)
