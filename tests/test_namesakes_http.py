"""Namesakes in other fields and unrelated versions of record, over real HTTP on 127.0.0.1.

Everything here is reconstructed (invented for these tests, never fetched), shaped like Crossref's and DataCite's
JSON (see `crossref_work`, `preprint` and `arxiv_record` in test_decoys_http): the models, the papers, the people,
the repositories. Invented DOIs use the test prefix 10.5555/ (`key.*` for the papers the rows mean, `decoy.*` for
the traps); the arXiv DOI has month 13 and so can never be real. The patterns are those of a held-out benchmark's
wrong DOIs: a short model name heading another field's paper by someone sharing the first author's family name and
year, with the row's other authors absent; and a preprint a repository cites whose article (a year later, the same
title, no relation on either side) is the version of record. The pipeline runs once through
`enrich.cli.main(["run", ...])`; each test reads that run's report: decisions and DOIs only, never wording.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import Corpus
from tests.test_decoys_http import arxiv_record, crossref_work, preprint, repository
from tests.test_pipeline_e2e import run_cli_over


# reconstructed: an invented catalogue in the seed's table format
CATALOGUE = """\
# Namesake catalogue

## Models

| Model | Paper | Code |
|-------|-------|------|
| HELIX | Okafor, Lind & Berg (2023) |  |
| MOSAIC | Haddad, Reyes & Kowal (2022) |  |
| VELA | Duarte, Mensah, Kowal & Jeong (2021) |  |
| DRAPE | Wang et al. (2024) |  |
| TIDE | Xiaoming Li et al. (2023) |  |
| SNAP | Chen et al. (2023) | [code](https://github.com/chen-lab/SNAP) |
| PRISM | Okonkwo et al. (2023) |  |
| WREN | Hale & Ortiz, NeurIPS 2023 |  |
| Sprocket | Ewa Nowak et al., 2024 | [code](https://github.com/nowak-lab/Sprocket) |
| Cogwheel | Ewa Nowak et al., 2023 | [code](https://github.com/nowak-lab/Cogwheel) |
| Ratchet | Ewa Nowak et al., 2021 | [code](https://github.com/nowak-lab/Ratchet) |
| Pawl | Ewa Nowak et al., 2022 | [code](https://github.com/nowak-lab/Pawl) |
"""

# model -> the DOI the row must get (None: must abstain), and the preprint it must remember
KEY = {
    "HELIX": (None, None),
    "MOSAIC": ("10.5555/key.mosaic", None),
    "VELA": ("10.5555/key.vela", None),
    "DRAPE": (None, None),
    "TIDE": ("10.5555/key.tide", None),
    "SNAP": ("10.5555/key.snap", None),
    "PRISM": ("10.5555/key.prism", None),
    "WREN": ("10.48550/arxiv.2313.07777", None),
    "Sprocket": ("10.5555/key.sprocket", "10.5555/key.sprocket-preprint"),
    "Cogwheel": ("10.5555/key.cogwheel-preprint", None),
    "Ratchet": ("10.5555/key.ratchet", "10.5555/key.ratchet-preprint"),
    "Pawl": ("10.5555/key.pawl-preprint", None),
}

WIDGET_TITLE = "Large-scale widget models of single-cell transcriptomes"
GEAR_TITLE = "Gear trains for long-range chromatin contacts"
BURST_TITLE = "Motors of transcriptional bursting in single cells"
TENSION_TITLE = "Tension sensing in chromatin fibres of dividing cells"
NOWAK_LAB = [("Ewa", "Nowak"), ("Piotr", "Zielinski"), ("Anna", "Wrobel"), ("Marek", "Dabrowski")]

CROSSREF = [
    # a named co-author missing: the namesake shares the first family name and the year, not Lind or Berg
    crossref_work("10.5555/decoy.helix-glacier", "HELIX: a record of glacier melt in the Andes",
                  [("Mira", "Okafor"), ("Tomas", "Holm")], 2023,
                  "decoy, reconstructed: a namesake in another field, the row's first family name, no co-author"),
    crossref_work("10.5555/key.mosaic", "MOSAIC: mixing single-cell atlases across species",
                  [("Omar", "Haddad"), ("Daniel", "Reyes"), ("Ewa", "Kowal"), ("Lina", "Said")], 2022,
                  "reconstructed: invented paper (the row's), every person the row names among its authors"),
    crossref_work("10.5555/key.vela", "VELA: velocity-aware embeddings of developing tissue",
                  [("Ines", "Duarte"), ("Kofi", "Mensah"), ("Ewa", "Kowal"), ("Min-ji", "Jung")], 2021,
                  "reconstructed: invented paper (the row's); the row spells one co-author Jeong, the record Jung"),
    # a common family name and a short model name, nothing else
    crossref_work("10.5555/decoy.drape-rides", "DRAPE: dynamic ride allocation with pricing estimates",
                  [("Wei", "Wang"), ("Lars", "Ibsen")], 2024,
                  "decoy, reconstructed: the only DRAPE is a namesake by another Wang; the row must abstain"),
    crossref_work("10.5555/key.tide", "TIDE: transcript isoform detection from long reads",
                  [("Xiaoming", "Li"), ("Hugo", "Blanc")], 2023,
                  "reconstructed: invented paper (the row's); the row writes the given name out"),
    crossref_work("10.5555/key.snap", "SNAP: single-nucleus accessibility profiles",
                  [("Jun", "Chen"), ("Ada", "Roth")], 2023,
                  "reconstructed: invented paper (the row's); the repository the row links cites it"),
    crossref_work("10.5555/key.prism", "PRISM: protein interaction surfaces from sequence",
                  [("Ada", "Okonkwo"), ("Ben", "Ward")], 2023,
                  "reconstructed: invented paper (the row's); a family name that identifies"),
    # a conference paper on arXiv only; Crossref's namesake must not settle the row
    crossref_work("10.5555/decoy.wren-wireless", "WREN: wireless energy networks for sensor grids",
                  [("Marcus", "Hale"), ("Jan", "Becker")], 2023,
                  "decoy, reconstructed: a namesake by another Hale, the row's second author absent"),
    # the version of record of a preprint a repository cites: near-identical title, a year later, no relation
    preprint("10.5555/key.sprocket-preprint", WIDGET_TITLE, NOWAK_LAB, 2023,
             "reconstructed: invented preprint the official repository cites"),
    crossref_work("10.5555/key.sprocket", "Large scale widget models of single-cell transcriptomes", NOWAK_LAB,
                  2024, "reconstructed: invented version of record, no relation on either side"),
    # decoy: an article with the preprint's title a year BEFORE it (the lab's earlier short paper) is no version
    # of record of it
    preprint("10.5555/key.cogwheel-preprint", GEAR_TITLE, NOWAK_LAB, 2023,
             "reconstructed: invented preprint the official repository cites"),
    crossref_work("10.5555/decoy.cogwheel-earlier", "Gear trains for long range chromatin contacts", NOWAK_LAB[:2],
                  2022, "decoy, reconstructed: the same title a year before the preprint"),
    # the row gives the preprint's year; its article two years later is still the version of record
    preprint("10.5555/key.ratchet-preprint", BURST_TITLE, NOWAK_LAB, 2021,
             "reconstructed: invented preprint the official repository cites"),
    crossref_work("10.5555/key.ratchet", BURST_TITLE, [*NOWAK_LAB, ("Jan", "Lis")], 2023,
                  "reconstructed: invented version of record two years later, no relation"),
    # decoy: the same title a year later by the first author with another team is not shown to be the same work
    preprint("10.5555/key.pawl-preprint", TENSION_TITLE, NOWAK_LAB, 2022,
             "reconstructed: invented preprint the official repository cites"),
    crossref_work("10.5555/decoy.pawl-other-team", TENSION_TITLE,
                  [("Ewa", "Nowak"), ("Sven", "Olsen"), ("Rui", "Costa"), ("Mia", "Holm")], 2023,
                  "decoy, reconstructed: the first author's article with another team"),
]

DATACITE = [
    arxiv_record("10.48550/arxiv.2313.07777", "WREN: a generative model of regulatory element networks",
                 [("Marcus", "Hale Jr"), ("Ines", "Ortiz")], 2023,
                 "reconstructed: invented arXiv paper (the row's); a generational suffix after the family name"),
]

GITHUB = [
    repository("ride-lab/DRAPE", "DRAPE: dynamic ride allocation",
               "# DRAPE\n\nDynamic ride allocation (https://doi.org/10.5555/decoy.drape-rides).\n",
               "decoy: the namesake's code, found by searching the short name", stars=90),
    repository("chen-lab/SNAP", "SNAP: single-nucleus accessibility profiles",
               "# SNAP\n\nPlease cite https://doi.org/10.5555/key.snap\n", "the row links it", stars=40),
    repository("nowak-lab/Sprocket", "Sprocket", "# Sprocket\n\nPreprint: https://doi.org/10.5555/key.sprocket-preprint\n",
               "the row links it; it cites the preprint only", stars=30),
    repository("nowak-lab/Cogwheel", "Cogwheel", "# Cogwheel\n\nPreprint: https://doi.org/10.5555/key.cogwheel-preprint\n",
               "the row links it; it cites the preprint only", stars=30),
    repository("nowak-lab/Ratchet", "Ratchet", "# Ratchet\n\nPreprint: https://doi.org/10.5555/key.ratchet-preprint\n",
               "the row links it; it cites the preprint only", stars=30),
    repository("nowak-lab/Pawl", "Pawl", "# Pawl\n\nPreprint: https://doi.org/10.5555/key.pawl-preprint\n",
               "the row links it; it cites the preprint only", stars=30),
]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """One CLI run over the namesake catalogue; each row's report entry, by model."""
    folder = tmp_path_factory.mktemp("namesakes")
    corpus = Corpus(crossref=CROSSREF, datacite=DATACITE, github=GITHUB)
    _, report = run_cli_over(CATALOGUE, corpus, folder, "namesakes@example.org")
    yield {entry["model"]: entry for entry in report["entries"]}


def _outcome(row: dict) -> tuple[str | None, str | None]:
    return row["paper"]["doi"], row["paper"]["preprint_doi"]


def test_namesake_without_the_rows_co_authors_is_refused(rows: dict[str, dict]) -> None:
    """'Okafor, Lind & Berg (2023)': a 'HELIX: ...' paper by another Okafor that year, without Lind or Berg, is
    another work: no DOI."""
    assert (rows["HELIX"]["paper"]["decision"], _outcome(rows["HELIX"])) == ("abstained", KEY["HELIX"])


@pytest.mark.parametrize("model", ["MOSAIC", "VELA"])
def test_paper_with_the_rows_co_authors_resolves(rows: dict[str, dict], model: str) -> None:
    """Every person 'A, B & C' names is on the record (one of four spelled another way is outweighed): resolved."""
    assert (rows[model]["paper"]["decision"], _outcome(rows[model])) == ("resolved", KEY[model])


def test_common_family_name_and_short_model_alone_abstain(rows: dict[str, dict]) -> None:
    """'DRAPE — Wang et al. (2024)': the only DRAPE that year by a Wang is a ride-pricing paper, and the
    repository GitHub's search finds by the short name is its own: no DOI and no code."""
    assert (rows["DRAPE"]["paper"]["decision"], _outcome(rows["DRAPE"]), rows["DRAPE"]["code"]["url"]) == (
        "abstained", KEY["DRAPE"], None)


@pytest.mark.parametrize("model", ["TIDE", "SNAP", "PRISM"])
def test_short_model_resolves_with_something_more_than_a_common_name(rows: dict[str, dict], model: str) -> None:
    """A given name written out (Xiaoming Li), the repository the row links citing the paper (Chen), or a family
    name that is not among the most common (Okonkwo): resolved."""
    assert (rows[model]["paper"]["decision"], _outcome(rows[model])) == ("resolved", KEY[model])


def test_arxiv_paper_is_reached_when_a_crossref_namesake_is_refused(rows: dict[str, dict]) -> None:
    """'Hale & Ortiz, NeurIPS 2023': Crossref's namesake lacks Ortiz; DataCite's arXiv record by 'Hale Jr' and
    Ortiz is the paper (a generational suffix is no part of the family name)."""
    assert (rows["WREN"]["paper"]["decision"], _outcome(rows["WREN"])) == ("resolved", KEY["WREN"])


def test_unrelated_version_of_record_of_a_cited_preprint_wins(rows: dict[str, dict]) -> None:
    """The repository cites only the preprint (2023); the article with its title, a year later, same authors,
    no relation on either side, is found by a title and first-author query: the article is the DOI and the
    preprint is remembered."""
    assert (rows["Sprocket"]["paper"]["decision"], _outcome(rows["Sprocket"])) == ("resolved", KEY["Sprocket"])


def test_article_older_than_the_preprint_is_not_its_version_of_record(rows: dict[str, dict]) -> None:
    """Decoy: an article with the preprint's title a year before it is not the version of record: the preprint
    stays the DOI."""
    assert (rows["Cogwheel"]["paper"]["decision"], _outcome(rows["Cogwheel"])) == ("resolved", KEY["Cogwheel"])


def test_version_of_record_after_the_rows_year_wins(rows: dict[str, dict]) -> None:
    """The row gives the preprint's year (2021); the same title by the same authors in 2023 is its version of
    record: the article is the DOI, the preprint remembered."""
    assert (rows["Ratchet"]["paper"]["decision"], _outcome(rows["Ratchet"])) == ("resolved", KEY["Ratchet"])


def test_same_title_by_the_first_author_with_another_team_is_not_the_version(rows: dict[str, dict]) -> None:
    """Decoy: the preprint's title a year later with only its first author in common: the preprint stays."""
    assert (rows["Pawl"]["paper"]["decision"], _outcome(rows["Pawl"])) == ("resolved", KEY["Pawl"])


def test_no_decoy_doi_is_written(rows: dict[str, dict]) -> None:
    """Across the run, every DOI given is the key's: zero wrong DOIs."""
    given = {model: row["paper"]["doi"] for model, row in rows.items() if row["paper"]["doi"]}
    assert given == {model: doi for model, (doi, _) in KEY.items() if doi}
