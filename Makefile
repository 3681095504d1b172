# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Django 6 needs Python 3.12+; PYTHON is the first such interpreter found (override: make PYTHON=...).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[234]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE_STAMP := tests/browser/node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.9
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command 'make lock' --quiet $(if $(UPGRADE),--upgrade)

.PHONY: run test lock seed migrate lint format schema docker clean backup restore loadtest loadtest-short loadtest-faults fuzz deploy-check bench screenshots ingestion-quality

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6); set PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Every dependency at the version and hashes of the dev lock, then the project itself without
# its dependencies; scripts/check_lock.py fails if pyproject.toml asks for what the lock lacks.
$(STAMP): $(BIN)/python pyproject.toml $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python scripts/check_lock.py dialogue-registry dev
	touch $(STAMP)

# axe-core, which the browser tests inject into the pages to check their accessibility, at the
# version of tests/browser/package-lock.json. Without npm the step is left out, and those checks
# are skipped as the browser tests are without Chromium (.ci/run installs both).
$(AXE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility checks (axe-core) will be skipped"; fi

# Refresh both locks from pyproject.toml: requirements.lock (runtime, the image installs it) and
# requirements-dev.lock (runtime + the dev extra, at the same versions). Pins already in a lock
# are kept while pyproject.toml allows them; `make lock UPGRADE=1` moves everything to the newest
# allowed. Universal (any platform, Python 3.12+) and with hashes. uv does the resolving; it is
# pip-installed into .venv at the version below, never system-wide.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev -c $(LOCK) -o $(DEV_LOCK)

# The database cache (throttle counters, the registry's version without REDIS_URL) needs its
# table; a no-op with Redis. Made first, so the registry's version (dialogue/registry_version.py)
# is shared from migrate's first write on.
migrate: $(STAMP)
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py gazetteer_index

seed: migrate
	$(BIN)/python manage.py seed

# A development server for this machine, DEBUG on: it refuses a HOST other than a loopback
# address (dialogue/devserver); other people are served by the image (README, Deploying).
run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite in TEST_WORKERS processes at once (pytest-xdist), one per core of a 2-core machine,
# each on a test database of its own; their coverage is combined. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: $(STAMP) $(AXE_STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py gazetteer_index
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --cov --cov-report=term:skip-covered --cov-fail-under=90

# scripts/lint_openapi.py: the committed schema is valid OpenAPI and each of its examples is
# valid against its own schema (what Spectral's `spectral:oas` rules report as errors).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/lint_openapi.py schema/openapi.yaml

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file schema/openapi.yaml

backup: $(STAMP)
	$(BIN)/python manage.py backup $(if $(FILE),--output $(FILE))

restore: migrate
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/registry-....json"; exit 1; }
	$(BIN)/python manage.py restore $(FILE)

# Schemathesis against a live server on 127.0.0.1, anonymously and as an analyst
# (FUZZ_EXAMPLES=500 for more requests per operation; FUZZ_SEED to replay a run).
fuzz: $(STAMP)
	BIN=$(BIN) scripts/fuzz.sh

# gunicorn (4 workers) on PostgreSQL under concurrent readers and writers; nothing may be lost.
LOADTEST_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py --seconds 30 --clients 16 --database-url $(LOADTEST_ADMIN_URL)

loadtest-short: $(STAMP)
	$(BIN)/python bench/loadtest.py --seconds 8 --clients 8 --database-url $(LOADTEST_ADMIN_URL)

# Faults under load (bench/faults.py), on a PostgreSQL and a Redis of its own (loopback, a
# temporary folder; the machine's are never touched): Redis stopped and started, PostgreSQL
# restarted, a gunicorn worker killed; no 5xx but 503, every acknowledged write stored once.
FAULT_SECONDS ?= 40
loadtest-faults: $(STAMP)
	$(BIN)/python bench/faults.py --seconds $(FAULT_SECONDS) --clients 8

# The production settings pass Django's deployment checks (with a random key, as production
# refuses a guessable one).
deploy-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=registry.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# Throughput and latency of the main endpoints at 1,000 and 1,000,000 rounds, and against Datasette
# on a SQLite file (bench/peer.py; NO_PEER=1 skips it); writes bench/RESULTS.md.
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/run.py --database-url $(LOADTEST_ADMIN_URL) $(if $(NO_PEER),--no-peer)

# The pages people look at, at 1280 and 1920 px, into docs/screenshots/ (a fresh seeded SQLite
# database; Debian's Chromium: apt-get install chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# docs/ingestion-quality.md from the corpus tests/data/releases/ (its test/ set first, its dev/
# set apart), on a scratch SQLite database: the safety read loads the seed there and rolls it
# back, so the registry's own database is never read or written.
CORPUS ?= tests/data/releases
ingestion-quality: $(STAMP)
	@scratch=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$scratch/quality.sqlite3 && \
	$(BIN)/python manage.py createcachetable && \
	$(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	$(BIN)/python manage.py ingestion_quality $(CORPUS); status=$$?; rm -rf $$scratch; exit $$status

docker:
	docker build -t dialogue-registry .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache tests/browser/node_modules
