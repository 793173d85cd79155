# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: prod-local run test install install-dev messages messages-extract setup serve lint e2e bench faults clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Compile the Dutch translations with Babel (pure Python: no system gettext needed).
messages: install
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics

# Translators' workflow: extract new English msgids into locale/nl (needs GNU gettext), translate
# them in locale/nl/LC_MESSAGES/django.po, then `make messages`. CI fails on untranslated entries.
messages-extract: install-dev
	$(PY) .ci/vertalingen.py

setup: install messages
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) laad_demo

# Serve on 127.0.0.1:8000 with a django-q2 worker beside the web server; Ctrl+C stops both.
serve:
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) qcluster & \
	$(MANAGE) runserver $(HOST):$(PORT)

run: setup serve

test: install-dev messages
	$(VENV)/bin/pytest -m "not e2e and not objectopslag" --ignore=tests/e2e $(PYTEST_ARGS)

# Benchmark the key pages with production settings on its own database (var/bench/); see bench/run.py.
# Not part of `make test`: timings are noisy. Example: make bench BENCH_ARGS="--quick"
bench: install-dev messages
	$(PY) -m bench.run $(BENCH_ARGS)

# Fault drills against a stack of its own on 127.0.0.1 (PostgreSQL database wijkportaal_faults,
# Redis, SMTP sink, gunicorn, two qclusters); prints attempted/completed/lost/duplicated per
# fault and exits non-zero when anything was lost. See ops/README.md. About 6-7 minutes.
# Example: make faults FAULT_ARGS="--only smtp,lock"
faults: install-dev messages
	$(PY) -m ops.faults $(FAULT_ARGS)

# Browser tests in Debian's Chromium (apt-get install chromium) with axe accessibility checks.
e2e: install-dev messages
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m e2e tests/e2e -p no:cacheprovider

lint: install-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var

# The production topology on this machine: nginx, two gunicorn processes, two qclusters,
# PostgreSQL, Redis, SeaweedFS (S3) and an SMTP sink on 127.0.0.1; Ctrl+C stops everything.
# Needs PostgreSQL on 127.0.0.1:5432, redis-server and Debian's nginx. See deploy/topologie.py.
prod-local: install-dev messages
	$(PY) -m deploy.topologie up
