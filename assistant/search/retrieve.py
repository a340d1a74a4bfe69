"""Question to fused, filtered paragraph hits: dense (Chroma) + BM25, reciprocal-rank fusion (no LLM)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters
from llama_index.retrievers.bm25 import BM25Retriever

from ..core.config import Settings
from ..index.corpus import STEMMER as _STEM, Corpus, load as load_corpus
from ..core.glossary import Glossary
from ..core.text import fold
from ..index.embedding import model_words
from ..index.store import Store
from .entities import Vocabulary
from .spelling import Speller
from .understand import QueryPlan


ROUND = 5  # decimals of a score that rank (below them: float noise of batching and write order)


@dataclass
class Hit:
    node: TextNode
    score: float          # fused (reciprocal rank)
    dense: float = 0.0    # best cosine similarity of the paragraph's vectors
    bm25: float = 0.0

    @property
    def key(self) -> str:
        return self.node.node_id

    @property
    def meta(self) -> dict:
        return self.node.metadata


class _Recorded(BaseRetriever):
    """Wraps a retriever: maps windows to their paragraph node and remembers the raw scores."""

    def __init__(self, inner: BaseRetriever, paragraphs: dict[str, TextNode], dense: bool):
        super().__init__()
        self.inner, self.paragraphs, self.dense = inner, paragraphs, dense
        self.scores: dict[str, float] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        best: dict[str, float] = {}
        for r in self.inner.retrieve(query_bundle):
            key = r.node.node_id.split("~")[0]
            score = r.score or 0.0
            if self.dense:  # ChromaVectorStore reports exp(-cosine distance)
                score = 1.0 + math.log(max(score, 1e-9))
            if key in self.paragraphs and score > best.get(key, -1e9):
                best[key] = score
        self.scores = best
        # Scores rounded, ties in node order: an index written in another order or embedded in other batches
        # differs by float noise (~1e-7), which must not swap two near-identical paragraphs' ranks.
        return [NodeWithScore(node=self.paragraphs[k], score=round(s, ROUND)) for k, s in
                sorted(best.items(), key=lambda kv: (-round(kv[1], ROUND), kv[0]))]


class Retriever:
    def __init__(self, store: Store, embedder, settings: Settings, corpus: Corpus | None = None):
        self.store, self.embedder, self.settings = store, embedder, settings
        self.index = VectorStoreIndex.from_vector_store(store.vector_store(), embed_model=embedder)
        self.reload(corpus)

    def reload(self, corpus: Corpus | None = None) -> None:
        """Load paragraph nodes from the store (or its snapshot) with BM25, term statistics and the vocabulary."""
        self.corpus = corpus or load_corpus(self.store, self.settings)
        self.nodes = self.corpus.nodes
        self.paragraphs = self.corpus.paragraphs
        self.records = self.corpus.records
        self.bm25 = self.corpus.bm25
        self._df = self.corpus.df
        self.vocab = self._vocabulary()
        self._speller: Speller | None = None

    def spell(self, question: str) -> str:
        """The question with its typos corrected against the words the records use (search/spelling.py)."""
        if self._speller is None:
            names = fold(" ".join(self.vocab.speakers))  # a summary record names most speakers only in its metadata
            self._speller = Speller(f"{self.corpus.folded_text} {names}", model_words(self.settings))
        return self._speller.correct(question)

    def doc_freq(self, token: str) -> int:
        """How many paragraphs contain the (stemmed) token."""
        return self._df.get(token, 0)

    def idf(self, token: str) -> float:
        n = max(len(self.nodes), 1)
        return math.log(1 + (n - self.doc_freq(token) + 0.5) / (self.doc_freq(token) + 0.5))

    def _vocabulary(self) -> Vocabulary:
        speakers: dict[str, set[str]] = {}
        for n in self.nodes:
            sp = n.metadata.get("speaker")
            if sp:
                speakers.setdefault(sp, set()).add(n.metadata.get("affiliation", ""))
        metas = self.records.values()
        agenda: dict[str, set[str]] = {}
        for n in self.nodes:
            f = n.metadata.get("file", "")
            if self.records.get(f, {}).get("doc_type") == "summary record":
                items = {n.metadata.get(k) for k in ("agenda_item", "agenda_subitem")} | {self.records[f].get("title")}
                agenda.setdefault(f, set()).update(i for i in items if i)
        return Vocabulary(
            speakers=speakers,
            affiliations={a for affs in speakers.values() for a in affs if a},
            sessions={m["session"] for m in metas if m.get("session")},
            meetings={m["meeting"] for m in metas if m.get("meeting")},
            years={m["year"] for m in metas if m.get("year")},
            months={m["date"][:7] for m in metas if len(m.get("date") or "") >= 7},
            dates={f: m["date"] for f, m in self.records.items() if len(m.get("date") or "") == 10
                   and m.get("doc_type") == "summary record"},
            files=set(self.records),
            symbols={m["symbol"]: f for f, m in self.records.items() if m.get("symbol")},
            agenda=agenda,
            corpus_text=self.corpus.folded_text,
            # the mastheads name places too: "the Palais Wilson" is where two meetings were held
            headings=fold(" ".join(f"{m.get('place') or ''} {m.get('title') or ''}" for m in metas)),
            glossary=Glossary(self.corpus.harvested),
        )

    # -- filters -----------------------------------------------------------------------------
    @staticmethod
    def filters_for(plan: QueryPlan, extra: dict | None = None) -> MetadataFilters | None:
        """Filters the plan implies, combined (AND) with the user's explicit ones."""
        extra = extra or {}
        fs: list = []

        def any_of(key, values):
            values = [v for v in values if v not in ("", None)]
            if values:
                fs.append(MetadataFilter(key=key, value=list(values), operator=FilterOperator.IN))

        speakers = plan.speakers
        affiliations = plan.affiliations
        if speakers and affiliations:
            # "Ms. Diallo" or "the Chair": either field identifies the speaker.
            fs.append(MetadataFilters(filters=[
                MetadataFilter(key="speaker", value=speakers, operator=FilterOperator.IN),
                MetadataFilter(key="affiliation", value=affiliations, operator=FilterOperator.IN)],
                condition=FilterCondition.OR))
        else:
            any_of("speaker", speakers)
            any_of("affiliation", affiliations)
        any_of("file", sorted(set(plan.files) | set(extra.get("files") or [])))
        any_of("session", sorted(set(plan.sessions) | set(extra.get("sessions") or [])))
        any_of("meeting", plan.meetings)
        any_of("year", plan.years)
        for key, values in (("speaker", plan.not_speakers), ("affiliation", plan.not_affiliations)):
            if values:
                fs.append(MetadataFilter(key=key, value=list(values), operator=FilterOperator.NIN))
        any_of("speaker", extra.get("speakers") or [])
        any_of("affiliation", extra.get("affiliations") or [])
        if extra.get("date_from"):
            fs.append(MetadataFilter(key="date_num", value=int(extra["date_from"].replace("-", "")), operator=FilterOperator.GTE))
        if extra.get("date_to"):
            fs.append(MetadataFilter(key="date_num", value=int(extra["date_to"].replace("-", "")), operator=FilterOperator.LTE))
        return MetadataFilters(filters=fs, condition=FilterCondition.AND) if fs else None

    # -- search ------------------------------------------------------------------------------
    def search(self, plan: QueryPlan, extra_filters: dict | None = None, k: int | None = None) -> list[Hit]:
        if not self.nodes:
            return []
        several = plan.several_records()
        if several:
            # "Compare 2013 and 2025": each named record gets its own ranking, taken in turns, so the better
            # matched one cannot crowd the other out of the first places.
            field, _, values = several
            return _in_turns([self.search(replace(plan, **{field: [v]}), extra_filters, k) for v in values])
        k = k or self.settings.candidates
        filters = self.filters_for(plan, extra_filters)
        allowed = self.corpus.select(filters) if filters is not None else None
        if allowed is not None and not allowed.any():
            return []
        dense = _Recorded(self.index.as_retriever(similarity_top_k=k * 2, filters=filters), self.paragraphs, True)
        retrievers = [dense]
        bm = None
        if self.bm25 is not None:
            mask = allowed.astype(int).tolist() if allowed is not None else None  # corpus order is node order
            bm25 = BM25Retriever(existing_bm25=self.bm25, similarity_top_k=min(k, len(self.nodes)),
                                 stemmer=_STEM, corpus_weight_mask=mask)
            bm = _Recorded(_BM25Query(bm25, plan.search), self.paragraphs, False)
            retrievers.append(bm)
        fusion = QueryFusionRetriever(retrievers, similarity_top_k=k, num_queries=1, mode="reciprocal_rerank",
                                      use_async=False)
        fused = fusion.retrieve(QueryBundle(query_str=plan.dense or plan.question))
        hits = []
        for r in fused:
            key = r.node.node_id
            if key in plan.exclude:
                continue
            hits.append(Hit(node=self.paragraphs[key], score=r.score or 0.0,
                            dense=dense.scores.get(key, 0.0), bm25=bm.scores.get(key, 0.0) if bm else 0.0))
        # Reciprocal ranks tie exactly (first in one list and second in the other, or the reverse): break ties by
        # meaning, then words, then record order, so the order never depends on how the store happened to be written.
        hits.sort(key=lambda h: (-round(h.score, 9), -round(h.dense, ROUND), -round(h.bm25, ROUND), h.meta["file"],
                                 int(h.meta["paragraph"])))
        return hits

    def scope(self, plan: QueryPlan, extra_filters: dict | None = None) -> list[TextNode] | None:
        """Every paragraph the plan's speaker and record filters allow, in record order (for digests); None when the
        plan names no speaker or record."""
        if not (plan.has_speaker_filter or plan.files or plan.meetings or plan.sessions or plan.years):
            return None
        filters = self.filters_for(plan, extra_filters)
        mask = self.corpus.select(filters) if filters is not None else None
        return [n for i, n in enumerate(self.nodes) if (mask is None or mask[i]) and n.node_id not in plan.exclude]

    def neighbours(self, file: str, number: int) -> tuple[TextNode | None, TextNode | None]:
        return self.paragraphs.get(f"{file}#{number - 1}"), self.paragraphs.get(f"{file}#{number + 1}")


def _in_turns(rankings: list[list[Hit]]) -> list[Hit]:
    out, seen = [], set()
    for rank in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if rank < len(ranking) and ranking[rank].key not in seen:
                seen.add(ranking[rank].key)
                out.append(ranking[rank])
    return out


class _BM25Query(BaseRetriever):
    """BM25 sees the expanded question (acronyms, objective titles, synonyms); dense sees the plain one."""

    def __init__(self, inner: BM25Retriever, text: str):
        super().__init__()
        self.inner, self.text = inner, text

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [r for r in self.inner.retrieve(QueryBundle(query_str=self.text)) if (r.score or 0) > 0]
