# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

CATALOGUE ?= catalogue/README.md
BIB ?= references.bib
REPORT ?= build/report.json

.PHONY: test demo enrich check refresh audit bench demo-cache fakes clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# The whole pipeline offline on the bundled cache; writes only into build/demo/.
demo: $(STAMP)
	mkdir -p build/demo
	# a fresh copy each time: the run merges into an existing bib, and the demo shows what a first run writes
	rm -f build/demo/references.bib
	cp $(CATALOGUE) build/demo/README.md
	if [ -f $(dir $(CATALOGUE))overrides.toml ]; then cp $(dir $(CATALOGUE))overrides.toml build/demo/; fi
	ENRICH_CACHE_DIR=cache $(PY) -m enrich run --offline --catalogue build/demo/README.md \
		--bib build/demo/references.bib --report build/demo/report.json
	@echo "demo output: build/demo/README.md build/demo/references.bib build/demo/report.json"

# The live job, run before a release.
enrich: $(STAMP)
	mkdir -p build
	$(PY) -m enrich run --catalogue $(CATALOGUE) --bib $(BIB) --report $(REPORT)

# The scheduled job (CI cron): exit 1 means "changes proposed" and exit 3 "a service was unreachable, try
# later"; neither is a failure here.
refresh: $(STAMP)
	mkdir -p build
	$(PY) -m enrich refresh --catalogue $(CATALOGUE) --bib $(BIB) --report build/refresh-report.json \
		--changelog build/CHANGELOG-refresh.md || { status=$$?; \
		if [ $$status -eq 3 ]; then echo "enrich: a service was unreachable; entries left for the next run"; \
		else test $$status -eq 1; fi; }

audit: $(STAMP)
	mkdir -p build
	$(PY) -m enrich audit --strict --catalogue $(CATALOGUE) --report build/audit.json

check: $(STAMP)
	$(PY) -m enrich check $(CATALOGUE)

# Re-record cache/ from the loopback fakes serving the reconstructed corpus (tests/fakes/corpus/).
demo-cache: $(STAMP)
	$(PY) scripts/record_demo_cache.py

# Serve the fakes on 127.0.0.1 and print the ENRICH_*_URL exports, to try the live command locally.
fakes: $(STAMP)
	$(PY) scripts/fake_services.py

# Speed and politeness against rate-limited loopback fakes (minutes; not part of make test).
bench: $(STAMP)
	$(PY) benchmarks/bench.py

clean:
	rm -rf build $(VENV)
