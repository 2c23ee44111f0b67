"""The repository route: a row the bibliographic routes left unsettled finds its paper through what the official
repository cites, verified by the same rules as any candidate; paper and code are then accepted together.

Every record, README, CITATION.cff, repository and catalogue below is reconstructed (composed for these tests;
DOIs under the test prefix 10.5555 or shaped like bioRxiv's). Records carry no abstract, as many publishers
deposit none, and no title names the model: the repository is the only trustworthy route.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enrich import pipeline
from enrich.cache import Cache
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.evidence import Kind, Route, has_kind, reason
from enrich.records import CatalogueEntry, ColumnRole, Decision, Resolution, RowStatus
from enrich.repository_route import paper_through_repository
from tests.fakes import Corpus, FakeServices

TITLE = "Decoding regulatory gizmos across single cells with attention"
VOR_DOI, PREPRINT_DOI = "10.5555/route.gizmo", "10.1101/2023.03.03.511111"
OTHER_DOI, SIBLING_DOI = "10.5555/route.application", "10.5555/route.sprocket"
FOLLOW_UP_DOI = "10.5555/route.gizmo-atac"


def crossref_item(doi: str, title: str, given: str, family: str, year: int, **extra: object) -> dict:
    """A reconstructed Crossref `message` object with the fields the client reads (no abstract)."""
    return {"DOI": doi, "type": extra.pop("type", "journal-article"), "title": [title],
            "author": [{"given": given, "family": family, "sequence": "first"}],
            "issued": {"date-parts": [[year]]}, **extra}


def repo_item(full_name: str, readme: str, files: dict | None = None, **repo: object) -> dict:
    """A reconstructed GitHub corpus item (see tests/fakes/github.py)."""
    return {"repo": {"full_name": full_name, "size": 500, **repo}, "readme": readme, "files": files or {}}


CFF = f"""cff-version: 1.2.0
title: cffformer
preferred-citation:
  type: article
  title: "{TITLE}"
  doi: "{VOR_DOI}"
"""

CORPUS = Corpus(
    crossref=[
        crossref_item(VOR_DOI, TITLE, "Ada", "Kim", 2024, relation={
            "has-preprint": [{"id-type": "doi", "id": PREPRINT_DOI, "asserted-by": "object"}]}),
        crossref_item(PREPRINT_DOI, "Decoding regulatory gizmos in single cells", "Ada", "Kim", 2023,
                      type="posted-content", subtype="preprint", relation={
                          "is-preprint-of": [{"id-type": "doi", "id": VOR_DOI, "asserted-by": "subject"}]}),
        crossref_item(OTHER_DOI, "Applying attention models to gizmo atlases of the mouse brain", "Sora", "Lee", 2024),
        crossref_item(SIBLING_DOI, "Sprocket embeddings predict widget fate in developing tissue", "Ada", "Kim",
                      2024),
        crossref_item(FOLLOW_UP_DOI, "Learning the chromatin grammar of gizmos across cell types", "Ada", "Kim",
                      2024),
    ],
    github=[
        repo_item("gizmo-lab/Gizmoformer", f"# Gizmoformer\n\nPaper: https://doi.org/{VOR_DOI}\n",
                  stargazers_count=50),
        repo_item("gizmo-fan/Gizmoformer", f"# Gizmoformer\n\nPaper: https://doi.org/{VOR_DOI}\n", fork=True,
                  parent="gizmo-lab/Gizmoformer", stargazers_count=900),
        repo_item("cog-lab/Cogformer", f"# Cogformer\n\nPreprint: https://www.biorxiv.org/content/{PREPRINT_DOI}v1\n"),
        repo_item("title-lab/Titleformer", f"# Titleformer\n\nThe official code of **{TITLE}**.\n"),
        repo_item("cff-lab/Cffformer", "# Cffformer\n\nInstall with pip.\n", {"CITATION.cff": CFF}),
        repo_item("desc-lab/Descformer", "# Descformer\n", description=f"Code for '{TITLE}'"),
        repo_item("app-lab/Appformer", f"# Appformer\n\nPlease cite https://doi.org/{OTHER_DOI}\n"),
        repo_item("two-lab/Twoformer", f"# Twoformer\n\ndoi:{VOR_DOI}\n\ndoi:{SIBLING_DOI}\n"),
        # an extension by the same first author, more stars, its description naming the model: never the route
        repo_item("ext-lab/Extformer-atac", f"# Extformer-atac\n\nAs described in https://doi.org/{FOLLOW_UP_DOI}\n",
                  description="Extformer fine-tuned on ATAC-seq", stargazers_count=900),
        repo_item("ext-lab/Extformer", f"# Extformer\n\nPaper: https://doi.org/{VOR_DOI}\n",
                  description="Regulatory gizmos", stargazers_count=10),
        repo_item("solo-lab/Soloformer-atac", f"# Soloformer-atac\n\nAs described in https://doi.org/{FOLLOW_UP_DOI}\n"),
    ],
)


def row(model: str, line: int = 9, year: int = 2024) -> CatalogueEntry:
    paper = f"Ada Kim et al., {year}"
    return CatalogueEntry(
        line=line, section=("Models",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE),
        cells=(f" {model} ", f" {paper} ", "  "), model=model, pretrained=False, paper_text=paper, paper_title=None,
        paper_url=None, code_url=None, authors=("Ada Kim",), year=year, status=RowStatus.NEEDS_RESOLUTION)


UNSETTLED = Resolution(9, Decision.ABSTAINED)


def make_services(fakes: FakeServices, cache_dir: Path) -> pipeline.Services:
    env = fakes.env
    config = ServiceConfig(crossref_url=env["ENRICH_CROSSREF_URL"], datacite_url=env["ENRICH_DATACITE_URL"],
                           github_url=env["ENRICH_GITHUB_URL"])
    cache = Cache(cache_dir)
    quick = {"retry": RetryPolicy(attempts=2, initial=0.0, maximum=0.0)}
    return pipeline.Services(
        crossref=CrossrefClient(config, cache, pacer=Pacer(1000, 4), **quick),
        datacite=DataCiteClient(config, cache, pacer=Pacer(1000, 4), **quick),
        github=GitHubClient(config, cache, pacer=Pacer(1000, 1), search_pacer=Pacer(1000, 1), **quick),
    )


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    # one fake for the module: GitHub's unauthenticated quotas (10 searches, 60 core) would run out across tests
    with FakeServices(CORPUS, github_options={"search_limit": 1000, "core_limit": 1000}) as fakes:
        yield make_services(fakes, tmp_path_factory.mktemp("route-cache")), fakes


def through(services, model: str, resolution: Resolution = UNSETTLED, year: int = 2024) -> Resolution:
    clients, _ = services
    return paper_through_repository(row(model, year=year), resolution, clients.github, clients.crossref,
                                    clients.datacite)


def outcome(resolution: Resolution) -> tuple[Decision, str | None, str | None]:
    return (resolution.decision, resolution.work.doi if resolution.work else None,
            resolution.preprint.doi if resolution.preprint else None)


def test_readme_citing_the_doi_settles_a_record_without_abstract(services) -> None:
    """The official repository's README cites the DOI: the paper is resolved, and the route is named."""
    found = through(services, "Gizmoformer")
    assert outcome(found) == (Decision.RESOLVED, VOR_DOI, None)
    route = next(item for item in found.evidence if item.kind is Kind.FOUND_BY_ROUTE)
    assert (route.detail, route.context) == (Route.REPOSITORY.value, "gizmo-lab/Gizmoformer")


def test_readme_citing_only_the_preprint_leads_to_the_version_of_record(services) -> None:
    """A README that cites only the bioRxiv preprint: the published version is resolved, the preprint kept."""
    assert outcome(through(services, "Cogformer")) == (Decision.RESOLVED, VOR_DOI, PREPRINT_DOI)


def test_readme_citing_only_the_title(services) -> None:
    """A title in bold is searched for; the record carrying that title is verified and resolved."""
    assert outcome(through(services, "Titleformer")) == (Decision.RESOLVED, VOR_DOI, None)


def test_citation_only_in_citation_cff(services) -> None:
    """README silent; CITATION.cff's preferred citation gives the DOI."""
    assert outcome(through(services, "Cffformer")) == (Decision.RESOLVED, VOR_DOI, None)


def test_citation_only_in_the_description(services) -> None:
    """README silent; the repository's description gives the title."""
    assert outcome(through(services, "Descformer")) == (Decision.RESOLVED, VOR_DOI, None)


def test_decoy_repository_citing_another_paper_is_rejected(services) -> None:
    """The only repository named after the model cites a paper by someone else: the row stays abstained."""
    assert outcome(through(services, "Appformer")) == (Decision.ABSTAINED, None, None)


def test_decoy_repository_citing_two_papers_of_the_author_abstains(services) -> None:
    """Two different papers by the row's author, both cited: nothing tells them apart, the row stays abstained."""
    assert outcome(through(services, "Twoformer")) == (Decision.ABSTAINED, None, None)


def test_extension_repository_is_not_the_route(services) -> None:
    """Decoy: an extension ("Extformer-atac", more stars) citing its own follow-up paper by the same first author
    and year; the repository named exactly after the model gives the paper."""
    assert outcome(through(services, "Extformer")) == (Decision.RESOLVED, VOR_DOI, None)


def test_extension_alone_settles_nothing(services) -> None:
    """Decoy: only an extension exists: the row stays abstained rather than take the follow-up paper."""
    assert outcome(through(services, "Soloformer")) == (Decision.ABSTAINED, None, None)


def test_decoy_year_still_counts(services) -> None:
    """The repository's citation is content evidence only: a row two years off the paper is not settled by it."""
    assert outcome(through(services, "Gizmoformer", year=2021)) == (Decision.ABSTAINED, None, None)


def test_settled_and_final_rows_cost_no_request(services) -> None:
    """A resolved row, a deferred row and a retracted row never take the route: no request at all."""
    _, fakes = services
    before = sum(len(server.requests) for server in fakes.servers.values())
    retracted = Resolution(9, Decision.ABSTAINED, reasons=(reason(Kind.RETRACTED, "10.5555/notice"),))
    for resolution in (Resolution(9, Decision.RESOLVED), Resolution(9, Decision.DEFERRED), retracted):
        assert through(services, "Gizmoformer", resolution) is resolution
    assert sum(len(server.requests) for server in fakes.servers.values()) == before


# ---------------------------------------------------------------- the whole run: one decision, both routes named

CATALOGUE = """# Models (reconstructed)

| Model | Paper | Code |
|---|---|---|
| Gizmoformer | Ada Kim et al., 2024 | |
| Appformer | Ada Kim et al., 2024 | |
"""


def test_run_accepts_paper_and_code_together_and_counts_requests_per_route(
        services, tmp_path: Path) -> None:
    """A run resolves the paper through the repository and links the same repository as the code, naming both
    routes; the report counts requests per route; the decoy row gets neither."""
    clients = make_services(services[1], tmp_path / "cache")
    catalogue = tmp_path / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    outcome_ = pipeline.run(pipeline.RunOptions(catalogue=catalogue, report=tmp_path / "report.json"),
                            services=clients)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    gizmo, app = report["entries"]
    assert (gizmo["paper"]["decision"], gizmo["paper"]["doi"], gizmo["code"]["url"]) == (
        "resolved", VOR_DOI, "https://github.com/gizmo-lab/Gizmoformer")
    assert (app["paper"]["decision"], app["code"]["decision"]) == ("abstained", "abstained")
    code = outcome_.result.code[5]
    assert has_kind(code.evidence, Kind.PAPER_FOUND_HERE)
    github = report["requests"]["github"]
    assert github["route_repository"] >= 1 and github["route_repository"] + github["route_code"] == github["requests"]
    assert report["summary"]["paper_lookups_by_route"]["repository"] >= 1
