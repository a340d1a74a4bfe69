"""llama-index's embedding interface (`BaseEmbedding`) over the ONNX encoder, so retrieval code is the same whichever
backend embeds (see onnx_encoder.py for how the vectors are made and embedding.py for choosing the backend)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

from .onnx_encoder import OnnxEncoder


class OnnxEmbedding(BaseEmbedding):
    """llama-index's embedding interface over OnnxEncoder, so retrieval code is the same for either backend."""

    folder: str = ""
    backend: str = "onnx"
    _encoder: Any = PrivateAttr(default=None)

    def __init__(self, folder: str | Path, *, model_name: str = "", embed_batch_size: int = 64,
                 threads: int | None = None, **kwargs: Any):
        super().__init__(model_name=model_name or str(folder), embed_batch_size=embed_batch_size, folder=str(folder),
                         **kwargs)
        self._encoder = OnnxEncoder(folder, threads=threads)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    @property
    def encoder(self) -> OnnxEncoder:
        return self._encoder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encoder.encode([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encoder.encode([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encoder.encode(list(texts)).tolist()
