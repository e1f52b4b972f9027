# Portal Coaching Clinic SKP — the two commands: `make run` and `make test`.
# Both set up everything on a fresh Debian machine with Python 3.11: Debian packages when
# missing, the virtualenv, the database (a private PostgreSQL cluster unless DATABASE_URL is
# set), translations and migrations.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WITH_DB := scripts/with-db.sh
ADDRESS ?= 127.0.0.1:8000

# Development mode unless the caller says otherwise (production sets DEBUG=0 and SECRET_KEY).
export DEBUG ?= 1

.PHONY: run test quick bench backup restore lint format setup setup-browser sysdeps messages migrate \
	seed db-stop clean

# Links in e-mail and survey links name the address the portal is served on.
run: export PORTAL_URL ?= http://$(ADDRESS)
# The demo office's contact on the landing page (replace with the office's own: README).
run: export OFFICE_PHONE ?= (0526) 2028 100
run: export OFFICE_WHATSAPP ?= 6281250000100
run: setup ## Serve the portal with the demo regency on http://127.0.0.1:8000
	$(WITH_DB) $(BIN)/python manage.py migrate --noinput
	$(WITH_DB) $(BIN)/python manage.py seed_demo
	$(WITH_DB) $(BIN)/python manage.py runserver $(ADDRESS)

# The suite runs on every core (pytest-xdist, a test database per worker; a file's tests stay
# on one worker, so a module's shared data is built once). PYTEST_WORKERS=0 runs it in one
# process.
PYTEST_WORKERS ?= auto

test: setup-browser lint ## Ruff, migrations check and the whole pytest suite on PostgreSQL
	$(WITH_DB) $(BIN)/python manage.py makemigrations --check --dry-run
	$(WITH_DB) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

quick: setup lint ## The inner loop: everything but the browser journeys and the slow builds
	$(WITH_DB) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not e2e and not slow" \
		$(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: sysdeps $(VENV)/.installed locale/.compiled

setup-browser: setup
	PYTHON=$(PYTHON) scripts/sysdeps.sh --browser --wrk

backup: setup ## Database (pg_dump, custom format) and uploaded files into backups/<time>
	$(WITH_DB) $(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: setup ## Restore a backup: make restore FILE=backups/coaching-portal-<time>.dump
	@test -n "$(FILE)" || { echo "Which backup? make restore FILE=backups/coaching-portal-<time>.dump"; exit 2; }
	$(WITH_DB) $(BIN)/python manage.py restore "$(FILE)"

bench: setup ## The benchmark: a regency of 50,000 pegawai under load (docs/benchmarks.md)
	PYTHON=$(PYTHON) scripts/sysdeps.sh --bench
	$(WITH_DB) $(BIN)/python manage.py bench $(BENCH_ARGS)

sysdeps:
	PYTHON=$(PYTHON) scripts/sysdeps.sh

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

locale/.compiled: $(wildcard locale/*/LC_MESSAGES/django.po)
	for po in $^; do msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; done
	touch $@

messages: setup ## Collect new strings into the English catalogue
	$(WITH_DB) $(BIN)/python manage.py makemessages --locale en --ignore=.venv --ignore=tests \
		--ignore=static --no-obsolete

migrate: setup
	$(WITH_DB) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(WITH_DB) $(BIN)/python manage.py seed_demo $(SEED_ARGS)

db-stop:
	$(WITH_DB) --stop

clean: db-stop
	rm -rf $(VENV) .pg staticfiles .pytest_cache .ruff_cache locale/.compiled
