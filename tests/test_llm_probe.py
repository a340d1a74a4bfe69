"""An LLM backend that crashes or hangs is 'unavailable' with its reason; the CLI and the server keep answering."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.answer.probe import probe
from conftest import ROOT, free_port, stop, wait_for_http

# Stand-ins for a broken backend: a child that dies by a signal, as a CPU-tuned llama.cpp does, and one that hangs.
CRASH = f"{sys.executable} -c \"import os, signal; os.kill(os.getpid(), signal.SIGSEGV)\""
HANG = f"{sys.executable} -c \"import time; time.sleep(60)\""
IOM = "What did IOM say about objective 13?"


def test_a_crashing_backend_is_unavailable_with_the_signal():
    reason = probe("smollm2", command=CRASH, timeout=30)
    assert reason and "crashed (SIGSEGV)" in reason and "GGML_NATIVE=OFF" in reason


def test_a_hanging_backend_is_unavailable_after_the_timeout():
    reason = probe("smollm2", command=HANG, timeout=1)
    assert reason and "within 1 s" in reason


def test_a_failing_backend_says_what_it_printed():
    reason = probe("smollm2", command=f"{sys.executable} -c \"import sys; sys.exit('no such model')\"", timeout=30)
    assert reason and "exit 1" in reason and "no such model" in reason


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, "HF_HUB_OFFLINE": "1", **extra}


@pytest.mark.llm
def test_cli_with_a_crashing_backend_answers_extractively(built_index):
    done = subprocess.run([sys.executable, "-m", "assistant", "--index-dir", str(built_index), "ask", IOM, "--llm",
                           "smollm2", "--json"], cwd=ROOT, env=_env(ASSISTANT_LLM_PROBE_COMMAND=CRASH),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "unavailable" in done.stderr and "SIGSEGV" in done.stderr
    answer = json.loads(done.stdout)
    assert answer["citations"][0]["label"] == "CMW/C/SR.506 ¶48" and answer["backend"] == "extractive"


@pytest.mark.llm
def test_server_with_a_crashing_backend_keeps_serving(built_index):
    from gradio_client import Client
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "--index-dir", str(built_index), "serve", "--port",
                             str(port)], cwd=ROOT, env=_env(ASSISTANT_LLM="smollm2", ASSISTANT_LLM_PROBE_COMMAND=CRASH,
                                                             GRADIO_ANALYTICS_ENABLED="False"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", proc, 240, lambda: proc.stdout.read() if proc.poll() is not None else "")
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        for _ in range(2):
            reply = client.predict(IOM, api_name="/chat")
            assert "CMW/C/SR.506 ¶48" in str(reply)
        assert proc.poll() is None, "the server died"
    finally:
        stop(proc)


@pytest.mark.llm
def test_the_real_portable_build_passes_the_probe():
    pytest.importorskip("llama_cpp")
    assert probe("smollm2", timeout=300) is None


@pytest.mark.llm
def test_cli_with_the_real_test_model_answers(built_index):
    pytest.importorskip("llama_cpp")
    done = subprocess.run([sys.executable, "-m", "assistant", "--index-dir", str(built_index), "ask", IOM, "--llm",
                           "smollm2", "--json"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["text"] and answer["citations"], answer
    # Checked LLM answer or the extractive one it fell back to: either way every citation is a real paragraph.
    assert answer["backend"] in ("llama-cpp", "extractive")
