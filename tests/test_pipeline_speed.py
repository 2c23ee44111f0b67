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

from enrich import memo as memo_module
from enrich import pipeline
from enrich.cache import Cache
from enrich.catalogue import ParsedRows, read_catalogue
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
    store = tmp_path / ".memo" / memo_module.STORE
    store.parent.mkdir()
    store.write_bytes(pickle.dumps({"x": os.system}))
    assert DecisionMemo.load(Cache(tmp_path), offline=True).decide(("paper",), 1, lambda: MARKER)[0] is MARKER


def _plain_run(folder: Path, fakes: FakeServices, cache_dir: Path, edit: Callable[[bytes], bytes]) -> dict[str, bytes]:
    """`_memo_run` without a memo: every decision made from the cache."""
    folder.mkdir()
    (folder / "README.md").write_bytes(edit(SEED_CATALOGUE.read_bytes()))
    config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "speed@example.org", "GITHUB_TOKEN": "t0ken"})
    services = quick_services(config=config, cache=Cache(cache_dir))
    pipeline.run(pipeline.RunOptions(catalogue=folder / "README.md", bib=folder / "references.bib",
                                     report=folder / "report.json"), services=services)
    report = json.loads((folder / "report.json").read_bytes())
    del report["catalogue"], report["requests"]  # a run without a memo counts no replayed lookups
    return {"catalogue": (folder / "README.md").read_bytes(), "bib": (folder / "references.bib").read_bytes(),
            "report": json.dumps(report, sort_keys=True).encode()}


def test_edited_run_writes_the_bytes_a_run_without_memo_writes(cold, tmp_path: Path) -> None:
    """After a row is edited, a run replaying the other rows (and their parsed cells) writes what a run deciding
    every row from the cache writes."""
    fakes = cold[1]
    edit = lambda text: text.replace(b"| MarsGT          |", b"| MarsGT         |", 1)  # noqa: E731
    cache_dir = _cache_of(cold, tmp_path)
    _memo_run(tmp_path / "first", fakes, cache_dir)  # the rows' parses are kept by a run that replays decisions
    memoised, _, memo = _memo_run(tmp_path / "warm", fakes, cache_dir, edit)
    plain = _plain_run(tmp_path / "plain", fakes, cache_dir, edit)
    report = json.loads(memoised["report"])
    del report["requests"]
    memoised["report"] = json.dumps(report, sort_keys=True).encode()
    assert (memoised == plain, memo.decided, memo.replayed > 0) == (True, 2, True)


def test_writer_change_keeps_the_decision_fingerprint(tmp_path: Path) -> None:
    """A change to a module that only writes outputs leaves the decision fingerprint alone; a change to a matching
    rule, to a client's reading of answers or to the pipeline changes it (a copy of the package is edited)."""
    package = tmp_path / "enrich"
    shutil.copytree(Path(memo_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    moved: list[str] = []
    before = memo_module.decision_fingerprint.__wrapped__(package)
    for name in ("report.py", "bibtex.py", "cli.py", "rewrite.py", "match.py", "clients/crossref.py", "pipeline.py"):
        with (package / name).open("a", encoding="utf-8") as source:
            source.write("# edited\n")
        after = memo_module.decision_fingerprint.__wrapped__(package)
        if after != before:
            moved.append(name)
        before = after
    assert moved == ["match.py", "clients/crossref.py", "pipeline.py"]


def test_decision_files_are_the_deciders_and_what_they_import() -> None:
    """The decision fingerprint reads the matching rules and the clients, never the bib, report or CLI writers."""
    files = {path.as_posix() for path in memo_module.decision_files(Path(memo_module.__file__).parent)}
    wanted = {"resolve.py", "match.py", "code_links.py", "clients/crossref.py", "clients/github.py", "cache.py",
              "pipeline.py", "memo.py"}
    unwanted = {"bibtex.py", "bibmerge.py", "report.py", "cli.py", "rewrite.py", "catalogue.py", "audit.py"}
    assert (wanted - files, unwanted & files) == (set(), set())


def test_rows_parsed_before_read_as_a_fresh_parse(tmp_path: Path) -> None:
    """A catalogue read with the rows of an earlier parse gives the entries a fresh read gives; an edited row is
    parsed again and the others are taken from the earlier parse."""
    catalogue = tmp_path / "README.md"
    shutil.copyfile(SEED_CATALOGUE, catalogue)
    first = ParsedRows()
    read_catalogue(catalogue, rows=first)
    catalogue.write_bytes(SEED_CATALOGUE.read_bytes().replace(b"| MarsGT          |", b"| MarsGT         |", 1))
    second = ParsedRows(known=first.used)
    remembered = read_catalogue(catalogue, rows=second)
    fresh = read_catalogue(catalogue)
    assert (remembered.entries == fresh.entries, len(second.used.keys() - first.used.keys())) == (True, 1)


def test_parsed_rows_are_dropped_when_the_reader_changes(tmp_path: Path) -> None:
    """Rows stored under another fingerprint of the catalogue reader are not used."""
    cache = Cache(tmp_path)
    rows = ParsedRows()
    read_catalogue(SEED_CATALOGUE, rows=rows)
    memo = DecisionMemo.load(cache, offline=True)
    memo.keep_rows(rows)
    kept = len(memo.parsed_rows().known)
    store = tmp_path / ".memo" / "rows.pickle"
    store.write_bytes(store.read_bytes().replace(memo_module.reader_fingerprint().encode(), b"0" * 40))
    assert (kept == len(rows.used) > 0, len(memo.parsed_rows().known)) == (True, 0)


def test_derived_value_is_made_again_for_other_inputs(tmp_path: Path) -> None:
    """A derived value is reused for the same inputs only."""
    memo = DecisionMemo.load(Cache(tmp_path), offline=True)
    made: list[str] = []

    def make(text: str) -> Callable[[], tuple[str, ...]]:
        return lambda: (made.append(text), (text.upper(),))[1]

    values = [memo.derived("check", text, make(text)) for text in ("a", "a", "b", "b")]
    assert (values, made) == ([("A",), ("A",), ("B",), ("B",)], ["a", "b"])
