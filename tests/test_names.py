"""Person names: one parser and one comparison for rows, registries and README citations. Every name here is
reconstructed (written by us in the forms catalogues and registries use), never recorded."""

from __future__ import annotations

import pytest

from enrich.clients.datacite import parse_record as parse_datacite_work
from enrich.names import (
    PersonName,
    families_match,
    given_agree,
    given_parts,
    looks_like_name,
    names_author,
    parse,
    same_person,
    split_written,
    with_dotted_initials,
)
from enrich.records import Author


@pytest.mark.parametrize(("written", "expected"), [
    ("David van Dijk", PersonName("van Dijk", "David")),
    ("Ludwig von Beethoven", PersonName("von Beethoven", "Ludwig")),
    ("Maria de la Cruz", PersonName("de la Cruz", "Maria")),
    ("Anna della Valle", PersonName("della Valle", "Anna")),
    ("Gerard ter Haar", PersonName("ter Haar", "Gerard")),
    ("Bernard ten Brink", PersonName("ten Brink", "Bernard")),
    ("Ahmad bin Abdullah", PersonName("bin Abdullah", "Ahmad")),
    ("Vincent Van Gogh", PersonName("Van Gogh", "Vincent")),
])
def test_particles_open_the_family_name(written: str, expected: PersonName) -> None:
    """A particle before the last word belongs to the family name, in either case."""
    assert parse(written) == expected


def test_capitalised_bin_is_a_given_name() -> None:
    """Decoy: 'Bin Li' is given name Bin, family Li; only a lower-case 'bin' is a particle."""
    assert parse("Bin Li") == PersonName("Li", "Bin")


@pytest.mark.parametrize(("written", "expected"), [
    ("Hao, M.", PersonName("Hao", "M.")),
    ("Z. Avsec", PersonName("Avsec", "Z.")),
    ("J.-P. Vert", PersonName("Vert", "J.-P.")),
    ("Yiqun T. Chen", PersonName("Chen", "Yiqun T.")),
    ("Hao M", PersonName("Hao", "M")),
    ("Bian", PersonName("Bian", "")),
])
def test_initials_are_given_names(written: str, expected: PersonName) -> None:
    """Initials, with or without full stops, before or after the family name, are given names."""
    assert parse(written) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("John Smith Jr.", PersonName("Smith", "John", "Jr.")),
    ("Smith, John, Jr.", PersonName("Smith", "John", "Jr.")),
    ("Smith, Jr., John", PersonName("Smith", "John", "Jr.")),
    ("Smith Jr., John", PersonName("Smith", "John", "Jr.")),
    ("Henry Ford III", PersonName("Ford", "Henry", "III")),
])
def test_suffixes_are_set_apart(written: str, expected: PersonName) -> None:
    """'Jr.' and 'III' are neither family nor given names, in any of the orders people write them."""
    assert parse(written) == expected


def test_et_al_and_list_punctuation_are_dropped() -> None:
    """'Cui H et al.,' names Cui."""
    assert parse("Cui, H. et al.,").family == "Cui"


def test_name_without_spaces_is_one_family() -> None:
    """A name in a script written without spaces (CJK) is kept whole."""
    assert parse("王小明") == PersonName("王小明", "")


def test_hyphenated_given_names_agree_with_joined_ones() -> None:
    """'Jia-Wei' = 'Jia Wei' = 'Jiawei'; 'Jia-Wei' is not 'Jiang'."""
    assert given_parts("Jia-Wei") == ("jia", "wei")
    assert (given_agree(given_parts("Jia-Wei"), "Jiawei"), given_agree(given_parts("Jia-Wei"), "Jiang")) == (
        True, False)


def test_hyphenated_family_agrees_on_its_last_part() -> None:
    """'García-Pérez' and 'Pérez' agree; 'García-Pérez' and 'García' do not."""
    assert (families_match("García-Pérez", "Pérez"), families_match("García-Pérez", "García")) == (True, False)


def test_particles_do_not_matter_when_comparing_families() -> None:
    """'van Dijk' = 'Dijk' = 'Van Dijk'; a family made only of a particle ('Le') is kept."""
    assert (families_match("van Dijk", "Dijk"), families_match("Le", "Le"), families_match("Le", "Song")) == (
        True, True, False)


def test_initials_agree_by_letter_only() -> None:
    """'M.' is Minsheng; 'M.' is not Yuchen."""
    author = Author(family="Hao", given="Minsheng")
    assert (names_author("Hao, M.", author), names_author("Hao, Y.", author)) == (True, False)


def test_suffix_does_not_stop_a_match() -> None:
    """'John Smith Jr.' is the registry's Smith, John."""
    assert names_author("John Smith Jr.", Author(family="Smith", given="John"))


def test_same_person_needs_the_given_name_to_agree() -> None:
    """Two Wangs with different first names are two people."""
    assert (same_person(Author("Wang", "Bo"), Author("Wang", "B.")),
            same_person(Author("Wang", "Bo"), Author("Wang", "Chloe"))) == (True, False)


def test_split_written_keeps_the_given_name_as_written() -> None:
    """A registry's one-string name splits into family and given, particles with the family."""
    assert (split_written("Ludwig van Beethoven"), split_written("Cui, Haotian"), split_written("Cui")) == (
        ("van Beethoven", "Ludwig"), ("Cui", "Haotian"), ("Cui", None))


def test_datacite_name_string_is_split_by_the_same_parser() -> None:
    """A DataCite creator given only as 'name' gets the parser's family: particles stay with it."""
    record = parse_datacite_work({"id": "10.5281/zenodo.1", "attributes": {
        "doi": "10.5281/zenodo.1", "titles": [{"title": "A dataset"}], "publicationYear": 2024,
        "types": {"resourceTypeGeneral": "Dataset"},
        "creators": [{"name": "David van Dijk", "nameType": "Personal"}]}})
    assert (record.authors[0].family, record.authors[0].given) == ("van Dijk", "David")


def test_looks_like_name() -> None:
    """Capitalised words or particles look like a name; a lower-case word that is no particle does not."""
    assert (looks_like_name("David van Dijk"), looks_like_name("Gerard ter Haar"), looks_like_name("top ten models")) \
        == (True, True, False)


def test_initials_without_full_stops_get_them() -> None:
    """'Theodoris CV' -> 'Theodoris, C. V.'; an acronym ('BERT CV') stays as written."""
    assert (with_dotted_initials("Theodoris CV"), with_dotted_initials("BERT CV")) == ("Theodoris, C. V.", "BERT CV")
