# Hallkeeper — make targets. `make demo` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HK := $(BIN)/hallkeeper
STAMP := $(VENV)/.installed
FRONT_STAMP := frontend/node_modules/.installed

# The suite runs on every core (at most four): pytest-xdist workers, the tests that read the demo together on one.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadgroup

.PHONY: demo test setup python frontend browser migrate lint check bench messages serve clean

demo: setup migrate ## install, load the demo hall and serve it on http://127.0.0.1:8000
	$(HK) demo
	$(HK) runserver 127.0.0.1:8000

test: setup browser ## the whole suite: lint, layers, checks, unit, integration and browser tests
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(HK) check --fail-level WARNING
	$(HK) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

setup: python frontend

python: $(STAMP)
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Hallkeeper needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

frontend: $(FRONT_STAMP)
$(FRONT_STAMP): frontend/package.json frontend/package-lock.json frontend/build.mjs frontend/echarts-entry.mjs frontend/echarts-bar-entry.mjs
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 18 or newer"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	node frontend/build.mjs
	touch $@

browser: ## Chromium, CJK fonts and gettext for the suite (Debian packages)
	@sh scripts/ensure-system-packages.sh

migrate: setup
	$(HK) migrate --no-input

serve: setup migrate
	$(HK) runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests bench

messages: setup ## refresh and compile the zh_Hans catalogue
	cd src/hallkeeper && ../../$(HK) makemessages -l zh_Hans --no-obsolete --no-location
	cd src/hallkeeper && ../../$(HK) compilemessages -l zh_Hans

bench: setup ## synthetic data at 1 and 100 halls; page timings and query counts
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) frontend/node_modules src/hallkeeper/static/dist var/bench
