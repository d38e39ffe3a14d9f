# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-dev serve build check test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt -e .

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

check: install
	$(BIN)/python -m builder check

lint: install-dev
	$(BIN)/ruff check builder tests bench

test: install-dev
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .hypothesis
