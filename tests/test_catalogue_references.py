"""How list items and Authors cells name a paper: a venue where a person would stand, a venue closing a title, a
title written out without author or year, a role beside a name. Each with the decoy it must leave alone.

Every catalogue line below is reconstructed (invented models, titles and people).
"""

from __future__ import annotations

import pytest

from enrich.catalogue import parse_catalogue
from enrich.records import RowStatus


def only(item: str):
    (entry,) = parse_catalogue(f"# List\n\n## Models\n\n{item}\n")
    return entry


@pytest.mark.parametrize(("item", "authors", "venue"), [
    ("- **Gizmo**: Exploring the boundaries of widget models. NeurIPS 2023. [[paper]()] [[code]()]", (), "NeurIPS"),
    ("- **Gizmo**: Exploring the boundaries of widget models. Cell Systems 2023. [[paper]()]", (), "Cell Systems"),
    ("- **Gizmo**: Exploring the boundaries of widget models. McDonald et al. 2023. [[paper]()]", ("McDonald",),
     None),
])
def test_a_conference_or_journal_after_the_title_is_the_venue(item: str, authors: tuple[str, ...],
                                                              venue: str | None) -> None:
    """'NeurIPS 2023' or 'Cell Systems 2023' after the title is the venue; a person there is still a person."""
    entry = only(item)
    assert (entry.authors, entry.venue, entry.year) == (authors, venue, 2023)


@pytest.mark.parametrize(("item", "title"), [
    ("- **Lever**: Simulating widget evolution with a language model. bioRxiv 2024. [[paper]()]",
     "Simulating widget evolution with a language model"),
    ("- **Lever**: Simulating widget evolution in vivo. Lin et al. (2024). [[paper]()]",
     "Simulating widget evolution in vivo"),
])
def test_a_lower_case_venue_closing_the_item_leaves_the_title(item: str, title: str) -> None:
    """'... a language model. bioRxiv 2024.' ends the title before the venue and year."""
    entry = only(item)
    assert (entry.paper_title, entry.year) == (title, 2024)


@pytest.mark.parametrize(("item", "status"), [
    ("- **Cog**: Widget language modeling with structure-aware vocabulary. [[paper]()] [[code]()]",
     RowStatus.NEEDS_RESOLUTION),
    ("- **Cog**: [Widget language modeling with structure-aware vocabulary](#) [[code](#)]", RowStatus.PLACEHOLDER),
])
def test_a_written_title_names_a_paper_a_placeholder_link_text_does_not(item: str, status: RowStatus) -> None:
    """A title written out in the item is looked for; the same words only as a placeholder link's text are a
    template's."""
    assert only(item).status is status


@pytest.mark.parametrize(("cell", "authors"), [
    ("Chen J (corresponding)", ("Chen J",)),
    ("Wang L*, Li X (co-first), Zhou Y (senior author)", ("Wang L", "Li X", "Zhou Y")),
    ("Chen J (Stanford)", ()),
])
def test_a_role_beside_a_name_is_dropped(cell: str, authors: tuple[str, ...]) -> None:
    """'(corresponding)', '(co-first)', '(senior author)' and '*' mark a role, not part of the name; another
    parenthesis leaves the cell unread."""
    text = f"# T\n\n| Model | Authors | Journal | Year |\n|---|---|---|---|\n| Gizmo | {cell} | Cell Systems | 2023 |\n"
    (entry,) = parse_catalogue(text)
    assert entry.authors == authors


@pytest.mark.parametrize(("item", "authors", "venue", "hint"), [
    ("- **Sprock** (Lind et al., 2022) [[paper]()] [[code]()]", ("Lind",), None, None),
    ("- **Sprock** (Lind et al., Nature Methods 2021) [[paper]()]", ("Lind",), "Nature Methods", None),
    ("- Lind, S. et al. Widget atlases of the developing kidney. Nature (2023).", ("Lind, S.",), "Nature",
     "Widget atlases of the developing kidney"),
])
def test_a_citation_in_parentheses_gives_no_venue_or_title_of_names(item: str, authors: tuple[str, ...],
                                                                    venue: str | None, hint: str | None) -> None:
    """'(Lind et al., 2022)' names people and a year: no venue 'Lind et al', no title '2022) [ ]'; a venue after
    the names is kept, and a plain reference's title is still read."""
    entry = only(item)
    assert (entry.authors, entry.venue, entry.title_hint) == (authors, venue, hint)
