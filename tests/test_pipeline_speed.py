"""Overlapping the services and memoising decisions change no decision: outputs are the same bytes either way.

Runs the seed catalogue through `pipeline.run` against the loopback fakes serving the reconstructed corpus
(tests/fakes/corpus/, markers removed as in test_pipeline_e2e.py) with quick pacers; speed itself is measured by
benchmarks/bench.py, never here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from enrich import pipeline
from enrich.cache import Cache
from enrich.clients.http import ServiceConfig
from enrich.memo import DecisionMemo
from enrich.records import Decision, Resolution
from enrich.report import render_report
from tests.conftest import SEED_CATALOGUE
from tests.fakes import FakeServices
from tests.test_pipeline_e2e import quick_services, served_corpus

MARKER = Resolution(1, Decision.ABSTAINED)


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


def _memo_run(folder: Path, fakes: FakeServices, cache_dir: Path, edit: Callable[[bytes], bytes] = lambda text: text,
              **memo_options: str) -> tuple[dict[str, bytes], int, DecisionMemo]:
    """A run whose services remember decisions in `cache_dir`: its outputs, the requests it made, and its memo."""
    folder.mkdir()
    (folder / "README.md").write_bytes(edit(SEED_CATALOGUE.read_bytes()))
    config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "speed@example.org", "GITHUB_TOKEN": "t0ken"})
    cache = Cache(cache_dir)
    services = dataclasses.replace(quick_services(config=config, cache=cache),
                                   memo=DecisionMemo.load(cache, offline=False, **memo_options))
    before = sum(len(server.requests) for server in fakes.servers.values())
    outcome = pipeline.run(pipeline.RunOptions(catalogue=folder / "README.md", bib=folder / "references.bib",
                                               report=folder / "report.json"), services=services)
    report = json.loads((folder / "report.json").read_bytes())
    assert (folder / "report.json").read_text(encoding="utf-8") == render_report(outcome.result)
    del report["catalogue"]
    for counts in report["requests"].values():
        del counts["waited_ms"]
    outputs = {"catalogue": (folder / "README.md").read_bytes(), "bib": (folder / "references.bib").read_bytes(),
               "report": json.dumps(report, sort_keys=True).encode()}
    assert services.memo is not None
    return outputs, sum(len(server.requests) for server in fakes.servers.values()) - before, services.memo


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FakeServices, dict[str, bytes]]]:
    """One live run of the seed catalogue that fills a cache and a decision memo."""
    folder = tmp_path_factory.mktemp("memo")
    with FakeServices(served_corpus(), github_options={"rolling": True}) as fakes:
        outputs, _, _ = _memo_run(folder / "cold", fakes, folder / "cache")
        yield folder, fakes, outputs


def _cache_of(cold: tuple[Path, FakeServices, dict[str, bytes]], tmp_path: Path) -> Path:
    cache_dir = tmp_path / "cache"
    shutil.copytree(cold[0] / "cache", cache_dir)
    return cache_dir


def test_same_inputs_replay_the_whole_run_without_a_request(cold, tmp_path: Path) -> None:
    """A second run on the same catalogue decides nothing, asks no service, and writes the cold run's bytes;
    its report equals that of a run deciding every row from the cache, request counts included."""
    _, fakes, cold_outputs = cold
    cache_dir = _cache_of(cold, tmp_path)
    warm, requests, memo = _memo_run(tmp_path / "warm", fakes, cache_dir)
    plain, _, _ = _memo_run(tmp_path / "plain", fakes, cache_dir, fingerprint="another rule set")
    assert (requests, memo.decided, memo.replayed, warm["catalogue"], warm["bib"]) == (
        0, 0, 0, cold_outputs["catalogue"], cold_outputs["bib"])
    assert warm["report"] == plain["report"]


def test_edited_row_is_decided_again_and_the_others_replayed(cold, tmp_path: Path) -> None:
    """Changing one row's text re-decides that row (paper and code) and replays every other decision."""
    fakes = cold[1]
    edit = lambda text: text.replace(b"| MarsGT          |", b"| MarsGT         |", 1)  # noqa: E731
    warm, requests, memo = _memo_run(tmp_path / "warm", fakes, _cache_of(cold, tmp_path), edit)
    rows = json.loads(warm["report"])["summary"]["rows"]
    unsettled = 11  # rows the bibliographic routes leave unsettled: each also takes the repository route
    assert (requests, memo.decided, memo.replayed) == (0, 2, 2 * rows - 2 + unsettled)


def test_changed_record_is_decided_again(cold, tmp_path: Path) -> None:
    """A record whose bytes changed re-decides the rows that read it; the others are replayed."""
    cache_dir = _cache_of(cold, tmp_path)
    changed = sorted((cache_dir / "crossref" / "search").glob("*.json"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    _, _, memo = _memo_run(tmp_path / "warm", cold[1], cache_dir)
    assert (memo.decided >= 1, memo.replayed >= 1) == (True, True)


def test_rule_change_decides_every_row_again(cold, tmp_path: Path) -> None:
    """Another fingerprint of enrich's source (a rule changed) replays nothing."""
    _, _, memo = _memo_run(tmp_path / "warm", cold[1], _cache_of(cold, tmp_path), fingerprint="a changed rule")
    assert (memo.replayed, memo.decided > 0) == (0, True)


def test_memo_refuses_foreign_pickles(tmp_path: Path) -> None:
    """A store holding anything but enrich's record types is ignored, never executed."""
    store = tmp_path / ".memo" / "decisions.pickle"
    store.parent.mkdir()
    store.write_bytes(pickle.dumps({"x": os.system}))
    assert DecisionMemo.load(Cache(tmp_path), offline=True).decide(("paper",), 1, lambda: MARKER)[0] is MARKER
