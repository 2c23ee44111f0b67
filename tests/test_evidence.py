"""Typed evidence: every kind has a field and words, and deciding never reads the words."""

from __future__ import annotations

import ast
from pathlib import Path

from enrich import report
from enrich.evidence import FIELD_OF_KIND, Evidence, Kind, Strength
from enrich.report import describe, describe_objection

SRC = Path(__file__).resolve().parents[1] / "src" / "enrich"


def test_every_kind_has_a_field() -> None:
    """Each kind says which part of a record or row it is about."""
    assert [kind for kind in Kind if kind not in FIELD_OF_KIND] == []


def test_every_kind_has_its_own_words() -> None:
    """The report renders every kind from its own phrase, never from the fallback."""
    assert [kind for kind in Kind if kind not in report._PHRASES] == []


def test_only_missing_evidence_is_marked_unconfirmed() -> None:
    """An unconfirmed objection renders differently from the same kind contradicting."""
    missing = Evidence(Kind.MODEL_NOT_IN_TITLE, "X", Strength.UNCONFIRMED)
    assert (describe_objection(missing) != describe(missing),
            describe_objection(Evidence(Kind.YEAR_DIFFERS, "2020", Strength.CONTRADICTS, context="2023")) == describe(
                Evidence(Kind.YEAR_DIFFERS, "2020", Strength.CONTRADICTS, context="2023"))) == (True, True)


def test_objections_are_the_two_against_strengths() -> None:
    """UNCONFIRMED and CONTRADICTS are objections; only CONTRADICTS contradicts."""
    assert [(strength.value, Evidence(Kind.YEAR, strength=strength).against,
             Evidence(Kind.YEAR, strength=strength).contradicts) for strength in Strength] == [
        ("strong", False, False), ("supporting", False, False), ("weak", False, False), ("note", False, False),
        ("unconfirmed", True, False), ("contradicts", True, True)]


def test_deciding_modules_never_render_words() -> None:
    """match, resolve and evidence do not import the report's words, so no decision can depend on them."""
    imported = {
        module: {node.module for node in ast.walk(ast.parse((SRC / f"{module}.py").read_text("utf-8")))
                 if isinstance(node, ast.ImportFrom)}
        for module in ("match", "resolve", "evidence")
    }
    assert {module: "enrich.report" in found for module, found in imported.items()} == {
        "match": False, "resolve": False, "evidence": False}
