"""Overlapping the services and memoising decisions change no decision: outputs are the same bytes either way.

Runs the seed catalogue through `pipeline.run` against the loopback fakes serving the reconstructed corpus
(tests/fakes/corpus/, markers removed as in test_pipeline_e2e.py) with quick pacers; speed itself is measured by
benchmarks/bench.py, never here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from enrich import pipeline
from enrich.cache import Cache
from enrich.clients.http import ServiceConfig
from tests.conftest import SEED_CATALOGUE
from tests.fakes import FakeServices
from tests.test_pipeline_e2e import quick_services, served_corpus


def _run(folder: Path, fakes: FakeServices, **options: bool) -> dict[str, bytes]:
    folder.mkdir()
    shutil.copyfile(SEED_CATALOGUE, folder / "README.md")
    config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "speed@example.org", "GITHUB_TOKEN": "t0ken"})
    services = quick_services(config=config, cache=Cache(folder / "cache"))
    run_options = pipeline.RunOptions(catalogue=folder / "README.md", bib=folder / "references.bib",
                                      report=folder / "report.json", **options)
    pipeline.run(run_options, services=services)
    report = json.loads((folder / "report.json").read_bytes())
    del report["requests"], report["catalogue"]  # live counts and the folder differ by design
    return {"catalogue": (folder / "README.md").read_bytes(), "bib": (folder / "references.bib").read_bytes(),
            "report": json.dumps(report, sort_keys=True).encode()}


def test_overlap_changes_no_decision(tmp_path: Path) -> None:
    """Code look-ups started while Crossref still works give the same catalogue, bib and report as stage by stage."""
    with FakeServices(served_corpus(), latency=0.005, github_options={"rolling": True}) as fakes:
        overlapped = _run(tmp_path / "overlap", fakes, overlap=True)
        staged = _run(tmp_path / "staged", fakes, overlap=False)
    code_links = json.loads(overlapped["report"])["summary"]["code_decisions"]
    assert (overlapped == staged, code_links.get("resolved", 0) > 0) == (True, True)
