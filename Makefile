# The two commands of the README: `make build` and `make test`. Both create .venv when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DAGSTER_HOME

.PHONY: build test test-reliability lint dev sql validate install clean

build: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipelines.build

test: install $(DAGSTER_HOME)/dagster.yaml validate lint
	$(BIN)/pytest -m "not slow"

test-reliability: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest -m slow

validate: install $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg check defs

lint: install
	$(BIN)/ruff check .

# dg dev finds the code through [tool.dg] in pyproject.toml; VIRTUAL_ENV tells it .venv is the project's
dev: install $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg dev

sql: install
	$(BIN)/duckdb -readonly -cmd "SET enable_external_access = false; SET lock_configuration = true;" $${EVIDENCE_PROCESSED_DIR:-data/processed}/warehouse.duckdb

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) data/processed/staging data/processed/exports data/processed/warehouse*
