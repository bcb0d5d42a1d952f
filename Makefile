# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test audit lint format bench clean translations messages

$(STAMP): pyproject.toml sandbox/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' -e ./sandbox
	@touch $(STAMP)

install: $(STAMP) translations

## Compile the screens' translations (inbox/translations/*/LC_MESSAGES/messages.po -> .mo).
translations: $(STAMP)
	$(BIN)/pybabel compile -f -d inbox/translations

## Collect new screen texts into the catalogues (then translate the empty msgstr lines).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -k lazy_pgettext:1c,2 -k lazy_ngettext:1,2 -o var/messages.pot .
	$(BIN)/pybabel update -i var/messages.pot -d inbox/translations

## Start the whole desk on embedded defaults (SQLite, embedded Redis, sandboxes).
run: install
	$(BIN)/aduan run

## Lint and run the tests (add TEST_DATABASE_URL / TEST_REDIS_URL for the PostgreSQL tier).
## They run in TEST_WORKERS processes (pytest-xdist, a file per process at a time); with
## the PostgreSQL tier each has its own database and Redis database (tests/conftest.py).
## Three: many tests wait on real workers or Chromium, and a third keeps 2 cores busy.
TEST_WORKERS ?= 3
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

## Known vulnerabilities in the installed dependencies (pip-audit); says so when it cannot look.
audit: $(STAMP)
	$(BIN)/python .ci/audit

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var build *.egg-info
