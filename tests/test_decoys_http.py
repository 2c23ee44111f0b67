"""Acceptance over real HTTP on 127.0.0.1: a decoy corpus where the fakes' top hit is often wrong, zero wrong links.

Everything here is reconstructed (invented for these tests, never fetched): the models, the papers, the people and
the repositories. Invented Crossref DOIs use the test prefix 10.5555/ (`key.*` for the papers the rows mean,
`decoy.*` for the traps); the one arXiv DOI, 10.48550/arxiv.2313.04512, has month 13 and so can never be real.
Repository owners are invented too. The pipeline runs once through `enrich.cli.main(["run", ...])` with quick
pacers (`quick_services` of test_pipeline_e2e) and a sentinel GITHUB_TOKEN; each test reads that run's output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from enrich import api, pipeline
from enrich.catalogue import read_catalogue
from enrich.cli import main
from tests.fakes import Corpus, FakeServices
from tests.test_pipeline_e2e import quick_build, quick_services

TOKEN = "ghp_SENTINEL0decoys0token0never0written0"

# reconstructed: an invented catalogue in the seed's table format (Model | Paper | Code | ...)
CATALOGUE = """\
# Decoy catalogue

#### Legend
💡: Pretrained Model

## Single-Cell Genomics (SCG) Models

### Newly Introduced Methods
| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| ChromaFormer 💡 | Lena Brandt et al., 2023 |  | Transformer | Long-range chromatin attention |
| Tessellate | Mira Okafor et al., 2022 |  | Transformer | Attention over contact maps |
| scPrism 💡 | Daniel Reyes et al., 2023 |  | Transformer | Interpretable expression programs |
| Tessera | Hana Sato et al., 2023 |  | Transformer | Cell-state tokens |
| Enhancia | Žiga Hočevar et al., 2021 |  | Transformer | Enhancer activity from sequence |
| GenoLoom | Paul Lindqvist et al., 2022 |  | Transformer | Genotype and expression |
| ArxFormer | Priya Natarajan et al., 2023 |  | Transformer | Preprint only |
| PhantomBERT | Omar Haddad et al., 2024 |  | BERT | Regulatory DNA language model |
| GeneLens | Rosa Martínez et al., 2022 |  | Transformer | Gene regulatory inference |
| CytoMixer | Wei Zhang et al., 2023 | [Code](https://github.com/decoy-lists/awesome-single-cell-transformers) | Transformer | Cytometry and transcriptomes |
| NucFormer | [NucFormer: nucleosome-aware transformers for chromatin accessibility](https://doi.org/10.5555/key.nucformer). Aiko Tanaka et al. (2021) | [GitHub](https://github.com/tanaka-old/NucFormer) | Transformer | Chromatin accessibility |
| SpliceGraph | Kofi Mensah et al., 2024 |  | Graph Transformer | Alternative splicing |
| HiCBERT | Ines Duarte et al., 2022 |  | BERT | Chromatin conformation |
| ScaleDiff | Weber, J. et al. "ScaleDiff: diffusion transformers for single-cell perturbation response" (2024) |  | Diffusion Transformer | Perturbation response |

## DNA Models

### Newly Introduced Methods
| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| DNA Transformer | [Single-cell analysis using transformers](#) | [GitHub Link](#) | Transformer | Improved cell type classification |
| [Single-cell analysis using transformers](#) | [GitHub Link](#) | Transformer | Improved cell type classification | Standardized metrics |
"""  # noqa: E501 - Markdown rows as a list writes them

# The answer key: model -> (paper decision, DOI, preprint DOI). Rows not listed as resolved must not get a DOI.
PAPER_KEY = {
    "ChromaFormer": ("resolved", "10.5555/key.chromaformer", None),
    "Tessellate": ("resolved", "10.5555/key.tessellate", None),
    "scPrism": ("resolved", "10.5555/key.scprism", "10.5555/key.scprism-preprint"),
    "Tessera": ("resolved", "10.5555/key.tessera", None),
    "Enhancia": ("resolved", "10.5555/key.enhancia", None),
    "GenoLoom": ("abstained", None, None),
    "ArxFormer": ("resolved", "10.48550/arxiv.2313.04512", None),
    "PhantomBERT": ("abstained", None, None),
    "GeneLens": ("resolved", "10.5555/key.genelens", None),
    "CytoMixer": ("resolved", "10.5555/key.cytomixer", None),
    "NucFormer": ("already-linked-verified", "10.5555/key.nucformer", None),
    "SpliceGraph": ("resolved", "10.5555/key.splicegraph", None),
    "HiCBERT": ("resolved", "10.5555/key.hicbert", None),
    "ScaleDiff": ("resolved", "10.5555/key.scalediff", "10.5555/key.scalediff-preprint"),
}
# model -> (code decision, URL written or verified)
CODE_KEY = {
    "ChromaFormer": ("resolved", "https://github.com/brandt-lab/ChromaFormer"),
    "Tessellate": ("abstained", None),
    "scPrism": ("resolved", "https://github.com/dreyes/scPrism"),
    "Tessera": ("abstained", None),
    "Enhancia": ("abstained", None),
    "GenoLoom": ("abstained", None),
    "ArxFormer": ("abstained", None),
    "PhantomBERT": ("abstained", None),
    "GeneLens": ("resolved", "https://github.com/martinez-lab/GeneLens"),
    "CytoMixer": ("link-disagrees", None),
    "NucFormer": ("link-disagrees", None),
    "SpliceGraph": ("resolved", "https://github.com/kmensah/SpliceGraph"),
    "HiCBERT": ("abstained", None),
    "ScaleDiff": ("abstained", None),
}


# ---------------------------------------------------------------- reconstructed corpus


def _date(year: int) -> dict:
    return {"date-parts": [[year]]}


def _update(doi: str, kind: str, year: int) -> dict:
    return {"DOI": doi, "type": kind, "label": kind.capitalize(), "source": "publisher", "updated": _date(year)}


def crossref_work(doi: str, title: str, authors: list[tuple[str, str]], year: int, note: str, *,
                  container: str | None = "Journal of Test Genomics", **fields: object) -> dict:
    """reconstructed: one invented Crossref `message`, shaped like crossref_work_10.1371_journal.pone.0033693.json."""
    item = {
        "DOI": doi, "prefix": doi.split("/")[0], "type": "journal-article", "title": [title], "subtitle": [],
        "author": [{"given": given, "family": family, "sequence": "first" if index == 0 else "additional",
                    "affiliation": []} for index, (given, family) in enumerate(authors)],
        "issued": _date(year), "published": _date(year), "created": _date(year),
        "container-title": [container] if container else [], "publisher": "Test Prefix Publisher",
        "member": "0", "source": "Crossref", "URL": f"https://doi.org/{doi}", "relation": {},
        "reconstructed": True, "_note": note,
    }
    item.update(fields)
    return item


def preprint(doi: str, title: str, authors: list[tuple[str, str]], year: int, note: str, **fields: object) -> dict:
    """reconstructed: an invented bioRxiv-style posted-content preprint."""
    return crossref_work(doi, title, authors, year, note, container=None, type="posted-content",
                         subtype="preprint", institution=[{"name": "bioRxiv"}], posted=_date(year), **fields)


def arxiv_record(doi: str, title: str, authors: list[tuple[str, str]], year: int, note: str) -> dict:
    """reconstructed: an invented DataCite arXiv record, shaped like datacite_doi_10.48550_arxiv.2201.06719.json."""
    arxiv_id = doi.removeprefix("10.48550/arxiv.")
    return {
        "id": doi, "type": "dois",
        "attributes": {
            "doi": doi, "prefix": "10.48550", "suffix": doi.split("/")[1],
            "identifiers": [{"identifier": arxiv_id, "identifierType": "arXiv"}],
            "creators": [{"name": f"{family}, {given}", "nameType": "Personal", "givenName": given,
                          "familyName": family, "affiliation": [], "nameIdentifiers": []}
                         for given, family in authors],
            "titles": [{"title": title}], "publisher": "arXiv", "container": {}, "publicationYear": year,
            "dates": [{"date": str(year), "dateType": "Issued"}],
            "types": {"resourceTypeGeneral": "Text", "resourceType": "Article", "bibtex": "article"},
            "relatedIdentifiers": [], "descriptions": [], "url": f"https://arxiv.org/abs/{arxiv_id}",
            "state": "findable",
        },
        "relationships": {"client": {"data": {"id": "arxiv.content", "type": "clients"}}},
        "reconstructed": True, "_note": note,
    }


def repository(full_name: str, description: str, readme: str, note: str, *, stars: int = 10,
               **fields: object) -> dict:
    """reconstructed: an invented item for tests/fakes/github.py (repo subset, README text, renames)."""
    repo = {"full_name": full_name, "description": description, "fork": False, "size": 500,
            "stargazers_count": stars, "topics": [], "default_branch": "main"}
    repo.update({key: value for key, value in fields.items() if key != "previous_names"})
    item = {"repo": repo, "readme": f"<!-- reconstructed: {note} -->\n{readme}", "reconstructed": True,
            "_note": note}
    if "previous_names" in fields:
        item["previous_names"] = fields["previous_names"]
    return item


BRANDT = [("Lena", "Brandt"), ("Jonas", "Keller"), ("Maria", "Lopez"), ("Tobias", "Wagner"),
          ("Sara", "Nilsson"), ("Peter", "Olsen")]
OKAFOR = [("Mira", "Okafor"), ("Chidi", "Eze"), ("Anna", "Berg"), ("Lukas", "Frei"), ("Nora", "Haas")]
REYES = [("Daniel", "Reyes"), ("Lucia", "Moreno"), ("Diego", "Santos"), ("Elena", "Vidal")]
SATO = [("Hana", "Sato"), ("Kenji", "Mori"), ("Yui", "Kato"), ("Ren", "Ito"), ("Mai", "Ono"), ("Sho", "Abe")]

CROSSREF = [
    # correction notice: "Author Correction: <title>" with update-to; the paper carries the matching updated-by
    crossref_work("10.5555/key.chromaformer", "ChromaFormer: long-range chromatin attention predicts gene expression",
                  BRANDT, 2023, "reconstructed: invented paper (the row's)",
                  **{"updated-by": [_update("10.5555/decoy.chromaformer-correction", "correction", 2023)]}),
    crossref_work("10.5555/decoy.chromaformer-correction",
                  "Author Correction: ChromaFormer: long-range chromatin attention predicts gene expression",
                  BRANDT[:1], 2023, "decoy, reconstructed: correction notice",
                  **{"update-to": [_update("10.5555/key.chromaformer", "correction", 2023)]}),
    # the same first author's other paper the same year; the row's paper names its model only in the abstract
    crossref_work("10.5555/key.tessellate", "Attention over chromatin contacts predicts enhancer-promoter regulation",
                  OKAFOR, 2022, "reconstructed: invented paper (the row's)",
                  abstract="<jats:p>Enhancers act over long distances. Here we present Tessellate, a transformer "
                           "that attends over chromatin contact maps.</jats:p>"),
    crossref_work("10.5555/decoy.okafor-2022-other", "Sparse coding of plant enhancer grammar", OKAFOR[:2], 2022,
                  "decoy, reconstructed: same first author, same year, another paper"),
    # preprint (row's year) and published version (next year); the relation is stated on the published side only
    preprint("10.5555/key.scprism-preprint",
             "scPrism: decomposing single-cell expression into interpretable programs with transformers",
             REYES[:2], 2023, "reconstructed: invented preprint of the row's paper"),
    crossref_work("10.5555/key.scprism",
                  "scPrism decomposes single-cell expression into interpretable gene programs",
                  REYES, 2024, "reconstructed: invented version of record (the row's)",
                  relation={"has-preprint": [{"id-type": "doi", "id": "10.5555/key.scprism-preprint",
                                              "asserted-by": "subject"}]}),
    # a title sharing the model name, by another first author (the row's family name only as a co-author)
    crossref_work("10.5555/key.tessera", "Tessera: tiling the transcriptome into cell-state tokens", SATO, 2023,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.tessera-remote-sensing", "Tessera: mosaic transformers for remote sensing",
                  [("Ahmed", "Karim"), ("Yuki", "Sato")], 2023,
                  "decoy, reconstructed: same model name, another first author"),
    # diacritics: the row writes "Žiga Hočevar", the record "Hocevar, Ž."; a "Žan Hočevar" paper is someone else's
    crossref_work("10.5555/key.enhancia", "Enhancia: predicting enhancer activity from sequence with transformers",
                  [("Ž.", "Hocevar"), ("Maja", "Novak"), ("Luka", "Kranjc"), ("Ana", "Zupan")], 2021,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.enhancia-atlas", "Enhancia: an atlas of enhancer annotations",
                  [("Žan", "Hočevar")], 2021, "decoy, reconstructed: same family name, another given name"),
    # a perfect match that was retracted, and its retraction notice
    crossref_work("10.5555/decoy.genoloom", "GenoLoom: weaving genotype and expression with transformers",
                  [("Paul", "Lindqvist"), ("Eva", "Strand"), ("Olof", "Berg")], 2022,
                  "decoy, reconstructed: retracted paper",
                  **{"updated-by": [_update("10.5555/decoy.genoloom-retraction", "retraction", 2023)]}),
    crossref_work("10.5555/decoy.genoloom-retraction",
                  "Retraction Note: GenoLoom: weaving genotype and expression with transformers",
                  [("Paul", "Lindqvist"), ("Eva", "Strand"), ("Olof", "Berg")], 2023,
                  "decoy, reconstructed: retraction notice",
                  **{"update-to": [_update("10.5555/decoy.genoloom", "retraction", 2023)]}),
    # only decoys exist for PhantomBERT: a successor model, someone's benchmark, a correction of a missing paper
    crossref_work("10.5555/decoy.phantombert-2", "PhantomBERT-2: scaling phantom-token language models",
                  [("Omar", "Haddad"), ("Leila", "Nasser")], 2025, "decoy, reconstructed: successor model"),
    crossref_work("10.5555/decoy.phantombert-benchmark",
                  "Benchmarking PhantomBERT embeddings for variant effect prediction",
                  [("Lucia", "Ferraro"), ("Omar", "Haddad")], 2024, "decoy, reconstructed: another group's benchmark"),
    crossref_work("10.5555/decoy.phantombert-correction",
                  "Author Correction: PhantomBERT: a phantom-token language model for regulatory DNA",
                  [("Omar", "Haddad")], 2024, "decoy, reconstructed: correction of a paper not in the corpus",
                  **{"update-to": [_update("10.5555/decoy.phantombert-missing", "correction", 2024)]}),
    # the record's abstract links the code under the repository's old name (served as a 301)
    crossref_work("10.5555/key.genelens", "GeneLens: interpretable attention maps for gene regulatory inference",
                  [("Rosa", "Martínez"), ("Pablo", "Gil"), ("Irene", "Ruiz")], 2022,
                  "reconstructed: invented paper (the row's)",
                  abstract="<jats:p>We introduce GeneLens. Code: https://github.com/rosa-lab-old/genelens.</jats:p>"),
    # the same first author's follow-up the same year, naming the model inside its title
    crossref_work("10.5555/key.cytomixer", "CytoMixer: mixing cytometry and transcriptomes with transformers",
                  [("Wei", "Zhang"), ("Min", "Liu"), ("Jun", "Chen"), ("Hui", "Wang")], 2023,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.cytomixer-finetune", "Fine-tuning CytoMixer for rare cells",
                  [("Wei", "Zhang")], 2023, "decoy, reconstructed: same author's follow-up using the model"),
    crossref_work("10.5555/key.nucformer", "NucFormer: nucleosome-aware transformers for chromatin accessibility",
                  [("Aiko", "Tanaka"), ("Riku", "Sasaki")], 2021, "reconstructed: invented paper (the row's link)"),
    crossref_work("10.5555/key.splicegraph", "SpliceGraph: graph transformers for alternative splicing outcomes",
                  [("Kofi", "Mensah"), ("Ama", "Owusu")], 2024, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.hicbert", "HiCBERT: language models of chromatin conformation",
                  [("Ines", "Duarte"), ("Rui", "Costa")], 2022, "reconstructed: invented paper (the row's)"),
    # a stated title; preprint and print share it and no relation links them
    preprint("10.5555/key.scalediff-preprint",
             "ScaleDiff: diffusion transformers for single-cell perturbation response",
             [("Jonas", "Weber")], 2023, "reconstructed: invented preprint of the row's paper"),
    crossref_work("10.5555/key.scalediff", "ScaleDiff: diffusion transformers for single-cell perturbation response",
                  [("Jonas", "Weber"), ("Clara", "Schulz"), ("Felix", "Braun")], 2024,
                  "reconstructed: invented version of record (the row's)"),
]

DATACITE = [
    arxiv_record("10.48550/arxiv.2313.04512", "ArxFormer: transformers for sparse chromatin profiles",
                 [("Priya", "Natarajan"), ("Arun", "Iyer")], 2023, "reconstructed: invented arXiv-only paper"),
    arxiv_record("10.48550/arxiv.2313.09001", "Revisiting ArxFormer for protein sequences",
                 [("Marco", "Bianchi")], 2023, "decoy, reconstructed: another author's use of the model"),
]

GITHUB = [
    repository("brandt-lab/ChromaFormer", "ChromaFormer", "# ChromaFormer\n\nCite doi:10.5555/key.chromaformer\n",
               "invented official repository", stars=300),
    repository("decoy-forker/ChromaFormer", "ChromaFormer",
               "# ChromaFormer\n\nCite doi:10.5555/key.chromaformer\n", "decoy: a fork with more stars",
               stars=900, fork=True, parent="brandt-lab/ChromaFormer"),
    repository("tessellate-dev/tessellate", "Tessellate: a 2D tiling game engine",
               "# Tessellate\n\nA tiling game engine for the browser.\n", "decoy: same-named unrelated project",
               stars=5000),
    repository("dreyes/scPrism", "scPrism", "# scPrism\n\nPreprint: https://doi.org/10.5555/key.scprism-preprint\n",
               "invented official repository", stars=120),
    repository("decoy-lists/awesome-scPrism", "A curated list of scPrism resources and papers",
               "# awesome-scPrism\n\n- scPrism: doi:10.5555/key.scprism\n", "decoy: an awesome-list",
               stars=800, topics=["awesome-list"]),
    repository("decoy-lists/awesome-single-cell-transformers", "A curated list of single-cell transformer papers",
               "# Awesome single-cell transformers\n\n- CytoMixer: doi:10.5555/key.cytomixer\n",
               "decoy: an awesome-list linked in a row", stars=2000, topics=["awesome-list"]),
    repository("martinez-lab/GeneLens", "GeneLens", "# GeneLens\n\nCite doi:10.5555/key.genelens\n",
               "invented official repository, renamed", previous_names=["rosa-lab-old/genelens"]),
    repository("kmensah/SpliceGraph", "SpliceGraph",
               "# SpliceGraph\n\nCode for SpliceGraph: graph transformers for alternative splicing outcomes.\n",
               "invented official repository"),
]


# ---------------------------------------------------------------- the run


def _is_placeholder(entry: dict) -> bool:
    return entry["status"] == "placeholder"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One CLI run over the decoy catalogue: the fakes, the files and the parsed report."""
    folder = tmp_path_factory.mktemp("decoys")
    catalogue = folder / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    corpus = Corpus(crossref=CROSSREF, datacite=DATACITE, github=GITHUB)
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(corpus) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "decoys@example.org")
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        code = main(["run", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
                     "--report", str(folder / "report.json")])
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        by_model = {entry["model"]: entry for entry in report["entries"] if not _is_placeholder(entry)}
        yield {"exit": code, "folder": folder, "fakes": fakes, "report": report, "by_model": by_model}


def _top_hit(fakes: FakeServices, query: dict[str, str]) -> str | None:
    """Replay one logged Crossref search against the fake over HTTP; the DOI it ranks first."""
    items = httpx.get(f"{fakes.crossref.url}/works", params=query).json()["message"]["items"]
    return items[0]["DOI"].lower() if items else None


def test_run_exits_zero(run: dict) -> None:
    """The run completes with exit 0 (abstentions are findings in the report, not failures)."""
    assert run["exit"] == 0


def test_top_search_hit_is_a_decoy_for_over_a_third_of_rows(run: dict) -> None:
    """Replaying each row's first logged Crossref query, the fake ranks a wrong DOI first for 10 of 13 rows."""
    first_query: dict[str, dict[str, str]] = {}
    for logged in run["fakes"].crossref.requests.snapshot():
        terms = logged.query.get("query.bibliographic")
        if logged.path == "/works" and terms:
            model = next(model for model in PAPER_KEY if re.match(rf"{re.escape(model)}\b", terms))
            first_query.setdefault(model, dict(logged.query))
    decoy_first = {model for model, query in first_query.items()
                   if _top_hit(run["fakes"], query) != PAPER_KEY[model][1]}
    assert decoy_first == {"ChromaFormer", "Tessellate", "scPrism", "Tessera", "Enhancia", "GenoLoom", "ArxFormer",
                           "PhantomBERT", "CytoMixer", "ScaleDiff"}
    assert len(first_query) == 13
    assert 3 * len(decoy_first) >= len(first_query)


def test_every_doi_matches_the_answer_key(run: dict) -> None:
    """Each row's decision, DOI and remembered preprint are exactly the answer key's: zero wrong DOIs."""
    found = {model: (entry["paper"]["decision"], entry["paper"]["doi"], entry["paper"]["preprint_doi"])
             for model, entry in run["by_model"].items()}
    assert found == PAPER_KEY


def test_bib_holds_only_answer_key_dois(run: dict) -> None:
    """references.bib cites exactly the answer key's DOIs."""
    bib = (run["folder"] / "references.bib").read_text(encoding="utf-8")
    cited = set(re.findall(r"doi\s*=\s*\{([^}]+)\}", bib, re.IGNORECASE))
    assert {doi.lower() for doi in cited} == {doi for _, doi, _ in PAPER_KEY.values() if doi}


def test_retracted_match_abstains_naming_the_notice(run: dict) -> None:
    """The retracted perfect match is not written; the row abstains citing the retraction notice."""
    paper = run["by_model"]["GenoLoom"]["paper"]
    assert paper["reasons"] == ["retracted: 10.5555/decoy.genoloom-retraction"]
    assert "10.5555/decoy.genoloom" not in (run["folder"] / "README.md").read_text(encoding="utf-8")


def test_only_decoys_row_abstains_with_candidates(run: dict) -> None:
    """With only decoys in the corpus the row abstains, says why, and lists the decoys it rejected."""
    paper = run["by_model"]["PhantomBERT"]["paper"]
    assert len(paper["reasons"]) == 1 and paper["reasons"][0].startswith("no candidate verified; best ")
    assert {candidate["doi"] for candidate in paper["candidates"]} <= {
        "10.5555/decoy.phantombert-2", "10.5555/decoy.phantombert-benchmark", "10.5555/decoy.phantombert-correction"}
    assert all(candidate["objections"] for candidate in paper["candidates"])


def test_decoy_papers_rejected_for_their_kind(run: dict) -> None:
    """Among the reported candidates, each decoy carries the objection of its kind."""
    objections = {candidate["doi"]: " ".join(candidate["objections"])
                  for entry in run["by_model"].values() for candidate in entry["paper"]["candidates"]}
    assert "correction notice for 10.5555/key.chromaformer" in objections["10.5555/decoy.chromaformer-correction"]
    assert "first author Ahmed Karim, row names Hana Sato" in objections["10.5555/decoy.tessera-remote-sensing"]
    assert "first author Žan Hočevar, row names Žiga Hočevar" in objections["10.5555/decoy.enhancia-atlas"]
    assert "retracted by 10.5555/decoy.genoloom-retraction" in objections["10.5555/decoy.genoloom"]


def test_placeholder_rows_untouched(run: dict) -> None:
    """Both placeholder rows read exactly as written and get no decision but "placeholder"."""
    written = (run["folder"] / "README.md").read_text(encoding="utf-8").splitlines()
    placeholders = [entry for entry in run["report"]["entries"] if _is_placeholder(entry)]
    assert [entry["paper"]["decision"] for entry in placeholders] == ["placeholder", "placeholder"]
    assert [written[entry["line"] - 1] for entry in placeholders] == [
        line for line in CATALOGUE.splitlines() if "(#)" in line]


def test_written_links_are_doi_org_or_github(run: dict) -> None:
    """Every link in the written catalogue goes to doi.org or github.com (or is a "#" placeholder)."""
    written = (run["folder"] / "README.md").read_text(encoding="utf-8")
    urls = re.findall(r"\]\(([^)\s]+)\)", written)
    assert urls and all(url == "#" or url.startswith(("https://doi.org/10.", "https://github.com/")) for url in urls)


def test_catalogue_cells_carry_the_answer_key(run: dict) -> None:
    """The written catalogue links each resolved row to its key DOI and each found repository, and nothing else."""
    entries = read_catalogue(run["folder"] / "README.md").entries
    paper_links = {entry.model: entry.paper_url for entry in entries if entry.paper_url not in (None, "#")}
    code_links = {entry.model: entry.code_url for entry in entries if entry.code_url and entry.code_url != "#"}
    assert paper_links == {model: f"https://doi.org/{doi}" for model, (_, doi, _) in PAPER_KEY.items() if doi}
    assert code_links == {
        "ChromaFormer": "https://github.com/brandt-lab/ChromaFormer",
        "scPrism": "https://github.com/dreyes/scPrism",
        "GeneLens": "https://github.com/martinez-lab/GeneLens",
        "CytoMixer": "https://github.com/decoy-lists/awesome-single-cell-transformers",
        "NucFormer": "https://github.com/tanaka-old/NucFormer",
        "SpliceGraph": "https://github.com/kmensah/SpliceGraph",
    }


def test_every_repository_matches_the_answer_key(run: dict) -> None:
    """Each row's code decision and URL are exactly the answer key's: zero wrong repositories."""
    found = {model: (entry["code"]["decision"], entry["code"]["url"]) for model, entry in run["by_model"].items()}
    assert found == CODE_KEY


def test_renamed_repository_written_under_its_new_name(run: dict) -> None:
    """The record's link to the old name answers 301; the report and the cell name the new repository."""
    code = run["by_model"]["GeneLens"]["code"]
    assert (code["repository"], code["renamed_from"]) == ("martinez-lab/GeneLens", "rosa-lab-old/genelens")
    written = (run["folder"] / "README.md").read_text(encoding="utf-8")
    assert "[GitHub Repository](https://github.com/martinez-lab/GeneLens)" in written
    assert "rosa-lab-old" not in written


def test_deleted_repository_link_disagrees_and_stays(run: dict) -> None:
    """A code link to a repository that answers 404 is reported as disagreeing and left in its cell."""
    code = run["by_model"]["NucFormer"]["code"]
    assert code["reasons"] == ["tanaka-old/NucFormer does not exist on GitHub (404)"]
    assert "| [GitHub](https://github.com/tanaka-old/NucFormer) |" in (
        run["folder"] / "README.md").read_text(encoding="utf-8")


def test_decoy_repositories_rejected_for_their_kind(run: dict) -> None:
    """The fork, the awesome-lists and the same-named project are each refused with the matching objection."""
    objections = {candidate["repository"]: candidate["objections"]
                  for entry in run["by_model"].values() for candidate in entry["code"]["candidates"]}
    assert objections["decoy-forker/ChromaFormer"] == ["decoy-forker/ChromaFormer is a fork of another repository"]
    assert objections["decoy-lists/awesome-scPrism"] == [
        "decoy-lists/awesome-scPrism is a paper list, not code (awesome)"]
    assert run["by_model"]["CytoMixer"]["code"]["reasons"][0] == (
        "decoy-lists/awesome-single-cell-transformers is a paper list, not code (awesome)")
    # the namesake: one objection, that nothing in it cites the paper (absence of evidence, not a contradiction)
    assert len(objections["tessellate-dev/tessellate"]) == 1


def test_token_written_nowhere(run: dict) -> None:
    """The sentinel GITHUB_TOKEN appears in no file the run wrote, cache included."""
    leaks = [path for path in Path(run["folder"]).rglob("*")
             if path.is_file() and TOKEN.encode("utf-8") in path.read_bytes()]
    assert leaks == []
