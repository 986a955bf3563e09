# Two commands on a fresh clone with only python3:
#   make demo   runtime install, then the demo on built-in sample data
#   make test   dev install, then lint, format, types, tests + doctests + README, docs
# The virtual environment is reinstalled only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test lint typecheck unit docs bench fuzz soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-stamp: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-stamp: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime-stamp

demo: $(VENV)/.runtime-stamp
	$(BIN)/csmetrics demo

lint: $(VENV)/.dev-stamp
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/ruff format --check src tests benchmarks training

typecheck: $(VENV)/.dev-stamp
	$(BIN)/mypy

unit: $(VENV)/.dev-stamp
	$(BIN)/python -m pytest -n auto --cov --cov-report=term

docs: $(VENV)/.dev-stamp
	$(BIN)/mkdocs build --strict --quiet --site-dir build/site

test: lint typecheck unit docs

bench: $(VENV)/.dev-stamp
	$(BIN)/python -m benchmarks

# The property and fuzz tests with many more examples than make test runs (about 30 minutes).
fuzz: $(VENV)/.dev-stamp
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -n auto -q -p no:cacheprovider tests

# Four threads calling the library for 5 minutes with 5% hostile input (see benchmarks/soak.py).
soak: $(VENV)/.dev-stamp
	$(BIN)/python -m benchmarks.soak --seconds 300 --threads 4

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
