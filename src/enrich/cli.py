"""Command line: parse arguments, set up logging and progress, call the library, publish, turn EnrichError into
one line and exit 2.

Exit codes: 0 done; 1 ran, and has changes or findings to review (refresh, audit --strict, run --fail-on); 2 error
(bad input, nothing written); 3 a service was unavailable: run deferred rows, refresh left entries unchecked, or
audit could not verify some links: try later.
Output: `--format text` (default; tables for people), `github` (default when GITHUB_ACTIONS=true: the text, plus
workflow-command annotations and a Markdown summary appended to $GITHUB_STEP_SUMMARY), `json` (the report on stdout,
everything else on stderr). Progress goes to stderr: a live bar on a terminal, plain lines elsewhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from enrich import __version__
from enrich.errors import CatalogueError, EnrichError
from enrich.output import (
    RUN_GATES,
    Flag,
    FlagKind,
    annotation_path,
    audit_flags,
    gated,
    parse_gates,
    refresh_flags,
    run_flags,
    step_summary,
    workflow_commands,
)
from enrich.progress import Event, RowDecided, StageStarted, Waiting, WaitReason
from enrich.records import Decision, Resolution, Row, RowStatus
from enrich.report import RunResult, describe, section_statistics

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_UNVERIFIABLE = 0, 1, 2, 3
SUMMARY_ROWS = 80  # beyond this the terminal table lists only the rows that need a look
FORMATS = ("text", "github", "json")

if TYPE_CHECKING:
    from enrich.audit import AuditResult

log = logging.getLogger("enrich")

_ENVIRONMENT = """environment:
  ENRICH_CROSSREF_URL  Crossref REST API base URL (default https://api.crossref.org)
  ENRICH_DATACITE_URL  DataCite REST API base URL (default https://api.datacite.org)
  ENRICH_GITHUB_URL    GitHub REST API base URL (default https://api.github.com)
  ENRICH_CACHE_DIR     where answers are cached (default: cache)
  ENRICH_MAILTO        contact address sent to Crossref (its polite pool: faster); please set it
  GITHUB_TOKEN         GitHub token: 5,000 requests an hour instead of 60; never logged or written
  GITHUB_ACTIONS       "true" makes --format github the default
  GITHUB_STEP_SUMMARY  with --format github, the file the Markdown summary is appended to
  GITHUB_WORKSPACE     annotations name files relative to it (the repository root)"""

_EXITS = {
    "check": """exit codes:
  0  the catalogue parses; its rows are listed
  2  bad input: one line naming file:line""",
    "run": """exit codes:
  0  done (rows that need a person are reported, not failed)
  1  --fail-on: a row of a gated kind was found
  2  error: bad input or an unusable path; nothing written""",
    "audit": """exit codes:
  0  every link checked is fine
  1  --strict and some link is not-found, mismatched or retracted
  2  error: bad input; nothing written
  3  some links could not be verified (a service unreachable, or an offline miss): try later""",
    "refresh": """exit codes:
  0  nothing to propose
  1  changes proposed or findings to review (a result, not a failure)
  2  error: bad input; nothing written""",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="enrich", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Resolve a Markdown paper list to verified DOIs, code links and BibTeX.",
        epilog=_ENVIRONMENT + "\n\nexit codes: 0 done; 1 findings to review; 2 error; 3 try later "
        "(see each command's --help)")
    parser.add_argument("--version", action="version", version=f"enrich {__version__}")
    _add_output_arguments(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = _command(commands, "check", "validate the catalogue, explain how each table and list is read and what "
                     "each row will be searched by; offline, writes nothing",
                     "Parse the catalogue as `run` would, explain how each table and list is read and what each row "
                     "will be searched by. Offline, fast, writes nothing: fit for a pre-commit hook.")
    check.add_argument("path", type=Path, nargs="?", metavar="PATH", help="the catalogue to validate (or --catalogue)")
    check.add_argument("--catalogue", type=Path, dest="catalogue_option", metavar="PATH",
                       help="the catalogue to validate (the same as PATH)")

    run = _command(commands, "run", "resolve, fill links, write references.bib and the report",
                   "Resolve every row to a verified DOI and code repository, fill the missing links in place, "
                   "write references.bib and the JSON report. Links a person wrote are verified, never overwritten.")
    _add_run_arguments(run)
    run.add_argument("--dry-run", action="store_true", help="print the catalogue diff and write nothing")
    run.add_argument("--fix-links", action="store_true",
                     help="replace links a person wrote when the records say they point elsewhere")
    run.add_argument("--latex", action="store_true", help="escape non-ASCII in the bib for classic BibTeX")
    run.add_argument("--no-code", action="store_true", help="skip GitHub repository discovery")
    run.add_argument("--stats", action="store_true", help="print a statistics table per section")
    run.add_argument("--fail-on", metavar="KINDS", type=_gates, default=frozenset(),
                     help="exit 1 when a row has one of these comma-separated kinds: "
                     + ", ".join(kind.value for kind in RUN_GATES) + " (default: never)")
    run.add_argument("--deadline", type=float, metavar="SECONDS",
                     help="time budget for the whole run: after it no request starts and the rest is deferred")

    audit = _command(commands, "audit", "verify the links already in the catalogue; changes nothing",
                     "Check every link a person wrote (DOIs, arXiv ids, repositories) against the services and "
                     "give each a verdict. The catalogue is only read.")
    audit.add_argument("--catalogue", type=Path, required=True, metavar="PATH", help="the Markdown catalogue to audit")
    audit.add_argument("--report", type=Path, required=True, metavar="PATH", help="where to write the JSON verdicts")
    audit.add_argument("--strict", action="store_true", help="exit 1 on any not-found, mismatched or retracted link")
    audit.add_argument("--offline", action="store_true",
                       help="answer only from the cache; a miss is unverifiable (exit 3)")

    refresh = _command(commands, "refresh", "re-check stale entries, propose upgrades and renames, write a changelog",
                       "The scheduled job: re-check entries last checked --ttl-days ago, edit the catalogue and bib "
                       "for what time changed (published versions, renamed repositories, new links) and report what "
                       "it cannot change (retractions, corrections, archived or dead links).")
    refresh.add_argument("--catalogue", type=Path, required=True, metavar="PATH",
                         help="the Markdown catalogue; edited in place")
    refresh.add_argument("--bib", type=Path, required=True, metavar="PATH", help="the BibTeX file kept in step")
    refresh.add_argument("--report", type=Path, metavar="PATH", help="where to write the JSON report")
    refresh.add_argument("--changelog", type=Path, metavar="PATH",
                         help="where to write the Markdown changelog (a pull-request body)")
    refresh.add_argument("--findings", type=Path, metavar="PATH",
                         help="where to write the findings no edit can settle (an issue body); written only when "
                         "there are some")
    refresh.add_argument("--all", dest="check_all", action="store_true", help="re-check every entry, whatever its age")
    refresh.add_argument("--ttl-days", type=int, default=30, metavar="N",
                         help="re-check entries last checked N or more days ago (default 30)")
    refresh.add_argument("--dead-after", type=int, default=2, metavar="N",
                         help="consecutive dead runs before a link is reported dead (default 2)")
    refresh.add_argument("--offline", action="store_true", help="answer only from the cache; link health unobserved")
    refresh.add_argument("--dry-run", action="store_true",
                         help="print the proposal (changelog and catalogue diff) and write nothing: no outputs, no "
                         "check dates, no link health (answers fetched are still cached)")
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


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str,
             ) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=summary, description=textwrap.fill(description, 100),
                              epilog=_EXITS[name] + "\n\n" + _ENVIRONMENT,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_output_arguments(sub, argparse.SUPPRESS)
    return sub


def _add_output_arguments(parser: argparse.ArgumentParser, default: object) -> None:
    # given before or after the command; SUPPRESS keeps a subcommand from resetting what the main parser read
    parser.add_argument("-v", "--verbose", action="count", default=0 if default is None else default,
                        help="-v: one line per row decision; -vv: enrich's debug log (other libraries stay quiet)")
    parser.add_argument("--format", choices=FORMATS, default=None if default is None else default,
                        help="text (tables); github (text plus annotations and a step summary; the default when "
                        "GITHUB_ACTIONS=true); json (the report on stdout)")


def _gates(text: str) -> frozenset[FlagKind]:
    try:
        return parse_gates(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalogue", type=Path, required=True, metavar="PATH",
                        help="the Markdown catalogue; missing links are filled in place")
    parser.add_argument("--bib", type=Path, required=True, metavar="PATH", help="where to write references.bib")
    parser.add_argument("--report", type=Path, required=True, metavar="PATH", help="where to write the JSON report")
    parser.add_argument("--offline", action="store_true", help="answer only from the cache; a miss is reported")
    parser.add_argument("--refresh", action="store_true", help="ignore cached answers and fetch again")


def configure_logging(verbosity: int, console: Console | None = None) -> None:
    """-v: enrich at INFO; -vv: enrich at DEBUG. Other libraries (httpx, httpcore) stay at WARNING."""
    if console is not None:  # a terminal: log lines print above the live progress bar, not through it
        logging.basicConfig(level=logging.WARNING, format="%(message)s",
                            handlers=[RichHandler(console=console, show_time=False, show_path=False)])
    else:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # without -v the logger follows the root (WARNING), as a library's logger should when a caller configures logging
    log.setLevel(logging.WARNING - 10 * min(verbosity, 2) if verbosity else logging.NOTSET)


@dataclass
class _Published:
    """What a command hands to the publishing step."""

    command: str
    file: str
    exit_code: int
    report_json: str
    flags: list[Flag] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    output_format = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    # in json mode stdout carries the report alone: tables and notes go to stderr
    console = _console(sys.stderr if output_format == "json" else sys.stdout)
    errors = _console(sys.stderr)
    configure_logging(args.verbose, errors if errors.is_terminal else None)
    # a run builds hundreds of thousands of small long-lived objects (tokens, records); with the default
    # thresholds the cyclic collector rescans them over and over (a 5,000-row warm run: 8.9 s -> 6.9 s)
    gc.set_threshold(50_000, 20, 20)
    commands: dict[str, Callable[[argparse.Namespace, Console, _Progress], _Published]] = {
        "check": _check, "run": _run, "audit": _audit, "refresh": _refresh}
    try:
        with _configured(args), _progress(errors, args.verbose) as progress:
            published = commands[args.command](args, console, progress)
    except EnrichError as error:
        # plain write: an error stays one line per problem, never wrapped to the terminal's width
        print(f"enrich: error: {error}", file=sys.stderr)
        if output_format == "github":
            _annotate_error(error)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("enrich: interrupted; answers fetched so far are kept in the cache", file=sys.stderr)
        return 130
    _publish(published, output_format)
    return published.exit_code


def _publish(published: _Published, output_format: str) -> None:
    if output_format == "json":
        sys.stdout.write(published.report_json)
        sys.stdout.flush()
        return
    if output_format != "github":
        return
    for command in workflow_commands(published.flags):
        print(command)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        summary = step_summary(published.command, published.file, published.flags, published.counts,
                               published.exit_code)
        with open(summary_path, "a", encoding="utf-8") as summary_file:
            summary_file.write(summary + "\n")


def _annotate_error(error: EnrichError) -> None:
    errors = getattr(error, "errors", None) or ((error,) if isinstance(error, CatalogueError) else ())
    if not errors:
        print(f"::error title=enrich::{str(error).splitlines()[0]}")
    for one in errors:
        where = f"file={annotation_path(one.path)}" + (f",line={one.line}" if one.line is not None else "")
        print(f"::error {where},title=enrich%3A bad input::{one.message}")


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


def _console(file: TextIO | None = None) -> Console:
    """A terminal gets its own width; logs and pipes get a wide one so tables do not fold every cell."""
    console = Console(highlight=False, file=file)
    if not console.is_terminal:
        console = Console(highlight=False, width=160, file=file)
    return console


def _check(args: argparse.Namespace, console: Console, progress: _Progress) -> _Published:
    from enrich import api
    from enrich.config import max_catalogue_mb
    from enrich.explain import describe_block, describe_terms, search_terms

    catalogue = api.check(args.catalogue, settings=api.Settings(max_catalogue_mb=max_catalogue_mb())).catalogue
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
    rows = [{"line": entry.line, "section": list(entry.section), "model": entry.model, "status": entry.status.value,
             "duplicate_of": entry.duplicate_of} for entry in catalogue.entries]
    counts = {status.value: count for status, count in statuses.items()} | {"duplicates": duplicates}
    document = {"catalogue": str(args.catalogue), "encoding": catalogue.repair.method, "rows": rows}
    return _Published("check", annotation_path(args.catalogue), EXIT_OK, _json(document), counts=counts)


def _run(args: argparse.Namespace, console: Console, progress: _Progress) -> _Published:
    from enrich.bibtex import validate_bibtex
    from enrich import api
    from enrich.pipeline import deferred_lines
    from enrich.report import render_report, summarise

    outcome = api.run(args.catalogue, bib=args.bib, report=args.report, settings=api.Settings.from_env(),
                      offline=args.offline, refresh=args.refresh, dry_run=args.dry_run, fix_links=args.fix_links,
                      latex=args.latex, find_code_links=not args.no_code, paper_format=args.paper_format,
                      deadline=args.deadline, progress=progress)
    progress.stop()
    if args.dry_run:
        console.print(outcome.diff or "(no change to the catalogue)", markup=False, highlight=False, soft_wrap=True)
    print_summary(console, outcome.result, None if args.dry_run else args.report)
    if args.stats:
        console.print(_statistics_table(outcome.result))
    problems = validate_bibtex(outcome.bib_text) if outcome.bib_problems is None else outcome.bib_problems
    entries = outcome.bib_text.count("\n@")  + outcome.bib_text.startswith("@")
    console.print(f"references.bib: {entries} entries, " + ("valid" if not problems else "; ".join(problems)))
    if outcome.wrote:
        console.print("wrote " + ", ".join(outcome.wrote))
    file = annotation_path(args.catalogue)
    flags = run_flags(outcome.result, file)
    failing = gated(flags, args.fail_on)
    if failing:
        console.print(f"--fail-on: {len(failing)} rows of a gated kind "
                      f"({', '.join(sorted({flag.kind.value for flag in failing}))})")
    deferred = deferred_lines(outcome.result)
    if deferred:
        # a scheduled job tells an outage from success by exit 3, and tries again later
        console.print(f"{len(deferred)} rows deferred: a service was unavailable or rate-limited; run again later "
                      "(exit 3)")
    summary = summarise(outcome.result)
    counts = {f"paper {name}": count for name, count in summary["paper_decisions"].items()}
    counts |= {f"code {name}": count for name, count in summary["code_decisions"].items()}
    counts["cells edited"] = summary["cells_edited"]
    report_json = render_report(outcome.result) if args.format == "json" else ""  # only --format json prints it
    exit_code = EXIT_FINDINGS if failing else EXIT_UNVERIFIABLE if deferred else EXIT_OK
    return _Published("run", file, exit_code, report_json, flags, counts)


def _audit(args: argparse.Namespace, console: Console, progress: _Progress) -> _Published:
    from enrich import api
    from enrich.audit import build_audit_report, render_audit_report

    outcome = api.audit(args.catalogue, report=args.report, settings=api.Settings.from_env(), offline=args.offline,
                        progress=progress)
    progress.stop()
    console.print(_audit_table(outcome))
    # a fabricated link found is a definite finding; it outranks links that could not be checked
    if args.strict and outcome.failures:
        exit_code = EXIT_FINDINGS
    elif outcome.unverifiable:
        exit_code = EXIT_UNVERIFIABLE
    else:
        exit_code = EXIT_OK
    file = annotation_path(args.catalogue)
    counts = dict(build_audit_report(outcome)["summary"]["verdicts"])
    return _Published("audit", file, exit_code, render_audit_report(outcome), audit_flags(outcome, file), counts)


def _refresh(args: argparse.Namespace, console: Console, progress: _Progress) -> _Published:
    from enrich import api
    from enrich.changelog import render_changelog
    from enrich.refresh import NEWS, render_refresh_report

    if args.ttl_days < 0 or args.dead_after < 1:
        raise _UsageError("--ttl-days must be at least 0 and --dead-after at least 1")
    outcome = api.refresh(args.catalogue, bib=args.bib, report=args.report, changelog=args.changelog,
                          settings=api.Settings.from_env(), check_all=args.check_all, ttl_days=args.ttl_days,
                          dead_after=args.dead_after, offline=args.offline, dry_run=args.dry_run, progress=progress)
    progress.stop()
    news = [finding for finding in outcome.findings if finding.kind in NEWS]
    if args.dry_run:
        console.print(render_changelog(outcome.changes, outcome.findings), markup=False, highlight=False,
                      soft_wrap=True)
        console.print(outcome.diff or "(no change to the catalogue)", markup=False, highlight=False, soft_wrap=True)
    elif args.findings is not None and news:
        from enrich.atomic import write_text_atomic

        write_text_atomic(args.findings, render_changelog((), news))
        outcome = replace(outcome, wrote=(*outcome.wrote, str(args.findings)))
    console.print(f"re-checked {len(outcome.checked)} entries; {len(outcome.changes)} proposed changes, "
                  f"{len(outcome.findings)} findings; wrote " + (", ".join(outcome.wrote) or "nothing"), markup=False)
    file = annotation_path(args.catalogue)
    counts = {"re-checked": len(outcome.checked), "proposed changes": len(outcome.changes)}
    counts |= {finding.kind.value: sum(1 for f in outcome.findings if f.kind is finding.kind)
               for finding in outcome.findings}
    if outcome.deferred and not outcome.has_news:
        console.print(f"{len(outcome.deferred)} entries deferred: a service was unavailable or rate-limited; "
                      "run again later (exit 3)")
    exit_code = EXIT_FINDINGS if outcome.has_news else EXIT_UNVERIFIABLE if outcome.deferred else EXIT_OK
    return _Published("refresh", file, exit_code, render_refresh_report(outcome), refresh_flags(outcome, file),
                      counts)


class _UsageError(EnrichError):
    """Arguments argparse cannot check alone."""


def _json(document: object) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- progress


_PLAIN_INTERVAL = 30.0  # a plain line every 10 % of a stage or every 30 s, whichever comes first,
_PLAIN_FLOOR = 1.0  # but at most one a second before the last (a warm run would print ten lines in a second)


class _Progress:
    """Shows the library's events; `stop` ends the live display before the summary is printed."""

    def __call__(self, event: Event) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """End the live display (the summary follows)."""

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _progress(console: Console, verbosity: int) -> _Progress:
    """A live bar on a terminal; plain lines on stderr elsewhere (CI logs, pipes)."""
    if console.is_terminal:
        return _LiveProgress(console, verbosity)
    return _PlainProgress(lambda line: print(line, file=sys.stderr, flush=True), verbosity)


class _PlainProgress(_Progress):
    """One line per stage start, every 10 % or 30 s, each wait with its length; -v: one line per row."""

    def __init__(self, emit: Callable[[str], None], verbosity: int = 0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._emit = emit
        self._verbosity = verbosity
        self._clock = clock
        self._started: dict[str, float] = {}
        self._last: dict[str, tuple[float, int]] = {}  # stage -> (time of the last line, tenths reported)

    def __call__(self, event: Event) -> None:
        if isinstance(event, StageStarted):
            now = self._clock()
            self._started[event.stage] = now
            self._last[event.stage] = (now, 0)
            self._emit(f"enrich: {event.stage}: {event.total} to check")
        elif isinstance(event, RowDecided):
            self._row(event)
        elif isinstance(event, Waiting):
            self._emit(f"enrich: {event.service}: waiting {event.seconds:.0f} s ({_WAIT_WORDS[event.reason]})")

    def _row(self, event: RowDecided) -> None:
        if self._verbosity >= 1:
            self._emit(f"enrich: line {event.line} {event.model or ''}: {event.stage} {event.decision or '-'}"
                       + (f" {event.detail}" if event.detail else ""))
        now = self._clock()
        started = self._started.setdefault(event.stage, now)
        last_time, last_tenths = self._last.get(event.stage, (started, 0))
        tenths = int(event.done * 10 / event.total) if event.total else 10
        finished = event.done == event.total
        stepped = tenths > last_tenths and now - last_time >= _PLAIN_FLOOR
        if stepped or now - last_time >= _PLAIN_INTERVAL or finished:
            if finished and last_tenths >= 10:
                return
            self._last[event.stage] = (now, tenths)
            elapsed = now - started
            left = elapsed / event.done * (event.total - event.done) if event.done else 0.0
            percent = 100 * event.done // event.total if event.total else 100
            self._emit(f"enrich: {event.stage}: {event.done}/{event.total} ({percent} %), {elapsed:.0f} s elapsed"
                       + (f", about {left:.0f} s left" if event.done < event.total else ""))


_WAIT_WORDS = {WaitReason.RATE_LIMIT: "rate limit", WaitReason.BACKOFF: "retrying after a failure"}


class _LiveProgress(_Progress):
    """rich's bar per stage, with ETA and the current wait for a service."""

    def __init__(self, console: Console, verbosity: int) -> None:
        self._wait: tuple[str, float] | None = None  # (what, monotonic time it ends)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeRemainingColumn(), _WaitColumn(self), console=console, transient=True)
        self._tasks: dict[str, TaskID] = {}
        self._verbosity = verbosity
        self._live = False

    def current_wait(self) -> str:
        if self._wait is None:
            return ""
        what, until = self._wait
        left = until - time.monotonic()
        return f"{what}: waiting {left:.0f} s" if left >= 0.5 else ""

    def __call__(self, event: Event) -> None:
        if not self._live:
            self._bar.start()
            self._live = True
        if isinstance(event, StageStarted):
            self._tasks[event.stage] = self._bar.add_task(event.stage, total=event.total)
        elif isinstance(event, RowDecided):
            if event.stage not in self._tasks:
                self._tasks[event.stage] = self._bar.add_task(event.stage, total=event.total)
            self._bar.update(self._tasks[event.stage], completed=event.done)
            if self._verbosity >= 1:
                self._bar.console.print(Text(f"line {event.line} {event.model or ''}: {event.stage} "
                                             f"{event.decision or '-'} {event.detail}"))
        elif isinstance(event, Waiting):
            self._wait = (f"{event.service} ({_WAIT_WORDS[event.reason]})", time.monotonic() + event.seconds)

    def stop(self) -> None:
        if self._live:
            self._bar.stop()
            self._live = False


class _WaitColumn(ProgressColumn):
    def __init__(self, progress: _LiveProgress) -> None:
        super().__init__()
        self._progress = progress

    def render(self, task: object) -> Text:
        return Text(self._progress.current_wait(), style="yellow")


def print_summary(console: Console, result: RunResult, report_path: Path | None = None) -> None:
    """What a maintainer of the list reads after a run: one row per paper row, then what needs a person."""
    table = Table(title="enrich: what happened to each row", show_lines=False)
    for column in ("line", "model", "paper", "DOI / why not", "code"):
        table.add_column(column, overflow="fold")
    rows = result.rows
    placeholders = [row.entry for row in rows if row.entry.status is RowStatus.PLACEHOLDER]
    shown = [row for row in rows if row.entry.status is not RowStatus.PLACEHOLDER]  # listed once below
    if len(shown) > SUMMARY_ROWS:
        # a long catalogue: show what needs a look; every row is in the report
        shown = [row for row in shown if _needs_a_look(row)][:SUMMARY_ROWS]
        table.caption = f"{len(shown)} rows that need a look are shown; every row is in the report"
    for row in shown:
        entry, resolution, code = row.entry, row.paper, row.code
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


def _needs_a_look(row: Row) -> bool:
    paper, code = row.paper, row.code
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


_VERDICT_STYLES = {"ok": "green", "unverifiable": "yellow", "unconfirmed": "cyan"}


def _audit_table(result: AuditResult) -> Table:
    """One row per link; failures in red."""
    from enrich.audit import FAILURES

    table = Table(title=f"enrich audit: {result.catalogue_path}")
    for column in ("line", "model", "cell", "link", "verdict", "reason"):
        table.add_column(column, overflow="fold")
    for audit in result.links:
        style = "red" if audit.verdict in FAILURES else _VERDICT_STYLES.get(audit.verdict.value, "")
        # Text, not markup: links and reasons hold "[" and "]"
        table.add_row(str(audit.line), Text(audit.model or ""), audit.column, Text(audit.link),
                      Text(audit.verdict.value, style=style), Text(audit.reason))
    counts = Counter(audit.verdict.value for audit in result.links)
    table.caption = ", ".join(f"{count} {verdict}" for verdict, count in sorted(counts.items())) or "no links"
    return table
