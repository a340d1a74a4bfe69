"""The in-memory corpus: its snapshot (a cache that follows the store) and metadata filters from postings."""
import numpy as np
import pytest
from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

from conftest import IOM_FILE, RECORDS

IOM = ("What did IOM say about objective 13?", "CMW/C/SR.506 ¶48")


def _open(index):
    from assistant import Assistant, Settings
    return Assistant.open(Settings(index_dir=index, records_dir=RECORDS))


def test_the_next_open_reads_the_snapshot_and_a_change_rebuilds_it(index_copy):
    a = _open(index_copy)
    assert a.retriever.corpus.from_snapshot and len(a.retriever.nodes) == 122
    assert a.remove(IOM_FILE)
    assert not a.retriever.corpus.from_snapshot and len(a.retriever.nodes) == 59
    b = _open(index_copy)
    assert b.retriever.corpus.from_snapshot and len(b.retriever.nodes) == 59 and b.check()["consistent"]


def test_a_change_made_by_another_process_is_not_hidden_by_the_snapshot(index_copy):
    from assistant import Settings
    from assistant.index.store import Store
    a = _open(index_copy)
    assert a.ask(IOM[0]).citations[0].label == IOM[1]
    Store(Settings(index_dir=index_copy)).delete_file(IOM_FILE)  # behind the first process's back
    b = _open(index_copy)
    assert not b.retriever.corpus.from_snapshot and len(b.retriever.nodes) == 59
    assert IOM_FILE not in {c.file for c in b.ask(IOM[0]).citations}


def test_a_damaged_snapshot_is_rebuilt_from_the_store(index_copy):
    from assistant.index.corpus import snapshot_dir
    from assistant import Settings
    folder = snapshot_dir(Settings(index_dir=index_copy))
    (folder / "nodes.json").write_bytes(b"\x00garbage")
    a = _open(index_copy)
    assert not a.retriever.corpus.from_snapshot and a.check()["consistent"]
    assert a.ask(IOM[0]).citations[0].label == IOM[1]
    assert _open(index_copy).retriever.corpus.from_snapshot  # and written again


FILTERS = [
    MetadataFilters(filters=[MetadataFilter(key="speaker", value=["Mr. Yuzhanin", "Ms. Townhead"],
                                            operator=FilterOperator.IN)]),
    MetadataFilters(filters=[MetadataFilters(filters=[
        MetadataFilter(key="speaker", value=["Chair"], operator=FilterOperator.IN),
        MetadataFilter(key="affiliation", value=["Chair"], operator=FilterOperator.IN)], condition=FilterCondition.OR),
        MetadataFilter(key="session", value=[40], operator=FilterOperator.IN)], condition=FilterCondition.AND),
    MetadataFilters(filters=[MetadataFilter(key="date_num", value=20220101, operator=FilterOperator.GTE),
                             MetadataFilter(key="date_num", value=20241231, operator=FilterOperator.LTE)]),
    MetadataFilters(filters=[MetadataFilter(key="meeting", value=[506, 608], operator=FilterOperator.IN),
                             MetadataFilter(key="year", value=[2025], operator=FilterOperator.IN)]),
    MetadataFilters(filters=[MetadataFilter(key="speaker", value="Mr. Tall", operator=FilterOperator.NE)]),
    MetadataFilters(filters=[MetadataFilter(key="speaker", value=["Mr. Heenan"], operator=FilterOperator.NIN),
                             MetadataFilter(key="year", value=[2013], operator=FilterOperator.IN)]),
    MetadataFilters(filters=[MetadataFilter(key="agenda_item", value="Organizational", operator=FilterOperator.TEXT_MATCH)]),
]


@pytest.mark.parametrize("filters", FILTERS, ids=["speakers", "chair-or-in-session-40", "date-range", "meeting-and-year",
                                                  "not-equal", "not-in", "text-match (scan)"])
def test_postings_select_exactly_what_llama_index_filters_select(assistant, filters):
    from llama_index.core.vector_stores.utils import build_metadata_filter_fn
    corpus = assistant.retriever.corpus

    def reference(fs, meta):  # llama-index decides each leaf; it does not evaluate nested filters itself
        results = [reference(f, meta) if isinstance(f, MetadataFilters)
                   else build_metadata_filter_fn(lambda _: meta, MetadataFilters(filters=[f]))("x") for f in fs.filters]
        return any(results) if fs.condition == FilterCondition.OR else all(results)

    fast = corpus.select(filters)
    slow = np.array([reference(filters, n.metadata) for n in corpus.nodes])
    assert fast.dtype == bool and np.array_equal(fast, slow) and 0 < fast.sum() < len(corpus.nodes)
