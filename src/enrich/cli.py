"""Command line: parse arguments, set up logging, call the pipeline, turn EnrichError into one line and exit 2.

Exit codes: 0 done; 1 ran, and has changes or findings to review (refresh, audit --strict, check); 2 error;
3 audit could not verify some links (a service was unreachable).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from enrich import __version__
from enrich.bibtex import validate_bibtex
from enrich.errors import EnrichError
from enrich.records import Decision, Resolution, RowStatus
from enrich.report import RunResult, describe, section_statistics

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_UNVERIFIABLE = 0, 1, 2, 3
SUMMARY_ROWS = 80  # beyond this the terminal table lists only the rows that need a look

log = logging.getLogger("enrich")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="enrich", description="Resolve a Markdown paper list to verified DOIs, "
                                     "code links and BibTeX.")
    parser.add_argument("--version", action="version", version=f"enrich {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the catalogue, explain how each table and list is read "
                                "and what each row will be searched by; writes nothing")
    check.add_argument("path", type=Path, nargs="?", help="the catalogue (or --catalogue)")
    check.add_argument("--catalogue", type=Path, dest="catalogue_option")

    run = commands.add_parser("run", help="resolve, fill links, write references.bib and the report")
    _add_run_arguments(run)
    run.add_argument("--dry-run", action="store_true", help="print the catalogue diff; write nothing")
    run.add_argument("--fix-links", action="store_true", help="replace human links that disagree with the records")
    run.add_argument("--latex", action="store_true", help="escape non-ASCII for classic BibTeX")
    run.add_argument("--no-code", action="store_true", help="skip GitHub repository discovery")
    run.add_argument("--stats", action="store_true", help="print a statistics table per section")

    audit = commands.add_parser("audit", help="verify the links already in the catalogue; changes nothing")
    audit.add_argument("--catalogue", type=Path, required=True)
    audit.add_argument("--report", type=Path, required=True)
    audit.add_argument("--strict", action="store_true", help="exit 1 on any not-found or mismatched link")
    audit.add_argument("--offline", action="store_true", help="answer only from the cache")

    refresh = commands.add_parser("refresh", help="re-check stale entries, propose upgrades and renames, write a "
                                  "changelog (exit 1: changes or findings to review)")
    for name in ("--catalogue", "--bib", "--report", "--changelog"):
        refresh.add_argument(name, type=Path, required=True)
    refresh.add_argument("--all", dest="check_all", action="store_true", help="re-check every entry, whatever its age")
    refresh.add_argument("--ttl-days", type=int, default=30, help="re-check entries last checked this long ago")
    refresh.add_argument("--dead-after", type=int, default=2, help="consecutive dead runs before a link is dead")
    refresh.add_argument("--offline", action="store_true", help="answer only from the cache; link health unobserved")
    _configurable(commands)
    return parser


def _configurable(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every command takes --cache-dir; paths the configuration file can give are not required on the line."""
    for command in commands.choices.values():
        command.add_argument("--cache-dir", type=Path, help="where answers are cached (default: ENRICH_CACHE_DIR, "
                             "then cache_dir in the configuration, then ./cache)")
        for action in command._actions:
            if action.dest in ("catalogue", "bib", "report"):
                action.required = False
            if action.dest == "ttl_days":
                action.default = None


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalogue", type=Path, required=True)
    parser.add_argument("--bib", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--offline", action="store_true", help="answer only from the cache; a miss is reported")
    parser.add_argument("--refresh", action="store_true", help="ignore cached answers and fetch again")


def configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    # a run builds hundreds of thousands of small long-lived objects (tokens, records); with the default
    # thresholds the cyclic collector rescans them over and over (a 5,000-row warm run: 8.9 s -> 6.9 s)
    gc.set_threshold(50_000, 20, 20)
    console = _console()
    try:
        with _configured(args):
            if args.command == "check":
                return _check(args, console)
            if args.command == "run":
                return _run(args, console)
            if args.command == "audit":
                return _audit(args, console)
            if args.command == "refresh":
                return _refresh(args, console)
    except EnrichError as error:
        # plain write: an error stays one line per problem, never wrapped to the terminal's width
        print(f"enrich: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("enrich: interrupted; answers fetched so far are kept in the cache", file=sys.stderr)
        return 130
    return EXIT_ERROR


def _console() -> Console:
    """A terminal gets its own width; logs and pipes get a wide one so tables do not fold every cell."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=160)
    return console


@contextmanager
def _configured(args: argparse.Namespace) -> Iterator[None]:
    """Fill paths and settings from the configuration file; the environment it implies holds for this call only.

    Precedence: the command line, then the environment, then the configuration file, then the defaults.
    """
    from enrich.config import config_for

    if args.command == "check":
        args.catalogue = args.catalogue_option or args.path
    config = config_for(args.catalogue)
    for name in ("catalogue", "bib", "report"):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, getattr(config, name))
    missing = [name for name in _REQUIRED.get(args.command, ()) if getattr(args, name) is None]
    if missing:
        where = (f" or in {config.path}" if config.path
                 else " (or set in [tool.enrich] of pyproject.toml or enrich.toml)")
        raise EnrichError(f"{args.command}: give " + ", ".join(f"--{name}" for name in missing) + where)
    if getattr(args, "ttl_days", 0) is None:
        args.ttl_days = config.refresh_ttl_days if config.refresh_ttl_days is not None else 30
    args.paper_format = config.paper_format
    overlay = {name: value for name, value in config.environment().items() if not os.environ.get(name)}
    if args.cache_dir is not None:
        overlay["ENRICH_CACHE_DIR"] = str(args.cache_dir)
    saved = {name: os.environ.get(name) for name in overlay}
    os.environ.update(overlay)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_REQUIRED = {"check": ("catalogue",), "run": ("catalogue", "bib", "report"), "audit": ("catalogue", "report"),
             "refresh": ("catalogue", "bib", "report")}


def _check(args: argparse.Namespace, console: Console) -> int:
    from enrich.catalogue import read_catalogue, require_papers
    from enrich.explain import describe_block, describe_terms, search_terms

    from enrich.overrides import load_overrides, overrides_path

    catalogue = read_catalogue(args.catalogue)
    require_papers(catalogue)
    load_overrides(overrides_path(catalogue.path), catalogue.entries)
    console.print(f"{args.catalogue}: {len(catalogue.blocks)} tables or lists, {len(catalogue.entries)} rows",
                  markup=False)
    for block in catalogue.blocks:
        console.print("  " + describe_block(block), markup=False)
    table = Table(title="what each row will be searched by")
    for column in ("line", "section", "model", "status", "searched by"):
        table.add_column(column, overflow="fold")
    for entry in catalogue.entries:
        status = entry.status.value + (f" (duplicate of line {entry.duplicate_of})" if entry.duplicate_of else "")
        table.add_row(str(entry.line), " › ".join(entry.section), entry.model or "", status,
                      describe_terms(search_terms(entry)))
    console.print(table)
    statuses = {status: sum(1 for e in catalogue.entries if e.status is status) for status in RowStatus}
    duplicates = sum(1 for entry in catalogue.entries if entry.duplicate_of is not None)
    console.print(", ".join(f"{count} {status.value}" for status, count in statuses.items())
                  + f"; {duplicates} duplicate pairs")
    if catalogue.repair.method != "none":
        console.print(f"encoding: {catalogue.repair.method}, {len(catalogue.repair.changed_lines)} lines would be "
                      "repaired")
    return EXIT_OK


def _run(args: argparse.Namespace, console: Console) -> int:
    from enrich.pipeline import RunOptions, run

    options = RunOptions(catalogue=args.catalogue, bib=args.bib, report=args.report, offline=args.offline,
                         refresh=args.refresh, dry_run=args.dry_run, fix_links=args.fix_links, latex=args.latex,
                         find_code_links=not args.no_code, paper_format=args.paper_format)
    with _progress(console) as progress:
        outcome = run(options, progress=progress)
    if args.dry_run:
        console.print(outcome.diff or "(no change to the catalogue)", markup=False, highlight=False, soft_wrap=True)
    print_summary(console, outcome.result, None if args.dry_run else args.report)
    if args.stats:
        console.print(_statistics_table(outcome.result))
    problems = validate_bibtex(outcome.bib_text)
    entries = outcome.bib_text.count("\n@")  + outcome.bib_text.startswith("@")
    console.print(f"references.bib: {entries} entries, " + ("valid" if not problems else "; ".join(problems)))
    if outcome.wrote:
        console.print("wrote " + ", ".join(outcome.wrote))
    return EXIT_OK


def _audit(args: argparse.Namespace, console: Console) -> int:
    from enrich.audit import run_audit

    outcome = run_audit(args.catalogue, args.report, offline=args.offline)
    console.print(outcome.table())
    # a fabricated link found is a definite finding; it outranks links that could not be checked
    if args.strict and outcome.failures:
        return EXIT_FINDINGS
    if outcome.unverifiable:
        return EXIT_UNVERIFIABLE
    return EXIT_OK


def _refresh(args: argparse.Namespace, console: Console) -> int:
    from enrich.refresh import RefreshOptions, run_refresh

    if args.ttl_days < 0 or args.dead_after < 1:
        print("enrich: error: --ttl-days must be at least 0 and --dead-after at least 1", file=sys.stderr)
        return EXIT_ERROR
    options = RefreshOptions(catalogue=args.catalogue, bib=args.bib, report=args.report, changelog=args.changelog,
                             check_all=args.check_all, ttl_days=args.ttl_days, dead_after=args.dead_after,
                             offline=args.offline)
    outcome = run_refresh(options)
    console.print(f"re-checked {len(outcome.checked)} entries; {len(outcome.changes)} proposed changes, "
                  f"{len(outcome.findings)} findings; wrote " + (", ".join(outcome.wrote) or "nothing"), markup=False)
    return EXIT_FINDINGS if outcome.has_news else EXIT_OK


class _progress:
    """A rich progress bar on a terminal; silent otherwise (CI logs, pipes)."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                             transient=True, disable=not console.is_terminal)
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _progress:
        self._bar.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._bar.__exit__(exc_type, exc, traceback)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done)


def print_summary(console: Console, result: RunResult, report_path: Path | None = None) -> None:
    """What a maintainer of the list reads after a run: one row per paper row, then what needs a person."""
    table = Table(title="enrich: what happened to each row", show_lines=False)
    for column in ("line", "model", "paper", "DOI / why not", "code"):
        table.add_column(column, overflow="fold")
    placeholders = [entry for entry in result.entries if entry.status is RowStatus.PLACEHOLDER]
    shown = [entry for entry in result.entries if entry.status is not RowStatus.PLACEHOLDER]  # listed once below
    if len(shown) > SUMMARY_ROWS:
        # a long catalogue: show what needs a look; every row is in the report
        shown = [entry for entry in shown if _needs_a_look(result, entry.line)][:SUMMARY_ROWS]
        table.caption = f"{len(shown)} rows that need a look are shown; every row is in the report"
    for entry in shown:
        resolution = result.resolutions.get(entry.line)
        code = result.code.get(entry.line)
        paper_decision = resolution.decision.value if resolution else "-"
        if entry.duplicate_of is not None:
            paper_decision += f" (duplicate of line {entry.duplicate_of})"
        code_text = "-"
        if code is not None:
            code_text = code.url if code.url else code.decision.value
        table.add_row(str(entry.line), entry.model or "", paper_decision, _detail(resolution), code_text)
    console.print(table)
    papers = _counts(resolution.decision for resolution in result.resolutions.values())
    codes = _counts(code.decision for code in result.code.values())
    console.print(f"rows: {len(result.entries)}; papers: {papers}; code: {codes or 'not searched'}")
    if placeholders:
        console.print(f"template rows that name no paper (need a person): lines "
                      f"{', '.join(str(entry.line) for entry in placeholders)}")
    disagreements = [line for line, resolution in sorted(result.resolutions.items())
                     if resolution.decision is Decision.LINK_DISAGREES]
    disagreements += [line for line, code in sorted(result.code.items()) if code.decision is Decision.LINK_DISAGREES]
    if disagreements:
        console.print(f"links that disagree with the records (kept; review them): lines "
                      f"{', '.join(str(line) for line in sorted(set(disagreements)))}")
    console.print(f"cells edited: {len(result.edits)}; encoding: {result.repair.method} "
                  f"({len(result.repair.changed_lines)} lines repaired)")
    requests = ", ".join(f"{service} {counts.get('requests', 0)} requests/{counts.get('cache_hits', 0)} cached/"
                         f"{counts.get('waited_ms', 0) / 1000:.1f} s waited"
                         for service, counts in sorted(result.requests.items()))
    if requests:
        console.print(f"services: {requests}")
    if report_path is not None:
        console.print(f"reasons, evidence and candidates for every row: {report_path}")


def _statistics_table(result: RunResult) -> Table:
    table = Table(title="per section")
    columns = ("section", "rows", "models", "papers_with_doi", "code_links", "preprints", "placeholders")
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in section_statistics(result):
        table.add_row(*(str(row[column]) for column in columns))
    return table


def _needs_a_look(result: RunResult, line: int) -> bool:
    paper, code = result.resolutions.get(line), result.code.get(line)
    return (paper is not None and not paper.decision.accepted) or (
        code is not None and code.decision is Decision.LINK_DISAGREES)


def _detail(resolution: Resolution | None) -> str:
    if resolution is None:
        return ""
    if resolution.work is not None and resolution.decision.accepted:
        return resolution.work.doi
    closest = resolution.candidates[0] if resolution.candidates else None
    if closest is not None and closest.objections and resolution.decision is not Decision.LINK_DISAGREES:
        objection = describe(closest.objections[0])
        return _shorten(f"closest {closest.work.doi}: {objection}", 110)
    return _shorten(describe(resolution.reasons[0]), 110) if resolution.reasons else ""


def _counts(decisions: Iterable[Decision]) -> str:
    tally: dict[str, int] = {}
    for decision in decisions:
        tally[decision.value] = tally.get(decision.value, 0) + 1
    return ", ".join(f"{count} {name}" for name, count in sorted(tally.items()))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
