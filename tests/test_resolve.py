"""Entry -> Resolution against in-memory fake clients. The WorkRecords built in this file are reconstructed (composed
by us from public metadata of the papers named; decoys use Crossref's test prefix 10.5555); the last tests parse
recorded Crossref responses from tests/fixtures/real/ (see PROVENANCE.md there) and say so."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from enrich.clients.crossref import parse_work
from enrich.errors import CacheMiss, ServiceError
from enrich.evidence import Evidence, Kind, Route, Strength, reason
from enrich.records import (
    Author,
    CatalogueEntry,
    Decision,
    Resolution,
    RowStatus,
    Update,
    WorkRecord,
)
from enrich.resolve import resolve, settle_duplicates, verify_candidates
from tests.works import CIFORM, SCGPT, SCGPT_PREPRINT, SCGPT_TITLE, STGRNS, kinds, make_work


class FakeCrossref:
    """Answers searches from a table keyed by query text (any other query gets `default`) and works by DOI."""

    def __init__(self, works: Sequence[WorkRecord] = (), searches: dict[str, list[WorkRecord]] | None = None,
                 default: Sequence[WorkRecord] = (), error: Exception | None = None) -> None:
        self.works = {work.doi: work for work in works}
        self.searches = searches or {}
        self.default = list(default)
        self.error = error
        self.calls: list[tuple[str, ...]] = []

    def search(self, query: str, rows: int = 5, author: str | None = None) -> list[WorkRecord]:
        self.calls.append(("search", query, author or ""))
        if self.error:
            raise self.error
        return list(self.searches.get(query, self.default))[:rows]

    def work(self, doi: str) -> WorkRecord | None:
        self.calls.append(("work", doi))
        if self.error:
            raise self.error
        return self.works.get(doi)


class FakeDataCite:
    """arXiv records by DOI and one search answer."""

    def __init__(self, works: Sequence[WorkRecord] = (), results: Sequence[WorkRecord] = ()) -> None:
        self.works = {work.doi: work for work in works}
        self.results = list(results)
        self.calls: list[tuple[str, ...]] = []

    def work(self, doi: str) -> WorkRecord | None:
        self.calls.append(("work", doi))
        return self.works.get(doi)

    def search(self, query: str, rows: int = 5) -> list[WorkRecord]:
        self.calls.append(("search", query))
        return self.results[:rows]


def make_entry(model: str | None, authors: tuple[str, ...], year: int | None, title: str | None = None,
               url: str | None = None, status: RowStatus = RowStatus.NEEDS_RESOLUTION, line: int = 40,
               paper_text: str | None = None) -> CatalogueEntry:
    text = paper_text if paper_text is not None else f"{authors[0] if authors else ''} et al., {year}"
    return CatalogueEntry(
        line=line, section=("Single-Cell Genomics (SCG) Models",), table_index=0, roles=(), cells=(), model=model,
        pretrained=False, paper_text=text, paper_title=title, paper_url=url, code_url=None, authors=authors,
        year=year, status=status,
    )




ENFORMER = make_work(
    "10.1038/s41592-021-01252-x",
    "Effective gene expression prediction from sequence by integrating long-range interactions", "Avsec", "Ž.", 2021,
    abstract="Here we substantially improve gene expression prediction accuracy from DNA sequences through the use "
             "of a deep learning architecture, called Enformer, that is able to integrate information from "
             "long-range interactions.",
)
SCFOUNDATION = make_work("10.1038/s41592-024-02305-7", "Large-scale foundation model on single-cell transcriptomics",
                         "Hao", "Minsheng", 2024)
TGPT = make_work("10.1016/j.isci.2023.106536",
                 "Generative pretraining from large-scale transcriptomes for single-cell deciphering", "Shen", "Hongru",
                 2023)
CORRECTION = make_work("10.5555/correction.1", f"Author Correction: {SCGPT_TITLE}", "Cui", "Haotian", 2024)
BENCHMARK = make_work("10.5555/bench.1", "Benchmarking scGPT and friends for cell annotation", "Smith", "Anna", 2024)


def scgpt_row() -> CatalogueEntry:
    return make_entry("scGPT", ("Haotian Cui",), 2024)


# ---------------------------------------------------------------- search


def test_same_author_same_year_model_name_decides() -> None:
    """Jing Xu's CIForm (ranked first) and STGRNS, both 2023: the STGRNS row gets STGRNS."""
    crossref = FakeCrossref(default=[CIFORM, STGRNS])
    result = resolve(make_entry("STGRNS", ("Jing Xu",), 2023), crossref, FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None) == (
        Decision.RESOLVED, "10.1093/bioinformatics/btad165")


def test_first_query_is_bibliographic_and_alone_when_accepted() -> None:
    """One Crossref request when the first query finds the paper: model, family and year."""
    crossref = FakeCrossref(default=[SCGPT])
    resolve(scgpt_row(), crossref, FakeDataCite())
    assert crossref.calls == [("search", "scGPT Cui 2024", "")]


def test_stated_title_leads_the_query() -> None:
    """A row that states a title searches by title, family and year."""
    crossref = FakeCrossref(default=[SCFOUNDATION])
    entry = make_entry("scFoundation", ("Hao, M.", "Gong, J."), 2024, title=SCFOUNDATION.title)
    resolve(entry, crossref, FakeDataCite())
    assert crossref.calls == [("search", "Large-scale foundation model on single-cell transcriptomics Hao 2024", "")]


def test_second_query_filters_by_author() -> None:
    """When the first query finds nothing acceptable, a second one filters by the author's family name."""
    crossref = FakeCrossref(searches={"scGPT Cui 2024": [BENCHMARK], "scGPT Cui": [SCGPT]})
    result = resolve(scgpt_row(), crossref, FakeDataCite())
    assert (crossref.calls[1], result.work.doi if result.work else None) == (
        ("search", "scGPT Cui", "Cui"), "10.1038/s41592-024-02201-0")


def test_published_chosen_preprint_remembered_one_sided_relation() -> None:
    """Preprint (no relation) ranked first and the published version (has-preprint): published wins, preprint kept."""
    crossref = FakeCrossref(default=[SCGPT_PREPRINT, SCGPT])
    result = resolve(scgpt_row(), crossref, FakeDataCite())
    assert (result.work.doi if result.work else None, result.preprint.doi if result.preprint else None) == (
        "10.1038/s41592-024-02201-0", "10.1101/2023.04.30.538439")


def test_preprint_relation_fetches_the_published_version() -> None:
    """An accepted preprint with is-preprint-of: the published record is fetched, verified and preferred."""
    preprint = replace(SCGPT_PREPRINT, preprint_of=(SCGPT.doi,))
    crossref = FakeCrossref(works=[SCGPT], default=[preprint])
    result = resolve(make_entry("scGPT", ("Haotian Cui",), 2023), crossref, FakeDataCite())
    assert (result.work.doi if result.work else None, result.evidence[-1]) == (
        "10.1038/s41592-024-02201-0",
        Evidence(Kind.PUBLISHED_VERSION, "10.1038/s41592-024-02201-0", Strength.NOTE,
                 context="10.1101/2023.04.30.538439"))


def test_unverified_published_version_does_not_replace_preprint() -> None:
    """A 'published version' by another first author does not replace the verified preprint."""
    preprint = replace(SCGPT_PREPRINT, preprint_of=("10.5555/wrong",))
    wrong = make_work("10.5555/wrong", SCGPT_TITLE, "Wang", "Bo", 2024)
    crossref = FakeCrossref(works=[wrong], default=[preprint])
    result = resolve(make_entry("scGPT", ("Haotian Cui",), 2023), crossref, FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None, result.preprint) == (
        Decision.RESOLVED, "10.1101/2023.04.30.538439", None)


def test_correction_notice_ranked_first_is_skipped() -> None:
    """A correction notice at the top of the results is not the paper."""
    result = resolve(scgpt_row(), FakeCrossref(default=[CORRECTION, SCGPT]), FakeDataCite())
    assert result.work is not None and result.work.doi == "10.1038/s41592-024-02201-0"


def test_model_in_title_but_other_first_author_abstains() -> None:
    """Only a paper naming the model but written by someone else: abstain, never resolve."""
    result = resolve(scgpt_row(), FakeCrossref(default=[BENCHMARK]), FakeDataCite())
    assert (result.decision, kinds(result.reasons), kinds(result.reasons[0].because)) == (
        Decision.ABSTAINED, (Kind.NONE_VERIFIED,), (Kind.AUTHOR_DIFFERS,))


def test_author_with_diacritics() -> None:
    """'Žiga Avsec et al., 2021' finds Avsec, Ž. through the abstract's 'called Enformer'."""
    result = resolve(make_entry("Enformer", ("Žiga Avsec",), 2021), FakeCrossref(default=[ENFORMER]), FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None) == (
        Decision.RESOLVED, "10.1038/s41592-021-01252-x")


def test_model_in_no_title_abstains_with_candidates() -> None:
    """tGPT appears in no title or abstract: abstain, listing the candidates."""
    crossref = FakeCrossref(default=[TGPT])
    result = resolve(make_entry("tGPT", ("Hongru Shen",), 2023), crossref, FakeDataCite())
    assert (result.decision, kinds(result.reasons), result.reasons[0].because,
            [c.work.doi for c in result.candidates]) == (
        Decision.ABSTAINED, (Kind.NONE_VERIFIED,), (Evidence(Kind.MODEL_NOT_IN_TITLE, "tGPT", Strength.UNCONFIRMED),),
        ["10.1016/j.isci.2023.106536"])


def test_retracted_work_abstains_loudly() -> None:
    """A matching but retracted work gives 'retracted: <notice DOI>'."""
    retracted = replace(SCGPT, updated_by=(Update("retraction", "10.5555/retraction.1"),))
    result = resolve(scgpt_row(), FakeCrossref(default=[retracted]), FakeDataCite())
    assert (result.decision, result.reasons) == (Decision.ABSTAINED, (reason(Kind.RETRACTED, "10.5555/retraction.1"),))


def test_retracted_published_version_is_not_hidden_behind_preprint() -> None:
    """The preprint matches but its published version is retracted: abstain, do not keep the preprint silently."""
    retracted = replace(SCGPT, updated_by=(Update("retraction", "10.5555/retraction.2"),))
    crossref = FakeCrossref(default=[SCGPT_PREPRINT, retracted])
    result = resolve(scgpt_row(), crossref, FakeDataCite())
    assert (result.decision, result.reasons) == (Decision.ABSTAINED, (reason(Kind.RETRACTED, "10.5555/retraction.2"),))


def test_ambiguous_candidates_abstain() -> None:
    """Two different scGPT papers by Cui in 2024: abstain, without a second query."""
    other = make_work("10.5555/other", "scGPT applied to spatial omics at atlas scale", "Cui", "Haotian", 2024)
    crossref = FakeCrossref(default=[SCGPT, other])
    result = resolve(scgpt_row(), crossref, FakeDataCite())
    assert (result.decision, kinds(result.reasons), len(crossref.calls)) == (Decision.ABSTAINED, (Kind.AMBIGUOUS,), 1)


def test_arxiv_preprint_found_on_datacite() -> None:
    """Nothing on Crossref: DataCite's arXiv search finds the preprint."""
    arxiv = make_work("10.48550/arxiv.2210.03710", "Exceiver: A single-cell gene expression language model",
                      "Connell", "William", 2022, "posted-content", "datacite", is_preprint=True)
    datacite = FakeDataCite(results=[arxiv])
    result = resolve(make_entry("Exceiver", ("Connell",), 2022), FakeCrossref(), datacite)
    assert (result.work.doi if result.work else None, datacite.calls) == (
        "10.48550/arxiv.2210.03710", [("search", "Exceiver Connell")])


def test_row_without_title_or_model_makes_no_request() -> None:
    """A row with only an author and year is not searched (author+year can never verify)."""
    crossref = FakeCrossref(default=[SCGPT])
    result = resolve(make_entry(None, ("Haotian Cui",), 2024), crossref, FakeDataCite())
    assert (result.decision, kinds(result.reasons), crossref.calls) == (
        Decision.ABSTAINED, (Kind.NOTHING_TO_SEARCH,), [])


def test_doi_written_as_text_is_fetched_first() -> None:
    """A DOI written in the paper cell is fetched and verified before any search."""
    crossref = FakeCrossref(works=[SCGPT])
    entry = make_entry("scGPT", ("Haotian Cui",), 2024,
                       paper_text="Haotian Cui et al., 2024, doi:10.1038/s41592-024-02201-0")
    result = resolve(entry, crossref, FakeDataCite())
    assert (result.decision, crossref.calls) == (Decision.RESOLVED, [("work", "10.1038/s41592-024-02201-0")])


# ---------------------------------------------------------------- links


def test_existing_nature_link_verified() -> None:
    """The scFoundation row's nature.com link resolves to the paper it names: verified, one request."""
    crossref = FakeCrossref(works=[SCFOUNDATION])
    entry = make_entry("scFoundation", ("Hao, M.", "Gong, J.", "Zeng, X."), 2024, title=SCFOUNDATION.title,
                       url="https://www.nature.com/articles/s41592-024-02305-7", status=RowStatus.COMPLETE)
    result = resolve(entry, crossref, FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None, crossref.calls) == (
        Decision.LINK_VERIFIED, "10.1038/s41592-024-02305-7", [("work", "10.1038/s41592-024-02305-7")])


def test_doi_link_to_another_paper_disagrees() -> None:
    """A link whose DOI is another paper is reported with what it resolves to."""
    entry = make_entry("scGPT", ("Haotian Cui",), 2024, title=SCGPT_TITLE,
                       url="https://doi.org/10.1093/bib/bbad195", status=RowStatus.COMPLETE)
    result = resolve(entry, FakeCrossref(works=[CIFORM]), FakeDataCite())
    assert (result.decision, kinds(result.reasons), kinds(result.reasons[0].because)) == (
        Decision.LINK_DISAGREES, (Kind.LINK_RESOLVES_ELSEWHERE,), (Kind.AUTHOR_DIFFERS, Kind.TITLE_DIFFERS))


def test_doi_link_not_found() -> None:
    """A DOI link neither Crossref nor DataCite knows: LINK_DISAGREES 'DOI not found'."""
    entry = make_entry("scGPT", ("Haotian Cui",), 2024, url="https://doi.org/10.1101/2099.01.01.000000",
                       status=RowStatus.COMPLETE)
    result = resolve(entry, FakeCrossref(), FakeDataCite())
    assert (result.decision, result.reasons) == (
        Decision.LINK_DISAGREES, (reason(Kind.DOI_NOT_FOUND, "10.1101/2099.01.01.000000"),))


def test_arxiv_link_is_fetched_from_datacite() -> None:
    """An arXiv link is looked up on DataCite, not Crossref."""
    arxiv = make_work("10.48550/arxiv.2210.03710", "Exceiver: A single-cell gene expression language model",
                      "Connell", "William", 2022, "posted-content", "datacite", is_preprint=True)
    crossref, datacite = FakeCrossref(), FakeDataCite(works=[arxiv])
    entry = make_entry("Exceiver", ("Connell",), 2022, url="https://arxiv.org/abs/2210.03710v1",
                       status=RowStatus.COMPLETE)
    result = resolve(entry, crossref, datacite)
    assert (result.decision, crossref.calls, datacite.calls) == (
        Decision.LINK_VERIFIED, [], [("work", "10.48550/arxiv.2210.03710")])


def test_link_without_doi_is_verified_by_search() -> None:
    """An academic.oup.com link carries no DOI: the row is searched and the found DOI verified."""
    entry = make_entry("STGRNS", ("Jing Xu",), 2023, title=STGRNS.title,
                       url="https://academic.oup.com/bioinformatics/article/39/4/btad165/7099621",
                       status=RowStatus.COMPLETE)
    result = resolve(entry, FakeCrossref(default=[CIFORM, STGRNS]), FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None) == (
        Decision.LINK_VERIFIED, "10.1093/bioinformatics/btad165")


def test_link_to_unconfirmable_paper_abstains() -> None:
    """A link to a paper by the right author and year, but nothing names the model: not confirmed, not disputed."""
    entry = make_entry("tGPT", ("Hongru Shen",), 2023, title="Paper", url="https://doi.org/10.1016/j.isci.2023.106536",
                       status=RowStatus.COMPLETE)
    result = resolve(entry, FakeCrossref(works=[TGPT]), FakeDataCite())
    assert (result.decision, kinds(result.reasons)) == (Decision.ABSTAINED, (Kind.LINK_UNCONFIRMED,))


# ---------------------------------------------------------------- no lookup, failures


def test_placeholder_makes_no_request() -> None:
    """A placeholder row is never looked up."""
    crossref, datacite = FakeCrossref(default=[SCGPT]), FakeDataCite()
    entry = make_entry("DNA Transformer", (), None, title="Single-cell analysis using transformers", url="#",
                       status=RowStatus.PLACEHOLDER)
    result = resolve(entry, crossref, datacite)
    assert (result.decision, crossref.calls, datacite.calls) == (Decision.PLACEHOLDER, [], [])


def test_cache_miss_is_reported_as_cache_miss() -> None:
    """Offline with no cached answer: CACHE_MISS with the key, not an abstention."""
    result = resolve(scgpt_row(), FakeCrossref(error=CacheMiss("crossref search scGPT")), FakeDataCite())
    assert (result.decision, kinds(result.reasons)) == (Decision.CACHE_MISS, (Kind.CACHE_MISS,))


def test_service_error_defers() -> None:
    """A service failure after retries defers the row, never 'not found'."""
    result = resolve(scgpt_row(), FakeCrossref(error=ServiceError("crossref", "HTTP 503 after 5 attempts", 503)),
                     FakeDataCite())
    assert (result.decision, kinds(result.reasons)) == (Decision.DEFERRED, (Kind.SERVICE_FAILED,))


def test_service_error_on_link_defers() -> None:
    """A failing DOI lookup for a link defers rather than disagreeing."""
    entry = make_entry("scFoundation", ("Hao, M.",), 2024, url="https://www.nature.com/articles/s41592-024-02305-7",
                       status=RowStatus.COMPLETE)
    result = resolve(entry, FakeCrossref(error=ServiceError("crossref", "timeout")), FakeDataCite())
    assert result.decision == Decision.DEFERRED


# ---------------------------------------------------------------- decoy corpus


def _decoy_corpus() -> list[tuple[CatalogueEntry, list[WorkRecord], str | None]]:
    """(row, search results with the top hit wrong for half of them, the right DOI or None when absent)."""
    iseeek = make_work("10.1093/bib/bbab573", "A universal approach for integrating super large-scale single-cell "
                       "transcriptomes by exploring gene rankings", "Shen", "Hongru", 2022)
    tgpt_decoy = make_work("10.5555/tgpt.other", "tGPT-2: scaling generative pretraining", "Shen", "Hongru", 2023)
    scbert = make_work("10.1038/s42256-022-00534-z", "scBERT as a large-scale pretrained deep language model for cell "
                       "type annotation of single-cell RNA-seq data", "Yang", "Fan", 2022)
    scbert_review = make_work("10.5555/scbert.review", "Reusability report: scBERT in practice", "Khan", "Sana", 2023)
    tosica = make_work("10.1038/s41467-023-35923-4", "Transformer for one stop interpretable cell type annotation",
                       "Chen", "Jiawei", 2023)
    tosica_other = make_work("10.5555/chen.2023", "Interpretable graph models of chromatin", "Chen", "Jiawei", 2023)
    geneformer = make_work("10.1038/s41586-023-06139-9", "Transfer learning enables predictions in network biology",
                           "Theodoris", "Christina V.", 2023)
    geneformer_decoy = make_work("10.5555/geneformer.bench", "Geneformer under the microscope", "Chen", "Alice", 2023)
    cell2sentence = make_work("10.1101/2023.09.11.557287", "Cell2Sentence: Teaching Large Language Models the "
                              "Language of Biology", "Levine", "Daniel", 2023, "posted-content", is_preprint=True)
    c2s_decoy = make_work("10.5555/c2s.comment", "Comment on: Cell2Sentence", "Levine", "Daniel", 2023)
    scmulan = make_work("10.5555/scmulan", "scMulan: a multitask generative pre-trained language model for single-cell "
                        "analysis", "Bian", "Haiyang", 2024)
    scmulan_decoy = make_work("10.5555/bian.other", "Single-cell multi-omics at scale", "Bian", "Haiyang", 2024)
    uce = make_work("10.1101/2023.11.28.568918", "Universal Cell Embeddings: A Foundation Model for Cell Biology",
                    "Rosen", "Yanay", 2023, "posted-content", is_preprint=True)
    marsgt = make_work("10.1038/s41467-024-44570-w", "MarsGT: Multi-omics analysis for rare population inference "
                       "using single-cell graph transformer", "Wang", "Xiaoying", 2024)
    marsgt_decoy = make_work("10.5555/marsgt.wang", "MarsGT: Multi-omics analysis for rare population inference "
                             "using single-cell graph transformer", "Wang", "Yuchen", 2024)
    scgreat = make_work("10.5555/scgreat.wang", "scGREAT: Transformer-based deep-language model for gene regulatory "
                        "network inference", "Wang", "Yuchen", 2024)
    return [
        (make_entry("scGPT", ("Haotian Cui",), 2024), [CORRECTION, SCGPT_PREPRINT, SCGPT], SCGPT.doi),
        (make_entry("STGRNS", ("Jing Xu",), 2023), [CIFORM, STGRNS], STGRNS.doi),
        (make_entry("CIForm", ("Jing Xu",), 2023), [STGRNS, CIFORM], CIFORM.doi),
        (make_entry("iSEEEK", ("Hongru Shen",), 2022), [TGPT, iseeek], None),
        (make_entry("tGPT", ("Hongru Shen",), 2023), [tgpt_decoy, TGPT, iseeek], None),
        (make_entry("scBERT", ("Fan Yang",), 2022), [scbert_review, scbert], scbert.doi),
        (make_entry("TOSICA", ("Jiawei Chen",), 2023), [tosica_other, tosica], tosica.doi),
        (make_entry("Geneformer", ("Theodoris",), 2023), [geneformer_decoy, geneformer], None),
        (make_entry("Cell2Sentence", ("Daniel Levine",), 2023), [c2s_decoy, cell2sentence], cell2sentence.doi),
        (make_entry("scMulan", ("Bian",), 2024), [scmulan_decoy, scmulan], scmulan.doi),
        (make_entry("UCE", ("Yanay Rosen",), 2023), [uce], uce.doi),
        (make_entry("MarsGT", ("Xiaoying Wang",), 2024), [marsgt_decoy, marsgt], marsgt.doi),
        (make_entry("scGREAT", ("Yuchen Wang",), 2024), [marsgt_decoy, scgreat], scgreat.doi),
        (make_entry("Enformer", ("Žiga Avsec",), 2021), [ENFORMER], ENFORMER.doi),
        (make_entry("scFoundation", ("Minsheng Hao",), 2023), [SCGPT, SCFOUNDATION], None),
    ]


def test_decoy_corpus_top_hit_wrong_for_a_third() -> None:
    """The corpus is as hard as intended: the top search hit is wrong for at least a third of the rows."""
    corpus = _decoy_corpus()
    wrong_top = sum(1 for _, results, right in corpus if results[0].doi != right)
    assert (len(corpus), wrong_top) == (15, 13)


def test_decoy_corpus_has_zero_wrong_dois() -> None:
    """Over the decoy corpus every resolved DOI is the right one, and the rest abstain."""
    outcome = {}
    for entry, results, right in _decoy_corpus():
        result = resolve(entry, FakeCrossref(default=results), FakeDataCite())
        outcome[entry.model] = (result.decision.value, result.work.doi if result.work else None, right)
    wrong = {model: got for model, got in outcome.items() if got[1] is not None and got[1] != got[2]}
    resolved = sorted(model for model, got in outcome.items() if got[1] is not None)
    assert (wrong, resolved) == ({}, ["CIForm", "Cell2Sentence", "Enformer", "MarsGT", "STGRNS", "TOSICA", "UCE",
                                      "scBERT", "scGPT", "scGREAT", "scMulan"])


@pytest.mark.parametrize("position", [0, 1, 2])
def test_decoy_order_does_not_change_the_answer(position: int) -> None:
    """Wherever the right paper sits among decoys, the same DOI is chosen."""
    results = [CORRECTION, BENCHMARK]
    results.insert(position, SCGPT)
    result = resolve(scgpt_row(), FakeCrossref(default=results), FakeDataCite())
    assert result.work is not None and result.work.doi == "10.1038/s41592-024-02201-0"


def test_no_second_query_when_author_already_found() -> None:
    """The first query reached the author's paper (unconfirmed): no author-filtered query, DataCite only."""
    crossref, datacite = FakeCrossref(default=[TGPT]), FakeDataCite()
    resolve(make_entry("tGPT", ("Hongru Shen",), 2023), crossref, datacite)
    assert (crossref.calls, datacite.calls) == ([("search", "tGPT Shen 2023", "")], [("search", "tGPT Shen")])


# ---------------------------------------------------------------- recorded Crossref data (tests/fixtures/real/)

REAL = Path(__file__).parent / "fixtures" / "real"
PERKINS_TITLE = ("After the games are over: life-history trade-offs drive dispersal attenuation following range "
                 "expansion")


def _recorded_search() -> list[WorkRecord]:
    """Recorded: the 20 items of crossref_works_query-ecology_query.author-boettiger.json, parsed."""
    envelope = json.loads((REAL / "crossref_works_query-ecology_query.author-boettiger.json").read_text("utf-8"))
    return [parse_work(item) for item in envelope["message"]["items"]]


def test_recorded_search_finds_the_article_among_decoys() -> None:
    """Among the top 8 of 20 recorded results, the titled row gets the article; its has-preprint DOI is noted."""
    entry = make_entry(None, ("T. Alex Perkins",), 2016, title=PERKINS_TITLE)
    crossref = FakeCrossref(default=_recorded_search())
    result = resolve(entry, crossref, FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None, result.evidence[-1], len(crossref.calls)) == (
        Decision.RESOLVED, "10.1002/ece3.2314", Evidence(Kind.HAS_PREPRINT, "10.1101/014852", Strength.NOTE), 1)


def test_recorded_search_pairs_article_and_unlinked_preprint() -> None:
    """With the recorded preprint (relation {}) among the candidates, the article wins and the preprint is kept."""
    entry = make_entry(None, ("T. Alex Perkins",), 2016, title=PERKINS_TITLE)
    pair = [work for work in _recorded_search() if work.doi in {"10.1101/014852", "10.1002/ece3.2314"}]
    result = resolve(entry, FakeCrossref(default=pair), FakeDataCite())
    assert (result.work.doi if result.work else None, result.preprint.doi if result.preprint else None) == (
        "10.1002/ece3.2314", "10.1101/014852")


def test_recorded_search_second_author_with_the_title_resolves() -> None:
    """The same row credited to the paper's second author (Boettiger, a co-first position) resolves on its title."""
    entry = make_entry(None, ("Carl Boettiger",), 2016, title=PERKINS_TITLE)
    result = resolve(entry, FakeCrossref(default=_recorded_search()), FakeDataCite())
    assert (result.decision, result.work.doi if result.work else None, kinds(result.evidence)[0]) == (
        Decision.RESOLVED, "10.1002/ece3.2314", Kind.CO_FIRST_AUTHOR)


def test_recorded_search_second_author_without_a_title_abstains() -> None:
    """Decoy: credited to Boettiger with only a year and no title or model, nothing is searched or accepted."""
    entry = make_entry(None, ("Carl Boettiger",), 2016)
    result = resolve(entry, FakeCrossref(default=_recorded_search()), FakeDataCite())
    assert (result.decision, result.work) == (Decision.ABSTAINED, None)


def test_recorded_correction_notice_is_not_the_paper() -> None:
    """Recorded: a JMIR 'Correction: ...' typed journal-article with no update-to is never accepted."""
    item = json.loads((REAL / "crossref_work_correction-notice_10.2196_43211.json").read_text("utf-8"))
    notice = parse_work(item.get("message", item))
    entry = make_entry(None, ("Dai-Jie Yang",), 2022, title=notice.title.removeprefix("Correction: "))
    result = resolve(entry, FakeCrossref(default=[notice]), FakeDataCite())
    assert (result.decision, result.candidates[0].objections[0].kind) == (Decision.ABSTAINED, Kind.NOTICE_TITLE)


# ---------------------------------------------------------------- duplicate rows

FOUNDATION = make_work("10.1000/foundation", "Large-scale foundation model on single-cell transcriptomics", "Hao",
                       "Minsheng", 2024)  # reconstructed


def _first_and_duplicate(duplicate_authors: tuple[str, ...], first_decision: Decision = Decision.LINK_VERIFIED):
    first = make_entry("scFoundation", ("Hao, M.",), 2024, line=35)
    duplicate = replace(make_entry("scFoundation", duplicate_authors, 2023, line=58), duplicate_of=35)
    resolutions = {
        35: Resolution(35, first_decision, work=FOUNDATION if first_decision is not Decision.ABSTAINED else None),
        58: Resolution(58, Decision.ABSTAINED, reasons=(reason(Kind.NONE_VERIFIED),)),
    }
    return [first, duplicate], resolutions


def test_duplicate_takes_the_first_rows_paper_when_its_author_matches() -> None:
    """The same model listed twice: the abstaining duplicate takes the verified paper of the first row."""
    entries, resolutions = _first_and_duplicate(("Minsheng Hao",))
    settled = settle_duplicates(entries, resolutions)[58]
    assert (settled.decision, settled.work.doi, settled.evidence[0]) == (
        Decision.RESOLVED, "10.1000/foundation", Evidence(Kind.SAME_MODEL_AS_LINE, "35", context="10.1000/foundation"))


def test_duplicate_with_another_first_author_keeps_abstaining() -> None:
    """A duplicate whose first author is someone else is another paper: it stays abstained."""
    entries, resolutions = _first_and_duplicate(("Jing Xu",))
    assert settle_duplicates(entries, resolutions)[58].decision is Decision.ABSTAINED


def test_duplicate_without_author_keeps_abstaining() -> None:
    """The model name alone is not enough to carry a paper over."""
    entries, resolutions = _first_and_duplicate(())
    assert settle_duplicates(entries, resolutions)[58].decision is Decision.ABSTAINED


def test_duplicate_of_an_abstention_stays_abstained() -> None:
    """Nothing to take when the first row did not resolve either."""
    entries, resolutions = _first_and_duplicate(("Minsheng Hao",), Decision.ABSTAINED)
    assert settle_duplicates(entries, resolutions)[58].decision is Decision.ABSTAINED


# ---------------------------------------------------------------- routes


def test_title_only_query_runs_when_the_first_query_misses() -> None:
    """A titled row the bibliographic query misses is searched once more by its title alone."""
    crossref = FakeCrossref(searches={SCGPT_TITLE: [SCGPT]}, default=[BENCHMARK])
    result = resolve(make_entry(None, ("Haotian Cui",), 2024, title=SCGPT_TITLE), crossref, FakeDataCite())
    assert (result.work.doi if result.work else None, [call[1] for call in crossref.calls],
            (Kind.FOUND_BY_ROUTE, Route.TITLE_SEARCH.value) in [(e.kind, e.detail) for e in result.evidence]) == (
        SCGPT.doi, [f"{SCGPT_TITLE} Cui 2024", SCGPT_TITLE], True)


def test_settled_row_asks_one_query() -> None:
    """A row the first query settles asks nothing more, and the lookups are counted by route."""
    crossref = FakeCrossref(default=[SCGPT])
    result = resolve(scgpt_row(), crossref, FakeDataCite())
    assert (len(crossref.calls), result.lookups) == (1, ((Route.SEARCH, 1),))


def test_verify_candidates_accepts_what_the_repository_cites() -> None:
    """A paper without the model in its title or abstract, cited by DOI in the repository, is resolved through
    the repository route."""
    cited = (Evidence(Kind.REPO_CITES_DOI, TGPT.doi, context="README"),)
    result = verify_candidates(make_entry("tGPT", ("Hongru Shen",), 2023), [TGPT], FakeCrossref(), FakeDataCite(),
                               route=Route.REPOSITORY, cited=cited)
    assert (result.decision, result.work.doi if result.work else None, kinds(result.evidence)[:2]) == (
        Decision.RESOLVED, TGPT.doi, (Kind.FOUND_BY_ROUTE, Kind.FIRST_AUTHOR))


def test_verify_candidates_without_a_citation_abstains() -> None:
    """Decoy: the same candidate reached by the repository route but not cited there is still unconfirmed."""
    cited = (Evidence(Kind.REPO_CITES_DOI, "10.5555/another-paper", context="README"),)
    result = verify_candidates(make_entry("tGPT", ("Hongru Shen",), 2023), [TGPT], FakeCrossref(), FakeDataCite(),
                               route=Route.REPOSITORY, cited=cited)
    assert (result.decision, result.work) == (Decision.ABSTAINED, None)


def test_verify_candidates_follows_a_cited_preprint_to_its_article() -> None:
    """The repository cites the preprint; its is-preprint-of leads to the article, which becomes the DOI."""
    preprint = replace(SCGPT_PREPRINT, preprint_of=(SCGPT.doi,), title="Generative AI for single-cell biology")
    cited = (Evidence(Kind.REPO_CITES_PREPRINT, preprint.doi, context="README"),)
    crossref = FakeCrossref(works=[SCGPT])
    result = verify_candidates(make_entry("scGPT", ("Haotian Cui",), 2023), [preprint], crossref, FakeDataCite(),
                               route=Route.REPOSITORY, cited=cited)
    assert (result.work.doi if result.work else None, result.preprint.doi if result.preprint else None,
            dict(result.lookups)) == (SCGPT.doi, preprint.doi, {Route.VERSION: 1})


def test_co_authored_paper_does_not_stop_the_model_author_query() -> None:
    """The first query reaches only a paper where the row's person is second author: the model + author query
    still runs and finds their own paper."""
    co_authored = WorkRecord(doi="10.5555/co", title="A single-cell atlas of gene programs", source="crossref",
                             type="journal-article", authors=(Author("Hao", "Minsheng"), Author("Gong", "Jing")),
                             year=2023)
    own = make_work("10.5555/own", "xTrimoGene: an efficient transformer for single-cell RNA-seq", "Gong", "Jing", 2023)
    crossref = FakeCrossref(searches={"xTrimoGene Gong": [own]}, default=[co_authored])
    result = resolve(make_entry("xTrimoGene", ("Jing Gong",), 2023), crossref, FakeDataCite())
    assert (result.work.doi if result.work else None, [call[1] for call in crossref.calls]) == (
        "10.5555/own", ["xTrimoGene Gong 2023", "xTrimoGene Gong"])
