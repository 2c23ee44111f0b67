"""Checks on the reconstructed demo corpus in tests/fakes/corpus (engineer H's data, no code under test)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "fakes" / "corpus"
JSON_FILES = sorted(CORPUS.rglob("*.json"))
GITHUB_FILES = sorted((CORPUS / "github").glob("*.json"))
DECOY_PREFIX = "10.5555/"
DECOY_OWNER_PREFIX = "decoy-"
README_MARKS = (
    "<!-- reconstructed: condensed excerpt of the public README, not a recording -->\n",
    "<!-- decoy, reconstructed: invented repository, not a real one -->\n",
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _identifier(path: Path, item: dict) -> str:
    """The DOI (Crossref, DataCite) or owner login (GitHub) that marks a record as real or decoy."""
    kind = path.relative_to(CORPUS).parts[0]
    if kind == "crossref":
        return item["DOI"]
    if kind == "datacite":
        return item["id"]
    return item["repo"]["full_name"].split("/", 1)[0]


def _is_decoy_identifier(identifier: str) -> bool:
    return identifier.startswith((DECOY_PREFIX, DECOY_OWNER_PREFIX))


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(CORPUS)) for p in paths]


def test_corpus_has_the_three_services() -> None:
    """The corpus holds Crossref, DataCite and GitHub data in the layout the fakes load."""
    counts = {kind: len(list((CORPUS / kind).rglob("*.json"))) for kind in ("crossref", "datacite", "github")}
    assert {kind: count > 0 for kind, count in counts.items()} == {"crossref": True, "datacite": True, "github": True}


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_json_file_parses_to_an_object(path: Path) -> None:
    """Every corpus file is a JSON object."""
    assert isinstance(_load(path), dict)


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_record_is_marked_reconstructed(path: Path) -> None:
    """Every record says at its top level that it was reconstructed, not recorded."""
    assert _load(path).get("reconstructed") is True


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_decoy_note_and_decoy_identifier_go_together(path: Path) -> None:
    """A record noted as a decoy uses the 10.5555 test prefix or a decoy- owner, and only decoys do."""
    item = _load(path)
    noted_decoy = str(item.get("_note", "")).startswith("decoy")
    assert noted_decoy == _is_decoy_identifier(_identifier(path, item))


@pytest.mark.parametrize("path", sorted((CORPUS / "crossref").glob("*.json")), ids=lambda p: p.name)
def test_crossref_file_name_is_the_doi(path: Path) -> None:
    """A Crossref file is named after its DOI with / replaced by _."""
    assert path.name == _load(path)["DOI"].replace("/", "_") + ".json"


@pytest.mark.parametrize("path", sorted((CORPUS / "datacite").glob("*.json")), ids=lambda p: p.name)
def test_datacite_file_name_is_the_doi(path: Path) -> None:
    """A DataCite file is named after its lower-case DOI with / replaced by _."""
    assert path.name == _load(path)["id"].replace("/", "_") + ".json"


@pytest.mark.parametrize("path", GITHUB_FILES, ids=lambda p: p.name)
def test_github_file_name_is_the_full_name(path: Path) -> None:
    """A GitHub item file is named owner__name after its repository's full_name."""
    assert path.name == _load(path)["repo"]["full_name"].replace("/", "__") + ".json"


@pytest.mark.parametrize("path", GITHUB_FILES, ids=lambda p: p.name)
def test_readmes_open_with_a_provenance_comment(path: Path) -> None:
    """Each README text starts with an HTML comment saying it is reconstructed (or an invented decoy)."""
    item = _load(path)
    mark = README_MARKS[1] if path.name.startswith(DECOY_OWNER_PREFIX) else README_MARKS[0]
    texts = [item["readme"], *item.get("folder_readmes", {}).values()]
    assert [text.startswith(mark) for text in texts] == [True] * len(texts)


def test_fork_decoy_names_its_parent() -> None:
    """The fork decoy is a fork whose parent is the official repository and has fewer stars."""
    fork = _load(CORPUS / "github" / "decoy-forker__scGPT.json")["repo"]
    parent = _load(CORPUS / "github" / "bowang-lab__scGPT.json")["repo"]
    assert (fork["fork"], fork["parent"], fork["stargazers_count"] > parent["stargazers_count"]) == (
        True,
        "bowang-lab/scGPT",
        True,
    )


def test_correction_decoy_updates_the_real_article() -> None:
    """The correction-notice decoy points update-to at the real scGPT article, which is in the corpus."""
    notice = _load(CORPUS / "crossref" / "10.5555_decoy.scgpt-author-correction.json")
    target = notice["update-to"][0]["DOI"]
    assert (target, (CORPUS / "crossref" / (target.replace("/", "_") + ".json")).is_file()) == (
        "10.1038/s41592-024-02201-0",
        True,
    )


def test_every_doi_in_the_audit_table_has_a_record() -> None:
    """Each DOI listed in the corpus README's audit table is served by a Crossref or DataCite file."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    table_dois = set(re.findall(r"`(10\.\d{4,5}/[^`\s]+)`", readme))
    served = {_load(p)["DOI"] for p in (CORPUS / "crossref").glob("*.json")}
    served |= {_load(p)["id"] for p in (CORPUS / "datacite").glob("*.json")}
    assert sorted(doi for doi in table_dois if doi not in served) == []


def test_audit_table_lists_every_record() -> None:
    """No record is served that the README's audit table does not list."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    table_dois = set(re.findall(r"`(10\.\d{4,5}/[^`\s]+)`", readme))
    served = {_load(p)["DOI"] for p in (CORPUS / "crossref").glob("*.json")}
    served |= {_load(p)["id"] for p in (CORPUS / "datacite").glob("*.json")}
    assert sorted(served - table_dois) == []
