# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-dev compile browser-deps serve build check test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: pip runs again only when a requirements file or pyproject.toml is newer than the last install,
# so `make serve` starts at once when nothing changed.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -e .
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt pyproject.toml | $(BIN)/python
	@# followthemoney (a test-only dependency) needs PyICU, which compiles against Debian's libicu-dev.
	@pkg-config --exists icu-uc 2>/dev/null || { $(call APT_INSTALL,libicu-dev pkg-config); }
	$(BIN)/pip install --quiet -r requirements-dev.txt -e .
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
	@$(MAKE) --no-print-directory compile

install-dev: $(VENV)/.installed-dev
	@$(MAKE) --no-print-directory compile browser-deps

# What pip does for a regular install, and Python on first import unless PYTHONDONTWRITEBYTECODE is set:
# without it, every build compiles the builder's modules again.
compile:
	@$(BIN)/python -m compileall -q builder

# The browser tests (tests/browser/) drive Debian's Chromium, and use axe-core pinned in
# package-lock.json. As root with apt-get, a missing chromium or npm is installed (`apt-get update` runs only
# if installing fails without it); elsewhere the browser tests say what is missing.
CHROMIUM := /usr/bin/chromium
APT_INSTALL = if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "apt-get install $(1)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q $(1) >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $(1) >/dev/null; } \
	  || echo "note: apt-get could not install $(1)"; \
	else echo "note: $(1) is missing and cannot be installed here (needs root and apt-get)"; fi

browser-deps:
	@[ -x $(CHROMIUM) ] || { $(call APT_INSTALL,chromium); }
	@command -v npm >/dev/null || { $(call APT_INSTALL,npm); }
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	  else echo "note: npm is missing: the browser tests need axe-core, and tests/test_vendored.py cytoscape and vis-timeline, from \`npm ci\`"; fi; \
	fi

serve: install
	$(BIN)/mkdocs serve --dirty

build: install
	$(BIN)/mkdocs build --strict

check: install
	$(BIN)/python -m builder check

# `make bench ARGS=--quick`: bench/run with the pinned packages installed (see README, Benchmark).
bench: install
	bench/run $(ARGS)

lint: install-dev
	$(BIN)/ruff check builder tests bench
	$(BIN)/mypy builder

test: install-dev
	$(BIN)/ruff check builder tests bench
	$(BIN)/ruff format --check builder tests bench
	$(BIN)/mypy builder
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .hypothesis $(VENV)/.installed $(VENV)/.installed-dev
