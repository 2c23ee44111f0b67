"""Re-check stale entries, propose the edits time calls for, and write the changelog a pull request carries.

An entry is stale when it was last re-checked `ttl_days` or more ago (per-entry dates in `<cache>/refresh.json`;
`check_all` ignores them). Stale entries go through the pipeline stages again with fresh answers
(`refresh=True`); the others are answered from the cache, only so that references.bib stays whole. For the
re-checked entries the refresh proposes:

- preprint -> published: the row links a preprint whose verified version of record now exists (`resolve` pairs
  them); the URL in the row and the bib entry change, the preprint stays in the report;
- renamed repository: GitHub answers 301; the old owner/name in the code link becomes the new one;
- links for rows that now resolve, as `enrich run` would fill them (`rewrite.plan_edits`).

and reports, without editing: retractions (loudly) and corrections (`updated-by`), archived repositories, and
dead links. Link health is observed once per link per run (`health.HealthStore` in `<cache>/health.json`): a
link is reported dead only after `dead_after` consecutive dead runs; inconclusive answers never count, and an
offline run observes nothing.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, cast

from enrich.atomic import clean_temporaries, clean_tree_temporaries, stable_json, write_set, write_text_atomic
from enrich.bibmerge import merge_bibtex, read_bib, retracted_dois
from enrich.bibtex import doi_url
from enrich.cache import Cache
from enrich.config import ttl_days
from enrich.catalogue import Catalogue, apply_edits, cell_links, read_catalogue
from enrich.changelog import (
    ChangeKind,
    Finding,
    FindingKind,
    ProposedChange,
    render_changelog,
)
from enrich.code_links import github_links
from enrich.errors import CacheError, CacheMiss, ServiceError
from enrich.evidence import Kind
from enrich.health import (
    DEAD_AFTER_RUNS,
    STALE_AFTER_DAYS,
    Health,
    HealthStore,
    Observation,
    is_stale,
    reported,
)
from enrich.identifiers import doi_candidates, is_arxiv_doi
from enrich.lock import hold_locks
from enrich.match import is_preprint
from enrich.overrides import load_overrides, overrides_path
from enrich.pipeline import bib_items, find_all_code, resolve_all, rows_of, settle_through_repositories
from enrich.progress import Observer, Stage, waits_to
from enrich.records import (
    RETRACTING_UPDATES,
    CatalogueEntry,
    CellEdit,
    CodeResolution,
    ColumnRole,
    Decision,
    Resolution,
    WorkRecord,
)
from enrich.report import words
from enrich.resolve import fetch_work, settle_duplicates
from enrich.services import Services, cache_root, open_services
from enrich.rewrite import UnsafeUrl, plan_edits, safe_url
from enrich.text import fold

log = logging.getLogger(__name__)

SCHEMA = "enrich-refresh/1"
STATE_FORMAT = 1
# Findings a person must act on: with any of them (or a proposed change) the run exits 1.
NEWS = frozenset({FindingKind.RETRACTED, FindingKind.DEAD_LINK, FindingKind.CORRECTED, FindingKind.ARCHIVED})
_CORRECTIONS = frozenset({"correction", "erratum", "corrigendum", "addendum", "clarification", "partial_retraction",
                          "expression_of_concern", "expression-of-concern"})
_UNANSWERED = (Decision.DEFERRED, Decision.CACHE_MISS)  # no answer yet: asked again next run

ServicesFactory = Callable[[bool], Services]  # refresh? -> clients


@dataclass(frozen=True, slots=True)
class RefreshOptions:
    catalogue: Path
    bib: Path
    report: Path | None = None
    changelog: Path | None = None
    check_all: bool = False
    ttl_days: int = STALE_AFTER_DAYS
    dead_after: int = DEAD_AFTER_RUNS
    offline: bool = False
    dry_run: bool = False  # decide and propose, write nothing (no outputs, no check dates, no link health)
    max_catalogue_mb: float | None = None  # a larger catalogue is refused (None: the configuration's, else 10)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """This run's observation of one link and what the runs so far make of it."""

    line: int
    url: str
    observed: Health
    reported: Health
    consecutive_failures: int
    detail: str


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    catalogue_path: str
    checked: tuple[int, ...]  # lines re-checked this run
    changes: tuple[ProposedChange, ...]
    findings: tuple[Finding, ...]
    links: tuple[LinkCheck, ...] = ()
    preprints: tuple[dict[str, Any], ...] = ()  # upgraded preprints, kept for the report
    offline: bool = False
    requests: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    wrote: tuple[str, ...] = ()
    diff: str = ""  # the catalogue's unified diff, for a dry run only
    deferred: tuple[int, ...] = ()  # lines a service could not answer for this run (exit 3 when nothing else to say)

    @property
    def has_news(self) -> bool:
        """Changes proposed, or a finding a person must act on (inconclusive checks are not)."""
        return bool(self.changes) or any(finding.kind in NEWS for finding in self.findings)


def run_refresh(options: RefreshOptions, services_for: ServicesFactory | None = None,
                cache_dir: Path | None = None, today: date | None = None,
                progress: Observer | None = None) -> RefreshOutcome:
    """Re-check stale entries, write catalogue and bib (when they change), the report and the changelog.

    Holds the catalogue's and the cache directory's locks, as `enrich run` does.
    """
    if options.ttl_days < 0 or options.dead_after < 1:
        raise ValueError("--ttl-days must be at least 0 and --dead-after at least 1")
    root = cache_dir or cache_root()
    with hold_locks(catalogue=options.catalogue, cache_dir=root), waits_to(progress):
        clean_tree_temporaries(root)
        return _refresh(options, services_for, root, today, progress)


def _refresh(options: RefreshOptions, services_for: ServicesFactory | None, root: Path,
             today: date | None, progress: Observer | None) -> RefreshOutcome:
    catalogue = read_catalogue(options.catalogue, max_mb=options.max_catalogue_mb)
    existing_bib = read_bib(options.bib)  # a malformed bib is refused before any request or write
    today = today or date.today()
    services_for = services_for or _default_services(options.offline, root)
    state = CheckDates(root / "refresh.json")
    stale = [entry for entry in catalogue.entries
             if options.check_all or state.is_stale(entry, today, options.ttl_days)]
    log.info("refresh: %d of %d entries are stale", len(stale), len(catalogue.entries))
    # _OncePerRun answers as Services does (the same three clients), each identical call once
    fresh, cached = cast(Services, _OncePerRun(services_for(True))), services_for(False)
    resolutions, code = _decide(catalogue, stale, fresh, cached, progress)
    edits, changes, preprints = _propose(stale, resolutions, code)
    findings = _notices(stale, resolutions) + _archived(stale, code)
    links: list[LinkCheck] = []
    if not options.offline:
        links = _observe_health(catalogue.entries, stale, fresh, HealthStore(root / "health.json"), today,
                                options.dead_after, progress, save=not options.dry_run)
        findings += _health_findings(catalogue.entries, links, options.dead_after)
        state.mark(stale, resolutions, code, today)
        state.retain(catalogue.entries)
        if not options.dry_run:
            state.save()
    deferred = {line for line, resolution in resolutions.items() if resolution.decision is Decision.DEFERRED}
    deferred |= {line for line, found in code.items() if found.decision is Decision.DEFERRED}
    outcome = RefreshOutcome(str(options.catalogue), tuple(entry.line for entry in stale), tuple(changes),
                             tuple(findings), tuple(links), tuple(preprints), options.offline,
                             _request_counts(fresh, cached), deferred=tuple(sorted(deferred)))
    unsettled = [line for line, resolution in sorted(resolutions.items()) if resolution.decision in _UNANSWERED]
    rows = rows_of(catalogue.entries, resolutions, code)
    bib_text = None if unsettled else merge_bibtex(existing_bib, bib_items(rows), retracted=retracted_dois(rows))
    if unsettled:
        log.warning("references.bib not rewritten: no answer for lines %s", ", ".join(map(str, unsettled)))
    if options.dry_run:
        return replace(outcome, diff=_diff(catalogue, edits))
    return replace(outcome, wrote=_write(options, catalogue, edits, bib_text, outcome))


def _diff(catalogue: Catalogue, edits: Sequence[CellEdit]) -> str:
    new_text = apply_edits(catalogue.text, edits, catalogue.path) if edits else catalogue.text
    return "".join(difflib.unified_diff(catalogue.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        fromfile=f"{catalogue.path} (as read)", tofile=f"{catalogue.path} (proposed)"))


def _default_services(offline: bool, root: Path) -> ServicesFactory:
    # the cache lifetimes ENRICH_*_TTL_DAYS set, as `run` has them
    cache = Cache(root, **ttl_days())
    return lambda refresh: open_services(offline=offline, refresh=refresh, cache=cache)


def _decide(catalogue: Catalogue, stale: Sequence[CatalogueEntry], fresh: Services, cached: Services,
            progress: Observer | None = None) -> tuple[dict[int, Resolution], dict[int, CodeResolution]]:
    """Stale entries with fresh answers, the others from the cache (for the bib)."""
    overrides = load_overrides(overrides_path(catalogue.path))
    stale_lines = {entry.line for entry in stale}
    rest = [entry for entry in catalogue.entries if entry.line not in stale_lines]
    resolutions = settle_duplicates(catalogue.entries, resolve_all(stale, fresh, progress=progress, overrides=overrides)
                                    | resolve_all(rest, cached, overrides=overrides))
    # the repository route, as `run` takes it: rows still unsettled, through what their repository cites
    resolutions = settle_through_repositories(stale, resolutions, fresh, overrides)
    resolutions = settle_duplicates(catalogue.entries, settle_through_repositories(rest, resolutions, cached,
                                                                                   overrides))
    code = find_all_code(stale, resolutions, fresh, progress=progress, overrides=overrides)
    code |= find_all_code(rest, resolutions, cached, overrides=overrides)
    return resolutions, code


# ---------------------------------------------------------------- proposed edits


def _propose(entries: Sequence[CatalogueEntry], resolutions: Mapping[int, Resolution],
             code: Mapping[int, CodeResolution]) -> tuple[list[CellEdit], list[ProposedChange], list[dict[str, Any]]]:
    """Cell edits and their changelog lines: upgrades, renames, then links `enrich run` would add."""
    edits: list[CellEdit] = []
    changes: list[ProposedChange] = []
    preprints: list[dict[str, Any]] = []
    for entry in entries:
        upgrade = _upgrade(entry, resolutions.get(entry.line))
        rename = _rename(entry, code.get(entry.line))
        for found in (upgrade, rename):
            if found is not None:
                edits.append(found[0])
                changes.append(found[1])
        if upgrade is not None:
            preprints.append({"line": entry.line, "preprint": upgrade[1].before, "published": upgrade[1].after})
    edited = {(edit.line, edit.column) for edit in edits}
    by_line = {entry.line: entry for entry in entries}
    for edit in plan_edits(rows_of(entries, resolutions, code)).edits:
        if (edit.line, edit.column) not in edited:
            edits.append(edit)
            changes.append(_added(by_line[edit.line], edit, resolutions[edit.line], code.get(edit.line)))
    return sorted(edits, key=lambda edit: (edit.line, edit.column)), changes, preprints


def _upgrade(entry: CatalogueEntry, resolution: Resolution | None) -> tuple[CellEdit, ProposedChange] | None:
    """The row links a preprint and `resolve` verified its version of record: point the link at the latter."""
    if resolution is None or resolution.work is None or resolution.preprint is None:
        return None
    if not resolution.decision.accepted or is_preprint(resolution.work):
        return None
    linked = _link_doi(entry.paper_url or "")
    if linked is None or linked != resolution.preprint.doi:
        return None
    edit = _replace_url(entry, ColumnRole.PAPER, entry.paper_url or "", doi_url(resolution.work.doi))
    if edit is None:
        return None
    work = resolution.work
    detail = f"published version of preprint {linked}: {work.container or work.publisher or 'journal'} {work.year}"
    return edit, ProposedChange(entry.line, entry.model, ChangeKind.PREPRINT_UPGRADED, entry.paper_url,
                                doi_url(work.doi), detail)


def _rename(entry: CatalogueEntry, code: CodeResolution | None) -> tuple[CellEdit, ProposedChange] | None:
    """GitHub moved the linked repository (301): the same link under its new owner/name."""
    if code is None or code.repo is None or not code.repo.renamed_from or not entry.code_url:
        return None
    old, new = code.repo.renamed_from, code.repo.full_name
    pattern = re.compile(rf"(github\.com/){re.escape(old)}(?=$|[/?#])", re.IGNORECASE)
    new_url = pattern.sub(lambda found: found.group(1) + new, entry.code_url, count=1)
    if new_url == entry.code_url:
        return None
    edit = _replace_url(entry, ColumnRole.CODE, entry.code_url, new_url)
    if edit is None:
        return None
    detail = f"GitHub redirects {old} to {code.repo.full_name}"
    if code.decision is not Decision.LINK_VERIFIED:
        detail += "; not verified as the paper's code: " + "; ".join(words(code.reasons[:1]))
    return edit, ProposedChange(entry.line, entry.model, ChangeKind.REPOSITORY_RENAMED, entry.code_url, new_url,
                                detail)


def _replace_url(entry: CatalogueEntry, role: ColumnRole, old_url: str, new_url: str) -> CellEdit | None:
    """Only the URL changes; the person's link text and the rest of the cell stay."""
    if role not in entry.roles:
        return None
    column = entry.roles.index(role)
    current = entry.cells[column].strip()
    try:
        safe = safe_url(new_url)
    except UnsafeUrl as exc:
        log.warning("line %s: %s", entry.line, exc)
        return None
    for before, after in ((f"]({old_url})", f"]({safe})"), (f"<{old_url}>", f"<{safe}>"), (old_url, safe)):
        if current.count(before) == 1:
            return CellEdit(entry.line, column, current.replace(before, after), old_content=current)
    log.warning("line %s: cannot find %s once in the cell; left as it is", entry.line, old_url)
    return None


def _added(entry: CatalogueEntry, edit: CellEdit, resolution: Resolution, code: CodeResolution | None
           ) -> ProposedChange:
    if entry.roles[edit.column] is ColumnRole.CODE and code is not None and code.url:
        return ProposedChange(entry.line, entry.model, ChangeKind.LINK_ADDED, None, code.url, "repository verified")
    doi = resolution.work.doi if resolution.work else None
    return ProposedChange(entry.line, entry.model, ChangeKind.LINK_ADDED, None, doi_url(doi) if doi else None,
                          "paper resolved and verified")


# ---------------------------------------------------------------- findings


def _notices(entries: Sequence[CatalogueEntry], resolutions: Mapping[int, Resolution]) -> list[Finding]:
    """Retraction and correction notices on the works the rows cite."""
    findings: list[Finding] = []
    for entry in entries:
        resolution = resolutions.get(entry.line)
        if resolution is None:
            continue
        for work in _cited_works(entry, resolution):
            for update in work.updated_by:
                if update.kind in RETRACTING_UPDATES:
                    findings.append(Finding(entry.line, entry.model, FindingKind.RETRACTED, work.doi, update.doi,
                                            f"{update.kind}; kept out of references.bib"))
                elif update.kind in _CORRECTIONS:
                    findings.append(Finding(entry.line, entry.model, FindingKind.CORRECTED, work.doi, update.doi,
                                            update.kind))
    return findings


def _cited_works(entry: CatalogueEntry, resolution: Resolution) -> list[WorkRecord]:
    """The works a row stands for: its resolution, the candidate its link names, and, when `resolve` abstained
    because of a retraction, the retracted candidates."""
    linked = _link_doi(entry.paper_url or "")
    retraction = any(reason.kind is Kind.RETRACTED for reason in resolution.reasons)
    works = [work for work in (resolution.work, resolution.preprint) if work is not None]
    for candidate in resolution.candidates:
        if candidate.work.doi == linked or (retraction and candidate.work.is_retracted):
            works.append(candidate.work)
    return list({work.doi: work for work in works}.values())


def _archived(entries: Sequence[CatalogueEntry], code: Mapping[int, CodeResolution]) -> list[Finding]:
    findings = []
    for entry in entries:
        resolution = code.get(entry.line)
        if resolution is not None and resolution.repo is not None and resolution.repo.archived and entry.code_url:
            findings.append(Finding(entry.line, entry.model, FindingKind.ARCHIVED, entry.code_url,
                                    detail=f"{resolution.repo.full_name} is archived"))
    return findings


# ---------------------------------------------------------------- link health


def _observe_health(entries: Sequence[CatalogueEntry], stale: Sequence[CatalogueEntry], services: Services,
                    store: HealthStore, today: date, dead_after: int, progress: Observer | None = None,
                    save: bool = True) -> list[LinkCheck]:
    """Observe every link of the re-checked rows once, fold it into the store, forget links that left."""
    checks: list[LinkCheck] = []
    links = [(entry, url) for entry in stale for url in _entry_links(entry)]
    stage = Stage(progress, "links", len(links))
    for entry, url in links:
        observation = _observe(url, services)
        stage.decided(entry.line, entry.model, observation.verdict.value if observation else "", url)
        if observation is None:
            continue
        health = store.record(observation, today)
        checks.append(LinkCheck(entry.line, url, observation.verdict, reported(health, dead_after),
                                health.consecutive_failures, observation.detail))
    store.retain(url for entry in entries for url in _entry_links(entry))
    if save:
        store.save()
    return checks


def _entry_links(entry: CatalogueEntry) -> list[str]:
    """The row's paper and code links that name a DOI, an arXiv id or a GitHub repository."""
    urls: list[str] = []
    for role, cell in zip(entry.roles, entry.cells):
        if role in (ColumnRole.PAPER, ColumnRole.CODE):
            urls += [link.url.strip() for link in cell_links(cell)]
    return [url for url in dict.fromkeys(urls) if _link_doi(url) or github_links(url)]


def _observe(url: str, services: Services) -> Observation | None:
    """ALIVE, DEAD (404 from every service that could know it) or INCONCLUSIVE for one link."""
    try:
        repos = github_links(url)
        if repos:
            repo = services.github.repo(repos[0].full_name)
            return Observation(url, Health.DEAD, "GitHub: HTTP 404") if repo is None else Observation(
                url, Health.ALIVE, f"GitHub: {repo.full_name}")
        doi = _link_doi(url)
        if doi is None:
            return None
        work = fetch_work(doi, services.crossref, services.datacite, services.sources)
    except (ServiceError, CacheMiss) as exc:
        return Observation(url, Health.INCONCLUSIVE, str(exc))
    if work is None:
        where = "DataCite" if is_arxiv_doi(doi) else "Crossref and DataCite"
        return Observation(url, Health.DEAD, f"DOI {doi} not found at {where}")
    return Observation(url, Health.ALIVE, f"doi:{work.doi}")


def _health_findings(entries: Sequence[CatalogueEntry], checks: Sequence[LinkCheck], dead_after: int
                     ) -> list[Finding]:
    models = {entry.line: entry.model for entry in entries}
    findings: list[Finding] = []
    for check in checks:
        if check.reported is Health.DEAD:
            detail = f"{check.detail}; dead on {check.consecutive_failures} consecutive runs"
            findings.append(Finding(check.line, models.get(check.line), FindingKind.DEAD_LINK, check.url,
                                    detail=detail))
        elif check.observed is Health.DEAD:
            detail = f"{check.detail}; dead on {check.consecutive_failures} of {dead_after} runs needed"
            findings.append(Finding(check.line, models.get(check.line), FindingKind.INCONCLUSIVE, check.url,
                                    detail=detail))
        elif check.observed is Health.INCONCLUSIVE:
            findings.append(Finding(check.line, models.get(check.line), FindingKind.INCONCLUSIVE, check.url,
                                    detail=check.detail))
    return findings


# ---------------------------------------------------------------- writing


def _write(options: RefreshOptions, catalogue: Catalogue, edits: Sequence[CellEdit], bib_text: str | None,
           outcome: RefreshOutcome) -> tuple[str, ...]:
    """The catalogue when edited, the bib when the run has news (None: some entry had no answer, so a new bib
    would silently drop it); then the report and the changelog."""
    texts: dict[Path, str] = {}
    if outcome.has_news and bib_text is not None and _read_or_none(options.bib) != bib_text:
        texts[options.bib] = bib_text
    if options.report is not None:
        texts[options.report] = render_refresh_report(outcome)
    if options.changelog is not None:
        texts[options.changelog] = render_changelog(outcome.changes, outcome.findings)
    if edits:
        texts[options.catalogue] = apply_edits(catalogue.text, edits, catalogue.path)
    # together or not at all, and not over an edit a person saved during the refresh (see atomic.write_set)
    clean_temporaries([options.catalogue, *texts])
    wrote = tuple(str(path) for path in write_set(texts, unchanged={options.catalogue: catalogue.original}))
    log.info("refresh wrote %s", ", ".join(wrote) or "nothing")
    return wrote


def render_refresh_report(outcome: RefreshOutcome) -> str:
    """The refresh report as JSON (sorted keys, no timestamps)."""
    document = {
        "schema": SCHEMA,
        "catalogue": outcome.catalogue_path,
        "offline": outcome.offline,
        "checked_lines": list(outcome.checked),
        "changes": [{"line": change.line, "model": change.model, "kind": change.kind.value, "before": change.before,
                     "after": change.after, "detail": change.detail} for change in outcome.changes],
        "findings": [{"line": finding.line, "model": finding.model, "kind": finding.kind.value,
                      "before": finding.before, "after": finding.after, "detail": finding.detail}
                     for finding in outcome.findings],
        "preprints": list(outcome.preprints),
        "links": [{"line": check.line, "url": check.url, "observed": check.observed.value,
                   "reported": check.reported.value, "consecutive_failures": check.consecutive_failures,
                   "detail": check.detail} for check in outcome.links],
        "requests": {service: dict(counts) for service, counts in sorted(outcome.requests.items())},
    }
    return stable_json(document)


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------- helpers


def _link_doi(target: str) -> str | None:
    """The DOI a paper link names: a URL, a bare DOI or an arXiv id."""
    if not target or target.startswith("#"):
        return None
    candidates = doi_candidates(target)
    return candidates[0] if candidates else None


def _request_counts(*services: Services) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for one in services:
        for service, counts in one.request_counts().items():
            for name, count in counts.items():
                totals.setdefault(service, {}).setdefault(name, 0)
                totals[service][name] += count
    return totals


class _OncePerRun:
    """Services whose clients answer each identical call once per run: the health probes ask again what the
    stages already asked, without a second request."""

    def __init__(self, services: Services) -> None:
        self.crossref = _MemoClient(services.crossref)
        self.datacite = _MemoClient(services.datacite)
        self.github = _MemoClient(services.github)
        self.sources = services.sources

    def request_counts(self) -> dict[str, dict[str, int]]:
        counts = {name: client.stats.as_dict() for name, client in
                  (("crossref", self.crossref), ("datacite", self.datacite), ("github", self.github))}
        counts.update((source.name, source.request_counts()) for source in self.sources)
        return counts


class _MemoClient:
    _MEMOISED = frozenset({"work", "repo", "readme", "search"})

    def __init__(self, client: Any) -> None:
        self._client = client
        self.stats = client.stats
        self._answers: dict[tuple[object, ...], tuple[bool, Any]] = {}
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name not in self._MEMOISED:
            return method

        def once(*args: Any, **kwargs: Any) -> Any:
            key = (name, args, tuple(sorted(kwargs.items())))
            with self._lock:
                known = self._answers.get(key)
            if known is None:
                try:
                    known = (True, method(*args, **kwargs))
                except (ServiceError, CacheMiss) as exc:
                    known = (False, exc)
                with self._lock:
                    self._answers[key] = known
            succeeded, value = known
            if not succeeded:
                raise value
            return value

        return once


class CheckDates:
    """When each entry was last re-checked, in `<cache>/refresh.json`; keyed by section, model and title, so a
    link the refresh replaced does not make its row look new."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._dates: dict[str, date] = self._load()

    @staticmethod
    def identity(entry: CatalogueEntry) -> str:
        return " | ".join([*entry.section, fold(entry.model or ""), fold(entry.paper_title or entry.paper_text)])

    def is_stale(self, entry: CatalogueEntry, today: date, ttl_days: int) -> bool:
        checked = self._dates.get(self.identity(entry))
        return checked is None or is_stale(checked, today, ttl_days)

    def mark(self, entries: Iterable[CatalogueEntry], resolutions: Mapping[int, Resolution],
             code: Mapping[int, CodeResolution], today: date) -> None:
        """Entries whose check got answers; a deferred one stays stale and is tried again next run."""
        for entry in entries:
            decisions = [resolutions[entry.line].decision, code[entry.line].decision]
            if not any(decision in _UNANSWERED for decision in decisions):
                self._dates[self.identity(entry)] = today

    def retain(self, entries: Iterable[CatalogueEntry]) -> None:
        keep = {self.identity(entry) for entry in entries}
        self._dates = {key: checked for key, checked in self._dates.items() if key in keep}

    def save(self) -> None:
        document = {"format": STATE_FORMAT,
                    "checked": {key: checked.isoformat() for key, checked in sorted(self._dates.items())}}
        try:
            write_text_atomic(self.path, stable_json(document))
        except OSError as exc:
            raise CacheError(f"{self.path}: cannot write the refresh dates: {exc}") from exc

    def _load(self) -> dict[str, date]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            if document.get("format") != STATE_FORMAT:
                raise ValueError(f"expected format {STATE_FORMAT}")
            return {key: date.fromisoformat(value) for key, value in document["checked"].items()}
        except FileNotFoundError:
            return {}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("%s: unreadable refresh dates, every entry is stale: %s", self.path, exc)
            return {}
