# Two commands set up a fresh machine:  `make run` (the app, SQLite, demo data)  and  `make test` (everything).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx

.PHONY: run test setup browser proxy lint unit integration ui e2e bench screenshots css icons clean

run: $(STAMP)
	$(BIN)/python main.py --demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

AXE := node_modules/axe-core/axe.min.js

setup: $(STAMP) browser proxy $(AXE)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# Debian's Chromium where apt works (CI and developer machines here); Playwright's own download elsewhere.
browser:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) >/dev/null; \
	else $(BIN)/playwright install chromium; fi

# Debian's nginx for the proxy test (tests/e2e/test_proxy.py runs its own, configured from deploy/nginx/).
proxy:
	@if [ -x $(NGINX) ]; then echo "nginx: $(NGINX)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx) >/dev/null; \
	else echo "nginx: not found; install Debian's nginx (apt-get install nginx) for tests/e2e/test_proxy.py"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite: lint, then every test (PostgreSQL tests run when MENTOR_TEST_POSTGRES_URL is set).
# Three test processes at once, a file's tests together (they share module fixtures); most of a test's time
# is waiting on a server or a browser, so three fit on two cores. Tests marked `alone` stop what the others
# share (the PostgreSQL server): they run afterwards, by themselves.
TEST_PROCESSES ?= 3
test: setup lint
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_PROCESSES) --dist loadfile -m 'not alone' --durations=30
	$(BIN)/pytest -q -p no:cacheprovider -m alone

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

integration: $(STAMP) $(AXE)
	$(BIN)/pytest -q tests/integration

ui: $(STAMP)
	$(BIN)/pytest -q tests/ui

e2e: setup
	$(BIN)/pytest -q tests/e2e

# Tailwind's classes, compiled ahead of time into ui/static/tailwind.css (commit the result).
css: $(STAMP) $(AXE)
	$(BIN)/python -m ui.tailwind

# Every icon's shape, from the @quasar/extras npm package into ui/icons.py and ui/static/quasar_icons.js (commit both).
icons: $(STAMP) $(AXE)
	$(BIN)/python -m ui.icon_shapes

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# E1: the key pages at 390×844 and 1280×800, rendered into docs/screenshots/ (shown in the README).
screenshots: setup
	$(BIN)/python -m tests.e2e.screenshots
