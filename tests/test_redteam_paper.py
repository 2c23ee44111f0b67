"""Red-team probes of the paper (DOI) side over real HTTP on 127.0.0.1: records the registries hold beside a paper
(reviews, components, notices, other versions, copies, theses, replies) must never become the row's DOI, and a
preprint must give way to its version of record.

Everything here is reconstructed (invented for these tests, never fetched), shaped like Crossref's and DataCite's
JSON (`crossref_work`, `preprint` and `arxiv_record` in test_decoys_http, after ../shared/fixtures/real/). Invented
DOIs use the test prefix 10.5555/ (`key.*` for the records the rows mean, `decoy.*` for the traps, which sort
first, as a tie broken by DOI would favour them); the arXiv ids have month 13 and can never be real. The
pipeline runs once through `enrich.cli.main(["run", "--no-code", ...])` with quick pacers; each test reads that
run's report: decisions and DOIs only, never wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest

from enrich import api, pipeline
from enrich.cli import main
from enrich.evidence import Kind
from enrich.match import is_preprint, score_candidate, title_similarity, verdict, verify_version
from tests.test_match import make_entry
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import _update, arxiv_record, crossref_work, preprint
from tests.test_pipeline_e2e import quick_build, quick_services
from tests.works import kinds, make_work

# reconstructed: an invented catalogue, a model table in the seed's shape and a title-only table
CATALOGUE = """\
# Red-team paper catalogue

## Models

| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| PeerNet | Lea Roux et al., 2023 |  | Transformer | Protein interactions |
| SuppNet | Ravi Iyer et al., 2022 |  | Transformer | Supplementary decoys |
| FixNet | Ines Moura et al., 2023 |  | Transformer | Corrections |
| ConcernNet | Pablo Vidal et al., 2022 |  | Transformer | Expression of concern |
| RetractNet | Nils Aberg et al., 2022 |  | Transformer | Retracted article |
| WithdrawNet | Sun Park et al., 2023 |  | Transformer | Retraction notice only |
| ProcNet | Jonas Falk et al., 2023 |  | Transformer | Workshop and journal |
| ChapNet | Eva Lindgren et al., 2021 |  | Transformer | Book chapter and journal |
| VerNet | Yu Chen et al., 2022 |  | Transformer | Preprint versions |
| SsrnNet | Hugo Brandt et al., 2022 |  | Transformer | SSRN copy |
| ThesisNet | Marta Silva et al., 2021 |  | Transformer | Thesis and article |
| ReplyNet | Karl Lenz et al., 2024 |  | Transformer | Reply to a comment |
| ArisingNet | Tove Berg et al., 2023 |  | Transformer | Matters arising |
| TwinPost | Noor Aziz et al., 2022 |  | Transformer | arXiv and bioRxiv |
| SquareNet | Lina Haas et al., 2023 |  | Transformer | Research Square |
| NameNet | Wei Zhang et al., 2023 |  | Transformer | Namesake |
| AbsNet | Greta Olsen et al., 2022 |  | Transformer | Meeting abstract |
| HopNet | Iris Kline et al., 2023 |  | Transformer | Relation to a notice |
| ArxLink | Ola Nordmann et al., 2023 |  | Transformer | arXiv relation to the lab's older paper |
| ZenLink | Pia Sand et al., 2023 |  | Transformer | arXiv relation to a software record |
| RetLink | [RetLink: attention over viral quasispecies](https://doi.org/10.5555/decoy.retlink-preprint). Ana Lobo et al. (2022) |  | Transformer | Linked preprint, retracted article |
| ThesisPre | Lars Moe et al., 2022 |  | Transformer | Preprint and thesis |
| RetFollow | Mona Eid et al., 2022 |  | Transformer | Retracted paper, the lab's follow-up |
| EliNet | Rhea Kunz et al., 2023 |  | Transformer | Reviewed-preprint versions |
| CompNet | Emil Roth et al., 2023 |  | Transformer | A companion paper with a near-identical title |
| CompPre | Vera Holt et al., 2023 |  | Transformer | A preprint and a companion paper one word apart |
| ZenoNet | [ZenoNet](https://doi.org/10.5555/decoy.zenonet-software) |  | Transformer | Zenodo software link |

## Papers

| Year | Title | Venue | Paper | Code |
|------|-------|-------|-------|------|
| 2023 | Learning enhancer grammar with attention across cell types | Journal of Test Genomics |  |  |
| 2022 | Sparse attention maps of ribosome profiling data | Journal of Test Genomics |  |  |
| 2023 | Attention models of chromatin loops in human cells | Journal of Test Genomics |  |  |
| 2022 | Deep learning for regulatory genomics | Nature Test Reviews Genetics |  |  |

## List

- **NewsNet** — Nature Test Methods, 2023 [paper]() [code]()
- **SupNet** — Cancer Test Research, 2022 [paper]() [code]()
"""  # noqa: E501 - Markdown rows as a list writes them

# model (or title) -> (DOI the row must get, preprint it must remember); None: must abstain
KEY: dict[str, tuple[str | None, str | None]] = {
    "PeerNet": ("10.5555/key.peernet", None),
    "SuppNet": ("10.5555/key.suppnet", None),
    "FixNet": ("10.5555/key.fixnet", None),
    "ConcernNet": ("10.5555/key.concernnet", None),
    "RetractNet": (None, None),
    "WithdrawNet": (None, None),
    "ProcNet": ("10.5555/key.procnet", "10.5555/key.procnet-preprint"),
    "ChapNet": ("10.5555/key.chapnet", "10.5555/key.chapnet-preprint"),
    "VerNet": ("10.5555/key.vernet", "any"),
    "SsrnNet": ("10.5555/key.ssrnnet", "10.5555/decoy.ssrnnet-ssrn"),
    "ThesisNet": ("10.5555/key.thesisnet", None),
    "ReplyNet": ("10.5555/key.replynet", None),
    "ArisingNet": ("10.5555/key.arisingnet", None),
    "TwinPost": ("10.5555/key.twinpost", "any"),
    "SquareNet": ("10.5555/key.squarenet", "10.5555/key.squarenet-rs"),
    "NameNet": (None, None),
    "AbsNet": ("10.5555/key.absnet", None),
    "HopNet": ("10.5555/key.hopnet-preprint", None),
    "ArxLink": ("10.48550/arxiv.2313.05555", None),
    "ZenLink": ("10.48550/arxiv.2313.06666", None),
    "RetLink": (None, None),
    "ThesisPre": ("10.5555/key.thesispre-preprint", None),
    "RetFollow": (None, None),
    "EliNet": ("10.5555/key.elinet", "10.5555/key.elinet-biorxiv"),
    "CompNet": ("10.5555/key.compnet", None),
    "CompPre": ("10.5555/key.comppre-preprint", None),
    "ZenoNet": (None, None),
    "**NewsNet**": ("10.5555/key.newsnet", None),
    "**SupNet**": (None, None),
    "Learning enhancer grammar with attention across cell types": ("10.5555/key.enhancer-grammar", None),
    "Sparse attention maps of ribosome profiling data": ("10.5555/key.ribo-maps", "10.5555/decoy.ribo-maps-ssrn"),
    "Attention models of chromatin loops in human cells": ("10.5555/key.loops", None),
    "Deep learning for regulatory genomics": ("10.5555/key.regulatory-review", None),
}
# Rows where abstaining is as good as the key: only the decoy must never be given.
MAY_ABSTAIN = frozenset({"**NewsNet**", "Deep learning for regulatory genomics"})

ROUX = [("Lea", "Roux"), ("Marc", "Petit"), ("Anne", "Colin")]
MOURA = [("Ines", "Moura"), ("Rui", "Alves")]
ABERG = [("Nils", "Aberg"), ("Sofia", "Ek"), ("Lars", "Holm")]
PARK = [("Sun", "Park"), ("Ji-ho", "Lee")]
FALK = [("Jonas", "Falk"), ("Mia", "Kranz"), ("Tim", "Roth")]
LINDGREN = [("Eva", "Lindgren"), ("Per", "Sund")]
CHEN = [("Yu", "Chen"), ("Li", "Wang"), ("Hao", "Lin")]
BRANDT = [("Hugo", "Brandt"), ("Ida", "Voss")]
SILVA = [("Marta", "Silva"), ("João", "Pires")]
LENZ = [("Karl", "Lenz"), ("Ute", "Sommer")]
BERG = [("Tove", "Berg"), ("Axel", "Nyman")]
AZIZ = [("Noor", "Aziz"), ("Omar", "Farah")]
HAAS = [("Lina", "Haas"), ("Jan", "Weiss")]
GRAMMAR = [("Amelie", "Fournier"), ("Theo", "Marchand")]
RIBO = [("Pia", "Kurz"), ("Ole", "Dahl")]
OLSEN = [("Greta", "Olsen"), ("Finn", "Dahl")]
KLINE = [("Iris", "Kline"), ("Leo", "Marsh")]
LOOPS = [("Nina", "Becker"), ("Paul", "Graf")]
NORDMANN = [("Ola", "Nordmann"), ("Kari", "Lie"), ("Per", "Dahl")]
LOBO = [("Ana", "Lobo"), ("Rui", "Sousa")]


def _relation(kind: str, doi: str) -> dict:
    return {kind: [{"id-type": "doi", "id": doi, "asserted-by": "subject"}]}


def datacite_record(doi: str, title: str, authors: list[tuple[str, str]], year: int, general: str,
                    note: str) -> dict:
    """reconstructed: an invented Zenodo-style DataCite record (software, dataset), shaped like
    datacite_doi_10.48550_arxiv.2201.06719.json."""
    return {
        "id": doi, "type": "dois",
        "attributes": {
            "doi": doi, "prefix": doi.split("/")[0], "suffix": doi.split("/")[1], "identifiers": [],
            "creators": [{"name": f"{family}, {given}", "nameType": "Personal", "givenName": given,
                          "familyName": family, "affiliation": [], "nameIdentifiers": []}
                         for given, family in authors],
            "titles": [{"title": title}], "publisher": "Zenodo", "container": {}, "publicationYear": year,
            "dates": [{"date": str(year), "dateType": "Issued"}],
            "types": {"resourceTypeGeneral": general, "resourceType": "", "bibtex": "misc"},
            "relatedIdentifiers": [], "descriptions": [], "url": f"https://zenodo.org/record/{doi.split('.')[-1]}",
            "state": "findable",
        },
        "relationships": {"client": {"data": {"id": "cern.zenodo", "type": "clients"}}},
        "reconstructed": True, "_note": note,
    }


CROSSREF = [
    # peer-review records (eLife/PeerJ style) titled like the paper, the paper's authors on the author response
    crossref_work("10.5555/key.peernet", "PeerNet: attention over protein interaction graphs", ROUX, 2023,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.peernet-review", "PeerNet: attention over protein interaction graphs", ROUX, 2023,
                  "decoy, reconstructed: author response, a peer-review record", type="peer-review",
                  relation=_relation("is-review-of", "10.5555/key.peernet")),
    crossref_work("10.5555/decoy.peernet-assessment", "PeerNet: attention over protein interaction graphs",
                  [("Eve", "Editor")], 2023, "decoy, reconstructed: editor's assessment", type="peer-review",
                  relation=_relation("is-review-of", "10.5555/key.peernet")),
    # a component DOI (supplementary figure) carrying the paper's title and authors
    crossref_work("10.5555/key.suppnet", "SuppNet: transformers for supplementary-rich assays",
                  [("Ravi", "Iyer"), ("Asha", "Rao")], 2022, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.suppnet.s001", "SuppNet: transformers for supplementary-rich assays",
                  [("Ravi", "Iyer"), ("Asha", "Rao")], 2022, "decoy, reconstructed: component, S1 Fig",
                  type="component", container=None, relation=_relation("is-part-of", "10.5555/key.suppnet")),
    # notices: a correction titled exactly like the paper (update-to only), and an "Author Correction: ..."
    crossref_work("10.5555/key.fixnet", "FixNet: repairing sequencing errors with attention", MOURA, 2023,
                  "reconstructed: invented paper (the row's)",
                  **{"updated-by": [_update("10.5555/decoy.fixnet-erratum", "correction", 2023)]}),
    crossref_work("10.5555/decoy.fixnet-erratum", "FixNet: repairing sequencing errors with attention", MOURA, 2023,
                  "decoy, reconstructed: erratum titled as the paper",
                  **{"update-to": [_update("10.5555/key.fixnet", "correction", 2023)]}),
    crossref_work("10.5555/decoy.fixnet-author-correction",
                  "Author Correction: FixNet: repairing sequencing errors with attention", MOURA, 2023,
                  "decoy, reconstructed: author correction",
                  **{"update-to": [_update("10.5555/key.fixnet", "correction", 2023)]}),
    # an expression of concern is not a retraction: the paper stands; the notice is not the paper
    crossref_work("10.5555/key.concernnet", "ConcernNet: transformers for protein stability", [("Pablo", "Vidal")],
                  2022, "reconstructed: invented paper (the row's)",
                  **{"updated-by": [_update("10.5555/decoy.concernnet-eoc", "expression_of_concern", 2023)]}),
    crossref_work("10.5555/decoy.concernnet-eoc",
                  "Expression of Concern: ConcernNet: transformers for protein stability", [("Pablo", "Vidal")], 2022,
                  "decoy, reconstructed: expression of concern notice",
                  **{"update-to": [_update("10.5555/key.concernnet", "expression_of_concern", 2023)]}),
    # a retracted version of record; its preprint (the row's year) says is-preprint-of: no DOI at all
    preprint("10.5555/decoy.retractnet-preprint", "RetractNet: language models of bacterial operons", ABERG, 2022,
             "decoy, reconstructed: preprint of a retracted article",
             relation=_relation("is-preprint-of", "10.5555/decoy.retractnet")),
    crossref_work("10.5555/decoy.retractnet", "Language models of bacterial operons", ABERG, 2023,
                  "decoy, reconstructed: retracted version of record, retitled",
                  **{"updated-by": [_update("10.5555/decoy.retractnet-retraction", "retraction", 2024)]}),
    # retraction stated on the notice only ("update-to"); the article's record carries nothing
    crossref_work("10.5555/decoy.withdrawnet", "WithdrawNet: attention for single-cell chromatin", PARK, 2023,
                  "decoy, reconstructed: retracted article without its updated-by"),
    crossref_work("10.5555/decoy.withdrawnet-notice",
                  "Retraction notice to \"WithdrawNet: attention for single-cell chromatin\"", PARK, 2024,
                  "decoy, reconstructed: the retraction notice",
                  **{"update-to": [_update("10.5555/decoy.withdrawnet", "retraction", 2024)]}),
    # a workshop proceedings-article and the journal article with the same title; the preprint names the journal
    crossref_work("10.5555/decoy.procnet-workshop", "ProcNet: transformers for mass spectra", FALK, 2023,
                  "decoy, reconstructed: workshop paper with the journal article's title",
                  type="proceedings-article", container="Proceedings of the Test Workshop"),
    crossref_work("10.5555/key.procnet", "ProcNet: transformers for mass spectra", FALK, 2023,
                  "reconstructed: invented version of record (the row's)",
                  relation=_relation("has-preprint", "10.5555/key.procnet-preprint")),
    preprint("10.5555/key.procnet-preprint", "ProcNet: transformers for mass spectra", FALK, 2023,
             "reconstructed: invented preprint", relation=_relation("is-preprint-of", "10.5555/key.procnet")),
    # a book chapter with the journal article's title, the year the row gives; the preprint names the journal
    crossref_work("10.5555/decoy.chapnet-chapter", "ChapNet: attention for metagenomic binning", LINDGREN, 2021,
                  "decoy, reconstructed: book chapter with the article's title", type="book-chapter",
                  container="Methods in Test Biology"),
    crossref_work("10.5555/key.chapnet", "ChapNet: attention for metagenomic binning", LINDGREN, 2022,
                  "reconstructed: invented version of record (the row's)"),
    preprint("10.5555/key.chapnet-preprint", "ChapNet: attention for metagenomic binning", LINDGREN, 2021,
             "reconstructed: invented preprint", relation=_relation("is-preprint-of", "10.5555/key.chapnet")),
    # a preprint server registering each version under its own DOI; only the latest states is-preprint-of a
    # retitled article
    preprint("10.5555/key.vernet-rs/v1", "VerNet: a transformer for T cell receptor specificity", CHEN, 2022,
             "reconstructed: invented preprint, version 1"),
    preprint("10.5555/key.vernet-rs/v2", "VerNet: a transformer for T cell receptor specificity", CHEN, 2022,
             "reconstructed: invented preprint, version 2",
             relation=_relation("is-preprint-of", "10.5555/key.vernet")),
    crossref_work("10.5555/key.vernet", "Predicting T cell receptor specificity with attention", CHEN, 2023,
                  "reconstructed: invented version of record, retitled"),
    # a preprint registered as a journal-article of "SSRN Electronic Journal" (the row's year), and the article
    crossref_work("10.5555/decoy.ssrnnet-ssrn", "SsrnNet: forecasting hospital demand with transformers", BRANDT,
                  2022, "decoy, reconstructed: SSRN preprint typed journal-article",
                  container="SSRN Electronic Journal", publisher="Elsevier BV"),
    crossref_work("10.5555/key.ssrnnet", "SsrnNet: forecasting hospital demand with transformers", BRANDT, 2023,
                  "reconstructed: invented version of record (the row's)"),
    # the first author's dissertation with the article's title, a year earlier (the row's year)
    crossref_work("10.5555/decoy.thesisnet-thesis", "ThesisNet: graph transformers for crystal structures", SILVA[:1],
                  2021, "decoy, reconstructed: dissertation with the article's title", type="dissertation",
                  container=None, institution=[{"name": "University of Test"}]),
    crossref_work("10.5555/key.thesisnet", "ThesisNet: graph transformers for crystal structures", SILVA, 2022,
                  "reconstructed: invented version of record (the row's)"),
    # a reply to a comment, by the paper's authors, the row's year; the paper a year earlier
    crossref_work("10.5555/key.replynet", "ReplyNet: predicting drug response from tumour transcriptomes", LENZ,
                  2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.replynet-reply",
                  "Reply to Okafor et al.: ReplyNet remains accurate on held-out tumour types", LENZ, 2024,
                  "decoy, reconstructed: a PNAS-style reply by the paper's authors"),
    crossref_work("10.5555/decoy.replynet-reply-2", "Authors' reply to ReplyNet: predicting drug response",
                  LENZ, 2024, "decoy, reconstructed: an authors' reply"),
    # matters arising on the paper, by others and the authors' reply
    crossref_work("10.5555/key.arisingnet", "ArisingNet: attention models of cardiac development", BERG, 2023,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.arisingnet-arising", "Matters arising: ArisingNet: attention models of cardiac "
                  "development", BERG, 2023, "decoy, reconstructed: matters arising, the authors listed"),
    crossref_work("10.5555/decoy.arisingnet-reply", "Reply to: ArisingNet: attention models of cardiac development",
                  BERG, 2023, "decoy, reconstructed: the authors' reply"),
    # one preprint on arXiv and bioRxiv; the article names only the bioRxiv one
    preprint("10.5555/key.twinpost-biorxiv", "TwinPost: contrastive learning of paired spatial omics", AZIZ, 2022,
             "reconstructed: invented bioRxiv preprint"),
    crossref_work("10.5555/key.twinpost", "TwinPost: contrastive learning of paired spatial omics", AZIZ, 2023,
                  "reconstructed: invented version of record (the row's)",
                  relation=_relation("has-preprint", "10.5555/key.twinpost-biorxiv")),
    # a Research Square preprint with the article's title, the row's year
    {**preprint("10.5555/key.squarenet-rs", "SquareNet: transformers for histopathology slides", HAAS, 2023,
                "reconstructed: invented Research Square preprint",
                relation=_relation("is-preprint-of", "10.5555/key.squarenet")),
     "institution": [{"name": "Research Square"}]},
    crossref_work("10.5555/key.squarenet", "SquareNet: transformers for histopathology slides", HAAS, 2024,
                  "reconstructed: invented version of record (the row's)"),
    # a namesake (same name) with the model opening a title the same year: two people, no telling them apart
    crossref_work("10.5555/decoy.namenet-a", "NameNet: attention for gene name disambiguation",
                  [("Wei", "Zhang"), ("Min", "Liu")], 2023, "decoy, reconstructed: one Wei Zhang's paper"),
    crossref_work("10.5555/decoy.namenet-b", "NameNet: a network for power grid forecasting",
                  [("Wei", "Zhang"), ("Jun", "Gao")], 2023, "decoy, reconstructed: a namesake's paper"),
    # title-only rows: the article, and the first author's dissertation with its title (sorts first)
    crossref_work("10.5555/key.enhancer-grammar", "Learning enhancer grammar with attention across cell types",
                  GRAMMAR, 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.enhancer-grammar-thesis", "Learning enhancer grammar with attention across cell "
                  "types", GRAMMAR[:1], 2023, "decoy, reconstructed: dissertation", type="dissertation",
                  container=None),
    crossref_work("10.5555/decoy.enhancer-grammar-review", "Learning enhancer grammar with attention across cell "
                  "types", [("Rita", "Reviewer")], 2023, "decoy, reconstructed: peer review", type="peer-review"),
    crossref_work("10.5555/key.ribo-maps", "Sparse attention maps of ribosome profiling data", RIBO, 2022,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.ribo-maps-ssrn", "Sparse attention maps of ribosome profiling data", RIBO, 2022,
                  "decoy, reconstructed: SSRN copy typed journal-article", container="SSRN Electronic Journal"),
    # a meeting abstract (AACR style, in a journal supplement) the row's year; the article the next year
    crossref_work("10.5555/decoy.absnet-abstract", "Abstract 1234: AbsNet: transformers for tumour evolution",
                  OLSEN, 2022, "decoy, reconstructed: meeting abstract typed journal-article",
                  container="Cancer Test Research", issue="12_Supplement", page="1234-1234"),
    crossref_work("10.5555/key.absnet", "AbsNet: transformers for tumour evolution", OLSEN, 2023,
                  "reconstructed: invented paper (the row's)"),
    # a preprint whose is-preprint-of names a correction notice by the same authors (a deposit error)
    preprint("10.5555/key.hopnet-preprint", "HopNet: attention over protein contact hops", KLINE, 2023,
             "reconstructed: invented preprint (the row's)",
             relation=_relation("is-preprint-of", "10.5555/decoy.hopnet-correction")),
    crossref_work("10.5555/decoy.hopnet-correction", "Correction to: Protein contact hops", KLINE, 2024,
                  "decoy, reconstructed: a notice named by a wrong preprint relation",
                  **{"update-to": [_update("10.5555/decoy.hopnet-other", "correction", 2024)]}),
    # a title-only row; the same first author's companion paper that year adds a subtitle to the same words
    crossref_work("10.5555/key.loops", "Attention models of chromatin loops in human cells", LOOPS, 2023,
                  "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.loops-benchmark", "Attention models of chromatin loops in human cells: a benchmark",
                  LOOPS, 2023, "decoy, reconstructed: the companion benchmark, the row's title plus a subtitle"),
    # the arXiv preprint's author-entered related DOI names the lab's older paper, published before the preprint
    crossref_work("10.5555/decoy.arxlink-old", "Sparse models of sea ice dynamics", NORDMANN, 2021,
                  "decoy, reconstructed: the same lab's earlier paper, named by a wrong IsVersionOf"),
    # a linked preprint whose version of record was retracted: no DOI
    preprint("10.5555/decoy.retlink-preprint", "RetLink: attention over viral quasispecies", LOBO, 2022,
             "decoy, reconstructed: the linked preprint",
             relation=_relation("is-preprint-of", "10.5555/decoy.retlink")),
    crossref_work("10.5555/decoy.retlink", "RetLink: attention over viral quasispecies", LOBO, 2023,
                  "decoy, reconstructed: its retracted version of record",
                  **{"updated-by": [_update("10.5555/decoy.retlink-retraction", "retraction", 2024)]}),
    # a venue and a year, no person: the paper names its model in the abstract only; a news piece in the same
    # journal and year, by a writer, makes the model its title's subject
    crossref_work("10.5555/key.newsnet", "A transformer model of chromatin accessibility",
                  [("Kira", "Vogel"), ("Jan", "Ott")], 2023, "reconstructed: invented paper (the row's)",
                  container="Nature Test Methods",
                  abstract="<jats:p>Here we present NewsNet, a transformer of chromatin accessibility.</jats:p>"),
    crossref_work("10.5555/decoy.newsnet-news", "NewsNet reads the chromatin code", [("Paul", "Writer")], 2023,
                  "decoy, reconstructed: a news and views piece on the paper", container="Nature Test Methods"),
    # a venue and a year, no person: only the meeting abstract, in the journal's supplement
    crossref_work("10.5555/decoy.supnet-abstract", "Abstract 2211: SupNet: transformers for tumour phylogenies",
                  [("Rosa", "Lind")], 2022, "decoy, reconstructed: meeting abstract", container="Cancer Test Research",
                  issue="7_Supplement"),
    # a preprint (the row's) and the first author's thesis with its title a year later: the thesis is no article
    preprint("10.5555/key.thesispre-preprint", "ThesisPre: transformers for glacier seismology",
             [("Lars", "Moe"), ("Siri", "Foss")], 2022, "reconstructed: invented preprint (the row's)"),
    crossref_work("10.5555/decoy.thesispre-thesis", "ThesisPre: transformers for glacier seismology",
                  [("Lars", "Moe")], 2023, "decoy, reconstructed: the first author's thesis with the preprint's title",
                  type="dissertation", container=None),
    # the row's paper (its year, its first author) was retracted; the lab's follow-up the next year also opens
    # with the model: the row means the retracted paper, so no DOI
    crossref_work("10.5555/decoy.retfollow", "RetFollow: attention models of coral bleaching",
                  [("Mona", "Eid"), ("Sami", "Aziz")], 2022, "decoy, reconstructed: the retracted paper (the row's)",
                  **{"updated-by": [_update("10.5555/decoy.retfollow-retraction", "retraction", 2023)]}),
    crossref_work("10.5555/decoy.retfollow-reefs", "RetFollow: forecasting bleaching across reef systems",
                  [("Mona", "Eid"), ("Lea", "Stone")], 2023, "decoy, reconstructed: the lab's follow-up"),
    # a journal that gives each reviewed version its own DOI (".1", ".2", the row's year) and the version of
    # record the next year, which names the bioRxiv preprint
    *(crossref_work(f"10.5555/key.elinet.{version}", "EliNet: attention over neural circuits",
                    [("Rhea", "Kunz"), ("Tom", "Ries")], 2023, f"reconstructed: invented reviewed version {version}")
      for version in (1, 2)),
    crossref_work("10.5555/key.elinet", "EliNet: attention over neural circuits", [("Rhea", "Kunz"), ("Tom", "Ries")],
                  2024, "reconstructed: invented version of record (the row's)",
                  relation=_relation("has-preprint", "10.5555/key.elinet-biorxiv")),
    preprint("10.5555/key.elinet-biorxiv", "EliNet: attention over neural circuits", [("Rhea", "Kunz")], 2022,
             "reconstructed: invented bioRxiv preprint"),
    # the group's companion paper the next year, its title one word apart, names its own preprint: not a version
    crossref_work("10.5555/key.compnet", "CompNet: attention models of enhancer activity in human cells",
                  [("Emil", "Roth"), ("Ada", "Wolf")], 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.compnet-mouse", "CompNet: attention models of enhancer activity in mouse cells",
                  [("Emil", "Roth"), ("Ida", "Lang")], 2024, "decoy, reconstructed: the companion paper",
                  relation=_relation("has-preprint", "10.5555/decoy.compnet-mouse-preprint")),
    # the row's preprint; the group's article the next year has the title with one word changed (another organism)
    # and names no preprint: another work, not the preprint's version of record
    preprint("10.5555/key.comppre-preprint", "CompPre: attention models of splicing regulation in human tissues",
             [("Vera", "Holt"), ("Jon", "Berg")], 2023, "reconstructed: invented preprint (the row's)"),
    crossref_work("10.5555/decoy.comppre-plant", "CompPre: attention models of splicing regulation in plant tissues",
                  [("Vera", "Holt"), ("Mia", "Sand")], 2024, "decoy, reconstructed: the companion paper"),
    # a title-only row with a generic title: the venue the row names holds one, another journal the other
    crossref_work("10.5555/key.regulatory-review", "Deep learning for regulatory genomics",
                  [("Ulla", "Kemp")], 2022, "reconstructed: invented review (the row's)",
                  container="Nature Test Reviews Genetics"),
    crossref_work("10.5555/decoy.regulatory-review", "Deep learning for regulatory genomics",
                  [("Omar", "Nabil")], 2022, "decoy, reconstructed: the same title in another journal",
                  container="Briefings in Test"),
]

DATACITE = [
    arxiv_record("10.48550/arxiv.2213.00777", "TwinPost: contrastive learning of paired spatial omics", AZIZ, 2022,
                 "reconstructed: invented arXiv posting of the bioRxiv preprint"),
    {**(record := arxiv_record("10.48550/arxiv.2313.05555", "ArxLink: transformers for sea ice forecasting",
                                NORDMANN, 2023, "reconstructed: invented arXiv preprint (the row's)")),
     "attributes": {**record["attributes"], "relatedIdentifiers": [
         {"relationType": "IsVersionOf", "relatedIdentifier": "10.5555/decoy.arxlink-old",
          "relatedIdentifierType": "DOI"}]}},
    {**(record := arxiv_record("10.48550/arxiv.2313.06666", "ZenLink: attention for soil metagenomes",
                                [("Pia", "Sand"), ("Erik", "Berg")], 2023,
                                "reconstructed: invented arXiv preprint (the row's)")),
     "attributes": {**record["attributes"], "relatedIdentifiers": [
         {"relationType": "IsVersionOf", "relatedIdentifier": "10.5555/decoy.zenlink-software",
          "relatedIdentifierType": "DOI"}]}},
    datacite_record("10.5555/decoy.zenlink-software", "ZenLink: attention for soil metagenomes",
                    [("Pia", "Sand"), ("Erik", "Berg")], 2023, "Software",
                    "decoy, reconstructed: the code's Zenodo record, named by the preprint's IsVersionOf"),
    datacite_record("10.5555/decoy.zenonet-software", "ZenoNet: transformers for ocean genomics",
                    [("Ana", "Costa")], 2023, "Software", "decoy, reconstructed: Zenodo software record"),
    datacite_record("10.5555/decoy.zenonet-dataset", "ZenoNet: transformers for ocean genomics",
                    [("Ana", "Costa")], 2023, "Dataset", "decoy, reconstructed: Zenodo dataset record"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """One CLI run over the red-team catalogue; the paper part of each row's report entry, by model or title."""
    folder = tmp_path_factory.mktemp("redteam-paper")
    catalogue = folder / "README.md"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch, FakeServices(Corpus(crossref=CROSSREF,
                                                                          datacite=DATACITE)) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("ENRICH_MAILTO", "redteam@example.org")
        main(["run", "--no-code", "--catalogue", str(catalogue), "--bib", str(folder / "references.bib"),
              "--report", str(folder / "report.json")])
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        by_line = {entry["line"]: entry["paper"] for entry in report["entries"]}
        yield {row: by_line[_line_of(row)] for row in KEY}


def _line_of(row: str) -> int:
    """The 1-based catalogue line of the row naming `row` (a model, or a title in the title-only table)."""
    return next(number for number, line in enumerate(CATALOGUE.splitlines(), 1)
                if f"| {row} |" in line or line.startswith(f"- {row} "))


def _outcome(paper: dict, row: str) -> tuple[str | None, str | None]:
    preprint_doi = paper["preprint_doi"]
    if KEY[row][1] == "any" and preprint_doi:
        preprint_doi = "any"
    if row in MAY_ABSTAIN and paper["doi"] is None:
        return KEY[row]
    return paper["doi"], preprint_doi


@pytest.mark.parametrize("row", sorted(KEY))
def test_row_gets_the_key_doi_or_abstains(papers: dict[str, dict], row: str) -> None:
    """Each probe: the row's DOI and remembered preprint are the key's (None: no DOI at all)."""
    assert _outcome(papers[row], row) == KEY[row]


# ---------------------------------------------------------------- the rules, on plain values (reconstructed records)


@pytest.mark.parametrize("title", [
    "Reply to Okafor et al.: ReplyNet remains accurate on held-out tumour types",
    "Reply to ReplyNet: predicting drug response",
    "Response to Okafor et al.: ReplyNet remains accurate",
    "Abstract 1234: ReplyNet: predicting drug response",
    "Abstract LB-042: ReplyNet: predicting drug response",
])
def test_replies_and_meeting_abstracts_are_not_the_paper(title: str) -> None:
    """A reply to a comment and a meeting abstract carry the model and the authors, but are not the paper."""
    work = make_work("10.5555/decoy.reply", title, "Lenz", "Karl", 2024)
    objections = kinds(score_candidate(make_entry("ReplyNet", ("Karl Lenz",), 2024), work).objections)
    assert bool({Kind.NOTICE_TITLE, Kind.NOT_A_PAPER} & set(objections)) is True


@pytest.mark.parametrize(("title", "issue"), [
    ("ReplyNet: predicting drug response from tumour transcriptomes", "Supplement_1"),
    ("Response to immunotherapy predicted by ReplyNet", None),
    ("Abstract representations of drug response with ReplyNet", None),
])
def test_papers_resembling_replies_or_abstracts_stay_papers(title: str, issue: str | None) -> None:
    """An ISMB paper in a "Supplement_1" issue, "Response to immunotherapy ..." and "Abstract representations ..."
    are papers."""
    work = make_work("10.5555/key.paper", title, "Lenz", "Karl", 2024, issue=issue)
    objections = kinds(score_candidate(make_entry("ReplyNet", ("Karl Lenz",), 2024), work).objections)
    assert {Kind.NOTICE_TITLE, Kind.NOT_A_PAPER} & set(objections) == set()


def test_ssrn_journal_article_is_a_preprint() -> None:
    """SSRN registers preprints as journal articles of "SSRN Electronic Journal"; a journal's article is none."""
    ssrn = make_work("10.5555/decoy.ssrn", "SsrnNet: forecasting", "Brandt", container="SSRN Electronic Journal")
    article = make_work("10.5555/key.article", "SsrnNet: forecasting", "Brandt", container="Journal of Test Genomics")
    assert (is_preprint(ssrn), is_preprint(article)) == (True, False)


def test_thesis_alone_is_still_accepted() -> None:
    """Without an article of the same title, the first author's thesis naming the model stays acceptable."""
    thesis = make_work("10.5555/key.thesis", "ThesisNet: graph transformers for crystal structures", "Silva",
                       "Marta", 2021, "dissertation")
    decided = verdict(make_entry("ThesisNet", ("Marta Silva",), 2021), [thesis])
    assert decided.accepted is not None and decided.accepted.work.doi == "10.5555/key.thesis"


def test_without_a_relation_the_most_confident_of_two_articles_stays() -> None:
    """A proceedings paper and a journal article with one title, neither named by a preprint: the row's year wins."""
    proceedings = make_work("10.5555/key.proceedings", "ProcNet: transformers for mass spectra", "Falk", "Jonas",
                            2023, "proceedings-article")
    journal = make_work("10.5555/decoy.journal", "ProcNet: transformers for mass spectra", "Falk", "Jonas", 2024)
    decided = verdict(make_entry("ProcNet", ("Jonas Falk",), 2023), [journal, proceedings])
    assert decided.accepted is not None and decided.accepted.work.doi == "10.5555/key.proceedings"


def test_title_inside_a_longer_title_is_close_not_identical() -> None:
    """"T" inside "T: a benchmark" still passes the title bar, below the exact title."""
    row = "Attention models of chromatin loops in human cells"
    assert (title_similarity(row, row), title_similarity(row, f"{row}: a benchmark")) == (1.0, 0.97)


def test_record_published_before_its_preprint_keeps_its_relation_when_titled_alike() -> None:
    """An article posted to arXiv after it was published, under its own title, is still its version of record;
    retitled and dated before the preprint, it is the group's earlier paper."""
    posted = make_work("10.48550/arxiv.2313.07777", "LateNet: transformers for river deltas", "Holm", "Siv", 2023,
                       "posted-content", is_preprint=True, preprint_of=("10.5555/key.latenet",))
    article = make_work("10.5555/key.latenet", "LateNet: transformers for river deltas", "Holm", "Siv", 2021)
    earlier = replace(article, title="Sediment transport in braided rivers")
    entry = make_entry("LateNet", ("Siv Holm",), 2023)
    assert (kinds(verify_version(entry, posted, article, becomes_record=True)),
            kinds(verify_version(entry, posted, earlier, becomes_record=True))) == ((), (Kind.VERSION_YEARS_APART,))


@pytest.mark.parametrize(("preprint_title", "article_title", "pairs"), [
    ("scGPT: Towards building a foundation model for single-cell multi-omics",
     "scGPT: toward building a foundation model for single-cell multi-omics", True),
    ("Large Scale Foundation Model on Single-cell Transcriptomics",
     "Large-scale foundation model on single-cell transcriptomics", True),
    ("CompPre: attention models of splicing regulation in human tissues",
     "CompPre: attention models of splicing regulation in plant tissues", False),
])
def test_unrelated_versions_may_differ_in_word_forms_not_in_words(preprint_title: str, article_title: str,
                                                                  pairs: bool) -> None:
    """Without a stated relation, "Towards"/"toward" and "Large Scale"/"Large-scale" are one title; a word
    swapped for another ("human" / "plant") is the group's other paper."""
    posted = make_work("10.5555/key.posted", preprint_title, "Holt", "Vera", 2023, "posted-content", is_preprint=True)
    article = make_work("10.5555/key.article", article_title, "Holt", "Vera", 2024)
    entry = make_entry("CompPre", ("Vera Holt",), 2023)
    assert (verify_version(entry, posted, article, becomes_record=True) == ()) is pairs
