"""Who a question names: the index's vocabulary of speakers, bodies and records, and the entities (speakers,
affiliations, acronyms, States) recognised in a question, each with its role (the speaker, or part of the topic)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.glossary import DEMONYM_EXCEPTIONS, Glossary, countries, demonym_country
from ..core.text import STOP, fold

SPEECH = re.compile(r"\b(?:say|said|says|tell|told|state|stated|argue|argued|think|thought|recommend|recommended|"
                    r"propose|proposed|suggest|suggested|call(?:ed)? for|urge|urged|mention|mentioned|raise|raised|"
                    r"highlight|highlighted|note|noted|emphasi[sz]e|stress|stressed|want|wanted|ask|asked|report|"
                    r"reported|describe|described|explain|explained|point|pointed|view|views|position|according to|"
                    r"statement|statements|remarks|comments?|concerns?|contribution|speak|spoke|welcome|welcomed|"
                    r"criticize|criticized|warn|warned|believe|believed|cite|cited|refer|referred|address|addressed|invoke|invoked|quote|quoted|"
                    r"acknowledge|acknowledged|commend|commended|regret|regretted|hope|hoped|encourage|encouraged|reply|replied|"
                    r"respond|responded|answer|answered|talk|talks|talked|discuss|discussed|bring up|brought up|"
                    r"focus(?:ed)? on|add|added|express|expressed|insist|insisted|underline|underlined|underscore|"
                    r"underscored|recall|recalled)\b", re.I)
CHAIR_FACT = re.compile(r"\b(?:who|which member)\b[^?]*\b(?:chaired|chairing|presided|presiding|in the chair|was (?:the )?chair(?:person)?|"
                        r"held the gavel|led the (?:meeting|sitting))\b", re.I)


@dataclass
class Vocabulary:
    """What the index knows: speakers, affiliations, records; built once when the index opens."""
    speakers: dict[str, set[str]]            # speaker -> affiliations
    affiliations: set[str]
    sessions: set[int]
    meetings: set[int]
    years: set[int]
    files: set[str]
    symbols: dict[str, str]                  # symbol -> file
    corpus_text: str                         # folded text of every paragraph, for "is it mentioned at all"
    glossary: Glossary
    months: set[str] = field(default_factory=set)   # "2024-12": months that have a record
    dates: dict[str, str] = field(default_factory=dict)  # file -> "2024-12-13": the day a meeting was held
    agenda: dict[str, set[str]] = field(default_factory=dict)  # summary record -> its agenda items and title
    headings: str = ""                       # folded places and titles of the records' mastheads

    def __post_init__(self):
        # Names indexed by their first word, so a question is matched against the few names that share a word
        # with it, not against every speaker of a large index.
        self._speakers = _by_first_word((speaker, _surnames(speaker)) for speaker in self.speakers
                                        if not speaker.lower().startswith("the chair"))
        self._affiliations = _by_first_word((aff, _affiliation_forms(aff) + self._own_word(aff))
                                            for aff in sorted(self.affiliations))
        self._countries = _by_first_word((c, [c]) for c in countries())
        self._folded_affiliations = [(a, fold(a)) for a in sorted(self.affiliations)]
        self._mentioned: dict[str, bool] = {}
        self._preferred: dict[str, str] = {}

    def _own_word(self, aff: str) -> list[str]:
        """ "the Quakers" for the Quaker United Nations Office: a name's first word that the records use nowhere else
        (not a State, not an adjective of one, not an ordinal word like "Border" or "Global")."""
        word = aff.split()[0] if aff else ""
        if len(word) < 5 or len(aff.split()) < 2 or not word[0].isupper() or demonym_country(word) or \
                any(c.split()[0] == word for c in countries()):
            return []
        key, name = fold(word), fold(aff)
        if sum(1 for a in self.affiliations if fold(a).split()[0] == key) != 1 or \
                len(re.findall(r"(?<!\w)" + re.escape(key), self.corpus_text)) != self.corpus_text.count(name):
            return []
        return [word + "s", word]

    def candidates(self, kind: str, folded_question: str) -> list[tuple[str, list[str]]]:
        """(name, forms) of the speakers, affiliations or countries that share a word with the question."""
        table = {"speaker": self._speakers, "affiliation": self._affiliations, "country": self._countries}[kind]
        hit: dict[int, tuple[str, list[str]]] = {}
        for w in set(_WORD.findall(folded_question)):
            for i, entry in table.get(w, ()):
                hit[i] = entry
        return [hit[i] for i in sorted(hit)]

    def mentions(self, text: str) -> bool:
        """Whether the records use this word or phrase anywhere (whole words; "organization" also finds
        "organizations", and the other way round)."""
        key = fold(text)
        if not key:
            return False
        if key not in self._mentioned:
            forms = [key, key + "s", key + "es"] + ([key[:-1]] if key.endswith("s") and len(key) > 3 else []) + \
                ([key.replace("-", " "), key.replace("-", "")] if "-" in key else [])  # "half-day" is "half day"
            self._mentioned[key] = any(f in self.corpus_text and _find(f, self.corpus_text) >= 0 for f in forms)
        return self._mentioned[key]

    def in_headings(self, text: str) -> bool:
        """Whether a record's masthead uses this word ("Palais", "Wilson": where a meeting was held)."""
        return bool(fold(text)) and _find(fold(text), self.headings) >= 0

    def mentions_stem(self, word: str) -> bool:
        """Whether the records use a word starting like this one (its first five letters): "Mexican" ~ "Mexico"."""
        head = fold(word)[:5]
        return len(head) >= 4 and re.search(r"(?<![\w-])" + re.escape(head), self.corpus_text) is not None

    def expansion(self, acronym: str) -> str:
        """The long form of an acronym that the records themselves use most ("the Convention" for ICRMW)."""
        key = acronym.upper()
        if key not in self._preferred:
            forms = self.glossary.expand(key)
            counts = [self.corpus_text.count(fold(f)) for f in forms]
            self._preferred[key] = forms[max(range(len(forms)), key=lambda i: (counts[i], -i))] if forms else ""
        return self._preferred[key]


@dataclass
class Entity:
    kind: str        # speaker | affiliation | country | acronym
    text: str        # as written in the question
    start: int
    values: list[str] = field(default_factory=list)   # matching speakers or affiliations in the index
    role: str = "topic"                                # speaker | topic
    name: str = ""                                     # the State a demonym stands for ("German" -> "Germany")
    of_person: bool = False  # a body named beside a person as one speaker ("Ms. Fritz of the ... Network"): not a filter


_WORD = re.compile(r"[\w-]+")


def _by_first_word(entries) -> dict[str, list[tuple[int, tuple[str, list[str]]]]]:
    table: dict[str, list] = {}
    for i, (name, forms) in enumerate(entries):
        for w in {words[0] for f in forms if (words := _WORD.findall(fold(f)))}:
            table.setdefault(w, []).append((i, (name, forms)))
    return table


def _affiliation_forms(aff: str) -> list[str]:
    """ "Deputy High Commissioner (for Human Rights)": the full name, the name before any bracket, its head."""
    main = re.split(r"\s*[(,]", aff)[0].strip()
    head = re.split(r"\s+(?:for|on|of)\s+", main)[0]
    forms = [aff, main] + ([head] if len(head.split()) >= 2 else [])
    # a university is called by its place: "the professor from Leicester", "the Oxford researcher"
    place = re.fullmatch(r"University of ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)|([A-Z][\w'’-]+) University", main)
    if place:
        forms.append(place.group(1) or place.group(2))
    forms += [re.sub(r"^United Nations\b", "UN", f) for f in forms if f.startswith("United Nations ")]  # "the UN Network"
    return [f for f in sorted(set(forms), key=len, reverse=True) if len(f) > 3]


TITLE = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Mme|Dr|Sir|Dame|Prof|Professor)\.?\s+")


def _surnames(speaker: str) -> list[str]:
    name = TITLE.sub("", speaker)
    toks = [t for t in re.split(r"\s+", name) if len(t) > 2 and t[0].isupper() and not t.endswith(".")]
    return [" ".join(toks)] + (toks if len(toks) > 1 else []) if toks else []


def _find(pattern: str, text: str) -> int:
    m = re.search(r"(?<![\w-])" + re.escape(pattern) + r"(?![\w-])", text)
    return m.start() if m else -1


def _named(kind: str, vocab: Vocabulary, folded_question: str) -> list[Entity]:
    """Speakers or affiliations of the index named in the question, each by its first (longest) form found."""
    found = []
    for name, forms in vocab.candidates(kind, folded_question):
        for form in forms:
            pos = _find(fold(form), folded_question)
            if pos >= 0:
                found.append(Entity(kind, form, pos, [name]))
                break
    return found


def recognise(question: str, vocab: Vocabulary) -> list[Entity]:
    """Speakers, affiliations, acronyms and States named in the question."""
    q, fq = question, fold(question)
    found: list[Entity] = _named("speaker", vocab, fq)
    if re.search(r"\b(?:the )?chair(?:person|man|woman)?\b", q, re.I) and not CHAIR_FACT.search(q):
        word = re.search(r"\bchair(?:person|man|woman)?\b", q, re.I)  # the whole word, so "Chairperson say" is a subject
        found.append(Entity("chair", word.group(0), word.start(), ["Chair"]))
    found += _named("affiliation", vocab, fq)
    for am in re.finditer(r"\b([A-Z][A-Za-z]{1,9})\b(?!\.?\s?\d)", q):
        acr = am.group(1)
        if not (acr.isupper() or acr in {"Unicef", "Unhcr"}):
            continue
        longs = [fold(l) for l in vocab.glossary.expand(acr)]
        # an office speaks through its head and deputies too: "Deputy High Commissioner for Human Rights" is OHCHR's
        heads = [m.group(1) for l in longs if (m := re.match(r"office of (?:the )?(?:united nations )?(.{12,})$", l))]
        matches = [a for a, fa in vocab._folded_affiliations
                   if any(l in fa for l in longs + heads) or (acr in a and re.search(rf"\b{acr}\b", a))]
        if not longs and not matches:
            continue
        found.append(Entity("acronym", acr, q.find(acr), matches))
    for c, _ in vocab.candidates("country", fq):
        pos = _find(fold(c), fq)
        if pos >= 0 and not any(e.start <= pos < e.start + len(e.text) for e in found):
            found.append(Entity("country", c, pos, [a for a, fa in vocab._folded_affiliations if fa == fold(c)]))
    for m in DEMONYM.finditer(q):  # "the German delegation", "Moroccan NGOs", "the Burkinabe delegation"
        country = demonym_country(m.group(1))
        if country and not any(e.start <= m.start() < e.start + len(e.text) for e in found):
            found.append(Entity("country", m.group(1), m.start(),
                                [a for a, fa in vocab._folded_affiliations if fa == fold(country)], name=country))
    # Drop entities inside longer ones ("Migration" inside "International Organization for Migration").
    found.sort(key=lambda e: (e.start, -len(e.text)))
    kept: list[Entity] = []
    for e in found:
        if kept and e.start < kept[-1].start + len(kept[-1].text) and e.kind != "acronym":
            continue
        kept.append(e)
    for group in _phrases(q, kept):
        # "Ms. Fritz of the Border Violence Monitoring Network say", "Mexico's representative, Ms. Méndez Escobar, say":
        # names in one noun phrase share its role, read from the words around the whole phrase
        start, end = group[0].start, group[-1].start + len(group[-1].text)
        roles = {role_in(q, e, (start, end)) for e in group} if len(group) > 1 else {role_in(q, group[0])}
        person = any(e.kind == "speaker" for e in group)
        for e in group:
            e.role = "speaker" if "speaker" in roles else "topic"
            e.of_person = person and e.kind != "speaker" and e.role == "speaker"
    return kept


def _phrases(q: str, entities: list[Entity]) -> list[list[Entity]]:
    """Entities grouped where a person and a body make one noun phrase; a name inside another ("UN" in "UN Network on
    Migration", "OHCHR" read as an acronym too) stands alone, with its own role."""
    groups: list[list[Entity]] = []
    nested: list[list[Entity]] = []
    end = -1
    for e in entities:  # in order of position
        if e.start < end:
            nested.append([e])
            continue
        end = e.start + len(e.text)
        if groups:
            prev = groups[-1]
            gap = q[prev[-1].start + len(prev[-1].text): e.start]
            kinds = {x.kind for x in prev} | {e.kind}
            if "speaker" in kinds and len(kinds) > 1 and LINK.match(gap):
                prev.append(e)
                continue
        groups.append([e])
    return groups + nested


# (and the adjectives the suffixes miss: "Greek", "Dutch", "Burkinabe"), not a language ("in French", "the French text")
DEMONYM = re.compile(r"(?<!\bin )\b([A-Z][a-z]{3,}(?:an|ese|ish|i|ic)|" + "|".join(map(re.escape, DEMONYM_EXCEPTIONS)) +
                     r")(?![\w'’-])(?!\s+(?:version|text|translation|language|original)\b)")
SPEECH_NEXT = re.compile(r"^\s*(?:(?:also|then|really|actually|specifically|ever|not)\s+)?" + SPEECH.pattern, re.I)
SUBJECT_BEFORE = re.compile(r"\b(?:did|does|do|has|have|had|would|could|was|were|is|are|how|why|what)\s+(?:the\s+|an?\s+)?"
                            r"(?:(?:delegation|representatives?|delegates?|government|observer|ministry|minister|professor|"
                            r"researchers?|academics?|scholars?|experts?|panellists?|speakers?|members?|man|woman|person|lady|"
                            r"gentleman|someone|spokesperson|activist|advocate)\s+(?:of|for|from|at|with)\s+"
                            r"(?:the\s+|an?\s+)?)?$", re.I)
# Acronyms of instruments and document types: they never speak.
NOT_SPEAKERS = {"GCM", "GCR", "ICRMW", "SR", "SDG", "SDGS", "LOI", "LOIPR", "CO", "GC", "ATD", "UPR", "NGO", "CSO",
                "NHRI", "CRC", "UN", "GA", "CMW"}


# "spoke on behalf of (the)", "represented (the)": what comes next is the speaker's body (case-insensitive words, so
# the name after it keeps its capital); "spoke for the Government of Tunisia": the State is the speaker.
SPOKE_FOR_ = r"\b(?:(?i:spoke|speaking|took the floor|talked|(?:gave|made|delivered)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+)?" \
             r"(?:speech|statement|address|remarks|presentation))\s+(?i:on behalf of|for)|(?i:represented|representing))\s+(?:(?i:the)\s+)?" \
             r"(?:(?i:government|delegation|permanent mission|mission|authorities)\s+(?i:of)\s+(?:(?i:the)\s+)?)?"
STATE_ROLES = "delegation|representative|delegate|government|observer|diplomat|official|spokesperson"
BODY_ROLES = "speaker|panellist|expert|academic|professor|scholar|researcher|member|group|network|office|centre|center|" \
             "institution|council|commission|ombudsman|NHRI|" \
             "organi[sz]ation|association|NGO"


# What joins two names into one noun phrase naming one speaker: "Ms. X of the Y", "Mr. X from Y", "Mr. X (Y)",
# "Y's representative, Ms. X"
_PERSON = r"(?:(?:Mr|Ms|Mrs|Miss|Mme|Dr|Professor|Prof)\.?\s+)?"
LINK = re.compile(r"^(?:\s+(?:of|from|with|at)\s+(?:the\s+)?|\s*\(\s*(?:the\s+)?|"
                  r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + STATE_ROLES + "|" + BODY_ROLES + r"|director|chief|head"
                  r")s?\s*,?\s*" + _PERSON + r")$", re.I)


def role_in(q: str, e: Entity, span: tuple[int, int] | None = None) -> str:
    """The speaker is the grammatical subject of a speech verb: "What did IOM say", "IOM's view", "according to IOM".
    `span` is the whole noun phrase the name is part of ("Ms. Fritz of the Border Violence Monitoring Network")."""
    if e.kind == "acronym" and e.text.upper() in NOT_SPEAKERS:
        return "topic"
    start, end = span or (e.start, e.start + len(e.text))
    before, after = q[:start], q[end:]
    after = re.sub(r"^\s*(?:who|which)\s+[^,?;]{1,80},\s*", " ", re.sub(r"^\s*[),]", "", after))  # "Mr. X (Y)", ", Ms. X,", ", who ..., say"
    # "the IOM speaker at the 2022 discussion say": where they spoke, between the speaker and the verb
    after = re.sub(r"^((?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + STATE_ROLES + "|" + BODY_ROLES + r")s?)\s+(?:at|during|in)\s+"
                   r"(?:(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:meeting|session|discussion|dialogue|debate|event)s?|\d{4}|"
                   r"(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\b",  # ... or a place: "the EU representative in Geneva say"
                   r"\1", after, flags=re.I)
    if e.kind in ("speaker", "affiliation") and not re.search(r"[^\W\d_]{3,}", NAME_ONLY.sub(" ", before + " " + after)):
        return "speaker"  # "Ms. Fritz?", "Pérez Bello", "Tell me about Mr. Tall": the name alone asks what they said
    if DISLOCATED.match(RECORD_AFTER.sub("", after)) and not re.sub(r"(?i)^\W*(?:the\s+)?|(?:Mr|Ms|Mrs|Miss|Mme|Dr|Professor|Prof)\.?\s*$", "", before).strip():
        return "speaker"  # "Mr. Tall — what did he say at the opening?": the name, then a question about "he"
    if e.kind == "country" and re.match(r"^(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,3}?(?:" + BODY_ROLES + r")s?\b", after, re.I):
        return "topic"  # "the Moroccan rights NGO", "a Mexican academic": a body or person of that State, not the State
    if re.search(SPOKE_FOR_ + "$", before):
        return "speaker"  # "Who spoke for QUNO?"
    before = re.sub(r"\b(?:Mr|Ms|Mrs|Miss|Mme|Dr|Professor|Prof)\.?\s*$", "", before)
    # "the Senegalese expert say", "the Quaker office representative say": a role noun (and a word or two) after the name
    # (a State's adjective makes the State the speaker only with a State's role: a "Senegalese expert" is a person)
    roles = STATE_ROLES if e.kind == "country" else STATE_ROLES + "|" + BODY_ROLES
    for _ in range(2):  # "office representative"
        after = re.sub(r"^(?:['’]s?)?\s*(?:[a-z][\w-]*\s+){0,2}?(?:" + roles + r")s?\b", "", after, flags=re.I)
    if re.match(r"^(?:['’]s)?\s+(?:[\w-]+\s+)?(?:view|position|statement|remark|comment|contribution|intervention|argument|"
                r"point)s?\b", after, re.I) and (e.kind != "country" or re.match(r"^['’]s", after)):
        return "speaker"
    if re.search(r"\b(?:by|according to)\s+(?:the\s+)?$", before, re.I) and re.search(r"\b(?:statement|said|say|views?|position|according)", q, re.I):
        return "speaker"
    if re.search(r"\b(?:which|what)\s+$", before, re.I) and re.match(
            r"^\s*(?:delegates?|delegations?|representatives?|speakers?|panellists?|officials?)\b", q[e.start + len(e.text):], re.I):
        return "speaker"  # "Which Mexican delegate took the floor?": who spoke for Mexico
    if e.kind == "affiliation":  # "the Special Rapporteur on migrants say": the rest of the title, then the verb
        after = re.sub(r"^\s+(?:on|for|of)\s+(?:[\w'’-]+\s+){1,6}?(?=(?:" + SPEECH.pattern + r"))", " ", after, flags=re.I)
    if re.match(r"^\s*(?:make|made|offer|offered|give|gave|put forward)\b", after, re.I) and \
            re.search(r"\b(?:remarks?|comments?|statements?|points?|proposals?|observations?|suggestions?|recommendations?)\b",
                      q, re.I) and SUBJECT_BEFORE.search(before):
        return "speaker"  # "Which remarks did IOM make concerning ...?"
    if SPEECH_NEXT.match(after) and (SUBJECT_BEFORE.search(before) or not before.strip() or re.search(r"(?:^|[,;]\s*)(?:and\s+)?(?:the\s+)?$", before)):
        return "speaker"
    if e.kind == "speaker" and JUDGED.match(after) and SUBJECT_BEFORE.search(before):
        return "speaker"  # "Which article did Ms. Afrin find outdated?": a person's view is in their own words
    rel = re.search(r"\b(?:the|this|that|an?|its|their|his|her)\s+(?:[\w-]+\s+){0,4}?([a-z][\w-]+)\s+(?:that|which|whom)\s+"
                    r"(?:the\s+)?$", before)
    if SPEECH_NEXT.match(after) and rel and not SPEECH.fullmatch(rel.group(1)) and not SPEECH.search(before) and \
            not re.search(r"\b(?:at|in|during|on|after|before|with)\s+which\s+(?:the\s+)?$", before, re.I):
        # "the article that Ms. Townhead referred to": what she spoke of is asked ("the meeting at which she spoke"
        # asks about the meeting)
        return "speaker"
    return "topic"


# Verbs of judging: a person (not a State, whose acts are records of their own) who finds or considers something
# told the meeting so.
JUDGED = re.compile(r"^\s*(?:(?:also|then|really|actually)\s+)?(?:find|found|consider|considered|regard|regarded|deem|"
                    r"deemed|feel|felt|see|saw|identify|identified|single out|singled out|favou?r|favou?red|support|"
                    r"supported|oppose|opposed|reject|rejected|advocate|advocated|praise|praised|request|requested)\b", re.I)
# "Mr. X 2013 session — what did he say?": which record, between the name and the question about "he"
RECORD_AFTER = re.compile(r"^\s*,?\s*(?:(?:at|in|during)\s+)?(?:the\s+)?(?:\d{4}|[\w-]+)\s+(?:session|meeting|discussion)s?\b", re.I)
# A name set before a question whose subject is a pronoun: "Mr. Tall — what did he say ...?", "IOM: what did they want?"
DISLOCATED = re.compile(r"^\s*[—–:-]+\s*(?:and\s+|so\s+)?(?:(?:what|which|how|why)\b[^?]*?\b)?"
                        r"(?:did|does|do|has|have|had)\s+(?:he|she|they|it)\s+(?:also\s+|ever\s+)?" + SPEECH.pattern, re.I)
# Words around a name that ask for nothing but that speaker's words.
NAME_ONLY = re.compile(r"\b(?:Mr|Ms|Mrs|Miss|Mme|Dr|Sir|Professor|Prof)\b\.?|\b(?i:what about|and|the|tell me about|about|"
                       r"statement|remarks|intervention|contribution|speech|please|from|by|of|on|summary|summarize|summarise)\b")


# "What did Save the Children say ...": a capitalized name as the subject of a speech verb.
NAMED_SUBJECT = re.compile(r"\b(?i:did|does|do|has|have|had|would|could)\s+(?:(?i:the)\s+)?"
                           r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:of|for|on|the|and|against|with|de|du|des|[A-Z][\w'’-]*))*?)"
                           r"(?:['’]s(?:\s+[a-z][\w-]*){1,4})?"  # "Save the Children's research unit say"
                           r"(?:\s+(?i:representative|delegation|delegate|observer|panellist|speaker|spokesperson)s?)?\s+"
                           r"(?:(?i:also|then|really|actually|specifically|ever)\s+)?(?i:" + SPEECH.pattern + ")")
# "Who spoke on behalf of the Inter-Parliamentary Union?", "Who represented Save the Children?"
SPOKE_FOR_NAME = re.compile(SPOKE_FOR_ + r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:of|for|on|the|and|de|du|des|[A-Z][\w'’-]*))*)")
ACTS_IN_DOCUMENTS = re.compile(r"\b(?:General Assembly|Human Rights Council|Security Council|Economic and Social Council|"
                               r"Secretary-General|Commission on Human Rights|Conference of the Parties|"  # (nor a text:)
                               r"Pact|Compact|Declaration|Covenant|Charter|Agenda|Protocol|Guidelines|[Rr]esolution|[Rr]eport)\b",
                               re.I)
EVENT_NAME = re.compile(r"\b(?:Meeting|Conference|Summit|Forum|Workshop|Seminar)s?\b")
ADDRESSED = re.compile(r"\s*(?:tell|say|inform|address|speak|brief)\w*\b|[^?]*\b(?:to|before) the (?:Committee|meeting)\b", re.I)
# Who the records name by role: never "did not speak".
ROLES = set("""committee chair chairperson secretariat secretary state states member members delegation delegations
expert experts speaker speakers panel panellist panellists representative representatives rapporteur country
countries organization organizations government governments""".split())


# Class nouns written as acronyms: "the NGO that monitors ...", "an NHRI" name no particular body.
GENERIC_ACRONYMS = {"NGO", "NGOS", "CSO", "CSOS", "NHRI", "NHRIS", "INGO", "UN"}  # "UN" alone: every record is a UN record
# Regions and directions describe a speaker or place ("the West African delegation"); the records need not use them.
REGION_WORDS = set("""west east north south central western eastern northern southern african european asian american
americas latin arab gulf middle caribbean pacific mediterranean balkan sahel nordic scandinavian sub-saharan
caucasus caucasian hemisphere maghreb levant andean baltic iberian oceania francophone anglophone lusophone""".split())


def _describes(word: str, after: str) -> bool:
    """A region word that describes who speaks ("the West African delegation"), not a place asked about ("in the
    Mediterranean")."""
    nxt = re.match(r"\s+([\w'’-]+)", after)
    return word.lower() in REGION_WORDS and nxt is not None and nxt.group(1).lower() not in STOP


# "What did Mr. El Jamri say ...": a titled person as the subject of a speech verb.
TITLED_SUBJECT = re.compile(r"\b(?i:did|does|do|has|have|had|would|could)\s+(?P<name>(?:Mr|Ms|Mrs|Miss|Mme|Dr|Professor)\.?"
                            r"(?:\s+[A-ZÀ-Þ][\w'’-]*){1,3})\s+(?:(?i:also|then|really|actually|ever)\s+)?(?i:" + SPEECH.pattern + ")")


def unknown_speaker(question: str, entities: list[Entity]) -> str:
    """A capitalized name in the speaker's place that matches nothing in the index (an organization or a person that
    did not speak), so the question is refused instead of answered with what somebody else said."""
    for m in TITLED_SUBJECT.finditer(question):
        if not any(e.kind == "speaker" and m.start("name") <= e.start < m.end("name") for e in entities):
            return m.group("name")
    for m in [*NAMED_SUBJECT.finditer(question), *SPOKE_FOR_NAME.finditer(question)]:
        # "the Committee's International Migrants Day statement": the Committee speaks, the rest is what it issued
        # (but "Women's Link Worldwide" is one name)
        head = re.split(r"['’]s\b", m.group("name").strip())[0]
        name = head if head.lower() in ROLES else re.sub(r"['’]s$", "", m.group("name").strip())
        words = [w for w in re.findall(r"[\w'’-]+", name.lower()) if w not in {"of", "for", "on", "the", "and"}]
        if len(words) < 2 or all(w in ROLES for w in words) or all(w in REGION_WORDS for w in words):
            continue  # one capitalized word may be a sentence's first word or a State the index knows
        if ACTS_IN_DOCUMENTS.search(name) or (EVENT_NAME.search(name) and not ADDRESSED.match(question[m.end("name"):])):
            continue  # the General Assembly "asks" in its resolutions; a meeting "called for" what others report
        if any(m.start("name") <= e.start < m.end("name") for e in entities):
            continue
        return name
    return ""


def unknown_names(question: str, entities: list[Entity], vocab: Vocabulary) -> list[str]:
    """Proper names in the question (capitalized, not its first word) that no record uses, not even in another form
    ("Rohingya"; "Quakers" and "Mexican" pass through "Quaker" and "Mexico"): a name cannot be paraphrased, so the
    records cannot answer about it. Ordinary words are left to the answerability score."""
    out = []
    for m in re.finditer(r"(?<=[\s(“\"])([A-Z][a-z][\w'’-]{2,})", question):
        word = re.sub(r"['’]s$", "", m.group(1))
        if any(e.start <= m.start() < e.start + len(e.text) for e in entities):
            continue
        if word.lower() in STOP or _describes(word, question[m.end(1):]) or vocab.glossary.expand(word) or vocab.mentions(word) \
                or vocab.mentions_stem(word) or vocab.mentions(demonym_country(word)):
            continue  # "Greek" passes through "Greece"
        if "-" in word and vocab.mentions(word.split("-")[0]):
            continue  # "Gulf-focused", "Geneva-based": a known name with a describing word
        out.append(word)
    return out


# "the committee member from Azerbaijan", "the Mexican expert": a member named by the State of their nationality
# (an "expert" may be a panellist of any kind: only a member is one of the Committee's)
MEMBER_FROM = re.compile(r"\b(?:[Cc]ommittee\s+)?member\s+(?:from|of)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
                         r"|\b(?:the|a)\s+((?:[A-Z][\w'’-]+\s+)?[A-Z][\w'’-]+)\s+(?:[Cc]ommittee\s+)?member\b")


def member_of_state(question: str, vocab: "Vocabulary") -> tuple[str, str] | None:
    """(speaker, State) when the question names a Committee member by their State and a membership table in the
    records gives that State as the nationality of exactly one member who spoke ("Name of member: ...; Country of
    nationality: Azerbaijan")."""
    m = MEMBER_FROM.search(question)
    if not m:
        return None
    adjective = m.group(2) or ""  # "Sri Lankan": the State whose name the adjective's words begin
    state = m.group(1) or demonym_country(adjective) or next(
        (c for c in countries() if adjective and fold(c).startswith(fold(adjective)[:-3])), "")
    if not state:
        return None
    rows = re.findall(r"name of member:\s*([^;]+);\s*country of nationality:\s*" + re.escape(fold(state)) + r"\b",
                      vocab.corpus_text)
    spoke = {s for row in rows for s in vocab.speakers if fold(s.split()[-1]) == row.split()[-1]}
    return (next(iter(spoke)), state) if len(spoke) == 1 else None


def member_speaks(question: str) -> bool:
    """Whether the member named by nationality is the subject of a speech verb ("what did the member from Azerbaijan
    want to know"), not the one a report tells of ("the term of the member from Sri Lanka, according to the report")."""
    m = MEMBER_FROM.search(question)
    return bool(m and SPEECH_NEXT.match(question[m.end():]))

