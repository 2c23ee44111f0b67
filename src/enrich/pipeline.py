"""Runs the stages in order: read -> resolve DOIs -> find code -> plan edits -> write bib, catalogue, report."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from enrich.atomic import clean_temporaries, clean_tree_temporaries, current_bytes, write_set
from enrich.bibmerge import merge_bibtex, read_bib, retracted_dois
from enrich.bibtex import BibItem, validate_bibtex
from enrich.catalogue import Catalogue, apply_edits, read_catalogue
from enrich.code_links import WorkLookup, find_code
from enrich.config import find_config
from enrich.errors import CacheMiss, ServiceError
from enrich.lock import hold_locks
from enrich.memo import DecisionMemo, ReportTemplate
from enrich.overrides import (NO_CODE, Override, code_with_override, load_overrides, override_for, overrides_path,
                              resolve_with_override)
from enrich.progress import Observer, Stage, waits_to
from enrich.records import CatalogueEntry, CodeResolution, Decision, Resolution, Row, WorkRecord
from enrich.report import RunResult, with_edits, words
from enrich.repository_route import name_joint_routes, paper_through_repository, wants_repository
from enrich.resolve import fetch_work, resolve, settle_duplicates
from enrich.rewrite import plan_edits
from enrich.services import Services, open_services
from enrich.services import cache_root as cache_root  # re-exported: callers of the pipeline ask it

log = logging.getLogger(__name__)

D = TypeVar("D", Resolution, CodeResolution)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RunOptions:
    catalogue: Path
    bib: Path | None = None
    report: Path | None = None
    offline: bool = False
    refresh: bool = False
    dry_run: bool = False
    fix_links: bool = False
    latex: bool = False
    find_code_links: bool = True
    workers: int = 8  # threads deciding papers; the pacers cap what is in flight
    overlap: bool = True  # look for a row's code as soon as its paper is settled, while Crossref works on the rest
    paper_format: str = "auto"  # how a filled paper cell reads (config.PAPER_FORMATS)
    deadline: float | None = None  # seconds for the whole run; after it no request starts (rows are deferred)
    max_catalogue_mb: float | None = None  # a larger catalogue is refused (None: the configuration's, else 10)


def work_lookup(services: Services) -> WorkLookup:
    """A DOI's record for the code stage; a failure or an offline miss answers None (no evidence either way)."""
    def record(doi: str) -> WorkRecord | None:
        try:
            return fetch_work(doi, services.crossref, services.datacite, services.sources)
        except (CacheMiss, ServiceError):
            return None
    return record


@dataclass(slots=True)
class GitHubTally:
    """GitHub requests per route (the repository route, the code stage); GitHub is asked from one thread at a time,
    so the difference of the client's count around a call is that call's."""

    by_route: dict[str, int] = field(default_factory=dict)
    _inner: list[int] = field(default_factory=list)  # requests charged to routes nested in the open ones

    @contextmanager
    def charge(self, route: str, services: Services) -> Iterator[None]:
        """Charge the requests made inside to `route`; a route opened inside another is taken out of the outer."""
        before = services.github.stats.as_dict().get("requests", 0)
        self._inner.append(0)
        try:
            yield
        finally:
            spent = services.github.stats.as_dict().get("requests", 0) - before
            nested = self._inner.pop()
            self.by_route[route] = self.by_route.get(route, 0) + spent - nested
            if self._inner:
                self._inner[-1] += spent

    def counted(self, requests: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        """`requests` with GitHub's per-route counts beside its totals (`route_repository`, `route_code`; a route
        that sent none is left out, as a run replayed from the cache sends none)."""
        routes = {f"route_{route}": count for route, count in self.by_route.items() if count}
        return {**requests, "github": {**requests.get("github", {}), **routes}} if routes else requests


@dataclass(frozen=True, slots=True)
class RunOutcome:
    result: RunResult
    catalogue_text: str
    bib_text: str
    diff: str  # unified diff of the catalogue; computed for --dry-run only ("" otherwise)
    wrote: tuple[str, ...]
    bib_problems: tuple[str, ...] | None = None  # validate_bibtex of bib_text, when the run already checked it


def resolve_all(entries: Iterable[CatalogueEntry], services: Services, workers: int = 8,
                progress: Observer | None = None, overrides: dict[str, Override] | None = None,
                then: Callable[[CatalogueEntry, Resolution], None] | None = None) -> dict[int, Resolution]:
    """DOI decisions for every entry, keyed by line; lookups run concurrently, results are order-independent.

    `then` is called with each entry and its decision in row order, as soon as the rows up to it are decided.
    """
    entries = list(entries)
    overrides = overrides or {}
    resolutions: dict[int, Resolution] = {}
    stage = Stage(progress, "papers", len(entries))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        decided = pool.map(lambda entry: _paper(entry, services, overrides), entries)
        for entry, resolution in zip(entries, decided):
            resolutions[entry.line] = resolution
            if then:
                then(entry, resolution)
            stage.decided(entry.line, entry.model, resolution.decision.value, _paper_detail(resolution))
    return resolutions


def find_all_code(entries: Iterable[CatalogueEntry], resolutions: dict[int, Resolution], services: Services,
                  progress: Observer | None = None, overrides: dict[str, Override] | None = None,
                  ) -> dict[int, CodeResolution]:
    """Code decisions, sequential: GitHub's unauthenticated budget is 60 requests an hour."""
    entries = list(entries)
    overrides = overrides or {}
    code: dict[int, CodeResolution] = {}
    stage = Stage(progress, "code", len(entries))
    for entry in entries:
        found = code[entry.line] = _code(entry, resolutions[entry.line], services, overrides)
        stage.decided(entry.line, entry.model, found.decision.value, _code_detail(found))
    return code


def settle_through_repositories(entries: Iterable[CatalogueEntry], resolutions: dict[int, Resolution],
                                services: Services, overrides: dict[str, Override] | None = None,
                                ) -> dict[int, Resolution]:
    """The repository route for the rows the bibliographic routes left unsettled (sequential, like the code
    stage: GitHub's budget); a row the maintainers' overrides speak for is left alone."""
    overrides = overrides or {}
    settled = dict(resolutions)
    for entry in entries:
        settled[entry.line] = _through_repository(entry, resolutions[entry.line], services, overrides)
    return settled


def decide_rows(entries: Sequence[CatalogueEntry], services: Services, options: RunOptions,
                progress: Observer | None = None, overrides: dict[str, Override] | None = None,
                tally: GitHubTally | None = None) -> tuple[Row, ...]:
    """One `Row` per entry with its settled paper decision and its code decision (the maintainers' overrides
    applied); a row the bibliographic routes left unsettled takes the repository route just before its code
    look-up (`tally` counts GitHub's requests per route).

    With `options.overlap` a row's code look-ups start as soon as its paper is settled, while Crossref works on
    later rows. Either way code look-ups run one at a time and in row order (GitHub's search budget), so a spent
    budget defers the same rows and the decisions are the same with overlap on and off.
    """
    resolutions, found = _decide_rows(entries, services, options, progress, overrides or {},
                                      tally if tally is not None else GitHubTally())
    return rows_of(entries, resolutions, found)


def rows_of(entries: Iterable[CatalogueEntry], resolutions: Mapping[int, Resolution],
            code: Mapping[int, CodeResolution]) -> tuple[Row, ...]:
    """One `Row` per entry from decisions kept by line (as `refresh` keeps them)."""
    return tuple(Row(entry, resolutions.get(entry.line), code.get(entry.line)) for entry in entries)


def _decide_rows(entries: Sequence[CatalogueEntry], services: Services, options: RunOptions,
                 progress: Observer | None, overrides: dict[str, Override], tally: GitHubTally
                 ) -> tuple[dict[int, Resolution], dict[int, CodeResolution]]:
    found: dict[int, CodeResolution] = {}
    if not options.find_code_links or not options.overlap:
        resolutions = settle_duplicates(entries, resolve_all(entries, services, options.workers, progress, overrides))
        if options.find_code_links:
            in_order = Stage(progress, "code", len(entries))
            for entry in entries:
                resolutions[entry.line], found[entry.line] = _on_github(entry, resolutions[entry.line], services,
                                                                        overrides, tally)
                in_order.decided(entry.line, entry.model, found[entry.line].decision.value,
                                 _code_detail(found[entry.line]))
        return resolutions, found
    decided: dict[int, Resolution] = {}
    settled: dict[int, Resolution] = {}
    lookups: list[tuple[CatalogueEntry, Future[tuple[Resolution, CodeResolution]]]] = []
    stage: Stage | None = None  # started with the first code look-up, after the papers stage
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="code") as github:
        def start_code(entry: CatalogueEntry, resolution: Resolution) -> None:
            nonlocal stage
            stage = stage or Stage(progress, "code", len(entries))
            decided[entry.line] = resolution
            # a duplicate names an earlier row, which is decided by now: settle this row alone
            settled[entry.line] = settle_duplicates([entry], decided)[entry.line]
            lookup = github.submit(_on_github, entry, settled[entry.line], services, overrides, tally)
            lookup.add_done_callback(functools.partial(_code_decided, stage, entry))
            lookups.append((entry, lookup))

        resolve_all(entries, services, options.workers, progress, overrides, then=start_code)
        for entry, lookup in lookups:
            settled[entry.line], found[entry.line] = lookup.result()
    return settled, found


def _code_decided(stage: Stage, entry: CatalogueEntry, lookup: Future[tuple[Resolution, CodeResolution]]) -> None:
    if lookup.exception() is None:
        _, found = lookup.result()
        stage.decided(entry.line, entry.model, found.decision.value, _code_detail(found))


def _on_github(entry: CatalogueEntry, resolution: Resolution, services: Services, overrides: dict[str, Override],
               tally: GitHubTally) -> tuple[Resolution, CodeResolution]:
    """One row's GitHub work, in row order: the repository route while its paper is unsettled, then its code;
    the code decision names the repository route when the paper was found through the accepted repository."""
    with tally.charge("repository", services):
        resolution = _through_repository(entry, resolution, services, overrides)
    with tally.charge("code", services):
        code = _code(entry, resolution, services, overrides, tally)
    return resolution, name_joint_routes(resolution, code)


def _through_repository(entry: CatalogueEntry, resolution: Resolution, services: Services,
                        overrides: dict[str, Override]) -> Resolution:
    if override_for(entry, overrides) is not None or not wants_repository(entry, resolution):
        return resolution

    def decide() -> Resolution:
        return paper_through_repository(entry, resolution, services.github, services.crossref, services.datacite)

    # remembered like the other decisions, so a replay knows the READMEs and records the route read
    subject = ("repository", dataclasses.replace(entry, line=0), dataclasses.replace(resolution, entry_line=0))
    return _remembered(services, subject, entry.line, decide)


def _paper_detail(resolution: Resolution) -> str:
    """The DOI settled on, else the first reason: what -v shows for the row."""
    if resolution.work is not None and resolution.decision.accepted:
        return resolution.work.doi
    return next(iter(words(resolution.reasons[:1])), "")


def _code_detail(code: CodeResolution) -> str:
    return code.url or next(iter(words(code.reasons[:1])), "")


def _paper(entry: CatalogueEntry, services: Services, overrides: dict[str, Override]) -> Resolution:
    override = override_for(entry, overrides)

    def decide() -> Resolution:
        if override is not None:
            dictated = resolve_with_override(entry, override, services.crossref, services.datacite,
                                             services.sources)
            if dictated is not None:
                return dictated
        return resolve(entry, services.crossref, services.datacite, services.sources)

    return _remembered(services, ("paper", dataclasses.replace(entry, line=0), override), entry.line, decide)


def _code(entry: CatalogueEntry, resolution: Resolution, services: Services,
          overrides: dict[str, Override], tally: GitHubTally | None = None) -> CodeResolution:
    override = override_for(entry, overrides)

    def decide() -> CodeResolution:
        dictated = code_with_override(entry, override) if override else None
        if dictated:
            return dictated
        if tally is None:
            return find_code(entry, resolution, services.github, work_lookup(services))
        return find_code(entry, resolution, services.github, work_lookup(services),
                         functools.partial(tally.charge, services=services))

    subject = ("code", dataclasses.replace(entry, line=0), override, dataclasses.replace(resolution, entry_line=0))
    return _remembered(services, subject, entry.line, decide)


def _remembered(services: Services, subject: tuple[object, ...], line: int, decide: Callable[[], D]) -> D:
    memo: DecisionMemo | None = getattr(services, "memo", None)  # refresh's own services remember nothing
    if memo is None:
        return decide()
    decision, consulted = memo.decide(subject, line, decide)
    services.count_replayed(consulted)
    return decision


def _derived(services: Services, name: str, inputs: object, make: Callable[[], T]) -> T:
    """`make()`, or its value from an earlier run with the same inputs (see `DecisionMemo.derived`)."""
    return make() if services.memo is None else services.memo.derived(name, inputs, make)


def bib_items(rows: Iterable[Row], overrides: dict[str, Override] | None = None) -> list[BibItem]:
    """One item per DOI (the catalogue may list a paper twice); the first row that names it wins."""
    items: dict[str, BibItem] = {}
    overrides = overrides or {}
    for row in rows:
        entry, resolution, code_resolution = row.entry, row.paper, row.code
        if resolution is None or resolution.work is None:
            continue
        if not resolution.decision.accepted:
            continue
        code_url = code_resolution.url if code_resolution and code_resolution.decision.accepted else None
        override = override_for(entry, overrides)
        items.setdefault(resolution.work.doi, BibItem(
            work=resolution.work, code_url=code_url, model=entry.model, preprint=resolution.preprint,
            code_ruled_out=override is not None and override.code == NO_CODE))
    return list(items.values())


def decide(catalogue: Catalogue, services: Services, options: RunOptions,
           progress: Observer | None = None) -> RunOutcome:
    """Every decision of a run, with the texts to write; writes nothing."""
    entries = catalogue.entries
    overrides = load_overrides(overrides_path(options.catalogue), entries)
    # the bib on disk is read (and a malformed one refused) before any lookup, and so before anything is written
    existing_bib = read_bib(options.bib) if options.bib is not None else None
    tally = GitHubTally()
    rows = decide_rows(entries, services, options, progress, overrides, tally)
    plan = plan_edits(rows, fix_links=options.fix_links, paper_format=options.paper_format)
    new_text = apply_edits(catalogue.text, plan.edits, catalogue.path)
    items = bib_items(rows, overrides)
    retracted = retracted_dois(rows)
    bib_text = _derived(services, "bib", (existing_bib.text if existing_bib else None, items, options.latex,
                                          sorted(retracted)),
                        lambda: merge_bibtex(existing_bib, items, latex=options.latex, retracted=retracted))
    result = RunResult(
        catalogue_path=str(options.catalogue),
        rows=with_edits(rows, plan.edits),
        repair=catalogue.repair,
        notes=plan.notes,
        requests=tally.counted(services.request_counts()),
        offline=options.offline,
        reconstructed=services.reconstructed_dois(),
    )
    diff = _diff(catalogue, new_text, options.catalogue) if options.dry_run else ""
    return RunOutcome(result=result, catalogue_text=new_text, bib_text=bib_text, diff=diff, wrote=())


def _diff(catalogue: Catalogue, new_text: str, path: Path) -> str:
    old_text = catalogue.original.decode("utf-8", errors="replace")
    return "".join(difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        fromfile=f"{path} (as read)", tofile=f"{path} (enriched)"))


def run(options: RunOptions, services: Services | None = None, progress: Observer | None = None) -> RunOutcome:
    """Lock the catalogue and the cache, read the catalogue (all input errors raise before anything is written),
    decide, then write the outputs as one set, only if the catalogue and the bib are still the bytes that were read.

    A run with the same inputs as the last one, whose decisions read only records that are still the same bytes,
    writes the last run's outputs without parsing or deciding anything (see `DecisionMemo.replay_run`).
    """
    services = services or open_services(offline=options.offline, refresh=options.refresh, deadline=options.deadline)
    with hold_locks(catalogue=options.catalogue, cache_dir=services.crossref.cache_root):
        clean_tree_temporaries(services.crossref.cache_root)
        return _run_locked(options, services, progress)


def _run_locked(options: RunOptions, services: Services, progress: Observer | None) -> RunOutcome:
    # the bib may hold hand-written entries the merge keeps: an edit saved during the run must not be lost either
    bib_as_read = current_bytes(options.bib) if options.bib is not None else None
    run_key = _run_key(options, services.memo)
    snapshot = services.memo.replay_run(run_key) if services.memo and run_key else None
    if snapshot is not None:
        services.count_replayed(dict(snapshot.consulted))
        result = dataclasses.replace(snapshot.result, catalogue_path=str(options.catalogue),
                                     requests=services.request_counts())
        return _write(options, options.catalogue.read_bytes(),
                      RunOutcome(result, snapshot.catalogue_text, snapshot.bib_text, "", (), snapshot.bib_problems),
                      lambda: snapshot.report.pieces(result.catalogue_path, result.requests), bib_as_read)
    rows = services.memo.parsed_rows() if services.memo is not None else None
    catalogue = read_catalogue(options.catalogue, max_mb=options.max_catalogue_mb, rows=rows)
    with waits_to(progress):
        outcome = decide(catalogue, services, options, progress)
    if options.dry_run:
        return outcome
    templates: list[ReportTemplate] = []

    rendered = services.memo.rendered_entries() if services.memo is not None else None

    def report_text() -> Iterator[str]:
        templates.append(ReportTemplate.of(outcome.result, rendered))
        return templates[0].pieces(outcome.result.catalogue_path, outcome.result.requests)

    # the outputs first, then what only speeds up the next run: a kill in between loses nothing but time
    written = _write(options, catalogue.original, outcome, report_text, bib_as_read)
    services.remember(outcome.result.resolutions.values())
    problems = _derived(services, "bib-check", written.bib_text, lambda: tuple(validate_bibtex(written.bib_text)))
    written = dataclasses.replace(written, bib_problems=problems)
    if services.memo is not None:
        services.memo.save()
        if rows is not None:
            services.memo.keep_rows(rows)
        if rendered is not None:
            services.memo.keep_rendered_entries(rendered)
        if run_key:
            services.memo.keep_run(run_key, written, templates[0] if templates else ReportTemplate.of(written.result))
    return written


def _run_key(options: RunOptions, memo: DecisionMemo | None) -> str | None:
    """What a run's outputs depend on besides the cache and enrich's rules; None when it is not to be replayed."""
    if memo is None or options.dry_run or options.refresh:
        return None
    inputs = [options.catalogue, overrides_path(options.catalogue), find_config(options.catalogue),
              *([options.bib] if options.bib else [])]
    try:
        contents = [path.read_bytes() if path is not None and path.exists() else None for path in inputs]
    except OSError:
        return None  # read_catalogue, the configuration and read_bib report it properly
    # every option but where the files are and how the work is scheduled
    settings = [(field.name, getattr(options, field.name)) for field in dataclasses.fields(options)
                if field.name not in ("catalogue", "bib", "report", "workers", "overlap")]
    return memo.run_key(*contents, options.bib is None, settings)


def _write(options: RunOptions, original: bytes, outcome: RunOutcome, report_text: Callable[[], Iterable[str]],
           bib_as_read: bytes | None) -> RunOutcome:
    """Bib, report and catalogue together or not at all (see `atomic.write_set`), and only when neither the
    catalogue nor the bib changed on disk since they were read; the catalogue goes last."""
    texts: dict[Path, str | Iterable[str]] = {}
    if options.bib is not None:
        texts[options.bib] = outcome.bib_text
    if options.report is not None:
        texts[options.report] = report_text()
    if outcome.catalogue_text.encode("utf-8") != original:
        texts[options.catalogue] = outcome.catalogue_text
    clean_temporaries([options.catalogue, *texts])
    unchanged: dict[Path, bytes | None] = {options.catalogue: original}
    if options.bib is not None:
        unchanged[options.bib] = bib_as_read
    wrote = tuple(str(path) for path in write_set(texts, unchanged=unchanged))
    log.info("wrote %s", ", ".join(wrote) or "nothing")
    return dataclasses.replace(outcome, wrote=wrote)


def deferred_lines(result: RunResult) -> tuple[int, ...]:
    """Rows whose paper or code decision waits for a service that was unavailable or rate-limited (exit 3)."""
    return tuple(sorted({row.line for row in result.rows
                         if any(decision is not None and decision.decision is Decision.DEFERRED
                                for decision in (row.paper, row.code))}))
