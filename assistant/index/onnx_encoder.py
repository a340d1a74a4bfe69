"""The embedding model run by onnxruntime and the model's own tokenizer: texts in, the vectors sentence-transformers
gives out, without importing torch (nor llama-index: a thread may load it while the main thread imports those).

Tokenizing, truncation to the model's max_seq_length, padding, mean (or CLS) pooling over the attention mask and L2
normalization are done here as sentence-transformers does them; onnx_export checks that the vectors agree (cosine
>= 0.9999) before a copy is kept, and tests/test_embedding.py checks it on every seed paragraph.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class OnnxEncoder:
    """Tokenizer + onnxruntime session + pooling: texts in, float32 vectors out (no llama-index)."""

    def __init__(self, folder: str | Path, spec: dict | None = None, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.spec = spec or json.loads((folder / "spec.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(self.spec["max_seq_length"]))
        spec = self.spec
        self.tokenizer.enable_padding(pad_id=int(spec.get("pad_id") or 0), pad_type_id=int(spec.get("pad_type_id") or 0),
                                      pad_token=spec.get("pad_token") or "[PAD]")  # to the longest in the batch
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or _cores()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, int(self.spec.get("dimension", 0))), dtype=np.float32)
        encoded = self.tokenizer.encode_batch([str(t) for t in texts])
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": np.array([e.ids for e in encoded], dtype=np.int64), "attention_mask": mask,
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64)}
        hidden = self.session.run(None, {k: feed[k] for k in self.inputs})[0]
        if self.spec.get("pooling") == "cls":
            vectors = hidden[:, 0]
        else:  # mean over real tokens, as sentence-transformers' Pooling (mask sum clamped at 1e-9)
            m = mask[..., None].astype(hidden.dtype)
            vectors = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        if self.spec.get("normalize", True):
            vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return vectors.astype(np.float32)
