"""Citation discipline for LLM answers: every sentence must be supported by the evidence paragraphs it cites.

Pure text checks (no LLM imports); assistant.llm applies them to each model answer before it is shown:

1. Citation markers are parsed: ``[1]``, ``[1, 3]``, ``[1-2]``, ``[paragraph 2]`` and paragraph labels such as
   ``[CMW/C/SR.506 ¶48]``. Markers naming no evidence paragraph (``[7]`` when three were given) are dropped.
2. Each sentence is checked against the paragraphs it cites: content-word recall (lexical) and, when an
   embedder is given, embedding cosine. Every number in the sentence must occur in a cited paragraph, and most
   of its words must come from the paragraphs' own text (not only the speaker, label or date); an echo of the
   prompt's paragraph header or a negation the cited paragraph lacks ("not aligned" for "aligned") is rejected.
   A cited paragraph that shares (almost) nothing with its sentence, or
   adds nothing the sentence's other citations lack, is dropped from that sentence.
   Sentences with no valid citation are unsupported.
3. Unsupported sentences are REMOVED by default (``policy="remove"``); ``policy="flag"`` keeps them visibly
   marked ``[unsupported]`` without any citation. Either way the notice says how many.
4. If the answer has no valid citation, or more than half of its sentences are unsupported, `validate` says so
   (``ok=False`` with a reason) and the caller falls back to the extractive answer.
5. The shown text cites with paragraph labels (``... [CMW/C/SR.506 ¶48].``); ``citations`` holds only the
   cited evidence in order of first use, with ``quote`` = the paragraph's sentence(s) that best match.

Instructions planted inside a record cannot add citations: any citation the model makes is kept only if the
cited paragraph supports the sentence (assistant.prompts neutralises markers inside the evidence text).
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .types import Citation
from ..core.text import fold, sentences
from .markers import SPECIAL_TOKENS, parse_markers, split_sentences  # noqa: F401 (SPECIAL_TOKENS re-exported)

# --- thresholds, calibrated on eval/questions.jsonl with calibrate_support(): every reference-answer sentence is
# checked against its gold paragraphs (89 positives) and against 3 non-gold paragraphs each (the 2 sharing most
# words + 1 random: 297 negatives). Lexical only: 97.8 % of positives pass (the 2 misses state masthead facts such
# as the meeting's place, which no paragraph text holds) and 0.3 % of negatives (1). With the all-MiniLM-L6-v2
# embedder (EMBED_FLOOR): 96.6 % and 0 %. A lower-recall "paraphrase" route (LEXICAL_MIN + EMBED_SUPPORT) gained no
# positive at any cosine that kept negatives out, so it is set to admit only near-verbatim paraphrases.
LEXICAL_SUPPORT = 0.60      # content-word recall of the sentence in its cited paragraphs (+ speaker/metadata)
EMBED_FLOOR = 0.40          # with an embedder, a sentence must also reach this cosine to its best cited unit
LEXICAL_MIN = 0.50          # paraphrase route: lower recall ...
EMBED_SUPPORT = 0.70        # ... accepted only with this cosine
CITATION_MIN_RECALL = 0.20  # a cited paragraph's own text must carry this share of the claim's content words
OWN_TEXT_MIN = 0.50         # ... and the cited paragraphs' text (not speaker/label/metadata) this share in all
MAX_UNSUPPORTED_SHARE = 0.5 # more unsupported sentences than this share => fall back to extractive
NUMBERS_MUST_MATCH = True   # a number in a sentence must appear in its cited paragraph(s)


_STOP = set("""a about above after again against all also am an and any are aren as at be because been before being
below between both but by can could did do does doing down during each either else even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its itself
just least less let like made make many may me might more most much must my myself neither no nor not now of off
on once one only or other others our ours ourselves out over own per rather said same say says saying she should
so some stated such than that the their theirs them themselves then there these they this those though through
thus to too toward towards under until up upon us very via was we were what when where whether which while who
whom whose why will with within without would yet you your yours also according noted mentioned added stressed
explained pointed emphasized emphasised highlighted indicated observed remarked told asked argued suggested
believed considered described referred mr ms mrs dr sir madam chair chairperson committee convention migrant
migrants worker workers family families member members paragraph paragraphs record records""".split())
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_NEG_CUES = {"not", "no", "never", "cannot", "nor", "neither", "non"}
_NEG_CONTEXT = _NEG_CUES | {"none", "without", "nothing", "nobody", "lack", "lacked", "lacks", "lacking", "absence",
                            "absent", "fail", "failed", "fails", "failure", "instead", "rather"}
_ECHO = re.compile(r"(?:^|[\s;—-])(?:Speaker|Record|Agenda):\s|^\[?\d+\]?\s*\S+\s+¶\d+\*?\s+—")

try:  # PyStemmer comes with llama-index-retrievers-bm25 (a core dependency)
    import Stemmer as _Stemmer
    _stem_words = _Stemmer.Stemmer("english").stemWords
except Exception:  # pragma: no cover - crude fallback
    def _stem_words(ws):
        return [re.sub(r"(ing|ed|es|s|ly)$", "", w) if len(w) > 4 else w for w in ws]


def _tokens(text: str) -> list[str]:
    toks = re.findall(r"[a-z0-9]+", fold(text))
    return [re.sub(r"^(\d+)(?:st|nd|rd|th)$", r"\1", t) for t in toks]  # "506th" -> "506"


def content_words(text: str) -> set[str]:
    """Stemmed content words (stop words, reporting verbs, titles and generic CMW words removed) + numbers."""
    toks = [t for t in _tokens(text) if t not in _STOP and (len(t) > 1 or t.isdigit())]
    return set(_stem_words(toks))


def _neg_tokens(text: str) -> list[str]:
    text = re.sub(r"\bNos?\.\s*(?=\d)", "number ", text)  # "general comment No. 6" is not a negation
    return _tokens(re.sub(r"n['’]t\b", " not", text))


def negation_flip(claim: str, source: str, window: int = 6) -> str:
    """The word a claim negates ("not aligned") when the source uses that word only without any negation
    nearby ("more or less aligned"); "" when no such flip is seen. Capitalised names are ignored."""
    words_ = _neg_tokens(claim)
    caps = {w.lower() for w in re.findall(r"\b[A-Z][\w-]*", claim)}
    src = _neg_tokens(source)
    src_stems = _stem_words(src)
    for i, w in enumerate(words_):
        if w not in _NEG_CUES or (i + 1 < len(words_) and words_[i + 1] in ("only", "just", "merely")):
            continue
        target = next((t for t in words_[i + 1:i + 4] if t not in _STOP and not t.isdigit()), "")
        if not target or target in caps:
            continue
        stem = _stem_words([target])[0]
        hits = [j for j, s_ in enumerate(src_stems) if s_ == stem]
        if hits and not any(set(src[max(0, j - window):j]) & _NEG_CONTEXT for j in hits):
            return target
    # the other way round: the claim affirms a word (verb) the source only ever uses negated ("had ratified"
    # for "none of those countries had ratified")
    claim_stems = _stem_words(words_)
    for i, (w, st) in enumerate(zip(words_, claim_stems)):
        if w in _STOP or w in caps or w.isdigit() or len(w) < 4 or set(words_[max(0, i - window):i]) & _NEG_CONTEXT:
            continue
        hits = [j for j, s_ in enumerate(src_stems) if s_ == st]
        if hits and all(set(src[max(0, j - 2):j]) & _NEG_CUES for j in hits):
            return f"-{w}"
    return ""


def numbers(text: str) -> set[str]:
    return {n.lstrip("0") or "0" for n in re.findall(r"\d+", fold(text))}


def _acronym(name: str) -> str:
    caps = [w for w in re.findall(r"[A-Za-zÀ-ÿ][\w'’\-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in caps).lower() if len(caps) >= 2 else ""


def support_text(c: Citation) -> str:
    """What a sentence citing `c` may draw on: the paragraph plus who said it and where/when."""
    extra = [c.speaker, c.affiliation, _acronym(c.affiliation), c.symbol, c.title, c.label]
    if c.date and re.match(r"\d{4}-\d\d-\d\d", c.date):
        y, m, d = c.date[:10].split("-")
        extra += [y, str(int(d)), MONTHS[int(m) - 1]]
    if c.meeting:
        extra.append(f"{c.meeting} meeting")
    if c.session:
        extra.append(f"{c.session} session")
    return c.text + "\n" + " ".join(e for e in extra if e)


@dataclass
class Claim:
    """One sentence of the LLM answer and what the checks found."""
    raw: str                                          # as the model wrote it
    text: str                                         # markers removed
    cited: list[int] = field(default_factory=list)    # 0-based evidence indexes, order of appearance
    dropped: list[str] = field(default_factory=list)  # markers that name no evidence paragraph
    kept: list[int] = field(default_factory=list)     # cited paragraphs that passed the per-citation check
    recall: float = 0.0
    cosine: float | None = None
    missing_numbers: list[str] = field(default_factory=list)
    supported: bool = False
    reason: str = ""


@dataclass
class Validation:
    text: str                       # final text with paragraph labels
    numbered_text: str              # same, with markers renumbered [1]..[k] by first use
    citations: list[Citation]       # cited evidence in order of first use, quote set
    claims: list[Claim]
    dropped_markers: list[str]
    ok: bool
    reason: str = ""                # why it failed (when not ok)

    @property
    def n_sentences(self) -> int:
        return len(self.claims)

    @property
    def n_supported(self) -> int:
        return sum(c.supported for c in self.claims)


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


def _recall(claim: set[str], support: set[str]) -> float:
    return len(claim & support) / len(claim) if claim else 0.0


def check_claims(claims: list[Claim], evidence: Sequence[Citation], embedder=None) -> None:
    """Fill in kept/recall/cosine/supported for each claim (lexical + optional embedding check)."""
    support_words = [content_words(support_text(c)) for c in evidence]
    own_words = [content_words(c.text) for c in evidence]
    support_nums = [numbers(support_text(c)) for c in evidence]
    for cl in claims:
        words_ = content_words(cl.text)
        if not cl.cited:
            cl.reason = "no valid citation"
            continue
        if not words_:
            cl.reason = "no content"
            continue
        # the paragraph's own text (not just its speaker/label) must carry part of the claim, and each kept
        # paragraph must add claim words the better-matching ones lack (no citation padding)
        candidates = [i for i in cl.cited if _recall(words_, own_words[i]) >= CITATION_MIN_RECALL]
        covered: set[str] = set()
        for i in sorted(candidates, key=lambda i: -_recall(words_, support_words[i])):
            gain = (words_ & support_words[i]) - covered
            if gain:
                cl.kept.append(i)
                covered |= gain
        cl.kept.sort(key=cl.cited.index)
        if not cl.kept:
            cl.reason = "cited paragraphs share almost nothing with the sentence"
            continue
        union = set().union(*(support_words[i] for i in cl.kept))
        cl.recall = _recall(words_, union)
        if NUMBERS_MUST_MATCH:
            nums = set().union(*(support_nums[i] for i in cl.kept))
            cl.missing_numbers = sorted(numbers(cl.text) - nums)
        if cl.missing_numbers:
            cl.reason = f"numbers not in the cited paragraphs: {', '.join(cl.missing_numbers)}"
        elif _ECHO.search(cl.text):
            cl.reason = "repeats the prompt's paragraph header, not what was said"
        elif _recall(words_, set().union(*(own_words[i] for i in cl.kept))) < OWN_TEXT_MIN:
            cl.reason = "mostly speaker or record metadata, not the paragraph's text"
        elif flipped := negation_flip(cl.text, " ".join(evidence[i].text for i in cl.kept)):
            cl.reason = (f"negates what the cited paragraph says (\"not {flipped}\")" if not flipped.startswith("-")
                         else f"affirms what the cited paragraph negates (\"{flipped[1:]}\")")
    if embedder is not None:
        _embed_check(claims, evidence, embedder)
    for cl in claims:
        if cl.reason:
            continue
        if cl.recall >= LEXICAL_SUPPORT and (cl.cosine is None or cl.cosine >= EMBED_FLOOR):
            cl.supported = True
        elif cl.recall >= LEXICAL_MIN and cl.cosine is not None and cl.cosine >= EMBED_SUPPORT:
            cl.supported = True
        else:
            cos = f", cosine {cl.cosine:.2f}" if cl.cosine is not None else ""
            cl.reason = f"weak support (word recall {cl.recall:.2f}{cos})"


def _embed_check(claims: list[Claim], evidence: Sequence[Citation], embedder) -> None:
    todo = [cl for cl in claims if cl.kept and not cl.reason]
    if not todo:
        return
    needed = sorted({i for cl in todo for i in cl.kept})
    units: list[tuple[int, str]] = []
    for i in needed:
        units.append((i, evidence[i].text))
        units.extend((i, s) for s in sentences(evidence[i].text) if len(s.split()) >= 4)
    try:
        vecs = embedder.get_text_embedding_batch([cl.text for cl in todo] + [u for _, u in units])
    except Exception:
        return  # the embedding check is an extra; the lexical check still applies
    claim_vecs, unit_vecs = vecs[:len(todo)], vecs[len(todo):]
    for cl, cv in zip(todo, claim_vecs):
        cl.cosine = max((_cosine(cv, uv) for (i, _), uv in zip(units, unit_vecs) if i in cl.kept), default=0.0)


def best_sentence(paragraph: str, claim: str) -> str:
    """The paragraph's sentence (verbatim) that shares most content words with the claim."""
    cw = content_words(claim)
    options = sentences(paragraph) or [paragraph]
    return max(options, key=lambda s: (len(cw & content_words(s)), -options.index(s)))


def _with_labels(text: str, labels: list[str]) -> str:
    marks = " ".join(f"[{lab}]" for lab in labels)
    if not marks:
        return text
    m = re.search(r"([.!?…]+[\"”’)]*)$", text)
    return f"{text[:m.start()]} {marks}{m.group(1)}" if m else f"{text} {marks}."


def validate(answer_text: str, evidence: Sequence[Citation], embedder=None, policy: str = "remove") -> Validation:
    """Apply the citation discipline to a raw LLM answer. Pure except for the optional embedder."""
    if policy not in ("remove", "flag"):
        raise ValueError("policy must be 'remove' or 'flag'")
    labels = [c.label for c in evidence]
    claims: list[Claim] = []
    dropped: list[str] = []
    raws = split_sentences(answer_text)
    cut = bool(raws) and not re.search(r"[.!?…\]\"”’)]$", raws[-1])
    if cut:
        raws = raws[:-1]  # cut off by the token limit: an unfinished sentence is not shown or counted
    for raw in raws:
        text, cited, drop = parse_markers(raw, labels, [c.paragraph for c in evidence])
        dropped.extend(drop)
        if not content_words(text) and not cited:
            continue  # stray marker or filler such as "Answer:"
        claims.append(Claim(raw=raw, text=text, cited=cited, dropped=drop))
    check_claims(claims, evidence, embedder)

    order: list[int] = []
    quotes: dict[int, list[str]] = {}
    shown, numbered = [], []
    for cl in claims:
        if cl.supported:
            for i in cl.kept:
                if i not in order:
                    order.append(i)
                q = best_sentence(evidence[i].text, cl.text)
                if q not in quotes.setdefault(i, []):
                    quotes[i].append(q)
            shown.append(_with_labels(cl.text, [evidence[i].label for i in cl.kept]))
            numbered.append(_with_labels(cl.text, [str(order.index(i) + 1) for i in cl.kept]))
        elif policy == "flag":
            shown.append(_with_labels(cl.text, ["unsupported"]))
            numbered.append(_with_labels(cl.text, ["unsupported"]))
    citations = [dataclasses.replace(evidence[i], quote=quotes[i]) for i in order]

    n, ok_n = len(claims), sum(cl.supported for cl in claims)
    reason = ""
    if not claims:
        reason = "the LLM answer stopped before finishing a sentence" if cut else "the LLM answer was empty"
    elif not any(cl.cited for cl in claims):
        reason = "the LLM answer cited none of the paragraphs it was given"
    elif ok_n == 0:
        reason = ("the LLM answer's only sentence is not supported by the paragraphs it cites" if n == 1 else
                  f"none of the {n} sentences of the LLM answer is supported by the paragraphs it cites")
    elif n - ok_n > MAX_UNSUPPORTED_SHARE * n:
        reason = f"{n - ok_n} of {n} sentences of the LLM answer are not supported by the paragraphs they cite"
    return Validation(text=" ".join(shown), numbered_text=" ".join(numbered), citations=citations, claims=claims,
                      dropped_markers=dropped, ok=not reason, reason=reason)


def citation_for(record, paragraph, score: float = 0.0) -> Citation:
    """A Citation for one parsed paragraph (assistant.records Record + Paragraph)."""
    m = record.meta
    return Citation(file=paragraph.file, paragraph=paragraph.number, label=record.label(paragraph),
                    speaker=paragraph.speaker, affiliation=paragraph.affiliation, text=paragraph.text,
                    symbol=m.symbol, title=m.title, date=m.date, session=m.session, meeting=m.meeting,
                    agenda_item=paragraph.agenda_item, agenda_subitem=paragraph.agenda_subitem, score=score)


def calibrate_support(questions: Path, paragraphs: dict[tuple[str, int], Citation], embedder=None,
                      negatives: int = 2, seed: int = 0) -> dict:
    """Re-measure the thresholds: how many reference-answer sentences (eval/questions.jsonl) pass against their
    gold paragraphs, and how many pass against non-gold paragraphs (the `negatives` sharing most words + 1 random)."""
    import json
    import random

    rng = random.Random(seed)
    keys = sorted(paragraphs)
    pos = neg = pos_ok = neg_ok = 0
    for line in Path(questions).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        gold = [paragraphs[k] for k in ((g["file"], g["paragraph"]) for g in q.get("gold", [])) if k in paragraphs]
        if q.get("type") == "unanswerable" or not gold:
            continue
        gold_keys = {(c.file, c.paragraph) for c in gold}
        for s in sentences(q.get("answer", "")):
            cw = content_words(s)
            if not cw:
                continue
            v = validate(s + " " + " ".join(f"[{i}]" for i in range(1, len(gold) + 1)), gold, embedder)
            if v.claims and any(c in cw for c in content_words(" ".join(g.text for g in gold))):
                pos += 1
                pos_ok += v.claims[0].supported
            others = [k for k in keys if k not in gold_keys]
            hard = sorted(others, key=lambda k: -len(cw & content_words(paragraphs[k].text)))[:negatives]
            for k in hard + [rng.choice(others)]:
                v = validate(s + " [1]", [paragraphs[k]], embedder)
                if v.claims:
                    neg += 1
                    neg_ok += v.claims[0].supported
    return {"positives": pos, "positive_pass": pos_ok / pos if pos else 0.0,
            "negatives": neg, "negative_pass": neg_ok / neg if neg else 0.0}
