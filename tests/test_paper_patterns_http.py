"""How lists name papers, over real HTTP on 127.0.0.1: each pattern with the decoy it must reject.

Everything here is reconstructed (invented for these tests, never fetched), shaped like Crossref's JSON (see
`crossref_work` in test_decoys_http): the models, the papers, the people. Invented DOIs use the test prefix
10.5555/ (`key.*` for the papers the rows mean, `decoy.*` for the traps). The pipeline runs once through
`enrich.cli.main(["run", "--no-code", ...])` with quick pacers; each test reads that run's report. No test reads a
reason's wording: decisions and DOIs only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from enrich import api, pipeline
from enrich.cli import main
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import crossref_work, preprint
from tests.test_pipeline_e2e import quick_build, quick_services

# reconstructed: an invented catalogue in the seed's table format
CATALOGUE = """\
# Pattern catalogue

## Models

| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| VariantLM | Nadia Petrov et al., 2023 |  | Transformer | Variant effects |
| PolyaFormer | Yuki Tanabe et al., 2022 |  | Transformer | Polyadenylation |
| CellScope | Sofia Lind et al., 2024 |  | Transformer | Tissue architecture |
| RiboNet | Omar Said et al., 2023 |  | Transformer | Ribosome occupancy |
| LoopBERT | Tomas Berg et al., 2022 |  | BERT | Chromatin loops |
| SpliceLM | Amara Obi et al., 2022 |  | Transformer | Splicing |
| ExonBERT | Kai Wu et al., 2022 |  | BERT | Exon usage |
| GutFormer | Lucas Moreau et al., 2023 |  | Transformer | Microbiome |
"""

# model -> the DOI the row must get (None: must abstain), and the preprint it must remember
KEY = {
    "VariantLM": ("10.5555/key.variantlm", None),
    "PolyaFormer": ("10.5555/key.polyaformer", None),
    "CellScope": ("10.5555/key.cellscope", None),
    "RiboNet": ("10.5555/key.ribonet", None),
    "LoopBERT": ("10.5555/key.loopbert", None),
    "SpliceLM": ("10.5555/key.splicelm", "10.5555/key.splicelm-preprint"),
    "ExonBERT": ("10.5555/key.exonbert-preprint", None),
    "GutFormer": (None, None),
}

PETROV_LAB = [("Tariq", "Hussain"), ("Elif", "Kaya"), ("Jan", "Novak"), ("Nadia", "Petrov")]
OTHER_GROUP = [("Oscar", "Lind"), ("Mia", "Holm"), ("Ravi", "Menon"), ("Nadia", "Petrov"), ("Ada", "Roth"),
               ("Ben", "Ward")]
OBI_LAB = [("Amara", "Obi"), ("Chinedu", "Nwosu"), ("Grace", "Adeyemi")]

CROSSREF = [
    # senior author: the row names the lab head, listed last; the decoy names her fourth of six (not co-first,
    # not senior) on another group's paper whose title also opens with the model name
    crossref_work("10.5555/key.variantlm", "VariantLM: a language model of human genetic variation", PETROV_LAB,
                  2023, "reconstructed: invented paper (the row's), senior author named by the row"),
    crossref_work("10.5555/decoy.variantlm-plants", "VariantLM: variant language models for crop genomes",
                  OTHER_GROUP, 2023, "decoy, reconstructed: the row's person as a middle author"),
    crossref_work("10.5555/decoy.petrov-atlas", "A single-cell atlas of the developing kidney",
                  [("Nadia", "Petrov"), ("Jan", "Novak")], 2023,
                  "decoy, reconstructed: the same person's first-author paper that year, without the model"),
    # co-first author: listed second; decoy: someone's benchmark of the model with the row's person last
    crossref_work("10.5555/key.polyaformer", "PolyaFormer: transformers for alternative polyadenylation",
                  [("Min-ji", "Kim"), ("Yuki", "Tanabe"), ("Aarav", "Shah"), ("Lena", "Fischer")], 2022,
                  "reconstructed: invented paper (the row's), co-first author named by the row"),
    crossref_work("10.5555/decoy.polyaformer-benchmark", "Benchmarking PolyaFormer for 3' end prediction",
                  [("Hugo", "Blanc"), ("Yuki", "Tanabe")], 2022,
                  "decoy, reconstructed: a benchmark naming the model inside its title"),
    # the model at the end of the title; decoy: the same author's use of it, the model inside the title
    crossref_work("10.5555/key.cellscope", "Mapping tissue architecture in spatial transcriptomics with CellScope",
                  [("Sofia", "Lind"), ("Emil", "Dahl")], 2024, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.cellscope-embeddings", "Cell annotation with CellScope embeddings in the lung",
                  [("Sofia", "Lind")], 2024, "decoy, reconstructed: the same author's use of the model"),
    # the model in parentheses after what it stands for; decoy: a "+" successor the same year
    crossref_work("10.5555/key.ribonet", "A transformer model of ribosome occupancy (RiboNet)",
                  [("Omar", "Said"), ("Lina", "Haddad")], 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.ribonet-plus", "RiboNet+: ribosome occupancy with isoforms",
                  [("Omar", "Said")], 2023, "decoy, reconstructed: a successor model by the same author"),
    # successor by the same lab: the original names its model only in the abstract; the lab's follow-ups (next
    # year) name it in their titles and abstracts
    crossref_work("10.5555/key.loopbert", "Predicting chromatin loops from DNA sequence",
                  [("Tomas", "Berg"), ("Ida", "Lund")], 2022, "reconstructed: invented paper (the row's)",
                  abstract="<jats:p>Here we present LoopBERT, a transformer that predicts chromatin loops.</jats:p>"),
    crossref_work("10.5555/decoy.loopbert-plants", "Extending LoopBERT to plant genomes",
                  [("Tomas", "Berg"), ("Ida", "Lund")], 2023, "decoy, reconstructed: the lab's follow-up",
                  abstract="<jats:p>We introduce an extension of LoopBERT for plant genomes.</jats:p>"),
    crossref_work("10.5555/decoy.loopbert-2", "LoopBERT-2: loops at base-pair resolution",
                  [("Tomas", "Berg")], 2023, "decoy, reconstructed: the lab's successor model"),
    # a preprint (the row's year) retitled when published two years later; the relation is stated on the
    # preprint only
    preprint("10.5555/key.splicelm-preprint", "SpliceLM: a language model of pre-mRNA splicing", OBI_LAB, 2022,
             "reconstructed: invented preprint of the row's paper",
             relation={"is-preprint-of": [{"id-type": "doi", "id": "10.5555/key.splicelm",
                                           "asserted-by": "subject"}]}),
    crossref_work("10.5555/key.splicelm", "Language models decode tissue-specific exon usage",
                  [OBI_LAB[1], OBI_LAB[0], OBI_LAB[2], ("Tunde", "Bello")], 2024,
                  "reconstructed: invented version of record, retitled, co-first authors swapped"),
    # decoy: a preprint whose stated relation points at a record by other people (a deposit error)
    preprint("10.5555/key.exonbert-preprint", "ExonBERT: language models of exon inclusion",
             [("Kai", "Wu"), ("Lan", "Zhou")], 2022, "reconstructed: invented preprint (the row's)",
             relation={"is-preprint-of": [{"id-type": "doi", "id": "10.5555/decoy.exonbert-misdeposit",
                                           "asserted-by": "subject"}]}),
    crossref_work("10.5555/decoy.exonbert-misdeposit", "Acoustic monitoring of coral reefs",
                  [("Hannah", "Price"), ("Owen", "Reid")], 2024,
                  "decoy, reconstructed: the target of a wrong preprint relation"),
    # two different papers of one author that year both pass (the model opens both titles): abstain
    crossref_work("10.5555/decoy.gutformer-a", "GutFormer: transformers for the gut microbiome",
                  [("Lucas", "Moreau")], 2023, "decoy, reconstructed: one of two different papers"),
    crossref_work("10.5555/decoy.gutformer-b", "GutFormer: a benchmark of microbiome phenotypes",
                  [("Lucas", "Moreau"), ("Zoe", "Petit")], 2023, "decoy, reconstructed: the other paper"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """One CLI run over the pattern catalogue; the paper part of each row's report entry, by model."""
    folder = tmp_path_factory.mktemp("patterns")
    catalogue = folder / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(Corpus(crossref=CROSSREF)) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "patterns@example.org")
        main(["run", "--no-code", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
              "--report", str(folder / "report.json")])
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        yield {entry["model"]: entry["paper"] for entry in report["entries"]}


def _outcome(paper: dict) -> tuple[str | None, str | None]:
    return paper["doi"], paper["preprint_doi"]


@pytest.mark.parametrize("model", ["VariantLM", "PolyaFormer"])
def test_row_naming_a_senior_or_co_first_author_resolves(papers: dict[str, dict], model: str) -> None:
    """The lab head listed last, or a co-first author listed second, with the model opening the title: resolved;
    a middle author's paper, a benchmark and the person's other paper that year are refused."""
    assert (papers[model]["decision"], _outcome(papers[model])) == ("resolved", KEY[model])


@pytest.mark.parametrize("model", ["CellScope", "RiboNet"])
def test_model_at_the_end_or_in_parentheses_resolves(papers: dict[str, dict], model: str) -> None:
    """'... with CellScope' and '... (RiboNet)' make the model the title's subject; 'with X embeddings' and
    'X+' do not."""
    assert (papers[model]["decision"], _outcome(papers[model])) == ("resolved", KEY[model])


def test_follow_ups_by_the_same_lab_do_not_make_the_original_ambiguous(papers: dict[str, dict]) -> None:
    """'Extending LoopBERT to ...' and 'LoopBERT-2' a year later leave the original (row's year and first
    author) as the answer."""
    assert (papers["LoopBERT"]["decision"], _outcome(papers["LoopBERT"])) == ("resolved", KEY["LoopBERT"])


def test_retitled_version_of_record_two_years_later_wins(papers: dict[str, dict]) -> None:
    """The preprint's is-preprint-of leads to its article two years later under another title; the article is
    the DOI and the preprint is remembered."""
    assert (papers["SpliceLM"]["decision"], _outcome(papers["SpliceLM"])) == ("resolved", KEY["SpliceLM"])


def test_preprint_relation_to_other_peoples_record_is_not_followed(papers: dict[str, dict]) -> None:
    """Decoy: a relation pointing at a record with no author in common does not replace the preprint."""
    assert (papers["ExonBERT"]["decision"], _outcome(papers["ExonBERT"])) == ("resolved", KEY["ExonBERT"])


def test_two_different_papers_that_both_pass_abstain(papers: dict[str, dict]) -> None:
    """Two 'GutFormer: ...' papers by the row's person that year are different works: no DOI."""
    assert (papers["GutFormer"]["decision"], papers["GutFormer"]["doi"]) == ("abstained", None)


def test_no_decoy_doi_is_written(papers: dict[str, dict]) -> None:
    """Across the run, every DOI given is the key's: zero wrong DOIs."""
    given = {model: paper["doi"] for model, paper in papers.items() if paper["doi"]}
    assert given == {model: doi for model, (doi, _) in KEY.items() if doi}
