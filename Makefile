# Right Door: `make run` to try it, `make test` to check it. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The same PostgreSQL the production settings expect; tests create their own `test_…` database on it.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

# The local Elasticsearch node `make services` starts; the tests use it whenever it answers.
ES_LOCAL_URL := http://127.0.0.1:9200

.DEFAULT_GOAL := help
.PHONY: help run test test-sqlite test-postgres test-browser lint format assets setup setup-test clean services elasticsearch

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/main.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npx sass --no-source-map --quiet-deps --load-path=node_modules static/scss/main.scss static/css/main.css

assets: static/css/main.css ## Build the stylesheet and copy front-end packages (npm)
	mkdir -p static/vendor
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/

setup: $(VENV)/.installed assets ## Create .venv and install what the site needs

setup-test: setup $(VENV)/.installed-test

run: setup ## Install, migrate, load the demo directory and serve on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --site-url http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

services: ## Install (as root, with apt-get) and start PostgreSQL, Redis, Elasticsearch and chromium on loopback
	scripts/services all

elasticsearch: ## Fetch (Maven Central) and start a single Elasticsearch node on 127.0.0.1:9200
	scripts/services elasticsearch

# Set ELASTICSEARCH_URL yourself to test another cluster; unset, the local node is used if it answers.
test-sqlite test-postgres: export ELASTICSEARCH_URL ?= $(shell curl -fsS -o /dev/null --max-time 3 $(ES_LOCAL_URL)/_cluster/health 2>/dev/null && echo $(ES_LOCAL_URL))

test: setup-test ## Run every test: lint, SQLite, PostgreSQL, and the real-browser suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: ## Every test on the embedded SQLite database (browser tests included)
	$(BIN)/pytest

test-postgres: ## The database-dependent tests again, on PostgreSQL ($$POSTGRES_URL)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m "not browser" -p no:randomly

lint: setup-test ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, node_modules, built assets and the SQLite database
	rm -rf $(VENV) node_modules static/css/main.css static/vendor db.sqlite3 collected-static

.PHONY: bench
BENCH_SERVICES ?= 10000
bench: $(VENV)/.installed ## Search speed: p50/p95 on $$BENCH_SERVICES synthetic services in a scratch SQLite db, vs naive
	$(BIN)/python manage.py bench_search --services $(BENCH_SERVICES)

.PHONY: loadtest
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rightdoor_loadtest
loadtest: setup ## gunicorn + PostgreSQL + Redis, 10,000 services, 50 clients: throughput, latency, memory (last line JSON)
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) $(BIN)/python -m loadtest

.PHONY: relevance
QUERIES ?=
relevance: $(VENV)/.installed ## Judged queries on the demo: S@1, P@5, crisis, wrong corrections per backend (QUERIES=file.tsv)
	$(BIN)/python benchmarks/relevance.py $(if $(QUERIES),--queries $(QUERIES))
