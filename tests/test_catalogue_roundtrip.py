"""Property tests: parsing and the cell writer never disturb bytes they were not asked to change."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.catalogue import apply_edits, parse_catalogue
from enrich.encoding import split_lines
from enrich.records import CellEdit

# Reconstructed: every table here is generated; none is copied from a real catalogue.
WORD = st.text(alphabet="abcXYZ019é-.,:;💡🧬🛠️Žñ", min_size=1, max_size=8)
PATH = st.sampled_from(["", "a", "p?q=1"])
LINK = st.builds(lambda text, path: f"[{text}](https://example.org/{path})", WORD, PATH)
TOKEN = st.one_of(WORD, LINK, st.just("\\|"), st.just("et al., 2024"))
CONTENT = st.lists(TOKEN, min_size=0, max_size=4).map(" ".join)
HEADER = st.sampled_from(["🧠 Model", "📄 Paper", "💻 Code", "🌟 Main Focus", "Notes", "🛠️ Architecture", "Name",
                          "Method", "Tool", "Model name", "Abbreviation", "Title", "Paper title", "Link", "PDF",
                          "arXiv", "DOI", "GitHub", "Repo", "Implementation", "Year", "Venue", "Authors"])
DELIMITER = st.sampled_from(["---", ":--", "--:", ":-:", "-"])
PADDING = st.sampled_from(["", " ", "  ", "    ", "\t"])


@dataclass(frozen=True)
class Table:
    text: str
    first_row_line: int  # 1-based line of the first body row
    contents: tuple[tuple[str, ...], ...]  # stripped content of each body cell


def _row(contents: list[str], paddings: list[tuple[str, str]], trailing_pipe: bool, after: str) -> str:
    cells = [f"{left}{content}{right}" for content, (left, right) in zip(contents, paddings, strict=True)]
    return "|" + "|".join(cells) + ("|" + after if trailing_pipe else "")


@st.composite
def tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(1, 5))
    rows = draw(st.integers(1, 5))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    headers = [draw(HEADER) for _ in range(columns)]
    lines = ["## 🧬 Section " + draw(WORD), _row(headers, [(" ", " ")] * columns, True, "")]
    lines.append("|" + "|".join(draw(DELIMITER) for _ in range(columns)) + "|")
    contents = []
    for _ in range(rows):
        row = [draw(CONTENT) for _ in range(columns)]
        paddings = [(draw(PADDING), draw(PADDING)) for _ in range(columns)]
        # Without a closing pipe an empty last cell is trimmed away (GFM), so only a filled one may omit it.
        trailing_pipe = draw(st.booleans()) or not row[-1]
        lines.append(draw(st.sampled_from(["", " ", "  "])) + _row(row, paddings, trailing_pipe, draw(PADDING)))
        contents.append(tuple(row))
    final = draw(st.sampled_from(["", newline, newline + newline + "Closing words." + newline]))
    return Table(newline.join(lines) + final, 4, tuple(contents))


def _stripped_cells(text: str) -> list[tuple[str, ...]]:
    return [tuple(cell.strip() for cell in entry.cells) for entry in parse_catalogue(text)]


@settings(max_examples=500, deadline=None)
@given(tables())
def test_parse_reads_every_cell_and_no_edit_is_identity(table: Table) -> None:
    """Parsing yields the generated cells, and apply_edits([]) returns the text byte for byte."""
    assert (_stripped_cells(table.text), apply_edits(table.text, [])) == (list(table.contents), table.text)


@settings(max_examples=500, deadline=None)
@given(tables(), st.data())
def test_editing_one_cell_changes_only_that_cell(table: Table, data: st.DataObject) -> None:
    """An edit rewrites one line; re-parsing shows the new content there and the old content elsewhere."""
    row = data.draw(st.integers(0, len(table.contents) - 1))
    column = data.draw(st.integers(0, len(table.contents[0]) - 1))
    new_content = data.draw(CONTENT.filter(bool))
    line = table.first_row_line + row
    edited = apply_edits(table.text, [CellEdit(line, column, new_content, table.contents[row][column])])

    before, after = split_lines(table.text), split_lines(edited)
    changed = [number for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new]
    expected = [list(cells) for cells in table.contents]
    expected[row][column] = new_content
    assert (len(after), set(changed) <= {line}, _stripped_cells(edited)) == (
        len(before),
        True,
        [tuple(cells) for cells in expected],
    )


@settings(max_examples=500, deadline=None)
@given(tables(), st.data())
def test_edit_keeps_line_ending_and_other_cells_raw(table: Table, data: st.DataObject) -> None:
    """The edited line keeps its ending and every other cell's raw text, padding included."""
    row = data.draw(st.integers(0, len(table.contents) - 1))
    column = data.draw(st.integers(0, len(table.contents[0]) - 1))
    line = table.first_row_line + row
    edited = apply_edits(table.text, [CellEdit(line, column, data.draw(CONTENT.filter(bool)))])

    old_entry = parse_catalogue(table.text)[row]
    new_entry = parse_catalogue(edited)[row]
    old_line, new_line = split_lines(table.text)[line - 1], split_lines(edited)[line - 1]
    others_old = old_entry.cells[:column] + old_entry.cells[column + 1 :]
    others_new = new_entry.cells[:column] + new_entry.cells[column + 1 :]
    assert (others_new, new_line[len(new_line.rstrip("\r\n")) :]) == (
        others_old,
        old_line[len(old_line.rstrip("\r\n")) :],
    )
