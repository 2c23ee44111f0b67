"""The JSON report (stable schema, documented in README.md) and its terminal summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from enrich.atomic import stable_json
from enrich.evidence import MODEL_FROM_TITLE, OWNER_NOT_AUTHOR, Evidence, Kind, Route, Strength
from enrich.records import (
    CatalogueEntry,
    CellEdit,
    CodeResolution,
    EncodingRepair,
    Resolution,
    Row,
    RowStatus,
    ScoredCandidate,
    ScoredRepo,
    WorkRecord,
)

SCHEMA = "enrich-report/1"
TOP_CANDIDATES = 3
REPORTED_AUTHORS = 10  # enough to recognise a paper; consortium papers list thousands


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one run decided, one `Row` per catalogue row, handed from the pipeline to the writers and the
    CLI."""

    catalogue_path: str
    rows: tuple[Row, ...]
    repair: EncodingRepair
    notes: tuple[str, ...] = ()
    requests: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    offline: bool = False
    reconstructed: frozenset[str] = frozenset()  # DOIs whose records were read from reconstructed cache answers

    @property
    def entries(self) -> tuple[CatalogueEntry, ...]:
        return tuple(row.entry for row in self.rows)

    @property
    def resolutions(self) -> dict[int, Resolution]:
        """The paper decisions by line: the view `plan_edits`, `bib_items` and `retracted_dois` take."""
        return {row.line: row.paper for row in self.rows if row.paper is not None}

    @property
    def code(self) -> dict[int, CodeResolution]:
        """The code decisions by line."""
        return {row.line: row.code for row in self.rows if row.code is not None}

    @property
    def edits(self) -> tuple[CellEdit, ...]:
        """Every cell edit, by line then column."""
        return tuple(edit for row in self.rows for edit in row.edits)


def with_edits(rows: Iterable[Row], edits: Iterable[CellEdit]) -> tuple[Row, ...]:
    """`rows` with each edit given to the row of its line."""
    edits_by_line: dict[int, list[CellEdit]] = {}
    for edit in edits:
        edits_by_line.setdefault(edit.line, []).append(edit)
    return tuple(replace(row, edits=tuple(edits_by_line.get(row.line, ()))) for row in rows)


def build_report(result: RunResult) -> dict[str, Any]:
    """The report as plain data; `render_report` turns it into the file's text."""
    entries = [_entry(row, result.reconstructed) for row in result.rows]
    return {
        "schema": SCHEMA,
        "catalogue": result.catalogue_path,
        "offline": result.offline,
        "encoding": {
            "method": result.repair.method,
            "changed_lines": [
                {"line": changed.line, "before": changed.before, "after": changed.after}
                for changed in result.repair.changed_lines
            ],
        },
        "summary": summarise(result),
        "sections": section_statistics(result),
        "entries": entries,
        "notes": list(result.notes),
        "requests": {service: dict(counts) for service, counts in sorted(result.requests.items())},
    }


def render_report(result: RunResult) -> str:
    return stable_json(build_report(result))


def summarise(result: RunResult) -> dict[str, Any]:
    statuses = Counter(entry.status.value for entry in result.entries)
    papers = Counter(resolution.decision.value for resolution in result.resolutions.values())
    code = Counter(resolution.decision.value for resolution in result.code.values())
    lookups: Counter[str] = Counter()
    for resolution in result.resolutions.values():
        lookups.update({route.value: count for route, count in resolution.lookups})
    return {
        "rows": len(result.entries),
        "rows_by_status": dict(sorted(statuses.items())),
        "duplicates": sum(1 for entry in result.entries if entry.duplicate_of is not None),
        "paper_decisions": dict(sorted(papers.items())),
        "paper_lookups_by_route": dict(sorted(lookups.items())),
        "code_decisions": dict(sorted(code.items())),
        "cells_edited": len(result.edits),
        "lines_repaired": len(result.repair.changed_lines),
    }


def section_statistics(result: RunResult) -> list[dict[str, Any]]:
    """Per section, in document order: rows, then per distinct model (a duplicate row counts once): models,
    papers with a verified DOI, code links, preprints; and the template rows."""
    stats: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in result.rows:
        entry, resolution, code = row.entry, row.paper, row.code
        section = stats.setdefault(entry.section, {"section": " › ".join(entry.section), "rows": 0, "models": 0,
                                                   "papers_with_doi": 0, "code_links": 0, "preprints": 0,
                                                   "placeholders": 0})
        section["rows"] += 1
        section["placeholders"] += entry.status is RowStatus.PLACEHOLDER
        if entry.duplicate_of is not None or entry.status is RowStatus.PLACEHOLDER:
            continue
        section["models"] += bool(entry.model)
        work = resolution.work if resolution is not None and resolution.decision.accepted else None
        section["papers_with_doi"] += work is not None
        section["preprints"] += work is not None and work.is_preprint
        section["code_links"] += code is not None and code.decision.accepted and code.url is not None
    return list(stats.values())


def _entry(row: Row, reconstructed: frozenset[str]) -> dict[str, Any]:
    entry = row.entry
    return {
        "line": entry.line,
        "section": list(entry.section),
        "model": entry.model,
        "row_text": entry.paper_text,
        "status": entry.status.value,
        "needs_human": entry.status is RowStatus.PLACEHOLDER,
        "duplicate_of": entry.duplicate_of,
        "paper": _paper(row.paper, reconstructed) if row.paper else None,
        "code": _code(row.code) if row.code else None,
        "edits": [{"column": edit.column, "before": edit.old_content, "after": edit.new_content}
                  for edit in row.edits],
    }


def _work(work: WorkRecord, reconstructed: frozenset[str]) -> dict[str, Any]:
    return {
        "doi": work.doi,
        "title": work.title,
        "authors": [author.display() for author in work.authors[:REPORTED_AUTHORS]],
        "author_count": len(work.authors),
        "year": work.year,
        "venue": work.container,
        "type": work.type,
        "source": work.source,
        "reconstructed": work.doi in reconstructed,
    }


def _candidate(candidate: ScoredCandidate, reconstructed: frozenset[str]) -> dict[str, Any]:
    return {
        **_work(candidate.work, reconstructed),
        "confidence": round(candidate.confidence, 3),
        "evidence": words(candidate.evidence),
        "objections": words(candidate.objections),
    }


def _paper(resolution: Resolution, reconstructed: frozenset[str]) -> dict[str, Any]:
    return {
        "decision": resolution.decision.value,
        "doi": resolution.work.doi if resolution.work else None,
        "work": _work(resolution.work, reconstructed) if resolution.work else None,
        "preprint_doi": resolution.preprint.doi if resolution.preprint else None,
        "confidence": round(resolution.confidence, 3),
        "evidence": words(resolution.evidence),
        "reasons": words(resolution.reasons),
        "candidates": _candidates(resolution, reconstructed),
    }


def _candidates(resolution: Resolution, reconstructed: frozenset[str]) -> list[dict[str, Any]]:
    """The runners-up: in full where they explain an abstention or a disagreement, briefly beside an accepted DOI
    (why each was refused), which keeps a large catalogue's report small."""
    top = resolution.candidates[:TOP_CANDIDATES]
    if not resolution.decision.accepted:
        return [_candidate(candidate, reconstructed) for candidate in top]
    accepted = {work.doi for work in (resolution.work, resolution.preprint) if work is not None}
    return [{"doi": candidate.work.doi, "confidence": round(candidate.confidence, 3),
             "objections": words(candidate.objections)}
            for candidate in top if candidate.work.doi not in accepted]


def _repo_candidate(candidate: ScoredRepo) -> dict[str, Any]:
    return {
        "repository": candidate.repo.full_name,
        "url": candidate.repo.html_url,
        "confidence": round(candidate.confidence, 3),
        "evidence": words(candidate.evidence),
        "objections": words(candidate.objections),
    }


def _code(resolution: CodeResolution) -> dict[str, Any]:
    return {
        "decision": resolution.decision.value,
        "url": resolution.url,
        "repository": resolution.repo.full_name if resolution.repo else None,
        "renamed_from": resolution.repo.renamed_from if resolution.repo else None,
        "confidence": round(resolution.confidence, 3),
        "evidence": words(resolution.evidence),
        "reasons": words(resolution.reasons),
        "candidates": [_repo_candidate(candidate) for candidate in resolution.candidates[:TOP_CANDIDATES]],
    }


# ---------------------------------------------------------------- evidence in words


def words(items: Iterable[Evidence | str]) -> list[str]:
    """Each item as a person reads it; an objection that only says evidence is missing is marked "unconfirmed: "
    (strings pass through: a stage that still writes its own words)."""
    return [item if isinstance(item, str) else describe_objection(item) for item in items]


def describe_objection(item: Evidence) -> str:
    """`describe`, marked "unconfirmed: " when the item only says evidence is missing."""
    return ("unconfirmed: " if item.strength is Strength.UNCONFIRMED else "") + describe(item)


def describe(item: Evidence) -> str:
    """One piece of evidence, one objection or one reason in plain words."""
    render = _PHRASES.get(item.kind)
    return render(item) if render else f"{item.kind.value} {item.detail}".strip()


def _similarity(item: Evidence) -> str:
    return f"{item.value:.2f}" if item.value is not None else "none"


def _objections(item: Evidence) -> str:
    return "; ".join(describe_objection(objection) for objection in item.because)


_ROUTE_WORDS = {
    Route.ROW_LINK: "the row's link", Route.SEARCH: "bibliographic search", Route.TITLE_SEARCH: "title search",
    Route.MODEL_AUTHOR_SEARCH: "model name and author search", Route.DATACITE_SEARCH: "DataCite search",
    Route.VERSION: "the preprint's relation to its published version", Route.REPOSITORY: "the official repository",
}

_NOT_CITING_WORDS = {
    OWNER_NOT_AUTHOR: " and the owner is not an author",
    MODEL_FROM_TITLE: " (the name searched for is the head of the title: only a citation counts)",
}

_PHRASES: dict[Kind, Callable[[Evidence], str]] = {
    Kind.TITLE_MATCH: lambda e: f"title {_similarity(e)}",
    Kind.TITLE_HINT_MATCH: lambda e: f"title {_similarity(e)} (read from the reference text)",
    Kind.TITLE_DIFFERS: lambda e: f"title {_similarity(e)} differs from the row's",
    Kind.TITLE_NUMBER_DIFFERS: lambda e: f"title {_similarity(e)}, but its numbers name another work",
    Kind.TITLE_BELOW_ACCEPT: lambda e: f"title {_similarity(e)} below {e.context}",
    Kind.TITLE_BELOW_SUPPORT: lambda e: f"title {_similarity(e)} below {e.context}",
    Kind.FIRST_AUTHOR: lambda e: f"first author {e.detail}",
    Kind.CO_FIRST_AUTHOR: lambda e: f"co-first author {e.detail}",
    Kind.SENIOR_AUTHOR: lambda e: f"senior (last) author {e.detail}",
    Kind.AUTHOR_DIFFERS: lambda e: f"first author {e.detail}, row names {e.context}",
    Kind.NO_AUTHORS: lambda e: f"work lists no authors (row names {e.context})",
    Kind.NO_ROW_AUTHOR: lambda e: "row names no author to confirm the model name",
    Kind.AUTHOR_NEEDS_CONTENT: lambda e: (
        f"row names {e.detail}, not the first author: needs the title or the model opening the title"),
    Kind.CO_AUTHOR: lambda e: f"co-author {e.detail}",
    Kind.CO_AUTHOR_MISSING: lambda e: f"row names {e.detail}, who is not among the authors",
    Kind.COMMON_NAME_ONLY: lambda e: (
        f"only a common family name ({e.detail}) and a short model name ({e.context}): a namesake is likely"),
    Kind.YEAR: lambda e: f"year {e.detail} (row {e.context or 'none'})",
    Kind.YEAR_DIFFERS: lambda e: f"year {e.detail} vs row {e.context}",
    Kind.NO_YEAR: lambda e: f"work has no year (row {e.context})",
    Kind.MODEL_HEADS_TITLE: lambda e: f"model '{e.detail}' in title",
    Kind.MODEL_ACRONYM: lambda e: f"model '{e.detail}' is the title's acronym",
    Kind.MODEL_INSIDE_TITLE: lambda e: f"model '{e.detail}' inside the title, not at its head",
    Kind.MODEL_INTRODUCED_IN_ABSTRACT: lambda e: f"model '{e.detail}' introduced in abstract",
    Kind.VENUE_MATCH: lambda e: f"venue '{e.detail}' is the record's ({e.context})",
    Kind.MODEL_MENTIONED_IN_ABSTRACT: lambda e: f"model '{e.detail}' mentioned in abstract",
    Kind.MODEL_NOT_IN_TITLE: lambda e: f"model '{e.detail}' not in title (author and year alone are not enough)",
    Kind.MODEL_INSIDE_NOT_INTRODUCED: lambda e: (
        f"model '{e.detail}' inside the title but not introduced there or in the abstract with the exact year"),
    Kind.MODEL_ALSO_NAMED_BY: lambda e: f"model '{e.detail}' only in the abstract and also named by {e.context}",
    Kind.NOTHING_TO_COMPARE: lambda e: "row names no title or model to compare",
    Kind.DESCRIPTION_OVERLAP: lambda e: f"description overlap {_similarity(e)}",
    Kind.NOT_A_PAPER: lambda e: f"type {e.detail}",
    Kind.NOTICE_FOR: lambda e: f"{e.context} notice for {e.detail}",
    Kind.NOTICE_TITLE: lambda e: f"notice title '{e.detail}'",
    Kind.RETRACTED_BY: lambda e: f"retracted by {e.detail}",
    Kind.UPDATED_BY: lambda e: f"{e.context} {e.detail}",
    Kind.PUBLISHED_VERSION: lambda e: f"published version {e.detail} of preprint {e.context}",
    Kind.PREPRINT: lambda e: f"preprint {e.detail}",
    Kind.HAS_PREPRINT: lambda e: f"has preprint {e.detail}",
    Kind.VERSION_AUTHORS_DIFFER: lambda e: "first authors differ",
    Kind.VERSION_YEARS_APART: lambda e: f"years {e.detail} and {e.context}",
    Kind.VERSION_TITLES_DIFFER: lambda e: f"titles differ ({_similarity(e)})",
    Kind.LINK_DOI: lambda e: f"link DOI {e.detail}",
    Kind.LINK_FOUND_BY_SEARCH: lambda e: f"link {e.detail} carries no DOI; found by search",
    Kind.FOUND_BY_ROUTE: lambda e: f"found by {_ROUTE_WORDS.get(Route(e.detail), e.detail)}" + (
        f" ({e.context})" if e.context else ""),
    Kind.SAME_MODEL_AS_LINE: lambda e: f"same model as line {e.detail}, which resolved to {e.context}",
    Kind.OVERRIDE: lambda e: "maintainers' override",
    Kind.REPO_IN_ROW: lambda e: "linked in the row",
    Kind.REPO_IN_RECORD: lambda e: "linked in the paper's record",
    Kind.REPO_FOUND_BY_SEARCH: lambda e: "found by GitHub search",
    Kind.REPO_FOUND_BY_CITATION: lambda e: f"found by a wider GitHub search ({e.context})",
    Kind.REPO_NAMES_MODEL: lambda e: f"name {e.detail} matches model {e.context}",
    Kind.REPO_CITES_DOI: lambda e: f"{e.context or 'README'} cites doi {e.detail}",
    Kind.REPO_CITES_PREPRINT: lambda e: f"{e.context or 'README'} cites the preprint {e.detail}",
    Kind.REPO_CITES_ARXIV: lambda e: f"{e.context or 'README'} cites arXiv {e.detail}",
    Kind.REPO_CITES_TITLE: lambda e: f"{e.context or 'README'} cites the title",
    Kind.REPO_CITES_OTHER_PAPER: lambda e: f"{e.context or 'README'} cites another paper ({e.detail})",
    Kind.REPO_NAMES_PAPER_AS_OTHERS: lambda e: (
        f"{e.context or 'README'} names the paper only as others' work (related work, credits, inspiration)"),
    Kind.REPO_FOLDER_NAMED: lambda e: f"folder README names {e.detail}",
    Kind.REPO_AUTHOR_OWNS: lambda e: f"owner {e.detail} is an author",
    Kind.FORK: lambda e: f"{e.detail} is a fork of another repository",
    Kind.PAPER_LIST: lambda e: f"{e.detail} is a paper list, not code" + (f" ({e.context})" if e.context else ""),
    Kind.MIRROR: lambda e: f"{e.detail} is a mirror" + (f" of {e.context}" if e.context else ""),
    Kind.EMPTY_REPO: lambda e: f"{e.detail} is empty (size 0)",
    Kind.UNOFFICIAL: lambda e: (f"{e.detail} is named as someone's derivative of the model ({e.context})" if e.context
                                else f"{e.detail} describes itself as an unofficial implementation"),
    Kind.REPO_ROOT_LISTS_FOLDER: lambda e: f"the root README of {e.context} lists the folder {e.detail} with the title",
    Kind.REPO_RENAMED: lambda e: f"renamed: {e.detail} is now {e.context}",
    Kind.REPO_NOT_NAMED: lambda e: f"{e.detail} does not name {e.context or 'the model'}",
    Kind.REPO_NOT_CITING: lambda e: f"nothing in {e.detail} cites the paper" + _NOT_CITING_WORDS.get(e.context, ""),
    Kind.REPO_NOT_FOUND: lambda e: f"{e.detail} does not exist on GitHub (404)",
    Kind.REPO_NOT_TIED: lambda e: (f"{e.detail} cites the paper, but neither its name nor its owner ties it to the "
                                   "model or the authors"),
    Kind.REPO_NOT_CHECKED: lambda e: f"{e.detail} not checked: at most {e.context} READMEs per entry",
    Kind.REPOS_SEVERAL: lambda e: f"several repositories qualify: {e.detail}",
    Kind.NO_REPOSITORY: lambda e: (
        "no repository linked in the row or the paper's record, and no model name to search for"),
    Kind.CODE_ELSEWHERE: lambda e: f"no GitHub repository (code hosted at {e.detail})",
    Kind.CODE_LINK_NOT_GITHUB: lambda e: f"code link points to {e.detail}, not a GitHub repository; left as written",
    Kind.SEARCH_EMPTY: lambda e: "GitHub search found no repository",
    Kind.RATE_LIMITED: lambda e: f"waiting for GitHub rate limit reset at {e.detail}",
    Kind.RECORD_LINKS_REPO: lambda e: f"the paper's record links {e.detail}",
    Kind.PAPER_FOUND_HERE: lambda e: f"the paper ({e.detail}) was found through this repository",
    Kind.PLACEHOLDER_ROW: lambda e: "placeholder row: a person must fill it",
    Kind.NOTHING_TO_SEARCH: lambda e: "row names neither a title nor a model to look for",
    Kind.NO_CANDIDATES: lambda e: "no candidates found",
    Kind.NONE_VERIFIED: lambda e: f"no candidate verified; best {e.detail}: {_objections(e)}",
    Kind.AMBIGUOUS: lambda e: "ambiguous: " + " vs ".join(describe(candidate) for candidate in e.because),
    Kind.CANDIDATE: lambda e: e.detail,
    Kind.RETRACTED: lambda e: f"retracted: {e.detail}",
    Kind.DOI_NOT_FOUND: lambda e: f"DOI not found: {e.detail}",
    Kind.LINK_RESOLVES_ELSEWHERE: lambda e: f"link resolves to {e.detail}: {_objections(e)}",
    Kind.LINK_UNCONFIRMED: lambda e: f"link resolves to {e.detail}, not confirmed: {_objections(e)}",
    Kind.LINK_SEARCH_UNVERIFIED: lambda e: f"link {e.detail} carries no DOI and search found no verified match",
    Kind.PAPER_LINK_UNVERIFIED: lambda e: "the row's paper link is not verified",
    Kind.CACHE_MISS: lambda e: e.detail,
    Kind.SERVICE_FAILED: lambda e: e.detail,
    Kind.OVERRIDE_ABSTAIN: lambda e: f"maintainers' override: {e.detail}",
    Kind.OVERRIDE_DOI_MISSING: lambda e: f"maintainers' override DOI {e.detail} does not exist",
}
