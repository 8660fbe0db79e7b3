# One entry point per chore; the README and CI use these same targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SERVE_STAMP := $(VENV)/.serve-stamp
PORT ?= 8000
NEO4J_CP := neo4jlocal/target/classpath.txt
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve serve-neo4j demo test test-fast lint bench chromium neo4j java clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# (setuptools' notice on every editable install reads like an error: not shown)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# what serving needs, without the test and lint tools
$(SERVE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e .
	touch $(SERVE_STAMP)

## serve: install, load the demo network into graphsvc.db, serve http://127.0.0.1:8000
## (another port: make serve PORT=8001)
serve: $(SERVE_STAMP)
	$(BIN)/graphsvc serve --demo --port $(PORT)

## demo: install and load the demo network into graphsvc.db
demo: $(SERVE_STAMP)
	$(BIN)/graphsvc demo

## chromium: Debian's headless Chromium for the browser tests (never a downloaded one)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## java: Java 17 and Maven from Debian, when missing (Neo4j runs on Java 17)
java:
	@command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    openjdk-17-jdk-headless maven >/dev/null; }

## neo4j: Neo4j Community 5.26's jars through Maven (cached in ~/.m2) and the launcher
neo4j: java $(NEO4J_CP)

$(NEO4J_CP): neo4jlocal/pom.xml neo4jlocal/src/main/java/graphsvc/neo4jlocal/Launcher.java
	mvn -q -B -f neo4jlocal/pom.xml compile dependency:build-classpath \
	  -Dmdep.outputFile=target/classpath.txt
	touch $@

## serve-neo4j: Neo4j without Docker (data kept in .neo4j/), the demo on first start,
## graphsvc on http://127.0.0.1:8000
serve-neo4j: $(SERVE_STAMP) neo4j
	$(BIN)/python -m neo4jlocal serve --port $(PORT)

## test: install everything and run the whole test suite
test: $(STAMP) chromium neo4j
	$(BIN)/pytest

## test-fast: the suite without the browser and slow tests
test-fast: $(STAMP) neo4j
	$(BIN)/pytest -m "not browser and not slow"

## lint: ruff (rules and format) and mypy --strict (graphsvc, ingest, visual)
lint: $(STAMP)
	$(BIN)/ruff check graphsvc ingest visual tests bench neo4jlocal
	$(BIN)/ruff format --check graphsvc ingest visual tests bench neo4jlocal
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/analysis.py

clean:
	rm -rf $(VENV) .pytest_cache neo4jlocal/target
