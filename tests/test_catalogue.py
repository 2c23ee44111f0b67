"""Reading catalogue tables into entries, and writing cell edits back in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enrich.catalogue import apply_edits, parse_catalogue, read_catalogue, role_of
from enrich.errors import CatalogueError, CatalogueErrors
from enrich.records import CellEdit, ColumnRole, RowStatus

# Reconstructed: small catalogues composed by us in the seed catalogue's layout.
MODEL_TABLE = """\
# Title

💡: Pretrained Model

## 🧬 Single-Cell *Models*
### Newly Introduced Methods
| 🧠 Model        | 📄 Paper           | 💻 Code | 🌟 Highlights/Main Focus |
|-----------------|---------------------|---------|--------------------------|
| scFoundation💡   |  Hao, M., Gong, J., Zeng, X. et al. [Large-scale foundation model on single-cell transcriptomics](https://www.nature.com/articles/s41592-024-02305-7) Nat Methods (2024).         |         | Foundation model |
| scGPT 💡          | Haotian Cui et al., 2024 |         | Multi-omics |
| Enformer        | Žiga Avsec et al., 2021 | [code](https://github.com/x/y) | Expression |
| SCGPT           | Bian et al., 2024 |         | again |
"""  # noqa: E501 - Markdown rows as a list writes them

PAPER_TABLE = """\
| 📄 Paper | 💻 Code | 🧠 Benchmarked models | 🌟 Main Focus |
|---|---|---|---|
| [Single-cell analysis using transformers](#) | [GitHub Link](#) | [Benchmarking transformer models](#) | x |
| [A benchmark of cell models](https://doi.org/10.1/abc) | | scGPT | y |
| [A benchmark of cell models](https://doi.org/10.1/abc) | | Geneformer | z |
| [Single-cell analysis using transformers](#) | [GitHub Link](#) | [Benchmarking transformer models](#) | x |
"""


def _entries(text: str) -> dict[int, object]:
    return {entry.line: entry for entry in parse_catalogue(text, "cat.md")}


def _error(text: str) -> str:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "cat.md")
    return str(caught.value)


# ---------------------------------------------------------------- reading files


def test_missing_file_is_named(tmp_path: Path) -> None:
    """A missing catalogue is reported with its path and no line."""
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(tmp_path / "none.md")
    assert str(caught.value) == f"{tmp_path / 'none.md'}: no such file"


def test_directory_is_rejected(tmp_path: Path) -> None:
    """A directory given as the catalogue is reported as such."""
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, expected a Markdown file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    """A file without read permission is reported with the OS reason."""
    catalogue = tmp_path / "c.md"
    catalogue.write_text("# x\n")
    catalogue.chmod(0)
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(catalogue)
    assert str(caught.value) == f"{catalogue}: cannot read the file (Permission denied)"


def test_path_below_a_file_is_unreadable(tmp_path: Path) -> None:
    """A path that cannot be opened for another OS reason is reported with that reason."""
    (tmp_path / "file.md").write_text("# x\n")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(tmp_path / "file.md" / "c.md")
    assert str(caught.value) == f"{tmp_path / 'file.md' / 'c.md'}: cannot read the file (Not a directory)"


def test_read_catalogue_keeps_original_bytes(tmp_path: Path) -> None:
    """The Catalogue holds the bytes as read and the repaired text beside them."""
    catalogue = tmp_path / "c.md"
    catalogue.write_bytes("≈Ωiga\n".encode())
    read = read_catalogue(catalogue)
    assert (read.original, read.text, read.repair.method, read.entries) == (
        "≈Ωiga\n".encode(),
        "Žiga\n",
        "macroman-roundtrip",
        (),
    )


# ---------------------------------------------------------------- the seed catalogue


@pytest.fixture(scope="module")
def seed():
    return read_catalogue(Path(__file__).resolve().parent.parent / "catalogue" / "README.md")


def test_seed_has_41_rows(seed) -> None:
    """The seed catalogue yields 41 table rows."""
    assert len(seed.entries) == 41


def test_seed_single_cell_table_has_30_rows(seed) -> None:
    """30 rows sit in the single-cell 'Newly Introduced Methods' table."""
    sections = [entry.section for entry in seed.entries if entry.table_index == 0]
    assert (len(sections), set(sections)) == (30, {("Single-Cell Genomics (SCG) Models", "Newly Introduced Methods")})


def test_seed_has_11_placeholders(seed) -> None:
    """The 11 template rows are placeholders and are not in the single-cell table."""
    placeholders = [entry for entry in seed.entries if entry.status == RowStatus.PLACEHOLDER]
    assert (len(placeholders), {entry.table_index for entry in placeholders}) == (11, set(range(1, 12)))


def test_seed_duplicates(seed) -> None:
    """Exactly five models appear twice: the later rows point at the first."""
    duplicates = {(entry.model, entry.line, entry.duplicate_of) for entry in seed.entries if entry.duplicate_of}
    assert duplicates == {
        ("STGRNS", 51, 44),
        ("CellPLM", 56, 40),
        ("scCLIP", 57, 47),
        ("scFoundation", 58, 35),
        ("scMulan", 64, 39),
    }


def test_seed_scfoundation_is_complete(seed) -> None:
    """scFoundation's first row links its Nature Methods paper and is complete."""
    first = seed.entries[0]
    assert (first.line, first.model, first.pretrained, first.status, first.paper_url) == (
        35,
        "scFoundation",
        True,
        RowStatus.COMPLETE,
        "https://www.nature.com/articles/s41592-024-02305-7",
    )


def test_seed_enformer_authors(seed) -> None:
    """The repaired text gives Enformer's first author as 'Žiga Avsec'."""
    enformer = next(entry for entry in seed.entries if entry.model == "Enformer")
    assert (enformer.authors, enformer.year, enformer.status) == (("Žiga Avsec",), 2021, RowStatus.NEEDS_RESOLUTION)


def test_seed_template_model_row_is_placeholder(seed) -> None:
    """The DNA template row (placeholder links, no author or year) is a placeholder."""
    dna = next(entry for entry in seed.entries if entry.model == "DNA Transformer")
    assert (dna.status, dna.paper_url, dna.code_url, dna.section) == (
        RowStatus.PLACEHOLDER,
        "#",
        "#",
        ("DNA Models", "Newly Introduced Methods"),
    )


# ---------------------------------------------------------------- entries


def test_model_marker_and_emoji_are_removed() -> None:
    """'scFoundation💡' gives model 'scFoundation' and pretrained True."""
    entry = _entries(MODEL_TABLE)[9]
    assert (entry.model, entry.pretrained) == ("scFoundation", True)


def test_model_without_marker_is_not_pretrained() -> None:
    """A model cell without the legend's marker is not pretrained."""
    entry = _entries(MODEL_TABLE)[11]
    assert (entry.model, entry.pretrained) == ("Enformer", False)


def test_legend_marker_is_read_from_the_document() -> None:
    """A legend '⭐: Pretrained Model' makes ⭐ the marker, and 💡 no longer counts."""
    text = "⭐: Pretrained Model\n\n| Model | Paper |\n|---|---|\n| A ⭐ | x |\n| B 💡 | y |\n"
    entries = _entries(text)
    assert [(entries[5].model, entries[5].pretrained), (entries[6].model, entries[6].pretrained)] == [
        ("A", True),
        ("B", False),
    ]


def test_section_strips_emoji_and_markup_and_document_title() -> None:
    """Section headings lose emoji and emphasis; the single h1 is the document title and left out."""
    assert _entries(MODEL_TABLE)[9].section == ("Single-Cell Models", "Newly Introduced Methods")


def test_cells_keep_their_padding() -> None:
    """Raw cells are exactly the text between pipes, padding included."""
    assert _entries(MODEL_TABLE)[10].cells == (
        " scGPT 💡          ",
        " Haotian Cui et al., 2024 ",
        "         ",
        " Multi-omics ",
    )


def test_linked_paper_fields() -> None:
    """A linked paper cell gives title, URL, initials-style authors and the year in parentheses."""
    entry = _entries(MODEL_TABLE)[9]
    assert (entry.paper_title, entry.paper_url, entry.authors, entry.year) == (
        "Large-scale foundation model on single-cell transcriptomics",
        "https://www.nature.com/articles/s41592-024-02305-7",
        ("Hao, M.", "Gong, J.", "Zeng, X."),
        2024,
    )


def test_text_only_paper_fields() -> None:
    """'Haotian Cui et al., 2024' gives one author, the year, no title and no URL."""
    entry = _entries(MODEL_TABLE)[10]
    assert (entry.paper_title, entry.paper_url, entry.authors, entry.year, entry.status) == (
        None,
        None,
        ("Haotian Cui",),
        2024,
        RowStatus.NEEDS_RESOLUTION,
    )


def test_code_url_and_description() -> None:
    """The code cell's first link and the stripped highlights cell are kept."""
    entry = _entries(MODEL_TABLE)[11]
    assert (entry.code_url, entry.description) == ("https://github.com/x/y", "Expression")


@pytest.mark.parametrize(
    ("paper_cell", "authors", "year"),
    [
        ("Bian et al., 2024", ("Bian",), 2024),
        ("Žiga Avsec et al., 2021", ("Žiga Avsec",), 2021),
        ("Yiqun T. Chen et al., 2023", ("Yiqun T. Chen",), 2023),
        ("Ada Lovelace and Charles Babbage, 2020", ("Ada Lovelace", "Charles Babbage"), 2020),
        ("Smith, J. and Jones, K. L. (2019)", ("Smith, J.", "Jones, K. L."), 2019),
        ("Single cell analysis using transformers", (), None),
    ],
)
def test_authors_and_year(paper_cell: str, authors: tuple[str, ...], year: int | None) -> None:
    """Authors are read as written; a lower-case phrase is not a name."""
    entry = _entries(f"| Model | Paper |\n|---|---|\n| M | {paper_cell} |\n")[3]
    assert (entry.authors, entry.year) == (authors, year)


def test_quoted_plain_title() -> None:
    """A quoted title in plain text is the paper title."""
    entry = _entries('| Paper |\n|---|\n| Cui, H. et al. "scGPT: toward building a foundation model" (2024) |\n')[3]
    assert (entry.paper_title, entry.authors, entry.year) == (
        "scGPT: toward building a foundation model",
        ("Cui, H.",),
        2024,
    )


@pytest.mark.parametrize(
    ("paper_cell", "status"),
    [
        ("[T](https://doi.org/10.1038/x)", RowStatus.COMPLETE),
        ("Hao et al. doi:10.1038/s41592-024-02305-7", RowStatus.COMPLETE),
        ("See arXiv:2306.15794", RowStatus.COMPLETE),
        ("[Some generic title](#)", RowStatus.PLACEHOLDER),
        ("[Some generic title]()", RowStatus.PLACEHOLDER),
        ("[Some generic title](#top)", RowStatus.PLACEHOLDER),
        ("Cui et al., 2024 [Some generic title](#)", RowStatus.NEEDS_RESOLUTION),
        ("Haotian Cui et al., 2024", RowStatus.NEEDS_RESOLUTION),
        ("[Some title](paper.pdf)", RowStatus.NEEDS_RESOLUTION),
    ],
)
def test_status(paper_cell: str, status: RowStatus) -> None:
    """Real links are complete, '#'-only rows without author or year are placeholders, the rest need work."""
    assert _entries(f"| Paper | Code |\n|---|---|\n| {paper_cell} | |\n")[3].status == status


def test_row_without_paper_column_uses_the_row() -> None:
    """Without a paper column, a row whose links are all placeholders is a placeholder."""
    text = "| Model | Code |\n|---|---|\n| X | [GitHub Link](#) |\n| Y | [repo](https://github.com/a/b) |\n"
    entries = _entries(text)
    assert (entries[3].status, entries[4].status) == (RowStatus.PLACEHOLDER, RowStatus.NEEDS_RESOLUTION)


def test_duplicate_model_ignores_case_emoji_and_space() -> None:
    """'SCGPT' later in the same table is a duplicate of 'scGPT 💡'."""
    assert _entries(MODEL_TABLE)[12].duplicate_of == 10


def test_duplicates_are_per_table() -> None:
    """The same model in two tables is not a duplicate."""
    text = "| Model |\n|---|\n| A |\n\n| Model |\n|---|\n| A |\n"
    assert [entry.duplicate_of for entry in parse_catalogue(text)] == [None, None]


def test_paper_table_duplicates_by_link_not_placeholders() -> None:
    """Without a model column the same paper link repeats as a duplicate; placeholder rows never do."""
    entries = _entries(PAPER_TABLE)
    assert [entries[line].duplicate_of for line in (3, 4, 5, 6)] == [None, None, 4, None]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("🧠 Model", ColumnRole.MODEL),
        ("📄  PAPER ", ColumnRole.PAPER),
        ("💻 Code", ColumnRole.CODE),
        ("🧠 Benchmarking Models", ColumnRole.BENCHMARKED),
        ("Benchmarked models", ColumnRole.BENCHMARKED),
        ("🌟 Highlights/Main Focus", ColumnRole.DESCRIPTION),
        ("Main Focus", ColumnRole.DESCRIPTION),
        ("Description", ColumnRole.DESCRIPTION),
        ("Summary", ColumnRole.DESCRIPTION),
        ("🛠️ Architecture", ColumnRole.OTHER),
        ("📝 Results & Insights", ColumnRole.OTHER),
    ],
)
def test_role_of_header(header: str, role: ColumnRole) -> None:
    """Header text maps to a role by meaning, ignoring emoji, spacing and case."""
    assert role_of(header) == role


def test_roles_follow_meaning_not_position() -> None:
    """Columns in an unusual order still get the right roles."""
    entry = _entries("| Code | Summary | Paper | Model |\n|---|---|---|---|\n| | s | Bian et al., 2024 | M |\n")[3]
    assert (entry.roles, entry.model, entry.authors) == (
        (ColumnRole.CODE, ColumnRole.DESCRIPTION, ColumnRole.PAPER, ColumnRole.MODEL),
        "M",
        ("Bian",),
    )


def test_escaped_pipe_stays_in_the_cell() -> None:
    """'\\|' is part of a cell, not a separator."""
    entry = _entries("| Model | Paper |\n|---|---|\n| A \\| B | x |\n")[3]
    assert (entry.cells, entry.model) == ((" A \\| B ", " x "), "A | B")


def test_crlf_table() -> None:
    """A CRLF catalogue parses, and raw cells carry no line ending."""
    entry = _entries("| Model | Paper |\r\n|---|---|\r\n| A | Bian et al., 2024 |\r\n")[3]
    assert (entry.cells, entry.year) == ((" A ", " Bian et al., 2024 "), 2024)


# ---------------------------------------------------------------- bad tables


def test_row_with_too_few_cells() -> None:
    """A row whose cell count differs from the header's names its line."""
    text = "# T\n\n| A | B | C | D | E |\n|---|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n"
    assert _error(text) == "cat.md:5: row has 4 cells, header has 5"


def test_row_with_one_cell() -> None:
    """A row with a single cell says '1 cell'."""
    assert _error("| A | B |\n|---|---|\nloose text\n") == "cat.md:3: row has 1 cell, header has 2"


def test_unterminated_link_target() -> None:
    """A link without its closing parenthesis is named with the column."""
    text = "| 📄 Paper | Code |\n|---|---|\n| [text](http://x | |\n"
    assert _error(text) == 'cat.md:3: unterminated link in the Paper cell: "[text](http://x" has no closing ")"'


def test_unterminated_link_text() -> None:
    """A '[' without its ']' is an unterminated link."""
    text = "| Model | 💻 Code |\n|---|---|\n| M | [GitHub Link |\n"
    assert _error(text) == 'cat.md:3: unterminated link in the Code cell: "[GitHub Link" has no closing "]"'


def test_all_errors_are_collected() -> None:
    """Every bad row is reported in one error, in line order."""
    text = "| A | B |\n|---|---|\n| 1 |\n| [x | y |\n| 1 | 2 | 3 |\n"
    with pytest.raises(CatalogueErrors) as caught:
        parse_catalogue(text, "cat.md")
    assert str(caught.value) == (
        "cat.md:3: row has 1 cell, header has 2\n"
        'cat.md:4: unterminated link in the A cell: "[x" has no closing "]"\n'
        "cat.md:5: row has 3 cells, header has 2"
    )


def test_read_catalogue_reports_table_errors_with_the_path(tmp_path: Path) -> None:
    """Errors from a file carry the file's path."""
    catalogue = tmp_path / "c.md"
    catalogue.write_text("| A | B |\n|---|---|\n| 1 |\n")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(catalogue)
    assert str(caught.value) == f"{catalogue}:3: row has 1 cell, header has 2"


# ---------------------------------------------------------------- writing


def test_no_edits_returns_the_input() -> None:
    """apply_edits with no edits returns the text unchanged."""
    assert apply_edits(MODEL_TABLE, []) == MODEL_TABLE


def test_edit_keeps_padding() -> None:
    """Short new content keeps the leading space and fills the old padded width."""
    text = "| Model | Paper             |\n|---|---|\n| A     | old               |\n"
    assert apply_edits(text, [CellEdit(3, 1, "[T](https://x.org)")]) == (
        "| Model | Paper             |\n|---|---|\n| A     | [T](https://x.org) |\n"
    )


def test_edit_fits_inside_padding() -> None:
    """New content that fits leaves the row's width unchanged."""
    text = "| A | B          |\n|---|---|\n| x | y          |\n"
    assert apply_edits(text, [CellEdit(3, 1, "new")]) == "| A | B          |\n|---|---|\n| x | new        |\n"


def test_edit_keeps_crlf_trailing_space_and_no_final_newline() -> None:
    """Line endings, trailing whitespace and a missing final newline are kept."""
    text = "| A | B |\r\n|---|---|\r\n| x | y |  \r\n| z | w |"
    assert apply_edits(text, [CellEdit(3, 0, "q"), CellEdit(4, 1, "v")]) == (
        "| A | B |\r\n|---|---|\r\n| q | y |  \r\n| z | v |"
    )


def test_edit_with_stale_old_content_is_refused() -> None:
    """An edit whose old_content no longer matches names the line and both values."""
    text = "| A | B |\n|---|---|\n| x | y |\n"
    with pytest.raises(CatalogueError) as caught:
        apply_edits(text, [CellEdit(3, 1, "new", old_content="z")], "cat.md")
    assert str(caught.value) == "cat.md:3: cell 1 changed: expected 'z', found 'y'"


def test_edit_with_matching_old_content() -> None:
    """An edit whose old_content matches the stripped cell is applied."""
    text = "| A | B |\n|---|---|\n| x |  y  |\n"
    assert apply_edits(text, [CellEdit(3, 1, "n", old_content="y")]) == "| A | B |\n|---|---|\n| x | n   |\n"


def test_edit_outside_a_table_is_refused() -> None:
    """Only table body rows and list items can be edited."""
    with pytest.raises(CatalogueError) as caught:
        apply_edits("# T\n| A |\n|---|\n| x |\n", [CellEdit(1, 0, "n")], "cat.md")
    assert str(caught.value) == "cat.md:1: not a table row or list item; cannot edit a cell here"


def test_edit_of_missing_column_is_refused() -> None:
    """A column past the row's last cell is refused."""
    with pytest.raises(CatalogueError) as caught:
        apply_edits("| A |\n|---|\n| x |\n", [CellEdit(3, 2, "n")], "cat.md")
    assert str(caught.value) == "cat.md:3: no cell 2 in this row (it has 1)"


def test_edit_with_unescaped_pipe_is_refused() -> None:
    """New content must already be escaped: a bare '|' would split the cell."""
    with pytest.raises(CatalogueError) as caught:
        apply_edits("| A |\n|---|\n| x |\n", [CellEdit(3, 0, "a | b")], "cat.md")
    assert str(caught.value) == "cat.md:3: new content for cell 0 has a line break or an unescaped '|'"


def test_edit_with_escaped_pipe_is_applied() -> None:
    """Escaped pipes in new content are written as given."""
    assert apply_edits("| A |\n|---|\n| x |\n", [CellEdit(3, 0, "a \\| b")]) == "| A |\n|---|\n| a \\| b |\n"


def test_edit_that_would_drop_a_cell_is_refused() -> None:
    """Emptying a last cell that has no closing pipe would lose the cell, so it is refused."""
    with pytest.raises(CatalogueError) as caught:
        apply_edits("| A | B |\n|---|---|\n| x |y\n", [CellEdit(3, 1, "")], "cat.md")
    assert str(caught.value) == (
        "cat.md:3: the edit would change the row's cell count (an empty last cell needs a closing '|')"
    )


SEPARATE_COLUMNS = """# List

| Model | Title | Authors | Publication Year | Link | Code |
|---|---|---|---|---|---|
| HyenaDNA | HyenaDNA: Long-Range Genomic Sequence Modeling | Eric Nguyen, Michael Poli | 2023 | [arXiv](https://arxiv.org/abs/2306.15794) | |
| DNABERT | DNABERT: pre-trained Bidirectional Encoder Representations | Yanrong Ji et al. | 2021 | | |
"""  # noqa: E501 - Markdown rows as a list writes them


def test_title_authors_year_columns_are_read() -> None:
    """Tables that give title, authors and year their own columns yield the same fields as a paper cell."""
    entries = parse_catalogue(SEPARATE_COLUMNS)
    assert [(e.paper_title, e.authors, e.year, e.paper_url, e.status.value) for e in entries] == [
        ("HyenaDNA: Long-Range Genomic Sequence Modeling", ("Eric Nguyen", "Michael Poli"), 2023,
         "https://arxiv.org/abs/2306.15794", "complete"),
        ("DNABERT: pre-trained Bidirectional Encoder Representations", ("Yanrong Ji",), 2021, None,
         "needs-resolution"),
    ]
    assert [role.value for role in entries[0].roles] == ["model", "title", "authors", "year", "paper", "code"]


REFERENCES = """| Model | Paper | Code |
|---|---|---|
| Geneformer | Theodoris, C. V. et al. Transfer learning enables predictions in network biology. Nature 618 (2023). | |
| scGPT | Haotian Cui et al., 2024 | |
| X | Ann Lee et al. Nat Methods (2024). | |
"""


def test_plain_reference_gives_a_title_hint() -> None:
    """'X et al. Title. Journal (Year)' yields the title as a hint; short citations yield none."""
    assert [entry.title_hint for entry in parse_catalogue(REFERENCES)] == [
        "Transfer learning enables predictions in network biology", None, None]


def test_edit_to_the_same_content_keeps_tabs_in_padding() -> None:
    """Writing a cell's own content back changes nothing, not even a tab in its padding."""
    text = "| Model | Paper |\n|---|---|\n| a | 9\t |\n"
    assert apply_edits(text, [CellEdit(3, 1, "9", "9")]) == text
