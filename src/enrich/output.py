"""What a command found, as flags a CI can act on: GitHub workflow commands, a step summary, and gates.

Every command's result becomes a list of `Flag`s (one per row or link that needs a person), each with a typed
`FlagKind`. From them come the `::error file=…,line=…::` / `::warning …` workflow commands GitHub shows on the
file, the Markdown appended to `$GITHUB_STEP_SUMMARY`, and `run --fail-on` (which kinds fail the run).
Pure: no printing, no environment; the CLI decides where the text goes.

>>> flag = Flag(FlagKind.ABSTAINED, Level.WARNING, "list.md", 12, "scGPT", "no candidate passed")
>>> workflow_command(flag)
'::warning file=list.md,line=12,title=enrich%3A abstained::scGPT: no candidate passed'
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from enrich.evidence import Evidence, Kind
from enrich.records import Decision, Resolution, RowStatus
from enrich.report import RunResult, words

if TYPE_CHECKING:  # both import rich and the clients; flags need only their results
    from enrich.audit import AuditResult
    from enrich.refresh import RefreshOutcome


class Level(StrEnum):
    """A GitHub workflow command; NOTE is counted in the summary but not annotated."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "notice"


class FlagKind(StrEnum):
    ABSTAINED = "abstained"  # run: no DOI could be verified for the row
    LINK_DISAGREES = "link-disagrees"  # run: a link a person wrote points elsewhere (paper or code)
    RETRACTED = "retracted"  # run, audit, refresh: the paper carries a retraction notice
    DEFERRED = "deferred"  # run: a service was unavailable; the next run asks again
    CACHE_MISS = "cache-miss"  # run --offline: the cache had no answer
    PLACEHOLDER = "placeholder"  # a template row that names no paper
    NOT_FOUND = "not-found"  # audit: a fabricated identifier
    MISMATCHED = "mismatched"  # audit: a real record of another paper or a repository that is not the paper's
    UNVERIFIABLE = "unverifiable"  # audit: no trustworthy answer
    DEAD_LINK = "dead-link"  # refresh: dead on consecutive runs
    CORRECTED = "corrected"  # refresh: a correction notice
    ARCHIVED = "archived"  # refresh: the repository is read-only
    CHANGE = "change"  # refresh: a proposed edit


# `run --fail-on` accepts these; the others belong to audit (--strict) and refresh (exit 1)
RUN_GATES = (FlagKind.ABSTAINED, FlagKind.LINK_DISAGREES, FlagKind.RETRACTED, FlagKind.DEFERRED,
             FlagKind.CACHE_MISS, FlagKind.PLACEHOLDER)


@dataclass(frozen=True, slots=True)
class Flag:
    """One row or link that needs a person, where it is and why."""

    kind: FlagKind
    level: Level
    file: str
    line: int
    model: str | None
    message: str


def parse_gates(text: str) -> frozenset[FlagKind]:
    """`abstained,link-disagrees` -> the kinds; ValueError naming what is not a run gate."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    allowed = {kind.value: kind for kind in RUN_GATES}
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise ValueError(f"--fail-on takes a comma-separated list of {', '.join(allowed)}; "
                         f"not {', '.join(unknown) or repr(text)}")
    return frozenset(allowed[name] for name in names)


def gated(flags: Iterable[Flag], gates: frozenset[FlagKind]) -> list[Flag]:
    return [flag for flag in flags if flag.kind in gates]


# ---------------------------------------------------------------- flags per command


def run_flags(result: RunResult, file: str) -> list[Flag]:
    """Rows of a run that need a person: abstained, retracted, disagreeing links, deferred, misses, templates."""
    flags: list[Flag] = []
    for row in result.rows:
        entry, paper, code = row.entry, row.paper, row.code
        if entry.status is RowStatus.PLACEHOLDER:
            flags.append(Flag(FlagKind.PLACEHOLDER, Level.NOTE, file, entry.line, entry.model,
                              "a template row that names no paper"))
            continue
        if paper is not None:
            flags += _paper_flags(paper, file, entry.line, entry.model)
        if code is not None and code.decision is Decision.LINK_DISAGREES:
            flags.append(Flag(FlagKind.LINK_DISAGREES, Level.WARNING, file, entry.line, entry.model,
                              "code link: " + _first(code.reasons)))
    return flags


def _paper_flags(paper: Resolution, file: str, line: int, model: str | None) -> list[Flag]:
    if not paper.decision.accepted and any(isinstance(reason, Evidence) and reason.kind is Kind.RETRACTED
                                           for reason in paper.reasons):
        return [Flag(FlagKind.RETRACTED, Level.ERROR, file, line, model, _first(paper.reasons))]
    kind_level = {
        Decision.ABSTAINED: (FlagKind.ABSTAINED, Level.WARNING),
        Decision.LINK_DISAGREES: (FlagKind.LINK_DISAGREES, Level.WARNING),
        Decision.DEFERRED: (FlagKind.DEFERRED, Level.NOTE),
        Decision.CACHE_MISS: (FlagKind.CACHE_MISS, Level.NOTE),
    }.get(paper.decision)
    if kind_level is None:
        return []
    prefix = "paper link: " if paper.decision is Decision.LINK_DISAGREES else ""
    return [Flag(kind_level[0], kind_level[1], file, line, model, prefix + _first(paper.reasons))]


def audit_flags(result: AuditResult, file: str) -> list[Flag]:
    """Links an audit failed (errors) or could not verify (warnings)."""
    levels = {"not-found": Level.ERROR, "mismatched": Level.ERROR, "retracted": Level.ERROR,
              "unverifiable": Level.WARNING}
    return [Flag(FlagKind(link.verdict.value), levels[link.verdict.value], file, link.line, link.model,
                 f"{link.column} link {link.link}: {link.reason}")
            for link in result.links if link.verdict.value in levels]


def refresh_flags(outcome: RefreshOutcome, file: str) -> list[Flag]:
    """Proposed changes (notes) and findings a person must act on."""
    levels = {"retracted": Level.ERROR, "dead-link": Level.WARNING, "corrected": Level.WARNING,
              "archived": Level.WARNING}
    flags = [Flag(FlagKind.CHANGE, Level.NOTE, file, change.line, change.model,
                  f"{change.kind.value}: {change.before or '—'} -> {change.after or '—'}")
             for change in outcome.changes]
    flags += [Flag(FlagKind(finding.kind.value), levels[finding.kind.value], file, finding.line, finding.model,
                   " ".join(part for part in (finding.before or "", finding.after or "", finding.detail) if part))
              for finding in outcome.findings if finding.kind.value in levels]
    return flags


def _first(reasons: Sequence[Evidence | str]) -> str:
    return words(reasons[:1])[0] if reasons else ""


# ---------------------------------------------------------------- GitHub


def annotation_path(path: str | Path, workspace: str | None = None) -> str:
    """The file as GitHub names it: relative to the workspace (the repository root) when inside it."""
    resolved = Path(path).resolve()
    root = Path(workspace or os.getcwd()).resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def workflow_command(flag: Flag) -> str:
    """`::warning file=…,line=…,title=…::message`, escaped as the runner expects."""
    properties = f"file={_property(flag.file)},line={flag.line},title={_property('enrich: ' + flag.kind.value)}"
    message = f"{flag.model}: {flag.message}" if flag.model else flag.message
    return f"::{flag.level.value} {properties}::{_data(message)}"


def workflow_commands(flags: Iterable[Flag]) -> list[str]:
    """Annotations for errors and warnings; notes only reach the summary (a run's 11 template rows are no news)."""
    return [workflow_command(flag) for flag in flags if flag.level is not Level.NOTE]


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(command: str, file: str, flags: Sequence[Flag], counts: dict[str, int],
                 exit_code: int) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: what was checked, the counts, and every flagged row."""
    lines = [f"## enrich {command}: `{file}`", "", f"Exit {exit_code}: {EXIT_MEANINGS.get(exit_code, '')}", ""]
    if counts:
        lines += ["| | count |", "| --- | ---: |"]
        lines += [f"| {_cell(name)} | {count} |" for name, count in sorted(counts.items())]
        lines.append("")
    shown = [flag for flag in flags if flag.level is not Level.NOTE or flag.kind is FlagKind.CHANGE]
    if shown:
        lines += ["| line | model | kind | detail |", "| ---: | --- | --- | --- |"]
        lines += [f"| {flag.line} | {_cell(flag.model or '')} | {flag.kind.value} | {_cell(flag.message)} |"
                  for flag in sorted(shown, key=lambda flag: (flag.line, flag.kind))]
    else:
        lines.append("Nothing needs a person.")
    notes = Counter(flag.kind.value for flag in flags if flag.level is Level.NOTE and flag.kind is not FlagKind.CHANGE)
    if notes:
        lines += ["", "Also: " + ", ".join(f"{count} {kind}" for kind, count in sorted(notes.items())) + "."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


EXIT_MEANINGS = {
    0: "done, nothing to act on.",
    1: "ran; changes or findings to review.",
    2: "error: bad input or an unusable path; nothing was written.",
    3: "a service could not be reached for some rows or links: try later (not a failure of the list).",
}
