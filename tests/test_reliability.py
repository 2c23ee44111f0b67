"""Nothing is lost or half-written: faulty services, SIGKILL and Ctrl-C against the loopback fakes; and one test
per item of issue 15 (edits during a run, locks, outages, unwritable outputs, leftovers, hostile or wrong-shaped data).

The fakes serve the reconstructed corpus without its markers (see test_pipeline_e2e.served_corpus) so the cache
counts on a live rerun as it does for fetched answers.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enrich import pipeline
from enrich.cache import Cache, work_key
from enrich.cli import main
from enrich.clients.crossref import POLITE_POOL, CrossrefClient
from enrich.clients.datacite import DEFAULT_RATE as DATACITE_RATE
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Circuits, Pacer, RetryPolicy, ServiceConfig
from enrich.errors import CacheMiss, InputChanged, InUse, ServiceError
from enrich.lock import hold_locks
from enrich.pipeline import RunOptions, Services, deferred_lines, run
from enrich.progress import Event, RowDecided
from enrich.records import Author, Decision, WorkRecord
from enrich.rewrite import paper_cell

from tests.conftest import ROOT, SEED_CATALOGUE
from tests.fakes import Corpus, FakeServices
from tests.fakes.server import FaultPlan, RefusedPort, SilentPort
from tests.test_pipeline_e2e import TOKEN, served_corpus

FAULT_RATES = {"500": 0.05, "429": 0.05, "slow": 0.05, "truncated": 0.05}
QUICK_RETRY = RetryPolicy(attempts=8, initial=0.01, maximum=0.05)
CLIENT_TIMEOUT = 0.25  # seconds; a "slow" fault answers after SLOW_SECONDS, so it times out
SLOW_SECONDS = 0.5
OLD_BIB = b"% the bib before this run\n"


def _config(fakes: FakeServices) -> ServiceConfig:
    return ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "reliability@example.org", "GITHUB_TOKEN": TOKEN})


def _patient_services(config: ServiceConfig, cache: Cache) -> Services:
    """Clients with quick pacers, tiny retry waits and short timeouts (GitHub's timeout is not configurable)."""
    return Services(
        crossref=CrossrefClient(config, cache, retry=QUICK_RETRY, timeout=CLIENT_TIMEOUT, pacer=Pacer(200.0, 3)),
        datacite=DataCiteClient(config, cache, retry=QUICK_RETRY, timeout=CLIENT_TIMEOUT, pacer=Pacer(200.0, 3)),
        github=GitHubClient(config, cache, retry=QUICK_RETRY, pacer=Pacer(200.0, 1), search_pacer=Pacer(200.0, 1)),
    )


def _run_in_process(folder: Path, fakes: FakeServices, *, find_code_links: bool = True) -> dict[str, bytes]:
    catalogue = folder / "README.md"
    folder.mkdir(exist_ok=True)
    if not catalogue.exists():
        shutil.copyfile(SEED_CATALOGUE, catalogue)
    options = RunOptions(catalogue=catalogue, bib=folder / "references.bib", report=folder / "report.json",
                         find_code_links=find_code_links)
    run(options, services=_patient_services(_config(fakes), Cache(folder / "cache")))
    return _outputs(folder)


def _outputs(folder: Path) -> dict[str, bytes]:
    outputs = {name: (folder / name).read_bytes() for name in ("README.md", "references.bib")}
    report = json.loads((folder / "report.json").read_bytes())
    del report["requests"], report["catalogue"]  # live counts and the folder differ by design
    outputs["report"] = json.dumps(report, sort_keys=True).encode("utf-8")
    return outputs


def _requests(fakes: FakeServices) -> int:
    return sum(len(server.requests) for server in fakes.servers.values())


def test_faulty_services_give_a_clean_runs_result(tmp_path: Path) -> None:
    """With 20% of answers failing (500, 429, slow, truncated) the catalogue, bib and report equal a clean run's."""
    with FakeServices(served_corpus(), github_options={"rolling": True}) as fakes:
        clean = _run_in_process(tmp_path / "clean", fakes)
    plans = {service: FaultPlan(seed=number, rates=FAULT_RATES, slow_seconds=SLOW_SECONDS)
             for number, service in enumerate(("crossref", "datacite", "github"), start=11)}
    with FakeServices(served_corpus(), fault_plans=plans, github_options={"rolling": True}) as fakes:
        faulty = _run_in_process(tmp_path / "faulty", fakes)
    injected = {kind for plan in plans.values() for kind in plan.injected}
    assert injected == {"500", "429", "slow", "truncated"}
    assert faulty == clean


# ---------------------------------------------------------------- interrupted runs (a real process)


def _start_cli(folder: Path, fakes: FakeServices) -> subprocess.Popen[bytes]:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("ENRICH_") and name != "GITHUB_TOKEN"}
    environment.update(fakes.env)
    environment.update({"ENRICH_CACHE_DIR": str(folder / "cache"), "ENRICH_MAILTO": "reliability@example.org",
                        "PYTHONPATH": str(ROOT / "src")})
    command = [sys.executable, "-m", "enrich", "run", "--no-code", "--catalogue", str(folder / "README.md"),
               "--bib", str(folder / "references.bib"), "--report", str(folder / "report.json")]
    return subprocess.Popen(command, env=environment, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _prepare(folder: Path) -> None:
    folder.mkdir()
    shutil.copyfile(SEED_CATALOGUE, folder / "README.md")
    (folder / "references.bib").write_bytes(OLD_BIB)


def _asked(fakes: FakeServices, after: dict[str, int] | None = None) -> list[tuple[str, str, tuple]]:
    """The requests the fakes received (each service's after its first `after[service]`), as (service, path, query)."""
    return [(service, request.path, tuple(sorted(request.query.items())))
            for service, server in fakes.servers.items()
            for request in server.requests.snapshot()[(after or {}).get(service, 0):]]


def _cache_files(folder: Path) -> int:
    return sum(1 for _ in (folder / "cache").rglob("*.json"))


def test_sigkill_leaves_old_or_new_files_and_rerun_finishes(tmp_path: Path) -> None:
    """SIGKILL at a random moment: catalogue and bib are each the old or the new bytes, never partial, and a
    rerun asks only for what was not cached and ends with the clean run's result."""
    with FakeServices(served_corpus()) as fakes:
        clean = _run_in_process(tmp_path / "clean", fakes, find_code_links=False)
    killed = tmp_path / "killed"
    _prepare(killed)
    delay = random.Random(20261125).uniform(0.3, 6.0)  # the live run takes about 7 s (Crossref list pace)
    with FakeServices(served_corpus()) as fakes:
        process = _start_cli(killed, fakes)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        assert (killed / "README.md").read_bytes() in (SEED_CATALOGUE.read_bytes(), clean["README.md"])
        # the old bib is merged into, never replaced: its comment stays in front of the entries
        merged_bib = OLD_BIB + b"\n" + clean["references.bib"]
        assert (killed / "references.bib").read_bytes() in (OLD_BIB, merged_bib)
        catalogue_was_old = (killed / "README.md").read_bytes() == SEED_CATALOGUE.read_bytes()
        asked_before_kill = _asked(fakes)
        counts_before_rerun = {service: len(server.requests) for service, server in fakes.servers.items()}
        rerun = _run_in_process(killed, fakes, find_code_links=False)
        asked_by_rerun = _asked(fakes, after=counts_before_rerun)
    assert (rerun["README.md"], rerun["references.bib"]) == (clean["README.md"], merged_bib)
    if catalogue_was_old:
        assert rerun["report"] == clean["report"]
        # what the killed run had an answer for is cached and not asked again; only requests still in flight at the
        # kill (at most the pools' concurrency) can be asked twice
        asked_twice = set(asked_before_kill) & set(asked_by_rerun)
        assert len(asked_twice) <= POLITE_POOL.concurrency + DATACITE_RATE[1]


def test_ctrl_c_exits_130_cleanly_and_keeps_the_cache(tmp_path: Path) -> None:
    """SIGINT mid-run: exit 130 within 5 s, one line on stderr and no traceback, cached answers kept, catalogue
    untouched."""
    folder = tmp_path / "interrupted"
    _prepare(folder)
    with FakeServices(served_corpus()) as fakes:
        process = _start_cli(folder, fakes)
        deadline = time.monotonic() + 20
        while _cache_files(folder) < 5 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        cached = _cache_files(folder)
        interrupted_at = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        took = time.monotonic() - interrupted_at
    assert cached >= 5
    assert process.returncode == 130
    # progress lines come first (stderr is not a terminal); the interruption is the last word, with no traceback
    lines = stderr.decode("utf-8").splitlines()
    assert lines[-1] == "enrich: interrupted; answers fetched so far are kept in the cache"
    assert not any(line.startswith("Traceback") for line in lines)
    assert _cache_files(folder) >= cached
    assert (folder / "README.md").read_bytes() == SEED_CATALOGUE.read_bytes()
    assert took < 5



# ---------------------------------------------------------------- issue 15: one test per item
# Each of these failed on the code before issue 15.


def _prepared(folder: Path, cache: Path | None = None) -> RunOptions:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED_CATALOGUE, folder / "README.md")
    if cache is not None:
        # the bundled answers only: a memo other tests' runs left there would replay a whole run without deciding
        shutil.copytree(ROOT / "cache", cache, ignore=shutil.ignore_patterns(".memo"))
    return RunOptions(catalogue=folder / "README.md", bib=folder / "references.bib", report=folder / "report.json")


def _offline_services(cache: Path) -> Services:
    return _patient_services(ServiceConfig.from_env({}), Cache(cache))


def test_an_edit_saved_during_a_run_is_kept_and_nothing_is_written(tmp_path: Path) -> None:
    """A maintainer saves the catalogue while the run works: the run writes nothing (exit 2) and the edit stays."""
    options = _prepared(tmp_path, cache=tmp_path / "cache")
    edited = SEED_CATALOGUE.read_bytes() + b"\nA note saved by a person during the run.\n"

    def save_an_edit(event: Event) -> None:
        if isinstance(event, RowDecided) and event.done == 1:
            options.catalogue.write_bytes(edited)

    options = dataclasses.replace(options, offline=True)
    with pytest.raises(InputChanged):
        run(options, services=_offline_services(tmp_path / "cache"), progress=save_an_edit)
    assert options.catalogue.read_bytes() == edited
    assert not options.bib.exists() and not options.report.exists()


def test_the_cli_names_a_catalogue_edited_during_the_run_and_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The same through the CLI: one line naming the catalogue, exit 2."""
    options = _prepared(tmp_path, cache=tmp_path / "cache")
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    real_decide = pipeline.decide

    def decide_while_a_person_edits(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = real_decide(*args, **kwargs)
        options.catalogue.write_bytes(b"# replaced by a person\n")
        return outcome

    monkeypatch.setattr(pipeline, "decide", decide_while_a_person_edits)
    code = main(["run", "--offline", "--catalogue", str(options.catalogue), "--bib", str(options.bib),
                 "--report", str(options.report)])
    # progress lines go to stderr too; the error is one line of its own
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("enrich: error:")]
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"enrich: error: {options.catalogue}: ")
    assert options.catalogue.read_bytes() == b"# replaced by a person\n"


@pytest.mark.parametrize("shared", ["catalogue", "cache"])
def test_a_second_run_stops_while_the_first_holds_the_lock(tmp_path: Path, shared: str) -> None:
    """Two runs of one catalogue, or two catalogues on one cache directory: the second stops before asking any
    service or writing anything."""
    first = _prepared(tmp_path / "first")
    second = first if shared == "catalogue" else _prepared(tmp_path / "second")
    cache = tmp_path / "cache"
    cache.mkdir()
    with FakeServices(served_corpus()) as fakes, hold_locks(catalogue=first.catalogue, cache_dir=cache):
        with pytest.raises(InUse):
            run(second, services=_patient_services(_config(fakes), Cache(cache)))
        assert _requests(fakes) == 0
    assert not second.bib.exists()
    assert second.catalogue.read_bytes() == SEED_CATALOGUE.read_bytes()


def _cli(folder: Path, url: str, *extra: str) -> tuple[int, str, float]:
    """`enrich run` in a real process with every service at `url` and an empty cache: (exit code, stderr, seconds)."""
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("ENRICH_") and name != "GITHUB_TOKEN"}
    environment.update({"ENRICH_CROSSREF_URL": url, "ENRICH_DATACITE_URL": url, "ENRICH_GITHUB_URL": url,
                        "ENRICH_CACHE_DIR": str(folder / "cache"), "ENRICH_MAILTO": "reliability@example.org",
                        "PYTHONPATH": str(ROOT / "src")})
    command = [sys.executable, "-m", "enrich", "run", "--catalogue", str(folder / "README.md"),
               "--bib", str(folder / "references.bib"), "--report", str(folder / "report.json"), *extra]
    started = time.monotonic()
    # the old code ran for many minutes here; 120 s is enough to fail instead of hanging the suite
    finished = subprocess.run(command, env=environment, cwd=folder, capture_output=True, timeout=120)
    return finished.returncode, finished.stderr.decode("utf-8"), time.monotonic() - started


def _decisions(report: Path) -> set[str]:
    entries = json.loads(report.read_bytes())["entries"]
    return {entry["paper"]["decision"] for entry in entries if entry.get("paper")}


def test_services_refusing_connections_end_the_run_fast_with_exit_3(tmp_path: Path) -> None:
    """Every service refuses connections: the run ends within a minute, rows deferred, exit 3, no traceback."""
    _prepared(tmp_path)
    with RefusedPort() as refused:
        code, stderr, seconds = _cli(tmp_path, refused.url)
    assert code == 3
    assert seconds < 60
    assert "Traceback" not in stderr
    assert "deferred" in _decisions(tmp_path / "report.json")


def test_a_port_that_accepts_and_never_answers_ends_the_run_fast_with_exit_3(tmp_path: Path) -> None:
    """Every service accepts connections and never answers: the run ends within a minute, exit 3."""
    _prepared(tmp_path)
    with SilentPort() as silent:
        code, stderr, seconds = _cli(tmp_path, silent.url)
        assert silent.connections >= 1
    assert code == 3
    assert seconds < 60
    assert "Traceback" not in stderr
    assert "deferred" in _decisions(tmp_path / "report.json")


def test_the_run_deadline_defers_what_it_did_not_reach(tmp_path: Path) -> None:
    """With a spent deadline no request starts: every looked-up row is deferred."""
    options = dataclasses.replace(_prepared(tmp_path), deadline=0.0, find_code_links=False)
    with FakeServices(served_corpus()) as fakes:
        config = _config(fakes)
        circuits = Circuits(deadline=options.deadline)
        services = Services(
            crossref=CrossrefClient(config, Cache(tmp_path / "cache"), circuits=circuits, retry=QUICK_RETRY),
            datacite=DataCiteClient(config, Cache(tmp_path / "cache"), circuits=circuits, retry=QUICK_RETRY),
            github=GitHubClient(config, Cache(tmp_path / "cache"), circuits=circuits, retry=QUICK_RETRY))
        outcome = run(options, services=services)
        assert _requests(fakes) == 0
    assert deferred_lines(outcome.result)
    assert Decision.RESOLVED not in {resolution.decision for resolution in outcome.result.resolutions.values()}


def test_an_offline_run_on_an_empty_cache_is_not_an_outage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache misses offline are not a service outage: exit 0."""
    options = _prepared(tmp_path)
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert main(["run", "--offline", "--catalogue", str(options.catalogue), "--bib", str(options.bib),
                 "--report", str(options.report)]) == 0


@pytest.mark.parametrize("unwritable", ["bib", "report"])
def test_an_unwritable_output_is_one_line_exit_2_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], unwritable: str) -> None:
    """An output under a path that is a file: one line naming it, exit 2, catalogue and other outputs untouched."""
    options = _prepared(tmp_path, cache=tmp_path / "cache")
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a-file").write_bytes(b"not a folder\n")
    paths = {"bib": options.bib, "report": options.report, unwritable: tmp_path / "a-file" / "out"}
    code = main(["run", "--offline", "--catalogue", str(options.catalogue), "--bib", str(paths["bib"]),
                 "--report", str(paths["report"])])
    # progress lines go to stderr too; the error is one line of its own
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("enrich: error:")]
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"enrich: error: {paths[unwritable]}: ")
    assert options.catalogue.read_bytes() == SEED_CATALOGUE.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.md", "a-file", "cache"]


def test_leftover_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    """Hidden temporaries a killed run left beside the outputs and in the cache are gone after the next run."""
    options = _prepared(tmp_path, cache=tmp_path / "cache")
    leftovers = [tmp_path / ".references.bib.k1ll3d_x.tmp", tmp_path / ".README.md.abcdefgh.tmp",
                 tmp_path / "cache" / "crossref" / "works" / ".10.1000_x.json.zz9_plur.tmp"]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_bytes(b"half a file")
    person_file = tmp_path / ".notes.tmp"  # not ours: no output's name, no mkstemp suffix
    person_file.write_bytes(b"mine")
    run(dataclasses.replace(options, offline=True), services=_offline_services(tmp_path / "cache"))
    assert [leftover for leftover in leftovers if leftover.exists()] == []
    assert person_file.read_bytes() == b"mine"


@pytest.mark.parametrize("body", [
    {"DOI": "10.1038/s41592-024-02201-0", "author": "not a list"},
    {"DOI": "10.1038/s41592-024-02201-0", "title": {"not": "a list"}},
    {"DOI": "10.1038/s41592-024-02201-0", "issued": {"date-parts": [2024]}},
    {"title": ["no DOI"]},
    ["a", "list"],
])
def test_a_cached_body_of_the_wrong_shape_is_a_miss(tmp_path: Path, body: object) -> None:
    """A cache file with a valid wrapper and a wrong-shaped body: offline a miss, live fetched again."""
    doi = "10.1038/s41592-024-02201-0"
    cache = Cache(tmp_path)
    cache.put(work_key("crossref", doi), request={"doi": doi}, status="found", body=body)
    offline = CrossrefClient(ServiceConfig.from_env({}), cache, offline=True)
    with pytest.raises(CacheMiss):
        offline.work(doi)
    served = {"DOI": doi, "title": ["A served work"], "type": "journal-article"}
    with FakeServices(Corpus(crossref=[served])) as fakes:
        live = CrossrefClient(_config(fakes), cache, retry=QUICK_RETRY)
        record = live.work(doi)
    assert record is not None and record.title == "A served work"


def test_a_malformed_doi_from_the_api_is_never_a_candidate(tmp_path: Path) -> None:
    """A search hit whose DOI breaks Crossref's DOI syntax is left out; a well-formed one stays."""
    evil = {"DOI": "10.1234/evil x|y<z>", "title": ["scGPT: toward building a foundation model"],
            "type": "journal-article"}
    fine = {"DOI": "10.1234/fine", "title": ["scGPT: toward building a foundation model"], "type": "journal-article"}
    with FakeServices(Corpus(crossref=[evil, fine])) as fakes:
        client = CrossrefClient(_config(fakes), Cache(tmp_path), retry=QUICK_RETRY)
        found = client.search("scGPT toward building a foundation model")
        with pytest.raises(ServiceError):
            client.work("10.1234/evil x|y<z>")
    assert [record.doi for record in found] == ["10.1234/fine"]


def test_a_cache_entry_dated_in_the_future_is_stale(tmp_path: Path) -> None:
    """A fetch date after today (a wrong clock, a hand-edited file) does not keep an answer forever."""
    today = datetime.date(2026, 6, 1)
    Cache(tmp_path, today=lambda: today + datetime.timedelta(days=400)).put(
        "crossref/works/10.1000_x", request={"doi": "10.1000/x"}, status="found", body={"DOI": "10.1000/x"})
    assert Cache(tmp_path, today=lambda: today).get("crossref/works/10.1000_x", offline=False) is None


def test_a_url_in_api_text_is_not_written_as_a_link() -> None:
    """A venue, author or title carrying a URL or an e-mail address: the only links in the cell are doi.org's."""
    work = WorkRecord(doi="10.1000/x", title="Model: see www.evil.example", source="crossref",
                      type="journal-article", authors=(Author("Evil", "https://evil.example/a"), Author("B")),
                      year=2024, container="Visit https://evil.example/?q=1 or mail x@evil.example")
    cell = paper_cell(work)
    outside_code = re.sub(r"`[^`]*`", "", cell)
    assert re.findall(r"https?://[^\s)]+|www\.\S+|\S+@\S+", outside_code) == ["https://doi.org/10.1000/x"]


def test_the_contact_address_goes_to_crossref_and_datacite_only(tmp_path: Path) -> None:
    """ENRICH_MAILTO is in the User-Agent sent to Crossref and DataCite, never in what GitHub receives."""
    with FakeServices(served_corpus(), github_options={"rolling": True}) as fakes:
        _run_in_process(tmp_path / "run", fakes)
        agents = {service: {request.headers.get("user-agent", "") for request in server.requests}
                  for service, server in fakes.servers.items()}
    assert all("reliability@example.org" in agent for agent in agents["crossref"] | agents["datacite"])
    assert agents["github"] and not any("reliability@example.org" in agent for agent in agents["github"])


def test_refresh_with_every_service_down_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The scheduled job: with nothing to propose and entries it could not check, refresh exits 3, not 0."""
    options = _prepared(tmp_path)
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    with RefusedPort() as refused:
        for name in ("ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL"):
            monkeypatch.setenv(name, refused.url)
        code = main(["refresh", "--all", "--catalogue", str(options.catalogue), "--bib", str(options.bib),
                     "--report", str(options.report), "--changelog", str(tmp_path / "CHANGELOG.md")])
    assert code == 3
    assert options.catalogue.read_bytes() == SEED_CATALOGUE.read_bytes()
