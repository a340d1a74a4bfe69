"""The command line, called in-process as a user would type it."""
import json

import pytest

from assistant.interfaces.cli.main import main
from conftest import run_cli as run


def test_ask_json_is_answer_to_dict(built_index, capsys):
    code, out, _ = run(capsys, "--index-dir", str(built_index), "ask", "What did IOM say about objective 13?", "--json")
    data = json.loads(out)
    assert code == 0
    c = data["citations"][0]
    assert (c["file"], c["paragraph"], c["label"], c["speaker"]) == ("001_b36a170aa6e6050d.txt", 48, "CMW/C/SR.506 ¶48", "Mr. Yuzhanin")


def test_paragraphs_json_gives_all_122(capsys):
    code, out, _ = run(capsys, "paragraphs", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 122
    assert {"file", "paragraph", "text", "speaker", "affiliation", "agenda_item", "symbol", "session", "meeting", "date"} <= set(rows[0])
    sr506 = [r for r in rows if r["symbol"] == "CMW/C/SR.506"]
    assert len(sr506) == 63 and {r["session"] for r in sr506} == {35} and {r["date"] for r in sr506} == {"2022-09-27"}


def test_paragraphs_of_one_file(capsys):
    code, out, _ = run(capsys, "paragraphs", "003_b5bb0a8bd9d79607.txt", "--json")
    assert code == 0 and [r["paragraph"] for r in json.loads(out)] == list(range(1, 8))


def test_status_and_remove(index_copy, capsys):
    code, out, _ = run(capsys, "--index-dir", str(index_copy), "status", "--json")
    assert code == 0 and json.loads(out)["paragraphs"] == 122
    code, out, _ = run(capsys, "--index-dir", str(index_copy), "remove", "003_b5bb0a8bd9d79607.txt")
    assert code == 0 and "removed 1" in out
    code, out, _ = run(capsys, "--index-dir", str(index_copy), "status", "--json")
    assert json.loads(out)["paragraphs"] == 115
    code, _, err = run(capsys, "--index-dir", str(index_copy), "remove", "nope.txt")
    assert code == 1 and "not in the index" in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("ingest", "ask", "chat", "paragraphs", "status", "remove", "serve", "eval"):
        assert cmd in out


def test_the_installed_command_prints_all_its_output_before_its_quick_exit(built_index):
    # `assistant ask` leaves without the interpreter's teardown; nothing it printed may be lost on the way.
    import subprocess
    import sys
    from conftest import ROOT
    base = [sys.executable, "-m", "assistant", "--index-dir", str(built_index)]
    ok = subprocess.run(base + ["ask", "What did IOM say about objective 13?", "--json"], cwd=ROOT,
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and json.loads(ok.stdout)["citations"][0]["label"] == "CMW/C/SR.506 ¶48"
    bad = subprocess.run(base + ["ask", "?!"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "error:" in bad.stderr
