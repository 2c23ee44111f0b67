"""Code-link discovery and verification: pure scoring, and find_code against the GitHub fake with decoys.

Every repository, README and work below is reconstructed (invented for these tests, DOIs under the test
prefix 10.5555); the fake serves them in the recorded GitHub shapes (see tests/fakes/github.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from enrich.cache import Cache
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.code_links import (
    RepoLink,
    _cites_suffix,
    find_code,
    github_links,
    metadata_objections,
    names_model,
    other_code_hosts,
    cites_paper,
    owner_is_author,
    score_repo,
)
from enrich.evidence import Kind
from enrich.records import (
    Author,
    CatalogueEntry,
    CodeResolution,
    ColumnRole,
    Decision,
    RepoRecord,
    Resolution,
    RowStatus,
    WorkRecord,
)
from tests.fakes.github import GitHubFake
from tests.fakes.server import FakeServer

WIDGET_DOI = "10.5555/widget.2024.001"
MAPPER_DOI = "10.5555/mapper.2023.002"
GENOMIX_DOI = "10.5555/genomix.2021.003"

# reconstructed works
WIDGET = WorkRecord(doi=WIDGET_DOI, title="scWidget: a foundation model for single-cell widget prediction",
                    source="crossref", type="journal-article", year=2024,
                    authors=(Author("Doe", "Jane"), Author("Roe", "Richard")))
MAPPER = WorkRecord(doi=MAPPER_DOI, title="CellMapper maps cells across tissues with attention", source="crossref",
                    type="journal-article", year=2023, authors=(Author("Moe", "Mary"),))
GENOMIX = WorkRecord(doi=GENOMIX_DOI, title="Predicting expression from long genomic sequences", source="crossref",
                     type="journal-article", year=2021, authors=(Author("Poe", "Paul"),),
                     urls=("https://github.com/bigco/research/tree/main/genomix",))
TINY = WorkRecord(doi="10.5555/tiny.2022.004", title="TinyTool compresses single-cell atlases", source="crossref",
                  type="journal-article", year=2022, authors=(Author("Doe", "Jane"),))
HUB = WorkRecord(doi="10.5555/hub.2023.005", title="HubModel learns gene programs", source="crossref",
                 type="journal-article", year=2023, authors=(Author("Hu", "Bo"),),
                 urls=("https://huggingface.co/hubowner/HubModel",))
TWO_LINKS = WorkRecord(doi="10.5555/two.2023.006", title="Atlas of widget expression in developing tissue",
                       source="crossref", type="journal-article", year=2023, authors=(Author("Doe", "Jane"),),
                       abstract="Code: https://github.com/widget-lab/atlas-code; data: https://github.com/widget-lab/atlas-data.")

CITES_WIDGET = f"# scWidget\n\nOfficial code of the paper.\n\nCite: https://doi.org/{WIDGET_DOI}\n"

# reconstructed GitHub corpus: the official repository and its decoys
CORPUS = [
    {"repo": {"full_name": "widget-lab/scWidget", "description": "scWidget: single-cell widget prediction",
              "stargazers_count": 120, "size": 900}, "readme": CITES_WIDGET},
    {"repo": {"full_name": "decoy-star/scWidget", "description": "scWidget: single-cell widget prediction",
              "fork": True, "parent": "widget-lab/scWidget", "stargazers_count": 900, "size": 900},
     "readme": CITES_WIDGET},
    {"repo": {"full_name": "decoy-lists/awesome-scWidget", "description": "A curated list of scWidget papers",
              "stargazers_count": 3000, "size": 40}, "readme": CITES_WIDGET},
    {"repo": {"full_name": "gadgets/scWidget", "description": "Widget toolkit for Scala", "stargazers_count": 500,
              "size": 300}, "readme": "# scWidget\n\nWidgets for Scala user interfaces.\n"},
    {"repo": {"full_name": "decoy-reimpl/scwidget-pytorch", "description": "Unofficial PyTorch reimplementation",
              "stargazers_count": 400, "size": 300}, "readme": CITES_WIDGET},
    {"repo": {"full_name": "newlab/cellmapper", "description": "CellMapper", "size": 700},
     "previous_names": ["oldlab/cellmapper-v1"], "readme": f"# CellMapper\n\ndoi:{MAPPER_DOI}\n"},
    {"repo": {"full_name": "bigco/research", "description": "Code accompanying our publications", "size": 99000},
     "readme": "# Research\n\nMany projects.\n",
     "folder_readmes": {"genomix": "# Genomix\n\nThe Genomix model predicts expression from sequence.\n"}},
    {"repo": {"full_name": "janedoe/tinytool", "description": "TinyTool", "size": 50},
     "readme": "# TinyTool\n\nCompress atlases.\n"},
    {"repo": {"full_name": "widget-lab/atlas-code", "description": "Atlas code", "size": 50},
     "readme": "# Atlas\n\nCode for 'Atlas of widget expression in developing tissue'.\n"},
    {"repo": {"full_name": "widget-lab/atlas-data", "description": "Atlas data", "size": 50},
     "readme": "# Atlas data\n\nData for 'Atlas of widget expression in developing tissue'.\n"},
]


def entry(model: str | None, code_url: str | None = None, paper_text: str = "", line: int = 10,
          status: RowStatus = RowStatus.COMPLETE, authors: tuple[str, ...] = ()) -> CatalogueEntry:
    code_cell = f"[code]({code_url})" if code_url else ""
    return CatalogueEntry(
        line=line, section=("Models",), table_index=0,
        roles=(ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE),
        cells=(f" {model or ''} ", f" {paper_text} ", f" {code_cell} "),
        model=model, pretrained=False, paper_text=paper_text, paper_title=None, paper_url=None,
        code_url=code_url, authors=authors, year=None, status=status)


def resolved(work: WorkRecord | None, line: int = 10) -> Resolution:
    if work is None:
        return Resolution(line, Decision.ABSTAINED, reasons=("no candidate",))
    return Resolution(line, Decision.RESOLVED, work=work, confidence=0.95)


def repo(full_name: str, **fields: object) -> RepoRecord:
    return RepoRecord(full_name=full_name, html_url=f"https://github.com/{full_name}", **fields)  # type: ignore[arg-type]


@pytest.fixture
def github(tmp_path: Path):
    """A GitHub client on the decoy corpus; yields (client factory, fake, server)."""
    fake = GitHubFake(CORPUS)
    with FakeServer(fake.routes()) as server:
        def make(**options: object) -> GitHubClient:
            config = ServiceConfig(github_url=server.url)
            return GitHubClient(config, Cache(tmp_path / "cache"), retry=RetryPolicy(attempts=2, initial=0.0,
                                                                                       maximum=0.0),
                                pacer=Pacer(rate=1000.0, concurrency=1),
                                search_pacer=Pacer(rate=1000.0, concurrency=1), **options)  # type: ignore[arg-type]
        yield make, fake, server


def decide(client: GitHubClient, row: CatalogueEntry, resolution: Resolution) -> CodeResolution:
    return find_code(row, resolution, client)


def summary(result: CodeResolution) -> tuple[str, str | None, tuple[Kind, ...]]:
    return result.decision.value, result.url, kinds(result.reasons)


def kinds(items: tuple) -> tuple[Kind, ...]:
    return tuple(item.kind for item in items)


# ---------------------------------------------------------------- pure helpers


def test_github_links_strip_punctuation_and_git() -> None:
    """Links lose a sentence's full stop and a .git suffix; site pages are not repositories."""
    text = "See https://github.com/a-lab/Tool.git, github.com/b/c. and https://github.com/topics/x"
    assert github_links(text) == [RepoLink("a-lab", "Tool"), RepoLink("b", "c")]


def test_github_links_keep_monorepo_folder() -> None:
    """A /tree/<branch>/<path> link keeps branch and folder."""
    assert github_links("https://github.com/bigco/research/tree/main/genomix/") == [
        RepoLink("bigco", "research", "main", "genomix")]


def test_other_code_hosts() -> None:
    """Hugging Face and other non-GitHub code hosts are named by host."""
    assert other_code_hosts(["https://huggingface.co/x/y", "https://www.gitlab.com/a/b"]) == [
        "huggingface.co", "gitlab.com"]


@pytest.mark.parametrize("name, expected", [
    ("scWidget", True), ("scwidget", True), ("scWidget-official", True), ("sc_widget", True),
    ("notscwidget", False), ("widget", False),
])
def test_names_model(name: str, expected: bool) -> None:
    """Name tokens spell the model regardless of case and separators, never as a substring of a word."""
    assert names_model(name, "scWidget") is expected


def test_owner_with_given_name_is_author() -> None:
    """'bowang-lab' names author Bo Wang; 'wang-x' does not."""
    work = WorkRecord(doi="10.5555/x", title="t", source="crossref", type="journal-article",
                      authors=(Author("Wang", "Bo"),))
    results = (owner_is_author("bowang-lab", entry("M"), [work]), owner_is_author("wang-x", entry("M"), [work]))
    assert (results[0].kind, results[0].context, results[1]) == (Kind.REPO_AUTHOR_OWNS, "wang", None)


def test_owner_as_family_lab_is_author() -> None:
    """'<family>lab' names the author's lab."""
    found = owner_is_author("keiserlab", entry("M", authors=("Michael Keiser",)), [])
    assert (found.kind, found.context) == (Kind.REPO_AUTHOR_OWNS, "keiser")


def test_readme_shorter_than_title_does_not_cite_it() -> None:
    """A README that is only the model name is not a citation of a longer title."""
    assert cites_paper(repo("a/b", readme="# scWidget\n"), entry("M"), [WIDGET]) is None


def test_readme_cites_doi_arxiv_and_title() -> None:
    """A README cites by DOI, by arXiv id, or by a title at least 0.9 similar."""
    arxiv = WorkRecord(doi="10.48550/arxiv.2210.14330", title="x", source="datacite", type="posted-content")
    found = [cites_paper(repo("a/b", readme=text), entry("M"), [work]) for text, work in (
        (f"see doi.org/{WIDGET_DOI.upper()}", WIDGET), ("arXiv:2210.14330", arxiv),
        ("We present scWidget - a foundation model for single cell widget prediction!", WIDGET),
        ("A model for widgets.", WIDGET))]
    assert [(item.kind, item.detail) if item else None for item in found] == [
        (Kind.REPO_CITES_DOI, WIDGET_DOI), (Kind.REPO_CITES_ARXIV, "2210.14330"),
        (Kind.REPO_CITES_TITLE, WIDGET.title), None]


def test_fork_is_rejected_even_with_more_stars() -> None:
    """A fork is never the official code, however many stars it has."""
    scored = score_repo(entry("scWidget"), WIDGET, repo("decoy-star/scWidget", fork=True, size=9, stargazers=10**6,
                                                          readme=CITES_WIDGET), "search")
    assert kinds(scored.objections) == (Kind.FORK,)


def test_awesome_list_is_rejected() -> None:
    """A curated paper list that cites the paper is still not its code."""
    scored = score_repo(entry("scWidget"), WIDGET, repo("x/awesome-scWidget", size=9, readme=CITES_WIDGET), "search")
    assert kinds(scored.objections) == (Kind.PAPER_LIST,)


def test_search_hit_needs_citation_or_author_owner() -> None:
    """A same-named search hit whose README is silent and whose owner is no author is rejected."""
    scored = score_repo(entry("scWidget"), WIDGET, repo("gadgets/scWidget", size=9, readme="# scWidget\n"), "search")
    assert [(item.kind, item.context) for item in scored.objections] == [(Kind.REPO_NOT_CITING, "owner-not-author")]


def test_row_link_needs_citation() -> None:
    """A repository a person linked must cite the paper (or be named after the model and owned by an author)."""
    scored = score_repo(entry("scWidget"), WIDGET, repo("gadgets/scWidget", size=9, readme="# scWidget\n"), "row")
    assert kinds(scored.objections) == (Kind.REPO_NOT_CITING,)


def test_accepted_repo_lists_evidence() -> None:
    """An accepted search hit says what matched, and its confidence adds up."""
    scored = score_repo(entry("scWidget"), WIDGET, repo("widget-lab/scWidget", size=9, readme=CITES_WIDGET), "search")
    assert (scored.objections, kinds(scored.evidence), scored.confidence) == (
        (), (Kind.REPO_FOUND_BY_SEARCH, Kind.REPO_NAMES_MODEL, Kind.REPO_CITES_DOI), 0.7)


# ---------------------------------------------------------------- find_code against the fake


def test_search_picks_official_among_decoys(github) -> None:
    """Search by model name finds the official repository; fork, list, namesake and reimplementation lose."""
    make, _, _ = github
    result = decide(make(), entry("scWidget"), resolved(WIDGET))
    assert summary(result) == ("resolved", "https://github.com/widget-lab/scWidget", ())
    assert {candidate.repo.full_name: kinds(candidate.objections) for candidate in result.candidates} == {
        "widget-lab/scWidget": (),
        "decoy-star/scWidget": (Kind.FORK,),
        "decoy-lists/awesome-scWidget": (Kind.PAPER_LIST,),
        "gadgets/scWidget": (Kind.REPO_NOT_CITING,),
        "decoy-reimpl/scwidget-pytorch": (Kind.UNOFFICIAL,),
    }


def test_search_costs_one_search_and_two_readmes(github) -> None:
    """A search entry spends one search request and at most two READMEs, plus CITATION.cff of a named hit whose
    README settles nothing."""
    make, fake, _ = github
    decide(make(), entry("scWidget"), resolved(WIDGET))
    assert (fake.quota_used("search"), fake.quota_used("core")) == (1, 3)


def test_owner_author_suffices_for_search_hit(github) -> None:
    """A search hit named after the model and owned by an author is accepted without a citation."""
    make, _, _ = github
    result = decide(make(), entry("TinyTool"), resolved(TINY))
    assert summary(result) == ("resolved", "https://github.com/janedoe/tinytool", ())
    assert result.evidence[-1].kind is Kind.REPO_AUTHOR_OWNS


def test_deleted_linked_repo_disagrees(github) -> None:
    """A code link to a repository that no longer exists is a disagreement, not replaced."""
    make, _, _ = github
    result = decide(make(), entry("scWidget", code_url="https://github.com/ghost/vanished"), resolved(WIDGET))
    assert summary(result) == ("link-disagrees", None, (Kind.REPO_NOT_FOUND,))


def test_renamed_linked_repo_is_verified_under_new_name(github) -> None:
    """A linked repository reached through a 301 is verified and reported under its new name."""
    make, _, _ = github
    result = decide(make(), entry("CellMapper", code_url="https://github.com/oldlab/cellmapper-v1"), resolved(MAPPER))
    assert summary(result) == ("already-linked-verified", "https://github.com/newlab/cellmapper", ())
    assert [(item.detail, item.context) for item in result.evidence if item.kind is Kind.REPO_RENAMED] == [
        ("oldlab/cellmapper-v1", "newlab/cellmapper")]


def test_linked_namesake_disagrees(github) -> None:
    """A code link to a same-named project that does not cite the paper disagrees, with the reason."""
    make, _, _ = github
    result = decide(make(), entry("scWidget", code_url="https://github.com/gadgets/scWidget"), resolved(WIDGET))
    assert summary(result) == ("link-disagrees", None, (Kind.REPO_NOT_CITING,))


def test_linked_official_repo_is_verified(github) -> None:
    """A code link to the official repository is verified and kept."""
    make, _, _ = github
    result = decide(make(), entry("scWidget", code_url="https://github.com/widget-lab/scWidget"), resolved(WIDGET))
    assert summary(result) == ("already-linked-verified", "https://github.com/widget-lab/scWidget", ())


def test_monorepo_folder_from_record(github) -> None:
    """A record link into a monorepo folder whose README names the model gives the folder URL."""
    make, _, _ = github
    result = decide(make(), entry("Genomix"), resolved(GENOMIX))
    assert summary(result) == ("resolved", "https://github.com/bigco/research/tree/main/genomix", ())


def test_monorepo_folder_not_naming_model_abstains(github) -> None:
    """A record link into a monorepo folder whose README names another model is not accepted."""
    make, _, _ = github
    result = decide(make(), entry("Proteomix"), resolved(GENOMIX))
    assert summary(result) == ("abstained", None, (Kind.REPO_NOT_NAMED, Kind.REPO_NOT_CITING))


def test_github_failure_defers(tmp_path: Path) -> None:
    """GitHub failing after retries defers the entry with the error, never reads as 'no repository'."""
    with FakeServer([]) as server:
        server.stop()  # nothing listens: every request fails to connect
        client = GitHubClient(ServiceConfig(github_url=server.url), Cache(tmp_path / "cache"),
                              retry=RetryPolicy(attempts=2, initial=0.0, maximum=0.0),
                              pacer=Pacer(rate=1000.0, concurrency=1))
        result = decide(client, entry("CellMapper", code_url="https://github.com/newlab/cellmapper"),
                        resolved(MAPPER))
    assert summary(result) == ("deferred", None, (Kind.SERVICE_FAILED,))


def test_code_on_hugging_face_abstains_without_requests(github) -> None:
    """Only huggingface.co links in the record: abstain, and do not search."""
    make, _fake, server = github
    result = decide(make(), entry("HubModel"), resolved(HUB))
    assert summary(result) == ("abstained", None, (Kind.CODE_ELSEWHERE,))
    assert result.reasons[0].detail == "huggingface.co"
    assert len(server.requests) == 0


def test_placeholder_makes_no_request(github) -> None:
    """A template row ([GitHub Link](#)) is a placeholder and costs nothing."""
    make, _, server = github
    result = decide(make(), entry("Thing", code_url="#", status=RowStatus.PLACEHOLDER), resolved(None))
    assert (summary(result), len(server.requests)) == (
        ("placeholder", None, (Kind.PLACEHOLDER_ROW,)), 0)


def test_two_qualifying_record_links_prefer_named_or_abstain(github) -> None:
    """Code and data repositories both citing the paper, neither named after the model: abstain."""
    make, _, _ = github
    result = decide(make(), entry("AtlasNet"), resolved(TWO_LINKS))
    assert summary(result) == ("abstained", None, (Kind.REPOS_SEVERAL,))
    assert result.reasons[0].detail == "widget-lab/atlas-code, widget-lab/atlas-data"


def test_no_model_no_links_no_paper_abstains(github) -> None:
    """A row without a model name, a settled paper or links abstains without searching."""
    make, _, server = github
    result = decide(make(), entry(None), resolved(None))
    assert (summary(result), len(server.requests)) == (("abstained", None, (Kind.NO_REPOSITORY,)), 0)


def test_no_model_citing_readme_without_a_tie_abstains(github) -> None:
    """Without a model name, a README found citing the settled paper is not the code when neither its name nor its
    owner ties it to the model or the authors."""
    make, _, _ = github
    result = decide(make(), entry(None), resolved(WIDGET))
    assert (result.decision, Kind.REPO_NOT_TIED in kinds(result.reasons)) == (Decision.ABSTAINED, True)


def test_rate_limit_defers_then_next_run_finishes_from_cache(github) -> None:
    """GitHub's secondary limit defers the entry; the next run resolves it, and a third run needs no request."""
    make, fake, server = github
    fake.secondary_limits, fake.retry_after = 1, "3600"
    clock = lambda: 1_700_000_000.0  # noqa: E731 - a fixed clock makes the reset time a literal
    first = decide(make(clock=clock), entry("scWidget"), resolved(WIDGET))
    second = decide(make(), entry("scWidget"), resolved(WIDGET))
    before = len(server.requests)
    third = decide(make(), entry("scWidget"), resolved(WIDGET))
    assert (summary(first), first.reasons[0].detail) == (("deferred", None, (Kind.RATE_LIMITED,)),
                                                         "2023-11-14 23:13:20 UTC")
    assert (second.url, third.url, len(server.requests) - before) == (
        "https://github.com/widget-lab/scWidget", "https://github.com/widget-lab/scWidget", 0)


def test_exhausted_core_quota_defers(tmp_path: Path) -> None:
    """With the hourly core quota spent (403, remaining 0) the entry waits for the reset."""
    fake = GitHubFake(CORPUS, core_limit=0)
    with FakeServer(fake.routes()) as server:
        client = GitHubClient(ServiceConfig(github_url=server.url), Cache(tmp_path / "cache"),
                              pacer=Pacer(rate=1000.0, concurrency=1))
        result = decide(client, entry("CellMapper", code_url="https://github.com/newlab/cellmapper"), resolved(MAPPER))
    assert (summary(result), result.reasons[0].detail) == (("deferred", None, (Kind.RATE_LIMITED,)),
                                                           "2100-01-01 00:00:00 UTC")


def test_offline_cache_miss(github) -> None:
    """Offline with nothing cached: CACHE_MISS naming the key."""
    make, _, _ = github
    result = decide(make(offline=True), entry("scWidget", code_url="https://github.com/widget-lab/scWidget"),
                  resolved(WIDGET))
    assert summary(result) == ("cache-miss", None, (Kind.CACHE_MISS,))


def test_only_github_urls_are_returned(github) -> None:
    """Every URL find_code returns, over all scenarios, is https://github.com/..."""
    make, _, _ = github
    client = make()
    cases = [(entry("scWidget"), WIDGET), (entry("TinyTool"), TINY), (entry("Genomix"), GENOMIX),
             (entry("CellMapper", code_url="https://github.com/oldlab/cellmapper-v1"), MAPPER)]
    urls = [decide(client, row, resolved(work)).url for row, work in cases]
    assert all(url and url.startswith("https://github.com/") for url in urls)


def test_publisher_url_with_a_longer_suffix_does_not_cite_the_doi() -> None:
    """A README linking 10.5555/x.12345678 does not cite 10.5555/x.1234567 (its suffix is only a prefix there)."""
    work = WorkRecord(doi="10.5555/x.1234567", title="A paper", source="crossref", type="journal-article", year=2024)
    assert _cites_suffix("https://example.org/article/x.12345678", [work]) is None
    assert _cites_suffix("https://example.org/article/x.1234567.v2", [work]) is None
    assert _cites_suffix("https://example.org/article/x.1234567 (2024).", [work]) is not None


@pytest.mark.parametrize("name", ["decoy-edu/petrel-tutorial", "decoy-edu/gannet-resources", "decoy-edu/osprey-course"])
def test_a_repository_named_as_teaching_material_is_not_the_code(name: str) -> None:
    """A repository named as a tutorial, course or resources about a model is objected to as unofficial."""
    kinds = [objection.kind for objection in metadata_objections(repo(name, size=10))]
    assert Kind.UNOFFICIAL in kinds


def test_an_official_repository_mentioning_tutorials_in_its_description_is_not_objected() -> None:
    """Only the name counts: 'Official code and tutorials for Petrel' raises no objection."""
    official = repo("lab/petrel", size=10, description="Official code and tutorials for Petrel")
    assert metadata_objections(official) == []
