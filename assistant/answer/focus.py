"""What a conversation is about: the person, organization, State and record in focus after a turn, and what a
referent in the next turn ("she", "that network", "the meeting", "its") points at.

The focus comes from the earlier turn's plan (who or what it named) and from its answer (the speaker, affiliation and
record of the first paragraph it cited). A referent picks the focus slot of its own kind: "he/she" a person (whose
title agrees with the pronoun), "that organization/body/network" an organization, "that State/country" a State,
"the meeting/that record/the session" a record. Questions about who that person is ("What is her name?", "Who spoke
for that organization?", "Which State was he speaking for?") are answered from the paragraph where the record
prints the person's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.glossary import countries
from ..core.text import STOP, sentences
from ..search.entities import ROLES, SPEECH
from ..search.understand import QUESTION_WORDS, QueryPlan
from .facts import citation_from
from .types import Answer

MALE = re.compile(r"^(?:Mr|Sir|Lord)\b\.?")
FEMALE = re.compile(r"^(?:Ms|Mrs|Miss|Mme|Madam|Dame|Lady)\b\.?")
HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
ORG_NOUN = (r"(?:organi[sz]ation|group|body|network|association|alliance|institution|office|agency|NGO|centre|center|"
            r"platform|project|university|coalition|federation|union|council|programme|fund|entity)")
# ("that same institution", "this very country": the same one)
POINT = r"\b(?:(?:that|this|the)\s+(?:same|very)|that|this|the said)"
ORG_REF = re.compile(POINT + " " + ORG_NOUN + r"\b", re.I)
STATE_REF = re.compile(POINT + r" (?:State(?! parties)|country|government|nation|delegation)\b", re.I)
# "the meeting", "that session", "the record": a record named by no number points at the record in focus.
RECORD_REF = re.compile(r"\b(?:(?:that|this)\s+(?:same|very)|that|this|the same|the said|the) (?:meeting|sitting|session|(?:summary )?record|summary|discussion|"
                        r"debate|dialogue|report)\b(?!\s+(?:of|on|with|between)\s+(?:the\s+)?[A-Z])", re.I)
# The pronoun is the one who speaks ("did she say", "he recommended", "her statement"): the person filters the
# paragraphs. Otherwise ("when did his term expire") the person is the topic and their name joins the search.
SPEAKS = re.compile(r"\b(?:(?:he|she)\s+(?:(?:also|then|else|later|further|first|ever|really)\s+)?(?:" + SPEECH.pattern +
                    r"|(?:did|does|do|has|had|would|could|was|is)\s+(?:(?:also|then|else|not|further|first)\s+)?"
                    r"(?:" + SPEECH.pattern + r"))|(?:his|her)\s+(?:own\s+)?(?:" + SPEECH.pattern + r"))", re.I)
# "Was he in the room or remote?", "Did she join online?": how they took part, which their own paragraphs tell
PRESENCE = re.compile(r"\b(?:remote(?:ly)?|online|virtually|video|in person|in the room|on site|in Geneva|attend(?:ed)?|"
                      r"join(?:ed)?|connect(?:ed)?|present)\b", re.I)
IT = re.compile(r"\b(?:it|its|they|them|their)\b", re.I)
# Words that may follow a name question and ask nothing more ("Who was the delegate speaking for that country?")
REST_OK = re.compile(r"speak(?:ing|s)?|spoke|talking|representing|country|State|nation|government|delegation", re.I)
# "What is his name?", "Who was she?", "Who was that speaker?"
NAME_Q = re.compile(r"^\s*(?:and\s+)?(?:(?:what|which) (?:is|was|were) (?:his|her|their) (?:full |actual )?names?|"
                    r"who (?:is|was) (?:he|she|that|this|the) ?(?:speaker|person|panellist|delegate|expert|"
                    r"representative|official)?\s*\??\s*$|what (?:is|was) the name of (?:that|this|the) (?:speaker|person|"
                    r"panellist|delegate|expert|representative|official|man|woman)\b)", re.I)
# "Who spoke for that organization?", "Who represented it?", "Who was its representative?"
SPOKESPERSON_Q = re.compile(r"^\s*(?:and\s+)?(?:who|which (?:person|speaker|delegate|representative))\s+(?:(?:had |has )?"
                            r"(?:spoke|speaks|was speaking|took the floor|made the statement|delivered the statement)\s+"
                            r"(?:for|on behalf of)|represented|was representing|(?:is|was) (?:its|their|the) "
                            r"(?:representative|speaker|delegate|spokesperson))\b", re.I)
# "Which organization was he speaking for?", "Which State does she represent?", "Where is he from?"
AFFILIATION_Q = re.compile(r"^\s*(?:and\s+)?(?:(?:which|what) (?:organi[sz]ation|body|group|institution|entity|NGO|"
                           r"State|country|government|delegation|office|university|network)|for whom|on whose behalf)\b"
                           r"[^?]*?\b(?:he|she|they|that speaker|the speaker)\s+(?:(?:was|is|were|are)\s+)?"
                           r"(?:speak(?:ing|s)?|spoke|represent(?:s|ed|ing)?|work(?:s|ed|ing)?|belong(?:s|ed)?|come|comes|"
                           r"came)?\s*(?:for|on behalf of|from|with|at|to)?\s*\??\s*$|"
                           r"^\s*(?:and\s+)?where (?:is|was|does|did) (?:he|she|they) (?:from|work|based|come from)\s*\??\s*$", re.I)
# Nouns that only point at something already in view: a question made of them and question words names nothing.
GENERIC = set("""report reports state states party parties government governments country countries delegation
organization organisation body group speaker person people one ones name names thing things issue issues matter case
document documents text item being been was were is are did does do happened else other others more another also""".split())


@dataclass
class Person:
    speaker: str
    affiliation: str = ""
    file: str = ""
    paragraph: int = 0

    def fits(self, question: str) -> bool:
        """The question's pronoun agrees with the person's title ("she" is never "Mr. X"); an untitled name fits both."""
        if HE.search(question) and not SHE.search(question):
            return not FEMALE.match(self.speaker)
        if SHE.search(question) and not HE.search(question):
            return not MALE.match(self.speaker)
        return True


@dataclass
class Focus:
    people: list[Person] = field(default_factory=list)   # most salient first
    organizations: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    speaking: set[str] = field(default_factory=set)   # the organizations and States that spoke in the records
    search: str = ""      # the earlier turn's search texts, for a turn with no words of its own
    dense: str = ""
    record_fact: bool = False   # the turn was about a record (a fact of it, a digest, what was said at it)

    def person(self, question: str) -> Person | None:
        return next((p for p in self.people if p.fits(question)), None)


def focus_of(plan: QueryPlan, answer: Answer, speakers: dict[str, set[str]]) -> Focus:
    """The focus after a turn: what its plan named first, then what its answer's first paragraphs are about."""
    f = Focus(search=plan.search, dense=plan.dense, speaking={a for affs in speakers.values() for a in affs if a})
    cited = [] if answer.refused else answer.citations
    state_names = set(countries())

    def add_person(speaker: str, affiliation: str = "", file: str = "", paragraph: int = 0) -> None:
        if speaker and not any(p.speaker == speaker for p in f.people):
            c = next((c for c in cited if c.speaker == speaker), None)
            if c is not None:
                affiliation, file, paragraph = affiliation or c.affiliation, file or c.file, paragraph or c.paragraph
            elif not affiliation and len(speakers.get(speaker, ())) == 1:
                affiliation = next(iter(speakers[speaker]))
            f.people.append(Person(speaker, affiliation, file, paragraph))

    for s in plan.speakers:
        add_person(s)
    for e in plan.entities:
        if e.kind == "speaker":
            for v in e.values:
                add_person(v)
    named_affs = list(plan.affiliations) + [v for e in plan.entities if e.kind != "speaker" for v in e.values]
    for c in cited:  # the people who spoke for the organization or State the question named
        if c.affiliation and c.affiliation in named_affs:
            add_person(c.speaker, c.affiliation, c.file, c.paragraph)
    if cited and cited[0].speaker and not cited[0].speaker.lower().startswith("the chair"):
        add_person(cited[0].speaker, cited[0].affiliation, cited[0].file, cited[0].paragraph)
    for a in named_affs + [p.affiliation for p in f.people] + [e.text for e in plan.entities if e.kind == "country"]:
        if not a or a == "Chair":
            continue
        bucket = f.states if a in state_names else f.organizations
        if a not in bucket:
            bucket.append(a)
    f.files = list(plan.files) or ([cited[0].file] if cited else [])
    f.record_fact = bool(plan.fact or plan.files or plan.meetings or plan.sessions)
    return f


def is_vague(question: str, plan: QueryPlan) -> bool:
    """A question that names nothing and whose words are all question words or generic nouns ("Which State's report
    was being discussed?"): on its own it could be about any record, so in a conversation it continues the last turn."""
    if plan.entities or plan.files or plan.meetings or plan.sessions or plan.years or plan.fact:
        return False
    words = [re.sub(r"['’]s$", "", w).lower() for w in re.findall(r"[A-Za-z][\w'’-]*", question)]
    content = [w for w in words if w not in STOP and w not in QUESTION_WORDS and w not in ROLES and w not in GENERIC
               and not SPEECH.fullmatch(w) and not HE.fullmatch(w) and not SHE.fullmatch(w) and not IT.fullmatch(w)]
    return not content


def points_at_person(question: str) -> bool:
    return bool(HE.search(question) or SHE.search(question))


def resolve(plan: QueryPlan, focus: Focus, vague: bool, named: bool = False) -> QueryPlan:
    """Fill the slots a referent points at with the focus of its kind. `named`: the question names its own speaker,
    which stays; a speaker filter only inherited from the earlier turn gives way to "that country" / "that body"."""
    q = plan.question
    group_ref = (ORG_REF.search(q) and focus.organizations) or (STATE_REF.search(q) and focus.states and not _asks_which(q))
    free = not named and not plan.not_speakers and not plan.not_affiliations
    if free and group_ref:
        group = focus.organizations[0] if ORG_REF.search(q) and focus.organizations else focus.states[0]
        plan.speakers = []
        if group in focus.speaking:
            plan.affiliations = [group]  # "What did that network recommend?": it spoke, so it filters
        else:  # "What had that country ratified?": a State or body that never spoke is the topic
            plan.affiliations = []
            plan.search, plan.dense = f"{plan.search} {group}", f"{plan.dense} {group}"
    elif free and not plan.has_speaker_filter:
        person = focus.person(q) if points_at_person(q) else None
        if person is not None and not SPEAKS.search(q) and not PRESENCE.search(q):
            name = _bare(person.speaker)  # "when did his term expire": about him, whoever says it
            plan.search, plan.dense = f"{plan.search} {name}", f"{plan.dense} {name}"
        elif person is not None:
            plan.speakers, plan.affiliations = [person.speaker], []
        elif vague and focus.people and not plan.fact:  # (a record fact is about the meeting, not a person)
            plan.speakers = [focus.people[0].speaker]  # "Which State's report was that?": the paragraph in focus
    if plan.has_speaker_filter:
        plan.missing = [m for m in plan.missing if "did not speak" not in m]
    if vague and not plan.context and focus.search not in plan.search:  # no words of its own: the earlier topic
        plan.search, plan.dense = f"{plan.search} {focus.search}", f"{plan.dense} {focus.dense}"
    # "Who chaired it?" after a meeting's date: a record fact about "it" is the record in focus; after a turn about
    # something else ("Who organized the seminar in Rabat?"), "When was it held?" asks that thing's date, which the
    # paragraphs tell
    it = re.search(r"\bit\b", q, re.I) is not None and not RECORD_REF.search(q)
    if plan.fact and it and not focus.record_fact and EVENT_NOUN.search(focus.search) and \
            not re.search(r"\d|\b(?:session|meeting|sitting)s?\b", q, re.I):
        plan.fact = ""
    record_fact_ref = bool(plan.fact) and it
    if (RECORD_REF.search(q) or vague or record_fact_ref) and not (plan.files or plan.meetings or plan.sessions or plan.years):
        plan.files = list(focus.files)
    return plan


# "And at the following session?", "the previous meeting": a session or meeting counted from the record in focus
# an event a turn may be about, whose date or place the paragraphs tell ("the regional seminar in Rabat")
EVENT_NOUN = re.compile(r"\b(?:seminar|event|conference|workshop|consultations?|ceremony|forum|summit|visit|mission|"
                        r"training|launch|campaign|hearing|celebration)s?\b", re.I)
RELATIVE = re.compile(r"\b(following|next|subsequent|previous|preceding|prior)\s+(session|meeting)\b", re.I)
# "What did the Chair say at the following session?": where or when, not what about ("about the next session")
AT_RELATIVE = re.compile(r"\b(?:at|in|during|from|by|for)\s+(?:the|its)\s+" + RELATIVE.pattern[2:], re.I)
# a turn that is nothing more ("And at the following session?"), one that asks what happened at it or a record fact
# of it ("When will the next session be held?"); not one whose topic it is ("What was decided about the next session?")
ONLY_RELATIVE = re.compile(r"^\W*(?:and\s+)?(?:(?:what|how)\s+about\s+)?(?:(?:at|in|during|for|from|of)\s+)?the\s+"
                           + RELATIVE.pattern[2:] + r"\W*$", re.I)


def relative_record(question: str, focus: Focus | None, records: dict, fact: str = "") -> tuple[str, int] | None:
    """("sessions" | "meetings", number) a turn names by counting from the summary record in focus; `fact`: the
    record fact the turn asks."""
    m = RELATIVE.search(question) if ONLY_RELATIVE.match(question) or AT_RELATIVE.search(question) or fact else None
    meta = records.get(focus.files[0], {}) if m and focus is not None and focus.files else {}
    n = meta.get(m.group(2).lower()) if meta.get("doc_type") == "summary record" else None
    if not n:
        return None
    step = 1 if m.group(1).lower() in ("following", "next", "subsequent") else -1
    return f"{m.group(2).lower()}s", int(n) + step


def _bare(speaker: str) -> str:
    return re.sub(r"^(?:Mr|Ms|Mrs|Miss|Mme|Dr|Sir|Dame|Prof|Professor)\.?\s+", "", speaker)


def _asks_which(q: str) -> bool:
    return bool(re.match(r"^\s*(?:and\s+)?(?:which|what) (?:State|country)", q, re.I))


def identity(question: str, focus: Focus, speakers: dict[str, set[str]], paragraphs: dict, records: dict,
             plan: QueryPlan) -> Answer | None:
    """ "What is his name?", "Who spoke for that network?", "Which organization was she speaking for?": the person
    in focus (or the one who spoke for the organization in focus), cited where the record prints the name."""
    asks_name, asks_for = _only(NAME_Q, question), _only(SPOKESPERSON_Q, question)
    asks_affiliation = _only(AFFILIATION_Q, question)
    if not (asks_name or asks_for or asks_affiliation):
        return None
    person = None
    if asks_for and (ORG_REF.search(question) or STATE_REF.search(question) or IT.search(question)):
        group = (focus.organizations + focus.states)[:1]
        if STATE_REF.search(question) and focus.states:
            group = focus.states[:1]
        person = next((p for p in focus.people if group and p.affiliation == group[0]), None)
        if person is None and group:
            who = sorted(s for s, affs in speakers.items() if group[0] in affs)
            person = Person(who[0], group[0]) if len(who) == 1 else None
    elif asks_name or asks_affiliation:
        person = focus.person(question) if points_at_person(question) or asks_name else None
    if person is None or (asks_affiliation and not asks_name and not person.affiliation):
        return None
    node = _naming_paragraph(person, paragraphs, focus.files)
    if node is None:
        return None
    surname = person.speaker.split()[-1]
    sents = sentences(node.text)
    quote = next((s for s in sents if surname in s), None) or next((s for s in sents if re.search(
        r"\bThe Chair", s)), None) or (sents[0] if sents else node.text)
    role = "the Chair" if person.affiliation == "Chair" else person.affiliation
    who = f"{person.speaker} ({role})" if role else person.speaker
    lead = f"{person.speaker} spoke for {person.affiliation}" if asks_affiliation and not asks_name else f"The speaker was {who}"
    text = f"{lead}; the record reads: \u201c{quote}\u201d [{node.metadata['label']}]"
    plan.speakers, plan.affiliations, plan.follow_up = [person.speaker], [], True
    plan.search, plan.dense = focus.search or plan.search, focus.dense or plan.dense  # the topic stays for the next turn
    plan.missing = []
    return Answer(question=question, text=text, citations=[citation_from(node, [quote], 1.0, records)])


def _only(pattern: re.Pattern, question: str) -> bool:
    """The question asks only this ("Who spoke for that network?"), not this and more ("... and what did she ask?")."""
    m = pattern.search(question)
    if not m:
        return False
    rest = re.findall(r"[A-Za-z][\w'’-]*", question[m.end():])
    return all(w.lower() in STOP or w.lower() in GENERIC or w.lower() in QUESTION_WORDS or re.fullmatch(ORG_NOUN, w, re.I)
               or HE.fullmatch(w) or SHE.fullmatch(w) or IT.fullmatch(w) or REST_OK.fullmatch(w) for w in rest)


def _naming_paragraph(person: Person, paragraphs: dict, files: list[str]):
    """The paragraph that prints the person's name: the nearest one at or before the paragraph in focus, else their
    first paragraph in the record in focus, else their first anywhere."""
    surname = person.speaker.split()[-1]
    mine = [n for n in paragraphs.values() if n.metadata.get("speaker") == person.speaker]
    if not mine:
        return None
    named = [n for n in mine if surname in n.text]
    if not named:  # a chair the record calls "The Chair": the paragraph where they open, in the record in focus
        file = person.file or (files[0] if files else "")
        mine = [n for n in mine if n.metadata["file"] == file] or mine
        return min(mine, key=lambda n: (n.metadata["file"], int(n.metadata["paragraph"])))
    if person.file:
        before = [n for n in named if n.metadata["file"] == person.file and int(n.metadata["paragraph"]) <= person.paragraph]
        if before:
            return max(before, key=lambda n: int(n.metadata["paragraph"]))
    in_focus = [n for n in named if n.metadata["file"] in files]
    pool = in_focus or named
    return min(pool, key=lambda n: (n.metadata["file"], int(n.metadata["paragraph"])))
