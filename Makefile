# OpenCAF developer commands. Quick start: `make run`, then `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | sha1sum | cut -c1-12)
DEV := DEBUG=1
PG_URL ?= postgres://postgres@127.0.0.1:5432/opencaf_ci

.PHONY: install install-test-tools run prepare test test-postgres lint check-translations messages lock serve worker

$(STAMP): requirements.lock requirements-dev.lock
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (see .python-version).")'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# The OpenID Connect provider the single sign-on journeys run against (tests only; needs Node.js and npm).
OIDC_DIR := tests/oidc_provider
OIDC_STAMP := $(OIDC_DIR)/node_modules/.installed-$(shell sha1sum $(OIDC_DIR)/package-lock.json | cut -c1-12)
$(OIDC_STAMP): $(OIDC_DIR)/package-lock.json
	npm ci --prefix $(OIDC_DIR) --no-audit --no-fund --loglevel=error
	touch $(OIDC_STAMP)

install-test-tools: install $(OIDC_STAMP)

# Migrate the embedded SQLite database, load the CAF model and seed the demo once.
prepare: install
	$(DEV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV) $(BIN)/python manage.py createcachetable -v 0
	$(DEV) $(BIN)/python manage.py load_frameworks
	$(DEV) $(BIN)/python manage.py load_procedures
	$(DEV) $(BIN)/python manage.py seed_demo
	$(BIN)/python scripts/translations.py compile

run: prepare
	@echo ""
	@echo "OpenCAF is starting at http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password: demo): coordinator@example.org, admin@example.org, quality@example.org,"
	@echo "  leader@example.org, assessor1@example.org ... assessor9@example.org, manager@example.org,"
	@echo "  owner@example.org, viewer@example.org, outsider@example.org, efac@example.org"
	@echo ""
	@# The background worker generates report documents; it stops together with the server.
	@$(DEV) $(BIN)/python manage.py db_worker --no-reload --no-startup-delay > var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy opencaf
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py load_frameworks --check --settings=opencaf.settings_test
	$(BIN)/python manage.py load_procedures --check --settings=opencaf.settings_test
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-value-for-the-check ALLOWED_HOSTS=opencaf.example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

check-translations: install
	$(DEV) $(BIN)/python scripts/translations.py check

test: lint check-translations install-test-tools
	$(BIN)/python scripts/translations.py compile
	$(BIN)/pytest -n 2

# The whole suite again on PostgreSQL (a throwaway database, dropped afterwards); browser tests run once, on SQLite,
# except the single sign-on journeys.
test-postgres: install-test-tools
	$(BIN)/python scripts/translations.py compile
	DATABASE_URL=$(PG_URL)_$$$$ $(BIN)/pytest -n 2 -m "not e2e"
	DATABASE_URL=$(PG_URL)_sso_$$$$ $(BIN)/pytest -p no:xdist tests/e2e/test_single_sign_on.py

messages: install
	$(BIN)/python manage.py makemessages -l sl -l bg -l en --no-obsolete --no-location -i ".venv/*" -i "var/*"
	$(BIN)/python scripts/translations.py compile

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --output-file requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --output-file requirements-dev.lock requirements-dev.in

serve: install
	$(BIN)/gunicorn opencaf.wsgi --bind 127.0.0.1:$(PORT) --workers 3

worker: install
	$(BIN)/python manage.py db_worker
