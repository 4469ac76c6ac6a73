# Dialogo — two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .stamps
UV_VERSION := 0.13.8
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html $(wildcard frontend/vite.config.*) $(wildcard frontend/tsconfig*.json)

.PHONY: run test install frontend lint clean help schema

help:
	@echo "make run    set up everything and start Dialogo on http://127.0.0.1:8000 (embedded PostgreSQL)"
	@echo "make test   run the whole test suite (architecture, lint, backend, frontend, browser)"
	@echo "make schema regenerate the frontend's API types (frontend/src/lib/api-schema.d.ts) from the OpenAPI schema"

## Start the product: API, websockets, worker and the built frontend on one port.
run: $(STAMPS)/python $(STAMPS)/frontend-build
	$(BIN)/python backend/manage.py up

## The whole suite against a real PostgreSQL (DATABASE_URL, or the embedded one).
test: $(STAMPS)/python-dev $(STAMPS)/frontend-build
	PYTHONPATH=backend:. $(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .
	$(BIN)/python backend/manage.py makemigrations --check --dry-run
	$(BIN)/python backend/manage.py spectacular --fail-on-warn --validate --file /dev/null
	cd frontend && npm test
	$(BIN)/pytest

## The frontend's API types from the OpenAPI schema; commit the .d.ts. Reads no data (any DATABASE_URL
## will do, even an unreachable one; unset, settings start the embedded PostgreSQL as usual).
## The schema itself is a temporary file: only the generated types are kept.
schema: $(STAMPS)/python $(STAMPS)/frontend-deps
	$(BIN)/python backend/manage.py spectacular --file frontend/openapi.yaml
	cd frontend && npm run schema:types; status=$$?; rm -f openapi.yaml; exit $$status

install: $(STAMPS)/python-dev $(STAMPS)/frontend-deps
frontend: $(STAMPS)/frontend-build

$(STAMPS):
	mkdir -p $(STAMPS)

$(STAMPS)/python: requirements.lock | $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	touch $@

$(STAMPS)/python-dev: $(STAMPS)/python requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock -r requirements-dev.lock
	touch $@

$(STAMPS)/frontend-deps: frontend/package-lock.json | $(STAMPS)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMPS)/frontend-build: $(STAMPS)/frontend-deps $(FRONTEND_SOURCES) frontend/package-lock.json
	cd frontend && npm run build
	touch $@

## Re-pin Python dependencies after editing requirements*.in.
lock: $(STAMPS)/python
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock -q
	$(BIN)/uv pip compile requirements-dev.in --python-version 3.11 --generate-hashes -o requirements-dev.lock -q

clean:
	rm -rf $(STAMPS) $(VENV) frontend/node_modules frontend/dist
