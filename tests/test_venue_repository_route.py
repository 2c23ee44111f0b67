"""The repository route for a list item naming a model, a conference and a year but no person (`* X (ICML 2024)`):
many conferences register no DOI, so the paper's only DOI is its arXiv preprint's. The official repository citing
that preprint, the title making the model its subject and the exact year settle the item; each decoy abstains.

Every record, README and repository below is reconstructed (composed for these tests; arXiv-shaped DOIs with
invented ids, journal DOIs under the test prefix 10.5555).
"""

from __future__ import annotations

import pytest

from enrich.records import CatalogueEntry, ColumnRole, Decision, Resolution, RowStatus, Shape
from enrich.repository_route import paper_through_repository
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import arxiv_record
from tests.test_repository_route import crossref_item, make_services, repo_item

LAB = [("Ada", "Kim"), ("Ben", "Moss")]


def arxiv(number: str, title: str, year: int = 2024) -> dict:
    return arxiv_record(f"10.48550/arxiv.{number}", title, LAB, year, "reconstructed: invented arXiv preprint")


def cites_arxiv(full_name: str, *numbers: str) -> dict:
    lines = "\n\n".join(f"[arXiv](https://arxiv.org/abs/{number})" for number in numbers)
    return repo_item(full_name, f"# {full_name.split('/')[1]}\n\n{lines}\n")


CORPUS = Corpus(
    datacite=[
        arxiv("2404.10001", "Gear: equivariant long-range widget modelling"),
        arxiv("2404.10002", "Lever-2: scaling widget state spaces"),
        arxiv("2404.10003", "Axle: widget language models"),
        arxiv("2404.10004", "Axle: a benchmark of widget phenotypes"),
    ],
    crossref=[
        crossref_item("10.5555/venue.cam", "Cam: a toolkit for widget image analysis", "Ada", "Kim", 2024,
                      author=[{"given": given, "family": family} for given, family in LAB],
                      **{"container-title": ["Bioinformatics"]}),
    ],
    github=[
        cites_arxiv("kim-lab/Gear", "2404.10001"),
        cites_arxiv("kim-lab/Lever", "2404.10002"),
        cites_arxiv("kim-lab/Axle", "2404.10003", "2404.10004"),
        repo_item("kim-lab/Cam", "# Cam\n\nPlease cite https://doi.org/10.5555/venue.cam\n"),
    ],
)


def item(model: str, venue: str | None = "ICML", year: int = 2024) -> CatalogueEntry:
    text = f"{model} ({venue} {year})" if venue else f"{model} ({year})"
    return CatalogueEntry(
        line=5, section=("Models",), table_index=0, roles=(ColumnRole.OTHER, ColumnRole.MODEL, ColumnRole.OTHER),
        cells=("* ", model, f" ({venue} {year})"), model=model, pretrained=False, paper_text=text, paper_title=None,
        paper_url="", code_url=None, authors=(), year=year, status=RowStatus.NEEDS_RESOLUTION, venue=venue,
        shape=Shape.LIST)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    with FakeServices(CORPUS, github_options={"search_limit": 1000, "core_limit": 1000}) as fakes:
        yield make_services(fakes, tmp_path_factory.mktemp("venue-route-cache"))


def through(services, entry: CatalogueEntry) -> tuple[Decision, str | None]:
    found = paper_through_repository(entry, Resolution(5, Decision.ABSTAINED), services.github, services.crossref,
                                     services.datacite)
    return found.decision, found.work.doi if found.work else None


def test_conference_item_takes_the_arxiv_preprint_its_repository_cites(services) -> None:
    """`* X (ICML 2024)`: the repository named after X cites 'X: ...' on arXiv, 2024: that DOI is the paper."""
    assert through(services, item("Gear")) == (Decision.RESOLVED, "10.48550/arxiv.2404.10001")


@pytest.mark.parametrize(("entry", "why"), [
    (item("Gear", venue="Nature Methods"), "a journal registers its own DOI: the preprint is not its paper"),
    (item("Gear", venue=None), "no venue: the model and the year alone"),
    (item("Gear", year=2022), "another year"),
    (item("Lever"), "the cited preprint names a successor, 'X-2'"),
    (item("Axle"), "two cited preprints both make the model their subject"),
    (item("Cam"), "the cited work is a journal article in another venue"),
])
def test_decoys_abstain(services, entry: CatalogueEntry, why: str) -> None:
    """Each decoy leaves the item abstained."""
    assert through(services, entry) == (Decision.ABSTAINED, None), why
