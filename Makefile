# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
APT_TEST := $(APT_RUN) poppler-utils chromium gettext

.PHONY: run test test-dates lint fmt vendor messages sysdeps-run sysdeps-test migrate bench bench-load clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "Python 3.11 is required (found $$($(PYTHON) --version)); set PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Missing system package: run 'sudo apt-get install python3-venv' then 'make' again"; exit 1; fi; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Installs the system packages when run as root, otherwise says in one line what to install.
define ensure_apt
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing system packages: run 'sudo apt-get install -y $$missing' then 'make' again"; exit 1; fi; \
	fi
endef

sysdeps-run:
	$(call ensure_apt,$(APT_RUN))

sysdeps-test:
	$(call ensure_apt,$(APT_TEST))

migrate: $(VENV)/.installed
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0

run: sysdeps-run $(VENV)/.installed migrate
	DEBUG=1 $(PY) manage.py seed_demo --once
	@echo
	@echo "Mission Locale runs at http://127.0.0.1:8000/  (Ctrl+C to stop; two-factor authentication is off in this demo)"
	DEBUG=1 OTP_REQUIRED=0 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The suite runs in one process per core (pytest-xdist; PYTEST_WORKERS=0 for a single process); the tests that
# share one seeded demo stay in one process (`--dist loadgroup`, see tests/demo/conftest.py).
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test: sysdeps-test $(VENV)/.installed lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PYTEST)

# The non-browser tests again with the clock pinned (TEST_TODAY, see tests/conftest.py) on the days that once broke
# them: a Tuesday (workshops meet), 29 February of a leap year, 31 December. Each run writes var/junit-<day>.xml.
# The last day runs as on one machine (SQLite, tasks in process), whatever DATABASE_URL and the broker say: so CI,
# whose other runs are on PostgreSQL and Redis, also runs the tests of the SQLite setup (marked `sqlite`).
TEST_DATES ?= 2026-12-01 2028-02-29
TEST_DATES_SQLITE ?= 2026-12-31
test-dates: $(VENV)/.installed
	@for day in $(TEST_DATES); do \
	  echo "== the non-browser tests on $$day"; \
	  TEST_TODAY=$$day $(PYTEST) -m "not e2e" -q --junitxml=var/junit-$$day.xml || exit 1; \
	done
	@for day in $(TEST_DATES_SQLITE); do \
	  echo "== the non-browser tests on $$day, on SQLite"; \
	  DATABASE_URL= CELERY_BROKER_URL= CELERY_RESULT_BACKEND= CACHE_URL= TEST_TODAY=$$day $(PYTEST) -m "not e2e" -q --junitxml=var/junit-$$day.xml || exit 1; \
	done

fmt: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

vendor:
	./scripts/vendor.sh
	./scripts/vendor-test-assets.sh

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l fr -l nl -l en --no-obsolete --ignore='.venv/*' --ignore='var/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore='.venv/*'

clean:
	rm -rf $(VENV) var/static .pytest_cache

# Benchmarks at the demo size, 20 and 100 times it (PostgreSQL on 127.0.0.1:5432, or BENCH_PG_URL): builds the
# missing datasets once (var/bench/datasets.json; the 100× one, 7 GB of disk, builds in about 17 minutes), measures, and rewrites
# docs/benchmarks.md; then the load tests (bench/load.sh) on the demo data and on a copy of the 20× dataset,
# which rewrite docs/benchmarks-load.md and docs/benchmarks-load-20x.md. Slow: not part of `make test`.
bench: sysdeps-run $(VENV)/.installed
	$(PY) -m bench.generate
	$(PY) -m bench.run
	$(PY) -m bench.report
	$(MAKE) bench-load

# Only the load tests (50 staff for 60 s against gunicorn + PostgreSQL, demo data then 20× dataset; then 20 staff on
# the 20× dataset, arriving two per second, whose 95th percentile must stay under 1 s: issue 17).
bench-load: sysdeps-run $(VENV)/.installed
	PY=$(PY) ./bench/load.sh
	$(PY) -m bench.generate --dataset bench20
	PY=$(PY) LOAD_DATASET=bench20 ./bench/load.sh
	PY=$(PY) LOAD_DATASET=bench20 LOAD_USERS=20 LOAD_SPAWN_RATE=2 LOAD_P95_TARGET_MS=1000 \
	  LOAD_DOC=benchmarks-load-20x-20staff.md ./bench/load.sh
