"""`check` explains how a catalogue is read: roles per column or part, and what each row is searched by.

Reconstructed: the catalogues here are composed by us.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from enrich.catalogue import parse_document
from enrich.cli import main
from enrich.explain import Missing, Plan, search_terms
from enrich.records import ColumnRole, Shape

BULLETS = (
    "## Models\n"
    "- **scGPT**: Toward building a foundation model for single-cell multi-omics. Cui H, Wang C (2024). [paper]()\n"
    "- **Template** [paper](#) [code](#)\n"
    "- [Large-scale foundation model on single-cell transcriptomics](https://doi.org/10.1038/s41592-024-02305-7)"
    " - Minsheng Hao, Nature Methods 2024\n"
)


def test_file_without_a_table_or_list_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Prose only: `check` is an error naming the file, not '0 rows, valid'."""
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nSome prose.\n\n- a prose bullet\n- another one\n")
    assert (main(["check", str(path)]), str(path) in capsys.readouterr().err) == (2, True)


def test_table_without_paper_title_or_model_column_exits_2(tmp_path: Path) -> None:
    """A table whose columns name no paper, title or model is not a catalogue (decoy)."""
    path = tmp_path / "features.md"
    path.write_text("| Feature | Supported |\n|---|---|\n| Export | yes |\n")
    assert main(["check", "--catalogue", str(path)]) == 2


def test_check_takes_catalogue_option(tmp_path: Path) -> None:
    """`check --catalogue PATH` works like the positional form."""
    path = tmp_path / "list.md"
    path.write_text(BULLETS)
    assert (main(["check", "--catalogue", str(path)]), main(["check", str(path)])) == (0, 0)


def test_list_block_names_its_parts() -> None:
    """The list is described by the roles of its parts."""
    blocks, _ = parse_document(BULLETS)
    assert (len(blocks), blocks[0].shape, set(blocks[0].roles) >= {ColumnRole.MODEL, ColumnRole.TITLE,
                                                                     ColumnRole.AUTHORS, ColumnRole.PAPER}) == (
        1, Shape.LIST, True)


def test_search_terms_per_row() -> None:
    """A row is searched by title, model, first author and year; a template row by nothing; a link is verified."""
    entries = parse_document(BULLETS)[1]
    terms = [search_terms(entry) for entry in entries]
    assert [(term.plan, term.model, term.author, term.year, term.why) for term in terms] == [
        (Plan.SEARCH, "scGPT", "Cui", 2024, None),
        (Plan.NOTHING, None, None, None, Missing.TEMPLATE),
        (Plan.VERIFY, None, "Hao", 2024, None),
    ]


def test_row_without_title_or_model_says_why() -> None:
    """A table row with only an author and a year cannot be searched, and says so."""
    entries = parse_document("| Paper | Code |\n|---|---|\n| Cui et al., 2024 | |\n")[1]
    assert (search_terms(entries[0]).plan, search_terms(entries[0]).why) == (Plan.NOTHING, Missing.NO_TITLE_OR_MODEL)


def test_override_naming_no_row_fails_check(tmp_path: Path) -> None:
    """`check` reads the overrides too: one that names no row is an error (exit 2)."""
    (tmp_path / "list.md").write_text(BULLETS)
    (tmp_path / "overrides.toml").write_text('[models.Nobody]\ncode = "none"\n')
    assert main(["check", str(tmp_path / "list.md")]) == 2
