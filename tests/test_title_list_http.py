"""A list without a model column (Year | Title | Venue | Paper | Code), over real HTTP on 127.0.0.1, with decoys.

Everything here is reconstructed (invented for these tests, never fetched), shaped like Crossref's JSON (see
`crossref_work` in test_decoys_http). Invented DOIs use the test prefix 10.5555/. The pipeline runs once through
`enrich.cli.main(["run", "--no-code", ...])`; the tests read decisions and DOIs, never wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from enrich import api, pipeline
from enrich.cli import main
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import _update, crossref_work, preprint
from tests.test_pipeline_e2e import quick_build, quick_services

TITLES = {
    "atlas": "Attention-based deconvolution of spatial transcriptomes into cell-type atlases",
    "loops": "Sequence-only prediction of three-dimensional chromatin loops across species",
    "codons": "Codon usage language models reveal translational selection in bacteria",
    "methyl": "Transformers read DNA methylation from nanopore signal without alignment",
}

# reconstructed: an invented catalogue in a third-party shape
CATALOGUE = f"""\
# Papers

| Year | Title | Venue | Paper | Code |
|------|-------|-------|-------|------|
| 2023 | {TITLES["atlas"]} | Genome Research | | |
| 2022 | {TITLES["loops"]} | Nature Genetics | [paper](#) | |
| 2021 | {TITLES["codons"]} | PLOS Computational Biology | | |
| 2020 | {TITLES["methyl"]} | Bioinformatics | | |
"""

KEY = {
    "atlas": ("10.5555/key.atlas", "10.5555/key.atlas-preprint"),
    "loops": ("10.5555/key.loops", None),
    "codons": (None, None),
    "methyl": (None, None),
}

AUTHORS = [("Ines", "Moreau"), ("Paul", "Ferrand")]
CROSSREF = [
    # preprint and article share the title: the article is the DOI, the preprint remembered
    preprint("10.5555/key.atlas-preprint", TITLES["atlas"], AUTHORS, 2022, "reconstructed: invented preprint"),
    crossref_work("10.5555/key.atlas", TITLES["atlas"], AUTHORS, 2023, "reconstructed: invented article (the row's)"),
    # the notice for the row's paper ranks first: refused
    crossref_work("10.5555/key.loops", TITLES["loops"], [("Ana", "Silva")], 2022,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.loops-correction", f"Author Correction: {TITLES['loops']}", [("Ana", "Silva")],
                  2022, "decoy, reconstructed: correction notice",
                  **{"update-to": [_update("10.5555/key.loops", "correction", 2022)]}),
    # only a successor with a close but different title: refused, the row abstains
    crossref_work("10.5555/decoy.codons-2", "Codon usage language models 2: translational selection in archaea",
                  [("Jon", "Berg")], 2022, "decoy, reconstructed: a successor with a similar title"),
    # the same title three years later by other people (a namesake paper): refused on the year
    crossref_work("10.5555/decoy.methyl-namesake", TITLES["methyl"], [("Lee", "Park")], 2023,
                  "decoy, reconstructed: the same title, three years after the row's"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """One CLI run over the title-only list; the paper part of each row's report entry, by title key."""
    folder = tmp_path_factory.mktemp("titles")
    catalogue = folder / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(Corpus(crossref=CROSSREF)) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "titles@example.org")
        main(["run", "--no-code", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
              "--report", str(folder / "report.json")])
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    by_line = {entry["line"]: entry["paper"] for entry in report["entries"]}
    yield {key: by_line[line] for key, line in zip(TITLES, (5, 6, 7, 8))}


@pytest.mark.parametrize("key", list(TITLES))
def test_title_only_rows_get_the_right_doi_or_none(papers: dict[str, dict], key: str) -> None:
    """The article over its same-titled preprint; the paper over its correction notice; a successor with a
    close title and a same-titled paper three years off are refused."""
    assert (papers[key]["doi"], papers[key]["preprint_doi"]) == KEY[key]
