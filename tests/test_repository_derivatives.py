"""The repository route when the official repository cites its model's paper beside a derivative's by the same lab
the same year ("X" and "X-MSA"): the paper that names the model whole is the row's; anything less stays ambiguous.

Every record, README and repository below is reconstructed (composed for these tests; DOIs under the test prefix
10.5555). The row names the lab head, listed last: the person alone fits every paper, so only the citations and
the titles (or an abstract introducing the model) can tell the papers apart.
"""

from __future__ import annotations

import pytest

from enrich.records import CatalogueEntry, ColumnRole, Decision, Resolution, RowStatus
from enrich.repository_route import paper_through_repository
from tests.fakes import Corpus, FakeServices
from tests.test_repository_route import crossref_item, make_services, repo_item

LAB = [{"given": "Ben", "family": "Moss", "sequence": "first"}, {"given": "Cy", "family": "Ray"},
       {"given": "Dee", "family": "Lund"}, {"given": "Ada", "family": "Kim"}]


def lab_paper(doi: str, title: str, abstract: str = "") -> dict:
    """A reconstructed record by the row's lab (the row's person last), 2024, with the abstract given if any."""
    extra: dict[str, object] = {"author": LAB}
    if abstract:
        extra["abstract"] = f"<jats:p>{abstract}</jats:p>"
    return crossref_item(doi, title, "Ben", "Moss", 2024, **extra)


def cites(full_name: str, *dois: str) -> dict:
    lines = "\n\n".join(f"Please cite https://doi.org/{doi}" for doi in dois)
    return repo_item(full_name, f"# {full_name.split('/')[1]}\n\n{lines}\n")


CORPUS = Corpus(
    crossref=[
        # the model's paper: its title does not name the model, its abstract introduces it
        lab_paper("10.5555/deriv.wodget", "Widget language models predict regulatory variant effects",
                  "Here we introduce Wodget, a widget language model trained on many genomes."),
        lab_paper("10.5555/deriv.wodget-msa", "Wodget-MSA: an alignment-based widget language model"),
        # the model's paper names it as the title's subject
        lab_paper("10.5555/deriv.sprock", "Sprock: a transformer for regulatory widgets"),
        lab_paper("10.5555/deriv.sprock-2", "Sprock-2: scaling regulatory widget transformers"),
        # decoy: both papers name the model whole
        lab_paper("10.5555/deriv.wombat", "Wombat: a language model of regulatory widgets"),
        lab_paper("10.5555/deriv.wombat-atlas", "Wombat is all you need: widget atlases across tissues"),
        # decoy: neither names the model whole (no abstract, no model in the title)
        lab_paper("10.5555/deriv.walrus", "Regulatory widget grammar learned from many genomes"),
        lab_paper("10.5555/deriv.walrus-msa", "Walrus-MSA: an alignment-based widget model"),
        # decoy: the abstract names the model only to compare with it
        lab_paper("10.5555/deriv.quokka", "Widget models of the developing kidney",
                  "Our model outperforms Quokka on every widget benchmark."),
        lab_paper("10.5555/deriv.quokka-2", "Quokka-2: faster regulatory widget models"),
        # decoy: the third cited paper is neither the model's nor a derivative's
        lab_paper("10.5555/deriv.numbat", "Numbat: a transformer for widget regulation"),
        lab_paper("10.5555/deriv.numbat-msa", "Numbat-MSA: alignments for widget regulation"),
        lab_paper("10.5555/deriv.kidney-atlas", "A widget atlas of the developing kidney"),
    ],
    github=[
        cites("kim-lab/Wodget", "10.5555/deriv.wodget", "10.5555/deriv.wodget-msa"),
        cites("kim-lab/Sprock", "10.5555/deriv.sprock-2", "10.5555/deriv.sprock"),
        cites("kim-lab/Wombat", "10.5555/deriv.wombat", "10.5555/deriv.wombat-atlas"),
        cites("kim-lab/Walrus", "10.5555/deriv.walrus", "10.5555/deriv.walrus-msa"),
        cites("kim-lab/Quokka", "10.5555/deriv.quokka", "10.5555/deriv.quokka-2"),
        cites("kim-lab/Numbat", "10.5555/deriv.numbat", "10.5555/deriv.numbat-msa", "10.5555/deriv.kidney-atlas"),
    ],
)


def row(model: str) -> CatalogueEntry:
    paper = "Ada Kim et al., 2024"
    return CatalogueEntry(
        line=9, section=("Models",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE),
        cells=(f" {model} ", f" {paper} ", "  "), model=model, pretrained=False, paper_text=paper, paper_title=None,
        paper_url=None, code_url=None, authors=("Ada Kim",), year=2024, status=RowStatus.NEEDS_RESOLUTION)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    with FakeServices(CORPUS, github_options={"search_limit": 1000, "core_limit": 1000}) as fakes:
        yield make_services(fakes, tmp_path_factory.mktemp("derivatives-cache"))


def through(services, model: str) -> tuple[Decision, str | None]:
    found = paper_through_repository(row(model), Resolution(9, Decision.ABSTAINED), services.github,
                                     services.crossref, services.datacite)
    return found.decision, found.work.doi if found.work else None


def test_abstract_introducing_the_model_beats_a_derivative(services) -> None:
    """Cited side by side with 'X-MSA: ...', the paper whose abstract introduces X is the row's."""
    assert through(services, "Wodget") == (Decision.RESOLVED, "10.5555/deriv.wodget")


def test_title_naming_the_model_beats_a_numbered_successor(services) -> None:
    """Cited with 'X-2: ...' (listed first), the paper titled 'X: ...' is the row's."""
    assert through(services, "Sprock") == (Decision.RESOLVED, "10.5555/deriv.sprock")


def test_decoy_both_papers_name_the_model_whole(services) -> None:
    """Both cited titles make the model their subject: nothing tells them apart, the row stays abstained."""
    assert through(services, "Wombat") == (Decision.ABSTAINED, None)


def test_decoy_neither_paper_names_the_model_whole(services) -> None:
    """A derivative's paper and one that does not name the model: the row stays abstained."""
    assert through(services, "Walrus") == (Decision.ABSTAINED, None)


def test_decoy_abstract_only_comparing_with_the_model(services) -> None:
    """An abstract that names the model to compare with it does not introduce it: the row stays abstained."""
    assert through(services, "Quokka") == (Decision.ABSTAINED, None)


def test_decoy_a_third_paper_that_is_no_derivative(services) -> None:
    """Beside 'X: ...' and 'X-MSA: ...' the repository cites a third paper of the lab: still ambiguous."""
    assert through(services, "Numbat") == (Decision.ABSTAINED, None)

