# The Runner's Knee Guide. `make serve` to preview, `make test` to check everything.
# Needs only python3 (3.11 or newer) with venv, and make. See README.md.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
PAPER  ?= a4
# The engine that builds the site: mkdocs (the default) or properdocs, in .venv-properdocs.
ENGINE ?= mkdocs

# Material 9.7+ prints a banner about MkDocs 2.0 on every run; the README explains the pin instead.
export NO_MKDOCS_2_WARNING := 1
# pip's own chatter is noise here.
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test lint hooks pdf bench audit clean

help: ## List the commands
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# The environment is rebuilt whenever a requirements file is newer than it.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# ProperDocs gets an environment of its own, so that it never shares one with MkDocs' own CLI.
PDVENV := .venv-properdocs
$(PDVENV)/.installed: requirements-properdocs.txt requirements-dev.txt requirements.txt
	$(PYTHON) -m venv $(PDVENV)
	$(PDVENV)/bin/python -m pip install --quiet --upgrade pip
	$(PDVENV)/bin/python -m pip install --quiet -r requirements-properdocs.txt
	@touch $@

ifeq ($(ENGINE),properdocs)
ENGINE_BIN := $(PDVENV)/bin
ENGINE_ENV := $(PDVENV)/.installed
else ifeq ($(ENGINE),mkdocs)
ENGINE_BIN := $(BIN)
ENGINE_ENV := $(VENV)/.dev-installed
else
$(error ENGINE must be mkdocs or properdocs, not $(ENGINE))
endif

# Not strict, so a page with a finding still shows while you fix it; the finding is in the log.
serve: $(VENV)/.site-installed ## Preview the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --no-strict --dev-addr $(HOST)

build: $(ENGINE_ENV) ## Build the site strictly into site/ (ENGINE=properdocs to build with ProperDocs)
	$(ENGINE_BIN)/$(ENGINE) build --strict

pdf: $(VENV)/.dev-installed ## Build the site, then PDFs of every chapter and the whole guide in site/pdf/ (PAPER=letter for US Letter)
	$(BIN)/mkdocs build --strict
	$(BIN)/python scripts/print_pdf.py --site site --paper $(PAPER)

bench: $(VENV)/.site-installed ## Time the build on synthetic guides of 10 to 800 chapters (BENCH_ARGS="--quick")
	$(BIN)/python tests/bench/bench.py $(BENCH_ARGS)

# The tests build with ENGINE's environment; one test also builds with ProperDocs and compares.
# One pytest worker per core (pytest-xdist), each test file on one worker so that the fixtures a
# file shares (the hostile corpus, the printed site) are built once; TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: $(VENV)/.dev-installed $(PDVENV)/.installed node_modules/.installed ## Run every test (builds the real site, drives a real browser; ENGINE=properdocs to run them on ProperDocs)
	ENGINE=$(ENGINE) $(ENGINE_BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# axe-core (make test) and Lighthouse (make audit), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: the accessibility tests need Node.js 18.16 or newer with npm (Debian/Ubuntu: sudo apt install nodejs npm; or https://nodejs.org)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

audit: $(VENV)/.site-installed node_modules/.installed ## Lighthouse on the home page and each chapter (slow; not part of test)
	$(BIN)/mkdocs build --strict
	$(BIN)/python tests/audit/lighthouse.py --site site $(if $(RUNS),--runs $(RUNS))

# What `make lint` reads: every file Git tracks or would add (a new page too), less images.
FILES  := git ls-files --cached --others --exclude-standard -z
BINARY := \.(png|jpe?g|gif|webp|ico|pdf|woff2?)$$
EACH   := grep -zvE '$(BINARY)' | xargs -0

# The checks of .pre-commit-config.yaml, run on every file, without pre-commit. Each check runs
# even when one before it failed, so one run shows every problem.
lint: $(VENV)/.dev-installed ## Check the code (ruff, mypy), claims, references, spelling, YAML and whitespace (as pre-commit does)
	@status=0; \
	echo "== Code (ruff check, ruff format --check, mypy)"; \
	$(BIN)/ruff check --force-exclude --quiet . || status=1; \
	$(BIN)/ruff format --check --force-exclude --quiet . || status=1; \
	$(BIN)/mypy || status=1; \
	echo "== Claims and references (python hooks/check.py docs)"; \
	$(BIN)/python hooks/check.py docs || status=1; \
	echo "== Spelling (codespell)"; \
	$(FILES) | $(EACH) $(BIN)/codespell || status=1; \
	$(FILES) -- 'docs/*.md' | $(EACH) $(BIN)/codespell --builtin en-GB_to_en-US || status=1; \
	echo "== YAML syntax (check-yaml)"; \
	$(FILES) -- '*.yml' '*.yaml' | $(EACH) $(BIN)/check-yaml --unsafe || status=1; \
	echo "== Whitespace (fixed for you: look at the files named, then commit them)"; \
	$(FILES) | grep -zv '\.tsv$$' | xargs -0 $(BIN)/trailing-whitespace-fixer --markdown-linebreak-ext=md || status=1; \
	$(FILES) | $(EACH) $(BIN)/end-of-file-fixer || status=1; \
	if [ $$status = 0 ]; then echo "make lint: all checks passed."; \
	else echo "make lint found problems (above). CONTRIBUTING.md explains each message and how to fix it."; fi; \
	exit $$status

hooks: $(VENV)/.dev-installed ## Run the same checks on your changed files before each commit (pre-commit)
	$(BIN)/pre-commit install

clean: ## Remove the environment, the built site and caches
	rm -rf $(VENV) $(PDVENV) site .pytest_cache .cache node_modules lighthouse-reports
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
