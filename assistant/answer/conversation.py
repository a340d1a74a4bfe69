"""A conversation: follow-ups keep the speaker, topic and record in focus until the user changes them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .slots import SLOTTED, answer_type
from .focus import POINT, RECORD_REF, Focus, focus_of, identity, is_vague, points_at_person, relative_record, resolve
from .types import Answer
from ..core.numbers import spelled_ordinals
from ..records.masthead import MONTHS
from ..search.entities import SPEECH, TITLE
from ..search.understand import QueryPlan, ordinal_words

if TYPE_CHECKING:
    from ..assistant import Assistant

FOLLOW_UP = re.compile(r"^\s*(?:and|but|also|what about|how about|what else|anything else|which other|what other|"
                       r"which ones?\b|which of (?:them|those|these)|"
                       r"did (?:he|she|they|it)|does (?:he|she|it)|was (?:he|she|it)|is (?:he|she|it)|"
                       r"same (?:for|question)|tell me more|more on|and what)\b", re.I)
GROUP = r"(?:speaker|organi[sz]ation|delegate|delegation|group|body|network|association|alliance|institution|office|" \
        r"agency|council|centre|center|coalition|federation|union|university|platform|project|programme|fund|" \
        r"State|country|government|panellist|expert|NGO|member|meeting|record|session|report)"
PRONOUN = re.compile(r"\b(?:he|she|they|him|her|his|hers|their|them|its|it|(?:(?:that|this|the)\s+(?:same|very)|that|this) " + GROUP +
                     r"|the same)\b", re.I)
# A pronoun or "that group" as the one who speaks: it needs somebody in focus.
SPEAKER_REF = re.compile(r"\b(?:(?:did|does|do|has|have|had|would|could|will|was|were)\s+(?:he|she|they)|(?:that|this)(?:\s+same)? "
                         r"(?:speaker|organi[sz]ation|delegate|delegation|group|body|network|association|alliance|"
                         r"panellist|expert|NGO))\b\s+(?:also\s+|then\s+|else\s+)?(?:" + SPEECH.pattern + r")", re.I)
REFERENT = re.compile(POINT + " " + GROUP + r"\b", re.I)
OBJECT_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|those|these|that)\b", re.I)
# Words that only point at a record or a time: a turn made of them changes one slot of the earlier question.
RECORD_WORD = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|meetings?|sessions?|records?|year|SR\.?\d*|one|ones|then|instead|"
                         r"earlier|later|same|question|time|opening|closing|inaugural|final|early|spring|summer|autumn|"
                         r"fall|winter|" + "|".join(MONTHS) + r")$", re.I)
# "Which one was the latest?", "which of them": one of the things the last answer named
ONE_OF = re.compile(r"\bwhich (?:ones?|of (?:them|those|these))\b", re.I)
NAMED = re.compile(r"\b[A-Z][a-z]{3,}(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][a-z]+)*\b")
# "that private meeting", "this launch event": an event the last answer told of (not the record: RECORD_REF)
THAT_EVENT = re.compile(r"\b(?:that|this|the same|the said) (?:[\w-]+ ){0,2}?(?:meeting|event|seminar|conference|workshop|"
                        r"visit|mission|hearing|ceremony|launch|forum|consultation|exchange|dialogue|talks)\b", re.I)
# "that scheme", "those requirements": a thing the last turn told of
THAT_THING = re.compile(r"\b(?:that|this|the same|the said|those|these) (?:[\w-]+ ){0,2}?(?:scheme|deal|agreement|arrangement|"
                        r"plan|initiative|process|polic(?:y|ies)|law|programme|program|declaration|resolution|document|"
                        r"proposal|treaty|instrument|campaign|measure|reform|pact|idea|approach|tool|requirement|problem|"
                        r"incident|tragedy|crisis|figure|number)s?\b", re.I)
# "What else ...?", "which other ...", "any more": another thing than the last answer's ("other instruments", "more
# important" are words of the question's own topic)
OTHER = re.compile(r"\b(?:else|another|further)\b|\b(?:what|which|any|the) other\b|\bother than\b|"
                   r"\bafter (?:that|this|it)\b|\bafterwards\b|\bsubsequently\b|"  # a later event than the one told
                   r"\bother\s+(?:points?|concerns?|issues?|things?|topics?|matters?|remarks?|comments?|recommendations?|"
                   r"proposals?|suggestions?|examples?|arguments?|questions?)\b|"
                   r"\b(?:anything|something|any|say|add|tell)\s+more\b|\bmore\s*\??\s*$", re.I)
# "Which other country ...?", "another objective": another thing, which may be in a paragraph already cited
OTHER_THING = re.compile(r"\b(?:(?:which|what) other|another)\s+(?!(?:speakers?|delegations?|members?|panellists?|"
                         r"organi[sz]ations?|NGOs?|participants?|person|people)\b)[a-z]", re.I)
OBJECT_PERSON = re.compile(r"\b(?:him|them)\b|\bher\b(?!\s+\w)", re.I)   # "Who had asked him ...": the speaker as object
# "Did anyone else mention Mexico?", "Did others back him up?": somebody other than the speaker in focus.
ANYONE = re.compile(r"\b(?:anyone|anybody|someone|somebody|others|other (?:speakers?|delegations?|participants?|"
                    r"panellists?|members?|States?|organi[sz]ations?|NGOs?))\b", re.I)
ALSO = re.compile(r"\b(?:else|others|too|as well)\b", re.I)   # "Did others raise it too?": measured against the last turn
FACT_OF = {"when": "date", "where": "place", "where_when": "place"}  # the record fact a bare "when"/"where" turn asks
# The person in focus as the owner of a fact ("his term", "is she a national of"), not as the one who speaks
ATTRIBUTE = re.compile(r"\b(?:his|her|their)\s+(?:term|mandate|membership|seat|nationality|citizenship|tenure)s?\b|"
                       r"\b(?:is|was|are|were)\s+(?:he|she|they)\s+(?:an?\s+)?(?:national|citizen)s?\s+of\b|"
                       r"\b(?:is|was|are|were)\s+(?:he|she|they)\s+from\b", re.I)
# "did the chairs' meeting urge", "did the General Assembly decide": a subject of its own
OWN_SUBJECT = re.compile(r"\b(?:did|does|do|has|have|had)\s+((?:the|a|an)\s+(?!same\b)[\w'’-]+(?:\s+[\w'’-]+){0,6}?)\s+"
                         r"(?:" + SPEECH.pattern + r")", re.I)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|it)\b", re.I)


@dataclass
class Turn:
    question: str
    plan: QueryPlan
    answer: Answer


@dataclass
class Chat:
    assistant: "Assistant"
    filters: dict | None = None
    turns: list[Turn] = field(default_factory=list)

    def reset(self) -> None:
        self.turns.clear()

    @property
    def history(self) -> list[tuple[str, str]]:
        return [(t.question, t.answer.text) for t in self.turns]

    def ask(self, question: str, on_token=None, llm_spec: str | None = None) -> Answer:
        """Answer a turn; `on_token` receives an LLM's unchecked draft as it streams (extractive: unused).
        `llm_spec` picks this turn's answerer ("" = extractive, None = the process default), as in `answer_plan`."""
        if self.turns and (fixed := corrected(question, self.turns[-1].question)):
            question = fixed  # "sorry, I meant the thirty-ninth session, not the fortieth": the last question, mended
        plan = self.assistant.plan(question)
        question = plan.question  # as the plan reads it: "Ok, and what about …?" is "and what about …?"
        prev = self._focus()
        focus = self.focus()
        if prev is not None and needs_referent(question, plan, prev, focus):
            # "what did this organisation say ...?" after a turn about States: the last turn that named someone
            earlier = next((t for t in reversed(self.turns[-4:-1]) if t.plan.has_speaker_filter), None)
            if earlier is not None:
                prev = earlier.plan
                focus = focus_of(earlier.plan, earlier.answer, self.assistant.retriever.vocab.speakers)
        standalone = None
        r = self.assistant.retriever
        named = identity(question, focus, r.vocab.speakers, r.paragraphs, r.records, plan) if focus else None
        if named is not None:  # "What is her name?", "Who spoke for that network?": the person in focus
            self.turns.append(Turn(question, plan, named))
            return named
        relative = relative_record(question, focus, r.records, plan.fact) \
            if prev is not None and not (plan.files or plan.meetings or plan.sessions or plan.years) else None
        if relative:  # "And at the following session?" after a question about the thirty-ninth
            field_, n = relative
            if n in (r.vocab.sessions if field_ == "sessions" else r.vocab.meetings):
                setattr(plan, field_, [n])
            else:
                plan.missing.append(f"no record of the {ordinal_words(n)} {field_[:-1]} is indexed")
        vague = prev is not None and is_vague(question, plan)
        if needs_referent(question, plan, prev, focus):
            answer = Answer(question=question, refused=True, text=(
                "Who do you mean? Nobody is in focus in this conversation yet: name the speaker, organization or "
                "State, as in \u201cWhat did Ms. Fritz say about detention?\u201d."))
            self.turns.append(Turn(question, plan, answer))
            return answer
        if prev is not None and (is_follow_up(question, plan) or vague):
            named = plan.has_speaker_filter
            plan = carry(prev, plan, [c for t in self.turns for c in t.answer.citations], vague,
                         last=self.turns[-1].answer.citations)
            plan = resolve(plan, focus, vague, named)
            llm = self.assistant.llm if llm_spec is None else self.assistant.llm_for(llm_spec)[0]
            if llm is not None:
                # The LLM gets a standalone rewrite; retrieval keeps the carried entities, so it cannot drift.
                from .llm import condense
                standalone = condense(llm.llm, self.history, question)
        answer = self.assistant.answer_plan(plan, self.filters, history=self.history, on_token=on_token,
                                            llm_question=standalone, llm_spec=llm_spec)
        self.turns.append(Turn(question, plan, answer))
        return answer

    def _focus(self) -> QueryPlan | None:
        return self.turns[-1].plan if self.turns else None

    def focus(self) -> Focus | None:
        """The person, organization, State and record the last turn was about (its plan, then its answer)."""
        if not self.turns:
            return None
        last = self.turns[-1]
        return focus_of(last.plan, last.answer, self.assistant.retriever.vocab.speakers)


# "sorry, I meant the thirty-ninth session, not the fortieth", "no, I meant Mexico": the last question, mended
CORRECTION = re.compile(r"^\s*(?:(?:sorry|oops|no|nope|actually|wait|my bad|ah|oh)[\s,.!;:-]*)*i (?:meant|mean|was asking about)\s+"
                        r"(.+?)(?:\s*[,;]?\s*(?:not|rather than|instead of)\s+(.+?))?\s*[.?!]*\s*$", re.I)
ARTICLE = re.compile(r"^(?:the|a|an|its|their)\s+", re.I)


def corrected(question: str, last: str) -> str:
    """The last question with what the turn says was meant in place of what it says was not; without a "not" part
    (or with one the last question never said), "And <what was meant>?"."""
    m = CORRECTION.match(question)
    if not m:
        return ""
    meant, wrong = ARTICLE.sub("", m.group(1)), ARTICLE.sub("", m.group(2) or "")
    at = re.search(rf"\b{re.escape(wrong)}\b", last, re.I) if wrong else None
    if at is None:
        return f"And {m.group(1)}?"
    words = meant.split()
    if len(words) > 1 and re.match(rf"\s+{re.escape(words[-1])}\b", last[at.end():], re.I):
        meant = " ".join(words[:-1])  # "the thirty-ninth session" for "fortieth" in "its fortieth session"
    return last[:at.start()] + meant + last[at.end():]


def is_follow_up(question: str, plan: QueryPlan) -> bool:
    words = re.findall(r"\w+", question)
    # "What time did the part covered in the summary start?": a record fact about "the meeting / the summary"
    record_fact = bool(plan.fact) and RECORD_REF.search(question) is not None
    return bool(FOLLOW_UP.search(question) or PRONOUN.search(question) or len(words) <= 4 or ALSO.search(question)
                or record_fact or THAT_EVENT.search(question) or THAT_THING.search(question))


def needs_referent(question: str, plan: QueryPlan, prev: QueryPlan | None, focus: Focus | None = None) -> bool:
    """ "What did she say?" with nobody in focus (or only a man in focus): ask who is meant instead of guessing."""
    m = SPEAKER_REF.search(question)
    # Only a pronoun near the start points outside the question ("... and what did they say" has its own antecedent).
    if plan.has_speaker_filter or any(e.values for e in plan.entities) or not m or m.start() > 25:
        return False
    if focus is not None and points_at_person(m.group(0)):
        return focus.person(m.group(0)) is None  # "she" when only Mr. X is in focus is nobody in focus
    if focus is not None and (focus.people or focus.organizations or focus.states):
        return False
    return prev is None or not (prev.has_speaker_filter or any(e.values for e in prev.entities))


def carry(prev: QueryPlan, new: QueryPlan, cited, vague: bool = False, last=()) -> QueryPlan:
    """Resolve a follow-up against the previous turn's focus; `vague`: the turn names nothing of its own; `last`: the
    previous answer's citations."""
    names_speaker = [e for e in new.entities if e.values and e.kind in ("speaker", "affiliation", "acronym", "chair", "country")]
    # Only the entity is new ("And the ILO?"): it replaces the speaker if it ever spoke, else the topic.
    content = [w for w in new.topic_terms if not any(w.lower() in e.text.lower() for e in new.entities)
               and not RECORD_WORD.match(re.sub(r"['’]s$", "", w)) and not spelled_ordinals(w)]
    only_entity = bool(new.entities) and not content and not ANYONE.search(new.question)  # not "anyone else on X?"
    if not content and not new.entities and not new.wants_speaker and not OTHER.search(new.question):
        # "And in 2024?", "What about the 608th meeting?": the earlier question with its record or time replaced.
        return _elliptical(prev, new)
    named = [e for e in prev.entities if e.values]
    if REFERENT.search(new.question) and named and not new.has_speaker_filter and not prev.has_speaker_filter \
            and not any(e.values for e in new.entities):
        # "What else did that group recommend?", "Who spoke for that organization?": the group named before.
        new.speakers = sorted({v for e in named if e.kind == "speaker" for v in e.values})
        new.affiliations = sorted({v for e in named if e.kind != "speaker" for v in e.values})
        new.missing = []
    elif OBJECT_PRONOUN.search(new.question) and not SPEAKER_REF.search(new.question) \
            and not new.has_speaker_filter and not prev.has_speaker_filter:
        # "Which States were they?", "Where was it held?": the earlier question's topic is the context, and what the
        # last answer quoted first ("from what date is it binding on them?" after "Zimbabwe ... became the sixtieth Party")
        told = " ".join(dict.fromkeys(n for q in last[0].quote[:2] for n in NAMED.findall(q[1:]))) \
            if last and not new.entities else ""  # (the names it quoted: who "they" may be)
        new.search, new.dense = f"{new.search} {prev.search} {told}", f"{new.dense} {prev.dense}"
    if only_entity and names_speaker and prev.has_speaker_filter:
        new.speakers = sorted({v for e in names_speaker if e.kind == "speaker" for v in e.values})
        new.affiliations = sorted({v for e in names_speaker if e.kind != "speaker" for v in e.values})
        new.missing = []
        new.search = f"{new.search} {prev.search}"
        new.dense = f"{new.dense} {prev.dense}"
        new.topic_terms = prev.topic_terms + new.topic_terms
    elif (new.wants_speaker or ANYONE.search(new.question)) and prev.has_speaker_filter and not new.has_speaker_filter \
            and not SUBJECT_PRONOUN.search(new.question) \
            and (not vague or OBJECT_PERSON.search(new.question) or OTHER.search(new.question)):
        # "Who had asked him to speak about that?": the earlier speaker is now the object, and the answer is
        # somebody else, so the earlier speaker's name joins the search instead of filtering it.
        named = " ".join(TITLE.sub("", x) for x in prev.speakers + prev.affiliations)
        new.search = f"{new.search} {named} {prev.search}"
        new.dense = f"{new.dense} {named}"
        new.not_speakers, new.not_affiliations = list(prev.speakers), list(prev.affiliations)
    elif prev.has_speaker_filter and not new.has_speaker_filter and ATTRIBUTE.search(new.question) \
            and not SPEAKER_REF.search(new.question) and not SPEECH.search(new.question):
        # "When did his term expire?", "Which country is she a national of?": a fact about the person in focus, told
        # anywhere (a table of members), not their words: their name joins the search, no record is carried
        named = " ".join(TITLE.sub("", x) for x in prev.speakers + prev.affiliations)
        new.search, new.dense = f"{new.search} {named}", f"{new.dense} {named}"
        # ... as what the answer is about: a table row must name them
        new.entities = new.entities or [replace(e, role="topic") for e in prev.entities]
        return _finish(new, prev)
    else:
        if only_entity:
            new.missing = [m for m in new.missing if "did not speak" not in m]
        # (a fact of the meeting itself is nobody's words, nor is what another subject said: "And what did the chairs'
        # meeting urge?")
        if not new.has_speaker_filter and not new.fact and not _own_subject(new.question):
            new.speakers, new.affiliations = list(prev.speakers), list(prev.affiliations)
        if not content and not only_entity:
            new.search = f"{new.search} {prev.search}"
            new.dense = f"{new.dense} {prev.dense}"
    if not (new.files or new.meetings or new.sessions or new.years):
        new.files, new.meetings, new.sessions, new.years = prev.files, prev.meetings, prev.sessions, prev.years
        one_of = ONE_OF.search(new.question)
        if last and not new.has_speaker_filter and (one_of or (THAT_EVENT.search(new.question) and
                                                              not RECORD_REF.search(new.question))):
            # "When did that private meeting take place?": in the record the last answer quoted first; "Which one
            # joined last?": in the records it quoted; with the earlier question as context
            new.files = sorted({c.file for c in last}) if one_of else [last[0].file]
            if prev.search not in new.search:
                new.search, new.dense = f"{new.search} {prev.search}", f"{new.dense} {prev.dense}"
    if OTHER_THING.search(new.question) and answer_type(new.question) in SLOTTED:
        # "Which other country did he single out?" after a question about the United States: another value than the
        # one asked about before, maybe in a paragraph cited already
        new.seen = f"{prev.context} {prev.question}".strip()
        new.search = f"{new.search} {prev.search}"
    elif OTHER.search(new.question):
        new.exclude = sorted({f"{c.file}#{c.paragraph}" for c in cited})
        # "Which other objectives did he point to?": the new words name the topic; keep the old topic as context.
        new.search = f"{new.search} {prev.search}"
    return _finish(new, prev)


def _own_subject(question: str) -> bool:
    """Whether a speech verb has a subject of its own that is no pronoun and no role of the one in focus."""
    m = OWN_SUBJECT.search(question)
    head = m.group(1).split()[-1] if m else ""  # "the chairs' meeting": a meeting; "the delegate": the one in focus
    return m is not None and not re.fullmatch(r"(?:speaker|organi[sz]ation|delegate|delegation|group|body|network|"
                                              r"association|alliance|institution|office|agency|State|country|government|"
                                              r"panellist|expert|NGO|member|chair\w*|rapporteur|commissioner|director|"
                                              r"representative|official|person|man|woman)s?", head, re.I)


def _finish(new: QueryPlan, prev: QueryPlan) -> QueryPlan:
    new.entities = new.entities or prev.entities
    new.follow_up = True
    return new


def _elliptical(prev: QueryPlan, new: QueryPlan) -> QueryPlan:
    if not (new.files or new.meetings or new.sessions or new.years) and (prev.sessions or prev.meetings):
        # "And at the fortieth?": a bare ordinal takes the place of the session or meeting asked about before
        n = spelled_ordinals(new.question)
        if n and prev.sessions:
            new.sessions = n[:1]
        elif n:
            new.meetings = n[:1]
    new.context = prev.context or prev.question
    # "And where?" after "When was it held?" asks the place: the turn's own slot replaces the record fact asked
    kind = answer_type(new.question)
    new.fact = new.fact or (FACT_OF.get(kind, "") if prev.fact and kind != "open" else prev.fact)
    new.search, new.dense = f"{new.search} {prev.search}", f"{new.dense} {prev.dense}"
    new.topic_terms = prev.topic_terms
    new.wants_speaker = prev.wants_speaker
    if not new.has_speaker_filter:
        new.speakers, new.affiliations = list(prev.speakers), list(prev.affiliations)
    if not (new.files or new.meetings or new.sessions or new.years):
        new.files, new.meetings, new.sessions, new.years = prev.files, prev.meetings, prev.sessions, prev.years
    new.entities = new.entities or prev.entities
    new.follow_up = True
    return new
