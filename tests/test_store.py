"""The incremental index: prune, remove, status, the settings fingerprint and the consistency check.

All on copies of the session index with the real model and a real embedded Chroma store."""
import json


from assistant import Assistant, Settings
from conftest import IOM_FILE, RECORDS, assert_consistent, copy_records
from conftest import run_cli as run

SMALL = "003_b5bb0a8bd9d79607.txt"  # 7 paragraphs





def test_status_reports_counts_size_fingerprint_and_consistency(built_index, capsys):
    code, out, _ = run(capsys, "--index-dir", built_index, "status", "--json")
    s = json.loads(out)
    assert code == 0
    assert (s["records"], s["paragraphs"], s["bm25"]) == (5, 122, 122)
    assert s["vectors"] > 122 and s["store_bytes"] > 100_000 and s["mode"] == "embedded"
    assert s["fingerprint"] == s["settings_fingerprint"] == Settings().fingerprint()
    assert s["consistent"] is True and s["problems"] == []
    assert sum(f["paragraphs"] for f in s["files"].values()) == 122
    code, out, _ = run(capsys, "--index-dir", built_index, "status")
    assert code == 0
    assert "records: 5, paragraphs: 122" in out and "MB)" in out and "consistency: ok" in out
    assert f"settings fingerprint: {Settings().fingerprint()}" in out


def test_prune_drops_records_whose_files_are_gone(index_copy, tmp_path, capsys):
    folder = copy_records(tmp_path, skip={SMALL})
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", "--prune", folder)
    assert code == 0, err
    assert "removed 1" in out and "5 unchanged" not in out and "4 unchanged" in out
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=folder), build=False)
    s = a.status()
    assert (s["records"], s["paragraphs"]) == (4, 115) and SMALL not in s["files"]
    assert_consistent(a)
    assert all(c.file != SMALL for c in a.ask("Who chaired the 590th meeting?").citations)


def test_ingest_without_prune_keeps_records_whose_files_are_gone(index_copy, tmp_path, capsys):
    folder = copy_records(tmp_path, skip={SMALL})
    code, out, _ = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 0 and "removed" not in out
    assert Assistant.open(Settings(index_dir=index_copy), build=False).status()["records"] == 5


def test_prune_of_a_mistyped_folder_prunes_nothing(index_copy, tmp_path, capsys):
    code, _, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", "--prune", tmp_path / "no-such-folder")
    assert code == 1 and "no such file or folder; nothing was pruned" in err and "Traceback" not in err
    assert Assistant.open(Settings(index_dir=index_copy), build=False).status()["records"] == 5


def test_remove_takes_a_path_and_updates_bm25(index_copy, capsys):
    code, out, _ = run(capsys, "--index-dir", index_copy, "remove", RECORDS / IOM_FILE)
    assert code == 0 and "removed 1 record(s)" in out
    a = Assistant.open(Settings(index_dir=index_copy), build=False)
    check = assert_consistent(a)
    assert (check["records"], check["paragraphs"]) == (4, 122 - 63)
    answer = a.ask("What did IOM say about objective 13?")
    assert all(c.file != IOM_FILE for c in answer.citations)
    code, _, err = run(capsys, "--index-dir", index_copy, "remove", IOM_FILE)
    assert code == 1 and "is not in the index" in err


def test_renamed_file_is_reindexed_without_embedding(index_copy, tmp_path):
    folder = copy_records(tmp_path)
    (folder / SMALL).rename(folder / "renamed.txt")
    a = Assistant.open(Settings(index_dir=index_copy, records_dir=folder), build=False)
    report = a.ingest(prune=True, progress=False)
    assert report.removed == [SMALL] and report.indexed == ["renamed.txt"]
    assert report.embedded == 0 and report.reused >= 7  # same texts: their vectors are reused
    assert_consistent(a)


def test_changed_embedding_settings_fail_clearly_in_the_cli(index_copy, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_WINDOW_WORDS", "80")
    for argv in (["status"], ["ask", "What did IOM say about objective 13?"], ["ingest", "--quiet"]):
        code, out, err = run(capsys, "--index-dir", index_copy, *argv)
        assert code == 1, argv
        assert err.startswith("error: ") and "Re-index needed" in err and "--rebuild" in err
        assert "Traceback" not in err and out == ""
    monkeypatch.delenv("ASSISTANT_WINDOW_WORDS")
    code, out, _ = run(capsys, "--index-dir", index_copy, "status", "--json")
    assert code == 0 and json.loads(out)["paragraphs"] == 122  # nothing was mixed or lost


def test_check_finds_an_unfinished_ingest_and_ingest_repairs_it(index_copy):
    settings = Settings(index_dir=index_copy, records_dir=RECORDS)
    a = Assistant.open(settings, build=False)
    # As if a run was killed after writing a record's vectors but before its record entry.
    a.store.records.delete(ids=[SMALL])
    check = a.check()
    assert not check["consistent"]
    assert any(p.startswith(f"{SMALL}: ") and "no record entry" in p and "assistant ingest" in p
               for p in check["problems"])
    assert a.status()["consistent"] is False
    report = a.ingest(progress=False)
    assert report.indexed == [SMALL] and report.embedded == 0  # the vectors already there are reused
    assert_consistent(a)
    # A record entry (of the kind written before digests) whose counts disagree with its vectors.
    a.store.put_record(SMALL, a.store.list_records()[SMALL], 99, 99)
    assert any(p.startswith(f"{SMALL}: the stored paragraphs differ") and "99 and 99 expected" in p
               for p in a.check()["problems"])


def test_check_notices_a_stale_bm25_in_another_process(index_copy):
    settings = Settings(index_dir=index_copy, records_dir=RECORDS)
    first = Assistant.open(settings, build=False)
    second = Assistant.open(settings, build=False)
    assert second.remove(SMALL)
    assert_consistent(second)
    problems = first.check()["problems"]
    assert any(p.startswith("BM25 holds 122 paragraphs and the store 115") for p in problems)
    first.retriever.reload()
    assert_consistent(first)


def test_status_cli_exits_nonzero_when_inconsistent(index_copy, capsys):
    a = Assistant.open(Settings(index_dir=index_copy), build=False)
    a.store.records.delete(ids=[SMALL])
    del a
    code, _, err = run(capsys, "--index-dir", index_copy, "status")
    assert code == 1 and f"inconsistent: {SMALL}: " in err
