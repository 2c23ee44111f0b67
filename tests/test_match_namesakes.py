"""Namesakes in other fields, decided by the pure rules: the row's further persons, a common family name with a
short model name, generational suffixes. Every WorkRecord here is reconstructed (invented; test prefix 10.5555)."""

from __future__ import annotations

from enrich.catalogue import parse_catalogue
from enrich.evidence import Evidence, Kind, Strength
from enrich.match import score_candidate
from enrich.records import Author, WorkRecord
from tests.test_match import make_entry
from tests.works import kinds


def work(title: str, authors: list[tuple[str, str]], year: int = 2022) -> WorkRecord:
    return WorkRecord(doi="10.5555/namesake.1", title=title, source="crossref", type="journal-article",
                      authors=tuple(Author(family, given) for given, family in authors), year=year)


FISH = work("KELP: a reference panel for the common kelp", [("Li", "Yang"), ("Wei", "Zhao")])


def test_a_named_co_author_missing_contradicts() -> None:
    """'Yang, Fusi & Lu': a record by another Yang and Zhao is another work (one objection per missing person)."""
    scored = score_candidate(make_entry("KELP", ("Yang", "Fusi", "Lu"), 2022), FISH)
    assert (scored.acceptable, kinds(scored.objections)[:2]) == (False, (Kind.CO_AUTHOR_MISSING,) * 2)


def test_named_co_authors_present_are_evidence() -> None:
    """Every person the row names is on the record: accepted, each co-author as evidence."""
    paper = work("KELP: kinase embeddings", [("Kevin", "Yang"), ("Nicolo", "Fusi"), ("Alex", "Lu")])
    scored = score_candidate(make_entry("KELP", ("Yang", "Fusi", "Lu"), 2022), paper)
    assert (scored.acceptable, [item.detail for item in scored.evidence if item.kind is Kind.CO_AUTHOR]) == (
        True, ["fusi", "lu"])


def test_one_spelling_among_several_co_authors_is_outweighed() -> None:
    """Two further persons found outweigh a third written another way ('Jeong' for 'Jung')."""
    paper = work("VELA: velocity embeddings", [("Ines", "Duarte"), ("Kofi", "Mensah"), ("Ewa", "Kowal"),
                                               ("Min", "Jung")], 2021)
    scored = score_candidate(make_entry("VELA", ("Duarte", "Mensah", "Kowal", "Jeong"), 2021), paper)
    assert scored.acceptable


def test_a_record_listing_one_author_is_judged_on_that_author() -> None:
    """A single-author record may be a truncated deposit: the row's co-authors are not held against it."""
    paper = work("MOSAIC: mixing atlases", [("Omar", "Haddad")])
    assert score_candidate(make_entry("MOSAIC", ("Haddad", "Reyes"), 2022), paper).acceptable


def test_common_family_name_and_short_model_alone_are_not_enough() -> None:
    """'DPLM — Wang et al. (2024)' and a 'DPLM: ...' paper by a Wang that year: unconfirmed, not contradicted."""
    pricing = work("DPLM: a dynamic pricing language model", [("Wei", "Wang")], 2024)
    scored = score_candidate(make_entry("DPLM", ("Wang",), 2024), pricing)
    assert (kinds(scored.objections), scored.objections[0].strength) == (
        (Kind.COMMON_NAME_ONLY,), Strength.UNCONFIRMED)


def test_common_family_name_with_a_longer_model_name_is_accepted() -> None:
    """A longer model name ('ChromaWeaver') rarely collides: a common family name and the year suffice with it."""
    paper = work("ChromaWeaver: weaving chromatin contacts", [("Wei", "Wang")], 2024)
    assert score_candidate(make_entry("ChromaWeaver", ("Wang",), 2024), paper).acceptable


def test_full_given_name_corroborates_a_common_family_name() -> None:
    """'Xiaoming Li' written out and agreeing with the record: a short model name is accepted."""
    paper = work("TIDE: transcript isoform detection", [("Xiaoming", "Li")], 2023)
    assert score_candidate(make_entry("TIDE", ("Xiaoming Li",), 2023), paper).acceptable


def test_stated_title_corroborates_a_common_family_name() -> None:
    """The row's title matching the record's is more than the name: accepted."""
    paper = work("TIDE: transcript isoform detection from long reads", [("Wei", "Li")], 2023)
    entry = make_entry("TIDE", ("Li",), 2023, title="TIDE: transcript isoform detection from long reads")
    assert score_candidate(entry, paper).acceptable


def test_citation_by_a_searched_repository_does_not_corroborate() -> None:
    """A repository GitHub's search found by the short name citing the namesake is no tie to the row; one the
    row links is."""
    pricing = work("DPLM: a dynamic pricing language model", [("Wei", "Wang")], 2024)
    entry = make_entry("DPLM", ("Wang",), 2024)
    searched = Evidence(Kind.REPO_CITES_DOI, pricing.doi, Strength.STRONG, context="README")
    linked = Evidence(Kind.REPO_CITES_DOI, pricing.doi, Strength.STRONG, context="README",
                      because=(Evidence(Kind.REPO_IN_ROW, "wang-lab/DPLM", Strength.NOTE),))
    assert (kinds(score_candidate(entry, pricing, (searched,)).objections),
            score_candidate(entry, pricing, (linked,)).acceptable) == ((Kind.COMMON_NAME_ONLY,), True)


def test_generational_suffix_is_no_part_of_the_family_name() -> None:
    """'Timothy F. Truong Jr' is the Truong a row names; 'Truong Jr' written in a row is Truong too."""
    paper = work("PoET: a generative model of protein families", [("Timothy F.", "Truong Jr")], 2023)
    assert (kinds(score_candidate(make_entry("PoET", ("Truong",), 2023), paper).evidence)[0],
            kinds(score_candidate(make_entry("PoET", ("Timothy Truong Jr",), 2023), paper).evidence)[0]) == (
        Kind.FIRST_AUTHOR, Kind.FIRST_AUTHOR)


def test_names_joined_before_a_year_in_parentheses_are_authors() -> None:
    """'Yang, Fusi & Lu (2022)' names three people, not a person and a venue 'Fusi & Lu'."""
    text = "# L\n\n| Model | Paper | Code |\n|---|---|---|\n| CARP | Yang, Fusi & Lu (2022) | |\n"
    entry = parse_catalogue(text)[0]
    assert (entry.authors, entry.venue, entry.year) == (("Yang", "Fusi", "Lu"), None, 2022)
