"""Shared text normalisers."""

from enrich.clients.crossref import parse_work
from enrich.text import ascii_fold, clean_markup, fold


def test_clean_markup_strips_tags_and_collapses_space() -> None:
    """JATS/HTML tags go, entities are unescaped, whitespace collapses."""
    assert clean_markup("<jats:title>scGPT: <i>toward</i>\n  building &amp; more</jats:title>") == (
        "scGPT: toward building & more")


def test_clean_markup_drops_bidi_overrides() -> None:
    """Right-to-left overrides and isolates cannot reorder what a reader of the catalogue sees."""
    assert clean_markup("safe\u202etxt.exe\u2066x\u2069") == "safe txt.exe x"


def test_fold_for_comparison() -> None:
    """Diacritics, case and punctuation do not matter when comparing names."""
    assert (ascii_fold("Žiga Avsec"), fold("Avsec, Ž.")) == ("Ziga Avsec", "avsec z")


def test_title_given_as_a_string_is_taken_whole() -> None:
    """A malformed record whose title is a bare string (reconstructed) keeps the whole title."""
    record = parse_work({"DOI": "10.1000/x", "type": "journal-article", "title": "A whole title"})
    assert record.title == "A whole title"
