"""Extractive answers: the sentences that carry what is asked, attributed, quoted faithfully and labelled; refusals.

How a question is answered (see the README, "How a question flows"):
1. Named things the records lack (a speaker who never spoke, an unindexed meeting) refuse at once.
2. A record fact (chair, place, date, times) comes from the record's metadata.
3. A digest question (a meeting, session, speaker's contributions, or a name with no topic) gets a digest.
4. Otherwise sentences of the best paragraphs are scored by meaning and words, the asked slot (a date for "when",
   a number for "how many" ...) is looked for, and a calibrated answerability score decides between answering and
   refusing with the closest paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..core.numbers import mentioned_numbers
from ..core.text import STOP
from ..index.corpus import stem_tokens
from ..search.retrieve import Hit, Retriever
from ..records.masthead import MONTHS
from ..search.entities import SPEECH
from ..search.understand import QueryPlan
from . import acts, answerability, claims, digest, framing, joins, meetings, quotes, roster, topics
from .meetings import ACT_WORDS, FACT_WORDS
from .bindings import holds_numbers, missing_labels, row_numbers
from .evidence import DAY_ASKED, ORDINAL_WORDS, RECORD_WORDS, SLOT, Evidence, is_row, terms, topic_names
from .facts import citation_from, dated_event, meeting_title, missing_part, record_fact  # noqa: F401  (citation_from is public)
from .slots import ASKED_TITLE, DATE, SLOT_NAMES, SLOTTED, answer_type, asked_noun, holds_title, misdated, title_words
from .types import Answer

MAX_SENTENCES_PER_PARAGRAPH = 4
SHORT_PARAGRAPH_WORDS = 110
OFF_TOPIC_DENSE = 0.3   # MiniLM cosine below this: unrelated texts ("the weather in Geneva tomorrow")
SPEAKER_PARAGRAPH_WORDS = 200  # "What did X say about Y?": X's own paragraph on Y is X's answer, quoted whole up to this
SCORED_PARAGRAPHS = 8
SENTENCE_KEEP = 0.85  # a broad question also cites a paragraph whose best sentence scores this share of the best one
BROAD_EXTRA = 3  # ... up to this many beyond top_k
ROW_RATIO = 0.85  # another table row is quoted beside the best one only if it scores at least this share of it
MAX_ROWS = 12
NOUN_BONUS = 0.1  # relevance added to a paragraph naming what a "Which <noun> ...?" question asks for
SLOT_REACH = 0.8   # a paragraph carrying the asked slot is preferred if its relevance is at least this share of the best
# "Which speakers ...", "what were the ..." want breadth: more paragraphs near the best one.
BROAD = re.compile(r"\b(?:which speakers|who (?:else )?(?:raised|mentioned|spoke|talked|discussed)|what was (?:said|raised)|"
                   r"which (?:organi[sz]ations|"
                   r"delegations|states|countries|members|NGOs|institutions|bodies|groups|civil society|panellists|experts)|what (?:were|are) the|list|and what|both|compare|contrast|differ\w*|between)\b", re.I)
# Words that ask for a digest's scope, not its topic.
SCOPE_WORDS = set("""summarize summarise summary overview digest recap main key points gist rundown whole entire all
happened went took place said say says discussed covered decided contributions contribution interventions
intervention remarks statement statements full complete meeting session record records committee tell told during general
discussion give me please briefly brief else other more further also group body organization organisation
delegation network association alliance institution panellist speaker opening closing beginning start end sum up sr cmw""".split())
FOREIGN = re.compile(r"¿|\b(?:[Qq]ué|dijo|sobre|según|[Cc]uál|[Qq]uién|[Dd]ónde|[Cc]uándo|[Cc]ómo|dit|était|selon|"
                     r"[Pp]ourquoi|[Qq]uels?|[Qq]uelle|sagte|über|[Ww]arum|[Чч]то|сказал|было|los|las|del|les|des|sur|"
                     r"une|der|und|el|la|que|qu'a)\b")
# "Who spoke for QUNO?", "What is her name?": the paragraph's speaker is the answer. "The name of the Director" is not.
SPOKE_FOR = re.compile(r"\b(?:spoke|speak|took the floor|on behalf|represent(?:ed|ing)?|delegate|(?:his|her|their) names?|"
                       r"name of (?:the |that |this )?(?:speaker|delegate|representative|panellist|person who (?:spoke|said)))\b", re.I)
# Acts done at the meeting itself: their date is the meeting's ("When did the Chair declare the session closed?").
MEETING_ACT = re.compile(r"\b(?:declared?|clos(?:e|ed|ing)|open(?:ed|ing)?|adopt(?:ed)?|say|said|tell|told|announced?|"
                         r"raised?|welcomed?|commended?|expressed?|thanked?|speak|spoke|present(?:ed)?)\b", re.I)
ENGLISH = re.compile(r"\b(?:what|did|does|the|say|said|about|of|who|when|which|how|and|to|in|was|were)\b", re.I)


class Composer:
    def __init__(self, retriever: Retriever, settings):
        self.r = retriever
        self.settings = settings
        self.evidence = Evidence(retriever)
        self.last_features: dict[str, float] = {}   # what the last answer was decided on (eval/fit_answerability.py)

    # -- rendering ---------------------------------------------------------------------------------------------
    def attribute(self, sentence: str, meta: dict) -> str:
        """The sentence framed with who said it ("Ms. X (Body) said that ...")."""
        return framing.attribute(sentence, meta, lambda s: framing.lower_first(
            s, self.r.corpus.names, self.r.corpus.lower_words, lambda w: self.r.vocab.candidates("country", w)))

    # -- answers -----------------------------------------------------------------------------------------------
    def compose(self, plan: QueryPlan, hits: list[Hit], closest: list[Hit]) -> Answer:
        self.last_features = {}
        if plan.missing:
            reason = "; ".join(dict.fromkeys(plan.missing))
            return self.refuse(plan, closest or hits, f"The records do not answer this: {reason}.")
        part = missing_part(plan, self.r.records, self.r.corpus.by_file)
        if part:  # "the opening meeting of the fortieth session" when only its closing meeting is loaded
            return self.refuse(plan, closest or hits, f"The records do not answer this: {part}.")
        if len(FOREIGN.findall(plan.question)) >= 2 and len(ENGLISH.findall(plan.question)) < 2:
            return self.foreign(plan, hits, closest)
        event = meetings.event(plan, self.r.records, self.r.corpus.by_file)
        if event is not None:  # "When was the half-day discussion on the general comment held?": that meeting's date
            fact = record_fact(meetings.as_fact(plan), self.r.records, self.r.corpus.by_file, event=event)
            # a record silent on it leaves the question to the paragraphs, unless the exact day is asked: no
            # paragraph dates the meeting it is part of
            if fact and (not fact.refused or DAY_ASKED.search(plan.question)):
                return fact
        fact = record_fact(plan, self.r.records, self.r.corpus.by_file, hits[0].meta["file"] if hits else "") \
            if plan.fact else None
        if fact and self.about_record(plan) and not plan.has_speaker_filter:  # "What did X say when he closed ..."
            return self.with_event(plan, fact, hits)
        if not hits:
            if plan.exclude and plan.has_speaker_filter:  # "What else did he say?" after all of it was quoted
                return self.nothing_more(plan, closest)
            return self.refuse(plan, closest, "The records do not answer this: no paragraph matches the question"
                               + (" with the filters applied." if plan.has_speaker_filter else "."))
        kind = answer_type(plan.question)
        if kind == "open" and plan.context:  # "And in 2024?" asks what the earlier question asked
            kind = answer_type(plan.context)
        kind = "open" if kind == "outcome" and plan.has_speaker_filter else kind  # a speaker's words are theirs
        if self.wants_digest(plan, kind, hits):
            return self.digest(plan, hits)
        if (joined := joins.answer(self, plan, hits)) is not None:  # "Which of the members elected in 2003 spoke ...?"
            return joined
        if (listed := roster.answer(self, plan, hits)) is not None:  # "Which States took the floor at ...?"
            return listed
        told = meetings.told_at(plan, hits, self.r.records, self.evidence.named_missing)
        if told is not None:
            # "Who chaired the meeting at which the Chair reported ...?": the meeting is the record of the paragraph
            # that tells of it, and its masthead has the fact (a date in that paragraph is another event's)
            there = record_fact(replace(plan, files=[told.meta["file"]]), self.r.records, self.r.corpus.by_file)
            if there and not there.refused:
                return self.with_event(plan, there, [told], told=True)
        answer = self.answer(plan, hits, kind)
        f = self.last_features
        if not (answer.refused and fact and not fact.refused and answer.citations) or f.get("para_cov", 0) < 0.5 \
                or f.get("named_missing"):
            return answer
        lead = self.r.paragraphs.get(f"{answer.citations[0].file}#{answer.citations[0].paragraph}")
        if lead is not None and lead.metadata["file"] == fact.citations[0].file and \
                re.search(r"\b(?:declar\w* (?:open|closed)|called to order)\b", lead.text[:300], re.I):
            # "When did the half-day discussion take place?": the discussion is the one the best paragraph declares
            # open at that meeting (an event the record only reports, "had held", keeps no date of its own)
            return self.with_event(plan, fact, hits)
        return answer

    def nothing_more(self, plan: QueryPlan, closest: list[Hit]) -> Answer:
        who = ", ".join(plan.speakers + plan.affiliations)
        return self.refuse(plan, closest, f"The records hold nothing more from {who}: every paragraph that "
                           "matches has already been cited in this conversation.")

    def about_record(self, plan: QueryPlan) -> bool:
        """Whether a chair / date / place question is about the meeting itself ("When was the 608th meeting held?"),
        not about another event a record mentions ("When was the meeting of treaty body Chairs held?"), nor about a
        session that no record belongs to ("When will the forty-second session open?")."""
        if set(mentioned_numbers("session", plan.question)) - set(plan.sessions):
            return False
        if meetings.MEETING_CLAUSE.search(plan.question) and not (plan.files or plan.meetings or plan.sessions or plan.years):
            return False  # a meeting named only by what happened there is found by its paragraphs
        if re.search(r"\b(?:meeting|talks|consultations?)\s+(?:with|between)\b", plan.question, re.I) and \
                not re.search(r"\d+(?:st|nd|rd|th)\s+meeting|\bSR\.", plan.question):
            return False  # "that meeting with the ILO delegation" is an event a record tells of, not the record
        named = {w.lower() for e in plan.entities for w in re.findall(r"\w+", e.text)}
        # "And the 608th meeting?" after a record fact: this turn's own words say whether it is about the record
        own = replace(plan, context="") if plan.context else plan
        rest = [w for w in self.topic_words(own) if len(w) > 2 and w.lower() not in FACT_WORDS
                and w.lower() not in named and w.lower() not in ORDINAL_WORDS and w.lower() not in MONTHS]
        return len(rest) <= 1

    def with_event(self, plan: QueryPlan, fact: Answer, hits: list[Hit], told: bool = False) -> Answer:
        """A record fact, plus the paragraph of that record that tells of the asked act ("declared the session
        closed") when it is among the best hits: the fact from the masthead, the act from the body. `told`: the
        question names the meeting by what was told there, so that paragraph is always shown."""
        if fact.refused or not (told or any(w.lower() in ACT_WORDS for w in self.topic_words(plan))):
            return fact
        cited = {(c.file, c.paragraph) for c in fact.citations}
        for h in hits[:3]:
            if h.meta["file"] != fact.citations[0].file or (h.meta["file"], int(h.meta["paragraph"])) in cited:
                continue
            scored = self.evidence.score(plan, [h.node], "open")[h.key]
            best = max(scored, key=lambda s: s.score)
            quoted, shown = quotes.faithful(h.node.text, [best.index])
            fact.text += f"\n\nAt that meeting: {self.attribute(shown, h.meta)} [{h.meta['label']}]"
            fact.citations.append(citation_from(h.node, quoted, h.score, self.r.records))
            break
        return fact

    def topic_words(self, plan: QueryPlan) -> list[str]:
        """The question's content words beyond the names, record references and digest scope words."""
        named = {w.lower() for e in plan.entities if e.role == "speaker" or e.kind == "chair"
                 for w in re.findall(r"\w+", e.text)}
        named |= {w.lower() for x in plan.speakers + plan.affiliations for w in re.findall(r"\w+", x)}  # (carried too)
        return [w for w in (re.sub(r"['’]s$", "", x) for x in re.findall(r"\b[^\W\d_][\w'’-]+", f"{plan.context} {plan.question}"))
                if w.lower() not in STOP and w.lower() not in SCOPE_WORDS and w.lower() not in named
                and not SPEECH.fullmatch(w) and w.lower() not in RECORD_WORDS]

    def wants_digest(self, plan: QueryPlan, kind: str, hits: list[Hit] = ()) -> bool:
        scoped = plan.has_speaker_filter or plan.meetings or plan.sessions or plan.files
        if kind == "digest":
            scoped = scoped or plan.years  # "Summarize ... at the 2013 opening meeting"
            topic = self.topic_words(plan)  # ... or an agenda item: "Summarize the NGO dialogue on Morocco's report"
            return bool(scoped) or not topic or bool(self.agenda_item(plan, self.r.nodes, topic)[1])
        # "What did Ms. X say?" / "What happened at the 590th meeting?": a name or a record and no topic; "What did
        # Mr. X say about the Compact?" at a discussion on the Compact: the meeting's own subject is no topic either
        untopical = not self.topic_words(plan) or self.meeting_subject(plan, hits)
        return bool(scoped) and kind in ("open", "said") and untopical and not plan.wants_speaker

    def meeting_subject(self, plan: QueryPlan, hits) -> bool:
        """Whether a speaker question's topic words all name the agenda item the speaker spoke under ("What was
        Burkina Faso's position on the new general comment?" at the discussion of a new general comment)."""
        topic = self.topic_words(plan)
        if not (plan.has_speaker_filter and topic and hits):
            return False
        items = " ".join({f"{h.meta.get('agenda_item', '')} {h.meta.get('agenda_subitem', '')}" for h in hits[:8]})
        # whole words, not stems: "regularization" is not the "Regular" of "Safe, Orderly and Regular Migration"
        words = lambda text: {re.sub(r"s$", "", w) for w in re.findall(r"\w+", text.lower())}  # noqa: E731
        return words(" ".join(topic)) <= words(items)

    def answer(self, plan: QueryPlan, hits: list[Hit], kind: str) -> Answer:
        top = hits[:SCORED_PARAGRAPHS]
        # (a follow-up with a topic of its own, "And what did she say about detention?", is checked too)
        if kind in ("said", "open") and (silent := topics.unknown_topic(plan, self.evidence)):
            return self.refuse(plan, top, "The records do not answer this: no record uses the words "
                               + " or ".join(f"“{w}”" for w in silent) + ".")
        if plan.has_speaker_filter and kind in ("said", "open") and (not plan.follow_up or not plan.context):
            unraised = topics.unraised(plan, self.topic_words(plan), top, self.r, self.evidence)
            if unraised:  # "What did Azerbaijan say about alternatives to detention?": others did, not Azerbaijan
                return self.refuse(plan, unraised[1], unraised[0])
        weights = self.evidence.weights(plan)
        scored = self.evidence.score(plan, [h.node for h in top], kind, weights)
        spoke_for = False
        title = title_words(plan.question) if kind == "who" and ASKED_TITLE.match(plan.question) else []  # "Who was the Chair?"
        if kind == "who" and (plan.has_speaker_filter or SPOKE_FOR.search(plan.question) or title):
            # "Who spoke for QUNO?", "What is her name?": the paragraph's speaker is the person, when it is theirs
            named = set(plan.speakers) | set(plan.affiliations) | {v for e in plan.entities for v in e.values}
            for h in top:
                if h.meta.get("speaker") and {h.meta.get("speaker"), h.meta.get("affiliation")} & named and \
                        (not title or holds_title(title, h.meta.get("affiliation", ""))):
                    for sent in scored[h.key]:
                        sent.slot = True
                    # the answer is who spoke, which the record states: no topic words need to match
                    spoke_for = spoke_for or (plan.has_speaker_filter and bool(SPOKE_FOR.search(plan.question)))
        if kind == "affiliation":  # "Which organization does Mr. X represent?": the one printed beside his name, if any
            named = set(plan.speakers) | {v for e in plan.entities for v in e.values}
            for h in top:
                if h.meta.get("speaker") in named:
                    for sent in scored[h.key]:
                        sent.slot = sent.slot or bool(h.meta.get("affiliation"))
        rows = []
        noun = asked_noun(plan.question)  # "Which lists of issues ...?": a paragraph naming them
        for h in top:
            sents = scored[h.key]
            best = max(sents, key=lambda s: s.score)
            said = [terms(s.text) for s in sents]
            cov = self.evidence.coverage(set().union(*said), weights)
            named = NOUN_BONUS if noun and any(noun <= t for t in said) else 0.0
            rows.append((h, 0.35 * h.dense + 0.3 * cov + 0.35 * max(s.cosine for s in sents) + named, cov, best))
        # relevance to four places, then record order: float noise between embedding batches (which sentences a
        # batch holds depends on the cache) must not reorder near-identical paragraphs from run to run
        rows.sort(key=lambda x: (-round(x[1], 4), x[0].meta["file"], int(x[0].meta["paragraph"])))
        best_rel = rows[0][1]
        several = plan.several_records()
        broad = bool(BROAD.search(plan.question)) or several is not None
        keep = (0.0 if plan.has_speaker_filter else 0.6) if broad else 0.75
        chosen = [r for r in rows if r[1] >= best_rel * keep][: self.settings.top_k]
        if broad:  # "Which speakers raised X?": a long paragraph with one sentence on X is among them
            best_sentence = max(r[3].score for r in rows)
            chosen += [r for r in rows if all(r is not c for c in chosen)
                       and r[3].score >= best_sentence * SENTENCE_KEEP][:BROAD_EXTRA]
        _, key, values = several or ("", "", [])
        for value in values:  # "in 2024 and 2025": the best paragraph of each named record is in the answer
            if not any(r[0].meta.get(key) == value for r in chosen):
                best_there = next((r for r in rows if r[0].meta.get(key) == value and r[1] >= best_rel * 0.5), None)
                if best_there:
                    chosen = chosen[: self.settings.top_k - 1] + [best_there]
        # the asked fact must be in the paragraph the answer leads with (a date in the third paragraph, about
        # another event, is not the date asked for); a nearly as relevant carrier is promoted below
        slot_ok = kind not in SLOTTED or any(s.slot for s in scored[chosen[0][0].key])
        if not slot_ok:
            # the asked fact may sit a little lower: the best paragraph that carries it, if it is nearly as relevant
            carrier = next((r for r in rows if any(s.slot for s in scored[r[0].key]) and r[1] >= best_rel * SLOT_REACH), None)
            if carrier:
                chosen = [carrier] + [r for r in chosen if r is not carrier][: self.settings.top_k - 1]
                slot_ok = True
        if plan.seen and kind in SLOTTED:  # "Which other objectives ...?": a paragraph with none of them adds nothing
            chosen = chosen[:1] + [r for r in chosen[1:] if any(x.slot for x in scored[r[0].key])]
        whole = SPEAKER_PARAGRAPH_WORDS if plan.has_speaker_filter else SHORT_PARAGRAPH_WORDS
        picks = [(h, self._pick(scored[h.key], kind, i == 0, broad, h.node.text, whole, plan.question))
                 for i, (h, *_rest) in enumerate(chosen)]
        quoted = [scored[h.key][i] for h, idx in picks for i in idx]
        feats = {"dense": max(h.dense for h, *_ in rows[:3]), "para_cov": max(c for _, _, c, _ in rows[:3]),
                 "sent_cos": max(s.cosine for s in quoted), "sent_cov": self.evidence.coverage(
                     {t for s in quoted for t in terms(s.text)}, weights),
                 "unknown": self.evidence.unknown_share(plan), "slot_missing": float(not slot_ok),
                 "speaker": float(plan.has_speaker_filter), "record": float(bool(plan.files or plan.meetings or plan.sessions or plan.years)),
                 "digest": 0.0, "named_missing": self.evidence.named_missing(plan, [r[0].node for r in chosen[:3]],
                                                               [s.text for s in quoted])}
        feats["speaker_cov"] = feats["speaker"] * max(feats["para_cov"], feats["sent_cov"])
        # the asked fact's own sentence must be about the question: a date beside another event is not its date
        lead = [s for s in scored[chosen[0][0].key] if s.slot] if kind in SLOTTED and slot_ok else quoted
        feats["slot_fit"] = max((s.score - (SLOT if s.slot else 0.0) for s in lead), default=0.0)
        ok, p = answerability.answerable(feats)
        self.last_features = {**feats, "p": p}
        # "Who spoke for X?", "Which other country did he single out?": the slot in their own words is the answer
        ok = ok or ((spoke_for or bool(plan.seen) and plan.has_speaker_filter) and slot_ok and not feats["named_missing"])
        if not slot_ok:  # the asked fact (a date, a number, a person ...) is not in the best evidence
            ok = False
        lead, lead_idx = picks[0]
        # the Committee's act may be told in any quoted paragraph, not only the first
        missing = [acts.missing(plan.context or plan.question, h.meta, [scored[h.key][i].text for i in idx], topic_names(plan))
                   for h, idx in picks]
        act = missing[0] if all(missing) else ""
        if act:  # "What did the Committee recommend to X?" answered by an NGO, or by "it adopted concluding observations"
            return self.refuse(plan, [r[0] for r in rows], f"The records do not answer this: {act}.")
        claim = claims.unstated_claim(plan.question, [s.text for h, idx in picks for s in (scored[h.key][i] for i in idx)]) \
            if kind in ("said", "who") or plan.wants_speaker else ""
        if claim:  # "Who said the Compact should be renegotiated?": the quoted sentences never say it should be
            return self.refuse(plan, [r[0] for r in rows], f"The records do not answer this: the sentences closest to "
                                                           f"it never say “{claim}”.")
        if labels := missing_labels(plan, [s.text for s in quoted]):  # "ILO Convention No. 97"
            return self.refuse(plan, [r[0] for r in rows], "The records do not answer this: the sentences closest to "
                               f"it never mention {' or '.join(f'“{x}”' for x in labels)}.")
        lead_sents = scored[lead.key]
        told = misdated(plan.question, self.r.vocab.months, [lead_sents[j].text for i in lead_idx for j in (i - 1, i) if j >= 0],
                        lead.node.text) if kind not in ("when", "where_when") else None
        if told:  # "What did the Chairs call for at their June 2024 meeting?" answered by their May 2013 meeting
            return self.refuse(plan, [r[0] for r in rows], f"The records do not answer this: the closest paragraphs "
                                                           f"tell of {told[0]}, not {told[1]}.")
        if not plan.follow_up and feats["dense"] < OFF_TOPIC_DENSE and feats["unknown"] >= 0.5:
            ok = False  # a new question whose words are mostly in no record, and nothing is close in meaning: off-topic
        unused = self.evidence.unknown_words(plan) if feats["unknown"] >= 0.99 and feats["sent_cov"] < 0.2 else []
        if unused:
            # every word of the topic is one no record uses, and the evidence shares none of the question's words
            return self.refuse(plan, [r[0] for r in rows], "The records do not answer this: no record uses the words "
                               + ", ".join(f"“{w}”" for w in unused) + ".")
        if not ok:
            why = f" (the closest paragraphs do not give the {SLOT_NAMES[kind]} asked for)" if not slot_ok else ""
            reason = f"The records do not answer this{why}."
            event = dated_event(self.r.records, rows[0][0].node) if kind == "when" and not slot_ok else ""
            if event:  # the nearest thing to a date the records have: when the closest paragraph was recorded
                reason += f" The closest paragraph was recorded at {event}."
            return self.refuse(plan, [r[0] for r in rows], reason)
        return self.render(plan, picks, kind)

    def _pick(self, sents, kind: str, first: bool, broad: bool, text: str, whole: int = SHORT_PARAGRAPH_WORDS,
              asked: str = "") -> list[int]:
        """Sentence indexes to quote: the best by meaning and words; the slot's sentence when one is asked for."""
        if first and not broad and len(text.split()) <= whole and kind not in SLOTTED:
            return [s.index for s in sents]  # a short best paragraph is quoted whole
        ranked = sorted(sents, key=lambda s: (-s.score, s.index))
        limit, ratio = (MAX_SENTENCES_PER_PARAGRAPH, 0.6) if first else (2, 0.85)
        # a table row is a record of its own: another row is quoted only when it answers nearly as well
        # (every row that does is quoted: "whose terms expired in 2005" is five rows of a table)
        told = row_numbers(asked, [x.text for x in sents if is_row(x.text)])
        pick = [ranked[0]] + [s for s in ranked[1:limit] if not is_row(s.text) and s.score >= ranked[0].score * ratio] + \
            [s for s in ranked[1:] if is_row(s.text) and s.score >= ranked[0].score * max(ratio, ROW_RATIO)
             and holds_numbers(s.text, told)][:MAX_ROWS]
        if kind in SLOTTED and not any(s.slot for s in pick):
            slotted = [s for s in ranked if s.slot]
            if slotted:
                pick.append(slotted[0])
        if any(is_row(s.text) for s in pick) and not is_row(sents[0].text) and sents[0] not in pick:
            pick.append(sents[0])  # a table row is quoted with the sentence that says what the table is
        idx = sorted(s.index for s in pick)  # one sentence between two quoted is quoted: no ellipsis hides it
        # "... had been held in New York." + "At that event, the Chairpersons had called for ...": what happened there
        more = {i + 1 for i in idx if first and kind in ("open", "said") and i + 1 < len(sents)
                and quotes.POINTING_PHRASE.match(sents[i + 1].text)}
        return sorted(set(idx) | more | {i + 1 for i, j in zip(idx, idx[1:]) if j - i == 2 and not is_row(sents[i + 1].text)})

    def render(self, plan: QueryPlan, picks, kind: str) -> Answer:
        parts, citations = [], []
        for i, (h, idx) in enumerate(picks):
            quoted, shown = quotes.faithful(h.node.text, idx)
            text = self.attribute(shown, h.meta)
            if i == 0 and kind == "when" and not any(DATE.search(q) for q in quoted):
                event = dated_event(self.r.records, h.node)
                if event and MEETING_ACT.search(plan.context or plan.question):
                    text = f"At {event}: {text}"
            parts.append(f"{text} [{h.meta['label']}]")
            citations.append(citation_from(h.node, quoted, h.score, self.r.records))
        return Answer(question=plan.question, text="\n\n".join(parts), citations=citations)

    def digest(self, plan: QueryPlan, hits: list[Hit]) -> Answer:
        scope, topic = self.r.scope(plan), self.topic_words(plan)
        field, item = self.agenda_item(plan, self.r.nodes, topic) if scope is None and topic else ("", "")
        if item:  # no record named, but an agenda item is ("Summarize the NGO dialogue on Morocco's report"): its
            # paragraphs in the records the question found (an item such as "Organizational matters" recurs)
            files = {h.meta["file"] for h in hits[: self.settings.top_k]}
            scope = [n for n in self.r.nodes if n.metadata.get(field) == item and n.metadata["file"] in files]
        elif scope is None:  # nothing names the scope: the relevant paragraphs are the strong hits
            best = hits[0].score
            scope = [h.node for h in hits if h.score >= best * 0.5][:digest.MAX_PARAGRAPHS]
        elif topic:  # a scope and a topic: the agenda item it names, or the paragraphs about it
            field, item = self.agenda_item(plan, scope, topic)
            keep = {h.key for h in hits[: self.settings.top_k * 2]}
            scope = [n for n in scope if n.metadata.get(field) == item] if item else \
                [n for n in scope if n.node_id in keep] or scope
        if plan.exclude:  # "What else did she say?": what was cited before is not digested again
            scope = [n for n in scope if f"{n.metadata['file']}#{n.metadata['paragraph']}" not in plan.exclude]
            if not scope and plan.has_speaker_filter:
                return self.nothing_more(plan, hits)
        if not scope:
            return self.refuse(plan, hits, "The records do not answer this: no paragraph matches the question.")
        # only what is quoted is scored, and embedded only when the digest has a topic to rank sentences by
        scored = self.evidence.score(plan, digest.shown(scope), "digest", meaning=bool(topic))
        self.last_features = {"digest": 1.0, "p": 1.0}
        heading = ""
        files = {n.metadata["file"] for n in scope}
        if len(files) == 1:
            m = self.r.records.get(next(iter(files)), {})
            if m.get("meeting"):
                heading = f"{meeting_title(m)}:"
        # "What did Ms. X say?" wants her words; "Summarize Ms. X's contributions" a short digest
        statement = plan.has_speaker_filter and (not topic or self.meeting_subject(plan, hits)) and \
            answer_type(plan.question) != "digest"
        return digest.render(self, plan, scope, scored, self.r.records, heading, bool(topic), statement=statement)

    @staticmethod
    def agenda_item(plan: QueryPlan, scope, topic_words: list[str]) -> tuple[str, str]:
        """(metadata field, value) of the agenda item or sub-item a digest question names ("the discussion on
        promotion of the Convention", "the NGO dialogue on Morocco's initial report"), or ("", ""). An item is named
        when most of its words are asked, or most of the question's topic words are the item's."""
        asked = set(stem_tokens(plan.question))
        topic = {t for t in stem_tokens(" ".join(topic_words)) if t not in STOP}
        best, share = ("", ""), (0.0, 0.0, 0)
        for field in ("agenda_item", "agenda_subitem"):
            for item in sorted({n.metadata.get(field, "") for n in scope} - {""}):
                words = {t for t in stem_tokens(item) if t not in STOP}
                of_item = len(words & asked) / len(words) if words else 0.0
                got = (max(of_item, len(words & topic) / len(topic) if len(topic) >= 3 else 0.0), of_item,
                       len(words & topic))
                # ties go to the item more of whose words are asked ("... of Burkina Faso"), then to the one sharing
                # more topic words ("promoting the Convention at the session's opening meeting" is not the opening)
                if got > share:
                    best, share = (field, item), got
        return best if share[0] >= 0.6 else ("", "")

    def foreign(self, plan: QueryPlan, hits: list[Hit], closest: list[Hit]) -> Answer:
        """A question in another language: answered from the names it holds, or a clear request to ask in English."""
        named = [v for e in plan.entities for v in e.values]
        if named and hits:
            speakers = [v for v in named if v in self.r.vocab.speakers]
            plan.speakers, plan.affiliations = speakers, [v for v in named if v not in speakers]
            answer = self.digest(plan, hits)
            answer.notice = ("The records are in English, so this answer is built from the names in the question "
                             f"({', '.join(named)}); ask in English for a precise answer.")
            answer.text = answer.notice + "\n" + answer.text
            return answer
        return self.refuse(plan, closest or hits, "Please ask in English: the records and the question analysis are "
                           "in English, and this question names no speaker, State or record they hold.")

    def refuse(self, plan: QueryPlan, closest: list[Hit], reason: str) -> Answer:
        near = closest[:3]
        lines = [reason]
        if near:
            lines.append("The closest paragraphs are:")
            for h in near:
                who = h.meta.get("speaker") or "no speaker"
                snippet = h.node.text[:160].rsplit(" ", 1)[0] + "…" if len(h.node.text) > 160 else h.node.text
                lines.append(f"- [{h.meta['label']}] ({who}) {snippet}")
        return Answer(question=plan.question, text="\n".join(lines), refused=True,
                      citations=[citation_from(h.node, [], h.score, self.r.records) for h in near])
