"""List items that name a model, a venue and a year but no person (`* X (ICML 2024)`, `- X — Nature Methods, 2023`),
over real HTTP on 127.0.0.1: accepted only when one work makes the model its title's subject, sits in that venue
and has that year; each decoy below must abstain.

Everything is reconstructed (invented for these tests, never fetched), shaped like Crossref's JSON (see
`crossref_work` in test_decoys_http). Invented DOIs use the test prefix 10.5555/ (`venue.*` for the papers the
items mean, `decoy.*` for the traps). One `enrich run --no-code` over the list; no test reads a reason's wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from enrich import api, pipeline
from enrich.catalogue import parse_catalogue
from enrich.cli import main
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import crossref_work, preprint
from tests.test_pipeline_e2e import quick_build, quick_services

ICML = "Proceedings of the 41st International Conference on Machine Learning"

# reconstructed: an invented awesome-list in the bullet shapes that name no person
CATALOGUE = """\
# Awesome gizmo models

## Models

* Gizmo (ICML 2024) [[Paper]]()
- **Sprocket** — Nature Methods, 2023 [paper]() [code]()
* Widgetron (ICML 2024) [[Paper]]()
* Cogwheel (ICML 2024) [[Paper]]()
- **Ratchet** — Nature Methods, 2023 [paper]() [code]()
* Flange (ICML 2024) [[Paper]]()
- **Pawl** — Nature Methods, 2023 [paper]() [code]()
- **Shim** — Nature Methods, 2023 [paper]() [code]()
- **Cam** — Nature Methods, 2023 [paper]() [code]()
"""

KEY = {
    "Gizmo": "10.5555/venue.gizmo",
    "Cam": "10.5555/venue.cam",
    "Sprocket": "10.5555/venue.sprocket",
    "Widgetron": None,
    "Cogwheel": None,
    "Ratchet": None,
    "Flange": None,
    "Pawl": None,
    "Shim": None,
}

LAB = [("Ada", "Kim"), ("Ben", "Moss")]
OTHERS = [("Oscar", "Lind"), ("Mia", "Holm")]


def icml(doi: str, title: str, authors: list[tuple[str, str]], year: int, note: str) -> dict:
    return crossref_work(doi, title, authors, year, note, container=ICML, type="proceedings-article")


CROSSREF = [
    # the item's paper in the ICML proceedings, its arXiv-style preprint, and a namesake in a journal
    icml("10.5555/venue.gizmo", "Gizmo: long-range widget modelling with state spaces", LAB, 2024,
         "reconstructed: invented paper (the item's)"),
    preprint("10.5555/venue.gizmo-preprint", "Gizmo: long-range widget modelling with state spaces", LAB, 2024,
             "reconstructed: invented preprint of the item's paper"),
    crossref_work("10.5555/decoy.gizmo-namesake", "Gizmo: a toolkit for widget image analysis", OTHERS, 2024,
                  "decoy, reconstructed: the same model name in another venue", container="Bioinformatics"),
    # the journal named in full by the item
    crossref_work("10.5555/venue.sprocket", "Sprocket: a foundation model of regulatory widgets", LAB, 2023,
                  "reconstructed: invented paper (the item's)", container="Nature Methods"),
    crossref_work("10.5555/decoy.sprocket-cells", "Sprocket: predicting widget fate in cells", OTHERS, 2023,
                  "decoy, reconstructed: a namesake in a journal whose name starts the same",
                  container="Nature Cell Biology"),
    # decoy: the model's only paper is in another venue
    crossref_work("10.5555/decoy.widgetron", "Widgetron: transformers for widget assembly", LAB, 2024,
                  "decoy, reconstructed: the same model name in another venue", container="Bioinformatics"),
    # decoy: the same venue, another year
    icml("10.5555/decoy.cogwheel", "Cogwheel: equivariant widget networks", LAB, 2023,
         "decoy, reconstructed: the same venue a year earlier"),
    # decoy: two different works in the venue and year both make the model their subject
    crossref_work("10.5555/decoy.ratchet-a", "Ratchet: widget language models", LAB, 2023,
                  "decoy, reconstructed: one of two passing works", container="Nature Methods"),
    crossref_work("10.5555/decoy.ratchet-b", "Ratchet: a benchmark of widget phenotypes", OTHERS, 2023,
                  "decoy, reconstructed: the other passing work", container="Nature Methods"),
    # decoy: only follow-ups in the venue and year
    icml("10.5555/decoy.flange-2", "Flange-2: scaling widget state spaces", LAB, 2024,
         "decoy, reconstructed: a numbered successor"),
    icml("10.5555/decoy.flange-benchmark", "Benchmarking Flange on widget tasks", OTHERS, 2024,
         "decoy, reconstructed: someone's benchmark of the model"),
    # decoy: a news piece in the venue and year, its title a sentence about the model
    crossref_work("10.5555/decoy.pawl-news", "Pawl reads the widget code", [("Paul", "Writer")], 2023,
                  "decoy, reconstructed: a news and views piece", container="Nature Methods"),
    # the journal's record among more namesakes the same year than one search returns
    crossref_work("10.5555/venue.cam", "Cam: widget toolkits for imaging", LAB, 2023,
                  "reconstructed: invented paper (the item's)", container="Nature Methods"),
    *(crossref_work(f"10.5555/decoy.cam-{number}", "Cam: widget toolkits for imaging", OTHERS, 2023,
                    "decoy, reconstructed: a namesake in another journal", container="Widgetics")
      for number in range(9)),
    # decoy: 'X: ...' in the venue and year, and another paper there whose abstract introduces X
    crossref_work("10.5555/decoy.shim-a", "Shim: widget wedges at scale", OTHERS, 2023,
                  "decoy, reconstructed: one of two works naming the model", container="Nature Methods"),
    crossref_work("10.5555/decoy.shim-b", "Widget wedges across tissues", LAB, 2023,
                  "decoy, reconstructed: the other, introducing the model in its abstract", container="Nature Methods",
                  abstract="<jats:p>Here we present Shim, a model of widget wedges.</jats:p>"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, dict]]:
    """One CLI run over the list; the paper part of each item's report entry, by line."""
    folder = tmp_path_factory.mktemp("venue-rows")
    catalogue = folder / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(Corpus(crossref=CROSSREF)) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "venue-rows@example.org")
        main(["run", "--no-code", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
              "--report", str(folder / "report.json")])
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        yield {entry["line"]: entry["paper"] for entry in report["entries"]}


def by_model(papers: dict[int, dict], model: str) -> dict:
    line = next(number for number, text in enumerate(CATALOGUE.splitlines(), start=1) if model in text)
    return papers[line]


def test_conference_acronym_item_resolves_to_the_proceedings_paper(papers: dict[int, dict]) -> None:
    """`* X (ICML 2024)`: the proceedings paper titled 'X: ...' is the DOI; its preprint and a namesake in a
    journal are not."""
    paper = by_model(papers, "Gizmo")
    assert (paper["decision"], paper["doi"]) == ("resolved", KEY["Gizmo"])


def test_venue_ranks_the_journal_record_among_namesakes(papers: dict[int, dict]) -> None:
    """Nine namesakes the same year in other journals fill a search by model and year; the item's venue, searched
    by too, brings the journal's record, which is then the only one in that venue."""
    paper = by_model(papers, "Cam")
    assert (paper["decision"], paper["doi"]) == ("resolved", KEY["Cam"])


def test_journal_item_resolves(papers: dict[int, dict]) -> None:
    """`- X — Nature Methods, 2023`: the journal is read as the venue, not as a person; a namesake in 'Nature
    Cell Biology' is another venue."""
    paper = by_model(papers, "Sprocket")
    assert (paper["decision"], paper["doi"]) == ("resolved", KEY["Sprocket"])


@pytest.mark.parametrize("model", ["Widgetron", "Cogwheel", "Ratchet", "Flange", "Pawl", "Shim"])
def test_decoys_abstain(papers: dict[int, dict], model: str) -> None:
    """Another venue, another year, two works that both pass, only follow-ups, a news piece titled with a
    sentence about the model, another work in the venue introducing the model in its abstract: no DOI."""
    paper = by_model(papers, model)
    assert (paper["decision"], paper["doi"]) == ("abstained", None)


def test_no_decoy_doi_is_written(papers: dict[int, dict]) -> None:
    """Across the run, every DOI given is the key's: zero wrong DOIs."""
    given = {paper["doi"] for paper in papers.values() if paper["doi"]}
    assert given == {doi for doi in KEY.values() if doi}



@pytest.mark.parametrize(("item", "authors", "venue"), [
    ("- **Sprocket** — Nature Methods, 2023", (), "Nature Methods"),
    ("- **Sprocket** — Nadia Petrov, 2023", ("Nadia Petrov",), None),
])
def test_journal_after_a_dash_is_a_venue_and_a_person_stays_a_person(item: str, authors: tuple[str, ...],
                                                                      venue: str | None) -> None:
    """A journal's name where a list puts the person is read as the venue; a person's name there is still a person."""
    (entry,) = parse_catalogue(f"# List\n\n## Models\n\n{item} [paper]() [code]()\n")
    assert (entry.authors, entry.venue, entry.year) == (authors, venue, 2023)
