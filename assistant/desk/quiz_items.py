"""Quiz items: the data class, the corpus pool that supplies distractors, and one generator per kind of item."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ..answer.facts import long_date
from ..index.corpus import stem_tokens
from ..core.glossary import countries, objective_title
from ..core.numbers import TENS, UNITS, word_to_int
from .quotes import depends_on_previous
from .said import Topic
from .speakers import CHAIR_NAME, directory, organization, person_key
from ..core.text import STOP, fold, sentences


BLANK = "_____"
KINDS = ("who_said", "which_organization", "number", "objective", "session", "true_false", "cloze")
TF_QUESTION = re.compile(r"^Is this statement correct\? (?P<who>.+?) said at (?P<where>.+?): “(?P<quote>.+)”$", re.S)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") ((?:19|20)\d{2})\b")
# Counts: "97,000", "834 days", "60 States", "23 objectives"; not symbols ("45/158"), articles or numbered items.
COUNT = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/,.]\d|/|-\d)"
                   r"(?=\s+(?:per cent|people|persons|days|months|years|States|Moroccan|migrants|members|families|"
                   r"objectives|guiding principles|countries|workers|children|Bangladeshis|undocumented|times|"
                   r"ratifications|instruments|percent|%))")
DATE_FULL = re.compile(r"\b(\d{1,2} (?:" + "|".join(MONTHS) + r") (?:19|20)\d{2})\b")
OBJECTIVE = re.compile(r"\b[Oo]bjective (\d{1,2})\b")
SESSION = re.compile(r"\b((?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:first|second|third|fourth|"
                     r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|"
                     r"sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|"
                     r"seventieth|eightieth|ninetieth) session)\b", re.I)


@dataclass
class Item:
    question: str
    type: str                       # multiple_choice | true_false | cloze
    choices: list[str]
    answer: str
    explanation: str
    citations: list[dict]           # [{"file", "paragraph", "label"}]
    kind: str = ""                  # who_said | which_organization | number | date | objective | session | true_false | cloze
    proof: dict = field(default_factory=dict)   # what verify_item checks against the cited paragraph

    def to_dict(self) -> dict:
        return {"question": self.question, "type": self.type, "choices": list(self.choices), "answer": self.answer,
                "explanation": self.explanation, "citations": [dict(c) for c in self.citations]}


# -- helpers --------------------------------------------------------------------------------------
_ORD_UNITS = {v: k for k, v in UNITS.items() if k.endswith(("st", "nd", "rd", "th")) or k in ("first", "second", "third")}
_ORD_TENS = {v: k for k, v in TENS.items() if k.endswith("ieth")}
_CARD_TENS = {v: k for k, v in TENS.items() if not k.endswith("ieth")}


def ordinal_words(n: int) -> str:
    """40 -> "fortieth", 39 -> "thirty-ninth" (1..99)."""
    if n < 20:
        return _ORD_UNITS[n]
    tens, unit = divmod(n, 10)
    return _ORD_TENS[n] if unit == 0 else f"{_CARD_TENS[tens * 10]}-{_ORD_UNITS[unit]}"


def _word_count(s: str) -> int:
    return len(s.split())


def contains_phrase(haystack: str, needle: str) -> bool:
    return bool(needle) and fold(needle) in fold(haystack)


def _where(p: dict, rec: dict) -> str:
    """"CMW/C/SR.506 (27 September 2022)" or "the opening meeting of the nineteenth session (2013)"."""
    name = rec.get("symbol") or p["label"].rsplit(" ¶", 1)[0]
    when = long_date(rec["date"]) if rec.get("date") else (str(rec["year"]) if rec.get("year") else "")
    if rec.get("symbol"):
        return f"{name} ({when})" if when else name
    title = rec.get("title", "")
    m = re.match(r"Summary record of the (.+)$", title)
    if m:
        return f"the {m.group(1)}" + (f" ({when})" if when else "")
    if rec.get("doc_type") == "report":
        kind = "Secretary-General's report" if "Secretary-General" in title else "report"
        return f"the {kind} to the {rec.get('body') or 'United Nations'}" + (f" ({when})" if when else "")
    return name


def _cite(p: dict) -> list[dict]:
    return [{"file": p["file"], "paragraph": int(p["paragraph"]), "label": p["label"]}]


def _who(p: dict) -> str:
    sp, aff = p.get("speaker", ""), p.get("affiliation", "")
    return sp + (f" ({aff})" if aff else "")


def _format_like(n: int, like: str) -> str:
    return f"{n:,}" if "," in like else str(n)


# -- the pool of facts the distractors come from --------------------------------------------------
class Pool:
    def __init__(self, assistant, paragraphs: list[dict]):
        self.assistant = assistant
        self.d = directory(assistant)
        self.records = assistant.records()
        self.all = paragraphs
        self.persons = [x for x in self.d.persons if not CHAIR_NAME.match(x.aliases[0] if x.aliases else x.name)]
        self.orgs = [x for x in self.d.organizations if not x.key.startswith("state:")]
        corpus = " ".join(p["text"] for p in paragraphs)
        self.corpus = corpus
        self.corpus_states = sorted({c for c in countries() if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", corpus)})
        self.counts = sorted({m.group(1) for m in COUNT.finditer(corpus)}, key=lambda s: (int(s.replace(",", "")), s))
        self.dates = sorted({m.group(0) for m in DATE.finditer(corpus)})
        self.sessions = sorted({m.group(1).lower() for m in SESSION.finditer(corpus)})

    def org_long(self, org) -> str:
        return re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", org.name)


# -- candidate generators: each yields Items for one paragraph --------------------------------------
def _good_quote(s: str) -> bool:
    """Long enough to be a statement, and able to stand alone: a sentence that opens with a pronoun ("It was
    broader…") would misrepresent the speaker without the sentence before it."""
    return (10 <= _word_count(s) <= 60 and not s.endswith(":") and BLANK not in s and "“" not in s
            and not depends_on_previous(s))


def _hints(p: dict, pool: Pool) -> list[str]:
    """Strings that would give away the speaker or organization: surname, affiliation, org acronym and name."""
    out = []
    sp = p.get("speaker", "")
    name = re.sub(r"^(?:Mr|Ms|Mrs|Dr|Miss)\.?\s+", "", sp)
    out += [name] + [t for t in name.split() if len(t) > 3]
    aff = p.get("affiliation", "")
    if aff and aff != "Chair":
        out.append(re.sub(r"\s*\([^()]*\)\s*$", "", aff))
        key, display = organization(aff, pool.d.glossary)
        if key and not key.startswith(("org:", "state:")):
            out.append(key)
        out.append(re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", display))
    return [h for h in out if h]


def _speaker_quotes(p: dict, pool: Pool) -> list[str]:
    hints = _hints(p, pool)
    return [s for s in sentences(p["text"]) if _good_quote(s) and not any(contains_phrase(s, h) for h in hints)]


def _person_of(p: dict, pool: Pool):
    pk = person_key(p.get("speaker", ""))
    for x in pool.persons:
        if any(person_key(a) == pk for a in x.aliases) and any(r["file"] == p["file"] and r["paragraph"] == int(p["paragraph"])
                                                                  for r in x.paragraphs):
            return x
    return None


def gen_who_said(p, pool, rng) -> list[Item]:
    me = _person_of(p, pool)
    if me is None:
        return []
    others = [x for x in pool.persons if x.key != me.key and person_key(x.name) != person_key(me.name)]
    same = [x.name for x in others if p["file"] in x.files]
    rest = [x.name for x in others if p["file"] not in x.files]
    out = []
    for s in _speaker_quotes(p, pool):
        distractors = _pick(rng, same, 3) if len(same) >= 3 else same + _pick(rng, rest, 3 - len(same))
        if len(distractors) < 3:
            continue
        rec = pool.records.get(p["file"], {})
        q = f"Who said the following at {_where(p, rec)}? “{s}”"
        out.append(Item(q, "multiple_choice", _shuffle(rng, [p["speaker"]] + distractors), p["speaker"],
                        f"{_who(p)} said this ({p['label']}).", _cite(p), "who_said",
                        {"field": "speaker", "sentence": s}))
    return out


def gen_which_organization(p, pool, rng) -> list[Item]:
    aff = p.get("affiliation", "")
    if not aff or aff == "Chair" or not p.get("speaker") or CHAIR_NAME.match(p["speaker"]):
        return []
    key, display = organization(aff, pool.d.glossary)
    rec = pool.records.get(p["file"], {})
    out = []
    if key.startswith("state:"):
        answer = display
        cands = [c for c in pool.corpus_states if fold(c) != fold(answer)]
        prompt = "Which State's representative"
    else:
        long = re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", display)
        if not contains_phrase(aff, long):
            return []
        answer = aff[fold(aff).index(fold(long)):][:len(long)]
        me = next((o for o in pool.orgs if o.key == key), None)
        cands = [pool.org_long(o) for o in pool.orgs if o.key != key]
        if me is not None:  # prefer organizations of the same kind and record (NGOs with NGOs of that meeting)
            same = [pool.org_long(o) for o in pool.orgs if o.key != key and o.role == me.role]
            here = [pool.org_long(o) for o in pool.orgs if o.key != key and o.role == me.role and p["file"] in o.files]
            cands = here if len(here) >= 3 else same if len(same) >= 3 else same + [c for c in cands if c not in same]
        prompt = "A representative of which organization"
    cands = [c for c in cands if not contains_phrase(aff, c) and not contains_phrase(c, answer)]
    for s in _speaker_quotes(p, pool):
        if any(contains_phrase(s, c) for c in [answer]):
            continue
        distractors = _pick(rng, cands, 3)
        if len(distractors) < 3:
            continue
        q = f"{prompt} said the following at {_where(p, rec)}? “{s}”"
        out.append(Item(q, "multiple_choice", _shuffle(rng, [answer] + distractors), answer,
                        f"{p['speaker']} spoke for {aff} ({p['label']}).", _cite(p), "which_organization",
                        {"field": "affiliation", "sentence": s}))
    return out


def _number_distractors(rng, value: str, pool: Pool, sentence: str) -> list[str]:
    n = int(value.replace(",", ""))
    corpus = [c for c in pool.counts if c != value and 0.2 <= int(c.replace(",", "")) / max(n, 1) <= 5]
    made = []
    for f in (0.5, 0.75, 1.25, 1.5, 2, 3):
        v = int(round(n * f))
        if n >= 1000:
            v = int(round(v, -3 if n >= 10000 else -2))
        made.append(_format_like(v, value))
    if n < 10:
        made += [str(n + d) for d in (-2, -1, 1, 2) if n + d > 0]
    cands = [c for c in dict.fromkeys(corpus + made) if c != value and not re.search(
        rf"(?<![\d,]){re.escape(c)}(?![\d,])", sentence)]
    picked = _pick(rng, [c for c in cands if c in corpus], 2)
    return picked + _pick(rng, [c for c in cands if c not in picked], 3 - len(picked))


def _date_distractors(rng, value: str, pool: Pool, sentence: str) -> list[str]:
    day, month, year = DATE.fullmatch(value).groups()
    made = [f"{day} {month} {int(year) + d}" for d in (-1, 1, -2)]
    made += [f"{day} {MONTHS[(MONTHS.index(month) + d) % 12]} {year}" for d in (1, -1, 3)]
    corpus = [d for d in pool.dates if d != value]
    cands = [c for c in dict.fromkeys(corpus + made) if c != value and c not in sentence]
    picked = _pick(rng, [c for c in cands if c in corpus], 1)
    return picked + _pick(rng, [c for c in cands if c not in picked], 3 - len(picked))


def _blank_items(p, pool, rng, kind, finder, make_distractors, noun, explain) -> list[Item]:
    rec = pool.records.get(p["file"], {})
    out = []
    for s in sentences(p["text"]):
        if not _good_quote(s):
            continue
        for m in finder(s):
            value = m.group(1)
            if s.count(value) != 1:
                continue
            blanked = s[:m.start(1)] + BLANK + s[m.end(1):]
            distractors = make_distractors(rng, value, pool, s)
            if len(distractors) < 3 or any(blanked.replace(BLANK, d) in p["text"] for d in distractors):
                continue
            who = f"{_who(p)} said at {_where(p, rec)}" if p.get("speaker") else f"{_where(p, rec)[0].upper()}{_where(p, rec)[1:]} says"
            q = f"Which {noun} fills the blank? {who}: “{blanked}”"
            out.append(Item(q, "multiple_choice", _shuffle(rng, [value] + distractors), value, explain(value, p),
                            _cite(p), kind, {"blanked": blanked, "sentence": s}))
    return out


def gen_number(p, pool, rng) -> list[Item]:
    items = _blank_items(p, pool, rng, "number", lambda s: COUNT.finditer(s), _number_distractors, "number",
                         lambda v, p: f"The paragraph gives {v} ({p['label']}).")
    items += _blank_items(p, pool, rng, "date", lambda s: DATE_FULL.finditer(s),
                          _date_distractors, "date", lambda v, p: f"The paragraph gives the date {v} ({p['label']}).")
    return items


def gen_objective(p, pool, rng) -> list[Item]:
    mentioned = {int(x) for x in OBJECTIVE.findall(p["text"])} | {
        int(x) for x in re.findall(r"\b(\d{1,2})\b", " ".join(re.findall(r"[Oo]bjectives [\d ,and]+", p["text"])))}

    def finder(s):
        ms = list(re.finditer(r"\b([Oo]bjective \d{1,2})\b", s))
        return ms if len(ms) == 1 else []

    def distractors(rng, value, pool, sentence):
        n = int(value.split()[-1])
        near = [k for k in range(1, 24) if k not in mentioned and k != n]
        word = value.split()[0]
        return [f"{word} {k}" for k in _pick(rng, near, 3)]

    def explain(value, p):
        n = int(value.split()[-1])
        title = objective_title(n)
        return f"GCM objective {n}" + (f" ({title})" if title else "") + f" is the one cited in {p['label']}."

    return _blank_items(p, pool, rng, "objective", finder, distractors, "GCM objective", explain)


def gen_session(p, pool, rng) -> list[Item]:
    def distractors(rng, value, pool, sentence):
        n = word_to_int(value.split()[0])
        if not n:
            return []
        near = [ordinal_words(k) + " session" for k in (n - 2, n - 1, n + 1, n + 2) if 0 < k < 100]
        corpus = [x for x in pool.sessions if word_to_int(x.split()[0]) not in (n, None)]
        cands = [c for c in dict.fromkeys(_pick(rng, corpus, 1) + near) if c.lower() != value.lower()]
        cands = [c if value[0].islower() else c[0].upper() + c[1:] for c in cands]
        return [c for c in _pick(rng, cands, 3) if c.lower() not in sentence.lower()]

    return _blank_items(p, pool, rng, "session", lambda s: SESSION.finditer(s), distractors, "session",
                        lambda v, p: f"The paragraph refers to the {v} ({p['label']}).")


def gen_true_false(p, pool, rng) -> list[Item]:
    if not p.get("speaker") or CHAIR_NAME.match(p["speaker"]):
        return []
    me = _person_of(p, pool)
    rec = pool.records.get(p["file"], {})
    out = []
    for s in _speaker_quotes(p, pool):
        if re.search(r"\b(?:true|false|correct)\b", s, re.I):
            continue
        truth = rng.random() < 0.5
        where = _where(p, rec)
        if truth:
            q = f"Is this statement correct? {_who(p)} said at {where}: “{s}”"
            out.append(Item(q, "true_false", ["True", "False"], "True",
                            f"True: {_who(p)} said this ({p['label']}).", _cite(p), "true_false",
                            {"claim": "verbatim", "who": _who(p), "sentence": s, "claimed": s}))
            continue
        # False: swap one fact — a number in the sentence, or else the speaker.
        m = next(iter(COUNT.finditer(s)), None)
        if m and rng.random() < 0.6:
            wrong = _number_distractors(rng, m.group(1), pool, s)
            if wrong:
                altered = s[:m.start(1)] + wrong[0] + s[m.end(1):]
                if altered not in p["text"]:
                    q = f"Is this statement correct? {_who(p)} said at {where}: “{altered}”"
                    out.append(Item(q, "true_false", ["True", "False"], "False",
                                    f"False: the paragraph gives {m.group(1)}, not {wrong[0]} ({p['label']}).",
                                    _cite(p), "true_false",
                                    {"claim": "number", "who": _who(p), "sentence": s, "claimed": altered}))
                    continue
        others = [x for x in pool.persons if me is None or (x.key != me.key and person_key(x.name) != person_key(me.name))]
        same = [x for x in others if p["file"] in x.files and x.org_key != (me.org_key if me else None)] or others
        title = p["speaker"].split()[0]
        same = [x for x in same if x.name.split()[0] == title] or same  # "Ms." for "Ms.": no pronoun gives it away
        if not same:
            continue
        other = rng.choice(same)
        ref = other.paragraphs[0]
        claimed_who = other.name + (f" ({ref['affiliation']})" if ref.get("affiliation") else "")
        q = f"Is this statement correct? {claimed_who} said at {where}: “{s}”"
        out.append(Item(q, "true_false", ["True", "False"], "False",
                        f"False: {_who(p)} said this, not {other.name} ({p['label']}).", _cite(p), "true_false",
                        {"claim": "speaker", "who": claimed_who, "sentence": s, "claimed": s}))
    return out


def _cloze_terms(s: str, pool: Pool, topic: Topic | None) -> list[tuple[int, str]]:
    """(tier, term) worth blanking, best first: topic phrases (0), glossary long forms (1), States (2), rare words (3)."""
    terms: list[tuple[int, str]] = []
    if topic:
        for ph in topic.phrases:
            if not ph.startswith("objective"):
                m = re.search(r"(?<![\w-])" + re.escape(ph) + r"(?![\w-])", s, re.I)
                if m:
                    terms.append((0, m.group(0)))
    for acr, longs in sorted(pool.d.glossary.acronyms.items()):
        for long in longs:
            if len(long.split()) >= 2:
                m = re.search(r"(?<![\w-])" + re.escape(long) + r"(?![\w-])", s)
                if m:
                    terms.append((1, m.group(0)))
    for c in pool.corpus_states:
        if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", s):
            terms.append((2, c))
    words = [w for w in re.findall(r"(?<![\w’'-])([a-z][a-z-]{6,})(?![\w’'-])", s) if w not in STOP]
    r = pool.assistant.retriever
    words.sort(key=lambda w: (-r.idf(stem_tokens(w)[0]) if stem_tokens(w) else 0, w))
    terms += [(3, w) for w in words[:2]]
    seen, out = set(), []
    for tier, t in sorted(terms, key=lambda x: (x[0], -len(x[1]))):
        if fold(t) not in seen and len(re.findall(r"(?<![\w-])" + re.escape(t) + r"(?![\w-])", s, re.I)) == 1:
            seen.add(fold(t))
            out.append((tier, t))
    return out


def gen_cloze(p, pool, rng, topic: Topic | None = None) -> list[Item]:
    rec = pool.records.get(p["file"], {})
    out = []
    found = [(s, _cloze_terms(s, pool, topic)) for s in sentences(p["text"]) if _good_quote(s)]
    found = [(s, terms) for s, terms in found if terms]
    best_tier = min((terms[0][0] for _, terms in found), default=3)
    for s, terms in found:
        tier, term = terms[0]
        if tier > max(best_tier, 2):
            continue  # a plain word only when the paragraph has no named term to blank
        i = s.find(term)
        blanked = s[:i] + BLANK + s[i + len(term):]
        who = f"{_who(p)} at {_where(p, rec)}" if p.get("speaker") else _where(p, rec)
        q = f"Complete the quotation from {who}: “{blanked}”"
        out.append(Item(q, "cloze", [], term, f"The paragraph reads “…{term}…” ({p['label']}).", _cite(p), "cloze",
                        {"blanked": blanked, "sentence": s}))
    return out


GENERATORS = {
    "who_said": gen_who_said,
    "which_organization": gen_which_organization,
    "number": gen_number,
    "objective": gen_objective,
    "session": gen_session,
    "true_false": gen_true_false,
    "cloze": gen_cloze,
}


def _pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    items = list(dict.fromkeys(items))
    return rng.sample(items, min(k, len(items))) if k > 0 else []


def _shuffle(rng: random.Random, items: list[str]) -> list[str]:
    items = list(items)
    rng.shuffle(items)
    return items
