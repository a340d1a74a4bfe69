"""Reconciliation and the content-hash check (index/reconcile.py) on copies of the session index: the states an
interrupted run leaves, what `status` says about them, what answers may cite meanwhile, and how the next ingest
repairs them. Real model, real embedded Chroma. (Real kills at every write step: test_reconcile_kill.py.)"""
import json
import threading

from assistant import Assistant, Settings
from conftest import RECORDS, assert_consistent, copy_records
from conftest import run_cli as run

SMALL = "003_b5bb0a8bd9d79607.txt"   # 7 paragraphs; ¶7: the Chair declared the thirty-ninth session closed
OTHER = "004_5957fef5fc8dc000.txt"   # ¶2: "there were 60 States Parties to the Convention"
CLOSED = "Who declared the thirty-ninth session closed?"



def test_an_interrupted_prune_is_never_cited_and_the_next_ingest_removes_it(index_copy, tmp_path, capsys):
    folder = copy_records(tmp_path, (SMALL,))
    settings = Settings(index_dir=index_copy, records_dir=folder)
    a = Assistant.open(settings, build=False)
    assert SMALL in [c.file for c in a.ask(CLOSED).citations]
    # `ingest --prune` killed between its two writes: the record entry is deleted, its vectors are not yet.
    a.store.delete_entries([SMALL])
    a.store.close()

    code, _, err = run(capsys, "--index-dir", index_copy, "status")
    assert code == 1 and f"inconsistent: {SMALL}: " in err
    assert "vectors but no record entry" in err and "not searched" in err and "run `assistant ingest`" in err
    b = Assistant.open(settings, build=False)  # even before the next ingest, nothing of it is searched
    assert SMALL not in b.retriever.corpus.by_file and b.status()["unsearched"] > 0
    assert all(c.file != SMALL for c in b.ask(CLOSED).citations)
    b.store.close()

    # A plain ingest (without --prune) finishes the job, and the one after it has nothing left to do.
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 0, err
    assert "cleaned up after an interrupted run (1 file(s))" in out and f"warning: {SMALL}: removed" in err
    c = Assistant.open(settings, build=False)
    s = assert_consistent(c)
    assert SMALL not in s["files"] and c.store.count_vectors({"file": SMALL}) == 0 and s["unsearched"] == 0
    report = c.ingest([folder], progress=False)
    assert (report.indexed, report.removed, report.cleaned, report.embedded) == ([], [], [], 0)


def test_an_entry_without_vectors_is_reembedded_or_dropped(index_copy, tmp_path):
    folder = copy_records(tmp_path, (OTHER,))
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=folder), build=False)
    # As a killed `ingest --rebuild` can leave it: record entries whose vectors are gone.
    a.store.delete_vectors_of([SMALL, OTHER])
    problems = a.check()["problems"]
    assert any(p.startswith(f"{SMALL}: a record entry but no vectors") for p in problems)
    report = a.ingest([folder], progress=False)
    assert report.indexed == [SMALL] and report.embedded >= 7        # its file is here: embedded again
    assert report.removed == [OTHER]                                  # its file is not: dropped, with a warning
    assert any(w.startswith(f"{OTHER}: ") and "not in this ingest" in w for w in report.warnings)
    s = assert_consistent(a)
    assert SMALL in s["files"] and OTHER not in s["files"]
    assert SMALL in [c.file for c in a.ask(CLOSED).citations]


def test_status_compares_content_hashes_not_counts(index_copy, capsys):
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS), build=False)
    # What an update killed mid-way used to leave: one paragraph's vector with other content, every count unchanged.
    vid = f"{OTHER}#2"
    got = a.store.vectors.get(ids=[vid], include=["embeddings", "metadatas", "documents"])
    md = {**got["metadatas"][0], "text_hash": "0" * 40}
    a.store.vectors.upsert(ids=[vid], embeddings=[list(got["embeddings"][0])], metadatas=[md],
                           documents=["A stale paragraph from an interrupted update."])
    a.store.close()

    code, out, err = run(capsys, "--index-dir", index_copy, "status")
    assert code == 1 and "consistency: ok" not in out
    assert f"inconsistent: {OTHER}: the stored paragraphs differ from what its record entry expects" in err
    assert "compared by content hash" in err and "run `assistant ingest`" in err
    code, out, _ = run(capsys, "--index-dir", index_copy, "status", "--json")
    s = json.loads(out)
    assert code == 1 and s["consistent"] is False and s["files"][OTHER]["paragraphs"] == 10

    b = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS), build=False)
    report = b.ingest(progress=False)
    assert report.indexed == [OTHER] and report.embedded <= 2
    assert any(w.startswith(f"{OTHER}: its stored vectors did not match") for w in report.warnings)
    assert_consistent(b)
    assert "60 States Parties" in b.paragraph(OTHER, 2)["text"]


def test_an_entry_from_before_digests_is_trusted_by_its_counts_and_upgraded_without_rewriting(index_copy):
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS), build=False)
    entry = a.store.list_records()[SMALL]
    a.store.put_record(SMALL, {k: v for k, v in entry.items() if not k.startswith("_")},
                       entry["_paragraphs"], entry["_vectors"])  # no digest, as stores written before it
    assert a.store.list_records()[SMALL]["_digest"] == ""
    assert_consistent(a)
    report = a.ingest(progress=False)
    assert report.indexed == [] and SMALL in report.unchanged and report.embedded == 0
    assert a.store.list_records()[SMALL]["_digest"] == entry["_digest"]
    assert_consistent(a)


def test_a_second_ingest_waits_for_the_one_writing(index_copy):
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=RECORDS), build=False)
    a.store.delete_entries([SMALL])  # vectors without an entry: what a running ingest has half-written
    result = {}
    worker = threading.Thread(target=lambda: result.update(report=a.ingest(progress=False)))
    with a.store.writer():  # another ingest (flock: another process or not) is writing
        worker.start()
        worker.join(1.5)
        assert worker.is_alive() and not result  # waits instead of removing what the other is about to vouch for
    worker.join(120)
    assert result["report"].indexed == [SMALL] and result["report"].embedded == 0
    assert_consistent(a)
