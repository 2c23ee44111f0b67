"""Entry -> Resolution: a verified DOI for one catalogue row, or an abstention with typed reasons.

Order of work for a row (each route only while the row is still unsettled, cheapest first):

1. A placeholder row is left to a person: no lookup at all.
2. The row's own link: the DOI it carries is fetched and verified against the row with `match.score_candidate`
   (LINK_VERIFIED, or LINK_DISAGREES naming what the link resolves to). A link without a DOI is searched for by
   its text and verified the same way. A DOI or arXiv id written in the cell as text is fetched first.
3. Search: one bibliographic Crossref query from the row's text; then a title-only query when the row states a
   title; then a model-name + first-author query when the first query reached no paper by the row's person; then
   DataCite for arXiv preprints. `match.verdict` decides on everything seen so far after each step.
4. Other routes call `verify_candidates` (the repository route: the DOIs and titles the official repository
   cites), which decides with the same rule, versions and reasons.
5. Versions: an accepted preprint is replaced by its verified version of record (its `is-preprint-of`, whatever
   the years between and even retitled, or a record in the pool that lists it; the relation may be stated on
   another version of the same preprint; or, for a preprint the tool found rather than one a person linked, an
   article a title + first-author query finds: same work, same first author, the preprint's year or later); the
   preprint is remembered.
6. A retracted work is never resolved silently: the row abstains with a RETRACTED reason.

Offline cache misses and service failures become CACHE_MISS and DEFERRED, never "not found". Every resolution
counts the lookups it asked per `Route`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from enrich.errors import CacheMiss, ServiceError
from enrich.evidence import Evidence, Kind, Route, Strength, has_kind, reason
from enrich.identifiers import arxiv_doi, arxiv_id_from, doi_candidates, is_arxiv_doi, normalise_doi
from enrich.match import (
    Verdict,
    authors_overlap,
    is_contradicted,
    is_preprint,
    same_work,
    score_candidate,
    stated_title,
    verdict,
    verify_version,
)
from enrich.names import family_name
from enrich.records import (
    RETRACTING_UPDATES,
    CatalogueEntry,
    Decision,
    Resolution,
    RowStatus,
    ScoredCandidate,
    WorkRecord,
)
from enrich.sources import Source, lookup_in

log = logging.getLogger(__name__)

# Enough candidates to hold the paper, its other version and the decoys; one request either way.
SEARCH_ROWS = 8
# The report shows this many candidates for an abstention.
REPORTED_CANDIDATES = 3
# Routes the report does not name beside an accepted DOI: the row's own link and the first query.
_USUAL_ROUTES = frozenset({Route.ROW_LINK, Route.SEARCH})
# What a query may find as a preprint's version of record: an article or a proceedings paper (a thesis or a report
# with the preprint's title is another document by the same person).
_SEARCHED_RECORD_TYPES = frozenset({"journal-article", "proceedings-article"})
# Link targets that mark a placeholder, not a paper.
_NO_LINK = frozenset({"", "#"})


class CrossrefLike(Protocol):
    """What `resolve` needs from Crossref (`enrich.clients.crossref.CrossrefClient`)."""

    def search(self, query: str, rows: int = 5, author: str | None = None) -> list[WorkRecord]: ...

    def work(self, doi: str) -> WorkRecord | None: ...


class DataCiteLike(Protocol):
    """What `resolve` needs from DataCite (`enrich.clients.datacite.DataCiteClient`)."""

    def work(self, doi: str) -> WorkRecord | None: ...

    def search(self, query: str, rows: int = 5) -> list[WorkRecord]: ...


@dataclass(slots=True)
class _Lookup:
    """The services plus every record seen for one row (with the route that reached it), so versions can be
    paired without new requests, and the lookups asked per route."""

    crossref: CrossrefLike
    datacite: DataCiteLike
    others: Sequence[Source] = ()  # plug-in sources, asked for a DOI neither registry holds
    pool: list[WorkRecord] = field(default_factory=list)
    route_of: dict[str, Route] = field(default_factory=dict)
    asked: Counter[Route] = field(default_factory=Counter)

    def add(self, works: Sequence[WorkRecord], route: Route) -> None:
        known = {work.doi for work in self.pool}
        fresh = [work for work in works if work.doi not in known]
        self.pool.extend(fresh)
        for work in fresh:
            self.route_of.setdefault(work.doi, route)

    def fetch(self, doi: str, route: Route) -> WorkRecord | None:
        """The record of `doi` from the pool, DataCite for arXiv DOIs, else Crossref then DataCite."""
        for work in self.pool:
            if work.doi == doi:
                return work
        self.asked[route] += 1
        found = fetch_work(doi, self.crossref, self.datacite, self.others)
        if found is not None:
            self.add([found], route)
        return found

    def search(self, route: Route, query: str, author: str | None = None) -> list[WorkRecord]:
        self.asked[route] += 1
        if route is Route.DATACITE_SEARCH:
            return self.datacite.search(query, rows=SEARCH_ROWS)
        if author is not None:
            return self.crossref.search(query, rows=SEARCH_ROWS, author=author)
        return self.crossref.search(query, rows=SEARCH_ROWS)


def fetch_work(doi: str, crossref: CrossrefLike, datacite: DataCiteLike,
               others: Sequence[Source] = ()) -> WorkRecord | None:
    """The record of `doi` from the registry that holds it: DataCite for arXiv DOIs, else Crossref, then DataCite
    (which registers some papers too: Zenodo, institutional repositories), then the plug-in sources in
    registration order; None when none knows it."""
    found = datacite.work(doi) if is_arxiv_doi(doi) else crossref.work(doi) or datacite.work(doi)
    return found if found is not None else lookup_in(others, doi)


def resolve(entry: CatalogueEntry, crossref: CrossrefLike, datacite: DataCiteLike,
            others: Sequence[Source] = ()) -> Resolution:
    """The DOI decision for one row (duplicate rows are resolved like any other; the pipeline may reuse one)."""
    if entry.status is RowStatus.PLACEHOLDER:
        return Resolution(entry.line, Decision.PLACEHOLDER, reasons=(reason(Kind.PLACEHOLDER_ROW),))
    lookup = _Lookup(crossref, datacite, others)
    link = (entry.paper_url or "").strip()
    if entry.paper_url and link not in _NO_LINK:
        return _guarded(entry, lookup, lambda: _check_link(entry, lookup, link))
    return _guarded(entry, lookup, lambda: _search(entry, lookup))


def verify_candidates(entry: CatalogueEntry, works: Sequence[WorkRecord], crossref: CrossrefLike,
                      datacite: DataCiteLike, *, route: Route, cited: Sequence[Evidence] = ()) -> Resolution:
    """Decide on candidates another route found (e.g. the DOIs and titles the official repository cites) with the
    same rule, versions and reasons as the search. `cited` holds what that route vouches for (REPO_CITES_DOI /
    _PREPRINT / _ARXIV with the DOI as detail, REPO_CITES_TITLE with the title): content evidence for the works
    it names, which still need the row's person and year. Pass the works the search saw too when they should
    compete (two different works that both pass abstain)."""
    lookup = _Lookup(crossref, datacite)
    lookup.add(works, route)

    def decide() -> Resolution:
        decided = verdict(entry, lookup.pool, cited)
        if decided.accepted is None:
            return _abstain(entry, decided.reasons, decided.ranked[:REPORTED_CANDIDATES])
        return _resolved(entry, lookup, decided.accepted, Decision.RESOLVED, (), decided.ranked)

    return _guarded(entry, lookup, decide)


def _guarded(entry: CatalogueEntry, lookup: _Lookup, decide: Callable[[], Resolution]) -> Resolution:
    """`decide()`, with an offline cache miss or a failing service as the row's decision; lookups per route kept."""
    try:
        decided = decide()
    except CacheMiss as exc:
        decided = Resolution(entry.line, Decision.CACHE_MISS, reasons=(reason(Kind.CACHE_MISS, str(exc)),))
    except ServiceError as exc:
        log.warning("line %s deferred: %s", entry.line, exc)
        decided = Resolution(entry.line, Decision.DEFERRED, reasons=(reason(Kind.SERVICE_FAILED, str(exc)),))
    return replace(decided, lookups=tuple(sorted(lookup.asked.items())))


# ---------------------------------------------------------------- links a person wrote


def _check_link(entry: CatalogueEntry, lookup: _Lookup, url: str) -> Resolution:
    candidates = doi_candidates(url)
    if not candidates:
        return _search_for_link(entry, lookup, url)
    work = next(filter(None, (lookup.fetch(doi, Route.ROW_LINK) for doi in candidates)), None)
    if work is None:
        return Resolution(entry.line, Decision.LINK_DISAGREES, reasons=(reason(Kind.DOI_NOT_FOUND, candidates[0]),))
    linked = score_candidate(entry, work)
    if linked.acceptable:
        return _resolved(entry, lookup, linked, Decision.LINK_VERIFIED, (Evidence(Kind.LINK_DOI, work.doi),))
    retraction = _retraction_notice(work)
    if retraction:
        return _abstain(entry, (reason(Kind.RETRACTED, retraction),), (linked,))
    if is_contradicted(linked):
        elsewhere = reason(Kind.LINK_RESOLVES_ELSEWHERE, work.cite(), because=linked.objections)
        return Resolution(entry.line, Decision.LINK_DISAGREES, reasons=(elsewhere,), candidates=(linked,))
    unconfirmed = reason(Kind.LINK_UNCONFIRMED, work.cite(), because=linked.objections)
    return _abstain(entry, (unconfirmed,), (linked,))


def _search_for_link(entry: CatalogueEntry, lookup: _Lookup, url: str) -> Resolution:
    """A link that carries no DOI (e.g. a publisher page): find the paper by the row and verify it."""
    found = _search(entry, lookup)
    if found.decision is Decision.RESOLVED:
        evidence = (Evidence(Kind.LINK_FOUND_BY_SEARCH, url), *found.evidence)
        return Resolution(entry.line, Decision.LINK_VERIFIED, work=found.work, preprint=found.preprint,
                          confidence=found.confidence, evidence=evidence, candidates=found.candidates)
    if found.decision is Decision.ABSTAINED:
        reasons = (reason(Kind.LINK_SEARCH_UNVERIFIED, url), *found.reasons)
        return Resolution(entry.line, Decision.ABSTAINED, reasons=reasons, candidates=found.candidates)
    return found


# ---------------------------------------------------------------- search


def _search(entry: CatalogueEntry, lookup: _Lookup) -> Resolution:
    title, model = stated_title(entry) or entry.title_hint, (entry.model or "").strip() or None
    family = family_name(entry.authors[0]) if entry.authors else None
    if not title and not model:
        return _abstain(entry, (reason(Kind.NOTHING_TO_SEARCH),), ())
    lookup.add(_stated_identifier(entry, lookup), Route.ROW_LINK)
    decided = verdict(entry, lookup.pool) if lookup.pool else None
    # Cheapest first, and only while the row is unsettled: most rows are settled by the first query.
    if _open(decided):
        # a row naming only a model, a venue and a year: the venue ranks the journal's record among the namesakes
        venue = entry.venue if not (title or family) else None
        query = " ".join(part for part in (title or model, family, venue, str(entry.year) if entry.year else None)
                         if part)
        decided = _widen(entry, lookup, Route.SEARCH, query)
    if _open(decided) and title and (family or entry.year):
        decided = _widen(entry, lookup, Route.TITLE_SEARCH, title)
    if _open(decided) and model and family and not _author_found(decided):
        decided = _widen(entry, lookup, Route.MODEL_AUTHOR_SEARCH, f"{model} {family}", author=family)
    if _open(decided):
        query = " ".join(part for part in (model or title, family) if part)
        decided = _widen(entry, lookup, Route.DATACITE_SEARCH, query)
    assert decided is not None  # the first query always ran
    if decided.accepted is None:
        return _abstain(entry, decided.reasons, decided.ranked[:REPORTED_CANDIDATES])
    return _resolved(entry, lookup, decided.accepted, Decision.RESOLVED, (), decided.ranked)


def _widen(entry: CatalogueEntry, lookup: _Lookup, route: Route, query: str, author: str | None = None) -> Verdict:
    lookup.add(lookup.search(route, query, author), route)
    return verdict(entry, lookup.pool)


def _open(decided: Verdict | None) -> bool:
    """Nothing decided yet; more candidates could help (they cannot fix an ambiguity or a retraction)."""
    return decided is None or not decided.final


def _stated_identifier(entry: CatalogueEntry, lookup: _Lookup) -> list[WorkRecord]:
    """The record of a DOI or arXiv id written in the paper cell as text, if any."""
    arxiv_id = arxiv_id_from(entry.paper_text) if "arxiv" in entry.paper_text.lower() else None
    doi = normalise_doi(entry.paper_text) or (arxiv_doi(arxiv_id) if arxiv_id else None)
    if doi is None:
        return []
    work = lookup.fetch(doi, Route.ROW_LINK)
    return [work] if work else []


def _author_found(decided: Verdict | None) -> bool:
    """The first query already reached a paper the row's person wrote first in the row's years (nothing
    contradicts it, only unconfirmed): an author-filtered query would bring the same papers, so it is not worth a
    request. A paper where the person is only a co-author does not count: their own may still be missing."""
    return decided is not None and any(
        not is_contradicted(candidate) and has_kind(candidate.evidence, Kind.FIRST_AUTHOR)
        for candidate in decided.ranked)


# ---------------------------------------------------------------- versions and outcome


def _resolved(entry: CatalogueEntry, lookup: _Lookup, accepted: ScoredCandidate, decision: Decision,
              extra_evidence: tuple[Evidence, ...], ranked: Sequence[ScoredCandidate] = ()) -> Resolution:
    # a link a person wrote is their choice of version: only stated relations upgrade it, no search
    work, preprint, version_evidence = _versions(entry, lookup, accepted.work,
                                                 search=decision is Decision.RESOLVED)
    for version in (work, preprint):
        notice = _retraction_notice(version, lookup.pool) if version else None
        if notice:
            shown = tuple(ranked[:REPORTED_CANDIDATES]) or (accepted,)
            return _abstain(entry, (reason(Kind.RETRACTED, notice),), shown)
    log.info("line %s -> %s (%s)", entry.line, work.doi, decision.value)
    route = lookup.route_of.get(accepted.work.doi, Route.SEARCH)
    reached = (_note(Kind.FOUND_BY_ROUTE, route.value),) if route not in _USUAL_ROUTES else ()
    return Resolution(
        entry.line,
        decision,
        work=work,
        preprint=preprint,
        confidence=accepted.confidence,
        evidence=(*extra_evidence, *reached, *accepted.evidence, *version_evidence),
        candidates=tuple(ranked[:REPORTED_CANDIDATES]),
    )


def _versions(entry: CatalogueEntry, lookup: _Lookup, accepted: WorkRecord, *, search: bool
              ) -> tuple[WorkRecord, WorkRecord | None, tuple[Evidence, ...]]:
    """(version of record, preprint or None, evidence): prefer a verified published version of a preprint;
    `search` also asks Crossref for one that no relation names."""
    if is_preprint(accepted):
        published = _published_version(entry, lookup, accepted, search=search)
        if published is None:
            return accepted, None, ()
        return published, accepted, (_note(Kind.PUBLISHED_VERSION, published.doi, context=accepted.doi),)
    for candidate in lookup.pool:
        if is_preprint(candidate) and same_work(accepted, candidate) and not verify_version(
                entry, accepted, candidate, becomes_record=False):
            return accepted, candidate, (_note(Kind.PREPRINT, candidate.doi),)
    noted = tuple(_note(Kind.HAS_PREPRINT, doi) for doi in accepted.has_preprint)
    return accepted, None, noted


def _published_version(entry: CatalogueEntry, lookup: _Lookup, preprint: WorkRecord, *, search: bool
                       ) -> WorkRecord | None:
    """The verified version of record of `preprint`: a stated relation first, then a look through the pool, then
    (`search`) one query. The preprint's other versions in the pool count as it (servers such as Research Square
    give each version its own DOI and state the relation on the latest only)."""
    versions = [preprint, *(other for other in lookup.pool if other.doi != preprint.doi and is_preprint(other)
                            and same_work(preprint, other))]
    for version in versions:
        for doi in version.preprint_of:
            candidate = lookup.fetch(doi, Route.VERSION)
            if candidate is not None and _verified_record(entry, version, candidate):
                return candidate
    # Relations are often stated on one side only (the journal lists the preprint, not the other way round).
    for candidate in list(lookup.pool):
        if is_preprint(candidate):
            continue
        for version in versions:
            if same_work(version, candidate) and _verified_record(entry, version, candidate):
                return candidate
    return _searched_version(entry, lookup, preprint) if search else None


def _searched_version(entry: CatalogueEntry, lookup: _Lookup, preprint: WorkRecord) -> WorkRecord | None:
    """The version of record no relation names (often neither side states one): one query by the preprint's title
    and first author. Kept only when it is the same work (near-identical title, same first author, within
    `SAME_WORK_YEARS`), published in the preprint's year or later, with at least half of the shorter author list
    in common. The row's year picked the work, which the preprint fits; it does not pick among its versions."""
    if not preprint.authors or preprint.year is None:
        return None
    title = f"{preprint.title}: {preprint.subtitle}" if preprint.subtitle else preprint.title
    found = lookup.search(Route.VERSION, title, author=preprint.authors[0].family)
    lookup.add(found, Route.VERSION)
    return next((candidate for candidate in found
                 if candidate.type in _SEARCHED_RECORD_TYPES and not is_preprint(candidate)
                 and candidate.year is not None and candidate.year >= preprint.year
                 and same_work(preprint, candidate) and authors_overlap(preprint, candidate, first_suffices=False)
                 and _verified_record(entry, preprint, candidate, fits_row_year=False)), None)


def _verified_record(entry: CatalogueEntry, preprint: WorkRecord, candidate: WorkRecord, *,
                     fits_row_year: bool = True) -> bool:
    if is_preprint(candidate):
        return False
    # A retracted version of record is taken here so that the caller abstains loudly instead of keeping the
    # preprint silently.
    problems = [problem for problem in verify_version(entry, preprint, candidate, becomes_record=fits_row_year)
                if problem.kind is not Kind.RETRACTED_BY]
    if problems:
        log.info("line %s: %s is not the published version of %s: %s", entry.line, candidate.doi, preprint.doi,
                 [problem.kind.value for problem in problems])
    return not problems


def _note(kind: Kind, detail: str, context: str = "") -> Evidence:
    return Evidence(kind, detail, Strength.NOTE, context=context)


def _retraction_notice(work: WorkRecord, seen: Sequence[WorkRecord] = ()) -> str | None:
    """The DOI of a notice retracting `work`: its own `updated-by`, or a notice among the records already seen
    whose `update-to` names it (the relation is often deposited on the notice only)."""
    own = next((update.doi for update in work.updated_by if update.kind in RETRACTING_UPDATES), None)
    return own or next((notice.doi for notice in seen for update in notice.update_to
                        if update.kind in RETRACTING_UPDATES and update.doi == work.doi), None)


def _abstain(entry: CatalogueEntry, reasons: Sequence[Evidence], candidates: Sequence[ScoredCandidate]) -> Resolution:
    log.info("line %s abstained: %s", entry.line, [item.kind.value for item in reasons])
    return Resolution(entry.line, Decision.ABSTAINED, reasons=tuple(reasons),
                      candidates=tuple(candidates[:REPORTED_CANDIDATES]))


# ---------------------------------------------------------------- rows that list a paper twice


def settle_duplicates(entries: Sequence[CatalogueEntry], resolutions: dict[int, Resolution]) -> dict[int, Resolution]:
    """A duplicate row (same model, same table) that abstained takes the earlier row's verified paper when its own
    first author matches that paper and nothing in it contradicts; the table naming the model twice is the evidence
    the duplicate lacked (e.g. a 2023 preprint title without the model name, for a model whose 2024 article the
    first row links)."""
    settled = dict(resolutions)
    for entry in entries:
        own, first = resolutions.get(entry.line), resolutions.get(entry.duplicate_of or -1)
        if own is None or first is None or own.decision is not Decision.ABSTAINED or first.work is None:
            continue
        if not first.decision.accepted or not entry.authors:
            continue
        versions = [work for work in (first.work, first.preprint) if work is not None]
        scored = [score_candidate(entry, work) for work in versions]
        if any(is_contradicted(candidate) for candidate in scored):
            continue
        if not any(evidence.kind is Kind.FIRST_AUTHOR for candidate in scored for evidence in candidate.evidence):
            continue
        log.info("line %s takes line %s's paper %s", entry.line, entry.duplicate_of, first.work.doi)
        settled[entry.line] = Resolution(
            entry.line, Decision.RESOLVED, work=first.work, preprint=first.preprint, confidence=first.confidence,
            evidence=(Evidence(Kind.SAME_MODEL_AS_LINE, str(entry.duplicate_of), context=first.work.doi),
                      *scored[0].evidence),
            candidates=own.candidates)
    return settled
