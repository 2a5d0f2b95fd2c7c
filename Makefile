PY ?= .venv/bin/python

.PHONY: test lint fmt typecheck serve
test:
	$(PY) -m pytest
lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .
fmt:
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .
typecheck:
	$(PY) -m mypy forcewatch config
serve:
	.venv/bin/forcewatch demo
