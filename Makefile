# Two commands set up a fresh machine: `make run` (install what the chat needs, index, open the chat) and
# `make test` (install everything the tests use, then run them). Versions come from the locks in requirements/.
VENV      ?= .venv
PY        := $(VENV)/bin/python
PIP       := $(PY) -m pip
PORT      ?= 7860
LLAMA_VER := $(shell sed -n 's/^llama-cpp-python==//p' requirements/full.lock)
# Our own cache of the portable llama-cpp-python wheel, keyed by version *and* build flags: pip's wheel cache is
# keyed by the source only, so it could hand back a CPU-tuned (GGML_NATIVE) build that crashes on other CPUs.
WHEELHOUSE ?= $(HOME)/.cache/cmw-records-assistant/llama-cpp-python-$(LLAMA_VER)-portable

.PHONY: install install-full llama-portable versions browser index run chat test eval bench load lock clean

$(PY):
	python3 -m venv $(VENV)

# The CPU torch wheel must come first, or pip pulls several GB of CUDA packages.
$(VENV)/.app: requirements/app.lock pyproject.toml | $(PY)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -r requirements/app.lock
	$(PIP) install -q --no-deps -e .
	-$(PY) -m assistant.index.onnx_export  # the ONNX copy of the embedding model, made here once (~10 s); a failure only means torch answers
	touch $@

# Tests and optional LLM backends on top; llama-cpp-python comes from the portable wheel, installed first so that
# the lock finds it satisfied and never builds or reuses a native one.
$(VENV)/.full: requirements/full.lock $(VENV)/.app $(VENV)/.llama-$(LLAMA_VER)
	$(PIP) install -q -r requirements/full.lock
	touch $@

$(VENV)/.llama-$(LLAMA_VER): | $(PY)
	@ls $(WHEELHOUSE)/llama_cpp_python-*.whl >/dev/null 2>&1 || { \
	  echo "building llama-cpp-python $(LLAMA_VER) portably (GGML_NATIVE=OFF); 5-10 minutes on 2 cores, once per machine"; \
	  CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PIP) wheel -q --no-cache-dir --no-deps --no-binary llama-cpp-python \
	    -w $(WHEELHOUSE) llama-cpp-python==$(LLAMA_VER); }
	$(PIP) install -q --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-*.whl
	touch $@

install: $(VENV)/.app

install-full: $(VENV)/.full

llama-portable: $(VENV)/.llama-$(LLAMA_VER)

versions: install-full
	@$(PY) -c "import importlib.metadata as m; print('installed:', ', '.join(f'{p} {m.version(p)}' for p in ('torch', 'llama-cpp-python', 'chromadb', 'llama-index-core', 'gradio', 'sentence-transformers')))"

# Debian's Chromium drives the real-browser UI tests (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; } \
	  || echo "warning: could not install chromium; browser tests will be skipped"

index: install
	$(PY) -m assistant ingest records

run: index
	$(PY) -m assistant serve --port $(PORT)

chat: index
	$(PY) -m assistant chat

test: install-full browser
	$(PY) -m pytest

eval: index
	$(PY) -m assistant eval

bench: install
	$(PY) eval/bench.py

load: index
	$(PY) eval/load.py

# Refresh the locks from pyproject.toml (the chat's lock is the full one cut down, so versions agree).
lock: | $(PY)
	$(PIP) install -q pip-tools
	$(VENV)/bin/pip-compile -q --no-header --strip-extras --allow-unsafe --upgrade --extra dev --extra llm \
	  -o requirements/full.lock pyproject.toml requirements/torch.in
	$(VENV)/bin/pip-compile -q --no-header --strip-extras --allow-unsafe -c requirements/full.lock \
	  -o requirements/app.lock pyproject.toml requirements/torch.in

clean:
	rm -rf $(VENV) index_store/* .pytest_cache
