"""Ingest into a real embedded Chroma store with the real model: nodes, windows, hashes, fingerprint."""
import shutil

import pytest

from assistant import Assistant, Settings
from assistant.core.errors import IndexMismatchError
from assistant.index.ingest import record_nodes
from assistant.records import load_record
from conftest import IOM_FILE, RECORDS, REPORT


def test_one_node_per_paragraph_with_flat_metadata(assistant):
    s = assistant.status()
    assert (s["records"], s["paragraphs"]) == (5, 122)
    assert s["vectors"] > 122  # long paragraphs also have sentence windows
    node = assistant.retriever.paragraphs[f"{IOM_FILE}#48"]
    md = node.metadata
    assert (md["file"], md["paragraph"], md["label"], md["speaker"]) == (IOM_FILE, 48, "CMW/C/SR.506 ¶48", "Mr. Yuzhanin")
    assert all(isinstance(v, (str, int, float, bool)) for v in md.values())


def test_every_sentence_of_a_long_paragraph_is_embedded():
    record = load_record(RECORDS / IOM_FILE)
    nodes = record_nodes(record, window_words=150)
    p58 = [n for n in nodes if n.metadata["paragraph"] == 58]
    windows = [n for n in p58 if n.metadata["kind"] == "window"]
    assert len(windows) >= 2
    last_sentence = "The Committee should highlight that such discriminatory provisions ought to have no place in immigration laws."
    assert any(last_sentence in w.text for w in windows)


def test_the_prose_before_a_table_is_embedded_without_its_rows():
    # a paragraph whose sentence is followed by rows of names: the sentence alone is a window, so a question about it
    # is not drowned by the rows; the rows get windows of their own, led by the sentence that introduces them
    record = load_record(RECORDS / REPORT)
    nodes = [n for n in record_nodes(record, window_words=150) if n.metadata["paragraph"] == 3]
    windows = [n.text for n in nodes if n.metadata["kind"] == "window"]
    assert windows[0].startswith("The First Meeting of States Parties") and "Name of member" not in windows[0]
    assert all(w.startswith("The results of the election were as follows:") for w in windows[1:2])
    assert sum("Name of member" in w for w in windows) >= 1 and all(n.text in nodes[0].text for n in nodes[1:])


def test_where_an_election_took_place_is_found_above_its_table(assistant):
    answer = assistant.ask("In which city did the States parties meet to elect the first members of the Committee?")
    assert not answer.refused, answer.text
    assert (answer.citations[0].file, answer.citations[0].paragraph) == (REPORT, 3) and "New York" in answer.text


def test_late_sentence_finds_its_paragraph(assistant):
    answer = assistant.ask("discriminatory provisions ought to have no place in immigration laws")
    assert (answer.citations[0].file, answer.citations[0].paragraph) == (IOM_FILE, 58)


def test_reingest_unchanged_records_embeds_nothing(index_copy):
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS))
    report = a.ingest(progress=False)
    assert report.embedded == 0 and len(report.unchanged) == 5 and report.indexed == []


def test_changed_record_reuses_unchanged_paragraph_vectors(index_copy, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    for f in RECORDS.glob("*.txt"):
        shutil.copy(f, folder)
    target = folder / "004_5957fef5fc8dc000.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("60 States Parties", "61 States Parties"), encoding="utf-8")
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=folder))
    vectors_before = a.status()["vectors"]
    report = a.ingest(progress=False)
    assert report.indexed == ["004_5957fef5fc8dc000.txt"]
    assert 1 <= report.embedded <= 3 and report.reused >= 10
    assert "61 States Parties" in a.paragraph("004_5957fef5fc8dc000.txt", 2)["text"]
    assert a.status()["vectors"] == vectors_before  # replaced, not duplicated


def test_changed_embedding_settings_need_a_reindex(index_copy):
    with pytest.raises(IndexMismatchError, match="Re-index needed"):
        Assistant.open(Settings(index_dir=index_copy, window_words=80))
    rebuilt = Assistant.open(Settings(index_dir=index_copy, window_words=80, records_dir=RECORDS), rebuild=True)
    assert rebuilt.status()["paragraphs"] == 122


def test_a_new_parser_rereads_indexed_records_and_keeps_their_vectors(index_copy, monkeypatch):
    # Parser fixes (rules, labels) must reach an existing index without re-embedding unchanged paragraphs.
    import assistant.index.ingest as ingest_module
    monkeypatch.setattr(ingest_module, "PARSER_VERSION", "a-newer-parser")
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS))
    report = a.ingest(progress=False)
    assert len(report.indexed) == 5 and report.embedded == 0 and report.reused > 0
    again = a.ingest(progress=False)
    assert len(again.unchanged) == 5 and not again.indexed
    assert a.status()["consistent"]
