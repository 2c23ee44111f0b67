"""enrich.api: the commands as functions with typed results, settings passed in, sources as plug-ins.

The catalogues and records here are reconstructed (composed for these tests); the README example runs on the
bundled cache (reconstructed, see cache/README) and the seed catalogue.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from enrich import api
from enrich.clients.http import ServiceConfig
from enrich.errors import CatalogueError
from enrich.records import Decision
from enrich.services import SOURCES, Settings, build_services
from enrich.sources import NotFound, Unavailable

from tests.conftest import ROOT
from tests.fakes import Corpus, FakeServices
from tests.toy_source import TOY_WORK, ToySource

TOY_CATALOGUE = """\
# Toy list (reconstructed)

| Model | Paper | Code |
|-------|-------|------|
| KappaFormer | Maja Lindqvist et al. [KappaFormer: a toy transformer for chromatin loops](https://doi.org/10.5555/toy.kappa) Toy J (2022). | |
"""  # noqa: E501 - a Markdown row as a list writes it


def _settings(fakes: FakeServices, cache_dir: Path) -> Settings:
    env = fakes.env
    return Settings(ServiceConfig(crossref_url=env["ENRICH_CROSSREF_URL"], datacite_url=env["ENRICH_DATACITE_URL"],
                                  github_url=env["ENRICH_GITHUB_URL"]), cache_dir)


@pytest.fixture
def empty_fakes():
    with FakeServices(Corpus()) as running:
        yield running


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example runs on a copy of the seed catalogue and the bundled cache, offline."""
    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    shutil.copytree(ROOT / "cache", tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    for name in ("ENRICH_CACHE_DIR", "ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, object] = {}
    exec(compile(_readme_example(), "README.md", "exec"), namespace)
    outcome, audit = namespace["outcome"], namespace["audit"]
    assert isinstance(outcome, api.RunOutcome) and isinstance(audit, api.AuditResult)
    accepted = [paper for paper in outcome.result.resolutions.values() if paper.decision.accepted]
    assert (len(accepted) > 10, outcome.wrote) == (True, ())


def test_check_returns_the_rows_and_refuses_a_file_without_papers(tmp_path: Path) -> None:
    """check reads the catalogue and its overrides; a file without a paper table is a CatalogueError."""
    checked = api.check(ROOT / "catalogue" / "README.md")
    assert (len(checked.entries) > 0, checked.overrides) == (True, {})
    empty = tmp_path / "empty.md"
    empty.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        api.check(empty)


def test_settings_are_passed_in_not_read_from_the_environment(empty_fakes: FakeServices, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With settings given, the environment's service URLs and cache directory are not used."""
    monkeypatch.setenv("ENRICH_CROSSREF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "env-cache"))
    catalogue = tmp_path / "README.md"
    catalogue.write_text(TOY_CATALOGUE, encoding="utf-8")
    api.run(catalogue, settings=_settings(empty_fakes, tmp_path / "cache"), find_code_links=False, dry_run=True)
    assert (len(empty_fakes.crossref.requests) > 0, (tmp_path / "env-cache").exists()) == (True, False)


def test_settings_from_env_reads_the_documented_variables() -> None:
    """Settings.from_env is the one place the environment is read."""
    settings = Settings.from_env({"ENRICH_CROSSREF_URL": "http://127.0.0.1:1/", "ENRICH_CACHE_DIR": "c",
                                  "ENRICH_FOUND_TTL_DAYS": "3", "ENRICH_MAILTO": "a@example.org"})
    assert (settings.service.crossref_url, settings.service.mailto, settings.cache_dir, settings.lifetimes) == (
        "http://127.0.0.1:1", "a@example.org", Path("c"), {"found_ttl": 3})


def test_a_registered_source_is_used_by_a_run(empty_fakes: FakeServices, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A DOI neither Crossref nor DataCite holds is verified by the toy source once it is registered."""
    catalogue = tmp_path / "README.md"
    catalogue.write_text(TOY_CATALOGUE, encoding="utf-8")
    settings = _settings(empty_fakes, tmp_path / "cache")
    without = api.run(catalogue, settings=settings, find_code_links=False, dry_run=True)
    monkeypatch.setitem(SOURCES, "toy", ToySource)
    report = tmp_path / "report.json"
    with_toy = api.run(catalogue, report=report, settings=settings, find_code_links=False)
    paper = with_toy.result.resolutions[5]
    assert (without.result.resolutions[5].decision.accepted, paper.decision, paper.work) == (
        False, Decision.LINK_VERIFIED, TOY_WORK)
    assert json.loads(report.read_text(encoding="utf-8"))["requests"]["toy"] == {"requests": 1}


def test_an_unavailable_source_defers_the_row(empty_fakes: FakeServices, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Unavailable is not NotFound: the row is deferred, not reported as a link that does not exist."""
    catalogue = tmp_path / "README.md"
    catalogue.write_text(TOY_CATALOGUE, encoding="utf-8")
    monkeypatch.setitem(SOURCES, "toy", lambda context: ToySource(
        type(context)(context.settings, context.cache, offline=True)))
    outcome = api.run(catalogue, settings=_settings(empty_fakes, tmp_path / "cache"), find_code_links=False,
                      dry_run=True)
    assert outcome.result.resolutions[5].decision is Decision.DEFERRED


def test_crossref_and_datacite_answer_through_the_protocol(empty_fakes: FakeServices, tmp_path: Path) -> None:
    """The registries adapted to Source: a 404 is NotFound, an unreachable service Unavailable."""
    services = build_services(_settings(empty_fakes, tmp_path / "cache"))
    crossref, datacite = services.registries()[:2]
    assert (crossref.lookup("10.5555/none"), datacite.search("nothing at all", 3)) == (NotFound(), NotFound())
    offline = build_services(Settings(cache_dir=tmp_path / "empty"), offline=True)
    assert isinstance(offline.registries()[0].lookup("10.5555/none"), Unavailable)

