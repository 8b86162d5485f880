# Two commands for a fresh machine (see README):
#   make run    install everything and start Acuback on SQLite with demo data
#   make test   install what the tests need and run the whole suite (lint, types, tests)
# Everything installs into ./.venv from the lock file (uv.lock); nothing is fetched at run time.

SHELL := /bin/bash
PYTHON ?= $(shell scripts/find-python)
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

PG_URL ?= postgres://postgres@127.0.0.1:5432/acuback

.PHONY: run test services lint typecheck unit unit-postgres bench clean

$(UV):
	@test -n "$(PYTHON)" || { scripts/find-python; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet --python "$(PYTHON)"
	@touch $@

run: $(VENV)/.synced
	$(VENV)/bin/acuback serve

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: $(VENV)/.synced
	$(VENV)/bin/mypy

services:
	scripts/ensure-test-services

# The whole suite on SQLite, then everything that touches the database again on PostgreSQL.
unit: $(VENV)/.synced
	$(VENV)/bin/pytest -n 2 -q -p no:cacheprovider

unit-postgres: $(VENV)/.synced
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2 -q -p no:cacheprovider tests/web tests/e2e

test: services lint typecheck unit unit-postgres

bench: $(VENV)/.synced
	$(VENV)/bin/python bench/bench_assess.py

clean:
	rm -rf .tools $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache
