"""Bad records and questions get clear messages; the other records are indexed; the index stays intact."""
import shutil

import pytest

from assistant import Assistant, QuestionError, Settings
from assistant.interfaces.cli.main import main
from assistant.records import load_records
from conftest import RECORDS


def _bad_folder(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(RECORDS / "003_b5bb0a8bd9d79607.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90 not UTF-8 and not cp1252 either \x9d")
    (folder / "notes.txt").write_text("Some notes about migration without any numbered paragraph.\n", encoding="utf-8")
    text = (RECORDS / "004_5957fef5fc8dc000.txt").read_text(encoding="utf-8")
    (folder / "cp1252.txt").write_bytes(text.replace("’", "'").replace("–", "-").encode("cp1252").replace(b"Diallo", b"Diall\xf6"))
    return folder


def test_each_bad_file_is_named_with_its_reason(tmp_path):
    records, problems = load_records([_bad_folder(tmp_path)])
    text = "\n".join(problems)
    assert "empty.txt: the file is empty" in text
    assert "blank.txt: the file holds only white space" in text
    assert "binary.txt: looks like a binary file" in text
    assert "latin.txt: not UTF-8" in text
    assert "notes.txt: no numbered paragraphs found" in text
    names = sorted(r.file for r in records)
    assert names == ["003_b5bb0a8bd9d79607.txt", "cp1252.txt"]
    cp = next(r for r in records if r.file == "cp1252.txt")
    assert any("Windows-1252" in w for w in cp.warnings) and len(cp.paragraphs) == 10
    assert cp.meta.chair == "Ms. Diallö"


def test_bad_files_leave_the_index_intact(index_copy, tmp_path, capsys):
    settings = Settings(index_dir=index_copy, records_dir=RECORDS)
    before = Assistant.open(settings).status()
    code = main(["--index-dir", str(index_copy), "ingest", "--quiet", str(_bad_folder(tmp_path))])
    err = capsys.readouterr().err
    assert code == 1 and "empty.txt: the file is empty" in err and "Traceback" not in err
    after = Assistant.open(settings).status()
    assert after["records"] == before["records"] + 1  # cp1252.txt; 003 is unchanged
    assert after["paragraphs"] == before["paragraphs"] + 10
    assert Assistant.open(settings).ask("What did IOM say about objective 13?").citations[0].paragraph == 48


def test_oversized_record_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"1. The Chair said that it was fine.\n" * (21 * 1024 * 1024 // 36 + 10))
    _, problems = load_records([big])
    assert problems and "over the 20 MB limit" in problems[0]


@pytest.mark.parametrize("question", ["", "   ", "\n\t", None])
def test_empty_question_is_a_clear_error(assistant, question):
    with pytest.raises(QuestionError, match="question is empty"):
        assistant.ask(question)


def test_punctuation_only_question(assistant):
    with pytest.raises(QuestionError, match="has no words"):
        assistant.ask("?!...")


def test_cli_empty_question_exits_cleanly(built_index, capsys):
    assert main(["--index-dir", str(built_index), "ask", "  "]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: The question is empty") and "Traceback" not in err


def test_nonsense_and_huge_questions_are_answered_sensibly(assistant):
    nonsense = assistant.ask("banana bread recipe with walnuts")
    assert nonsense.refused and "do not answer" in nonsense.text
    huge = assistant.ask("What did IOM say about objective 13? " + "blah " * 2500)
    assert isinstance(huge.text, str)
