"""The repository route: a paper found through what its official repository cites.

For a row with a model name whose paper the bibliographic routes left unsettled, the repository candidates are
those the code stage would look at (the row's own code link, else GitHub's search by model name, the few worth a
README). What each cites (`enrich.repo_citations`: README, CITATION.cff, description, homepage) becomes a
candidate: a DOI or arXiv id is fetched; a title is searched for and kept only when the record's title is the
cited one. Each candidate is then verified against the row by the same rules as any other (`match`): kind,
retraction, author, year. The repository's citation is the content evidence many records lack (no abstract, the
model not in the title), so it stands in for it; author and year are still required. Two different papers that
pass leave the row abstained. A preprint found this way is replaced by its verified published version.

Only rows still unsettled take this route, one repository search each (shared with the code stage through the
cache), so requests stay polite.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from enrich.code_links import (
    CITATION_FILE,
    GitHubLike,
    github_links,
    metadata_objections,
    named_exactly,
    repo_citations,
    search_candidates,
    search_model,
)
from enrich.errors import CacheMiss, ServiceError
from enrich.evidence import Evidence, Kind, Route, Strength, has_kind, reason
from enrich.match import is_preprint, title_similarity
from enrich.records import CatalogueEntry, CodeResolution, Decision, RepoRecord, Resolution, RowStatus, WorkRecord
from enrich.repo_citations import Citation, Cited
from enrich.resolve import CrossrefLike, DataCiteLike, fetch_work, verify_candidates

log = logging.getLogger(__name__)

MAX_REPOSITORIES = 2  # repositories read per row
MAX_DOIS = 4  # cited DOIs fetched per repository
MAX_TITLES = 2  # cited titles searched for per repository
TITLE_ROWS = 5
CITED_TITLE = 0.90  # a record found by a cited title must carry that title
# Reasons after which no other route may settle the row.
_FINAL = (Kind.RETRACTED, Kind.OVERRIDE_ABSTAIN, Kind.PLACEHOLDER_ROW)


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate work a repository cites."""

    work: WorkRecord
    citation: Citation
    repository: str
    in_row: bool = False  # the row links the repository (else GitHub's search found it by the model's name)


def wants_repository(entry: CatalogueEntry, resolution: Resolution) -> bool:
    """True for a row the repository route may settle: abstained (not deferred, not final), with a model name or a
    repository to read, and no paper link a person wrote (that link is verified, never replaced)."""
    if entry.status is RowStatus.PLACEHOLDER or resolution.decision is not Decision.ABSTAINED:
        return False
    if entry.paper_url and entry.paper_url.strip() not in ("", "#"):
        return False
    if has_kind(resolution.reasons, *_FINAL):
        return False
    return bool(search_model(entry) or _row_repositories(entry))


def paper_through_repository(entry: CatalogueEntry, resolution: Resolution, github: GitHubLike,
                             crossref: CrossrefLike, datacite: DataCiteLike) -> Resolution:
    """The row's paper found through its repository, or `resolution` unchanged when its citations settle nothing; a
    failing service defers the row (an offline cache miss: cache-miss), so the next run takes the route again."""
    if not wants_repository(entry, resolution):
        return resolution
    try:
        reading = _read(entry, github, crossref, datacite)
    except CacheMiss as exc:
        return Resolution(entry.line, Decision.CACHE_MISS, reasons=(reason(Kind.CACHE_MISS, str(exc)),),
                          candidates=resolution.candidates, lookups=resolution.lookups)
    except ServiceError as exc:
        log.info("line %s: repository route deferred: %s", entry.line, exc)
        return Resolution(entry.line, Decision.DEFERRED, reasons=(reason(Kind.SERVICE_FAILED, str(exc)),),
                          candidates=resolution.candidates, lookups=resolution.lookups)
    return _decide(entry, resolution, reading, crossref, datacite)


# ---------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Reading:
    """What the repositories of one row cite, fetched, and how many registry look-ups that took."""

    found: list[_Found] = field(default_factory=list)
    asked: int = 0


def _row_repositories(entry: CatalogueEntry) -> list[str]:
    cells = " ".join(entry.cells)
    return list(dict.fromkeys(link.full_name for link in github_links(f"{entry.code_url or ''} {cells}")))


def _repositories(entry: CatalogueEntry, github: GitHubLike) -> tuple[list[RepoRecord], bool]:
    """The repositories to read, and whether the row links them (True) or GitHub's search found them (False)."""
    linked = _row_repositories(entry)
    if linked:
        records = [github.repo(name) for name in linked[:MAX_REPOSITORIES]]
        return [record for record in records if record is not None], True
    model = search_model(entry)
    _, viable = search_candidates(replace(entry, model=model), github)
    # the paper is taken only from a repository named exactly after the model: an extension or follow-up
    # ("X-atac", "X-benchmark") cites its own paper, often by the same first author in the same year
    return [repo for repo in viable if named_exactly(repo, model)][:MAX_REPOSITORIES], False


def _read(entry: CatalogueEntry, github: GitHubLike, crossref: CrossrefLike, datacite: DataCiteLike) -> _Reading:
    reading = _Reading()
    repositories, in_row = _repositories(entry, github)
    for repo in repositories:
        if metadata_objections(repo):
            continue
        repo = replace(repo, readme=github.readme(repo.full_name))
        citations = repo_citations(repo)
        if not citations.dois():
            repo = replace(repo, citation_cff=_citation_file(github, repo.full_name))
            citations = repo_citations(repo)
        for doi in citations.dois()[:MAX_DOIS]:
            reading.asked += 1
            work = fetch_work(doi, crossref, datacite)
            citation = citations.find(doi)
            if work is not None and citation is not None:
                reading.found.append(_Found(work, citation, repo.full_name, in_row))
        if reading.found:
            continue  # an identifier names the paper: no title search needed
        titles = [item for item in citations.items if item.kind is Cited.TITLE]
        for item in sorted(titles, key=lambda title: not title.formal)[:MAX_TITLES]:
            reading.asked += 1
            hits = crossref.search(item.value, rows=TITLE_ROWS)
            reading.found += [_Found(work, item, repo.full_name, in_row) for work in hits
                              if title_similarity(work.title, item.value) >= CITED_TITLE]
    return reading


def _citation_file(github: GitHubLike, full_name: str) -> str:
    """CITATION.cff, or "" when an offline cache does not hold it (an older cache: decide on the rest)."""
    try:
        return github.file(full_name, CITATION_FILE)
    except CacheMiss:
        return ""


# ---------------------------------------------------------------- verification


def _cited(item: _Found) -> Evidence:
    """What the repository vouches for, in the form `match` reads: the DOI it cites, or the title; `because` says
    when the row itself links the repository (then it ties the row to the work beyond the model's name)."""
    citation = item.citation
    tie = (Evidence(Kind.REPO_IN_ROW, item.repository, Strength.NOTE),) if item.in_row else ()
    if citation.kind is Cited.TITLE:
        return Evidence(Kind.REPO_CITES_TITLE, citation.value, Strength.STRONG, context=citation.where.value,
                        because=tie)
    kind = Kind.REPO_CITES_ARXIV if citation.kind is Cited.ARXIV else (
        Kind.REPO_CITES_PREPRINT if is_preprint(item.work) else Kind.REPO_CITES_DOI)
    return Evidence(kind, item.work.doi, Strength.STRONG, context=citation.where.value, because=tie)


def _decide(entry: CatalogueEntry, resolution: Resolution, reading: _Reading, crossref: CrossrefLike,
            datacite: DataCiteLike) -> Resolution:
    asked = _with_lookups(resolution, ((Route.REPOSITORY, reading.asked),))
    if not reading.found:
        return asked
    cited = tuple(dict.fromkeys(_cited(item) for item in reading.found))
    decided = verify_candidates(entry, [item.work for item in reading.found], crossref, datacite,
                                route=Route.REPOSITORY, cited=cited)
    if decided.decision is not Decision.RESOLVED or decided.work is None:
        log.info("line %s: the repositories' citations settle nothing (%s)", entry.line, decided.decision.value)
        return _with_lookups(asked, decided.lookups)  # the look-ups were asked, whatever came of them
    versions = {doi for work in (decided.work, decided.preprint) if work for doi in (work.doi, *work.preprint_of,
                                                                                      *work.has_preprint)}
    through = next((item.repository for item in reading.found if item.work.doi in versions),
                   reading.found[0].repository)
    route = Evidence(Kind.FOUND_BY_ROUTE, Route.REPOSITORY.value, Strength.NOTE, context=through)
    evidence = (route, *(item for item in decided.evidence if item.kind is not Kind.FOUND_BY_ROUTE))
    log.info("line %s -> %s through repository %s", entry.line, decided.work.doi, through)
    return _with_lookups(replace(decided, evidence=evidence, candidates=decided.candidates or resolution.candidates),
                         asked.lookups)


def _with_lookups(resolution: Resolution, more: Sequence[tuple[Route, int]]) -> Resolution:
    """`resolution` with `more` look-ups added to its per-route counts."""
    counts: dict[Route, int] = dict(resolution.lookups)
    for route, count in more:
        if count:
            counts[route] = counts.get(route, 0) + count
    return replace(resolution, lookups=tuple(sorted(counts.items())))


def name_joint_routes(resolution: Resolution, code: CodeResolution) -> CodeResolution:
    """The code decision, naming the repository route when the paper was found through the accepted repository:
    paper and code were accepted together."""
    route = next((item for item in resolution.evidence
                  if item.kind is Kind.FOUND_BY_ROUTE and item.detail == Route.REPOSITORY.value), None)
    if route is None or code.repo is None or not code.decision.accepted:
        return code
    if code.repo.full_name.casefold() != route.context.casefold() and (
            code.repo.renamed_from or "").casefold() != route.context.casefold():
        return code
    joint = Evidence(Kind.PAPER_FOUND_HERE, resolution.work.doi if resolution.work else "", Strength.NOTE)
    return replace(code, evidence=(*code.evidence, joint))
