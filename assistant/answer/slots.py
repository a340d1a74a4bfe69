"""Answer types and slots: what a question asks for, and whether a sentence carries it.

who (a person) · who_org (who organized / hosted ...: a person, State or body) · when (a date) · where (a place) ·
where_when (either) · how_many (a number) · which_states (a State) ·
numbered (which objective, article, resolution: its number) · affiliation (the body a speaker represents) ·
said (what somebody said: the speaker's own paragraph carries it) · digest (a whole meeting, session, agenda item or a
speaker's contributions) · open (anything else). A "when" question answered by a sentence with no date, or a
"how many" question answered by one with no number, is not an answer: the composer refuses and shows the closest
paragraphs instead.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..core.glossary import countries
from ..core.text import STOP
from ..index.corpus import stem_tokens
from ..records.masthead import month_key

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = re.compile(rf"\b(?:\d{{1,2}}\s+(?:(?:to|and|-|–)\s+\d{{1,2}}\s+)?{MONTH}(?:\s+\d{{4}})?|{MONTH}\s+\d{{4}}|(?:19|20)\d\d|"
                  r"\d{1,2}(?:[.:]\d\d)?\s*[ap]\.m\.)")
NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty "
                "thirty forty fifty sixty hundred thousand million dozen half several").split()
NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:" + "|".join(NUMBER_WORDS) + r")\b|\b\w+(?:tieth|teenth|hundredth)\b", re.I)
PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Sir|Professor)\.?\s+[A-ZÀ-Þ][\w'’-]+|\b[A-ZÀ-Þ][a-zà-ÿ]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3}"
                    r"\t|^[A-ZÀ-Þ][a-zà-ÿ]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3}\s*$|"
                    # a table row's labelled field: "Name of member: Arthur Shatto Gakwandi;"
                    r"\bName(?: of (?:the )?[a-z]+)?:\s*[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+)+")
PLACE = re.compile(r"\b(?:in|at|from|to|into|within|near)\s+(?:the\s+)?[A-ZÀ-Þ][\w'’-]+")

# a person a question asks the affiliation of: "Mr. X", "she", "the speaker"
_PERSON_REF = r"(?:(?:Mr|Ms|Mrs|Dr|Professor|Sir)\.?\s|(?:he|she|they|the (?:speaker|panellist|expert|representative|delegate))\b)"

ASKS = [
    ("digest", re.compile(r"\b(?:summari[sz]e|summary(?! records?\b)|digest|overview|recap|main points|key points|gist|run[- ]?down|"
                          r"sum(?:s|med)? (?:it |this |that |them )?up|"
                          r"what (?:happened|went on|was (?:said|discussed|covered|decided)|took place) (?:at|in|during)|"
                          r"(?:whole|entire|full|complete|all (?:of )?(?:the|his|her|their))\b.*\b(?:meeting|session|statement|contributions?|remarks)|"
                          r"contributions?|interventions?)\b", re.I)),
    ("money", re.compile(r"\b(?:how much money|in (?:US )?dollars|in euros|in (?:Swiss )?francs|in USD|in CHF|"
                         r"how many (?:dollars|euros|francs)|(?:what|which) (?:amount|sum) of (?:money|funding))\b", re.I)),
    # "What is the document symbol of Mexico's report?" (a record's own symbol is a record fact, answered before)
    # (not "the document with symbol A/79/292", which names one, nor "a symbol of progress")
    ("symbol", re.compile(r"(?<!\ba )(?<!\bwith )\b(?:document |UN |official )?symbols?\b(?!\s+[A-Z]{1,6}/)|"
                          r"\b(?:what|which)\b[^?]*\bdocument (?:number|reference|code)\b", re.I)),
    ("session", re.compile(r"\b(?:at|in|during|by) (?:which|what) session\b|^\s*(?:which|what) session\b", re.I)),
    # "By what vote was it adopted?": a vote, a consensus or "without a vote", not the bare fact of adoption
    ("vote", re.compile(r"\b(?:by (?:what|which|how large an?) (?:vote|margin|majority)|(?:what|how) (?:was|were) the "
                        r"(?:vote|votes|voting|result of the vote|margin|vote count|tally)|how many (?:votes|States voted)|"
                        r"vote (?:count|tally|breakdown|result)s?|voting (?:record|result|pattern)s?|how did (?:\w+ ){1,4}vote|"
                        r"(?:adopted|approved|passed) (?:by consensus|unanimously|by a vote)\?)", re.I)),
    ("how_many", re.compile(r"\b(?:how (?:many|much|long|often)|what (?:exact |precise |total |approximate )?"
                            r"(?:number|percentage|proportion|share|amount|figure)|"
                            r"what (?:was|is|were|are) the (?:[\w-]+\s+){0,3}?(?:number|total|count|figure|tally|budget|cost|amount|size|value)|"
                            r"how (?:large|big|small))\b", re.I)),
    ("where_when", re.compile(r"\b(?:where and (?:when|on what date)|when and where)\b", re.I)),
    ("when", re.compile(r"^\s*(?:and\s+|so\s+)?when\b|\b(?:on|in|by) (?:what|which) (?:date|day|month|year)s?\b|"
                        r"\b(?:what|which) (?:(?:was|is|were|are) the )?(?:[\w-]+ ){0,2}?(?:date|day|month|year)s?\b|"
                        r"\bwhat time\b|\b(?:since|until|till|up to) when\b|"
                        # a fragment: "exact date cambodia ratified", "year the Convention entered into force"
                        r"^\s*(?:the\s+)?(?:exact\s+|precise\s+|approximate\s+)?(?:date|day|month|year)s?\b(?!\s+(?:of\s+)?"
                        r"(?:the\s+)?(?:session|meeting)s?\b)", re.I)),
    ("where", re.compile(r"^\s*(?:and\s+)?where\b(?!\s+in\s+(?:the|these|this|those|its?)\s+(?:records?|documents?|reports?|"
                         r"summary|minutes)|\s+(?:do|does|did)\s+(?:the|these|this|those|its?)\s+(?:records?|documents?|"
                         r"reports?|summary records?|minutes)\s+(?:mention|discuss|refer|say|cite|raise)|"
                         r"\s+(?:is|are|was|were)\b[^?]*\b(?:mentioned|discussed|raised|referred to|cited)\s*\?*\s*$|"
                         # "Where did she think the Compact goes further?": in what respect, not at what place
                         r"\s+(?:do|does|did)\s+(?:[\w.'’-]+\s+){1,5}?(?:think|believe|feel|consider|see|find|view|regard)\b|"
                         # "Where in the Compact is detention addressed?", "Where does the Convention cover it?": a text's part
                         r"\s+(?:(?:in|under)\s+|(?:do|does|did|is|are)\s+)(?:the\s+)?(?:Convention|Compact|Declaration|Pact|"
                         r"Protocol|Covenant|Charter|general comment|report|resolution|treaty|document|text)\b)|"
                         r"\b(?:in|at) (?:what|which) (?:city|cities|places?|venues?|buildings?|towns?|locations?)\b|"
                         r"\b(?:what|which) (?:city|cities|venues?|buildings?|towns?|locations?)\b", re.I)),
    ("numbered", re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:objectives?|articles?|resolutions?|paragraphs?|"
                            r"general comments?)\b(?!\s+(?:No\.?\s*)?\d)", re.I)),
    # "Which organization does Mr. X represent?", "Who does she work for?": the body a speaker is there for
    ("affiliation", re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:universit(?:y|ies)|organi[sz]ations?|NGOs?|bod(?:y|ies)|"
                               r"institutions?|agenc(?:y|ies)|associations?|groups?|networks?|entit(?:y|ies)|offices?)\s+"
                               r"(?:does|did|do|is|was|are|were)\s+" + _PERSON_REF + r"[^?]*"
                               r"\b(?:represent\w*|work\w* (?:for|at|with)|speak\w* (?:for|on behalf of)|from|with|"
                               r"affiliated)\b|"
                               r"\bwho (?:does|did|do) " + _PERSON_REF + r"[^?]*\b(?:represent|work for|speak for)\b|"
                               r"\b(?:whose|what|which) affiliation\b|\baffiliat\w+ (?:of|with)\b|"
                               r"\bon behalf of (?:which|what)\b[^?]*\b" + _PERSON_REF, re.I)),
    ("which_states", re.compile(r"\b(?:which|what) (?:other )?(?:(?-i:[A-Z][a-z]+) )?(?:states?|countries|country|nations?|governments?|"
                                r"nationality)\b|\bnationality of\b", re.I)),
    # "Who attended the launch?": people or groups of them ("Representatives of States"), not any body named
    ("who_attended", re.compile(r"^\s*(?:and\s+)?who\s+(?:else\s+)?(?:had\s+)?(?:attended|participated|took part|"
                                r"(?:was|were) (?:present|there|represented))\b", re.I)),
    ("who_org", re.compile(r"^\s*(?:and\s+)?who\s+(?:had\s+|has\s+)?(?:jointly\s+)?(?:co-?)?(?:organi[sz]ed|hosted|funded|sponsored|convened|"
                           r"submitted|adopted|launched|initiated|set up|established|created|published)\b|"
                           # "Which organizations did the Committee meet?": bodies named, as who organized names one
                           r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:organi[sz]ations|bodies|agencies|institutions|entities|"
                           r"partners|NGOs)\b", re.I)),
    # "What came out of the meeting with X?", "What did the Director agree to do?": what was decided, agreed or
    # recommended, not only that a meeting took place
    ("outcome", re.compile(r"\b(?:what|which)\b[^?]*\b(?:outcomes?|results?|decisions?|conclusions?|agreements?)\b|"
                           r"\bwhat came out of\b|\bwhat (?:was|were|had been) (?:decided|agreed|concluded|resolved)\b|"
                           r"\bwhat did\b[^?]*\b(?:decide|agree|conclude|resolve)\b|\b(?:what|which) recommendations?\b[^?]*\bmake\b", re.I)),
    ("who", re.compile(r"^\s*(?:and\s+)?(?:who|whom)\b|\b(?:which|what) (?:[A-Z]\w+ )?(?:delegate|representative|panellist)\b|"
                       r"\b(?:which|what) (?:(?-i:[A-Z]\w+) )?(?:person|people|members?|experts?|officials?|individuals?|"
                       r"high commissioner|special rapporteur|rapporteur|director|chief)\b|\bwho\s+(?:was|is|were)\b|"
                       r"\bname of\b|\b(?:his|her|their|its) names?\b|\bwho (?:spoke|took the floor|represented)\b|"
                       r"^\s*name (?:the|a|an|one|any)\b", re.I)),
]
# "Who said / raised / spoke about ...": the speaker of the evidence paragraph is the answer.
WHO_SPOKE = re.compile(r"\b(?:who|which (?:(?-i:[A-Z]\w+) )?(?:speakers?|delegations?|delegates?|representatives?|"
                       r"organi[sz]ations?|panellists?|members?|experts?|participants?|NGOs?)"
                       r"(?:\s+(?:on|of|from)\s+(?:the\s+)?(?-i:[A-Z][\w-]+)(?=\s))?)\s+"
                       # "Who at the nineteenth session described ...": a time or place before the verb
                       r"(?:(?:at|in|during|on)\s+(?:[\w'’-]+\s+){1,6}?)?"
                       r"(?:else\s+)?(?:\w+\s+)?(?:said|say|says|spoke|gave (?:figures|numbers|statistics|data|examples?|an? "
                       r"(?:account|overview|example))|provided (?:figures|numbers|statistics|data|examples?)|presented|outlined|"
                       r"denounced|painted|characteri[sz]ed|raised|mentioned|argued|called|urged|asked|"
                       r"recommended|proposed|suggested|referred|stressed|warned|noted|highlighted|talked|brought|"
                       r"criticized|welcomed|described|expressed|pointed|invited|encouraged|requested|thanked|"
                       r"commended|drew|voiced|made|cited|quoted|invoked|discussed|addressed|emphasi[sz]ed|underlined|"
                       r"underscored|touched|focused|focussed|complained|questioned|objected|backed|supported|opposed|praised|"
                       r"advocated|told|tells|informed|explained|indicated|stated|observed|claimed|insisted|acknowledged|recalled|"
                       r"maintained|lamented|regretted|deplored|condemned|announced|contended|asserted|remarked|reminded|"
                       r"cautioned|appealed|pleaded|contrasted|compared|likened|linked|blamed|attributed|defended|challenged|"
                       # (not "gave", "set", "shared": "Who gave the keynote at the launch?" is not who reported it)
                       r"disagreed|agreed|echoed|endorsed|rejected|dismissed|doubted|feared|hoped|wished|believed|predicted|"
                       r"lauded|flagged|took issue)\b", re.I)


# "the pace at which countries were joining": "which" opening a relative clause after a noun asks nothing
RELATIVE = re.compile(r"\b(?:the|a|an|its|their|this|that)\s+[\w-]+\s+(?:at|in|by|on|to|for|with|from|through|into|under)\s+$",
                      re.I)


def answer_type(question: str) -> str:
    for name, pattern in ASKS:
        if name != "digest" and WHO_SPOKE.search(question):
            return "said"
        # ("a figure for how many": an indirect question still asks it; only "which"/"what" open a relative clause)
        if any(not (RELATIVE.search(question[:m.start()]) and m.group(0)[:2].lower() == "wh") for m in pattern.finditer(question)):
            return name
    return "open"


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern:
    names = sorted(countries(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in names) + r")\b")


def countable(sentence: str) -> str:
    """The sentence without the numbers that count nothing: ordinals, document numbers ("No. 97", "resolution 58/166",
    "article 67"), symbols and dates."""
    return re.sub(r"\b\w+-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b|"
                  r"\b(?:No|Nos|resolution|resolutions|article|articles|objective|objectives)\.?\s+[\d/, and]+|"
                  r"\b\d+/\d+\b|" + DATE.pattern, " ", sentence, flags=re.I)


# "Who was the Deputy High Commissioner at the 2013 session?": a title, held by the speaker whose title it is
OFFICE = r"(?:Deputy|Director|Chief|Head|Chair|Chairperson|Vice-Chair|Secretary|President|Special Rapporteur|High Commissioner|Rapporteur)\b"
ASKED_TITLE = re.compile(r"^\s*(?i:who)\s+(?i:was|is|were)\s+(?i:the\s+)?(" + OFFICE + r"[^?]*?)"
                         r"(?:\s+(?i:at|in|during|when|who|that)\b[^?]*)?\?*\s*$")


NAME_OF_TITLE = re.compile(r"\bname of (?:the\s+)?(" + OFFICE + r"[^?]*?)(?:\s+(?i:at|in|during|when|who|that)\b[^?]*)?\?*\s*$")


def title_words(question: str) -> list[str]:
    """The words of the title a question asks who held ("Who was the Deputy High Commissioner ...?", "What is the
    name of the Director of ...?"), or []."""
    m = ASKED_TITLE.match(question) or NAME_OF_TITLE.search(question)
    if not m:
        return []
    # the title ends where a clause begins, with no "who"/"that" ("the High Commissioner for Human Rights the Committee
    # met") or with "whom"/"which": "the" joins a title only after "of", "for", "on" or "and"
    title, *clause = _CLAUSE.split(m.group(1), maxsplit=1)
    # ... and what the clause tells of the holder ("the Committee met privately") is asked too, of the paragraph
    return [w for w in re.findall(r"[A-Za-z]{3,}", title) if w.lower() not in ("the", "and", "for")] + \
        [f"~{w}" for w in re.findall(r"[A-Za-z]{3,}", " ".join(clause)) if w.lower() not in STOP]


_CLAUSE = re.compile(r"(?<!\bof)(?<!\bfor)(?<!\bon)(?<!\band)\s+the\s+|\s+(?:whom|which|whose)\b")


def holds_title(words: list[str], text: str) -> bool:
    """Whether a text (a speaker's affiliation, a paragraph) holds every word of an asked title (`title_words`):
    "Deputy High Commissioner" is in "Deputy High Commissioner for Human Rights"; the "Director of the Human Rights
    Council and Treaties Division" is not the "Director, Human Rights Treaties Division"."""
    title = [w for w in words if not w.startswith("~")]
    clause = set(stem_tokens(" ".join(w[1:] for w in words if w.startswith("~"))))
    told = set(stem_tokens(text)) if clause else set()
    return bool(title) and all(re.search(rf"\b{w}\b", text, re.I) for w in title) and \
        len(clause & told) >= len(clause) / 2


PERCENT = re.compile(r"\b\d[\d,.]*(?:\s*(?:to|-|–|and)\s*\d[\d,.]*)?\s*(?:per ?cent\b|%)", re.I)


def only_shares(sentence: str) -> bool:
    """Whether every number that counts in the sentence is a percentage: "60 to 90 per cent of the population" tells
    no number of people ("How many migrants ...?" unless a share is asked)."""
    return bool(NUMBER.search(countable(sentence))) and not NUMBER.search(countable(PERCENT.sub(" ", sentence)))


def carries(kind: str, sentence: str, speaker: str = "", label: str = "") -> bool:
    """Whether a sentence (of a paragraph spoken by `speaker`) holds the kind of fact the question asks for; `label`
    is the numbered thing asked for ("objective", "article"): "paragraph 27" does not answer "which objective"."""
    if kind == "when":  # "as at 20 August 2004, ... had ratified": the date of a status, not of the act; "the 2020
        # review process" names a process by its year, it dates nothing
        sentence = re.sub(r"\b(?i:as (?:at|of)|at the time of)\s+(?:" + DATE.pattern + r")", " ", sentence)
        return bool(DATE.search(ATTRIBUTIVE_YEAR.sub(" ", sentence)) or SESSION_TIME.search(sentence))
    if kind == "session":
        return bool(SESSION.search(sentence))
    if kind == "outcome":
        return bool(OUTCOME.search(sentence))
    if kind == "symbol":  # "CMW/C/MEX/4", "A/59/150", "A/RES/45/158"
        return bool(SYMBOL.search(sentence))
    if kind == "how_many":
        return bool(NUMBER.search(countable(sentence)))
    if kind == "money":  # "How big is the gap in dollars?": an amount with its currency
        return bool(CURRENCY.search(sentence) and NUMBER.search(countable(sentence)))
    if kind == "who_attended":
        return bool(ATTENDEES.search(sentence) or [m for m in PERSON.finditer(sentence) if not speaker or
                                                    speaker.split()[-1] not in m.group(0)])
    if kind in ("who", "who_org"):
        # a person other than the one speaking ("Mr. Tall said ..." does not name who was elected)
        surname = speaker.split()[-1] if speaker else ""
        people = [m.group(0) for m in PERSON.finditer(sentence) if not surname or surname not in m.group(0)]
        if kind == "who_org":  # "Who organized ...?" may be a State or a body as well as a person
            return bool(people or ORGANIZATION.search(sentence) or _country_pattern().search(sentence))
        return bool(people)
    if kind == "where":
        return bool(PLACE.search(sentence))
    if kind == "where_when":  # "Where and when was it held?": either half is the asked fact
        return carries("where", sentence) or carries("when", sentence)
    if kind == "numbered":  # "Which Compact objective ...?" is answered by "objective 7", not by talk of the Compact
        return any(not label or m.group(1).lower().startswith(label) for m in NUMBERED.finditer(sentence))
    if kind == "which_states":  # a State, or States named as a class ("all Member States")
        return bool(_country_pattern().search(sentence) or COLLECTIVE.search(sentence))
    if kind == "said":
        return bool(speaker)
    if kind == "affiliation":  # a body named (the speaker's own affiliation is checked by the composer)
        return bool(ORGANIZATION.search(sentence))
    if kind == "vote":
        return bool(VOTE.search(sentence))
    return True


OUTCOME = re.compile(r"\b(?:decid\w*|decision\w*|agree[ds]?|agreement\w*|adopt\w*|approv\w*|conclu\w*|resol\w*|recommend\w*|"
                     r"result\w*|outcome\w*|led to|endors\w*|should|must|urg\w*|call(?:ed|s)? (?:on|upon|for)|request\w*|"
                     r"invit\w*|establish\w*|elect(?:s|ed|ion)?|commit(?:s|ted|ting|ments?)?|pledg\w*|undert\w*|accept\w*|launch\w*|"
                     r"issued|publish\w*)\b", re.I)
SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.()-]*){2,}")
ATTENDEES = re.compile(r"\b(?:[Rr]epresentatives|delegates|delegations|participants|experts|officials|stakeholders|"
                       r"(?:[a-z]+ )?agencies|civil society|academics|practitioners)\b")
COLLECTIVE = re.compile(r"\b(?:all|other|those|the remaining) (?:Member )?States(?: (?:parties|that|which|members))?\b")
ATTRIBUTIVE_YEAR = re.compile(r"\b(?:the|its|their|a)\s+(?:19|20)\d\d\s+(?=[a-z])")
SESSION = re.compile(r"\b(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th)\s+session\b|\b\d+(?:st|nd|rd|th)\s+session\b|"
                     r"\bsession\s+\d+\b", re.I)
# a session dates what happened at it: "it had formally adopted it during the thirty-ninth session"
SESSION_TIME = re.compile(r"\b(?:during|at|in|by|before|after|until)\s+(?:its|the|their)\s+(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th)\s+"
                          r"session\b|\b(?:during|at|in|by)\s+(?:its|the|their)\s+\d+(?:st|nd|rd|th)\s+session\b", re.I)
CURRENCY = re.compile(r"US\$|\$|€|£|\b(?:dollars?|euros?|francs?|USD|CHF|EUR)\b")
VOTE = re.compile(r"\b(?:votes?|voted|voting|consensus|unanimous(?:ly)?|in favour|abstentions?|abstained)\b", re.I)
SLOT_NAMES = {"outcome": "outcome, decision or recommendation", "symbol": "document symbol", "vote": "vote", "money": "amount of money", "session": "session", "when": "date", "how_many": "number", "who": "person", "where": "place",
              "where_when": "place or date", "which_states": "State", "numbered": "numbered objective, article or resolution",
              "who_org": "person or body", "who_attended": "participants",
              "affiliation": "organization"}
SLOTTED = {"affiliation", "outcome", "symbol", "who_attended", "money", "session", "vote", "when", "how_many", "who", "who_org", "where", "where_when", "which_states", "numbered"}
ORGANIZATION = re.compile(r"\b(?:[A-Z][\w'’-]+\s+){0,4}(?:Organization|Organisation|Office|Union|Council|Committee|Commission|"
                          r"Network|Association|Agency|Fund|Programme|Government|Kingdom|Republic|Federation|Ministry|"
                          r"University|Institute|Centre|Center|Campaign|Alliance|Platform|Project)\b|\b[A-Z]{2,6}\b")
NUMBERED = re.compile(r"\b(objectives?|articles?|resolutions?|paragraphs?|general comments?\s+No\.|No\.|Nos\.)\s*"
                      r"(?:[\d/]+|[A-Z]/[\w/.]+)", re.I)


def numbered_label(question: str) -> str:
    """ "Which objective of the Compact ...?" -> "objective"; "" when the question names no label."""
    m = re.search(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(objective|article|resolution|paragraph|general comment)s?\b",
                  question, re.I)
    return m.group(1).lower() if m else ""


MONTH_YEAR = re.compile(rf"\b({MONTH})\s+((?:19|20)\d\d)\b")


def outside(stated: set[tuple[str, str]], sentence: str) -> bool:
    """Whether a sentence dates things only outside the months a "when" question states ("When exactly in December
    2025 ...?" is not answered by "on 15 April 2025"); a month of "" stands for the whole year ("In which months of
    2024 ...?" is not answered by "in April 2025")."""
    dated = {(m.group(1), m.group(2)) for m in MONTH_YEAR.finditer(sentence)}
    years = {y for month, y in stated if not month}
    return bool(stated and dated) and not dated & stated and not {y for _, y in dated} & years


def misdated(question: str, record_months: set[str], quoted: list[str], paragraph: str) -> tuple[str, str] | None:
    """(told, stated) when a question dates what it asks about ("at their June 2024 meeting": a month no loaded
    record is from, so not a record filter) and the sentences quoted for it date it to other months only, the
    paragraph never naming the stated year: those sentences are about another event."""
    stated = {(m.group(1), m.group(2)) for m in MONTH_YEAR.finditer(question)
              if month_key(m.group(1), m.group(2)) not in record_months}
    if not stated or any(y in paragraph for _, y in stated):
        return None
    told = [f"{m.group(1)} {m.group(2)}" for s in quoted for m in MONTH_YEAR.finditer(s)]
    return (told[0], " or ".join(f"{mo} {y}" for mo, y in sorted(stated))) if told else None


# the year a "when" question asks within: "In which months of 2024 ...?", "When in 2013 ...?"
YEAR_ASKED = re.compile(r"\b(?:(?:months?|days?|dates?|weeks?)\s+(?:of|in)|when\s+(?:exactly\s+)?in)\s+((?:19|20)\d\d)\b", re.I)


def given(question: str, sentence: str) -> str:
    """The sentence without the dates, numbers and names the question itself states: "When in December 2025 ...?" is
    not answered by "in December 2025", nor "Who replaced Mr. Alba?" by "Francisco Alba"."""
    facts = {m.group(0) for m in DATE.finditer(question)} | set(re.findall(r"\b\d[\d,.]*\d\b|\b\d\b", question))
    facts |= {w for w in re.findall(r"(?<=\s)[A-ZÀ-Þ][a-zà-ÿ'’-]{2,}", question)}  # capitalized words after the first
    # numbers the question spells ("the nineteenth session"), in either case ("Nineteenth", "nineteenth")
    words = {m.group(0).lower() for m in NUMBER.finditer(question) if m.group(0).isalpha()} - {"one", "half", "several"}
    facts |= words | {w.capitalize() for w in words}
    for fact in facts:
        # (a day before a stated month is the more exact date asked for: "15 April 2025" answers "when in April 2025")
        sentence = re.sub(r"(?<![\w,.])(?<!\d )" + re.escape(fact) + r"(?![\w])", " ", sentence)
    return sentence


ASKED_NOUN = re.compile(r"^\s*(?i:and\s+)?(?i:which|what)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*(?:\s+of\s+[a-z][\w-]*)?)\s+"
                        r"(?:did|do|does|was|were|has|have|had|is|are|will|would)\b")


def asked_noun(question: str) -> set[str]:
    """The stems of what a "Which <nouns> did ...?" question asks for ("lists of issues": a plural, the things a record
    lists by that word), or none ("What did ...?", "Which treaty body ...?", which asks for a name)."""
    m = ASKED_NOUN.match(question)
    if not m or re.match(r"(?:kind|type|sort|exactly|else|other)\b", m.group(1)):
        return set()
    head = m.group(1).split(" of ")[0].split()[-1]
    if not re.search(r"[^s]s$", head):  # "Which treaty body ...?" asks for a name, not for its kind's word
        return set()
    return {t for t in stem_tokens(m.group(1)) if t not in STOP}
