"""Probe an in-process LLM backend in a child process before it is used.

A llama.cpp build tuned for another CPU can die with a segmentation fault on the first real prompt, and a bad
model file can hang. Either would take the whole CLI or web server down with it, so the backend is first loaded
and asked for a few tokens in a child process with a timeout; only when that succeeds is it loaded in-process.

`python -m assistant.answer.probe SPEC` is the child; `probe(spec)` runs it (or the operator's
ASSISTANT_LLM_PROBE_COMMAND) and returns None when the backend works, else the reason it is unavailable.
"""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading

PROMPT = "Answer in one short sentence: which committee protects the rights of migrant workers?"
_CACHE: dict[tuple, str | None] = {}
_LOCK = threading.Lock()


def _describe(returncode: int, stderr: str) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return (f"the backend crashed ({name}) while generating a test answer; if this is llama-cpp-python, "
                "rebuild it portably: CMAKE_ARGS=-DGGML_NATIVE=OFF pip install --no-cache-dir --force-reinstall "
                "llama-cpp-python (or run `make install`)")
    last = next((ln for ln in reversed(stderr.strip().splitlines()) if ln.strip()), "")
    return f"the backend failed its test answer (exit {returncode}{': ' + last[:200] if last else ''})"


def probe(spec: str, *, timeout: float = 120.0, command: str = "", key: tuple = ()) -> str | None:
    """None if `spec` loads and generates in a child process within `timeout` seconds, else why not.

    Results are cached per (spec, command, key) for the life of the process: `key` should change when the model
    file does (its size and modification time)."""
    cache_key = (spec, command, key)
    with _LOCK:
        if cache_key in _CACHE:
            return _CACHE[cache_key]
    argv = shlex.split(command) + [spec] if command else [sys.executable, "-m", "assistant.answer.probe", spec]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONFAULTHANDLER": "0"})
        reason = None if done.returncode == 0 else _describe(done.returncode, done.stderr)
    except subprocess.TimeoutExpired:
        reason = (f"the backend gave no test answer within {timeout:.0f} s (set ASSISTANT_LLM_PROBE_TIMEOUT to "
                  "allow longer)")
    except OSError as exc:
        reason = f"the backend test could not start ({exc})"
    with _LOCK:
        _CACHE[cache_key] = reason
    return reason


def _main(argv: list[str]) -> int:
    from llama_index.core.llms import ChatMessage

    from .llm import load_llm

    llm = load_llm(argv[0], max_tokens=8, context_window=512, timeout=60.0)
    reply = llm.chat([ChatMessage(role="user", content=PROMPT)])
    print((reply.message.content or "").strip()[:80])
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
