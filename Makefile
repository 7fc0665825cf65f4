# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The address emails, stored PDFs and the printed sign-in link give: this server's own,
# unless set (`make run PORT=8401` links to :8401).
SITE_URL ?= http://127.0.0.1:$(PORT)
PIP_VERSION := 25.3

# The demo office's name, words and numbering (a real office sets its own).
include fixtures/demo/office.env
export OFFICE_NAME OFFICE_SHORT_NAME OFFICE_ORGANISATION DECISION_MAKER DECISION_MAKER_TITLE REFERENCE_FORMAT OFFICE_EMAIL OFFICE_PHONE

.PHONY: install run test lint format migrations-check ci clean bench code mutation

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "pccdecisions needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

# Reinstalled whenever the pinned dependencies change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The public site's CSS and JS (GOV.UK Frontend, compiled with Dart Sass) into
# static/build/. Node modules are reinstalled only when the lockfile changes and
# the build reruns only when it or static/src/ changes. No install scripts, no
# optional (native) packages: nothing but the npm registry is needed.
.PHONY: assets
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --omit=optional --ignore-scripts --loglevel=error
	touch $@

static/build/.built: node_modules/.installed $(wildcard static/src/*)
	npm run --silent build
	touch $@

assets: static/build/.built

# The server, and beside it the background worker that renders and signs each notice's
# PDF (at a lower priority, so readers come first); Ctrl-C stops both.
run: install assets
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py make_signing_key
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo
	SITE_URL=$(SITE_URL) nice -n 10 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The current two-factor code of a demo account: make code ACCOUNT=drafter
code: install
	@$(BIN)/python manage.py demo_code $(or $(ACCOUNT),drafter)

# On every core (pytest-xdist: each worker its own test database and media folder).
# PYTEST_ARGS="-n 0" runs in one process, e.g. to use a debugger.
test: install assets
	$(BIN)/pytest -n $(or $(TEST_WORKERS),auto) $(PYTEST_ARGS)

# Mutation testing of what a reader sees first: the notice's Markdown, the register's
# filters and search, numbering, and how a confidential part is kept out of the public
# notice ([tool.mutmut] in pyproject.toml names the files and tests; these names pick
# the functions). One worker, as the machine has other work, and afresh each time so
# the score is today's. `$(BIN)/mutmut browse` shows each survivor afterwards.
MUTATION_SCOPE := 'decisions.markup.*' 'decisions.public.finding.*' \
	'decisions.references.*' 'decisions.models.numbering.*' '*withheld_notes*' \
	'decisions.notices.x_notice_queryset*' 'decisions.notices.x_draft_notice*' \
	'decisions.notices.x_search_document*'

mutation: install assets
	rm -rf mutants
	$(BIN)/mutmut run --max-children 1 $(MUTATION_SCOPE)
	$(BIN)/mutmut results

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache mutants

# The benchmark: PostgreSQL at 127.0.0.1:5432, gunicorn and wrk (installed if missing).
# BENCH_COUNT (100000), BENCH_RUNS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WORKERS.
bench: install assets
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@command -v pdfinfo >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)
	@test -f /usr/share/dict/british-english || (apt-get update -qq && apt-get install -y -qq wbritish)
	@test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx)
	$(BIN)/python -m bench.run
