"""Nothing is lost or half-written: faulty services, SIGKILL and Ctrl-C against the loopback fakes.

The fakes serve the reconstructed corpus without its markers (see test_pipeline_e2e.served_corpus) so the cache
counts on a live rerun as it does for fetched answers.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


from enrich.cache import Cache
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.pipeline import RunOptions, Services, run

from tests.conftest import ROOT, SEED_CATALOGUE
from tests.fakes import FakeServices
from tests.fakes.server import FaultPlan
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


def _cache_files(folder: Path) -> int:
    return sum(1 for _ in (folder / "cache").rglob("*.json"))


def test_sigkill_leaves_old_or_new_files_and_rerun_finishes(tmp_path: Path) -> None:
    """SIGKILL at a random moment: catalogue and bib are each the old or the new bytes, never partial, and a
    rerun asks only for what was not cached and ends with the clean run's result."""
    with FakeServices(served_corpus()) as fakes:
        clean = _run_in_process(tmp_path / "clean", fakes, find_code_links=False)
        clean_requests = _requests(fakes)
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
        cached = _cache_files(killed)
        before_rerun = _requests(fakes)
        rerun = _run_in_process(killed, fakes, find_code_links=False)
        rerun_requests = _requests(fakes) - before_rerun
    assert (rerun["README.md"], rerun["references.bib"]) == (clean["README.md"], merged_bib)
    if catalogue_was_old:
        assert rerun["report"] == clean["report"]
        # one cache file per answer: what the killed run cached is not asked for again
        assert rerun_requests == clean_requests - cached


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

