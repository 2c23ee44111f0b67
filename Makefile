# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

CATALOGUE ?= catalogue/README.md
BIB ?= references.bib
REPORT ?= build/report.json

.PHONY: test demo enrich check refresh audit bench demo-cache clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# The whole pipeline offline on the bundled cache; writes only into build/demo/.
demo: $(STAMP)
	mkdir -p build/demo
	cp $(CATALOGUE) build/demo/README.md
	ENRICH_CACHE_DIR=cache $(PY) -m enrich run --offline --catalogue build/demo/README.md \
		--bib build/demo/references.bib --report build/demo/report.json || test $$? -eq 1
	@echo "demo output: build/demo/README.md build/demo/references.bib build/demo/report.json"

# The live job, run before a release.
enrich: $(STAMP)
	mkdir -p build
	$(PY) -m enrich run --catalogue $(CATALOGUE) --bib $(BIB) --report $(REPORT)

check: $(STAMP)
	$(PY) -m enrich check $(CATALOGUE)

clean:
	rm -rf build $(VENV)
