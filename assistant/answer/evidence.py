"""Sentence-level evidence: each candidate sentence scored by meaning (embedding cosine) and words (IDF coverage).

Sentences of the candidate paragraphs are embedded at query time, in one batch, and cached by text, so a
conversation about one meeting embeds each sentence once (about 50 sentences a question: see eval/bench_sentences.py).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..core.glossary import capitals_in, synonyms
from ..core.text import STOP, fold, sentences
from ..index.corpus import stem_tokens
from ..records.masthead import DATE, MONTHS, month_key
from ..search.entities import GENERIC_ACRONYMS, SPEECH
from ..search.understand import BODY_AFTER, QUESTION_WORDS, QueryPlan, ordinal_words
from .bindings import (FUTURE_ASKED, FUTURE_TOLD, LABELLED, NAMED_EVENT, NATIONALITY, OTHER_TREATY_ARTICLE, OWN_CONVENTION,
                       OWN_DATE, STATUS_YEAR, dated_as, event_names, heads, labelled_number, national, treaty_act)
from . import events as event_kinds
from .counting import counted_forms, counted_noun, counts
from .naming import about_named, names, names_state, other_states
from .quotes import depends_on_previous
from .slots import (ATTRIBUTIVE_YEAR, MONTH_YEAR, PERSON, SLOTTED, _country_pattern, carries, given, numbered_label,
                    holds_title, only_shares, outside, title_words, YEAR_ASKED)

ORDINAL_NUMBER = {ordinal_words(n): n for n in range(1, 100)}
ORDINAL_WORDS = set(ORDINAL_NUMBER)
# which meeting or session, not what about: "the fortieth session", "the last meeting" (a list, not a suffix rule:
# "health", "fund", "standard" and "host" end like ordinals)
RECORD_WORDS = ORDINAL_WORDS | {"last", "session", "meeting"}
MONTH_STEMS = set(stem_tokens(" ".join(MONTHS)))
# Words that say who is asked about, not what: "Which speakers ...", "the panellists"; never evidence by themselves.
ASKED_ABOUT = {"speaker", "speakers", "panellist", "panellists", "participants", "delegations", "organizations",
               "organisations", "ngos", "someone", "anyone", "anybody", "everyone"}
ASKING = set("""behalf floor reply replied respond responded answer answered wish wished want wanted hope hoped seek sought
describe described compare contrast summarize summarise give list name named tell told explain explained""".split())
MEANING, WORDS, SLOT = 0.55, 0.45, 0.25   # sentence score = MEANING*cosine + WORDS*coverage (+ SLOT if it carries the slot)


SELF_GAP = 0.05  # a speaker's "he had ..." answers "who" only in the sentence (nearly) most like the question
# the person asked is who did it: "Which member went to ...?", "Who had attended ...?" (not "Who did she meet?",
# "Who was the rapporteur?", "the name of the Director she met")
_DID = r"(?:\w+ed|went|met|took|gave|led|made|spoke|chaired|attended|participated)\b"  # a past act, asked and told
SUBJECT_ASKED = re.compile(r"^\s*(?:and\s+)?(?:who|which (?:(?-i:[A-Z]\w+) )?(?:members?|persons?|experts?|officials?|people|"
                           r"individuals?))\s+(?:else\s+)?(?:had\s+|has\s+|have\s+)?(?!(?:did|does|do|was|were|is|are)\b)" + _DID,
                           re.I)
SELF_ACT = re.compile(r"\b(?:he|she)\s+(?:had\s+|has\s+|was\s+|personally\s+)?" + _DID)


def acts_itself(sentence: str, speaker: str) -> bool:
    """ "The Chairperson declared open the session": the sentence's subject is its speaker, doing something other
    than speaking (who did it is who speaks)."""
    m = re.match(re.escape(speaker) + r"(?:\s*\([^)]*\))?,?\s+(\w+)", sentence)
    return m is not None and not SPEECH.fullmatch(m.group(1)) and re.fullmatch(r"\w+ed|\w+s", m.group(1)) is not None


@dataclass
class Sentence:
    index: int          # position in its paragraph
    text: str
    cosine: float
    coverage: float
    slot: bool

    @property
    def score(self) -> float:
        return MEANING * self.cosine + WORDS * self.coverage + (SLOT if self.slot else 0.0)


class Evidence:
    """Scores sentences of paragraphs against one question; owns the sentence-embedding cache."""

    def __init__(self, retriever, cache_size: int = 5000):
        self.r = retriever
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size

    # -- words -----------------------------------------------------------------------------------------------------
    def weights(self, plan: QueryPlan) -> dict[str, float]:
        """Question terms with IDF weights; expansions count half; names used as speaker filters count nothing."""
        filtered = set()
        for e in plan.entities:
            if e.role == "speaker":
                filtered.update(stem_tokens(e.text))
        weights: dict[str, float] = {}
        # words that say how the question is asked ("Who cited ...", "at the 506th meeting"), not what about
        filters = {str(x) for x in plan.years + plan.meetings + plan.sessions}
        q_words = [w for w in re.findall(r"\w\w+", plan.question.lower()) if w not in STOP and w not in ASKED_ABOUT
                   and not SPEECH.fullmatch(w) and w not in ASKING and w.upper() not in GENERIC_ACRONYMS
                   and re.sub(r"(?:st|nd|rd|th)$", "", w) not in filters]
        for t in stem_tokens(" ".join(q_words)):
            if t not in filtered:
                weights[t] = max(weights.get(t, 0), self.r.idf(t))
        for e in plan.entities:  # "the Egyptian expert": the evidence may say "Egypt"
            if e.kind == "country" and e.name and e.name != e.text and e.role != "speaker":
                w = max((weights.get(t, 0.0) for t in stem_tokens(e.text)), default=0.0)
                for t in stem_tokens(e.name):
                    if w and t not in filtered:
                        weights[t] = max(weights.get(t, 0.0), w)
        labels = labelled(plan.context or plan.question)
        if labels:  # "general comment No. 6", "objective 13": as specific as the rarest word asked
            top = max(weights.values(), default=1.0)
            weights.update({t: top for t in labels})
        extra = plan.expansions
        for t in stem_tokens(" ".join(w for w in re.findall(r"\w\w+", extra.lower()) if w not in STOP)):
            if t not in filtered and t not in weights:
                weights[t] = 0.5 * self.r.idf(t)
        return weights

    @staticmethod
    def coverage(tokens: set[str], weights: dict[str, float]) -> float:
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0

    def unknown_words(self, plan: QueryPlan) -> list[str]:
        """The question's topic words that no indexed paragraph uses, as written."""
        named = {w.lower() for e in plan.entities if e.text in plan.question for w in re.findall(r"\w+", e.text)}
        named |= {w.lower() for w in self._capitals(plan.question)}
        # a word the glossary gives a synonym of that the records use ("remote": "video link") is not unknown
        low = plan.question.lower()
        named |= {w for key, alts in synonyms().items() if key in low and re.search(rf"\b{re.escape(key)}\b", low)
                  and any(self.r.doc_freq(t) for a in alts for t in stem_tokens(a)) for w in key.split()}
        return [w for w in dict.fromkeys(_topic_words(plan.question))
                if w.lower() not in named and not any(self.r.doc_freq(t) for t in stem_tokens(w))]

    def _capitals(self, question: str) -> list[str]:
        """Words of the capitals named for a State the records name ("the Athens and Dhaka deal")."""
        return [w for city, state in capitals_in(question)
                if all(self.r.doc_freq(t) for t in stem_tokens(state)) for w in city.split()]

    def rarity(self, token: str) -> float:
        """A stem's IDF; one no paragraph uses weighs as much as the rarest word could."""
        if self.r.doc_freq(token):
            return self.r.idf(token)
        n = max(len(self.r.nodes), 1)
        return float(np.log(1 + (n + 0.5) / 0.5))

    def unknown_share(self, plan: QueryPlan) -> float:
        """IDF-weighted share of the question's own content words that no indexed paragraph uses."""
        # only names written in this question: a follow-up carries the earlier turn's entities, not their words
        named = {t for e in plan.entities if e.text in plan.question for t in stem_tokens(e.text)}
        # when and where a meeting was ("in Geneva on 27 September 2022") says which record, not what about
        named |= {t for m in self.r.records.values() for t in stem_tokens(m.get("place") or "")} | MONTH_STEMS
        named |= set(stem_tokens(" ".join(self._capitals(plan.question))))
        toks = [t for t in stem_tokens(" ".join(_topic_words(plan.question.lower()))) if t not in named]
        if not toks:
            return 0.0
        w = {t: self.rarity(t) for t in set(toks)}
        return sum(v for t, v in w.items() if not self.r.doc_freq(t)) / (sum(w.values()) or 1.0)

    def named_missing(self, plan: QueryPlan, nodes, quoted: list[str]) -> float:
        """Share of the things the question names as its topic (a State, an organization, a person, "objective 23",
        "general comment No. 5", "the second Meeting") that the evidence never mentions: names are looked for in
        the evidence paragraphs (with their speakers), numbers in the quoted sentences."""
        raw = " ".join(f"{n.text} {n.metadata.get('speaker', '')} {n.metadata.get('affiliation', '')}" for n in nodes)
        text = fold(raw)
        shown = fold(" ".join(quoted))
        items: list[bool] = []
        for e in plan.entities:
            if e.role == "speaker" or e.kind == "chair" or e.text not in plan.question or e.text.upper() in GENERIC_ACRONYMS:
                continue
            if e.kind == "country" and e.text != (e.name or e.text) and BODY_AFTER.match(plan.question, e.start + len(e.text)):
                continue  # "a British university": where a body is from, which its paragraphs need not say
            longs = self.r.vocab.glossary.expand(e.text) if e.kind == "acronym" else []
            # after the first mention a record calls a body or instrument by its head noun: "the Committee" for CMW
            heads = [f"the {m.group(1)}" for f in longs if (m := re.match(r"(?:[A-Z]\w+ )*?([A-Z]\w+) (?:on|for|of)\b", f))]
            forms = [e.text, e.name] + list(e.values) + longs + heads + \
                ([e.text.split()[-1]] if e.kind == "speaker" else [])
            found = any(_has(fold(f), text) for f in forms if f)
            if not found and e.kind == "country":  # "Morocco" is in "the Moroccan Government", Spain in "Spanish"
                state = e.name or e.text
                found = names_state(state, raw)
            items.append(found)
        filters = {str(x) for x in plan.meetings + plan.sessions + plan.years}
        filters |= {self.r.vocab.dates[f][:4] for f in plan.files if f in self.r.vocab.dates}  # "in December 2024"
        filters |= {d for d, mo, y in DATE.findall(plan.question)  # "at the 27 September 2022 discussion": its day too
                    if f"{y}-{MONTHS.index(mo.lower()) + 1:02d}-{int(d):02d}" in self.r.vocab.dates.values()}
        # "the 2004 list" (a year before a noun): the year of the record the evidence comes from names that record
        years = {str(self.r.records.get(n.metadata.get("file"), {}).get("year") or "") for n in nodes}
        filters |= {y for m in ATTRIBUTIVE_YEAR.finditer(plan.question) if (y := m.group(0).split()[1]) in years}
        # ... but "the declaration of December 2024", "Migrants Day 2024": the year of the thing asked about
        filters -= {y for m in OWN_DATE.finditer(plan.question) for y in m.groups() if y}
        numbers = set(re.findall(r"(?<![\w/.])\d{1,4}(?![\w/])", plan.question)) - filters
        # "what 2 issues ...", "the 3 States that ...": how many things are asked for, not a number to find
        numbers -= set(re.findall(r"\b(?:what|which|the|name|list|these|those|give|top)\s+(\d)\s+(?:[a-z]+\s+)?[a-z]+s\b",
                                  plan.question, re.I))
        for n in numbers:
            label = LABELLED.search(plan.question[:_find_number(plan.question, n)])
            if label:  # "general comment No. 5", "objective 13": the number as that label's, not any 5 or 13
                items.append(re.search(labelled_number(label.group(1), n), shown) is not None)
            else:
                items.append(re.search(r"(?<![\d.,/])" + n + r"(?![\d/])", shown) is not None)
        sessions = {ordinal_words(n) for n in plan.sessions}
        for m in re.finditer(r"\b([A-Za-z]+(?:-[a-z]+)?)(?:\s+([A-Z][a-z]+))?", plan.question):
            w, noun = m.group(1).lower(), (m.group(2) or "").lower()
            if w in ORDINAL_WORDS and w not in sessions:
                # "the second Meeting of States Parties" names one event: that ordinal of that (capitalized) thing
                noun = noun[:5] if noun and noun not in STOP else ""
                # ... told as such in the quoted sentences, or with both words in a sentence of the evidence ("the first
                # Committee": "The First Meeting of States Parties ... elected the members of the Committee"), unless
                # they name another of that thing ("the First Meeting" is not the second)
                other = bool(noun) and any(re.search(rf"\b{o}\s+{noun}", text) for o in ORDINAL_WORDS - {w})
                items.append(re.search(rf"\b{w}\b" + (rf"(?:\s+[\w-]+){{0,2}}?\s+{noun}" if noun else ""), shown) is not None
                             or re.search(rf"\bno\.\s*{ORDINAL_NUMBER[w]}\b", shown, re.I) is not None  # "its sixth" comment: "No. 6"
                             or (bool(noun) and not other and any(re.search(rf"\b{w}\b", x) and noun in x for n in nodes
                                                                  for x in map(fold, sentences(n.text)))))
        return sum(not x for x in items) / len(items) if items else 0.0

    # -- meaning ---------------------------------------------------------------------------------------------------
    def embed(self, groups: list[list[str]]) -> list[np.ndarray | None]:
        """The vectors of every text of `groups` (a paragraph's sentences each), flattened. Each group is embedded as a
        batch of its own, so a sentence's vector (float noise from padding included) is always the one its paragraph
        gives: answers never depend on which questions were asked before."""
        for group in groups:
            # longest first, so the batch pads to similar lengths (a short sentence beside a long one costs the long one's)
            # (the whole group again when any of it was evicted, so no vector comes from a batch of part of it)
            if all(t in self._cache for t in group):
                continue
            todo = sorted(dict.fromkeys(group), key=lambda t: (-len(t), t))
            try:
                vecs = self.r.embedder.get_text_embedding_batch(todo)
            except Exception:  # meaning is an extra: without it, words alone choose
                break
            for t, v in zip(todo, vecs):
                self._cache[t] = np.asarray(v, dtype=np.float32)
                if len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return [self._cache.get(t) for group in groups for t in group]

    def question_vector(self, plan: QueryPlan) -> np.ndarray | None:
        try:
            return np.asarray(self.r.embedder.get_query_embedding(plan.dense or plan.question), dtype=np.float32)
        except Exception:
            return None

    def score(self, plan: QueryPlan, nodes, kind: str, weights: dict[str, float] | None = None,
              meaning: bool = True) -> dict[str, list[Sentence]]:
        """node id -> its sentences, scored; one embedding batch per paragraph (none when `meaning` is off: a
        digest with no topic picks sentences by their place and specifics, not by likeness to the question)."""
        weights = self.weights(plan) if weights is None else weights
        split = {n.node_id: sentences(n.text) or [n.text] for n in nodes}
        qv = self.question_vector(plan) if meaning else None
        flat = [s for ss in split.values() for s in ss]
        vecs = self.embed(list(split.values())) if qv is not None else [None] * len(flat)
        cos = {s: float(np.dot(v, qv)) if v is not None and qv is not None else 0.0 for s, v in zip(flat, vecs)}
        noun = counted_noun(plan.context or plan.question) if kind == "how_many" else []
        counted = set().union(*(counted_forms(x) for x in noun)) if noun else set()
        share = kind == "how_many" and re.search(r"\b(?:percentage|proportion|share|per ?cent|fraction)\b",
                                                 plan.context or plan.question, re.I) is not None
        asked = plan.context or plan.question
        label = numbered_label(asked) if kind == "numbered" else ""
        named = topic_names(plan) if kind in SLOTTED else []
        # the States asked about: a slot's sentence that names only other States is about them ("15,000 ... under an
        # agreement between Greece and Bangladesh" is no count for Ireland, named in the sentence before)
        states = [[f for f in [e.text, e.name] if f] for e in plan.entities if e.role != "speaker" and e.kind == "country"] \
            if kind in ("how_many", "when", "where", "where_when") else []
        # a person asked about ("When does Ms. X's term expire?"): a table row must name her
        people = [[f for f in [e.text, *e.values] if f] for e in plan.entities if e.role != "speaker" and
                  e.kind == "speaker"] if kind in ("when", "how_many", "where", "where_when", "which_states", "affiliation") else []
        # "Which country is Mr. X from?": a State is his only when he spoke for it or it is printed beside his name
        nationality = kind == "which_states" and NATIONALITY.search(asked) is not None and bool(people)
        asked_labels = labelled(asked) if kind in SLOTTED else set()  # "When was Act No. 02/03 passed?"
        # "When will the forty-first session take place?": the ordinal event named must be the slot's
        # (a meeting or session that names the record searched is a filter, not the event: "at the 608th meeting")
        # (... unless the question names it of another thing: "the fifty-ninth party" in a store holding a 59th session)
        asked_ordinals = (ordinals(asked) - self.r.vocab.sessions - self.r.vocab.meetings | ordinals(asked, True)) \
            - set(plan.meetings) - set(plan.sessions) if kind in ("when", "where", "where_when", "how_many", "which_states", "who", "numbered") else set()
        # "Which Gulf State had the highest share?": the slot's sentence ranks, it does not only name a State
        ranked = kind in SLOTTED and ASKED_SUPERLATIVE.search(asked) is not None
        day = kind == "when" and DAY_ASKED.search(asked) is not None
        future = kind == "when" and FUTURE_ASKED.search(asked) is not None  # "When is the report due?"
        # "How many States had ratified by 2013?": a count dated "as at 20 August 2004" is another year's
        count_years = set(STATUS_YEAR.findall(asked)) if kind in ("how_many", "which_states") else set()
        # signing is not joining: "How many States had ratified ...?" is not answered by "10 States have signed"
        treaty = treaty_act(asked) if kind in ("how_many", "when") else ""
        own_articles = kind == "numbered" and OWN_CONVENTION.search(asked) is not None
        title = title_words(asked) if kind == "who" else []  # "the name of the Director of X": a paragraph naming X
        # a month the question states of the event (not a loaded record's month, which says where to look)
        stated = {(m.group(1), m.group(2)) for m in MONTH_YEAR.finditer(asked)
                  if month_key(m.group(1), m.group(2)) not in self.r.vocab.months} \
            if kind == "when" else set()
        stated |= {("", y) for y in YEAR_ASKED.findall(asked)} if kind == "when" else set()
        # "the first Meeting of States Parties": a named event whose date, place or count is asked is named with it
        events = [heads(m.group(1)) for m in NAMED_EVENT.finditer(asked)] \
            if kind in ("when", "where", "where_when", "how_many") else []
        # an outcome is told of the event asked about: "What came out of the meeting with the EU representative?" is
        # not answered by a decision in another sentence of the paragraph
        anchors = event_names(asked, self.r.vocab, self.rarity) if kind == "outcome" else []
        # "When did the Committee adopt it?": the date's sentence tells that event, not a launch or a meeting
        happened = event_kinds.asked(asked) if kind in ("when", "where", "where_when") else \
            [e for e in event_kinds.asked(asked) if e == "preside"] if kind == "who" else []  # "Who presided?": a chair told
        self_asked = kind == "who" and SUBJECT_ASKED.search(asked) is not None  # "Who went ...?", not "Who did she meet?"
        acting = [[e.text, e.name or e.text] for e in plan.entities if e.role != "speaker" and (
            e.kind == "country" or _country_pattern().fullmatch(e.text))] if treaty and kind == "when" else []
        out: dict[str, list[Sentence]] = {}
        for n in nodes:
            who = set(stem_tokens(f"{n.metadata.get('speaker', '')} {n.metadata.get('affiliation', '')}"))
            w = {t: x for t, x in weights.items() if t not in who} or weights
            ss = split[n.node_id]
            about = [f for f in named if not who_named(f, n.metadata)]
            # "When did Mexico ratify?": the State's own act, so its date is told with the State's name
            actors = [f for f in acting if not who_named(f, n.metadata)]
            whole, folded = fold(n.text), [fold(x) for x in ss] if about or actors else []
            out[n.node_id] = []
            top = max(cos[x] for x in ss)
            for i, s in enumerate(ss):
                cov = self.coverage(terms(s), w)
                fresh = unseen(s, plan.seen) if plan.seen and kind in ("which_states", "numbered", "who") else s
                if own_articles:  # "article 10 of the Convention against Torture" is no article of the Convention
                    fresh = OTHER_TREATY_ARTICLE.sub(" ", fresh)
                slot = carries(kind, given(asked, fresh) if kind in ("when", "how_many", "who", "who_org", "where", "where_when") else fresh,
                               n.metadata.get("speaker", ""), label) and (not noun or counts(s, counted)) and \
                    (not title or holds_title(title, f"{n.text} {n.metadata.get('affiliation', '')}")) and \
                    (SHARE.search(s) is not None if share else kind != "how_many" or not only_shares(s))
                if slot and is_row(s):  # a table row is a record of its own: its fields must name what is asked about
                    fields = s[re.search(r"[A-Z][\w ]{2,40}:\s", s).start():]
                    slot = self.coverage(set(stem_tokens(fields)), w) > 0 and \
                        about_named(about + people, fields, fields, strict=True) and \
                        (not asked_ordinals or asked_ordinals <= ordinals(" ".join(ss[: i + 1]))) and \
                        ("preside" not in happened or event_kinds.tells(["preside"], s))  # a row of members tells no chair
                elif slot:
                    # a labelled thing the question names ("general comment No. 5") must be what the slot's sentence
                    # or those before it tell of: a date in a paragraph that never names it is another event's date;
                    # a person asked about is named in the paragraph or is its speaker ("When does Ms. X's term end?")
                    slot = (not about or about_named(about, " ".join(folded[: i + 1]), whole)) and \
                        not other_states(s, states) and \
                        all(who_named(f, n.metadata) or names(f, whole) for f in people) and \
                        (not actors or any(names(f, " ".join(folded[max(0, i - 1): i + 1])) for f in actors)) and \
                        (not asked_ordinals or asked_ordinals <= ordinals(" ".join(ss[: i + 1]))) and \
                        (not day or DAY_DATE.search(given(asked, s)) is not None) and not outside(stated, s) and \
                        (not ranked or TOLD_SUPERLATIVE.search(" ".join(ss[max(0, i - 1): i + 1])) is not None) and \
                        (not asked_labels or bool(asked_labels & labelled(" ".join(ss[: i + 1])))) and \
                        (not nationality or national(s, n.metadata, people)) and \
                        (not future or FUTURE_TOLD.search(" ".join(ss[max(0, i - 1): i + 1])) is not None) and \
                        (not count_years or dated_as(count_years, s)) and \
                        all(ev <= heads(" ".join(ss[: i + 1])) for ev in events) and \
                        (not treaty or treaty_act(s, strict=False) in (treaty, "both")) and \
                        (not anchors or any(names(f, fold(s)) for f in anchors)) and \
                        (not happened or event_kinds.tells(happened, " ".join(ss[i - 1: i + 1] if i and depends_on_previous(s) else [s])))
                # a slot far less like the question than its paragraph's best sentence, and not pointing back at it,
                # is another event's: "On 15 April, the Committee held a public event" after the dialogue asked about
                # (dates only: a count or a State far from the best sentence is often still the one asked for)
                slot = slot and (kind != "when" or top - cos[s] < FAR_SLOT or i > 0 and depends_on_previous(s))
                # "Which member went to the seminar in Dakar?": "he had participated ..." in his own paragraph, when it
                # is the sentence most like the question, names the speaker as the one who did it
                slot = slot or self_asked and bool(n.metadata.get("speaker")) and top - cos[s] < SELF_GAP and \
                    (SELF_ACT.search(s) is not None or acts_itself(s, n.metadata["speaker"]))
                out[n.node_id].append(Sentence(i, s, cos[s], cov, slot))
        return out


# A number with its label: word tokens drop one-digit numbers ("No. 6"), and a bare "6" would match anything.
LABEL_NUMBER = re.compile(r"\b(No|objective|article|resolution|paragraph|rule|recommendation)s?\.?\s+"
                          r"(\d+(?:/\d+)?(?:\s*(?:,|and|or|&)\s*\d+(?:/\d+)?)*)", re.I)


def labelled(text: str) -> set[str]:
    """ "general comment No. 6", "objectives 13 and 21" -> {"#no6"}, {"#objective13", "#objective21"}."""
    return {f"#{m.group(1).lower()}{n}" for m in LABEL_NUMBER.finditer(text) for n in re.findall(r"\d+(?:/\d+)?", m.group(2))}


def terms(text: str) -> set[str]:
    """A sentence's terms for coverage: stemmed words and labelled numbers."""
    return set(stem_tokens(text)) | labelled(text)


def topic_names(plan: QueryPlan) -> list[list[str]]:
    """Forms of each State or body the question asks about (not its speaker): "How many ... in Mexico?"."""
    return [[f for f in [e.text, e.name, *e.values] if f] for e in plan.entities
            if e.role != "speaker" and e.kind in ("country", "affiliation")]


def who_named(forms: list[str], meta: dict) -> bool:
    """Whether a named State or body is the paragraph's own speaker: all of its sentences are then about it."""
    own = fold(f"{meta.get('speaker', '')} {meta.get('affiliation', '')}")
    return any(fold(f) in own for f in forms if len(f) >= 3)


def is_row(sentence: str) -> bool:
    """A table row written as labelled fields ("Name of member: …; Country of nationality: …; …"): a record of its
    own, so a slot in it is about what the row itself names."""
    return len(re.findall(r"(?:^|;\s*)[A-Z][\w ]{2,40}:\s", sentence)) >= 2


# "On which day ...?" is answered by a day of a month (or a time), not by "in April 2025".
DAY_ASKED = re.compile(r"\b(?:on|what|which) (?:exact |precise )?(?:date|day)\b|\bexact date\b", re.I)
DAY_DATE = re.compile(r"\b\d{1,2}(?:\s+to\s+\d{1,2})?\s+(?:January|February|March|April|May|June|July|August|September|"
                      r"October|November|December)\b|\b\d{1,2}(?:[.:]\d\d)?\s*[ap]\.m\.", re.I)


_ORDINAL_WORD = {ordinal_words(n): n for n in range(1, 100)}
_ORDINAL = re.compile(r"(?<![\w-])(?:(\d{1,3})(?:st|nd|rd|th)|(" + "|".join(sorted(_ORDINAL_WORD, key=len, reverse=True)) +
                      r"))(?![\w-])\s+(\w+)", re.I)
# "first" is also an adverb ("did Mexico first raise it"): as an ordinal it follows a determiner or a possessive
_FIRST = re.compile(r"\b(?:the|its|their|his|her|a|an|[\w-]+['’]s)\s+first\b", re.I)


def ordinals(text: str, things_only: bool = False) -> set[int]:
    """The ordinal numbers a text names as an ordinal of a thing ("the forty-first session", "the 25th meeting",
    "its first meeting"), in words or digits; not an adverb ("did Mexico first raise it"). `things_only`: only those
    of a thing other than a session or meeting ("the fifty-ninth party", not "the 39th and 40th sessions")."""
    found = {int(m.group(1)) if m.group(1) else _ORDINAL_WORD[m.group(2).lower()] for m in _ORDINAL.finditer(text)
             if not things_only or m.group(3).lower() not in RECORD_NOUNS}
    found |= {int(n) for n in re.findall(r"\bNo\.\s*(\d{1,2})\b", text)}  # "its sixth general comment" is "No. 6"
    return found if 1 not in found or _FIRST.search(text) or re.search(r"\b1st\b", text) else found - {1}


FAR_SLOT = 0.3  # cosine below the paragraph's best sentence beyond which a slot is another event's (tuning sets)
RECORD_NOUNS = {"session", "sessions", "meeting", "meetings", "and", "or", "to"}


def unseen(sentence: str, seen: str) -> str:
    """The sentence without the States, numbers and names the earlier turn asked about: "Which other objective ...?"
    is not answered by the objective asked about before."""
    for c in {m.group(0) for m in _country_pattern().finditer(seen)}:
        sentence = re.sub(r"(?<!\w)" + re.escape(c) + r"(?!\w)", " ", sentence)
    numbers = set(re.findall(r"\b\d+\b", seen))
    sentence = re.sub(r"\b\d+\b", lambda m: " " if m.group(0) in numbers else m.group(0), sentence)
    for name in {m.group(0) for m in PERSON.finditer(seen)}:
        sentence = sentence.replace(name, " ")
    return sentence


def _topic_words(question: str) -> list[str]:
    """Words of three letters or more that name a topic: "want", "reply", "behalf", "summarize" say what is asked,
    not what about."""
    return [w for w in re.findall(r"[^\W\d_]{3,}", question) if w.lower() not in STOP and
            w.lower() not in QUESTION_WORDS and w.lower() not in ASKING and not SPEECH.fullmatch(w)]


def _find_number(question: str, n: str) -> int:
    m = re.search(r"(?<![\w/.])" + n + r"(?![\w/])", question)
    return m.start() if m else len(question)


def _has(needle: str, text: str) -> bool:
    return bool(needle) and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text) is not None


SUPERLATIVES = r"highest|largest|biggest|greatest|lowest|smallest|fewest|most|least"
ASKED_SUPERLATIVE = re.compile(rf"(?<!\bat )\b(?:{SUPERLATIVES})\b(?!\s+(?:recent(?:ly)?|of|likely|important)\b)", re.I)
TOLD_SUPERLATIVE = re.compile(rf"\b(?:{SUPERLATIVES}|top|leading|record|first|ranked|more\b[^.;]{{0,40}}\bthan any)\b", re.I)


# "What percentage ...?" is answered by a share, not by any number.
SHARE = re.compile(r"\bper ?cent\b|%|\bproportion\b|\bone in (?:\w+)\b|\b(?:half|a third|two thirds|a quarter|"
                   r"three quarters|majority|minority)\b", re.I)
