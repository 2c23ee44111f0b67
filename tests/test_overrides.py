"""Maintainers' overrides: parsed strictly, applied without skipping the fetch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from enrich.errors import CatalogueError
from enrich.evidence import Kind, reason
from enrich.overrides import (NO_CODE, Override, code_with_override, load_overrides, override_for,
                              resolve_with_override)
from enrich.records import Author, CatalogueEntry, ColumnRole, Decision, RowStatus, WorkRecord
from tests.works import kinds


def _entry(model: str = "scGPT") -> CatalogueEntry:
    return CatalogueEntry(line=7, section=("S",), table_index=0, roles=(ColumnRole.MODEL, ColumnRole.PAPER),
                          cells=(f" {model} ", " Haotian Cui et al., 2024 "), model=model, pretrained=False,
                          paper_text="Haotian Cui et al., 2024", paper_title=None, paper_url=None, code_url=None,
                          authors=("Haotian Cui",), year=2024, status=RowStatus.NEEDS_RESOLUTION)


class _Works:
    """In-memory client: reconstructed record for one DOI, None for any other."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def work(self, doi: str) -> WorkRecord | None:
        self.asked.append(doi)
        if doi == "10.1000/known":
            return WorkRecord(doi=doi, title="A known work", source="crossref", type="journal-article",
                              authors=(Author("Cui", "Haotian"),), year=2024)
        return None


def test_missing_file_means_no_overrides(tmp_path: Path) -> None:
    """No overrides.toml: an empty mapping, not an error."""
    assert load_overrides(tmp_path / "overrides.toml") == {}


def test_overrides_keyed_by_folded_model(tmp_path: Path) -> None:
    """Model keys match case- and punctuation-insensitively; DOIs are normalised."""
    path = tmp_path / "overrides.toml"
    path.write_text('[models.scGPT]\ndoi = "https://doi.org/10.1000/KNOWN"\ncode = "none"\n', encoding="utf-8")
    assert load_overrides(path) == {"scgpt": Override(model="scGPT", doi="10.1000/known", code=NO_CODE)}


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    """A typo in the overrides file is reported with the file name, not ignored."""
    path = tmp_path / "overrides.toml"
    path.write_text('[models.scGPT]\ndoii = "10.1/x"\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_overrides(path)
    assert str(caught.value) == f"{path}:2: [models.scGPT]: unknown keys ['doii']; expected doi, code, abstain"


def test_non_github_code_url_is_refused(tmp_path: Path) -> None:
    """Only https://github.com/ URLs may be asserted as code links."""
    path = tmp_path / "overrides.toml"
    path.write_text('[models.scGPT]\ncode = "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"code must be 'none' or an https://github\.com/ URL"):
        load_overrides(path)


def test_override_doi_is_fetched_and_accepted() -> None:
    """An asserted DOI is still fetched, then accepted with the override as evidence."""
    crossref, datacite = _Works(), _Works()
    resolution = resolve_with_override(_entry(), Override("scGPT", doi="10.1000/known"), crossref, datacite)
    assert (resolution.decision, resolution.work.doi, kinds(resolution.evidence)) == (
        Decision.RESOLVED, "10.1000/known", (Kind.OVERRIDE,))
    assert crossref.asked == ["10.1000/known"] and datacite.asked == []


def test_override_doi_that_does_not_exist_is_reported() -> None:
    """A DOI the registry does not know is a disagreement, never written."""
    resolution = resolve_with_override(_entry(), Override("scGPT", doi="10.1000/missing"), _Works(), _Works())
    assert resolution.decision is Decision.LINK_DISAGREES
    assert resolution.reasons == (reason(Kind.OVERRIDE_DOI_MISSING, "10.1000/missing"),)


def test_override_abstain_keeps_the_row_for_a_human() -> None:
    """`abstain` makes the row abstain with the maintainers' reason and no lookup."""
    crossref = _Works()
    resolution = resolve_with_override(_entry(), Override("scGPT", abstain="wait for v2"), crossref, _Works())
    expected_reasons = (reason(Kind.OVERRIDE_ABSTAIN, "wait for v2"),)
    assert (resolution.decision, resolution.reasons) == (Decision.ABSTAINED, expected_reasons)
    assert crossref.asked == []


def test_code_override_none_abstains() -> None:
    """code = "none" records that there is no GitHub repository."""
    code = code_with_override(_entry(), Override("scGPT", code=NO_CODE))
    assert (code.decision, code.url) == (Decision.ABSTAINED, None)


def test_override_doi_held_by_datacite_is_found() -> None:
    """A DOI Crossref does not hold (e.g. Zenodo) is looked up at DataCite too, like any other link."""
    class _DataCite(_Works):
        def work(self, doi: str) -> WorkRecord | None:
            self.asked.append(doi)
            return WorkRecord(doi=doi, title="A deposited work", source="datacite", type="dataset")

    crossref, datacite = _Works(), _DataCite()
    resolution = resolve_with_override(_entry(), Override("scGPT", doi="10.5281/zenodo.1"), crossref, datacite)
    assert (resolution.decision, resolution.work.source) == (Decision.RESOLVED, "datacite")
    assert (crossref.asked, datacite.asked) == (["10.5281/zenodo.1"], ["10.5281/zenodo.1"])


# ---------------------------------------------------------------- rows named by title or line


def test_override_by_title_and_by_line(tmp_path: Path) -> None:
    """A row without a model is named by its title or its line; the line wins over the title."""
    path = tmp_path / "overrides.toml"
    path.write_text('[titles."A Known Work"]\ncode = "none"\n\n[lines.7]\nabstain = "by hand"\n', encoding="utf-8")
    titled = replace(_entry(), model=None, paper_title="a known work", line=8)
    overrides = load_overrides(path)
    assert (override_for(titled, overrides).code, override_for(_entry(), overrides).abstain) == (NO_CODE, "by hand")


def test_override_naming_no_row_is_an_error_at_its_line(tmp_path: Path) -> None:
    """An override whose model, title or line is in no row is an error naming the file and its line."""
    path = tmp_path / "overrides.toml"
    path.write_text('[models.scGPT]\ncode = "none"\n\n[models.Nobody]\ncode = "none"\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_overrides(path, [_entry()])
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_line_key_must_be_a_number(tmp_path: Path) -> None:
    """[lines.x] is an error naming its line."""
    path = tmp_path / "overrides.toml"
    path.write_text('\n[lines.x]\ncode = "none"\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_overrides(path)
    assert caught.value.line == 2
