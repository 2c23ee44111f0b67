"""The JSON report: stable schema, deterministic bytes."""

from __future__ import annotations

import json
from dataclasses import replace

from enrich.evidence import Evidence, Kind, Strength, reason
from enrich.records import (
    Author,
    CatalogueEntry,
    CellEdit,
    ColumnRole,
    Decision,
    EncodingRepair,
    RepairedLine,
    Resolution,
    Row,
    RowStatus,
    ScoredCandidate,
    WorkRecord,
)
from enrich.report import RunResult, describe, describe_objection, render_report, with_edits

NONE_VERIFIED = reason(Kind.NONE_VERIFIED, "'X: a model' by Lee (2023, 10.1000/x)")
NOT_IN_TITLE = Evidence(Kind.MODEL_NOT_IN_TITLE, "X", Strength.UNCONFIRMED)


def _entry(line: int, status: RowStatus = RowStatus.NEEDS_RESOLUTION) -> CatalogueEntry:
    return CatalogueEntry(line=line, section=("Models",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER),
                          cells=(" X ", " Ann Lee et al., 2023 "), model="X", pretrained=False,
                          paper_text="Ann Lee et al., 2023", paper_title=None, paper_url=None, code_url=None,
                          authors=("Ann Lee",), year=2023, status=status)


WORK = WorkRecord(doi="10.1000/x", title="X: a model", source="crossref", type="journal-article",
                  authors=(Author("Lee", "Ann"),), year=2023, container="Journal")  # reconstructed


def _result() -> RunResult:
    abstained = Resolution(4, Decision.ABSTAINED, reasons=(NONE_VERIFIED,),
                           candidates=(ScoredCandidate(WORK, 0.41234, (Evidence(Kind.FIRST_AUTHOR, "lee"),),
                                                       (NOT_IN_TITLE,)),))
    resolved = Resolution(3, Decision.RESOLVED, work=WORK, confidence=0.9, evidence=(
        Evidence(Kind.MODEL_HEADS_TITLE, "X", Strength.STRONG),))
    return RunResult(
        catalogue_path="list.md",
        rows=(Row(_entry(3), resolved), Row(_entry(4), abstained),
              Row(_entry(9, RowStatus.PLACEHOLDER), Resolution(9, Decision.PLACEHOLDER))),
        repair=EncodingRepair("macroman-roundtrip", (RepairedLine(1, "â€", "—"),)),
        reconstructed=frozenset({"10.1000/x"}),
    )


def test_report_is_deterministic() -> None:
    """The same decisions render to the same bytes."""
    assert render_report(_result()) == render_report(_result())


def test_report_summary_counts() -> None:
    """The summary counts statuses, decisions and repaired lines."""
    report = json.loads(render_report(_result()))
    assert report["schema"] == "enrich-report/1"
    assert report["summary"] == {
        "rows": 3, "rows_by_status": {"needs-resolution": 2, "placeholder": 1}, "duplicates": 0,
        "paper_decisions": {"abstained": 1, "placeholder": 1, "resolved": 1}, "paper_lookups_by_route": {},
        "code_decisions": {},
        "cells_edited": 0, "lines_repaired": 1}


def test_abstention_lists_candidates_with_objections() -> None:
    """An abstention carries its reasons and the candidates it refused, with rounded confidence."""
    entry = json.loads(render_report(_result()))["entries"][1]
    assert entry["paper"]["reasons"] == [describe(NONE_VERIFIED)]
    assert entry["paper"]["candidates"][0]["doi"] == "10.1000/x"
    assert entry["paper"]["candidates"][0]["confidence"] == 0.412
    assert entry["paper"]["candidates"][0]["objections"] == [describe_objection(NOT_IN_TITLE)]
    assert entry["paper"]["candidates"][0]["reconstructed"] is True


def test_reconstructed_comes_from_the_cache_metadata() -> None:
    """A work is marked reconstructed when the run read it from a reconstructed answer, and only then."""
    result = replace(_result(), reconstructed=frozenset())
    assert json.loads(render_report(result))["entries"][1]["paper"]["candidates"][0]["reconstructed"] is False


def test_placeholder_rows_need_a_human() -> None:
    """Template rows are flagged for a person."""
    entry = json.loads(render_report(_result()))["entries"][2]
    assert (entry["status"], entry["needs_human"], entry["paper"]["decision"]) == ("placeholder", True, "placeholder")


def test_section_statistics_count_each_model_once() -> None:
    """Per-section counts: a duplicate row adds to the rows, not to the models or papers; placeholders apart."""
    result = _result()
    duplicate = replace(_entry(5), duplicate_of=3)
    result = replace(result, rows=(*result.rows, Row(duplicate, result.resolutions[3])))
    assert json.loads(render_report(result))["sections"] == [{
        "section": "Models", "rows": 4, "models": 2, "papers_with_doi": 1, "code_links": 0, "preprints": 0,
        "placeholders": 1}]


def test_rows_hold_each_row_with_its_decisions_and_edits() -> None:
    """One Row per entry, in catalogue order, with its paper and code decisions and its own cell edits."""
    edit = CellEdit(4, 1, "new")
    rows = with_edits(_result().rows, (edit,))
    assert [(row.line, row.paper.decision if row.paper else None, row.code, row.edits) for row in rows] == [
        (3, Decision.RESOLVED, None, ()), (4, Decision.ABSTAINED, None, (edit,)), (9, Decision.PLACEHOLDER, None, ())]


def test_views_by_line_are_read_off_the_rows() -> None:
    """`resolutions`, `code` and `edits` are views of the rows: every edit once, decisions under their lines."""
    edit = CellEdit(4, 1, "new")
    result = replace(_result(), rows=with_edits(_result().rows, (edit,)))
    assert (sorted(result.resolutions), result.code, result.edits, [entry.line for entry in result.entries]) == (
        [3, 4, 9], {}, (edit,), [3, 4, 9])
