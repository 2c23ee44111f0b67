"""Verdicts on the links already in the catalogue; the catalogue itself is never changed.

Every link of a paper cell (doi.org, publisher and preprint-server URLs, bare DOIs and arXiv ids) and every
link of a code cell gets one verdict:

- ok: the identifier exists and its record agrees with the row (`match.score_candidate`; for a repository,
  `code_links.find_code` verifies it as the row's code, on the same evidence `run` uses);
- unconfirmed: it exists and nothing contradicts the row, but nothing confirms it either (a row without title
  or author, a repository in which nothing cites the paper, a repository of a paper that could not be verified,
  a URL that carries no DOI): absence of evidence, listed for a person, not a failure;
- not-found: a fabricated identifier: Crossref and DataCite both answer 404 for the DOI (DataCite alone for
  an arXiv DOI), or GitHub answers 404 for the repository;
- mismatched: positive counter-evidence only: a real record of another paper (title, first author or year
  contradict the row; a notice instead of a paper), or a repository that is not the paper's code (a fork, a
  paper list, a mirror, an unofficial re-implementation, one that cites another paper and not this one);
- retracted: the linked paper carries a retraction notice;
- unverifiable: no trustworthy answer (service unreachable, rate-limited, offline cache miss): never ok;
- placeholder: a `#` link a person still has to fill; skipped.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from enrich.atomic import stable_json, write_text_atomic
from enrich.catalogue import Catalogue, cell_links, read_catalogue
from enrich.code_links import find_code, github_links
from enrich.errors import CacheMiss, ServiceError
from enrich.evidence import Evidence, Kind, reason
from enrich.identifiers import doi_candidates, is_arxiv_doi
from enrich.match import is_contradicted, same_work, score_candidate
from enrich.overrides import NO_CODE, Override, load_overrides, override_for, overrides_path, resolve_with_override
from enrich.pipeline import work_lookup
from enrich.progress import Observer, Stage, waits_to
from enrich.records import CatalogueEntry, ColumnRole, Decision, Resolution, WorkRecord
from enrich.report import describe, words
from enrich.resolve import fetch_work, resolve
from enrich.services import Services, open_services

log = logging.getLogger(__name__)

SCHEMA = "enrich-audit/1"
PAPER, CODE = "paper", "code"


class Verdict(StrEnum):
    OK = "ok"
    UNCONFIRMED = "unconfirmed"
    NOT_FOUND = "not-found"
    MISMATCHED = "mismatched"
    RETRACTED = "retracted"
    UNVERIFIABLE = "unverifiable"
    PLACEHOLDER = "placeholder"


FAILURES = frozenset({Verdict.NOT_FOUND, Verdict.MISMATCHED, Verdict.RETRACTED})
# the verdict a row's progress line shows: its most serious one
_SEVERITY = (Verdict.RETRACTED, Verdict.NOT_FOUND, Verdict.MISMATCHED, Verdict.UNVERIFIABLE, Verdict.UNCONFIRMED,
             Verdict.OK, Verdict.PLACEHOLDER)


@dataclass(frozen=True, slots=True)
class LinkAudit:
    """The verdict on one link of one row."""

    line: int
    model: str | None
    column: str  # PAPER | CODE
    link: str  # as the catalogue writes it
    verdict: Verdict
    reason: str
    identifier: str | None = None  # the DOI or owner/name the link was checked as
    record: dict[str, Any] = field(default_factory=dict)  # what the service answered, for the report


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Every verdict of one audit, in catalogue order."""

    catalogue_path: str
    links: tuple[LinkAudit, ...]
    offline: bool = False
    requests: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def failures(self) -> tuple[LinkAudit, ...]:
        """Links that are fabricated, belong to another paper, or are retracted."""
        return tuple(audit for audit in self.links if audit.verdict in FAILURES)

    @property
    def unverifiable(self) -> tuple[LinkAudit, ...]:
        return tuple(audit for audit in self.links if audit.verdict is Verdict.UNVERIFIABLE)


def run_audit(catalogue_path: str | Path, report_path: str | Path | None, offline: bool = False,
              services: Services | None = None, progress: Observer | None = None,
              max_catalogue_mb: float | None = None) -> AuditResult:
    """Audit every link of the catalogue and write the JSON report; the catalogue is only read."""
    catalogue = read_catalogue(catalogue_path, max_mb=max_catalogue_mb)
    services = services or open_services(offline=offline)
    with waits_to(progress):
        result = audit_catalogue(catalogue, services, offline=offline, progress=progress)
    if report_path is not None:
        write_text_atomic(report_path, render_audit_report(result))
    return result


def audit_catalogue(catalogue: Catalogue, services: Services, offline: bool = False,
                    progress: Observer | None = None) -> AuditResult:
    overrides = load_overrides(overrides_path(catalogue.path), catalogue.entries)
    audits: list[LinkAudit] = []
    stage = Stage(progress, "links", len(catalogue.entries))
    for entry in catalogue.entries:
        verdicts = audit_entry(entry, services, override_for(entry, overrides))
        audits.extend(verdicts)
        worst = min(verdicts, key=lambda audit: _SEVERITY.index(audit.verdict), default=None)
        stage.decided(entry.line, entry.model, worst.verdict.value if worst else "", worst.link if worst else "")
    return AuditResult(str(catalogue.path), tuple(audits), offline, services.request_counts())


def audit_entry(entry: CatalogueEntry, services: Services, override: Override | None = None) -> list[LinkAudit]:
    """Verdicts for every link of one row: paper links first, then code links; the maintainers' override, when
    it names a DOI or a repository, decides what the row's link must be."""
    paper_links = _cell_targets(entry, ColumnRole.PAPER)
    code_links = _cell_targets(entry, ColumnRole.CODE) + [
        url for url in paper_links if github_links(url)]
    papers = [_paper_by_override(entry, url, override, services) or _audit_paper(entry, url, services)
              for url in paper_links if not github_links(url)]
    checked = any(not _is_placeholder(url) for url in code_links)
    context = _paper_context(entry, papers, services, override) if checked else None
    codes = [_code_by_override(entry, url, override, services) or _audit_code(entry, url, context, services)
             for url in code_links]
    return [audit for audit, _ in papers] + codes


def render_audit_report(result: AuditResult) -> str:
    return stable_json(build_audit_report(result))


def build_audit_report(result: AuditResult) -> dict[str, Any]:
    verdicts = Counter(audit.verdict.value for audit in result.links)
    return {
        "schema": SCHEMA,
        "catalogue": result.catalogue_path,
        "offline": result.offline,
        "summary": {
            "links": len(result.links),
            "verdicts": dict(sorted(verdicts.items())),
            "failures": len(result.failures),
            "unverifiable": len(result.unverifiable),
        },
        "links": [
            {"line": audit.line, "model": audit.model, "column": audit.column, "link": audit.link,
             "identifier": audit.identifier, "verdict": audit.verdict.value, "reason": audit.reason,
             "record": audit.record}
            for audit in result.links
        ],
        "requests": {service: dict(counts) for service, counts in sorted(result.requests.items())},
    }


# ---------------------------------------------------------------- links in cells


def _cell_targets(entry: CatalogueEntry, role: ColumnRole) -> list[str]:
    """Link targets of the row's cells with `role`, in order, without repeats ("#" kept: a placeholder)."""
    targets: list[str] = []
    for cell_role, cell in zip(entry.roles, entry.cells):
        if cell_role is role:
            targets += [link.url.strip() for link in cell_links(cell)]
    return list(dict.fromkeys(target for target in targets if target))


def _is_placeholder(target: str) -> bool:
    return target.startswith("#")


# ---------------------------------------------------------------- paper links


def _audit_paper(entry: CatalogueEntry, target: str, services: Services
                 ) -> tuple[LinkAudit, WorkRecord | None]:
    """The verdict on one paper link, and the work it verified (None unless ok)."""
    if _is_placeholder(target):
        return _verdict(entry, PAPER, target, Verdict.PLACEHOLDER, "placeholder link: a person must fill it"), None
    candidates = doi_candidates(target)
    doi = candidates[0] if candidates else None
    try:
        if doi is None:
            return _audit_by_search(entry, target, services)
        work = _fetch(candidates, services)
    except (CacheMiss, ServiceError) as exc:
        return _verdict(entry, PAPER, target, Verdict.UNVERIFIABLE, str(exc), doi), None
    if work is None:
        where = "DataCite" if is_arxiv_doi(doi) else "Crossref or DataCite"
        return _verdict(entry, PAPER, target, Verdict.NOT_FOUND, f"DOI {doi} not found at {where}", doi), None
    judged = _judge_work(entry, target, work)
    if judged[0].verdict in (Verdict.MISMATCHED, Verdict.UNCONFIRMED) and not work.is_retracted:
        try:
            by_preprint = _judge_by_preprint(entry, target, work, services)
        except (CacheMiss, ServiceError):
            by_preprint = None
        if by_preprint is not None:
            return by_preprint
    return judged


def _judge_by_preprint(entry: CatalogueEntry, target: str, work: WorkRecord, services: Services
                       ) -> tuple[LinkAudit, WorkRecord | None] | None:
    """A version of record whose own preprint fits the row is the row's paper: lists often give the preprint's
    year (or title), and `run` links the article its preprint names. Only the preprints the article's record names
    are read, and the pair must be one work (`same_work`: the relation, the first author, the title)."""
    for preprint_doi in work.has_preprint:
        preprint = _fetch((preprint_doi,), services)
        if preprint is None or preprint.is_retracted or not same_work(work, preprint):
            continue
        scored = score_candidate(entry, preprint)
        if scored.acceptable:
            version = Evidence(Kind.PUBLISHED_VERSION, work.doi, context=preprint.doi)
            reason = "; ".join(words([*scored.evidence, version]))
            return _verdict(entry, PAPER, target, Verdict.OK, reason, work.doi, _work_record(work)), work
    return None


def _fetch(candidates: tuple[str, ...], services: Services) -> WorkRecord | None:
    """The record of the first candidate DOI that exists (DataCite for arXiv DOIs, else Crossref then DataCite)."""
    for candidate in candidates:
        work = fetch_work(candidate, services.crossref, services.datacite, services.sources)
        if work is not None:
            return work
    return None


def _judge_work(entry: CatalogueEntry, target: str, work: WorkRecord) -> tuple[LinkAudit, WorkRecord | None]:
    scored = score_candidate(entry, work)
    record = _work_record(work)
    if work.is_retracted:
        notices = ", ".join(update.doi for update in work.updated_by)
        return _verdict(entry, PAPER, target, Verdict.RETRACTED, f"retracted: notice {notices}", work.doi,
                        record), None
    if scored.acceptable:
        return _verdict(entry, PAPER, target, Verdict.OK, "; ".join(words(scored.evidence)), work.doi, record), work
    objections = "; ".join(describe(objection) for objection in scored.objections)
    if is_contradicted(scored):
        reason = f"resolves to {work.cite()}: {objections}"
        return _verdict(entry, PAPER, target, Verdict.MISMATCHED, reason, work.doi, record), None
    reason = f"exists ({work.cite()}), nothing contradicts the row, not confirmed: {objections}"
    return _verdict(entry, PAPER, target, Verdict.UNCONFIRMED, reason, work.doi, record), None


def _audit_by_search(entry: CatalogueEntry, target: str, services: Services
                     ) -> tuple[LinkAudit, WorkRecord | None]:
    """A URL that carries no DOI: find the row's paper as `resolve` does; ok only when its record lists the URL."""
    found = resolve(replace(entry, paper_url=target), services.crossref, services.datacite, services.sources)
    if found.decision in (Decision.DEFERRED, Decision.CACHE_MISS):
        return _verdict(entry, PAPER, target, Verdict.UNVERIFIABLE, "; ".join(words(found.reasons))), None
    if found.work is None or found.decision is not Decision.LINK_VERIFIED:
        reason = "link carries no DOI, and search found no verified paper for the row: " + "; ".join(
            words(found.reasons))
        return _verdict(entry, PAPER, target, Verdict.UNCONFIRMED, reason), None
    versions = [work for work in (found.work, found.preprint) if work is not None]
    record = _work_record(found.work)
    if any(_same_url(target, url) for work in versions for url in work.urls):
        reason = f"link carries no DOI; the record of doi:{found.work.doi} found by search lists it"
        return _verdict(entry, PAPER, target, Verdict.OK, reason, found.work.doi, record), found.work
    reason = (f"link carries no DOI; search found doi:{found.work.doi} for the row, but its record does not "
              "list this URL")
    return _verdict(entry, PAPER, target, Verdict.UNCONFIRMED, reason, found.work.doi, record), found.work


# ---------------------------------------------------------------- code links


def _paper_context(entry: CatalogueEntry, papers: Sequence[tuple[LinkAudit, WorkRecord | None]],
                   services: Services, override: Override | None = None) -> Resolution:
    """The verified paper the row's repositories are judged against: the override's, a verified link, else a
    search."""
    dictated = resolve_with_override(entry, override, services.crossref, services.datacite,
                                     services.sources) if override is not None else None
    if dictated is not None:
        return dictated
    for _, work in papers:
        if work is not None:
            return Resolution(entry.line, Decision.LINK_VERIFIED, work=work)
    if papers:
        return Resolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.PAPER_LINK_UNVERIFIED),))
    return resolve(entry, services.crossref, services.datacite, services.sources)


def _audit_code(entry: CatalogueEntry, target: str, context: Resolution | None, services: Services) -> LinkAudit:
    if _is_placeholder(target):
        return _verdict(entry, CODE, target, Verdict.PLACEHOLDER, "placeholder link: a person must fill it")
    links = github_links(target)
    if not links:
        host = urlsplit(target).hostname or target
        return _verdict(entry, CODE, target, Verdict.UNCONFIRMED, f"not a GitHub repository ({host}); not checked")
    assert context is not None
    full_name = links[0].full_name
    code = find_code(replace(entry, code_url=target), context, services.github, work_lookup(services))
    if code.decision in (Decision.DEFERRED, Decision.CACHE_MISS):
        return _verdict(entry, CODE, target, Verdict.UNVERIFIABLE, "; ".join(words(code.reasons)), full_name)
    if code.repo is None:
        return _verdict(entry, CODE, target, Verdict.NOT_FOUND, "; ".join(words(code.reasons)), full_name)
    record = {"repository": code.repo.full_name, "url": code.repo.html_url, "archived": code.repo.archived,
              "renamed_from": code.repo.renamed_from}
    notes = [f"renamed: now {code.repo.full_name}"] if code.repo.renamed_from else []
    notes += ["archived"] if code.repo.archived else []
    if code.decision is Decision.LINK_VERIFIED:
        return _verdict(entry, CODE, target, Verdict.OK, "; ".join([*words(code.evidence), *notes]), full_name,
                        record)
    objections = [objection for candidate in code.candidates for objection in candidate.objections]
    said = "; ".join(words(objections or code.reasons))
    if any(objection.contradicts for objection in objections):
        return _verdict(entry, CODE, target, Verdict.MISMATCHED, said, full_name, record)
    if context.work is None:
        said = f"the row's paper is not verified, so the repository cannot be confirmed: {said}"
    return _verdict(entry, CODE, target, Verdict.UNCONFIRMED, said, full_name, record)


# ---------------------------------------------------------------- the maintainers' overrides


def _paper_by_override(entry: CatalogueEntry, target: str, override: Override | None, services: Services
                       ) -> tuple[LinkAudit, WorkRecord | None] | None:
    """A link to the override's DOI is ok once its record exists (not found and retracted are judged as usual);
    a link to another DOI is mismatched. None: the override says nothing about this link."""
    candidates = doi_candidates(target)
    if override is None or override.doi is None or _is_placeholder(target) or not candidates:
        return None
    if override.doi not in candidates:
        reason = f"the maintainers' override names doi:{override.doi}"
        return _verdict(entry, PAPER, target, Verdict.MISMATCHED, reason, candidates[0]), None
    try:
        work = fetch_work(override.doi, services.crossref, services.datacite, services.sources)
    except (CacheMiss, ServiceError) as exc:
        return _verdict(entry, PAPER, target, Verdict.UNVERIFIABLE, str(exc), override.doi), None
    if work is None or work.is_retracted:
        return None
    return _verdict(entry, PAPER, target, Verdict.OK, "maintainers' override", work.doi, _work_record(work)), work


def _code_by_override(entry: CatalogueEntry, target: str, override: Override | None, services: Services
                      ) -> LinkAudit | None:
    """A link to the override's repository is ok once it exists; another repository, or any repository where the
    override says there is none, is mismatched. None: the override says nothing about this link."""
    links = github_links(target)
    if override is None or override.code is None or _is_placeholder(target) or not links:
        return None
    full_name = links[0].full_name
    if override.code == NO_CODE:
        reason = "the maintainers' override says the paper has no GitHub repository"
        return _verdict(entry, CODE, target, Verdict.MISMATCHED, reason, full_name)
    named = github_links(override.code)
    if not named or named[0].full_name.casefold() != full_name.casefold():
        return _verdict(entry, CODE, target, Verdict.MISMATCHED, f"the maintainers' override names {override.code}",
                        full_name)
    try:
        repo = services.github.repo(full_name)
    except (CacheMiss, ServiceError) as exc:
        return _verdict(entry, CODE, target, Verdict.UNVERIFIABLE, str(exc), full_name)
    if repo is None:
        return None
    record = {"repository": repo.full_name, "url": repo.html_url, "archived": repo.archived,
              "renamed_from": repo.renamed_from}
    return _verdict(entry, CODE, target, Verdict.OK, "maintainers' override", full_name, record)


# ---------------------------------------------------------------- helpers


def _verdict(entry: CatalogueEntry, column: str, target: str, verdict: Verdict, reason: str,
             identifier: str | None = None, record: dict[str, Any] | None = None) -> LinkAudit:
    log.info("audit line %s %s %s: %s (%s)", entry.line, column, target, verdict.value, reason)
    return LinkAudit(entry.line, entry.model, column, target, verdict, reason, identifier, record or {})


def _work_record(work: WorkRecord) -> dict[str, Any]:
    return {"doi": work.doi, "title": work.title, "first_author": work.authors[0].display() if work.authors else None,
            "year": work.year, "type": work.type, "source": work.source}


def _same_url(first: str, second: str) -> bool:
    # looser than rewrite._same_url: the same page under http/https, with or without www. or a query, is listed
    def key(url: str) -> str:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}".casefold()

    return key(first) == key(second)
