"""Catalogues in other shapes: any table headers, bullet lists of references, empty-target placeholder links.

Reconstructed: every catalogue here is composed by us in shapes common to public paper lists; none is copied.
"""

from __future__ import annotations

from pathlib import Path

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich import api
from enrich.catalogue import apply_edits, parse_catalogue, parse_document, read_catalogue, role_of
from enrich.encoding import split_lines
from enrich.errors import CatalogueError
from enrich.records import (
    Author,
    CatalogueEntry,
    CodeResolution,
    ColumnRole,
    Decision,
    Resolution,
    RowStatus,
    Shape,
    WorkRecord,
)
from enrich.pipeline import rows_of
from enrich.rewrite import RewritePlan, plan_edits
from enrich.services import Settings

WORK = WorkRecord(doi="10.1038/s41592-024-02201-0", title="A reconstructed title of a paper", source="crossref",
                  type="journal-article", authors=(Author("Cui", "Haotian"),), year=2024, container="Nature Methods")
DOI_URL = "https://doi.org/10.1038/s41592-024-02201-0"
REPO = "https://github.com/owner/repo"


def _by_line(text: str) -> dict[int, CatalogueEntry]:
    return {entry.line: entry for entry in parse_catalogue(text, "cat.md")}


def _plan(entries: Sequence[CatalogueEntry], resolutions: Mapping[int, Resolution],
          code: Mapping[int, CodeResolution], **options: Any) -> RewritePlan:
    """plan_edits on the rows these decisions by line make."""
    return plan_edits(rows_of(entries, resolutions, code), **options)


def _filled(text: str) -> str:
    """The text after planning a resolved paper and code link for every entry."""
    entries = parse_catalogue(text)
    resolutions = {entry.line: Resolution(entry.line, Decision.RESOLVED, work=WORK) for entry in entries}
    code = {entry.line: CodeResolution(entry.line, Decision.RESOLVED, url=REPO) for entry in entries}
    return apply_edits(text, _plan(entries, resolutions, code).edits)


def _replanned(text: str) -> tuple:
    entries = parse_catalogue(text)
    resolutions = {entry.line: Resolution(entry.line, Decision.RESOLVED, work=WORK) for entry in entries}
    code = {entry.line: CodeResolution(entry.line, Decision.RESOLVED, url=REPO) for entry in entries}
    return _plan(entries, resolutions, code).edits


# ---------------------------------------------------------------- header vocabularies


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Name", ColumnRole.MODEL),
        ("Method", ColumnRole.MODEL),
        ("🔧 Tool", ColumnRole.MODEL),
        ("Model name", ColumnRole.MODEL),
        ("Abbreviation", ColumnRole.MODEL),
        ("Title", ColumnRole.TITLE),
        ("**Paper title**", ColumnRole.TITLE),
        ("Paper name", ColumnRole.TITLE),
        ("Paper", ColumnRole.PAPER),
        ("Link", ColumnRole.PAPER),
        ("PDF", ColumnRole.PAPER),
        ("arXiv", ColumnRole.PAPER),
        ("DOI", ColumnRole.PAPER),
        ("Code", ColumnRole.CODE),
        ("GitHub", ColumnRole.CODE),
        ("Repo", ColumnRole.CODE),
        ("Implementation", ColumnRole.CODE),
        ("Year", ColumnRole.YEAR),
        ("📅 Publication year", ColumnRole.YEAR),
        ("Venue", ColumnRole.VENUE),
        ("Journal/Conference", ColumnRole.VENUE),
        ("Authors", ColumnRole.AUTHORS),
    ],
)
def test_header_vocabulary(header: str, role: ColumnRole) -> None:
    """Each header word of the usual vocabularies maps to its role, emoji and markup ignored."""
    assert role_of(header) == role


def test_configured_column_role_wins() -> None:
    """A header the configuration maps to a role gets that role whatever its words say."""
    assert role_of("🏷 Tag", {"tag": ColumnRole.MODEL}) == ColumnRole.MODEL


@pytest.mark.parametrize(
    "headers",
    [
        ("Name", "Paper", "Repo"),
        ("Method", "Link", "GitHub"),
        ("🔧 Tool", "PDF", "Implementation"),
        ("Model name", "arXiv", "Code"),
        ("Abbreviation", "DOI", "Repository"),
    ],
)
def test_each_vocabulary_is_filled_with_a_minimal_diff(headers: tuple[str, str, str]) -> None:
    """Model, paper and code columns under any of their names: only the row's empty cells change."""
    text = (f"| {headers[0]} | {headers[1]} | {headers[2]} |\n|---|---|---|\n"
            "| scGPT | Haotian Cui et al., 2024 |  |\n| Other | [A paper](https://doi.org/10.1/x) | none |\n")
    before, after = split_lines(text), split_lines(_filled(text))
    assert (after[:2], after[3], after[2].startswith("| scGPT | [A reconstructed title of a paper]("),
            after[2].endswith(f"| [GitHub Repository]({REPO}) |\n")) == (before[:2], before[3], True, True)


TITLE_TABLE = """\
## Papers
| Title | Authors | Year | Venue | Paper | Code |
|---|---|---|---|---|---|
| Transfer learning enables predictions in network biology | Theodoris CV, Xiao L | 2023 | Nature | [paper]() | |
"""


def test_title_only_table_gives_every_field() -> None:
    """A table without a model column gives title, authors, year and venue from their own columns."""
    entry = _by_line(TITLE_TABLE)[4]
    assert (entry.model, entry.paper_title, entry.authors, entry.year, entry.venue, entry.status) == (
        None, "Transfer learning enables predictions in network biology", ("Theodoris, C. V.", "Xiao L"), 2023,
        "Nature", RowStatus.NEEDS_RESOLUTION)


def test_bare_title_in_a_paper_cell_is_a_title() -> None:
    """`Name | Paper | Repo` with a plain title in the paper cell: the text is the title, not authors."""
    text = "| Name | Paper | Repo |\n|---|---|---|\n| Geneformer | Transfer learning enables predictions in network " \
           "biology | |\n"
    entry = _by_line(text)[3]
    assert (entry.model, entry.paper_title, entry.authors) == (
        "Geneformer", "Transfer learning enables predictions in network biology", ())


def test_citation_in_a_paper_cell_is_not_a_title() -> None:
    """'Haotian Cui et al., 2024' stays authors and year; it is no title (decoy for the bare-title rule)."""
    entry = _by_line("| Name | Paper |\n|---|---|\n| scGPT | Haotian Cui et al., 2024 |\n")[3]
    assert (entry.paper_title, entry.authors, entry.year) == (None, ("Haotian Cui",), 2024)


def test_title_column_table_gets_a_paper_link_filled() -> None:
    """Where the title has its own column, `[paper]()` gets the DOI and the row changes nowhere else."""
    filled = _filled(TITLE_TABLE)
    assert split_lines(filled)[3] == (
        f"| Transfer learning enables predictions in network biology | Theodoris CV, Xiao L | 2023 | Nature | "
        f"[paper]({DOI_URL}) | [GitHub Repository]({REPO}) |\n")


def test_empty_paper_cell_in_a_title_table_gets_a_bare_link() -> None:
    """An empty paper cell beside a title column gets `[paper](…)`, not the full reference."""
    text = TITLE_TABLE.replace("[paper]()", "")
    assert f"| [paper]({DOI_URL}) |" in _filled(text)


def test_empty_paper_cell_beside_authors_and_venue_columns_gets_a_bare_link() -> None:
    """`Method | Authors | Journal | Year | Link`: the reference would repeat (and could contradict) the row's own
    authors, venue and year, so the empty cell gets `[paper](…)`."""
    text = ("| Method | Authors | Journal | Year | Link | GitHub |\n|---|---|---|---|---|---|\n"
            "| scGPT | Cui H, Wang C | Nature Methods | 2024 | | |\n")
    assert split_lines(_filled(text))[2] == (
        f"| scGPT | Cui H, Wang C | Nature Methods | 2024 | [paper]({DOI_URL}) | [GitHub Repository]({REPO}) |\n")


def test_empty_paper_cell_in_a_model_table_gets_the_full_reference() -> None:
    """Decoy for the bare-link rule: `Model | Paper | Code` has no column saying the title, authors or venue, so
    the empty cell gets the maintainers' full reference."""
    filled = _filled("| Model | Paper | Code |\n|---|---|---|\n| scGPT | | |\n")
    assert f"[A reconstructed title of a paper]({DOI_URL}). Haotian Cui _Nature Methods_ (2024)" in filled


def test_empty_target_placeholder_in_a_reference_table_is_filled() -> None:
    """`[paper]()` beside 'Cui et al., 2024' is filled like `(#)`; its text stays."""
    text = "| Model | Paper | Code |\n|---|---|---|\n| scGPT | Cui et al., 2024 [paper]() | [GitHub]( ) |\n"
    assert split_lines(_filled(text))[2] == (
        f"| scGPT | Cui et al., 2024 [paper]({DOI_URL}) | [GitHub Repository]({REPO}) |\n")


def test_placeholder_row_without_a_paper_stays() -> None:
    """`[paper]()` in a row that names no author or year is a template: nothing is written (decoy)."""
    text = "| Model | Paper | Code |\n|---|---|---|\n| Template | [paper]() | [code]() |\n"
    assert (_by_line(text)[3].status, _filled(text)) == (RowStatus.PLACEHOLDER, text)


# ---------------------------------------------------------------- bullet lists

BULLETS = """\
# Awesome single-cell models

## Contents
- [Models](#models)
- [Reviews](#reviews)

How to contribute:
- fork the repository
- add your paper in 2024 style

## Models
### Foundation models
- **scGPT**: Toward building a foundation model for single-cell multi-omics. Cui H, Wang C, Maan H (2024). [paper]() [code]()
- [Large-scale foundation model on single-cell transcriptomics](https://www.nature.com/articles/s41592-024-02305-7) - Minsheng Hao, Jing Gong, Nature Methods 2024 [[code](https://github.com/biomap-research/scFoundation)]

### Annotation
* TOSICA (Nature Communications 2023) [[Paper]](#)
* **scBERT** — Yang et al. 2022
"""  # noqa: E501 - Markdown list items as a list writes them


def test_bullet_shape_title_authors_year_links() -> None:
    """`- **X**: Title. Authors (Year). [paper]() [code]()` gives model, title, authors, year, placeholders."""
    entry = _by_line(BULLETS)[13]
    assert (entry.shape, entry.model, entry.paper_title, entry.authors, entry.year, entry.paper_url,
            entry.code_url, entry.status, entry.section) == (
        Shape.LIST, "scGPT", "Toward building a foundation model for single-cell multi-omics",
        ("Cui H", "Wang C", "Maan H"), 2024, "", "", RowStatus.NEEDS_RESOLUTION, ("Models", "Foundation models"))


def test_bullet_shape_linked_title_authors_venue() -> None:
    """`- [Title](url) - Authors, Venue Year [[code](…)]` gives title, URL, authors, venue, year and code."""
    entry = _by_line(BULLETS)[14]
    assert (entry.model, entry.paper_title, entry.authors, entry.venue, entry.year, entry.code_url,
            entry.status) == (
        None, "Large-scale foundation model on single-cell transcriptomics", ("Minsheng Hao", "Jing Gong"),
        "Nature Methods", 2024, "https://github.com/biomap-research/scFoundation", RowStatus.COMPLETE)


def test_bullet_shape_name_venue_year_paper_link() -> None:
    """`* X (Venue 2024) [[Paper]](#)` gives the model, venue and year; the `#` paper link is a placeholder."""
    entry = _by_line(BULLETS)[17]
    assert (entry.model, entry.venue, entry.year, entry.authors, entry.paper_url) == (
        "TOSICA", "Nature Communications", 2023, (), "#")


def test_table_of_contents_and_prose_lists_are_not_papers() -> None:
    """Links to sections and prose bullets give no entries; only the two reference lists do (decoy)."""
    blocks, entries = parse_document(BULLETS)
    assert ([block.line for block in blocks], [entry.line for entry in entries]) == ([13, 17], [13, 14, 17, 18])


def test_bullet_parts_join_back_to_the_line() -> None:
    """Every item's parts, joined, are its line byte for byte."""
    lines = split_lines(BULLETS)
    assert all("".join(entry.cells) == lines[entry.line - 1].rstrip("\n") for entry in parse_catalogue(BULLETS))


def test_bullets_are_filled_with_a_minimal_diff() -> None:
    """Placeholders get their targets, missing links are appended, every other line stays byte for byte."""
    before, after = split_lines(BULLETS), split_lines(_filled(BULLETS))
    changed = {number: new for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new}
    assert changed == {
        13: "- **scGPT**: Toward building a foundation model for single-cell multi-omics. Cui H, Wang C, Maan H "
            f"(2024). [paper]({DOI_URL}) [code]({REPO})\n",
        17: f"* TOSICA (Nature Communications 2023) [[Paper]]({DOI_URL}) [code]({REPO})\n",
        18: f"* **scBERT** — Yang et al. 2022 [paper]({DOI_URL}) [code]({REPO})\n",
    }


def test_filled_bullets_plan_no_more_edits() -> None:
    """Planning again on the filled list yields no edits."""
    assert _replanned(_filled(BULLETS)) == ()


def test_edit_of_a_list_marker_is_refused() -> None:
    """The list marker is not an editable part."""
    from enrich.records import CellEdit

    with pytest.raises(CatalogueError):
        apply_edits(BULLETS, [CellEdit(13, 0, "x")], "cat.md")


# ---------------------------------------------------------------- round trip, property-based

WORD = st.text(alphabet="abcXYZ019é-,:;💡Žñ", min_size=1, max_size=8)
NAME = st.sampled_from(["scGPT", "Geneformer", "TOSICA", "X-1", "Cell2Sentence"])
TITLE = st.lists(WORD, min_size=3, max_size=6).map(" ".join)
URL = st.sampled_from(["", "#", " ", "https://doi.org/10.1/x", "https://github.com/o/r", "https://example.org/p"])
LINK_TEXT = st.sampled_from(["paper", "code", "Paper", "PDF", "GitHub", "[Paper]", "[code]"])
LINK = st.builds(lambda text, url: f"[{text}]({url})", LINK_TEXT, URL)


@st.composite
def bullet_items(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "  - "]))
    shape = draw(st.integers(0, 2))
    if shape == 0:
        body = f"**{draw(NAME)}**: {draw(TITLE)}. {draw(WORD)} H, {draw(WORD)} C ({draw(st.integers(1990, 2029))})."
    elif shape == 1:
        body = f"[{draw(TITLE)}]({draw(URL)}) - Ada Lovelace, Nature Methods {draw(st.integers(1990, 2029))}"
    else:
        body = f"{draw(NAME)} (Venue {draw(st.integers(1990, 2029))})"
    links = draw(st.lists(LINK, max_size=3))
    bracketed = draw(st.booleans())
    tail = " ".join(f"[{link}]" if bracketed else link for link in links)
    return marker + body + (" " + tail if tail else "") + draw(st.sampled_from(["", " ", "  "]))


@st.composite
def bullet_lists(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    items = draw(st.lists(bullet_items(), min_size=1, max_size=5))
    # one marker style per list: a new marker starts a new list
    marker = items[0].lstrip()[:2]
    items = [marker + item.lstrip()[item.lstrip().index(" ") + 1 :] for item in items]
    return newline.join(["## Papers", *items]) + draw(st.sampled_from(["", newline]))


@settings(max_examples=300, deadline=None)
@given(bullet_lists())
def test_bullet_lists_round_trip(text: str) -> None:
    """Parts join back to each item line, and apply_edits([]) returns the text byte for byte."""
    lines = split_lines(text)
    joined = [("".join(entry.cells), lines[entry.line - 1].rstrip("\r\n")) for entry in parse_catalogue(text)]
    assert (all(left == right for left, right in joined), apply_edits(text, [])) == (True, text)


@settings(max_examples=300, deadline=None)
@given(bullet_lists())
def test_bullet_lists_fill_changes_only_item_lines_and_settles(text: str) -> None:
    """Filling changes only item lines, keeps line endings, and a second plan finds nothing to do."""
    filled = _filled(text)
    before, after = split_lines(text), split_lines(filled)
    items = {entry.line for entry in parse_catalogue(text)}
    changed = {number for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new}
    endings = [_ending(line) for line in after] == [_ending(line) for line in before]
    assert (len(after), changed <= items, endings, _replanned(filled)) == (len(before), True, True, ())


# ---------------------------------------------------------------- size


def test_a_catalogue_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file larger than the limit is refused before it is read, naming the file."""
    catalogue = tmp_path / "big.md"
    catalogue.write_text("| Model |\n|---|\n" + "| x |\n" * 50_000)
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(catalogue, max_mb=0.1)
    assert (caught.value.path, caught.value.line) == (str(catalogue), None)


def test_the_size_limit_comes_from_the_environment_through_settings(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """ENRICH_MAX_CATALOGUE_MB is read at the boundary (`Settings.from_env`) and passed in to the reader."""
    catalogue = tmp_path / "big.md"
    catalogue.write_text("| Model |\n|---|\n" + "| x |\n" * 4_000)
    monkeypatch.setenv("ENRICH_MAX_CATALOGUE_MB", "0.01")
    with pytest.raises(CatalogueError):
        api.check(catalogue, settings=Settings.from_env())


def test_the_reader_does_not_read_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoy: with the variable set but nothing passed in, the reader keeps its default limit."""
    catalogue = tmp_path / "big.md"
    catalogue.write_text("| Model |\n|---|\n" + "| x |\n" * 4_000)
    monkeypatch.setenv("ENRICH_MAX_CATALOGUE_MB", "0.01")
    assert len(read_catalogue(catalogue).entries) == 4_000


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


# ---------------------------------------------------------------- the lead of a list item

LEADS = ("## Papers\n"
         "- **Transfer learning enables predictions in network biology** - Theodoris et al. 2023 [paper]()\n"
         "- **scGPT** - Cui et al. 2024\n")


def test_long_bold_lead_is_a_title_and_short_one_a_model() -> None:
    """A bold lead of four words or more is the title; 'scGPT' stays a model name (decoy)."""
    entries = parse_catalogue(LEADS)
    assert [(entry.model, entry.paper_title) for entry in entries] == [
        (None, "Transfer learning enables predictions in network biology"), ("scGPT", None)]


def test_configured_list_lead_role() -> None:
    """`"list lead" = "title"` in the configuration's columns makes every lead a title."""
    entries = parse_catalogue(LEADS, columns={"list lead": ColumnRole.TITLE})
    assert [(entry.model, entry.paper_title) for entry in entries] == [
        (None, "Transfer learning enables predictions in network biology"), (None, "scGPT")]


# ---------------------------------------------------------------- items over several lines

WRAPPED = ("## Papers\n"
           "- **scGPT**: Toward building a foundation model for single-cell multi-omics. Cui H, Wang C (2024).\n"
           "  [paper](https://doi.org/10.1038/s41592-024-02201-0) [code](https://github.com/bowang-lab/scGPT)\n"
           "- **Geneformer**: Transfer learning enables predictions in network biology.\n"
           "  Theodoris CV et al. (2023).\n")


def test_wrapped_item_reads_its_continuation() -> None:
    """Links, authors and year on an item's continuation lines belong to the item."""
    entries = parse_catalogue(WRAPPED)
    assert [(entry.line, entry.paper_url, entry.code_url, entry.authors, entry.year) for entry in entries] == [
        (2, "https://doi.org/10.1038/s41592-024-02201-0", "https://github.com/bowang-lab/scGPT", ("Cui H", "Wang C"),
         2024),
        (4, None, None, ("Theodoris, C. V.",), 2023),
    ]


def test_wrapped_item_with_its_links_gets_no_second_link() -> None:
    """An item whose links sit on a continuation line gets none appended; the other one gets them on line 1."""
    before, after = split_lines(WRAPPED), split_lines(_filled(WRAPPED))
    changed = {number for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new}
    assert (changed, after[3].endswith(f"in network biology. [paper]({DOI_URL}) [code]({REPO})\n")) == ({4}, True)
