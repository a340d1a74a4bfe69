# Two commands set up a fresh machine: `make run` (install, index, open the chat) and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 7860

.PHONY: install browser index run chat test eval bench load clean

$(PY):
	python3 -m venv $(VENV)

# The CPU torch wheel must come first, or pip pulls several GB of CUDA packages.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev,llm]'
	touch $(STAMP)

install: $(STAMP)

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

test: install browser
	$(PY) -m pytest

eval: index
	$(PY) -m assistant eval

bench: install
	$(PY) eval/bench.py

load: index
	$(PY) eval/load.py

clean:
	rm -rf $(VENV) index_store/* .pytest_cache
