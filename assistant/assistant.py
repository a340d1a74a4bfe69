"""The `Assistant` facade: wires settings, store, embedder, retriever and composer."""
from __future__ import annotations

import re
import time
from pathlib import Path

from .answer import Composer, citation_from
from .answer_types import Answer
from .chat import Chat
from .config import Settings
from .embedding import load_embedder
from .errors import QuestionError
from .index import IngestReport, ingest
from .retrieve import Retriever
from .store import Store
from .understand import QueryPlan, plan as make_plan


class Assistant:
    def __init__(self, settings: Settings, store: Store, embedder):
        self.settings, self.store, self.embedder = settings, store, embedder
        self.retriever = Retriever(store, embedder, settings)
        self.composer = Composer(self.retriever, settings)
        self.llm = None  # optional LLM answerer, see assistant.llm

    @classmethod
    def open(cls, settings: Settings | None = None, *, build: bool = True, progress: bool = False,
             rebuild: bool = False) -> "Assistant":
        """Open the index (default: index_store/), building it from records/ when it is empty.

        `rebuild` empties the store first: the way out when the embedding settings changed."""
        settings = settings or Settings()
        store = Store(settings)
        if rebuild:
            store.reset()
        store.check_fingerprint(settings.fingerprint())
        assistant = cls(settings, store, load_embedder(settings))
        if build and not assistant.retriever.nodes and Path(settings.records_dir).is_dir():
            assistant.ingest(progress=progress)
        return assistant

    # -- indexing ----------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, *, prune: bool = False, progress: bool = True) -> IngestReport:
        report = ingest(self.store, self.embedder, self.settings, paths, prune=prune, progress=progress)
        self.retriever.reload()
        return report

    def remove(self, file: str) -> bool:
        known = file in self.store.list_records() or self.store.count_vectors({"file": file}) > 0
        if known:
            self.store.delete_file(file)
            self.retriever.reload()
        return known

    # -- questions ---------------------------------------------------------------------------
    def plan(self, question: str) -> QueryPlan:
        if question is None or not str(question).strip():
            raise QuestionError("The question is empty; ask something such as \"What did IOM say about objective 13?\".")
        q = re.sub(r"\s+", " ", str(question)).strip()
        if not re.search(r"\w", q):
            raise QuestionError(f"The question {q[:40]!r} has no words; ask about a speaker, topic, country or session.")
        if len(q) > self.settings.max_question_chars:
            q = q[: self.settings.max_question_chars].rsplit(" ", 1)[0]
        return make_plan(q, self.retriever.vocab)

    def ask(self, question: str, *, filters: dict | None = None) -> Answer:
        """Answer one question, citing paragraphs; `filters` may hold files, sessions, speakers, affiliations, date_from, date_to."""
        return self.answer_plan(self.plan(question), filters)

    def answer_plan(self, plan: QueryPlan, filters: dict | None = None, history=None) -> Answer:
        started = time.perf_counter()
        hits = self.retriever.search(plan, filters)
        closest = hits
        if not hits or plan.missing:
            loose = QueryPlan(question=plan.question, search=plan.search, dense=plan.dense, exclude=plan.exclude)
            closest = self.retriever.search(loose, filters)
        answer = self.composer.compose(plan, hits, closest)
        if self.llm is not None and not answer.refused:
            evidence = [citation_from(h.node, [], h.score, self.retriever.records) for h in hits[: self.settings.top_k + 3]]
            answer = self.llm.answer(plan.question, evidence, answer)
        if len(plan.question) < len(re.sub(r"\s+", " ", str(plan.question))):
            answer.notice = "The question was shortened."
        answer.seconds = time.perf_counter() - started
        return answer

    def chat(self, filters: dict | None = None) -> Chat:
        return Chat(self, filters)

    # -- browsing ----------------------------------------------------------------------------
    def records(self) -> dict[str, dict]:
        return dict(self.retriever.records)

    def paragraphs(self, file: str | None = None) -> list[dict]:
        out = []
        for n in self.retriever.nodes:
            if file and n.metadata["file"] != file:
                continue
            md = {k: v for k, v in n.metadata.items() if k not in ("kind", "text_hash", "date_num")}
            rec = self.retriever.records.get(md["file"], {})
            out.append({**md, "text": n.text, "title": rec.get("title", ""), "place": rec.get("place", ""),
                        "chair": rec.get("chair", "")})
        return out

    def paragraph(self, file: str, number: int) -> dict | None:
        node = self.retriever.paragraphs.get(f"{file}#{number}")
        return citation_from(node, [], 0.0, self.retriever.records).to_dict() if node else None

    def neighbours(self, file: str, number: int) -> tuple[dict | None, dict | None]:
        return self.paragraph(file, number - 1), self.paragraph(file, number + 1)

    def status(self) -> dict:
        recs = self.store.list_records()
        return {
            "store": self.store.where,
            "records": len(recs),
            "paragraphs": len(self.retriever.nodes),
            "vectors": self.store.count_vectors(),
            "store_bytes": self.store.size_bytes(),
            "fingerprint": self.store.stored_fingerprint(),
            "settings_fingerprint": self.settings.fingerprint(),
            "files": {f: {"paragraphs": m["_paragraphs"], "vectors": m["_vectors"], "symbol": m.get("symbol", "")}
                      for f, m in sorted(recs.items())},
        }
