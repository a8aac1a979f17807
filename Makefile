# Everything runs from a virtual environment in .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

# The generator of record is ProperDocs (the maintained MkDocs 1.x); Zensical is the second one
# (src/policy_zensical). `make build GENERATOR=zensical` builds the same site with it.
GENERATOR ?= properdocs
PROPERDOCS := $(BIN)/properdocs
BUILD_properdocs := $(PROPERDOCS) build --strict -f mkdocs.yml
BUILD_zensical := $(BIN)/python -m policy_zensical build
BUILD = $(if $(BUILD_$(GENERATOR)),$(BUILD_$(GENERATOR)),$(error GENERATOR is properdocs or zensical, not $(GENERATOR)))

BASE   ?= main
.PHONY: install serve build demo test test-tools pdf-tools check live clean bench preview

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: install  ## the real policy at http://127.0.0.1:8000/; an edit rebuilds only the pages it changes
	$(PROPERDOCS) serve --dirty -f mkdocs.yml

build: install pdf-tools  ## the real policy into site/ (GENERATOR=properdocs, or zensical)
	$(BUILD) --site-dir site

demo: install  ## the sample history, every feature on show
	POLICY_VERSIONS_DIR=samples/policy_versions POLICY_DOCUMENTS=samples/documents.yml POLICY_PUBLICATIONS_DIR=tests/fixtures/publications $(PROPERDOCS) serve --dirty -f mkdocs.yml

check: install
	$(BIN)/policy check

# The versions' PDFs (made by every build, not by serve) need Pango and Debian's fonts-noto-cjk.
pdf-tools:
	bash scripts/install-test-tools --pdf

test-tools:  ## Chromium, the Nu HTML Checker, axe-core... for the browser tests (scripts/install-test-tools)
	bash scripts/install-test-tools

# The live policy is judged by `policy check` and a strict build of the real site with each
# generator; the tests judge the engine on histories they own (tests/fixtures, samples), and
# compare the two generators' sites there, so a correct edit never turns them red.
live: install pdf-tools
	$(BIN)/policy check
	$(BUILD_properdocs) --quiet --site-dir "$$(mktemp -d)"
	$(BUILD_zensical) --quiet --site-dir "$$(mktemp -d)"

test: install test-tools live
	$(BIN)/python -m pytest

preview: install pdf-tools  ## the site on each day a pull request matters, into preview/<day>/ (BASE=main)
	rm -rf preview
	for day in $$($(BIN)/policy preview-days --base "$(BASE)"); do \
	  POLICY_TODAY=$$day POLICY_PREVIEW=1 $(BUILD_properdocs) --quiet --site-dir "preview/$$day" || exit 1; \
	done

clean:
	rm -rf site $(VENV)

# BENCH passes options to site_benchmark.py, e.g. make bench BENCH="--sizes 10 50 --no-serve"
bench: install pdf-tools  ## benchmark figures (printed, never asserted); results in BENCHMARKS.md
	$(BIN)/python benchmarks/diff_benchmark.py
	$(BIN)/python benchmarks/pdf_benchmark.py
	$(BIN)/python benchmarks/site_benchmark.py $(BENCH)
