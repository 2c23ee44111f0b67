"""No API text reaches LaTeX raw: hostile `$...$` titles are escaped, and the bib check fails on raw ones.

Every WorkRecord here is reconstructed (composed by us); the hostile titles are the break-it probe's (issue 15).
"""

from __future__ import annotations

import bibtexparser
import pytest

from enrich.bibtex import BibItem, LatexHazard, UnsafeLatex, render_bibtex, unsafe_latex, validate_bibtex
from enrich.records import Author, WorkRecord


def _rendered_title(title: str) -> str:
    # reconstructed
    work = WorkRecord(doi="10.1000/hostile.1", title=title, source="crossref", type="journal-article",
                      authors=(Author("Cui", "Haotian"),), year=2024, container="Genome Biology")
    text = render_bibtex([BibItem(work)])
    return bibtexparser.parse_string(text).entries[0]["title"]


@pytest.mark.parametrize("title, escaped", [
    ("$\\input{/etc/passwd}$",
     "\\$\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{}\\$"),
    ("$\\immediate\\write18{id}$",
     "\\$\\textbackslash{}immediate\\textbackslash{}write18\\textbraceleft{}id\\textbraceright{}\\$"),
    ("$a % b$", "\\$a \\% b\\$"),
    ("$#1$", "\\$\\#1\\$"),
    ("$\\catcode`\\@=11$", "\\$\\textbackslash{}catcode`\\textbackslash{}@=11\\$"),
    ("$^^5cinput$", "\\$\\textasciicircum{}\\textasciicircum{}5cinput\\$"),
])
def test_hostile_math_in_a_title_is_escaped(title: str, escaped: str) -> None:
    """Math outside the safe subset is escaped as text, character by character."""
    assert _rendered_title(title) == escaped


@pytest.mark.parametrize("title", ["$\\input{/etc/passwd}$", "$\\immediate\\write18{id}$", "$a % b$", "$#1$",
                                   "$\\def\\x{y}$ and $\\include{x}$"])
def test_a_bib_rendered_from_hostile_titles_passes_the_check(title: str) -> None:
    """Once escaped, nothing in the rendered bib is a hazard."""
    # reconstructed
    work = WorkRecord(doi="10.1000/hostile.2", title=title, source="crossref", type="journal-article",
                      authors=(Author("Cui", "Haotian"),), year=2024, container="Genome Biology")
    text = render_bibtex([BibItem(work)])
    assert (unsafe_latex(text), validate_bibtex(text)) == ([], [])


@pytest.mark.parametrize("title", ["$\\alpha$-helices", "$O(n\\log n)$ attention", "$10^{-3}$ error",
                                   "$\\mathcal{O}(L^2)$ cost"])
def test_safe_math_survives(title: str) -> None:
    """Letters, digits, `^ _ { }`, plain punctuation and Greek/symbol macros stay math."""
    assert _rendered_title(title) == title


def test_only_the_hostile_math_segment_is_escaped() -> None:
    """A safe segment stays math beside an escaped one."""
    assert _rendered_title("$\\alpha$ and $\\def\\x{y}$") == (
        "$\\alpha$ and \\$\\textbackslash{}def\\textbackslash{}x\\textbraceleft{}y\\textbraceright{}\\$")


@pytest.mark.parametrize("title, hazards", [
    ("$\\input{/etc/passwd}$", [(LatexHazard.MACRO, "\\input")]),
    ("$\\immediate\\write18{id}$", [(LatexHazard.MACRO, "\\immediate"), (LatexHazard.MACRO, "\\write")]),
    ("$a % b$", [(LatexHazard.COMMENT, "%")]),
    ("$#1$", [(LatexHazard.PARAMETER, "#")]),
    ("$^^5cinput$", [(LatexHazard.CARET_ESCAPE, "^^")]),
])
def test_the_check_rejects_a_raw_hostile_title(title: str, hazards: list[tuple[LatexHazard, str]]) -> None:
    """A bib holding the hostile text raw is not valid, and each hazard is named with its line."""
    text = "@article{cui2024x,\n  author = {Cui, Haotian},\n  title = {" + title + "},\n" \
           "  journal = {Genome Biology},\n  year = {2024}\n}\n"
    assert unsafe_latex(text) == [UnsafeLatex(3, "cui2024x", "title", hazard, token) for hazard, token in hazards]
    assert len(validate_bibtex(text)) == len(hazards)


def test_the_check_rejects_a_hostile_string_macro() -> None:
    """An @string value is checked like a field: it is expanded into the entries that use it."""
    text = "@string{venue = {\\input{x}}}\n"
    assert unsafe_latex(text) == [UnsafeLatex(1, "venue", "@string", LatexHazard.MACRO, "\\input")]


def test_escaped_specials_and_url_percent_are_not_hazards() -> None:
    """`\\%`, `\\#`, a `#` joining strings and a percent-encoded URL are fine."""
    text = ("@misc{k,\n  title = {50\\% of \\#1},\n  howpublished = venue # { 2024},\n"
            "  url = {https://doi.org/10.1002/%28sici%29}\n}\n")
    assert unsafe_latex(text) == []
