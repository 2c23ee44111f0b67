"""The JSON report (stable schema, documented in README.md) and its terminal summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from enrich.atomic import stable_json
from enrich.records import (
    CatalogueEntry,
    CellEdit,
    CodeResolution,
    EncodingRepair,
    Resolution,
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
    """Everything one run decided, handed from the pipeline to the writers and the CLI."""

    catalogue_path: str
    entries: tuple[CatalogueEntry, ...]
    repair: EncodingRepair
    resolutions: Mapping[int, Resolution]
    code: Mapping[int, CodeResolution]
    edits: tuple[CellEdit, ...] = ()
    notes: tuple[str, ...] = ()
    requests: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    offline: bool = False


def build_report(result: RunResult) -> dict:
    """The report as plain data; `render_report` turns it into the file's text."""
    edits_by_line: dict[int, list[CellEdit]] = {}
    for edit in result.edits:
        edits_by_line.setdefault(edit.line, []).append(edit)
    entries = [
        _entry(entry, result.resolutions.get(entry.line), result.code.get(entry.line), edits_by_line.get(entry.line, []))
        for entry in result.entries
    ]
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


def summarise(result: RunResult) -> dict:
    statuses = Counter(entry.status.value for entry in result.entries)
    papers = Counter(resolution.decision.value for resolution in result.resolutions.values())
    code = Counter(resolution.decision.value for resolution in result.code.values())
    return {
        "rows": len(result.entries),
        "rows_by_status": dict(sorted(statuses.items())),
        "duplicates": sum(1 for entry in result.entries if entry.duplicate_of is not None),
        "paper_decisions": dict(sorted(papers.items())),
        "code_decisions": dict(sorted(code.items())),
        "cells_edited": len(result.edits),
        "lines_repaired": len(result.repair.changed_lines),
    }


def section_statistics(result: RunResult) -> list[dict]:
    """Per section, in document order: rows, then per distinct model (a duplicate row counts once): models,
    papers with a verified DOI, code links, preprints; and the template rows."""
    stats: dict[tuple[str, ...], dict] = {}
    for entry in result.entries:
        row = stats.setdefault(entry.section, {"section": " › ".join(entry.section), "rows": 0, "models": 0,
                                               "papers_with_doi": 0, "code_links": 0, "preprints": 0,
                                               "placeholders": 0})
        row["rows"] += 1
        row["placeholders"] += entry.status is RowStatus.PLACEHOLDER
        if entry.duplicate_of is not None or entry.status is RowStatus.PLACEHOLDER:
            continue
        row["models"] += bool(entry.model)
        resolution, code = result.resolutions.get(entry.line), result.code.get(entry.line)
        work = resolution.work if resolution is not None and resolution.decision.accepted else None
        row["papers_with_doi"] += work is not None
        row["preprints"] += work is not None and work.is_preprint
        row["code_links"] += code is not None and code.decision.accepted and code.url is not None
    return list(stats.values())


def _entry(entry: CatalogueEntry, resolution: Resolution | None, code: CodeResolution | None,
           edits: Sequence[CellEdit]) -> dict:
    return {
        "line": entry.line,
        "section": list(entry.section),
        "model": entry.model,
        "row_text": entry.paper_text,
        "status": entry.status.value,
        "needs_human": entry.status is RowStatus.PLACEHOLDER,
        "duplicate_of": entry.duplicate_of,
        "paper": _paper(resolution) if resolution else None,
        "code": _code(code) if code else None,
        "edits": [{"column": edit.column, "before": edit.old_content, "after": edit.new_content} for edit in edits],
    }


def _work(work: WorkRecord) -> dict:
    return {
        "doi": work.doi,
        "title": work.title,
        "authors": [author.display() for author in work.authors[:REPORTED_AUTHORS]],
        "author_count": len(work.authors),
        "year": work.year,
        "venue": work.container,
        "type": work.type,
        "source": work.source,
        "reconstructed": work.reconstructed,
    }


def _candidate(candidate: ScoredCandidate) -> dict:
    return {
        **_work(candidate.work),
        "confidence": round(candidate.confidence, 3),
        "evidence": list(candidate.evidence),
        "objections": list(candidate.objections),
    }


def _paper(resolution: Resolution) -> dict:
    return {
        "decision": resolution.decision.value,
        "doi": resolution.work.doi if resolution.work else None,
        "work": _work(resolution.work) if resolution.work else None,
        "preprint_doi": resolution.preprint.doi if resolution.preprint else None,
        "confidence": round(resolution.confidence, 3),
        "evidence": list(resolution.evidence),
        "reasons": list(resolution.reasons),
        "candidates": _candidates(resolution),
    }


def _candidates(resolution: Resolution) -> list[dict]:
    """The runners-up: in full where they explain an abstention or a disagreement, briefly beside an accepted DOI
    (why each was refused), which keeps a large catalogue's report small."""
    top = resolution.candidates[:TOP_CANDIDATES]
    if not resolution.decision.accepted:
        return [_candidate(candidate) for candidate in top]
    accepted = {work.doi for work in (resolution.work, resolution.preprint) if work is not None}
    return [{"doi": candidate.work.doi, "confidence": round(candidate.confidence, 3),
             "objections": list(candidate.objections)}
            for candidate in top if candidate.work.doi not in accepted]


def _repo_candidate(candidate: ScoredRepo) -> dict:
    return {
        "repository": candidate.repo.full_name,
        "url": candidate.repo.html_url,
        "confidence": round(candidate.confidence, 3),
        "evidence": list(candidate.evidence),
        "objections": list(candidate.objections),
    }


def _code(resolution: CodeResolution) -> dict:
    return {
        "decision": resolution.decision.value,
        "url": resolution.url,
        "repository": resolution.repo.full_name if resolution.repo else None,
        "renamed_from": resolution.repo.renamed_from if resolution.repo else None,
        "confidence": round(resolution.confidence, 3),
        "evidence": list(resolution.evidence),
        "reasons": list(resolution.reasons),
        "candidates": [_repo_candidate(candidate) for candidate in resolution.candidates[:TOP_CANDIDATES]],
    }
