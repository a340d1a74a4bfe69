"""The `Assistant` facade: wires settings, store, embedder, retriever and composer."""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .answer.compose import Composer, citation_from
from .answer.types import Answer
from .answer.conversation import Chat
from .core.config import Settings
from .index.corpus import Corpus, load as load_corpus
from .index.embedding import backend_of, load_embedder
from .core.errors import AssistantError, QuestionError, StoreError
from .index.ingest import IngestReport, ingest
from .index.reconcile import is_paragraph, survey
from .search.retrieve import Retriever
from .index.store import Store
from .search.understand import QueryPlan, plan as make_plan


class Assistant:
    def __init__(self, settings: Settings, store: Store, embedder, corpus: Corpus | None = None):
        self.settings, self.store, self.embedder = settings, store, embedder
        self.retriever = Retriever(store, embedder, settings, corpus)
        self.composer = Composer(self.retriever, settings)
        self.llm = None          # optional LLMAnswerer (answer.llm); extractive answers stay the default
        self.llm_notice = ""
        self._llms: dict[str, tuple] = {}   # spec -> (LLMAnswerer or None, notice), for per-session choices
        self.built_on_open: IngestReport | None = None   # set when open() had to index an empty store
        if settings.llm:
            self.use_llm(settings.llm)

    @classmethod
    def open(cls, settings: Settings | None = None, *, build: bool = True, progress: bool = False,
             rebuild: bool = False) -> "Assistant":
        """Open the index (default: index_store/), building it from records/ when it is empty.

        `rebuild` empties the store first: the way out when the embedding settings changed."""
        settings = settings or Settings()
        # Loading the model (onnxruntime's session, or torch's imports) overlaps opening the store.
        with ThreadPoolExecutor(max_workers=1) as pool:
            embedder = pool.submit(load_embedder, settings)
            store = Store(settings)
            if rebuild:
                store.reset()
            store.check_fingerprint(settings.fingerprint())
            corpus = load_corpus(store, settings)
            assistant = cls(settings, store, embedder.result(), corpus)
        if build and not assistant.retriever.nodes and Path(settings.records_dir).is_dir():
            assistant.built_on_open = assistant.ingest(progress=progress)
        return assistant

    def use_llm(self, spec: str | None) -> str:
        """Make `spec` the default answerer for this process (see `llm_for`); returns the notice, empty when it works."""
        self.llm, self.llm_notice = self.llm_for(spec)
        return self.llm_notice

    def llm_for(self, spec: str | None):
        """(LLMAnswerer or None, notice) for `spec`, loaded once per process. An in-process backend is first tried in
        a child process: a backend that crashes, hangs or cannot load is "unavailable" with the reason, and answers
        stay extractive."""
        if not spec:
            return None, ""
        if spec not in self._llms:
            self._llms[spec] = self._load_llm(spec)
        return self._llms[spec]

    def _load_llm(self, spec: str):
        from .answer.llm import LLMAnswerer, parse_backend
        from .answer.probe import probe
        try:
            backend = parse_backend(spec)
            if backend.kind == "llama-cpp":
                st = Path(backend.model).stat()
                reason = probe(backend.spec or spec, timeout=self.settings.llm_probe_timeout,
                               command=self.settings.llm_probe_command, key=(backend.model, st.st_size, st.st_mtime))
                if reason:
                    raise AssistantError(reason)
            return LLMAnswerer.from_spec(spec, embedder=self.embedder), ""
        except AssistantError as exc:
            return None, f"LLM backend {spec!r} unavailable ({exc}); showing extractive answers."

    # -- indexing ----------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, *, prune: bool = False, progress: bool = True) -> IngestReport:
        """Index new and changed records (see index.ingest); BM25 and the vocabulary follow the store."""
        try:
            report = ingest(self.store, self.embedder, self.settings, paths, prune=prune, progress=progress)
        except StoreError:
            try:  # what was written before the failure is complete and searchable
                self.retriever.reload()
            except StoreError:
                pass
            raise
        self.retriever.reload()
        return report

    def remove(self, file: str) -> bool:
        """Remove one record (by file name) from the store, BM25 and the vocabulary; False if it is not indexed."""
        file = Path(file).name
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
        limit = self.settings.max_question_chars
        truncated = len(q) > limit
        if truncated:  # cut at a word boundary when there is one
            head = q[:limit]
            q = (head.rsplit(" ", 1)[0] if q[limit] != " " and " " in head else head).rstrip()
        plan = make_plan(q, self.retriever.vocab, self.retriever.spell)
        plan.truncated = truncated
        return plan

    def ask(self, question: str, *, filters: dict | None = None) -> Answer:
        """Answer one question, citing paragraphs; `filters` may hold files, sessions, speakers, affiliations, date_from, date_to."""
        return self.answer_plan(self.plan(question), filters)

    def answer_plan(self, plan: QueryPlan, filters: dict | None = None, history=None, on_token=None,
                    llm_question: str | None = None, llm_spec: str | None = None) -> Answer:
        """`llm_spec` picks an answerer for this call only ("" = extractive); None uses the process default."""
        started = time.perf_counter()
        hits = self.retriever.search(plan, filters)
        closest = hits
        if not hits or plan.missing:
            loose = QueryPlan(question=plan.question, search=plan.search, dense=plan.dense, exclude=plan.exclude)
            closest = self.retriever.search(loose, filters)
        answer = self.composer.compose(plan, hits, closest)
        llm, notice = (self.llm, self.llm_notice) if llm_spec is None else self.llm_for(llm_spec)
        if llm is not None and not answer.refused:
            evidence = [citation_from(h.node, [], h.score, self.retriever.records) for h in hits[: self.settings.top_k + 3]]
            answer = llm.answer(llm_question or plan.question, evidence, answer, on_token=on_token)
        elif notice and not answer.notice:
            answer.notice = notice
        if plan.truncated:
            cut = (f"The question was shortened to its first {len(plan.question)} characters (the limit is "
                   f"{self.settings.max_question_chars}; ASSISTANT_MAX_QUESTION_CHARS); ask about the rest separately.")
            answer.notice = f"{answer.notice} {cut}" if answer.notice else cut
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
        """Counts, store size, fingerprints, per-file counts, and the consistency check (`consistent`, `problems`);
        `notice` says when the store is read from a read-only copy."""
        check = self.check()
        recs = check["entries"]
        return {
            "store": self.store.where,
            "mode": "server" if self.settings.chroma_url else "embedded",
            "records": len(recs),
            "paragraphs": len(self.retriever.nodes),
            "vectors": check["vectors"],
            "bm25": check["bm25"],
            "store_bytes": self.store.size_bytes(),
            "fingerprint": self.store.stored_fingerprint(),
            "settings_fingerprint": self.settings.fingerprint(),
            "embed_backend": backend_of(self.embedder),
            "consistent": check["consistent"],
            "problems": check["problems"],
            "unsearched": check["unsearched"],
            "notice": self.store.notice,
            "files": {f: {"paragraphs": m["_paragraphs"], "vectors": m["_vectors"], "symbol": m.get("symbol", "")}
                      for f, m in sorted(recs.items())},
        }

    def check(self) -> dict:
        """Compare the store with what its record entries vouch for: every vector's id and content hash against the
        entry's digest (index/reconcile.py), vectors without an entry (never searched), and the loaded BM25
        corpus against the stored paragraphs of the indexed records.

        Returns {"consistent", "problems", "records", "files", "paragraphs", "vectors", "bm25", "unsearched",
        "entries"}."""
        found = survey(self.store)
        problems = found.problems()
        listed = sum(len(v) for v in found.stored.values())
        total = self.store.count_vectors()
        if total != listed:
            problems.append(f"the vector collection counts {total} entries but lists {listed}.")
        paragraph_ids = {vid for f in found.entries for vid in found.stored.get(f, {}) if is_paragraph(vid)}
        bm25 = len(self.retriever.bm25.corpus) if self.retriever.bm25 is not None else 0
        loaded = set(self.retriever.paragraphs)
        if bm25 != len(paragraph_ids) or loaded != paragraph_ids:
            problems.append(f"BM25 holds {bm25} paragraphs and the store {len(paragraph_ids)}: the store changed after "
                            "this process loaded it (another ingest?); open the index again.")
        return {"consistent": not problems, "problems": problems, "records": len(found.entries),
                "files": len(found.stored), "paragraphs": len(paragraph_ids), "vectors": listed, "bm25": bm25,
                "unsearched": sum(len(found.stored[f]) for f in found.orphans), "entries": found.entries}
