"""Who said what: every speaker and organization in the index, with a role, normalized names and their paragraphs.

A *party* is a person ("Mr. Salama") or an organization ("Office of the United Nations High Commissioner for
Human Rights (OHCHR)"). The same person or organization written two ways is one party: organizations are matched
by acronym and long form (glossary plus the acronyms the records define), persons by their folded name and their
organization. Roles are classified from the affiliation with the rules below, which are plain data.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import asdict, dataclass, field

from ..core.glossary import countries
from ..core.text import fold

# -- roles and the groups a briefing note uses ----------------------------------------------------
CHAIR, MEMBER, STATE, UN, CIVIL, ACADEMIC, OTHER = (
    "Chair", "Committee member", "State", "UN body or agency", "NGO or NHRI", "academic", "other")
ROLES = (CHAIR, MEMBER, STATE, UN, CIVIL, ACADEMIC, OTHER)
GROUPS = {  # group key -> heading, in the order a briefing note shows them
    "committee": "The Committee and its Chair",
    "states": "States",
    "un": "UN bodies and agencies",
    "civil": "Civil society, NHRIs and academics",
    "documents": "Reports and procedural paragraphs",
}
ROLE_GROUP = {CHAIR: "committee", MEMBER: "committee", STATE: "states", UN: "un", CIVIL: "civil",
              ACADEMIC: "civil", OTHER: "civil", "": "documents"}

# -- classification rules (data) -----------------------------------------------------------------
HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Mme|Dr|Sir|Dame|Prof|Professor|Ambassador|Judge)\.?\s+")
CHAIR_NAME = re.compile(r"^(?:the\s+)?(?:acting\s+|vice-)?(?:chair|chairperson|chairman|chairwoman|president)$", re.I)
UN_ACRONYMS = {"OHCHR", "IOM", "ILO", "UNHCR", "UNICEF", "UNNM", "HRC", "CRC", "CERD", "CAT", "CEDAW", "CRPD", "UN",
               "GA", "UNDP", "UNODC", "WHO", "UNFPA", "UNESCO", "FAO", "IMRF"}
UN_RULES = [re.compile(p, re.I) for p in (
    r"^(?:the\s+)?(?:office of the\s+)?United Nations\b", r"^UN\b", r"\bHigh Commissioner\b", r"\bSpecial Rapporteur\b",
    r"\bIndependent Expert\b", r"\bWorking Group on\b", r"\bSecretary-General\b", r"\bSecretariat\b",
    r"\bHuman Rights Council\b", r"\bTreat(?:y|ies) (?:Division|Branch|Bodies)\b", r"^(?:the\s+)?Committee (?:on|against)\b",
    r"\bInternational (?:Labour|Organization for Migration)\b", r"\bWorld Health Organization\b", r"\bUN Women\b")]
NHRI_RULES = [re.compile(p, re.I) for p in (
    r"\bNational Human Rights (?:Council|Commission|Institution|Committee|Centre)\b", r"\bOmbuds", r"\bDefensor",
    r"\bHuman Rights Commission\b", r"\bnational human rights institution", r"\bPeople's Advocate\b", r"\bMediator\b")]
ACADEMIC_RULES = [re.compile(p, re.I) for p in (
    r"\bUniversit", r"\bCollege\b", r"\bAcademy\b", r"\bSchool of\b", r"\bFaculty\b", r"\bProfessor\b",
    r"\b(?:Centre|Center|Institute)\b.*\b(?:Law|Studies|Research)\b", r"\bResearch (?:Centre|Center|Institute)\b")]
STATE_PREFIX = re.compile(r"^(?:the\s+)?(?:Government of|Permanent Mission of|delegation of|Observer for|Kingdom of|"
                          r"Republic of|State of)\s+(?:the\s+)?", re.I)
# Parts of an organization's name that identify it even inside a longer title ("Deputy High Commissioner for
# Human Rights" works for OHCHR).
ORG_ALIASES = {"OHCHR": ["High Commissioner for Human Rights", "Human Rights Treaties Division"]}
JOB_TITLE = re.compile(r"^(?:Director|Deputy|Chief|Head|Representative|Adviser|Advisor|Officer|Coordinator|Secretary|"
                       r"President|Member|Executive|Senior|Programme|Legal|Policy)\b", re.I)


def person_key(name: str) -> str:
    return re.sub(r"\s+", " ", fold(HONORIFIC.sub("", name.strip()))).strip()


def _country(text: str) -> str:
    t = fold(STATE_PREFIX.sub("", text.strip()))
    for c in countries():
        if t == fold(c):
            return c
    return ""


def classify(affiliation: str, speaker: str = "", committee_record: bool = True) -> str:
    """The role a paragraph's speaker had, from the affiliation (and the speaker's name for "The Chair")."""
    aff = (affiliation or "").strip()
    if aff.lower() in ("chair", "chairperson") or CHAIR_NAME.match(speaker.strip()):
        return CHAIR
    if not aff:
        return MEMBER if committee_record and speaker else (OTHER if speaker else "")
    if any(r.search(aff) for r in NHRI_RULES):
        return CIVIL
    acrs = set(re.findall(r"\b[A-Z]{2,9}\b", aff))
    if acrs & UN_ACRONYMS or any(r.search(aff) for r in UN_RULES):
        return UN
    if any(r.search(aff) for r in ACADEMIC_RULES):
        return ACADEMIC
    if _country(aff) or any(_country(seg) for seg in aff.split(",")):
        return STATE
    return CIVIL


def organization(affiliation: str, glossary) -> tuple[str, str]:
    """(key, display name) of the organization or State in an affiliation; ("", "") for none or "Chair".

    "OHCHR", "Director, Human Rights Treaties Division, OHCHR" and "Office of the United Nations High Commissioner
    for Human Rights (OHCHR)" all give ("OHCHR", "Office of the United Nations High Commissioner for Human Rights (OHCHR)")."""
    aff = (affiliation or "").strip()
    if not aff or aff.lower() in ("chair", "chairperson"):
        return "", ""

    def known(acr: str) -> tuple[str, str]:
        longs = glossary.expand(acr) if glossary else []
        return acr, (f"{longs[0]} ({acr})" if longs else acr)

    m = re.search(r"\(([A-Z][A-Za-z]{1,9})\)\s*$", aff)
    if m and m.group(1).isupper():
        acr = m.group(1)
        if glossary and glossary.expand(acr):
            return known(acr)
        name = aff[:m.start()].split(",")[-1].strip()
        return acr, f"{name} ({acr})" if name else acr
    segments = [s.strip() for s in re.sub(r"\([^()]*\)", "", aff).split(",") if s.strip()]
    for seg in segments:
        if re.fullmatch(r"[A-Z]{2,9}", seg) and glossary and glossary.expand(seg):
            return known(seg)
    if glossary:
        for seg in segments:
            for acr, longs in sorted(glossary.acronyms.items()):
                if acr in ("UN", "EU", "GA") and len(segments) == 1 and fold(seg) != fold(longs[0]):
                    continue
                if any(fold(seg) == fold(long) for long in longs):
                    return known(acr)
    for acr, parts in ORG_ALIASES.items():
        if any(fold(p) in fold(aff) for p in parts):
            return known(acr)
    for seg in [aff] + segments:
        c = _country(seg)
        if c:
            return "state:" + fold(c), c
    org = next((s for s in reversed(segments) if not JOB_TITLE.match(s)), segments[-1] if segments else aff)
    return "org:" + fold(org), org


# -- the directory ---------------------------------------------------------------------------------
@dataclass
class Party:
    key: str
    kind: str                   # "person" | "organization"
    name: str                   # display name: "Mr. Salama", "International Organization for Migration (IOM)"
    role: str
    organization: str = ""      # persons: their organization's display name
    org_key: str = ""
    aliases: list[str] = field(default_factory=list)      # names as printed (persons) or affiliations (organizations)
    affiliations: list[str] = field(default_factory=list)  # affiliations as printed
    members: list[str] = field(default_factory=list)      # organizations: the persons who spoke for it
    paragraphs: list[dict] = field(default_factory=list)  # {file, paragraph, label, speaker, affiliation}

    @property
    def files(self) -> list[str]:
        return sorted({p["file"] for p in self.paragraphs})

    @property
    def group(self) -> str:
        return ROLE_GROUP.get(self.role, "civil")

    def labels(self) -> str:
        return compress_labels(self.paragraphs)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["records"] = self.files
        d["labels"] = self.labels()
        return d


ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


def compress_labels(paragraphs: list[dict]) -> str:
    """"CMW/C/SR.506 ¶46–49, ¶52; CMW/C/SR.590 ¶1" from paragraph dicts with file, paragraph and label."""
    by_file: dict[str, tuple[str, list[int]]] = {}
    for p in sorted(paragraphs, key=lambda p: (p["file"], int(p["paragraph"]))):
        name = p["label"].rsplit(" ¶", 1)[0]
        by_file.setdefault(p["file"], (name, []))[1].append(int(p["paragraph"]))
    out = []
    for _, (name, nums) in sorted(by_file.items()):
        runs: list[list[int]] = []
        for n in sorted(set(nums)):
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        out.append(name + " " + ", ".join(f"¶{r[0]}" + (f"–{r[-1]}" if len(r) > 1 else "") for r in runs))
    return "; ".join(out)


class Directory:
    """Every speaker and organization of a set of paragraphs (`Assistant.paragraphs()`)."""

    def __init__(self, paragraphs: list[dict], records: dict[str, dict], glossary=None):
        self.glossary = glossary
        self.records = records
        self.by_key: dict[str, Party] = {}
        self.paragraph_role: dict[tuple[str, int], str] = {}
        for p in sorted(paragraphs, key=lambda p: (p["file"], int(p["paragraph"]))):
            self._add(p)
        for party in self.by_key.values():
            party.aliases = sorted(set(party.aliases))
            party.affiliations = sorted(set(party.affiliations))
            party.members = sorted(set(party.members))

    @staticmethod
    def _committee_record(rec: dict) -> bool:
        return rec.get("body", "CMW") in ("CMW", "") and rec.get("doc_type", "summary record") == "summary record"

    def _add(self, p: dict) -> None:
        speaker, aff = (p.get("speaker") or "").strip(), (p.get("affiliation") or "").strip()
        rec = self.records.get(p["file"], p)
        role = classify(aff, speaker, self._committee_record(rec))
        self.paragraph_role[(p["file"], int(p["paragraph"]))] = role
        if not speaker:
            return
        ref = {"file": p["file"], "paragraph": int(p["paragraph"]), "label": p["label"], "speaker": speaker,
               "affiliation": aff}
        org_key, org_name = organization(aff, self.glossary)
        if CHAIR_NAME.match(speaker):
            # An unnamed presiding member: one party per record, since records differ in who presided.
            pkey = f"person:{fold(speaker)}@{p['file']}"
            short = p["label"].rsplit(" ¶", 1)[0]
            display = f"{speaker} ({short})"
        else:
            pkey = f"person:{person_key(speaker)}|{org_key}"
            display = speaker
        person = self.by_key.get(pkey)
        if person is None:
            person = self.by_key[pkey] = Party(pkey, "person", display, role, org_name, org_key)
        elif ROLE_ORDER[role] < ROLE_ORDER.get(person.role, 99):
            person.role = role
        person.aliases.append(speaker)
        if aff:
            person.affiliations.append(aff)
        person.paragraphs.append(ref)
        if org_key:
            org = self.by_key.get(org_key)
            if org is None:
                org = self.by_key[org_key] = Party(org_key, "organization", org_name, role, org_name, org_key)
            org.aliases.append(aff)
            org.affiliations.append(aff)
            org.members.append(speaker)
            org.paragraphs.append(ref)

    # -- views -------------------------------------------------------------------------------
    @property
    def parties(self) -> list[Party]:
        return sorted(self.by_key.values(), key=lambda x: (x.kind != "person", ROLE_ORDER.get(x.role, 99), fold(x.name)))

    @property
    def persons(self) -> list[Party]:
        return [x for x in self.parties if x.kind == "person"]

    @property
    def organizations(self) -> list[Party]:
        return [x for x in self.parties if x.kind == "organization"]

    def role_of(self, file: str, paragraph: int) -> str:
        return self.paragraph_role.get((file, int(paragraph)), "")

    def restricted(self, files: list[str]) -> list[Party]:
        """The parties with their paragraphs limited to these record files (those who spoke there)."""
        out = []
        for party in self.parties:
            ps = [p for p in party.paragraphs if p["file"] in files]
            if ps:
                out.append(Party(party.key, party.kind, party.name, party.role, party.organization, party.org_key,
                                 list(party.aliases), list(party.affiliations), list(party.members), ps))
        return out

    # -- lookup ------------------------------------------------------------------------------
    ROLE_WORDS = {
        CHAIR: ("chair", "chairperson", "chairman", "chairwoman", "the chair", "the chairperson", "presiding member"),
        MEMBER: ("committee", "the committee", "cmw", "committee members", "members", "committee member",
                 "the committee and its chair"),
        STATE: ("states", "state", "governments", "government", "delegations", "states parties"),
        UN: ("un bodies", "un agencies", "united nations bodies", "un system", "un bodies and agencies"),
        CIVIL: ("ngos", "ngo", "civil society", "csos", "nhris", "nhri", "civil society organizations"),
        ACADEMIC: ("academics", "academic", "academia", "universities", "researchers"),
    }

    def find(self, who: str) -> list[Party]:
        """The parties a name, acronym, organization, State or role word refers to; best tier only."""
        w = re.sub(r"\s+", " ", (who or "").strip().strip("\"'“”")).strip()
        if not w:
            return []
        fw = fold(w)
        for role, words in self.ROLE_WORDS.items():
            if fw in words:
                roles = {CHAIR, MEMBER} if role == MEMBER else {role}
                if role == CIVIL:
                    roles = {CIVIL}
                kind = "person" if role in (CHAIR, MEMBER) else "organization"
                return [x for x in self.parties if x.role in roles and x.kind == kind]
        persons, orgs = self.persons, self.organizations
        pk = person_key(w)
        tiers = [
            [x for x in persons if any(person_key(a) == pk for a in x.aliases)],
            [x for x in orgs if x.key == w.upper() or x.key == w or fold(x.name) == fw or
             any(fold(a) == fw for a in x.aliases)],
        ]
        if self.glossary and re.fullmatch(r"[A-Za-z]{2,9}", w):
            longs = [fold(l) for l in self.glossary.expand(w)]
            tiers.append([x for x in orgs if any(l in fold(x.name) or any(l == fold(a) for a in x.aliases)
                                                 for l in longs)])
        c = _country(w)
        if c:
            tiers.append([x for x in orgs if x.key == "state:" + fold(c)])
        pattern = re.compile(r"(?<![\w-])" + re.escape(fw) + r"(?![\w-])")
        tiers.append([x for x in persons if pattern.search(person_key(x.name))])
        if len(fw) > 3:
            tiers.append([x for x in orgs if pattern.search(fold(x.name)) or any(pattern.search(fold(a)) for a in x.aliases)])
        for tier in tiers:
            if tier:
                return tier
        return []

    def suggestions(self, who: str, n: int = 5) -> list[str]:
        import difflib
        names = {x.name: x for x in self.parties}
        return difflib.get_close_matches(who, list(names), n=n, cutoff=0.4)


_DIRECTORIES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # Assistant -> (index stamp, Directory)


def directory(assistant) -> Directory:
    """The directory of an opened Assistant, cached (here, not on the Assistant) until its index changes."""
    stamp = (len(assistant.retriever.nodes), tuple(sorted(assistant.retriever.records)))
    cached = _DIRECTORIES.get(assistant)
    if cached and cached[0] == stamp:
        return cached[1]
    d = Directory(assistant.paragraphs(), assistant.records(), assistant.retriever.vocab.glossary)
    _DIRECTORIES[assistant] = (stamp, d)
    return d


def speakers(assistant, record: str | None = None) -> list[Party]:
    """Every speaker and organization, optionally only those who spoke in one record (file name or symbol)."""
    d = directory(assistant)
    if not record:
        return d.parties
    return d.restricted(resolve_records(assistant, record))


def resolve_records(assistant, record: str) -> list[str]:
    """Record files matching a file name, a symbol ("CMW/C/SR.506", "SR.506") or a meeting number."""
    recs = assistant.records()
    r = record.strip()
    if r in recs:
        return [r]
    out = []
    for f, m in sorted(recs.items()):
        sym = m.get("symbol") or ""
        if f.startswith(r) or (sym and (sym.lower() == r.lower() or sym.lower().endswith("/" + r.lower()))):
            out.append(f)
        elif re.fullmatch(r"\d{2,4}", r) and m.get("meeting") == int(r):
            out.append(f)
    return out
