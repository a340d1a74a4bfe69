"""Question understanding without an LLM: entities from the index, filters, expansions, record facts."""
from __future__ import annotations

import re
from typing import Callable
from dataclasses import dataclass, field

from ..core.glossary import capital_of, capitals, capitals_in, countries, regions_in, objective_title, synonyms
from ..records.masthead import MONTHS, month_key
from ..core.numbers import mentioned_numbers, ordinal_words  # noqa: F401  (ordinal_words: re-exported)
from ..core.text import STOP, fold
from ..index.corpus import stem_tokens
from .regions import speaking_regions
from .entities import (BODY_ROLES, CHAIR_FACT, GENERIC_ACRONYMS, Entity, Vocabulary, member_of_state, member_speaks, recognise, unknown_names,
                       unknown_speaker)

TOPIC_CUE = re.compile(r"\b(?:about|on|regarding|concerning|in relation to|with regard to|towards|of)\s*$", re.I)
MONTH_BEFORE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(?:\d{1,2},?\s+)?$", re.I)
OBJECTIVE = re.compile(r"\bobjectives?\s+((?:\d{1,2}(?:\s*(?:,|and|&|or)\s*)?)+)", re.I)
MEETING_WORD = r"(?:meeting|sitting|record|session|discussion)"
FACT_PATTERNS = {
    "chair": CHAIR_FACT,
    "place": re.compile(r"\bwhere\b.*\b(?:held|take place|took place|meet|met|hold)\b|\b(?:which|what) (?:building|venue|palais)\b|\bhosted the (?:meeting|sitting)\b", re.I),
    "agenda": re.compile(r"\bsymbol of the (?:provisional )?agenda\b|\bagenda(?:'s)? symbol\b", re.I),
    "symbol": re.compile(r"\b(?:document|record)(?:'s)? (?:symbol|number)\b|\bsymbol of (?:the|this|that) (?:summary )?record\b|"
                         r"\b(?:what|which) symbol\b", re.I),
    "session": re.compile(r"\b(?:which|what) session\b[^?]*\b(?:meeting|sitting|record|belong|part|held)\b", re.I),
    "issued": re.compile(r"\bissue date\b|\b(?:when|what date|which date|what day)\b[^?]*\b(?:issued|published|distributed|released)\b", re.I),
    "rose": re.compile(r"\b(?:what time|when|what hour|at what hour)\b.*\b(?:rise|rose|end|ended|close|closed|finish|finished|adjourn|"
                       r"adjourned|conclude|concluded|wrap(?:ped)? up)", re.I),
    "opened": re.compile(r"\b(?:what time|when|what hour|at what hour)\b.*\b(?:start|started|begin|began|open|opened|called to order|convene)", re.I),
    "date": re.compile(r"\b(?:(?:what|which) (?:(?:was|is) the )?(?:[\w-]+ ){0,2}?(?:date|day)|on what day|when)\b.*\b(?:held|take place|took place|meeting|"
                       r"sitting|record|report|discussion|dialogue|debate|hearing|wrap(?:ped)? up|conclude[sd]?|close[sd]?|end(?:ed)?)\b", re.I),
}


# Words of the question itself, not of its topic: never a reason to say the records lack something.
QUESTION_WORDS = set("""argue argued argues argument got get gets became become becomes want wanted wants cited cite
statement statements trace summarize summarise summary contribution contributions intervention interventions position
positions view views happen happened happens done doing make made think thought talk talked speak spoke speaker speakers
point points main key short brief overview details detail anything something topic topics question questions answer
tell told mention mentioned discuss discussed discussion record records meeting meetings session sessions committee
according regard regarding concerning exactly actually really kind sort way ways part parts many much number date
time where when which""".split())


CONVENTION_TITLE = re.compile(r"\b(?:the\s+)?International Convention on the Protection of the Rights of All Migrant "
                              r"Workers and Members of Their Families\b", re.I)


@dataclass
class QueryPlan:
    question: str
    search: str = ""                 # expanded text for BM25
    dense: str = ""                  # text for the embedding
    speakers: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    date_from: str = ""
    date_to: str = ""
    entities: list[Entity] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)    # named things the records do not have -> refuse
    fact: str = ""                   # record fact asked for: chair | place | rose | opened | date
    topic_terms: list[str] = field(default_factory=list)
    wants_speaker: bool = False      # "who said ..."
    exclude: list[str] = field(default_factory=list)    # paragraph keys to skip ("what else ...")
    seen: str = ""                   # what the earlier turn asked about: "Which other country ...?" wants another one
    not_speakers: list[str] = field(default_factory=list)      # "Who asked him ...": anyone but him
    not_affiliations: list[str] = field(default_factory=list)
    follow_up: bool = False          # resolved against an earlier turn
    context: str = ""                # an elliptical follow-up: the earlier question whose slot it changes
    truncated: bool = False          # the question was cut to max_question_chars

    @property
    def expansions(self) -> str:
        """The search text beyond the question (acronyms, synonyms, what an earlier turn carried)."""
        head = CONVENTION_TITLE.sub("the Convention", self.question)
        return self.search[len(head):] if self.search.startswith(head) else self.search[len(self.question):]

    @property
    def has_speaker_filter(self) -> bool:
        return bool(self.speakers or self.affiliations)

    def several_records(self) -> tuple[str, str, list[int]] | None:
        """(plan field, metadata key, values) when the question names several years, meetings or sessions
        ("in 2024 and 2025", "between December 2024 and April 2025"): retrieval ranks each in turn and the answer quotes the best paragraph of each."""
        for field, key in (("years", "year"), ("meetings", "meeting"), ("sessions", "session"), ("files", "file")):
            if len(getattr(self, field)) > 1:
                return field, key, getattr(self, field)
        return None


# "at the half-day discussion", "during the NGO dialogue on Morocco's report": a meeting named by its agenda item
AT_EVENT = re.compile(r"\b(?:at|during|in|from|throughout)\s+(?:the|this|that)\s+((?:[\w'’-]+\s+){0,5}?"
                      r"(?:discussion|dialogue|debate|hearing|exchange)(?:\s+(?:on|with|about|of)\s+[^?,;]{3,80})?)", re.I)


def named_by_agenda(q: str, vocab: Vocabulary) -> list[str]:
    """The one summary record whose agenda item (or title) holds most of the words of the event the question names
    it by, at least two: "at the half-day general discussion" is the 506th meeting."""
    m = AT_EVENT.search(q)
    want = {t for t in stem_tokens(m.group(1)) if t not in STOP} if m else set()
    if len(want) < 2:
        return []
    # its names and numbers ("CERD", "No. 6", "Morocco") must be the item's own: "the discussion on the joint general
    # comments with CERD" is not the 506th meeting's "general discussion on a new general comment"
    names = re.findall(r"\b(?:[A-Z][\w'’-]*[A-Z][\w'’-]*|[A-Z][a-z]{2,}|\d+)\b", m.group(1))
    names = [re.sub(r"['’]s$", "", n) for n in names]

    def score(items) -> int:
        fits = [i for i in items if all(vocab_has(n, i) for n in names)]
        return max((len(want & set(stem_tokens(i))) for i in fits), default=0)

    scored = sorted(((score(items), f) for f, items in vocab.agenda.items() if items), reverse=True)
    if not scored or scored[0][0] < max(2, 0.6 * len(want)) or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return []
    return [scored[0][1]]


def vocab_has(name: str, item: str) -> bool:
    """Whether an agenda item names this (a State by its name or adjective, an acronym, a number) as a whole word."""
    forms = [name, name.rstrip("s"), name.replace("-", " ")] + \
        ([name[:5]] if len(name) > 5 and name[0].isupper() and not name.isupper() else [])
    return any(re.search(rf"\b{re.escape(f)}", item, re.I) for f in forms)


# How people type: "Dec 2024", "3 Sept. 2013"; "ok and when ...?", "Thanks. Who ...?" before the question itself
_ABBREVIATED = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June", "jul": "July",
                "aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November",
                "dec": "December"}
_MONTH_ABBR = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?=\s+(?:19|20)\d\d\b)|"
                         r"(?<=\b\d\s)(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?|"
                         r"(?<=\b\d\d\s)(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?", re.I)
_INTERJECTION = re.compile(r"^(?:ok(?:ay)?|alright|all right|well|so|thanks|thank you|great|cool|hmm+|um+|right)\s*[,.!:;-]*\s+"
                           r"(?=(?:and|but|so|then|what|who|whom|whose|when|where|which|how|why|did|does|do|is|was|were|"
                           r"are|can|could|tell|give|list|name)\b)", re.I)


# a conversation others may report: a person who never spoke in the records may still have discussed or met
MET_WITH = re.compile(r"\b(?:discuss(?:ed)?|talk(?:ed)?)\s+with\b", re.I)


# Bodies people name by what they are: the acronym the records and the glossary know them by
_DESCRIBED = [(re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+migration agency\b", re.I), "IOM"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+refugee agency\b", re.I), "UNHCR"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+(?:labou?r agency|labou?r organi[sz]ation)\b|"
                          r"\bthe\s+labou?r organi[sz]ation\b", re.I), "ILO"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+(?:human\s+)?rights office\b|"
                          r"\b(?:the\s+)?(?:UN\s+|United Nations\s+)?(?:human rights\s+)?high commissioner['’]s office\b", re.I), "OHCHR"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+children['’]s (?:agency|fund)\b", re.I), "UNICEF"),
              (re.compile(r"\b(?:the\s+)?intergovernmental migration (?:agency|organi[sz]ation|body)\b", re.I), "IOM"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+(?:main|chief|principal)\s+(?:deliberative|"
                          r"policymaking|plenary)\s+(?:body|organ)\b", re.I), "the General Assembly"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+(?:chief|head|boss)\b(?!\s+of\b)", re.I),
               "the Secretary-General"),
              (re.compile(r"\b(?:the\s+)?(?:UN|United Nations)(?:['’]s)?\s+child(?:ren)?['’]?s?['’]? rights (?:treaty|convention)\b",
                          re.I), "the Convention on the Rights of the Child"),
              (re.compile(r"\b(?:the\s+)?(?:UN['’]?s?\s+|United Nations\s+)?(?:independent expert|special rapporteur) on "
                          r"(?:the\s+)?(?:human\s+)?rights of migrants|\b(?:the\s+)?(?:UN['’]?s?\s+)?(?:independent expert|"
                          r"special rapporteur) on migrants['’]? rights\b", re.I), "the Special Rapporteur on the human rights of migrants"),
              (re.compile(r"\b(?:the\s+)?(?:UN['’]?s?\s+|United Nations['’]?s?\s+)?deputy\s+(?:UN['’]?s?\s+|United Nations\s+)?(?:human\s+)?rights\s+(?:chief|head|boss)\b",
                          re.I), "the Deputy High Commissioner for Human Rights"),
              (re.compile(r"\b(?:the\s+)?(?:UN['’]?s?\s+|United Nations\s+)?(?:human\s+)?rights\s+(?:chief|head|boss)\b", re.I),
               "the High Commissioner for Human Rights"),
              (re.compile(r"\b(?:numbered\s+)?goals(?=\s+(?:of|in|under)\s+the\s+(?:(?:UN['’]?s?|global)\s+)?(?:migration\s+)?"
                          r"(?:pact|compact|Global Compact|GCM)\b)", re.I), "objectives"),
              (re.compile(r"\b(?:the|its|this)\s+(?:(?:treaty|Convention)['’]s\s+)?(?:supervisory|monitoring|oversight)\s+"
                          r"(?:body|committee|organ)\b", re.I), "the Committee"),
              (re.compile(r"\b(?:the\s+)?(?:person|one|member) presiding over\b", re.I), "the Chair of"),
              (re.compile(r"\b(?:the\s+)?(?:presiding (?:member|officer|person)|(?:person|one|member) presiding)\b", re.I),
               "the Chair")]


# A capital standing for its State: "between Athens and Dhaka", "the UN office in Phnom Penh", "Dakar's position"
METONYM_BEFORE = re.compile(r"(?:\bbetween\s+|\band\s+|\b(?i:office|embassy|mission|government|authorities|officials?|"
                            r"delegation)\s+(?i:in|of|from)\s+|\b[A-Z]{3,}\s+in\s+)$")
METONYM_AFTER = re.compile(r"^(?:['’]s\b|-based\b|\s+and\b|\s+(?:government|authorities|officials?)\b)", re.I)


def metonym(q: str, city: str) -> bool:
    m = re.search(re.escape(city), q)
    return bool(m and (METONYM_BEFORE.search(q[:m.start()]) or METONYM_AFTER.match(q[m.end():])))


# Chat shorthand, in the words the records use ("how many ppl", "the govt", "intl law"): the question's count noun
# and terms must be words a paragraph can hold
_SHORTHAND = {"ppl": "people", "govt": "government", "govts": "governments", "gov't": "government", "intl": "international",
              "int'l": "international", "approx": "approximately", "yr": "year", "yrs": "years", "mtg": "meeting",
              "mtgs": "meetings", "abt": "about", "w/o": "without", "w/": "with", "b/c": "because", "cttee": "Committee",
              "ctte": "Committee", "cmte": "Committee", "sess": "session", "recs": "recommendations",
              "rec": "recommendation", "COs": "concluding observations", "GC": "general comment", "GCs": "general comments",
              "HC": "High Commissioner", "ATD": "alternatives to detention", "ATDs": "alternatives to detention",
              "acc to": "according to", "acc. to": "according to", "wrt": "with regard to", "reps": "representatives",
              "rep": "representative", "orgs": "organizations", "org": "organization", "b4": "before", "info": "information",
              "dept": "department", "thx": "thanks", "pls": "please", "plz": "please", "bc": "because", "cuz": "because",
              "tho": "though", "thru": "through",
              # transposed letters in the words every question has (too short for the spelling corrector)
              "teh": "the", "hte": "the", "adn": "and", "waht": "what", "whta": "what", "wat": "what", "taht": "that",
              "thier": "their", "whcih": "which", "wich": "which", "abotu": "about", "baout": "about", "whos": "who's",
              "gov": "government", "convo": "conversation", "US": "United States", "U.S.": "United States",
              "USA": "United States", "U.S.A.": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom", "prez": "president", "stmt": "statement", "stmts": "statements"}


def _shorthand(keys, flags=0) -> re.Pattern:
    """The keys as whole tokens (a possessive may follow; never inside a name such as "Migrant-Rights.org")."""
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(r"(?<![\w/'’.@-])(" + alternation + r")(?=['’]s\b|(?![\w'’]))", flags)


_SHORT = _shorthand([k for k in _SHORTHAND if k.islower()], re.I)
# written in capitals, they are acronyms ("COs"); in lower case they may be words ("cos")
_SHORT_CAPS = _shorthand([k for k in _SHORTHAND if not k.islower()])
# "expelled in 75", "since '22": a year written with two digits, at the end of a clause
_SHORT_YEAR = re.compile(r"\b(in|since|by|from|until|before|after|of)\s+['’]?(\d\d)(?=\s*(?:[?.!,;]|$))", re.I)
# "GC6", "GC No. 6", "gc 6": general comment No. 6; "1st to adopt": the first (a meeting or session keeps its number)
_NUMBERED_GC = re.compile(r"\bGCs?\s*(?:No\.?\s*)?(\d{1,2})\b", re.I)
_SMALL_ORDINAL = re.compile(r"\b(1st|2nd|3rd|[4-9]th|1\dth|20th)\b(?!\s+(?:session|meeting|sitting|periodic|report|"
                            r"general comment|annual|Meeting|of\s+\w+|Jan\w*|Feb\w*|Mar\w*|Apr\w*|May|Jun\w*|Jul\w*|Aug\w*|Sep\w*|Oct\w*|"
                            r"Nov\w*|Dec\w*)\b)", re.I)


# "a British university", "a Kenyan NGO": a body (or person) after a State's adjective
BODY_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + BODY_ROLES + r"|university|universities|academics?|NGOs?)\b")


def normalise(question: str) -> str:
    """The question as the records write it: months spelled out, a leading "ok," or "thanks." dropped, chat
    shorthand ("ppl", "govt") written out, a body named by what it is ("the UN migration agency") by its acronym."""
    q = _INTERJECTION.sub("", question.strip())
    q = _NUMBERED_GC.sub(r"general comment No. \1", q)
    q = re.sub(r"\b(mr|ms|mrs|dr)\.?\s+(?=[A-Za-z])", lambda m: m.group(1).capitalize() + ". ", q, flags=re.I)  # "ms diallo"
    q = re.sub(r"\b[Aa]rts?\.?\s+(\d{1,3})\b", r"article \1", q)  # "art 67", "art. 67"
    q = _SHORT_YEAR.sub(lambda m: f"{m.group(1)} {'19' if int(m.group(2)) >= 50 else '20'}{m.group(2)}", q)
    q = _SHORT.sub(lambda m: _SHORTHAND[m.group(1).lower()], _SHORT_CAPS.sub(lambda m: _SHORTHAND[m.group(1)], q))
    q = _SMALL_ORDINAL.sub(lambda m: ordinal_words(int(re.match(r"\d+", m.group(1)).group(0))), q)
    for pattern, acronym in _DESCRIBED:
        q = pattern.sub(acronym, q)
    q = _PLACE_PAIR.sub(_place_pair, q)
    q = re.sub(r",?\s+in the first place\b", "", q, flags=re.I)  # "originally": no first thing, no place asked
    return _MONTH_ABBR.sub(lambda m: _ABBREVIATED[(m.group(1) or m.group(2) or m.group(3)).lower()], q)


# two places joined by a hyphen ("the Athens-Dhaka deal", "Morocco-Spain cooperation") are the two places
_PLACE_PAIR = re.compile(r"\b([A-Z][\w'’]+(?: [A-Z][\w'’]+)?)[-–]([A-Z][\w'’]+(?: [A-Z][\w'’]+)?)\b")


def _place_pair(m: re.Match) -> str:
    places = set(countries()) | set(capitals())
    if m.group(0) in places or m.group(1) not in places or m.group(2) not in places:
        return m.group(0)  # "Guinea-Bissau" is one State
    return f"{m.group(1)} and {m.group(2)}"


def _misattributed(body: Entity, entities: list[Entity], vocab: Vocabulary) -> list[str]:
    """ "Ms. Fritz of the Global Detention Project" when every paragraph of hers is for another body: a false premise
    (a person the records give without a body, a Committee member, is not judged)."""
    person = next((x for x in reversed(entities) if x.kind == "speaker" and x.values and x.start < body.start), None)
    known = {a for v in (person.values if person else []) for a in vocab.speakers.get(v, ())}
    # the body as every reading of its words gives it ("OHCHR": the acronym's long forms too)
    named = {v for x in entities if x.text == body.text for v in x.values} | {vocab.expansion(body.text) or body.text}
    if not known or "" in known or any(fold(a) in fold(v) or fold(v) in fold(a) for a in known for v in named):
        return []
    return [f"the records give {person.values[0]} as speaking for {' or '.join(sorted(known))}, not {body.text}"]


def plan(question: str, vocab: Vocabulary, spell: Callable[[str], str] | None = None) -> QueryPlan:
    """The plan of a question, written first as the records write it (`normalise`) and, given `spell`, with its
    typos corrected (`Retriever.spell`)."""
    q = normalise(question)
    q = spell(q) if spell else q
    p = QueryPlan(question=q)
    p.entities = recognise(q, vocab)
    p.entities += speaking_regions(q, p.entities, vocab)  # "the delegate from a Central Asian country": its States
    extra: list[str] = []
    for e in p.entities:
        if e.kind == "acronym" and vocab.expansion(e.text):
            extra.append(vocab.expansion(e.text))
        if e.role == "speaker":
            if e.kind == "speaker":
                p.speakers.extend(e.values)
            elif e.kind == "chair":
                p.affiliations.append("Chair")
            elif e.of_person:  # "Ms. Fritz of the Network": she is the filter, unless she spoke for another body
                p.missing.extend(_misattributed(e, p.entities, vocab))
            elif e.values:
                p.affiliations.extend(e.values)
            else:
                who = f"{e.name} (the {e.text} delegation)" if e.name else e.text
                p.missing.append(f"{who} did not speak in the indexed records")
        elif e.kind in ("country", "acronym") and not e.values and e.text.upper() not in GENERIC_ACRONYMS:
            forms = [e.text] + vocab.glossary.expand(e.text) if e.kind == "acronym" else [e.text, e.name or e.text]
            # "a British university", "a Kenyan NGO": where a body is from, which its paragraphs need not say
            located = e.kind == "country" and e.text != (e.name or e.text) and \
                BODY_AFTER.match(q, e.start + len(e.text)) is not None
            # "the hearing in Belgium": a State as the place, where the records name its capital ("in Brussels")
            city = capital_of(e.name or e.text) if e.kind == "country" and re.search(
                r"\bin\s+(?:the\s+)?$", q[:e.start]) else ""
            if city and vocab.mentions(city):
                extra.append(city)
            elif not located and not any(vocab.mentions(f) for f in forms):
                p.missing.append(f"the records do not mention {e.name or e.text}")
    member = member_of_state(q, vocab)
    if member:  # "the committee member from Azerbaijan": the member of that nationality, not the State's delegation
        if member_speaks(q):  # what they said is theirs; their term or election is told by others (a table)
            p.speakers.append(member[0])
        p.affiliations = [a for a in p.affiliations if fold(a) != fold(member[1])]
        p.missing = [x for x in p.missing if member[1] not in x]
        for e in p.entities:
            if e.kind in ("country", "affiliation") and fold(member[1]) in (fold(e.name or ""), fold(e.text)):
                e.role = "speaker"  # the State is who the member is, not what the question asks about
        extra.append(member[0])
    # a capital named for its State ("Athens and Dhaka"), a State's capital named by its adjective ("the Senegalese
    # capital"): both forms are searched, and a capital is no unknown name when the records name its State
    # (a city the records name is searched as itself: "the Amsterdam Centre" is no question about the Netherlands)
    cities = [(city, state) for city, state in capitals_in(q)
              if (city not in q and vocab.mentions(city)) or (city in q and not vocab.mentions(city) and vocab.mentions(state))]
    extra.extend(dict.fromkeys(x for pair in cities for x in pair))
    # a capital stands for its State ("between Athens and Dhaka", "the UN office in Phnom Penh"); where something
    # happened ("a seminar in Bamako") it is a place the records never name
    named_cities = {w for city, _ in cities if metonym(q, city) for w in city.split()}
    # a region stands for its States ("the expert from the South Caucasus"): those the records name are searched, and
    # the region's words are no unknown name (a region none of whose States the records name stays unknown)
    regions = [(words, name, [x for x in states if vocab.mentions(x)]) for words, name, states in regions_in(q)]
    extra.extend(dict.fromkeys(x for _, _, states in regions for x in states))
    named_cities |= {w for words, _, states in regions if states for w in words.split()}
    p.missing.extend(f"the records name no State of the {name} region" for words, name, states in regions
                     if not states and not vocab.mentions(re.sub(r"^the\s+", "", words, flags=re.I)))
    unknown = [w for w in unknown_names(q, p.entities, vocab) if w not in named_cities]
    p.missing.extend(f"the records never mention {name}" for name in unknown if not vocab.in_headings(name))
    # judged below, once the record fact is known; "at the Palais Wilson" is where a meeting was, not a topic
    headed = [name for name in unknown if vocab.in_headings(name) and not re.search(
        rf"\b(?:at|in|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+)*{re.escape(name)}\b", q)]
    unknown = unknown_speaker(q, p.entities)
    if unknown and not (vocab.mentions(unknown.split(None, 1)[-1]) and MET_WITH.search(q)):
        p.missing.append(f"{unknown} did not speak in the indexed records")
    # Records: meetings, sessions, symbols, years.
    # "the 506th meeting", "the 504th and 505th meetings" (not "the meeting(s) of States parties / of Chairs")
    meeting_refs = [int(n) for m in re.finditer(r"\b((?:\d{2,4}(?:st|nd|rd|th)?(?:\s*(?:,|and|or|&)\s*)?)+)\s+meetings?\b"
                                                r"(?! of (?:the )?(?:States|Chair))", q, re.I)
                    for n in re.findall(r"\d{2,4}", m.group(1))]
    meeting_refs += [int(x) for x in re.findall(r"\bSR\.?\s?(\d{2,4})\b", q, re.I)]
    meeting_refs += [n for x in re.findall(r"\b(\d{3})(?:st|nd|rd|th)\b(?!\s+(?:meeting|session|anniversary))", q, re.I)
                     if (n := int(x)) in vocab.meetings]  # "And the 608th?"
    for n in meeting_refs:
        if 1900 <= n <= 2100:
            continue  # "the June 2024 meeting" names a year
        if n in vocab.meetings:
            p.meetings.append(n)
        else:
            p.missing.append(f"no record of the {n}th meeting is indexed")
    for n in mentioned_numbers("session", q):
        if n in vocab.sessions and not re.search(r"General Assembly|Human Rights Council|\bGA\b", q):
            p.sessions.append(n)  # an unknown session only loses the filter: the text may still mention it
        elif n not in vocab.sessions and 0 < n < 100 and not re.search(r"General Assembly|Human Rights Council|\bGA\b", q) \
                and not any(vocab.mentions(f) for f in (f"{ordinal_words(n)} session", f"{n}th session", f"{ordinal_words(n)} and")):
            p.missing.append(f"no record of the {ordinal_words(n)} session is indexed, and the records never mention it")
    for m in re.finditer(r"\b(?i:in|during|of|from|at the)\s+(?:(?i:both|either)\s+)?((?:19|20)\d{2})\b(?!\s*(?:per|%|people|persons|migrants))|"
                         r"\b((?:19|20)\d{2})\s+(?:[a-z]+\s+|[A-Z][\w-]+\s+){0,3}(?:session|meeting|sitting|record|report|dialogue|discussion|debate)s?\b|"
                         r"\b(?i:spring|summer|autumn|fall|winter)\s+(?:of\s+)?((?:19|20)\d{2})\b", q):
        month = MONTH_BEFORE.search(q[:m.start(1) if m.group(1) else m.start(2) if m.group(2) else m.start(3)])
        m = re.match(r"(\d{4})", m.group(1) or m.group(2) or m.group(3))
        y = int(m.group(1))
        if month and month_key(month.group(1), y) not in vocab.months:
            continue  # "the June 2024 meeting of Chairs": an event that later records may mention, not a record
        if y in vocab.years:
            p.years.append(y)
        elif not vocab.mentions(m.group(1)):
            p.missing.append(f"no record from {y} is indexed")
    # "in April 2025", "the September 2022 discussion", "between December 2024 and April 2025"; not "since" or "by"
    for month, year in re.findall(r"(?<!\bsince )(?<!\buntil )(?<!\bbefore )(?<!\bafter )(?<!\bby )(?<!\d )\b("
                                  + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)\b", q, re.I):
        ym = month_key(month, year)  # "in April 2025": the meetings held that month
        if any(y != int(year) for y in p.years):
            if int(year) in vocab.years and int(year) not in p.years:
                p.years.append(int(year))
            continue  # "between the 2004 report and the April 2025 session": the years name both records
        p.files.extend(f for f, d in vocab.dates.items() if d.startswith(ym))
    for y in list(p.years):  # "in 2024 and 2025", "in 2013 or 2022"
        for later in re.findall(rf"\b{y}\s*(?:,|and|or|&)\s*(?:in\s+)?((?:19|20)\d{{2}})\b", q):
            if int(later) in vocab.years and int(later) not in p.years:
                p.years.append(int(later))
    for day, month, year in re.findall(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)\b", q, re.I):
        iso = f"{year}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
        p.files.extend(f for f, d in vocab.dates.items() if d == iso)  # "the sitting of 13 December 2024"
    for f in vocab.files:
        if f in q or f.split("_")[0] + "_" in q:
            p.files.append(f)
    for sym, f in vocab.symbols.items():
        if sym and sym.lower() in q.lower():
            p.files.append(f)
    if not (p.files or p.meetings or p.sessions or p.years):
        p.files.extend(named_by_agenda(q, vocab))
    for name, pat in FACT_PATTERNS.items():
        if pat.search(q):
            p.fact = name
            break
    # "What did the Committee say about the Palais des Nations?": the records name it only as where they met (a
    # question about meetings there is asked of the mastheads)
    if headed and not p.fact and not re.search(r"\b(?:held|meet|met|meetings?|sittings?|took place|take place|venue|where)\b", q, re.I):
        m = re.search(rf"\b{re.escape(headed[0])}(?:\s+(?:des|de|du|la|le|of the)?\s*[A-Z][\w'’-]*)*", q)
        p.missing.append(f"the records name {m.group(0) if m else headed[0]} only as where a meeting was held")
    p.wants_speaker = bool(re.match(r"^\s*(?:who|which (?:speaker|organi[sz]ation|delegation|member|country|state|panellist|NGO))\b", q, re.I))
    # Expansions: GCM objectives, acronyms, synonyms.
    for m in OBJECTIVE.finditer(q):
        for n in re.findall(r"\d{1,2}", m.group(1)):
            title = objective_title(int(n))
            if title:
                extra.append(title)
    # the Convention's full title names what every record is about: searched as "the Convention", its words would
    # pull up every paragraph that quotes the title over the one that answers (and its "Members of Their Families"
    # would expand to the table of Committee members)
    short = CONVENTION_TITLE.sub("the Convention", q)
    low = short.lower()
    for key, alts in synonyms().items():
        if re.search(rf"\b{re.escape(key)}\b", low):
            extra.extend(alts)
    p.topic_terms = [w for w in re.findall(r"[\w’'-]+", q) if w.lower() not in STOP and len(w) > 2]
    p.search = " ".join([short] + extra)
    p.dense = " ".join([short] + extra[:2])
    p.speakers = sorted(set(p.speakers))
    p.affiliations = sorted(set(p.affiliations))
    p.files = sorted(set(p.files))
    p.meetings = sorted(set(p.meetings))
    return p
