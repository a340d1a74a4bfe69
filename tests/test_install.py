"""The package works when installed with `pip install .` into a clean venv and run from any folder."""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig

import pytest

from conftest import IOM_FILE, RECORDS, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding only the built wheel; third-party packages are borrowed from this environment."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(ROOT)], check=True, timeout=600)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # A plain path entry: the borrowed site-packages' own .pth files (this checkout's editable install) stay inert.
    borrowed = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if os.path.isdir(p)]
    (tmp / "venv" / purelib.split(str(venv) + "/", 1)[1] / "borrowed.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n")
    wheel = next(wheels.glob("cmw_records_assistant-*.whl"))
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed", str(wheel)], check=True, timeout=300)
    return venv


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PYTHONPATH"}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def test_installed_package_answers_from_a_plain_folder(installed, tmp_path):
    work = tmp_path / "work"
    (work / "records").mkdir(parents=True)
    shutil.copy(RECORDS / IOM_FILE, work / "records" / IOM_FILE)
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import assistant; print(assistant.__file__)"],
                           cwd=work, env=_env(), capture_output=True, text=True, check=True).stdout
    assert str(installed) in where, f"imported {where!r} instead of the installed package"
    done = subprocess.run([str(installed / "bin" / "assistant"), "ask", "What did IOM say about objective 13?", "--json"],
                          cwd=work, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["citations"][0]["label"] == "CMW/C/SR.506 ¶48"
    assert (work / "index_store").is_dir(), "the index belongs in ./index_store of the current folder"
    # The harness runs from the installed package, on a question file given as an argument.
    questions = work / "q.jsonl"
    questions.write_text(json.dumps({"id": "x1", "question": "What did IOM say about objective 13?", "type": "speaker",
                                     "gold": [{"file": IOM_FILE, "paragraph": 48}], "answer": "",
                                     "keywords": ["alternatives to detention"]}) + "\n")
    done = subprocess.run([str(installed / "bin" / "assistant"), "eval", "--questions", str(questions), "--json",
                           "--no-baseline"], cwd=work, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 3), done.stderr
    assert json.loads(done.stdout)["assistant"]["gold_hit@5"] == 1.0


def test_installed_package_ships_its_data_and_prompts(installed):
    code = ("import importlib.resources as r; a = r.files('assistant');"
            "print((a / 'core' / 'data' / 'glossary.json').is_file(), (a / 'answer' / 'templates' / 'answer.txt').is_file())")
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], env=_env(), capture_output=True, text=True,
                         check=True, cwd=installed).stdout.split()
    assert out == ["True", "True"]
