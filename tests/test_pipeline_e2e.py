"""The whole pipeline through `enrich.cli.main(["run", ...])` against the loopback fakes serving the corpus.

The corpus (tests/fakes/corpus/) is reconstructed from public metadata, with marked decoys. The fakes serve it
without its "reconstructed" markers (`served_corpus`): a live run refetches what it knows to be reconstructed, and
these tests need the cache to count as it does for fetched answers. Clients get quick pacers (`quick_services`) so
a run takes seconds; pacing itself is tested in test_http.py and measured in benchmarks/.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest

from enrich import api, pipeline
from enrich.bibtex import validate_bibtex
from enrich.cache import Cache
from enrich.catalogue import cell_spans, read_catalogue
from enrich.cli import main
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Circuits, Pacer, ServiceConfig
from enrich.services import Settings

from tests.conftest import ROOT, SEED_CATALOGUE
from tests.fakes import Corpus, FakeServices, load_corpus

CORPUS = ROOT / "tests" / "fakes" / "corpus"
TOKEN = "ghp_SENTINEL0e2e0token0never0printed00000"


def served_corpus() -> Corpus:
    """The reconstructed corpus with its "reconstructed" markers removed, as if fetched."""
    corpus = load_corpus(CORPUS)
    for item in [*corpus.crossref, *corpus.datacite, *corpus.github]:
        item.pop("reconstructed", None)
        if isinstance(item.get("attributes"), dict):
            item["attributes"].pop("reconstructed", None)
    return corpus


def quick_build(settings: Settings, *, offline: bool = False, refresh: bool = False, cache: Cache | None = None,
                deadline: float | None = None) -> pipeline.Services:
    """services.build_services, as the CLI reaches it through enrich.api, with `quick_services`' clients."""
    return quick_services(offline, refresh, settings.service, cache or settings.open_cache(), deadline)


def quick_services(offline: bool = False, refresh: bool = False, config: ServiceConfig | None = None,
                   cache: Cache | None = None, deadline: float | None = None) -> pipeline.Services:
    """pipeline.open_services with fast pacers: the fakes do not rate-limit, and tests must stay quick."""
    config = config or ServiceConfig.from_env()
    cache = cache or Cache(pipeline.cache_root())
    quick = {"offline": offline, "refresh": refresh, "circuits": Circuits(deadline=deadline)}
    return pipeline.Services(
        crossref=CrossrefClient(config, cache, pacer=Pacer(200.0, 3), **quick),
        datacite=DataCiteClient(config, cache, pacer=Pacer(200.0, 3), **quick),
        github=GitHubClient(config, cache, pacer=Pacer(200.0, 1), search_pacer=Pacer(200.0, 1), **quick),
    )


def run_cli_over(catalogue_text: str, corpus: Corpus, folder: Path, mailto: str) -> tuple[int, dict]:
    """`enrich run` through the CLI on `catalogue_text` against fakes serving `corpus`, with quick services and a
    cache in `folder`; the exit code and the parsed report. One harness for the probe suites."""
    catalogue = folder / "README.md"
    catalogue.write_text(catalogue_text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(corpus) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", mailto)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        code = main(["run", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
                     "--report", str(folder / "report.json")])
    return code, json.loads((folder / "report.json").read_text(encoding="utf-8"))


@dataclasses.dataclass
class Workspace:
    folder: Path
    fakes: FakeServices

    @property
    def catalogue(self) -> Path:
        return self.folder / "README.md"

    @property
    def bib(self) -> Path:
        return self.folder / "references.bib"

    @property
    def report(self) -> Path:
        return self.folder / "report.json"

    def run(self, *extra: str) -> int:
        return main(["run", "--catalogue", str(self.catalogue), "--bib", str(self.bib), "--report",
                     str(self.report), *extra])

    def requests(self) -> int:
        return sum(len(server.requests) for server in self.fakes.servers.values())

    def outputs(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in (self.catalogue, self.bib, self.report)}

    def copy(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
        """The same files and cache in `folder`, served by the same fakes."""
        shutil.copytree(self.folder, folder, dirs_exist_ok=True)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        return Workspace(folder, self.fakes)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One live run of the seed catalogue against the fakes, shared by the tests that only read its output."""
    folder = tmp_path_factory.mktemp("e2e")
    shutil.copyfile(SEED_CATALOGUE, folder / "README.md")
    with pytest.MonkeyPatch.context() as monkeypatch, \
            FakeServices(served_corpus(), github_options={"rolling": True}) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "e2e@example.org")
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        workspace = Workspace(folder, fakes)
        assert workspace.run() == 0
        yield workspace


def without_run_details(report: bytes) -> dict:
    """The report without its request counts and catalogue path, which differ between runs by design."""
    document = json.loads(report)
    del document["requests"], document["catalogue"]
    return document


def _changed_cells(before: str, after: str) -> set[tuple[int, int]]:
    """(line, cell index) of every cell that differs; a changed line outside a table counts as cell -1."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed: set[tuple[int, int]] = set()
    for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
        if old == new:
            continue
        old_cells = [old[start:end].strip() for start, end in cell_spans(old)]
        new_cells = [new[start:end].strip() for start, end in cell_spans(new)]
        if len(old_cells) != len(new_cells) or not old_cells:
            changed.add((number, -1))
            continue
        changed.update((number, index) for index, (a, b) in enumerate(zip(old_cells, new_cells)) if a != b)
    return changed


def test_run_edits_exactly_the_reported_cells(first_run: Workspace) -> None:
    """Against the repaired input, only the cells the report lists as edited differ, and 33 are.

    29 rows of their own, the paper and code of the scFoundation duplicate, and DeepMAPS's paper and code found
    through its repository.
    """
    repaired = read_catalogue(SEED_CATALOGUE).text
    report = json.loads(first_run.report.read_text(encoding="utf-8"))
    reported = {(entry["line"], edit["column"]) for entry in report["entries"] for edit in entry["edits"]}
    assert _changed_cells(repaired, first_run.catalogue.read_text(encoding="utf-8")) == reported
    assert len(reported) == 33


def test_bib_parses_and_validates(first_run: Workspace) -> None:
    """references.bib parses with bibtexparser without failed blocks and validate_bibtex finds nothing."""
    text = first_run.bib.read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 16
    assert validate_bibtex(text) == []


def test_two_stgrns_rows_share_one_bib_entry(first_run: Workspace) -> None:
    """Both STGRNS rows resolve to one DOI, and the bib holds it once."""
    report = json.loads(first_run.report.read_text(encoding="utf-8"))
    dois = [entry["paper"]["doi"] for entry in report["entries"] if entry["model"] == "STGRNS"]
    assert dois == ["10.1093/bioinformatics/btad165", "10.1093/bioinformatics/btad165"]
    library = bibtexparser.parse_string(first_run.bib.read_text(encoding="utf-8"))
    assert sum(1 for entry in library.entries if entry.fields_dict["doi"].value.lower() == dois[0]) == 1


def test_placeholder_rows_unchanged(first_run: Workspace) -> None:
    """Each of the 11 placeholder rows reads as it did in the repaired input."""
    repaired = read_catalogue(SEED_CATALOGUE)
    after = first_run.catalogue.read_text(encoding="utf-8").splitlines()
    before = repaired.text.splitlines()
    lines = [entry.line for entry in repaired.entries if entry.status.value == "placeholder"]
    assert len(lines) == 11
    assert [after[line - 1] for line in lines] == [before[line - 1] for line in lines]


def test_second_run_is_cached_and_byte_identical(first_run: Workspace, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Run again on the same input: no request reaches a fake; catalogue and bib are byte-identical, and so is
    the report but for its request counts and path."""
    outputs = first_run.outputs()
    workspace = first_run.copy(tmp_path, monkeypatch)
    shutil.copyfile(SEED_CATALOGUE, workspace.catalogue)
    requests = workspace.requests()
    assert workspace.run() == 0
    assert workspace.requests() == requests
    again = workspace.outputs()
    assert (again["README.md"], again["references.bib"]) == (outputs["README.md"], outputs["references.bib"])
    assert without_run_details(again["report.json"]) == without_run_details(outputs["report.json"])


def test_rerun_on_rewritten_catalogue_changes_nothing(first_run: Workspace, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Idempotence: on its own output the pipeline edits no cell and writes the same catalogue and bib."""
    outputs = first_run.outputs()
    workspace = first_run.copy(tmp_path, monkeypatch)
    assert workspace.run() == 0
    report = json.loads(workspace.report.read_text(encoding="utf-8"))
    assert report["summary"]["cells_edited"] == 0
    # the links the first run wrote are verified from what it cached: no Crossref or DataCite request
    assert report["requests"]["crossref"]["requests"] == 0 and report["requests"]["datacite"]["requests"] == 0
    assert workspace.catalogue.read_bytes() == outputs["README.md"]
    assert workspace.bib.read_bytes() == outputs["references.bib"]


def test_offline_with_empty_cache_asks_nobody(first_run: Workspace, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """--offline on an empty cache: exit 0, zero requests, every row that could resolve is a cache miss."""
    shutil.copyfile(SEED_CATALOGUE, tmp_path / "README.md")
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    workspace = Workspace(tmp_path, first_run.fakes)
    requests = workspace.requests()
    assert workspace.run("--offline") == 0
    assert workspace.requests() == requests
    report = json.loads(workspace.report.read_text(encoding="utf-8"))
    decisions = {entry["paper"]["decision"] for entry in report["entries"] if entry["status"] != "placeholder"}
    assert decisions == {"cache-miss"}
    assert report["summary"]["paper_decisions"] == {"cache-miss": 30, "placeholder": 11}
