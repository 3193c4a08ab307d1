# Mercato: `make demo` serves the demo marketplace, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lock clean-demo bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/base.lock
	$(BIN)/pip install --quiet "setuptools>=77" && $(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/mercato demo

test: install-dev
	./tests/run.sh

bench: install-dev
	$(BIN)/python bench/storefront.py

# Regenerate both lock files after changing dependencies in pyproject.toml. requirements/overrides.txt
# drops dependencies we do not install (sentence-transformers and with it torch: see the file).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
		--override requirements/overrides.txt -o requirements/base.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
		--override requirements/overrides.txt -o requirements/dev.lock

clean-demo:
	rm -rf var/
