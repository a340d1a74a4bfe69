"""What a speaker said: topic relevance (shared by said, the briefing note and the quiz) and statements in the record's order."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..index.corpus import stem_tokens
from ..core.text import STOP, fold, sentences
from .quotes import faithful_quote, quote_indices
from .speakers import Party, directory


# -- topic relevance (shared by said, the briefing note and the quiz) ------------------------------


class Topic:
    """Lexical relevance of a text to a topic: IDF-weighted topic words, glossary and synonym expansions, GCM
    objectives whose title covers the topic ("alternatives to detention" -> "objective 13"), and phrase bonuses."""

    def __init__(self, assistant, topic: str):
        from ..core.glossary import objective_title
        self.topic = re.sub(r"\s+", " ", topic or "").strip()
        r = assistant.retriever
        plan = assistant.plan(self.topic)
        words = [w for w in re.findall(r"[\w’'-]+", self.topic.lower()) if w not in STOP]
        self.core = {t: r.idf(t) for t in stem_tokens(" ".join(words))}
        extra = plan.expansions
        self.phrases = {fold(self.topic): 1.0} if len(words) > 1 else {}
        for acr in re.findall(r"\b[A-Z]{2,9}\b", self.topic):
            for long in assistant.retriever.vocab.glossary.expand(acr):
                self.phrases[fold(long)] = 1.0
        topic_tokens = set(self.core)
        for n in range(1, 24):
            title = objective_title(n)
            if title and topic_tokens and (fold(self.topic) in fold(title) or topic_tokens <= set(stem_tokens(title))):
                self.phrases[f"objective {n}"] = 0.6
                extra += " " + title
        self.expansion = {t: 0.5 * r.idf(t) for t in stem_tokens(" ".join(w for w in re.findall(r"\w\w+", extra.lower())
                                                                      if w not in STOP)) if t not in self.core}
        self.total = sum(self.core.values()) or 1.0

    def score(self, text: str) -> float:
        toks = set(stem_tokens(text))
        s = sum(w for t, w in self.core.items() if t in toks) / self.total
        s += 0.5 * sum(w for t, w in self.expansion.items() if t in toks) / (sum(self.expansion.values()) or 1.0)
        ft = fold(text)
        s += sum(b for ph, b in self.phrases.items() if re.search(r"(?<![\w-])" + re.escape(ph) + r"(?![\w-])", ft))
        return round(s, 4)

    def core_hit(self, text: str) -> bool:
        """Does the text use any of the topic's own words (not only expansions) or its phrases?"""
        toks = set(stem_tokens(text))
        ft = fold(text)
        return any(t in toks for t in self.core) or any(ph in ft for ph in self.phrases)

    def best_sentences(self, text: str, n: int = 2) -> list[str]:
        scored = [(self.score(s), -i, s) for i, s in enumerate(sentences(text))]
        scored.sort(reverse=True)
        return [s for sc, _, s in scored[:n] if sc > 0]


# -- who said what ----------------------------------------------------------------------------------
@dataclass
class Statement:
    file: str
    paragraph: int
    label: str
    speaker: str
    affiliation: str
    role: str
    text: str
    quote: list[str] = field(default_factory=list)   # in the record's order, with the sentences pronouns need
    score: float = 0.0
    symbol: str = ""
    session: int | None = None
    meeting: int | None = None
    date: str = ""

    @property
    def quoted(self) -> str:
        """The quote as printed: record order, "…" where sentences are left out; the whole text without a topic."""
        return faithful_quote(self.text, self.quote) if self.quote else self.text

    def to_dict(self) -> dict:
        return {**asdict(self), "quoted": self.quoted}


@dataclass
class Said:
    who: str
    topic: str
    matched: list[Party]
    statements: list[Statement]
    notice: str = ""

    def to_dict(self) -> dict:
        return {"who": self.who, "topic": self.topic, "notice": self.notice,
                "matched": [{"name": m.name, "kind": m.kind, "role": m.role, "organization": m.organization,
                             "labels": m.labels()} for m in self.matched],
                "statements": [s.to_dict() for s in self.statements]}

    def to_text(self) -> str:
        lines = []
        if self.matched:
            names = "; ".join(f"{m.name} [{m.role}]" for m in self.matched)
            lines.append(f"{names}" + (f" — on “{self.topic}”" if self.topic else ""))
        if self.notice:
            lines.append(self.notice)
        for s in self.statements:
            who = s.speaker + (f" ({s.affiliation})" if s.affiliation else "")
            lines.append(f"\n[{s.label}] {who}:\n  {s.quoted}")
        return "\n".join(lines)


def said(assistant, who: str, topic: str | None = None, limit: int | None = None) -> Said:
    """A person's or organization's statements with citations; with a topic, only the relevant ones, best first."""
    d = directory(assistant)
    matched = d.find(who)
    topic = (topic or "").strip()
    if not matched:
        hint = d.suggestions(who)
        return Said(who, topic, [], [], f"No speaker or organization in the indexed records matches “{who}”."
                    + (f" Did you mean: {', '.join(hint)}?" if hint else ""))
    keys = {(p["file"], p["paragraph"]) for m in matched for p in m.paragraphs}
    paras = {(p["file"], int(p["paragraph"])): p for p in assistant.paragraphs() if (p["file"], int(p["paragraph"])) in keys}
    out: list[Statement] = []
    t = Topic(assistant, topic) if topic else None
    dense: dict[tuple[str, int], float] = {}
    if t:
        plan = assistant.plan(topic)
        for rank, h in enumerate(assistant.retriever.search(plan, {"files": sorted({k[0] for k in keys})})):
            k = (h.node.metadata["file"], int(h.node.metadata["paragraph"]))
            if k in keys:
                dense[k] = max(dense.get(k, 0.0), h.dense)
    for k in sorted(paras):
        p = paras[k]
        quote: list[str] = []
        score = 0.0
        if t:
            score = t.score(p["text"]) + 0.25 * dense.get(k, 0.0)
            if not t.core_hit(p["text"]):
                continue
            sents, idx = quote_indices(p["text"], t.best_sentences(p["text"]))
            quote = [sents[i] for i in idx]
        out.append(Statement(p["file"], k[1], p["label"], p.get("speaker", ""), p.get("affiliation", ""),
                             d.role_of(*k), p["text"], quote, round(score, 4), p.get("symbol", ""),
                             p.get("session"), p.get("meeting"), p.get("date", "")))
    if t:
        out.sort(key=lambda s: (-s.score, s.file, s.paragraph))
    if limit:
        out = out[:limit]
    notice = ""
    if t and not out:
        notice = f"{', '.join(m.name for m in matched)} spoke in the records, but not about “{topic}”."
    return Said(who, topic, matched, out, notice)
