"""The ONNX copy of the embedding model: made here from the packaged weights (never downloaded), checked against
sentence-transformers, and kept in a cache folder keyed by the model folder's files.

Making it needs torch, transformers, sentence-transformers and onnx (about 10 s, once per model and machine);
using it (onnx_embedding.py) needs only onnxruntime and tokenizers. A copy is written to a temporary folder and
renamed into place, so a process killed while exporting never leaves a half-written model that a later one trusts.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from ..core.pids import alive
from ..core.errors import AssistantError

EXPORT_VERSION = 2   # bump when the export or the spec changes: older copies are then made again
MIN_COSINE = 0.9999  # an export whose vectors differ more from sentence-transformers' is refused
SPEC = "spec.json"
FILES = ("model.onnx", "model.data", "tokenizer.json")
# Checked at export: short and long (truncated), padded in one batch, odd whitespace, accents and digits.
PROBES = ["What did IOM say about objective 13?", "x", "  Mr. Ruiz (Mexico)  said that\tthe Committee", "a " * 400,
          "Ms. Dzumhur (Bosnia and Herzegovina) recalled the 590th meeting, 12 April 2019 – São Tomé é l'État.",
          "The Committee adopted its general comment No. 5 on migrants' rights to liberty. " * 20]


class ExportError(AssistantError):
    """The ONNX copy cannot be made or read; the torch backend still works."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cmw-records-assistant" / "onnx"


def source_key(model_path: str | Path) -> str:
    """Identifies one model folder's content: its resolved path and every file's size and mtime."""
    root = Path(model_path).resolve()
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    state = {"path": str(root), "export": EXPORT_VERSION,
             "files": [[str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns] for p in files]}
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def export_dir(model_path: str | Path, cache: str | Path | None = None) -> Path:
    """Where the copy of this model folder lives (it may not exist yet)."""
    root = Path(cache) if cache else cache_root()
    resolved = Path(model_path).resolve()
    return root / f"{resolved.parent.name}-{resolved.name}-{source_key(model_path)}"


def read_spec(folder: Path) -> dict | None:
    """The spec of a complete copy, or None: a copy counts only when its spec and files are all there."""
    try:
        spec = json.loads((folder / SPEC).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if spec.get("export") != EXPORT_VERSION or not all((folder / f).is_file() for f in FILES):
        return None
    return spec


def ensure(model_path: str | Path, cache: str | Path | None = None, *, log=None) -> Path:
    """The folder of a verified ONNX copy of `model_path`, exporting it first when there is none."""
    folder = export_dir(model_path, cache)
    if read_spec(folder) is not None:
        return folder
    if log:
        log(f"Preparing the ONNX copy of the embedding model in {folder} (once per model; about 10 s)...")
    return export(model_path, folder)


def export(model_path: str | Path, folder: Path) -> Path:
    """Export, check against sentence-transformers, and rename into place."""
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(folder)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        _write(Path(model_path), tmp)
        try:
            os.rename(tmp, folder)
        except OSError:
            if read_spec(folder) is None:  # not another process's finished copy: a real failure
                raise
        _drop_older(folder)
    except ExportError:
        raise
    except Exception as exc:
        raise ExportError(f"Cannot make the ONNX copy of the embedding model {model_path} in {folder}: "
                          f"{type(exc).__name__}: {exc}. Set ASSISTANT_EMBED_BACKEND=torch to use torch instead, "
                          "or ASSISTANT_EMBED_CACHE_DIR to a writable folder.") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _write(model_path: Path, out: Path) -> None:
    import warnings

    with warnings.catch_warnings():  # the tracer's warnings concern code paths the checks below cover
        warnings.simplefilter("ignore")
        _export_checked(model_path, out)


def _export_checked(model_path: Path, out: Path) -> None:
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from .onnx_encoder import OnnxEncoder

    st = SentenceTransformer(str(model_path), device="cpu")
    names = [type(m).__name__ for m in st]
    if names[:2] != ["Transformer", "Pooling"] or any(n != "Normalize" for n in names[2:]):
        raise ExportError(f"{model_path}: modules {names} are not Transformer + Pooling (+ Normalize), which is all "
                          "the ONNX backend reproduces; use ASSISTANT_EMBED_BACKEND=torch for this model.")
    pooling = getattr(st[1], "pooling_mode", None)
    if pooling not in ("mean", "cls") or getattr(st, "prompts", None) and any(st.prompts.values()):
        raise ExportError(f"{model_path}: pooling {pooling!r} or prompts {getattr(st, 'prompts', {})} are not "
                          "supported by the ONNX backend; use ASSISTANT_EMBED_BACKEND=torch.")
    tokenizer = st.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        raise ExportError(f"{model_path}: no fast tokenizer (tokenizer.json); use ASSISTANT_EMBED_BACKEND=torch.")
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    from transformers import AutoModel
    # Eager attention traces to plain ONNX ops; the padding mask stays an input of the graph.
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()
    sample = tokenizer(["a short one", "a somewhat longer sentence with padding after the first"], padding=True,
                       return_tensors="pt")
    inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in sample]

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(inputs, args))).last_hidden_state

    axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "last_hidden_state"]}
    with torch.no_grad():
        torch.onnx.export(Hidden(model), tuple(sample[k] for k in inputs), str(out / "model.onnx"),
                          input_names=inputs, output_names=["last_hidden_state"], dynamic_axes=axes,
                          opset_version=17, do_constant_folding=True, dynamo=False)
    # Weights in a file of their own: onnxruntime maps them instead of parsing a 90 MB protobuf and copying it,
    # which halves the session's peak memory (190 -> 105 MB) and its start (0.2 -> 0.08 s).
    import onnx
    graph = onnx.load(str(out / "model.onnx"))
    onnx.save_model(graph, str(out / "model.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="model.data", size_threshold=1024)
    del graph
    spec = {"export": EXPORT_VERSION, "source": str(model_path), "max_seq_length": int(st.max_seq_length),
            "pad_token": tokenizer.pad_token, "pad_id": tokenizer.pad_token_id,
            "pad_type_id": getattr(tokenizer, "pad_token_type_id", 0) or 0,
            "pooling": pooling, "normalize": "Normalize" in names, "inputs": inputs,
            "dimension": int(getattr(st, "get_embedding_dimension", st.get_sentence_embedding_dimension)()), "torch": torch.__version__}
    # The check that makes the copy trustworthy: same vectors as sentence-transformers, alone and in a padded batch.
    encoder = OnnxEncoder(out, spec)
    want = st.encode(PROBES, normalize_embeddings=True, batch_size=len(PROBES))
    got = np.vstack([encoder.encode(PROBES), *[encoder.encode([p]) for p in PROBES]])
    want = np.vstack([want, want])
    got = got / np.linalg.norm(got, axis=1, keepdims=True)
    worst = float((got * want).sum(axis=1).min())
    if worst < MIN_COSINE:
        raise ExportError(f"{model_path}: the ONNX copy's vectors differ from sentence-transformers' (cosine {worst:.6f} "
                          f"< {MIN_COSINE}); use ASSISTANT_EMBED_BACKEND=torch.")
    spec["checked_cosine"] = worst
    (out / SPEC).write_text(json.dumps(spec, indent=1), encoding="utf-8")  # last: its presence marks a whole copy


def _clean_stale(folder: Path) -> None:
    """Remove temporary folders left by exports that were killed (their process is gone)."""
    for old in folder.parent.glob(f"{folder.name}.tmp*"):
        pid = old.name.rsplit(".tmp", 1)[-1]
        if not alive(pid):
            shutil.rmtree(old, ignore_errors=True)


def _drop_older(folder: Path) -> None:
    """Copies of earlier versions of the same model folder (reinstalled package): 90 MB each, never used again.
    A copy made from another folder that still exists (a second checkout's venv) is left alone: deleting it would
    make that venv export again, with torch, at its next question."""
    stem = folder.name.rsplit("-", 1)[0]
    source = str((read_spec(folder) or {}).get("source", ""))
    for old in folder.parent.glob(f"{stem}-*"):
        if old == folder or ".tmp" in old.name or not old.is_dir():
            continue
        theirs = str((read_spec(old) or {}).get("source", ""))
        if theirs == source or not theirs or not Path(theirs).exists():
            shutil.rmtree(old, ignore_errors=True)



def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.index.onnx_export [MODEL_FOLDER]`: make the copy now (e.g. at install)."""
    from ..core.config import Settings
    from .embedding import model_path

    settings = Settings()
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else model_path(settings)
    folder = ensure(path, settings.embed_cache_dir or None, log=print)
    print(f"ONNX copy ready: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
