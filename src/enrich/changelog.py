"""The refresh changelog: a Markdown pull-request body a reviewer can act on.

`render_changelog` is pure and deterministic: changes and findings are sorted by line, so the
same refresh gives the same body and the pull request is updated in place without noise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

TITLE = "Refresh catalogue links"
NONE_MARK = "—"

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_URL = re.compile(r"https?://\S+")


class ChangeKind(StrEnum):
    PREPRINT_UPGRADED = "preprint-upgraded"  # the preprint link now has a published version of record
    REPOSITORY_RENAMED = "repository-renamed"  # the code link redirects to the repository's new name
    LINK_ADDED = "link-added"
    LINK_REMOVED = "link-removed"


class FindingKind(StrEnum):
    RETRACTED = "retracted"  # before: the paper's DOI; after: the retraction notice's DOI
    DEAD_LINK = "dead-link"  # confirmed dead: `health.reported` answered DEAD
    INCONCLUSIVE = "inconclusive"  # no trustworthy answer this run (rate limit, bot wall, 5xx, timeout)
    CORRECTED = "corrected"  # before: the paper's DOI; after: the correction notice's DOI
    ARCHIVED = "archived"  # the code link's repository is archived (read-only) on GitHub


@dataclass(frozen=True, slots=True)
class ProposedChange:
    """One edit the refresh made to the catalogue, for a person to review."""

    line: int
    model: str | None
    kind: ChangeKind
    before: str | None  # the link as the catalogue had it (None when one is added)
    after: str | None  # the link proposed (None when one is removed)
    detail: str = ""  # why, e.g. "published version of the preprint"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a person should know that the refresh did not change."""

    line: int
    model: str | None
    kind: FindingKind
    before: str | None  # the link or DOI the finding is about, as the catalogue has it
    after: str | None = None  # for a retraction, the notice DOI
    detail: str = ""


_Item = TypeVar("_Item", ProposedChange, Finding)


def render_changelog(changes: Sequence[ProposedChange], findings: Sequence[Finding]) -> str:
    """Markdown for the refresh pull request: summary, change table, retractions, dead and inconclusive links."""
    by_kind = {kind: _sorted([f for f in findings if f.kind is kind]) for kind in FindingKind}
    blocks = [f"# {TITLE}", _summary(len(changes), by_kind)]
    if changes:
        blocks.append(_changes_table(_sorted(changes)))
    if by_kind[FindingKind.RETRACTED]:
        blocks.append(_retracted_section(by_kind[FindingKind.RETRACTED]))
    if by_kind[FindingKind.DEAD_LINK]:
        blocks.append(_dead_section(by_kind[FindingKind.DEAD_LINK]))
    if by_kind[FindingKind.CORRECTED]:
        blocks.append(_corrected_section(by_kind[FindingKind.CORRECTED]))
    if by_kind[FindingKind.ARCHIVED]:
        blocks.append(_archived_section(by_kind[FindingKind.ARCHIVED]))
    if by_kind[FindingKind.INCONCLUSIVE]:
        blocks.append(_inconclusive_section(by_kind[FindingKind.INCONCLUSIVE]))
    return "\n\n".join(blocks) + "\n"


def _sorted(items: Sequence[_Item]) -> list[_Item]:
    return sorted(items, key=lambda item: (item.line, item.kind, item.before or "", item.after or "",
                                           item.model or "", item.detail))


def _summary(change_count: int, by_kind: dict[FindingKind, list[Finding]]) -> str:
    counts = [
        _plural(change_count, "proposed change"),
        _plural(len(by_kind[FindingKind.RETRACTED]), "retracted paper"),
        _plural(len(by_kind[FindingKind.DEAD_LINK]), "dead link"),
        _plural(len(by_kind[FindingKind.INCONCLUSIVE]), "inconclusive check"),
    ]
    # rarer findings are counted only when present, so the usual summary stays as it was
    counts += [_plural(len(by_kind[kind]), noun) for kind, noun in
               ((FindingKind.CORRECTED, "corrected paper"), (FindingKind.ARCHIVED, "archived repository"))
               if by_kind[kind]]
    advice = " Review each change before merging." if change_count else ""
    return f"**Summary:** {', '.join(counts)}.{advice}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _changes_table(changes: list[ProposedChange]) -> str:
    rows = [
        "## Proposed changes",
        "",
        "| Line | Model | Change | Before | After | Why |",
        "| ---: | --- | --- | --- | --- | --- |",
    ]
    for change in changes:
        cells = [str(change.line), _text(change.model), change.kind.value, _link(change.before), _link(change.after),
                 _text(change.detail)]
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows)


def _retracted_section(findings: list[Finding]) -> str:
    items = [
        f"- {_where(finding)}: {_link(finding.before)} is retracted; notice {_link(finding.after)}{_detail(finding)}"
        for finding in findings
    ]
    return "\n".join(["## ⚠ Retracted", "", "The catalogue cites these papers; each has a retraction notice.", "",
                      *items])


def _dead_section(findings: list[Finding]) -> str:
    items = [f"- {_where(finding)}: {_link(finding.before)}{_detail(finding)}" for finding in findings]
    return "\n".join(["## ⚠ Dead links", "", "Not found on consecutive runs; one failed check never lands here.", "",
                      *items])


def _corrected_section(findings: list[Finding]) -> str:
    items = [
        f"- {_where(finding)}: {_link(finding.before)} has a correction notice {_link(finding.after)}"
        f"{_detail(finding)}"
        for finding in findings
    ]
    return "\n".join(["## Corrections", "", "The link stays; a reader may want the notice.", "", *items])


def _archived_section(findings: list[Finding]) -> str:
    items = [f"- {_where(finding)}: {_link(finding.before)}{_detail(finding)}" for finding in findings]
    return "\n".join(["## Archived repositories", "", "Read-only on GitHub: the code is kept but no longer "
                      "maintained.", "", *items])


def _inconclusive_section(findings: list[Finding]) -> str:
    items = [f"- {_where(finding)}: {_link(finding.before)}{_detail(finding)}" for finding in findings]
    return "\n".join(["## Inconclusive", "", "No trustworthy answer this run; checked again next run.", "", *items])


def _where(finding: Finding) -> str:
    return f"**Line {finding.line}** ({_text(finding.model)})"


def _detail(finding: Finding) -> str:
    return f" ({_text(finding.detail)})" if finding.detail else ""


def _link(value: str | None) -> str:
    """An autolink for a URL or a DOI; anything else as plain text."""
    if not value:
        return NONE_MARK
    if _URL.fullmatch(value) and not any(ch in value for ch in "<>"):
        return f"<{value}>"
    if _DOI.fullmatch(value) and not any(ch in value for ch in "<>"):
        return f"<https://doi.org/{value}>"
    return _text(value)


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else NONE_MARK


def _cell(text: str) -> str:
    # GitHub splits table rows on every unescaped pipe, even inside links and code spans
    return text.replace("|", "\\|")
