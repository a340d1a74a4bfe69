"""The naive baseline: llama-index defaults (SentenceSplitter chunks, dense top-5), same embedder."""
from __future__ import annotations

import re
from pathlib import Path

from llama_index.core import Document, VectorStoreIndex
from llama_index.core.node_parser import SentenceSplitter


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*#\\_]|\[bookmark:[^\]]*\]", "", s)).strip().lower()


class Baseline:
    def __init__(self, records_dir: Path, paragraphs: list[dict], embedder, top_k: int = 5):
        docs = [Document(text=p.read_text(encoding="utf-8"), metadata={"file": p.name})
                for p in sorted(Path(records_dir).glob("*.txt"))]
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        self.index = VectorStoreIndex(nodes, embed_model=embedder)
        self.retriever = self.index.as_retriever(similarity_top_k=top_k)
        self.snippets = [(p["file"], p["paragraph"], _norm(p["text"])[:60]) for p in paragraphs]

    def paragraphs_in(self, node) -> list[tuple[str, int]]:
        text = _norm(node.text)
        return [(f, n) for f, n, snip in self.snippets if f == node.metadata.get("file") and snip[:40] in text]

    def ask(self, question: str) -> tuple[str, list[tuple[str, int]], list[tuple[str, int]]]:
        """Answer text (the retrieved chunks), cited paragraphs in rank order, and the paragraphs of each chunk."""
        hits = self.retriever.retrieve(question)
        units = [self.paragraphs_in(h.node) for h in hits]
        cited: list[tuple[str, int]] = []
        for unit in units:
            cited.extend(k for k in unit if k not in cited)
        return "\n".join(h.node.text for h in hits), cited, units
