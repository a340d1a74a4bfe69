"""Extractive synthesis: the most relevant sentences of the best paragraphs, attributed and labelled; refusal."""
from __future__ import annotations

import re
from datetime import date

from .types import Answer, Citation
from ..index.corpus import stem_tokens
from ..records.model import ordinal
from ..search.retrieve import Hit, Retriever
from ..core.text import sentences
from ..core.text import STOP
from ..search.understand import QUESTION_WORDS, QueryPlan

DISCOURSE = re.compile(r"^(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Lastly|Finally|Furthermore|Moreover|In addition|"
                       r"Nevertheless|However|Accordingly|Indeed|Similarly|Conversely|Likewise|Thus|Therefore|"
                       r"Consequently|Nonetheless|Regrettably|Unfortunately|Recently|Also)\s*,\s*")
MAX_SENTENCES_PER_PARAGRAPH = 4
SHORT_PARAGRAPH_WORDS = 130
# Summaries and "which speakers ..." want breadth: more paragraphs near the best one.
BROAD = re.compile(r"\b(?:summari[sz]e|summary|main points|overview|which speakers|who (?:else )?(?:raised|mentioned|spoke|talked|discussed)|"
                   r"which (?:organi[sz]ations|delegations|states|countries)|what (?:were|are) the|list)\b", re.I)


def citation_from(node, quote: list[str] | None = None, score: float = 0.0, records: dict | None = None) -> Citation:
    m = node.metadata
    rec = (records or {}).get(m["file"], {})
    return Citation(file=m["file"], paragraph=int(m["paragraph"]), label=m["label"], speaker=m.get("speaker", ""),
                    affiliation=m.get("affiliation", ""), text=node.text, quote=quote or [], symbol=m.get("symbol", ""),
                    title=rec.get("title", ""), date=m.get("date", ""), session=m.get("session") or None,
                    meeting=m.get("meeting") or None, agenda_item=m.get("agenda_item", ""),
                    agenda_subitem=m.get("agenda_subitem", ""), score=round(score, 4))


def long_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


class Composer:
    def __init__(self, retriever: Retriever, settings):
        self.r = retriever
        self.settings = settings

    # -- scoring -----------------------------------------------------------------------------
    def _weights(self, plan: QueryPlan) -> dict[str, float]:
        """Query terms with IDF weights; expansions count half; names used as filters count nothing."""
        filtered = set()
        for e in plan.entities:
            if e.role == "speaker":
                filtered.update(stem_tokens(e.text))
        weights: dict[str, float] = {}
        q_words = [w for w in re.findall(r"\w\w+", plan.question.lower()) if w not in STOP]
        for t in stem_tokens(" ".join(q_words)):
            if t not in filtered:
                weights[t] = max(weights.get(t, 0), self.r.idf(t))
        extra = plan.search[len(plan.question):]
        for t in stem_tokens(" ".join(w for w in re.findall(r"\w\w+", extra.lower()) if w not in STOP)):
            if t not in filtered and t not in weights:
                weights[t] = 0.5 * self.r.idf(t)
        return weights

    @staticmethod
    def coverage(tokens: set[str], weights: dict[str, float]) -> float:
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0

    def _best_sentences(self, text: str, weights: dict[str, float]) -> list[tuple[float, int, str]]:
        scored = []
        for i, s in enumerate(sentences(text)):
            toks = set(stem_tokens(s))
            scored.append((self.coverage(toks, weights), i, s))
        return scored

    # -- rendering ---------------------------------------------------------------------------
    def _lower_first(self, s: str) -> str:
        """ "Turning to ..." becomes "said that turning to ..."; names the records capitalize stay ("Mexico")."""
        first = re.match(r"([A-Za-z][\w'’-]*)", s)
        word = first.group(1) if first else ""
        if not word or word == "I" or not (word[1:].islower() or len(word) == 1):
            return s  # "UNHCR", "I"
        known_name = word in self.r.corpus.names or self.r.vocab.candidates("country", word.lower())
        if word.lower() in self.r.corpus.lower_words or not known_name:
            return s[0].lower() + s[1:]
        return s

    def attribute(self, sentence: str, meta: dict) -> str:
        speaker, affiliation = meta.get("speaker", ""), meta.get("affiliation", "")
        surname = speaker.split()[-1] if speaker else ""
        if not speaker:
            if meta.get("doc_type") == "report":
                if re.match(r"^[^.;]{3,40}: ", sentence):
                    return "The report lists " + sentence  # a table row: "Name of member: ...; Country ...: ..."
                return "The report states that " + self._lower_first(DISCOURSE.sub("", sentence))
            return sentence
        head = sentence[:120]
        if (surname and surname in head[:60]) or re.match(r"(?:After|Following)\b.*\b[Tt]he Chair", head) or head.startswith("The Chair"):
            return sentence  # the record already names the speaker
        who = f"{speaker} ({affiliation})" if affiliation else speaker
        return f"{who} said that {self._lower_first(DISCOURSE.sub('', sentence))}"

    # -- answers -----------------------------------------------------------------------------
    def compose(self, plan: QueryPlan, hits: list[Hit], closest: list[Hit]) -> Answer:
        if plan.missing:
            reason = "; ".join(dict.fromkeys(plan.missing))
            return self.refuse(plan, closest or hits, f"The records do not answer this: {reason}.")
        if plan.fact:
            # Without a meeting or session named, the record is the one the best paragraph comes from.
            fact = self.record_fact(plan, hits[0].meta["file"] if hits else "")
            if fact:
                return fact
        unknown = self.unknown_terms(plan)
        if unknown:
            return self.refuse(plan, closest or hits, "The records do not answer this: they never mention "
                               + ", ".join(f"“{w}”" for w in unknown) + ".")
        if not hits:
            return self.refuse(plan, closest, "The records do not answer this: no paragraph matches the question"
                               + (" with the filters applied." if plan.has_speaker_filter else "."))
        weights = self._weights(plan)
        ranked = []
        for h in hits[:12]:
            cov = self.coverage(set(stem_tokens(h.node.text)), weights)
            ranked.append((h, cov))
        top_dense = max(h.dense for h, _ in ranked[:3])
        top_cov = max(c for _, c in ranked[:3])
        # A summary of, or a follow-up on, a speaker who did speak is answerable from that speaker's paragraphs.
        lenient = plan.has_speaker_filter and (plan.follow_up or BROAD.search(plan.question)) and top_dense >= 0.2
        if not lenient and not self.answerable(top_dense, top_cov, plan):
            return self.refuse(plan, [h for h, _ in ranked], "The records do not answer this.")
        # Relevance mixes meaning (dense) and the question's words (coverage); keep those near the best.
        rel = [(h, 0.5 * h.dense + 0.5 * c, c) for h, c in ranked]
        best = max(r for _, r, _ in rel)
        keep = (0.0 if plan.has_speaker_filter else 0.5) if BROAD.search(plan.question) else 0.7
        chosen = [(h, r, c) for h, r, c in rel if r >= best * keep][: self.settings.top_k]
        return self.render(plan, chosen, weights)

    def unknown_terms(self, plan: QueryPlan) -> list[str]:
        """Question words the corpus never uses, when they carry most of what is asked ("Rohingya", "kafala")."""
        named = {w.lower() for e in plan.entities for w in re.findall(r"\w+", e.text)}
        terms = [re.sub(r"['’]s$", "", w) for w in dict.fromkeys(plan.topic_terms)]
        terms = [w for w in terms if len(w) >= 4 and w.lower() not in named and w.lower() not in QUESTION_WORDS
                 and not re.match(r"^\d", w) and not self.r.vocab.glossary.expand(w)]
        if not terms:
            return []
        expansions = set(stem_tokens(plan.search[len(plan.question):]))
        known_expansion = any(self.r.idf(t) and self.r.doc_freq(t) for t in expansions)
        weights = {w: self.r.idf(stem_tokens(w)[0]) if stem_tokens(w) else 0.0 for w in terms}
        unknown = [w for w in terms if stem_tokens(w) and all(not self.r.doc_freq(t) for t in stem_tokens(w))]
        share = sum(weights[w] for w in unknown) / (sum(weights.values()) or 1)
        if unknown and share >= 0.4 and not (known_expansion and share < 0.6):
            return unknown
        return []

    def answerable(self, top_dense: float, top_cov: float, plan: QueryPlan) -> bool:
        """Calibrated on eval/questions.jsonl: meaning (dense cosine) or wording (IDF coverage) must be strong."""
        tau = self.settings.refuse_below
        if plan.has_speaker_filter or plan.files or plan.meetings or plan.sessions:
            tau -= 0.05  # the filters already narrowed the evidence to what was asked about
        return top_dense >= tau + 0.25 or top_cov >= 0.5 or (top_dense >= tau and top_cov >= 0.2)

    def _pick(self, node, weights: dict[str, float], broad: bool, first: bool) -> list[str]:
        """The sentences to quote: the best ones; for summaries also the paragraph's topic (first) sentence."""
        # Words naming who speaks ("the Deputy High Commissioner") say nothing about what was said.
        who = set(stem_tokens(f"{node.metadata.get('speaker', '')} {node.metadata.get('affiliation', '')}"))
        weights = {t: w for t, w in weights.items() if t not in who} or weights
        scored = self._best_sentences(node.text, weights)
        if first and not broad and len(node.text.split()) <= SHORT_PARAGRAPH_WORDS:
            return [x[2] for x in scored]  # the best paragraph is short: quote it whole
        top = sorted(scored, key=lambda x: (-x[0], x[1]))
        limit, ratio = (MAX_SENTENCES_PER_PARAGRAPH, 0.2) if first else (2, 0.6)
        pick = [top[0]] + [x for x in top[1:limit] if x[0] > 0 and x[0] >= top[0][0] * ratio]
        if broad and scored[0] not in pick:
            pick = [scored[0]] + pick[:1]
        pick.sort(key=lambda x: x[1])
        return [x[2] for x in pick]

    def render(self, plan: QueryPlan, chosen: list[tuple[Hit, float, float]], weights) -> Answer:
        parts, citations = [], []
        broad = bool(BROAD.search(plan.question))
        for i, (h, r, _) in enumerate(chosen):
            quotes = self._pick(h.node, weights, broad, i == 0)
            rendered = " ".join(self.attribute(q, h.meta) if j == 0 else q for j, q in enumerate(quotes))
            parts.append(f"{rendered} [{h.meta['label']}]")
            citations.append(citation_from(h.node, quotes, r, self.r.records))
        return Answer(question=plan.question, text="\n\n".join(parts), citations=citations)

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

    def record_fact(self, plan: QueryPlan, best_file: str = "") -> Answer | None:
        """Chair, place, date, opening and closing time come from the record's metadata."""
        recs = self.r.records
        files = [f for f, m in recs.items() if (not plan.meetings or m.get("meeting") in plan.meetings)
                 and (not plan.files or f in plan.files) and (not plan.sessions or m.get("session") in plan.sessions)
                 and (not plan.years or m.get("year") in plan.years)]
        if not (plan.meetings or plan.files or plan.sessions or plan.years):
            about_meeting = re.search(r"\b(?:meeting|session|discussion|debate)\b", plan.question, re.I)
            ok = best_file in recs and recs[best_file].get("doc_type") == "summary record" and about_meeting
            files = [best_file] if ok else []
        if len(files) != 1:
            return None
        f = files[0]
        m = recs[f]
        nodes = self.r.corpus.by_file.get(f, [])
        if not nodes:
            return None
        first, last = nodes[0], nodes[-1]
        name = f"The {ordinal(m['meeting'])} meeting" if m.get("meeting") else "The meeting"
        if m.get("symbol"):
            name += f" ({m['symbol']})"
        when = long_date(m.get("date", "")) if m.get("date") else ""
        where = f" at the {m['place']}" if m.get("place") else ""
        fact, node = plan.fact, first
        if fact == "chair" and m.get("chair"):
            text = f"{name} was chaired by {m['chair']}" + (f"; it was held{where} on {when}" if when else "") + "."
        elif fact == "place" and m.get("place"):
            text = f"{name} was held{where}" + (f" on {when}" if when else "") + (f", at {m['time']}" if m.get("time") else "") + "."
        elif fact == "rose" and m.get("rose_at"):
            text, node = f"{name} rose at {m['rose_at'].rstrip('.')}.", last
        elif fact == "opened" and (m.get("opened_at") or m.get("time")):
            began = m.get("opened_at") or m.get("time")
            text = f"{name} was scheduled for {m.get('time')}; " if m.get("time") and m.get("time") != began else f"{name} "
            text += ("the discussion covered in the record began" if m.get("partial") else "was called to order") + f" at {began.rstrip('.')}."
            text = text[0].upper() + text[1:]
        elif fact == "agenda" and m.get("agenda_symbol"):
            node = next((n for n in nodes if m["agenda_symbol"] in n.metadata.get("agenda_item", "")), first)
            text = f"The agenda adopted for {name[4:] if name.startswith('The ') else name} was {m['agenda_symbol']}."
        elif fact == "date" and when:
            text = f"{name} was held on {when}{where}."
        else:
            return None
        text += f" [{node.metadata['label']}]"
        return Answer(question=plan.question, text=text, citations=[citation_from(node, [], 1.0, recs)])
