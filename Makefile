# One entry point per chore; the README and CI use these same targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve demo test test-fast lint bench chromium cypher-parser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## serve: install, load the demo network into graphsvc.db, serve http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/graphsvc serve --demo

## demo: install and load the demo network into graphsvc.db
demo: $(STAMP)
	$(BIN)/graphsvc demo

## chromium: Debian's headless Chromium for the browser tests (never a downloaded one)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## cypher-parser: Neo4j's official Cypher 5 parser (npm), which checks every statement we send
cypher-parser: tests/cypher/node_modules/.package-lock.json

tests/cypher/node_modules/.package-lock.json: tests/cypher/package-lock.json
	npm ci --prefix tests/cypher --no-audit --no-fund --loglevel=error

## test: install everything and run the whole test suite
test: $(STAMP) chromium cypher-parser
	$(BIN)/pytest

## test-fast: the suite without the browser and slow tests
test-fast: $(STAMP) cypher-parser
	$(BIN)/pytest -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check graphsvc ingest visual tests bench
	$(BIN)/ruff format --check graphsvc ingest visual tests bench

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/analysis.py

clean:
	rm -rf $(VENV) .pytest_cache
