"""The wider searches for a settled paper without code: its DOI, preprint DOI or title in READMEs, and the model's
singular in names and descriptions; each rule with the decoys it rejects.

Every work, repository and README here is reconstructed (invented for these tests, DOIs under the test prefix
10.5555, owners starting with `decoy-` for decoys); the GitHub fake serves them in the recorded shapes and answers
`in:readme` and quoted-phrase queries from its corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from enrich.cache import Cache
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.code_links import (
    WIDE,
    WIDE_ROUTE,
    find_code,
    model_family,
    score_repo,
    singular,
    title_names,
    wide_queries,
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

SEQ_DOI = "10.5555/wide.2025.001"
SEQ_PREPRINT_DOI = "10.5555/wide.2023.901"
GIZMO_DOI = "10.5555/wide.2025.002"
GIZMO_PREPRINT_DOI = "10.5555/wide.2024.902"
LM_DOI = "10.5555/wide.2022.003"

AUTHORS = (Author("Lindqvist", "Ann"), Author("Okafor", "Chidi"), Author("Kowalski", "Karl"))
# a title that names no model: a title-only list has nothing to search GitHub's names for
SEQ = WorkRecord(doi=SEQ_DOI, title="Predicting widget abundance from sequence as a unifying model of regulation",
                 source="crossref", type="journal-article", year=2025, authors=AUTHORS)
GIZMO = WorkRecord(doi=GIZMO_DOI, title="Learning gizmo assembly rules across many species at once",
                   source="crossref", type="journal-article", year=2025, authors=AUTHORS,
                   has_preprint=(GIZMO_PREPRINT_DOI,))
GIZMO_PREPRINT = WorkRecord(doi=GIZMO_PREPRINT_DOI, title="Learning gizmo assembly rules across species",
                            source="crossref", type="posted-content", year=2024, authors=AUTHORS,
                            preprint_of=(GIZMO_DOI,))
WIDGET_LMS = WorkRecord(doi=LM_DOI, title="WidgetLMs: widget language models reveal assembly dynamics",
                        source="crossref", type="posted-content", year=2022,
                        authors=(Author("Zvonar", "Zed"), Author("Quist", "Quinn")))

CITES_SEQ = ("# WidgetSeq\n\nThe model is described in: Lindqvist, A. et al. Predicting widget abundance from "
             f"sequence as a unifying model of regulation. (2025). https://doi.org/{SEQ_DOI}\n")
SEQ_OFFICIAL = {"repo": {"full_name": "kowalskilab/widgetseq", "description": "Widget abundance from sequence",
                         "size": 900, "stargazers_count": 50}, "readme": CITES_SEQ}
SEQ_AWESOME = {"repo": {"full_name": "decoy-lists/awesome-sequence-models", "topics": ["awesome-list"],
                        "description": "Sequence models", "size": 40, "stargazers_count": 3000},
               "readme": "# Sequence models\n\n" + "".join(
                   f"- Model {number}: https://doi.org/10.5555/list.{number:03d}\n" for number in range(200))
               + f"- WidgetSeq: https://doi.org/{SEQ_DOI}\n"}
# a reading list under a plain name, kept by one of the paper's authors: it cites too many papers to be any one's code
SEQ_READING = {"repo": {"full_name": "annlindqvist/reading", "description": "What I read", "size": 30,
                        "stargazers_count": 900},
               "readme": "# Reading\n\n" + "".join(f"- https://doi.org/10.5555/read.{number:03d}\n"
                                                   for number in range(8)) + f"- https://doi.org/{SEQ_DOI}\n"}
SEQ_BENCHMARK = {"repo": {"full_name": "decoy-bench/sequence-benchmark", "size": 500, "stargazers_count": 700,
                          "description": "Benchmarking sequence-to-abundance models"},
                 "readme": "# Sequence benchmark\n\nModels compared:\n\n"
                           f"- WidgetSeq https://doi.org/{SEQ_DOI}\n- GadgetNet https://doi.org/10.5555/other.001\n"
                           "- SprocketCNN https://doi.org/10.5555/other.002\n"}
# a user's tool citing the paper it builds on, under its own citation heading: cited, but by unrelated people
SEQ_USER_TOOL = {"repo": {"full_name": "decoy-user/abundance-plots", "size": 80, "stargazers_count": 600,
                          "description": "Plots of predicted widget abundance"},
                 "readme": "# abundance-plots\n\nPlots predictions of WidgetSeq.\n\n## Citation\n\nPlease also "
                           f"cite the model: https://doi.org/{SEQ_DOI}\n"}
SEQ_FORK = {"repo": {"full_name": "decoy-forker/widgetseq", "description": "Widget abundance from sequence",
                     "fork": True, "parent": "kowalskilab/widgetseq", "size": 900, "stargazers_count": 5000},
            "readme": CITES_SEQ}
GIZMO_OFFICIAL = {"repo": {"full_name": "kowalskilab/gizmo-rules", "description": "Gizmo assembly rules",
                           "size": 300},
                  "readme": f"# Gizmo rules\n\n## Citation\n\nPreprint: https://doi.org/{GIZMO_PREPRINT_DOI}\n"}
LM_OFFICIAL = {"repo": {"full_name": "widget-org/widgetlm", "description": "Genome-scale widget language models",
                        "size": 700},
               "readme": "# WidgetLM\n\n## Citations\n\n```bibtex\n@article{zvonar2022,\n  title={WidgetLMs: widget "
                         "language models reveal assembly dynamics},\n  author={Zvonar, Zed and Quist, Quinn},\n"
                         f"  doi={{{LM_DOI}}}\n}}\n```\n"}
LM_NAMESAKE = {"repo": {"full_name": "decoy-tools/widgetlm", "description": "WidgetLM: a layout manager for widgets",
                        "size": 200, "stargazers_count": 400}, "readme": "# WidgetLM\n\nLay out widgets.\n"}


def row(model: str | None = None, title: str | None = None) -> CatalogueEntry:
    return CatalogueEntry(
        line=7, section=("Models",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE),
        cells=(f" {model or ''} ", f" {title or ''} ", "  "), model=model, pretrained=False, paper_text=title or "",
        paper_title=title, paper_url=None, code_url=None, authors=(), year=None, status=RowStatus.COMPLETE)


def settled(work: WorkRecord | None, preprint: WorkRecord | None = None) -> Resolution:
    if work is None:
        return Resolution(7, Decision.ABSTAINED, reasons=())
    return Resolution(7, Decision.RESOLVED, work=work, preprint=preprint, confidence=0.95)


@pytest.fixture
def github(tmp_path: Path):
    """(client on a corpus, the server) for a corpus given by the test."""
    servers: list[FakeServer] = []

    def make(*corpus: dict) -> tuple[GitHubClient, FakeServer]:
        server = FakeServer(GitHubFake(list(corpus)).routes()).__enter__()
        servers.append(server)
        client = GitHubClient(ServiceConfig(github_url=server.url), Cache(tmp_path / f"cache{len(servers)}"),
                              retry=RetryPolicy(attempts=2, initial=0.0, maximum=0.0),
                              pacer=Pacer(rate=1000.0, concurrency=1), search_pacer=Pacer(rate=1000.0, concurrency=1))
        return client, server

    yield make
    for server in servers:
        server.__exit__(None, None, None)


def reason_kinds(result: CodeResolution) -> set[Kind]:
    return {item.kind for item in result.reasons}


def searches(server: FakeServer) -> int:
    return server.requests.count("/search/repositories")


# ---------------------------------------------------------------- the citation search


def test_readme_citing_the_doi_owned_by_an_authors_lab_is_the_code(github) -> None:
    """A title-only row with no model: the README found citing the DOI, owned by the last author's lab, is the code;
    the awesome list, the reading list, the benchmark and the fork that cite it too are not."""
    client, _ = github(SEQ_OFFICIAL, SEQ_AWESOME, SEQ_READING, SEQ_BENCHMARK, SEQ_USER_TOOL, SEQ_FORK)
    result = find_code(row(title=SEQ.title), settled(SEQ), client)
    assert (result.decision, result.url) == (Decision.RESOLVED, "https://github.com/kowalskilab/widgetseq")


@pytest.mark.parametrize(("decoy", "kinds"), [
    (SEQ_AWESOME, {Kind.PAPER_LIST}),
    (SEQ_READING, {Kind.PAPER_LIST}),
    # a README's benchmark section may cite nothing at all (the red-team rule); else nothing ties it to the paper
    (SEQ_BENCHMARK, {Kind.REPO_NOT_TIED, Kind.REPO_NOT_CITING}),
    (SEQ_USER_TOOL, {Kind.REPO_NOT_TIED}),
    (SEQ_FORK, {Kind.FORK}),
])
def test_decoy_citing_the_doi_is_not_the_code(github, decoy: dict, kinds: set[Kind]) -> None:
    """Alone, each decoy citing the DOI leaves the row abstained, for its own reason."""
    client, _ = github(decoy)
    result = find_code(row(title=SEQ.title), settled(SEQ), client)
    assert (result.decision, result.url, bool(kinds & reason_kinds(result))) == (Decision.ABSTAINED, None, True)


def test_readme_citing_a_doi_one_digit_off_does_not_cite_the_paper() -> None:
    """A wider search's hit whose README cites a DOI one digit longer than the paper's is not the paper's code."""
    decoy = RepoRecord(full_name="kowalskilab/widgetseq-extra", html_url="https://github.com/kowalskilab/widgetseq-extra",
                       size=10, readme=f"# Extra\n\nhttps://doi.org/{SEQ_DOI}1\n")
    scored = score_repo(row(), SEQ, decoy, WIDE)
    assert [item.kind for item in scored.objections] == [Kind.REPO_NOT_CITING]


def test_readme_citing_only_the_preprint_doi_is_found_by_the_second_search(github) -> None:
    """A README citing only the preprint's DOI: the search for the published DOI finds nothing, the one for the
    preprint's finds the code."""
    client, server = github(GIZMO_OFFICIAL)
    result = find_code(row(title=GIZMO.title), settled(GIZMO, GIZMO_PREPRINT), client)
    assert (result.decision, result.url, searches(server)) == (
        Decision.RESOLVED, "https://github.com/kowalskilab/gizmo-rules", 2)


def test_readme_citing_only_the_title_is_found_by_the_title_search(github) -> None:
    """Without a preprint, the second search is the title; a README giving only the title is found by it."""
    official = {"repo": {"full_name": "kowalskilab/widgetseq", "size": 900},
                "readme": f"# WidgetSeq\n\nCode for **{SEQ.title}**.\n"}
    client, server = github(official)
    result = find_code(row(title=SEQ.title), settled(SEQ), client)
    assert (result.decision, result.url, searches(server)) == (
        Decision.RESOLVED, "https://github.com/kowalskilab/widgetseq", 2)


# ---------------------------------------------------------------- the name fallback


def test_repository_named_after_the_models_singular_and_citing_the_paper_is_the_code(github) -> None:
    """'WidgetLMs' finds nothing by name; the search for 'WidgetLM' finds the repository, which cites the paper."""
    client, server = github(LM_OFFICIAL)
    result = find_code(row("WidgetLMs"), settled(WIDGET_LMS), client)
    assert (result.decision, result.url, searches(server)) == (
        Decision.RESOLVED, "https://github.com/widget-org/widgetlm", 2)


def test_namesake_of_the_singular_not_citing_the_paper_is_not_the_code(github) -> None:
    """A repository named after the singular that does not cite the paper (a namesake) is not the code."""
    client, _ = github(LM_NAMESAKE)
    result = find_code(row("WidgetLMs"), settled(WIDGET_LMS), client)
    assert (result.decision, Kind.REPO_NOT_CITING in reason_kinds(result)) == (Decision.ABSTAINED, True)


@pytest.mark.parametrize(("model", "expected"), [
    ("GenSLMs", "GenSLM"), ("LLMs", "LLM"), ("Caduceus", None), ("Genomics", None), ("Ks", None)])
def test_singular_of_a_plural_name(model: str, expected: str | None) -> None:
    """Only a plural written after capitals or digits has a singular; an English word ending in s has none."""
    assert singular(model) == expected


# ---------------------------------------------------------------- budget


def test_unsettled_paper_makes_no_wider_search(github) -> None:
    """A row whose paper is not settled searches by name only: the wider searches need the paper to cite."""
    client, server = github(LM_OFFICIAL)
    result = find_code(row("WidgetLMs"), settled(None), client)
    assert (result.decision, searches(server)) == (Decision.ABSTAINED, 1)


def test_row_without_a_model_or_a_paper_makes_no_search(github) -> None:
    """Nothing to search by name and no paper to cite: no request at all."""
    client, server = github(SEQ_OFFICIAL)
    result = find_code(row(title=SEQ.title), settled(None), client)
    assert (result.decision, len(server.requests)) == (Decision.ABSTAINED, 0)


def test_found_by_name_makes_no_wider_search(github) -> None:
    """A repository the name search accepts ends the row's searching."""
    client, server = github(LM_OFFICIAL)
    result = find_code(row("WidgetLM"), settled(WIDGET_LMS), client)
    assert (result.decision, searches(server)) == (Decision.RESOLVED, 1)


SEQ_NAMESAKE = {"repo": {"full_name": "decoy-tools/widgetseq", "description": "WidgetSeq: sequence widgets for GUIs",
                          "size": 200}, "readme": "# WidgetSeq\n\nSequence widgets.\n"}


@pytest.mark.parametrize(("model", "expected"), [("WidgetSeq", 2), ("GadgetSeq", 2), (None, 2)])
def test_at_most_two_searches_per_row(github, model: str | None, expected: int) -> None:
    """With a DOI, an arXiv id and a title to try, a row that finds nothing stops after two searches in all, the
    name search included, whether the name search found something or not."""
    work = WorkRecord(doi=SEQ_DOI, title=SEQ.title, source="crossref", type="journal-article", year=2025,
                      authors=AUTHORS, arxiv_id="2501.00001")
    client, server = github(SEQ_NAMESAKE)
    result = find_code(row(model), settled(work), client)
    assert (result.decision, searches(server)) == (Decision.ABSTAINED, expected)


def test_readme_citing_the_preprint_named_only_by_the_articles_record_is_found(github) -> None:
    """The decision knows the article only; its record names the preprint, whose record is looked up, and the
    README citing only the preprint's DOI is found and accepted."""
    client, _ = github(GIZMO_OFFICIAL)
    records = {GIZMO_PREPRINT_DOI: GIZMO_PREPRINT}
    result = find_code(row(title=GIZMO.title), settled(GIZMO), client, records.get)
    assert (result.decision, result.url) == (Decision.RESOLVED, "https://github.com/kowalskilab/gizmo-rules")


def test_wider_searches_are_charged_to_their_route(github) -> None:
    """The requests of the wider searches are made inside the route's charge."""
    client, _ = github(GIZMO_OFFICIAL)
    charged: list[str] = []

    @contextmanager
    def charge(route: str) -> Iterator[None]:
        charged.append(route)
        yield

    find_code(row(title=GIZMO.title), settled(GIZMO, GIZMO_PREPRINT), client, charge=charge)
    assert charged == [WIDE_ROUTE]


def test_wider_queries_in_order() -> None:
    """The singular by name and description first, then the DOIs of the paper's versions, then its title; a model
    without a singular is not searched for again."""
    assert wide_queries(row("WidgetLMs"), [GIZMO, GIZMO_PREPRINT], named_hit=False) == [
        ("WidgetLM in:name,description", "WidgetLM"),
        (f'"{GIZMO_DOI}" in:readme', "WidgetLMs"),
        (f'"{GIZMO_PREPRINT_DOI}" in:readme', "WidgetLMs"),
        (f'"{GIZMO.title}" in:readme', "WidgetLMs"),
    ]


def test_offline_cache_without_the_wider_searches_decides_on_the_rest(github, tmp_path: Path) -> None:
    """Offline, a cache recorded before the wider searches existed leaves the row abstained, not a cache miss."""
    client, _ = github(LM_NAMESAKE)
    find_code(row("WidgetLMs"), settled(None), client)  # the name search only, as an older run cached it
    offline = GitHubClient(ServiceConfig(github_url="http://127.0.0.1:9"), Cache(tmp_path / "cache1"), offline=True)
    result = find_code(row("WidgetLMs"), settled(WIDGET_LMS), offline)
    assert result.decision is Decision.ABSTAINED


def test_a_route_charged_inside_another_is_taken_out_of_the_outer() -> None:
    """GitHubTally: requests made inside a nested route count for it alone; the outer route keeps the rest."""
    from types import SimpleNamespace

    from enrich.pipeline import GitHubTally

    made = {"requests": 0}
    services = SimpleNamespace(github=SimpleNamespace(stats=SimpleNamespace(as_dict=lambda: dict(made))))
    tally = GitHubTally()
    with tally.charge("code", services):  # type: ignore[arg-type]
        made["requests"] += 1
        with tally.charge(WIDE_ROUTE, services):  # type: ignore[arg-type]
            made["requests"] += 2
    assert tally.by_route == {"code": 1, WIDE_ROUTE: 2}


def test_model_without_a_singular_is_not_searched_by_name_again() -> None:
    """'WidgetSeq' has no singular: the first wider query is the DOI."""
    assert wide_queries(row("WidgetSeq"), [SEQ], named_hit=False)[0] == (f'"{SEQ_DOI}" in:readme', "WidgetSeq")


# ---------------------------------------------------------------- ties by name: an umbrella repository, a title's name

GIZMO2_DOI = "10.5555/wide.2024.010"
GIZMO2 = WorkRecord(doi=GIZMO2_DOI, title="Scaling gizmo language models to a billion parameters", source="crossref",
                    type="journal-article", year=2024, authors=(Author("Nakamura", "Nao"), Author("Ortiz", "Olga")))
GIZMO2_CITATION = ("## Citation\n\n```bibtex\n@article{nakamura2024,\n  title={Scaling gizmo language models to a "
                   "billion parameters},\n  author={Nakamura, Nao and Ortiz, Olga},\n"
                   f"  doi={{{GIZMO2_DOI}}}\n}}\n```\n")
# the company's umbrella repository of every Gizmo version, named after the family, claiming the paper in its
# citation block
GIZMO_UMBRELLA = {"repo": {"full_name": "bigco/gizmo", "description": "Gizmo language models", "size": 900},
                  "readme": "# Gizmo\n\nGizmo-1 and Gizmo-2 code and weights.\n\n" + GIZMO2_CITATION}
# a third party's kit named after the model that mentions the paper in passing
GIZMO_KIT = {"repo": {"full_name": "decoy-kit/gizmo-2", "description": "Fine-tune Gizmo-2 on your own data",
                      "size": 90, "stargazers_count": 800},
             "readme": "# Gizmo-2\n\nScripts to fine-tune Gizmo-2 (Nakamura et al. 2024, "
                       f"https://doi.org/{GIZMO2_DOI}). Not affiliated with the authors.\n"}


def test_umbrella_repository_named_after_the_family_claiming_the_paper_is_the_code(github) -> None:
    """'Gizmo-2': the repository 'gizmo' found citing the DOI, claiming the paper in its citation block, is the code
    although its owner is no author."""
    client, _ = github(GIZMO_UMBRELLA)
    result = find_code(row("Gizmo-2"), settled(GIZMO2), client)
    assert (result.decision, result.url) == (Decision.RESOLVED, "https://github.com/bigco/gizmo")


def test_named_kit_mentioning_the_paper_in_passing_is_not_the_code(github) -> None:
    """A third party's repository named after the model, citing the DOI in passing and not in a citation block, is not
    the code."""
    client, _ = github(GIZMO_KIT)
    result = find_code(row(title=GIZMO2.title), settled(GIZMO2), client)
    assert (result.decision, result.url) == (Decision.ABSTAINED, None)


def test_repository_named_after_a_name_in_the_title_claiming_the_paper_is_the_code(github) -> None:
    """A title-only row, 'scGizmo as a ...': the repository 'scGizmo' claiming the paper in its citation section is
    the code; no model column was needed."""
    work = WorkRecord(doi=GIZMO2_DOI, title="scGizmo as a large-scale pretrained model for widget annotation",
                      source="crossref", type="journal-article", year=2024, authors=GIZMO2.authors)
    official = {"repo": {"full_name": "BigCoHealth/scGizmo", "size": 500},
                "readme": f"# scGizmo\n\n## Citation\n\nNakamura, N. et al. (2024). https://doi.org/{GIZMO2_DOI}\n"}
    client, _ = github(official)
    result = find_code(row(title=work.title), settled(work), client)
    assert (result.decision, result.url) == (Decision.RESOLVED, "https://github.com/BigCoHealth/scGizmo")


def test_repository_named_after_a_common_term_of_the_title_is_not_tied(github) -> None:
    """A title's ordinary terms ('RNA-seq', 'DNA') are not names: a repository so named, even claiming the paper, is
    not tied to it."""
    work = WorkRecord(doi=GIZMO2_DOI, title="Predicting RNA-seq coverage of widgets from DNA sequence",
                      source="crossref", type="journal-article", year=2024, authors=GIZMO2.authors)
    decoy = {"repo": {"full_name": "decoy-user/rna-seq", "size": 500},
             "readme": f"# RNA-seq\n\n## References\n\nhttps://doi.org/{GIZMO2_DOI}\n"}
    client, _ = github(decoy)
    result = find_code(row(title=work.title), settled(work), client)
    assert (result.decision, Kind.REPO_NOT_TIED in reason_kinds(result)) == (Decision.ABSTAINED, True)


@pytest.mark.parametrize(("title", "names"), [
    ("scBERT as a large-scale pretrained deep language model", ["scBERT"]),
    ("Universal Cell Embeddings: a foundation model for cell biology", ["UCE", "Universal Cell Embeddings"]),
    ("Predicting RNA-seq coverage from DNA sequence", []),
    ("ProGen2: exploring the boundaries of protein language models", ["ProGen2"]),
])
def test_names_a_title_carries(title: str, names: list[str]) -> None:
    """Mixed-case words, the head's name and a capitalised head's initials; not abbreviations or terms."""
    assert title_names(title) == names


@pytest.mark.parametrize(("model", "family"), [("ESM-2", "ESM"), ("ProGen2", "ProGen"), ("ESM-1b", "ESM"),
                                               ("Geneformer", None), ("scGPT", None)])
def test_family_of_a_versioned_model(model: str, family: str | None) -> None:
    """A trailing version number is dropped; a name without one has no family."""
    assert model_family(model) == family
