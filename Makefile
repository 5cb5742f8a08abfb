# Two commands a newcomer needs: `make demo` (the main job on the sample corpus) and `make test`.
# Each sets up what it needs, idempotently: the venv and its packages (torch pinned to the local
# CPU wheel through constraints.txt), and Debian packages where a target needs them.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= demo.duckdb
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser demo test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[nlp,dash,dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the dashboard's browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

demo: setup
	$(BIN)/discourse run data/sample --db $(DB)
	$(BIN)/discourse show --db $(DB)
	$(BIN)/discourse dashboard --db $(DB) --port $(PORT)

test: setup browser
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/parse_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build $(DB)
