"""The Python API: the four commands as functions that return typed results (the CLI adds arguments, colours
and exit codes).

    from pathlib import Path
    from enrich import api

    settings = api.Settings(cache_dir=Path("cache"))       # or api.Settings.from_env(), as the CLI does
    outcome = api.run(Path("catalogue/README.md"), settings=settings, offline=True, dry_run=True)
    for row in outcome.result.rows:                        # one Row per catalogue row: entry, paper, code, edits
        print(row.line, row.paper.decision.value if row.paper else "-", row.code.url if row.code else "")

Settings are passed in: nothing below reads the environment for where the services are or where the cache is.
Errors raise `enrich.errors.EnrichError` (a bad catalogue: `CatalogueError` naming file and line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from enrich.audit import AuditResult, run_audit
from enrich.catalogue import Catalogue, read_catalogue, require_papers
from enrich.health import DEAD_AFTER_RUNS, STALE_AFTER_DAYS
from enrich.overrides import Override, load_overrides, overrides_path
from enrich.pipeline import RunOptions, RunOutcome
from enrich.pipeline import run as run_pipeline
from enrich.progress import Observer
from enrich.records import CatalogueEntry
from enrich.refresh import RefreshOptions, RefreshOutcome, run_refresh
from enrich.services import Services, Settings, build_services

__all__ = [
    "AuditResult",
    "CheckResult",
    "RefreshOutcome",
    "RunOutcome",
    "Settings",
    "audit",
    "check",
    "refresh",
    "run",
]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A catalogue as `enrich` reads it, and the maintainers' overrides that apply to it."""

    catalogue: Catalogue
    overrides: dict[str, Override]

    @property
    def entries(self) -> tuple[CatalogueEntry, ...]:
        return self.catalogue.entries


def check(catalogue: str | Path, *, settings: Settings | None = None) -> CheckResult:
    """Read and validate a catalogue and its overrides; no request, nothing written."""
    read = read_catalogue(catalogue, max_mb=(settings or Settings()).max_catalogue_mb)
    require_papers(read)
    return CheckResult(read, load_overrides(overrides_path(read.path), read.entries))


def run(catalogue: str | Path, *, bib: str | Path | None = None, report: str | Path | None = None,
        settings: Settings | None = None, offline: bool = False, refresh: bool = False, dry_run: bool = False,
        fix_links: bool = False, latex: bool = False, find_code_links: bool = True, paper_format: str = "auto",
        deadline: float | None = None, progress: Observer | None = None) -> RunOutcome:
    """Resolve DOIs and code links, then write the catalogue, `bib` and `report` (nothing with `dry_run`).

    `deadline` bounds the run in seconds: after it no request starts and the rows left are deferred.
    """
    settings = settings or Settings()
    options = RunOptions(catalogue=Path(catalogue), bib=_path(bib), report=_path(report), offline=offline,
                         refresh=refresh, dry_run=dry_run, fix_links=fix_links, latex=latex,
                         find_code_links=find_code_links, paper_format=paper_format, deadline=deadline,
                         max_catalogue_mb=settings.max_catalogue_mb)
    services = build_services(settings, offline=offline, refresh=refresh, deadline=deadline)
    return run_pipeline(options, services=services, progress=progress)


def audit(catalogue: str | Path, *, report: str | Path | None = None, settings: Settings | None = None,
          offline: bool = False, progress: Observer | None = None) -> AuditResult:
    """Verdicts on the links already in the catalogue (`result.failures`: fabricated, mismatched, retracted)."""
    settings = settings or Settings()
    services = build_services(settings, offline=offline)
    return run_audit(catalogue, report, offline=offline, services=services, progress=progress,
                     max_catalogue_mb=settings.max_catalogue_mb)


def refresh(catalogue: str | Path, *, bib: str | Path, report: str | Path | None = None,
            changelog: str | Path | None = None, settings: Settings | None = None, check_all: bool = False,
            ttl_days: int = STALE_AFTER_DAYS, dead_after: int = DEAD_AFTER_RUNS, offline: bool = False,
            dry_run: bool = False, today: date | None = None, progress: Observer | None = None) -> RefreshOutcome:
    """Re-check stale entries; propose upgrades, renames and findings (`outcome.has_news`)."""
    settings = settings or Settings()
    options = RefreshOptions(catalogue=Path(catalogue), bib=Path(bib), report=_path(report),
                             changelog=_path(changelog), check_all=check_all, ttl_days=ttl_days,
                             dead_after=dead_after, offline=offline, dry_run=dry_run,
                             max_catalogue_mb=settings.max_catalogue_mb)
    cache = settings.open_cache()

    def services_for(fresh: bool) -> Services:
        return build_services(settings, offline=offline, refresh=fresh, cache=cache)

    return run_refresh(options, services_for, cache_dir=settings.cache_dir, today=today, progress=progress)


def _path(value: str | Path | None) -> Path | None:
    return None if value is None else Path(value)
