"""One decision for paper and code: a repository is the code when it cites the paper (DOI, preprint DOI, arXiv id
or title, in README, CITATION.cff, description or homepage); a monorepo through the folder its root README lists
with the title; never a repository that cites another paper. Each pattern with its decoy.

Every work, README, CITATION.cff and repository below is reconstructed (composed for these tests; DOIs under the
test prefix 10.5555 or shaped like bioRxiv's); the GitHub fake serves them in the recorded shapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from enrich.cache import Cache
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.code_links import find_code, score_repo, search_model, title_head_model
from enrich.evidence import Kind
from enrich.records import (
    Author,
    CatalogueEntry,
    ColumnRole,
    Decision,
    RepoRecord,
    Resolution,
    RowStatus,
    WorkRecord,
)
from tests.fakes.github import GitHubFake
from tests.fakes.server import FakeServer

TITLE = "Decoding regulatory gizmos across single cells with attention"
PREPRINT_TITLE = "Decoding regulatory gizmos in single cells"
VOR = WorkRecord(doi="10.5555/gizmo.2024.1", title=TITLE, source="crossref", type="journal-article", year=2024,
                 authors=(Author("Kim", "Ada"), Author("Park", "Min")), has_preprint=("10.1101/2023.02.02.500001",))
PREPRINT = WorkRecord(doi="10.1101/2023.02.02.500001", title=PREPRINT_TITLE, source="crossref",
                      type="posted-content", subtype="preprint", year=2023, authors=(Author("Kim", "Ada"),),
                      preprint_of=("10.5555/gizmo.2024.1",))
OTHER_BIBTEX = """## Citation

```bibtex
@article{lee2022sprockets,
  title = {Sprocket embeddings predict widget fate in developing tissue},
  author = {Lee, Sora and Kim, Ada},
  doi = {10.5555/sprocket.2022.9}
}
```
"""


def row(model: str | None = "Gizmoformer", code_url: str | None = None, title: str | None = None) -> CatalogueEntry:
    return CatalogueEntry(
        line=7, section=("Models",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE),
        cells=(f" {model or ''} ", " Ada Kim et al., 2024 ", f" [code]({code_url}) " if code_url else "  "),
        model=model, pretrained=False, paper_text="Ada Kim et al., 2024", paper_title=title, paper_url=None,
        code_url=code_url, authors=("Ada Kim",), year=2024, status=RowStatus.NEEDS_RESOLUTION)


def repo(full_name: str, **fields: object) -> RepoRecord:
    return RepoRecord(full_name=full_name, html_url=f"https://github.com/{full_name}", size=100,
                      **fields)  # type: ignore[arg-type]


def kinds(items: tuple) -> tuple[Kind, ...]:
    return tuple(item.kind for item in items)


def verdict_of(scored) -> tuple[bool, tuple[Kind, ...]]:
    """(accepted, kinds of objections)."""
    return not scored.objections, kinds(scored.objections)


def cites_kind(scored) -> Kind | None:
    return next((item.kind for item in scored.evidence if item.kind.value.startswith("repo-cites")), None)


# ---------------------------------------------------------------- what counts as citing the paper (pure)


def test_readme_citing_only_the_preprint_doi_is_the_code() -> None:
    """A README that cites only the preprint's DOI cites the paper (the version of record was found)."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=f"doi:{PREPRINT.doi}"), "search", PREPRINT)
    assert (verdict_of(scored), cites_kind(scored)) == ((True, ()), Kind.REPO_CITES_PREPRINT)


def test_decoy_readme_citing_another_preprint_is_not() -> None:
    """Decoy: a preprint DOI of the same server, another paper: not a citation of this one."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme="doi:10.1101/2023.02.02.599999"),
                        "search", PREPRINT)
    assert verdict_of(scored) == (False, (Kind.REPO_NOT_CITING,))


def test_readme_citing_only_the_title_is_the_code() -> None:
    """The title in bold, without any identifier, cites the paper."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=f"Official code of **{TITLE}**."),
                        "search")
    assert (verdict_of(scored), cites_kind(scored)) == ((True, ()), Kind.REPO_CITES_TITLE)


def test_decoy_readme_with_a_neighbouring_title_is_not() -> None:
    """Decoy: a title that shares the words but not the paper ("... in tissues with convolutions")."""
    text = "Official code of **Decoding metabolic widgets across bulk tissues with convolutions**."
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=text), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_NOT_CITING,))


def test_description_citing_the_title_is_the_code() -> None:
    """The repository's description naming the title is a citation (the README says nothing)."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme="# Gizmoformer\n",
                                         description=f"Code for '{TITLE}'"), "search")
    assert (verdict_of(scored), cites_kind(scored), scored.evidence[-1].context) == (
        (True, ()), Kind.REPO_CITES_TITLE, "description")


def test_decoy_description_without_the_title_is_not() -> None:
    """Decoy: a description naming the model only."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme="# Gizmoformer\n",
                                         description="Gizmoformer: gizmos with attention"), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_NOT_CITING,))


def test_homepage_pointing_at_the_paper_is_a_citation() -> None:
    """A homepage field that is the paper's DOI link cites it."""
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme="# G\n",
                                         homepage=f"https://doi.org/{VOR.doi}"), "search")
    assert (verdict_of(scored), cites_kind(scored)) == ((True, ()), Kind.REPO_CITES_DOI)


def test_repository_citing_another_paper_is_rejected_even_when_an_author_owns_it() -> None:
    """Named after the model, owned by an author, but its citation block is another paper: rejected, and the
    objection is counter-evidence (it contradicts), not a mere lack of evidence."""
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer", readme=f"# Gizmoformer\n\n{OTHER_BIBTEX}"), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_CITES_OTHER_PAPER,))
    assert scored.objections[0].contradicts


def test_decoy_repository_citing_both_is_the_code() -> None:
    """The same citation block plus this paper's DOI: it cites the paper, so the other citation is no objection."""
    readme = f"# Gizmoformer\n\nPaper: https://doi.org/{VOR.doi}\n\n{OTHER_BIBTEX}"
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


def test_own_citation_by_the_same_first_author_is_not_counter_evidence() -> None:
    """A citation block naming a paper whose first author is the paper's own (a sibling or version) is not
    evidence of another paper: the repository stays merely unconfirmed."""
    readme = OTHER_BIBTEX.replace("Lee, Sora and Kim, Ada", "Kim, Ada")
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_NOT_CITING,))


# ---------------------------------------------------------------- a monorepo (pure)

MONOREPO_README = f"""# Gizmo lab research

| project | paper |
|---|---|
| [sprockets](sprockets/) | Sprocket embeddings predict widget fate in developing tissue |
| [gizmoformer](./gizmoformer) | {TITLE} (Nature Gizmos, 2024) |
"""


def test_monorepo_root_listing_the_folder_with_the_title_gives_the_folder() -> None:
    """A monorepo whose root README lists a folder on the line with the paper's title: the folder is the code."""
    scored = score_repo(row(), VOR, repo("bigco/gizmo-research", readme=MONOREPO_README, default_branch="main"),
                        "record")
    assert (verdict_of(scored), scored.repo.path, kinds(scored.evidence)[1]) == (
        (True, ()), "gizmoformer", Kind.REPO_ROOT_LISTS_FOLDER)


def test_decoy_monorepo_listing_only_other_projects_is_not_the_code() -> None:
    """Decoy: the same monorepo without this paper's line."""
    readme = MONOREPO_README.rsplit("\n", 2)[0] + "\n"
    scored = score_repo(row(), VOR, repo("bigco/gizmo-research", readme=readme), "record")
    assert (verdict_of(scored), scored.repo.path) == ((False, (Kind.REPO_NOT_NAMED, Kind.REPO_NOT_CITING)), None)


# ---------------------------------------------------------------- find_code against the fake

CFF = f"""cff-version: 1.2.0
title: gizmoformer
preferred-citation:
  type: article
  title: "{TITLE}"
  authors:
    - family-names: Kim
      given-names: Ada
  doi: "{VOR.doi}"
"""
OTHER_CFF = """cff-version: 1.2.0
title: gizmo-tools
preferred-citation:
  type: article
  title: "Sprocket embeddings predict widget fate in developing tissue"
  authors:
    - family-names: Lee
      given-names: Sora
  doi: "10.5555/sprocket.2022.9"
"""
CORPUS = [
    {"repo": {"full_name": "gizmo-lab/Gizmoformer", "description": "Gizmoformer", "size": 400},
     "readme": "# Gizmoformer\n\nInstall with pip.\n", "files": {"CITATION.cff": CFF}},
    {"repo": {"full_name": "gizmo-fan/Gizmoformer", "description": "Gizmoformer", "fork": True,
              "parent": "gizmo-lab/Gizmoformer", "stargazers_count": 999, "size": 400},
     "readme": "# Gizmoformer\n", "files": {"CITATION.cff": CFF}},
    {"repo": {"full_name": "sprocket-lab/Gizmotools", "description": "Gizmotools", "size": 400},
     "readme": "# Gizmotools\n", "files": {"CITATION.cff": OTHER_CFF}},
    {"repo": {"full_name": "bigco/gizmo-research", "description": "Research code", "size": 9000},
     "readme": MONOREPO_README},
]


@pytest.fixture
def client(tmp_path: Path):
    fake = GitHubFake(CORPUS)
    with FakeServer(fake.routes()) as server:
        yield GitHubClient(ServiceConfig(github_url=server.url), Cache(tmp_path / "cache"),
                           retry=RetryPolicy(attempts=2, initial=0.0, maximum=0.0),
                           pacer=Pacer(rate=1000.0, concurrency=1), search_pacer=Pacer(rate=1000.0, concurrency=1))


def accepted(work: WorkRecord, preprint: WorkRecord | None = None) -> Resolution:
    return Resolution(7, Decision.RESOLVED, work=work, preprint=preprint, confidence=0.95)


def test_citation_only_in_citation_cff_finds_the_code(client: GitHubClient) -> None:
    """README silent, CITATION.cff cites the DOI: the repository is the code; the fork with more stars is not."""
    result = find_code(row(), accepted(VOR), client)
    assert (result.decision, result.url) == (Decision.RESOLVED, "https://github.com/gizmo-lab/Gizmoformer")
    assert [item.context for item in result.evidence if item.kind is Kind.REPO_CITES_DOI] == ["CITATION.cff"]


def test_decoy_citation_cff_of_another_paper_disagrees(client: GitHubClient) -> None:
    """Decoy: a linked repository whose CITATION.cff cites another paper by another author disagrees, with
    counter-evidence."""
    result = find_code(row(code_url="https://github.com/sprocket-lab/Gizmotools"), accepted(VOR), client)
    assert (result.decision, kinds(result.reasons)) == (Decision.LINK_DISAGREES, (Kind.REPO_CITES_OTHER_PAPER,))


def test_monorepo_link_in_the_record_points_at_the_folder(client: GitHubClient) -> None:
    """The paper's record links the monorepo's root; the code link is the folder the root README lists."""
    work = WorkRecord(**{**{field: getattr(VOR, field) for field in VOR.__slots__},
                         "urls": ("https://github.com/bigco/gizmo-research",)})
    result = find_code(row(), accepted(work), client)
    assert (result.decision, result.url) == (Decision.RESOLVED,
                                             "https://github.com/bigco/gizmo-research/tree/main/gizmoformer")


# ---------------------------------------------------------------- lists without a model column


@pytest.mark.parametrize("title, model", [
    ("DNABERT-2: efficient foundation model and benchmark for multi-species genomes", "DNABERT-2"),
    ("Nicheformer: a foundation model for single-cell and spatial omics", "Nicheformer"),
    ("The Nucleotide Transformer: building and evaluating robust foundation models", "Nucleotide Transformer"),
    ("scGPT - toward building a foundation model for single-cell multi-omics", "scGPT"),
    ("Deep learning: a new hope for single-cell analysis", None),
    ("Review: transformers in genomics", None),
    ("Single Cell Foundation Models: A Survey Of Methods", None),
    ("Large-scale foundation model on single-cell transcriptomics", None),
])
def test_title_head_gives_the_model_name(title: str, model: str | None) -> None:
    """The head of a title names the model when it looks like a name; a phrase or a generic label does not."""
    assert title_head_model(title) == model


@pytest.mark.parametrize("title, model", [
    ("Sequence modeling and design from molecular to genome scale with Evo", "Evo"),
    ("Cell atlases at scale with scWidget", "scWidget"),
    ("Predicting expression from sequence with transformers", None),
    ("Predicting Expression From Sequence With Transformers", None),
    ("Predicting expression with deep learning", None),
])
def test_title_tail_gives_the_model_name(title: str, model: str | None) -> None:
    """A title closing on "with X" introduces X when X is written as a name, never a common word."""
    assert search_model(row(None, title=title)) == model


def test_model_column_wins_over_the_title_head() -> None:
    """A row with a model column keeps it; without one, the title's head is searched for."""
    assert (search_model(row("Gizmoformer", title="Other: a title")), search_model(row(None, title=f"Gizmo: {TITLE}"))
            ) == ("Gizmoformer", "Gizmo")


def test_without_a_paper_a_claim_naming_the_rows_person_anywhere_is_not_counter_evidence() -> None:
    """The row names the senior author; the repository's DOI is a paper whose last author that person is: no
    counter-evidence. Decoy: the same claim by other people is."""
    claim = repo("gizmo-lab/Gizmoformer", readme="## Citation\n\nhttps://doi.org/10.5555/sprocket.2022.9\n")
    own = WorkRecord(doi="10.5555/sprocket.2022.9", title="Sprocket embeddings predict widget fate",
                     source="crossref", type="journal-article", year=2022, authors=(Author("Lee", "Sora"),
                                                                                    Author("Kim", "Ada")))
    others = WorkRecord(**{**{name: getattr(own, name) for name in own.__slots__},
                           "authors": (Author("Lee", "Sora"), Author("Choi", "Jun"))})
    verdicts = [kinds(score_repo(row(), None, claim, "search", cited_works={own.doi: work}).objections)
                for work in (own, others)]
    assert verdicts == [(Kind.REPO_NOT_CITING,), (Kind.REPO_CITES_OTHER_PAPER,)]
