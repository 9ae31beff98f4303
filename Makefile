# Recovery Hub: `make run` serves the demo, `make test` runs the whole suite.
# Each step is redone only when what it depends on has changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NHSUK := frontend/node_modules/nhsuk-frontend/dist/nhsuk
STATIC := build/static
HOST ?= 127.0.0.1:8000
# One test process per core (pytest-xdist); each has its own test database.
TEST_WORKERS ?= auto

.PHONY: run test lint format setup assets migrate demo demo-code check-browser bench clean

run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo --size small --seed 1
	@echo ""
	@echo "Recovery Hub is at http://$(HOST)/ (press Ctrl+C to stop)"
	@# DEBUG_ERROR_PAGES=0: a missing page or a fault shows the NHS error pages a user would see.
	@# The job runner sends the demo's messages (to the console) beside the web server,
	@# and stops when the web server does.
	DEBUG=1 $(BIN)/python manage.py run_jobs & jobs=$$!; \
	trap 'kill $$jobs 2>/dev/null; wait $$jobs 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 DEBUG_ERROR_PAGES=0 $(BIN)/python manage.py runserver $(HOST)

test: setup var/static/staticfiles.json
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	@# Keep compiled modules and pytest's rewritten tests between runs even where the
	@# environment says not to write bytecode: each worker otherwise compiles every
	@# module again (6 s of its start).
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --durations=15 $(PYTEST_ARGS)

# The demo staff accounts' current two-factor code (seed_demo prints this command).
demo-code:
	@DEBUG=1 $(BIN)/python manage.py demo_code

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(VENV)/.installed $(STATIC)/.built

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

$(STATIC)/.built: frontend/node_modules/.installed $(wildcard frontend/src/*)
	rm -rf $(STATIC) && mkdir -p $(STATIC)/recoveryhub $(STATIC)/nhsuk
	cd frontend && npx sass --no-source-map --style=compressed --load-path=node_modules \
		src/recoveryhub.scss ../$(STATIC)/recoveryhub/recoveryhub.css
	cp frontend/src/recoveryhub.js frontend/src/js-enabled.js frontend/src/kiosk.js $(STATIC)/recoveryhub/
	cp $(NHSUK)/nhsuk-frontend.min.js $(STATIC)/nhsuk/
	cp -r $(NHSUK)/assets $(STATIC)/nhsuk/assets
	touch $@

# Hashed, compressed copies for production-like serving (the test suite uses them).
# Collecting files needs no secret, but the settings insist on a strong one outside DEBUG:
# a throwaway random one, used for nothing else.
var/static/staticfiles.json: $(STATIC)/.built $(VENV)/.installed
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") $(BIN)/python manage.py collectstatic --noinput --clear --verbosity 0

bench: setup
	@# Locust (bench/load.py) is heavy, so only benchmarks install it.
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	$(BIN)/python bench/seed_large.py

clean:
	rm -rf $(VENV) build var frontend/node_modules
