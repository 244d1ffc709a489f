# mandategraph — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .mandategraph

.PHONY: run test install bench bench-small clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

## Build the graph from examples/, validate it, print the trace to national resolutions
## (`mandategraph trace` without --national lists every resolution reached).
run: install
	$(BIN)/mandategraph --store $(STORE) load examples/
	$(BIN)/mandategraph --store $(STORE) validate
	$(BIN)/mandategraph --store $(STORE) trace --national

## Install the test extras and run the whole suite.
test: install
	$(BIN)/python -m pytest

## The benchmark (figures in bench/RESULTS.md; see bench/ for options). bench-small is what CI runs.
bench: install
	$(BIN)/python bench/run.py --sizes 100,1000,10000 --repeat 5 --budget 1800 --profile --out bench/RESULTS.md

bench-small: install
	$(BIN)/python bench/run.py --sizes 20 --repeat 2 --engines rules --backends-timeout 5 --out /tmp/mandategraph-bench-small.md

clean:
	rm -rf $(STORE) build *.egg-info
