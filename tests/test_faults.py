"""Faults and bad input: each gets a clear message or a sensible answer, nothing indexed before is lost, the CLI
exits non-zero where it failed, and afterwards the counts agree between Chroma, BM25 and the paragraph metadata.

Real faults, not mocks: a 50 MB file, `kill -9` of a real `python -m assistant ingest`, a read-only `index_store/` (a
read-only bind mount) and a full one (a tmpfs filled to the last byte); we run as root in CI, and root ignores file
permissions but not a read-only mount. A read-only or full store still answers and reports its status; only writing
commands fail, saying how to fix it."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import assistant.index.ingest as index_module
from assistant import Assistant, QuestionError, Settings
from assistant.core.errors import StoreError
from assistant.index import readonly
from assistant.records import load_records
from conftest import IOM_FILE, RECORDS, ROOT, assert_consistent
from conftest import run_cli as run
from eval.bench import make_corpus, vary

QUESTION, LABEL = "What did IOM say about objective 13?", "CMW/C/SR.506 ¶48"


def consistent(index: Path, **kw) -> dict:
    """Open the index afresh and check that its counts agree; returns the status."""
    return assert_consistent(Assistant.open(Settings(index_dir=index, **kw), build=False))


def intact(index: Path, before: dict) -> None:
    """Everything indexed before is still there, with the same counts, and still answers."""
    a = Assistant.open(Settings(index_dir=index), build=False)
    s = a.status()
    for f, m in before["files"].items():
        assert s["files"].get(f) == m, f
    assert a.ask(QUESTION).citations[0].label == LABEL


# -- bad records ---------------------------------------------------------------------------------

def test_duplicate_record_is_skipped_with_a_message(index_copy, tmp_path, capsys):
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(RECORDS / IOM_FILE, folder)
    shutil.copy(RECORDS / IOM_FILE, folder / "copy_of_506.txt")
    before = consistent(index_copy)
    # Same content under two names in one run, and under a new name of an already indexed record.
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 1 and "Traceback" not in err
    assert f"skipped: copy_of_506.txt: same content as {IOM_FILE}" in err
    assert "1 unchanged" in out and "indexed 0 record(s)" in out
    (folder / IOM_FILE).unlink()
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 1 and f"copy_of_506.txt: same content as {IOM_FILE}, which is already indexed" in err
    s = consistent(index_copy)
    assert (s["records"], s["paragraphs"], s["vectors"]) == (before["records"], 122, before["vectors"])


def test_malformed_numbering_warns_and_still_indexes(index_copy, tmp_path, capsys):
    text = (RECORDS / "004_5957fef5fc8dc000.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    starts = [i for i, ln in enumerate(lines) if re.match(r"\d+\. ", ln)]
    assert len(starts) >= 8
    lines[starts[3]] = re.sub(r"^\d+\.", "6.", lines[starts[3]])   # 4 -> 6: a gap (5 missing)
    lines[starts[6]] = re.sub(r"^\d+\.", "3.", lines[starts[6]])   # 7 -> 3: goes backwards
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "renumbered.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 0, err
    # Every paragraph is kept (issue 16): the misprinted 6 and 3 repeat kept numbers, so they are numbered
    # after the last printed one, and each repair is a warning.
    assert "warning: renumbered.txt: paragraph number 6 is printed twice" in err and "is numbered 11* instead" in err
    assert "warning: renumbered.txt: paragraph number 3 is printed twice" in err and "is numbered 12* instead" in err
    assert "indexed 1 record(s)" in out
    s = consistent(index_copy)
    assert s["records"] == 6 and s["files"]["renumbered.txt"]["paragraphs"] == 10


def test_50_mb_record_is_refused_and_the_index_is_intact(index_copy, tmp_path, capsys):
    folder = tmp_path / "records"
    folder.mkdir()
    line = b"1. The Chair said that the Committee would continue its consideration of the report.\n"
    with open(folder / "huge.txt", "wb") as f:
        for _ in range(50 * 2**20 // len(line) + 1):
            f.write(line)
    assert (folder / "huge.txt").stat().st_size >= 50 * 2**20
    shutil.copy(RECORDS / "003_b5bb0a8bd9d79607.txt", folder)
    before = consistent(index_copy)
    started = time.perf_counter()
    code, out, err = run(capsys, "--index-dir", index_copy, "ingest", "--quiet", folder)
    assert code == 1 and "Traceback" not in err
    assert "skipped: huge.txt: the file is 50.0 MB, over the 20 MB limit for one record" in err
    assert "ASSISTANT_MAX_RECORD_MB" in err and "1 unchanged" in out
    assert time.perf_counter() - started < 60  # refused from its size, not after parsing 50 MB
    assert consistent(index_copy)["files"] == before["files"]


# -- kill -9 during ingest -----------------------------------------------------------------------

def _popen(code_or_args: list[str], env_extra: dict | None = None) -> tuple[subprocess.Popen, list[str]]:
    """Start a Python subprocess in the project; collect its stderr+stdout in a list as it arrives."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    proc = subprocess.Popen([sys.executable, *code_or_args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    chunks: list[str] = []

    def pump():
        for data in iter(lambda: proc.stdout.read1(4096), b""):
            chunks.append(data.decode("utf-8", "replace"))
    threading.Thread(target=pump, daemon=True).start()
    return proc, chunks


def _kill_when(proc, chunks, ready, timeout=240) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = "".join(chunks)
        if ready(text):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            return text
        if proc.poll() is not None:
            pytest.fail(f"ingest ended (exit {proc.returncode}) before it could be killed:\n{text[-2000:]}")
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    pytest.fail("ingest did not reach the point to kill it in time:\n" + "".join(chunks)[-2000:])


def _embedded(text: str) -> tuple[int, int]:
    found = re.findall(r"Embedding paragraphs:.*?(\d+)/(\d+) \[", text)
    return (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)


# A real `python -m assistant ingest`, with smaller write groups and a pause (made visible) after the vectors of
# the first group are written and before its record entries are: the window a crash must not corrupt.
MID_WRITE = """
import sys, time
import assistant.index.ingest as index
from assistant.index.store import Store
index.CHUNK_NODES = 120
put = Store.put_records
def slow_put(self, entries):
    print("WRITING-RECORD-ENTRIES", flush=True)
    time.sleep(120)
    return put(self, entries)
Store.put_records = slow_put
from assistant.interfaces.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_during_ingest_then_a_rerun_completes(tmp_path):
    corpus = tmp_path / "records"
    make_corpus(RECORDS, corpus, copies=2)  # the five records and five variants: about 300 vectors
    shutil.copy(RECORDS / "manifest.toml", corpus)
    expected, _ = load_records([corpus])
    paragraphs = sum(len(r.paragraphs) for r in expected)
    index = tmp_path / "index"
    cli = ["--index-dir", str(index), "--records-dir", str(corpus), "ingest", str(corpus)]

    # 1. SIGKILL while embedding.
    proc, chunks = _popen(["-m", "assistant", *cli])
    text = _kill_when(proc, chunks, lambda t: 0 < _embedded(t)[0] < _embedded(t)[1])
    assert proc.returncode == -signal.SIGKILL, text[-500:]

    # 2. SIGKILL after the first group's vectors are written, before their record entries.
    proc, chunks = _popen(["-c", MID_WRITE, *cli])
    text = _kill_when(proc, chunks, lambda t: "WRITING-RECORD-ENTRIES" in t)
    assert proc.returncode == -signal.SIGKILL
    half = Assistant.open(Settings(index_dir=index, records_dir=corpus), build=False).check()
    assert half["vectors"] > 0 and not half["consistent"]  # vectors without record entries ...
    assert all("no record entry" in p or p.startswith("BM25") for p in half["problems"]), half["problems"]

    # 3. The plain re-run completes, reuses what was written, and leaves a consistent index.
    proc, chunks = _popen(["-m", "assistant", *cli, "--quiet"])
    assert proc.wait(timeout=600) == 0, "".join(chunks)[-3000:]
    time.sleep(0.2)
    out = "".join(chunks)
    assert f"indexed {len(expected)} record(s) ({paragraphs} paragraphs" in out, out[-1000:]
    reused = int(re.search(r"(\d+) reused", out).group(1))
    assert reused >= 100, out[-500:]  # ... which the re-run did not embed again
    s = consistent(index, records_dir=corpus)
    assert (s["records"], s["paragraphs"]) == (len(expected), paragraphs)
    a = Assistant.open(Settings(index_dir=index, records_dir=corpus), build=False)
    assert a.ask(QUESTION).citations[0].label == LABEL


# -- read-only and full index_store --------------------------------------------------------------

@contextmanager
def tmpfs(where: Path, size: str):
    """A tmpfs mounted at `where` (needs root and mount rights: the CI container has both)."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and `mount` to make a read-only or full file system")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}); the read-only/full-disk faults need one")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True, capture_output=True)


@contextmanager
def read_only_mount(folder: Path, where: Path):
    """`folder` seen through a read-only bind mount at `where` (root ignores file permissions, not a ro mount)."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and `mount` to make a read-only file system")
    r = subprocess.run(["mount", "--bind", str(folder), str(where)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot bind-mount here ({r.stderr.strip()}); the read-only fault needs it")
    try:
        remount(where, "ro,bind")
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def _copies() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob(f"{readonly.PREFIX}{os.getpid()}-*"))


def test_read_only_store_answers_and_reports_status_but_refuses_writes(built_index, tmp_path, capsys):
    index = tmp_path / "index_store"
    shutil.copytree(built_index, index)
    before, copies = _files(index), _copies()
    with read_only_mount(index, tmp_path / "ro") as ro:
        a = Assistant.open(Settings(index_dir=ro, records_dir=RECORDS))
        assert a.store.read_only == "read-only" and "is read-only: answering from a temporary copy" in a.store.notice
        assert a.ask(QUESTION).citations[0].label == LABEL
        s = assert_consistent(a)
        assert s["records"] == 5 and s["store"] == str(ro) and s["notice"] == a.store.notice
        with pytest.raises(StoreError, match=": the store is read-only; make it writable or point ASSISTANT_INDEX_DIR"):
            a.remove(IOM_FILE)
        a.store.close()
        assert _copies() == copies  # the private copy went with the store

        code, out, err = run(capsys, "--index-dir", ro, "ask", QUESTION)
        assert code == 0 and LABEL in out and "Traceback" not in err, err
        code, out, err = run(capsys, "--index-dir", ro, "status")
        assert code == 0 and "consistency: ok" in out and f"note: The index at {ro} is read-only" in out, err
        for argv in (["ingest", "--quiet", RECORDS], ["remove", IOM_FILE]):
            code, _, err = run(capsys, "--index-dir", ro, *argv)
            assert code == 1 and err.startswith("error: Cannot ") and f"the Chroma store at {ro}: the store is read-only" in err
            assert "make it writable or point ASSISTANT_INDEX_DIR at a writable folder" in err
            assert "Traceback" not in err
    assert _files(index) == before  # not a byte written


def test_a_copy_left_by_a_process_that_died_is_removed(built_index, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = Path(tempfile.gettempdir()) / f"{readonly.PREFIX}{dead.stdout.strip()}-x"
    (leftover / "store").mkdir(parents=True)
    with read_only_mount(built_index, tmp_path / "ro") as ro:
        a = Assistant.open(Settings(index_dir=ro, records_dir=RECORDS), build=False)
        assert a.store.read_only and not leftover.exists()
        a.store.close()


def test_full_disk_store_still_answers_and_reports_status(built_index, tmp_path, capsys):
    used = sum(f.stat().st_size for f in built_index.rglob("*") if f.is_file())
    with tmpfs(tmp_path / "mnt", str(used + 2_000_000)) as mnt:
        index = mnt / "index_store"
        shutil.copytree(built_index, index)
        with open(mnt / "filler", "wb") as f:  # fill the disk to the last byte
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        assert readonly.fs_state(index) == "full"
        code, out, err = run(capsys, "--index-dir", index, "ask", QUESTION)
        assert code == 0 and LABEL in out and "Traceback" not in err, err
        code, out, err = run(capsys, "--index-dir", index, "status")
        assert code == 0 and "consistency: ok" in out and "is on a full disk" in out, err
        code, _, err = run(capsys, "--index-dir", index, "ingest", "--quiet", RECORDS)
        assert code == 1 and "the disk is full; free space and run `assistant ingest` again" in err
        (mnt / "filler").unlink()  # space freed: the store is written again as usual
        code, out, err = run(capsys, "--index-dir", index, "ingest", "--quiet", RECORDS)
        assert code == 0 and "5 unchanged" in out, err
        a = Assistant.open(Settings(index_dir=index), build=False)
        assert not a.store.read_only and assert_consistent(a)["records"] == 5


def test_full_disk_gives_a_clear_error_and_keeps_the_earlier_index(built_index, tmp_path, capsys, monkeypatch):
    before = consistent(built_index)
    used = sum(f.stat().st_size for f in built_index.rglob("*") if f.is_file())
    folder = tmp_path / "new_records"
    folder.mkdir()
    text = (RECORDS / IOM_FILE).read_text(encoding="utf-8")
    for v in range(1, 4):  # about 80 vectors and 1.3 MB of store each
        (folder / f"variant_{v}.txt").write_text(vary(text, v, slot=7), encoding="utf-8")
    monkeypatch.setattr(index_module, "CHUNK_NODES", 60)  # several write groups: the disk fills part-way
    with tmpfs(tmp_path / "mnt", str(used + 3_500_000)) as mnt:  # room for about one new record of three
        index = mnt / "index_store"
        shutil.copytree(built_index, index)
        code, out, err = run(capsys, "--index-dir", index, "ingest", "--quiet", folder)
        assert code == 1 and "Traceback" not in err, err
        assert err.startswith("error: Cannot write to the Chroma store") and "the disk is full; free space" in err
        remount(mnt, "size=256m")  # space freed: what was there is intact, and a re-run completes
        s = consistent(index)  # complete records only: those written before the disk filled
        assert {f: s["files"][f] for f in before["files"]} == before["files"] and 5 <= s["records"] < 8
        intact(index, before)
        code, out, err = run(capsys, "--index-dir", index, "ingest", "--quiet", folder)
        assert code == 0, err
        s = consistent(index)
        assert s["records"] == 5 + 3


# -- bad questions -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def asker(built_index):
    return Assistant.open(Settings(index_dir=built_index, records_dir=RECORDS), build=False)


@pytest.mark.parametrize("question, message", [
    ("", "The question is empty"), ("  \n\t ", "The question is empty"),
    ("?!... ;:—", "has no words"), ("¿¡…!?", "has no words"),
])
def test_empty_and_punctuation_questions_are_clear_errors(asker, built_index, capsys, question, message):
    with pytest.raises(QuestionError, match=message):
        asker.ask(question)
    code, out, err = run(capsys, "--index-dir", built_index, "ask", question)
    assert code == 1 and err.startswith("error: ") and message in err
    assert "Traceback" not in err and out == ""


def test_a_10000_character_question_is_cut_and_answered(asker, built_index, capsys):
    question = QUESTION + " " + " ".join(["In particular what about migrants in detention and their families?"] * 150)
    question = question[:10_000]
    assert len(question) == 10_000
    answer = asker.ask(question)
    assert answer.text and answer.citations
    assert LABEL in [c.label for c in answer.citations[:3]]
    assert answer.notice.startswith("The question was shortened to its first 19") and "limit is 2000" in answer.notice
    code, out, err = run(capsys, "--index-dir", built_index, "ask", question)
    assert code == 0 and "Traceback" not in err and "Sources:" in out
    assert "(The question was shortened to its first" in out


@pytest.mark.parametrize("question, cut", [
    (QUESTION, False),
    (QUESTION + " " * 5000, False),                      # only spaces beyond the limit: nothing is lost
    ("What did IOM say about " + "objective 13 " * 300, True),
    ("x" * 2500, True),                                  # one long word: cut inside it
])
def test_the_shortened_notice_appears_exactly_when_the_question_is_cut(asker, question, cut):
    plan = asker.plan(question)
    assert plan.truncated is cut and len(plan.question) <= 2000
    assert ("shortened" in asker.answer_plan(plan).notice) is cut


@pytest.mark.parametrize("question", [
    "Qu'a dit l'OIM au sujet de l'objectif 13 ?",
    "Qu'a dit l'Organisation internationale pour les migrations sur l'objectif 13 du Pacte mondial ?",
    "¿Qué dijo la OIM sobre el objetivo 13?",
    "¿Qué dijo la Organización Internacional para las Migraciones sobre el objetivo 13?",
])
def test_french_and_spanish_questions_get_a_sensible_answer(asker, question):
    answer = asker.ask(question)
    assert answer.text.strip()
    # Either answered or refused with a reason; both point to the paragraph that answers it in English.
    assert LABEL in [c.label for c in answer.citations[:3]], (answer.text, [c.label for c in answer.citations])
    if answer.refused:
        assert ("do not answer" in answer.text or "Please ask in English" in answer.text)
        assert "closest" in answer.text.lower()
