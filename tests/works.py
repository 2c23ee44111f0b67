"""Reconstructed WorkRecords shared by the matching and resolution tests (composed by us from public metadata of
the papers named, never recorded)."""

from __future__ import annotations

from collections.abc import Sequence

from enrich.evidence import Evidence, Kind
from enrich.records import Author, WorkRecord


def make_work(doi: str, title: str, family: str, given: str | None = None, year: int | None = 2024,
              type_: str = "journal-article", source: str = "crossref", **fields: object) -> WorkRecord:
    return WorkRecord(doi=doi, title=title, source=source, type=type_, authors=(Author(family, given),), year=year,
                      **fields)  # type: ignore[arg-type]


SCGPT_TITLE = "scGPT: toward building a foundation model for single-cell multi-omics using generative AI"
SCGPT = make_work("10.1038/s41592-024-02201-0", SCGPT_TITLE, "Cui", "Haotian", 2024,
                  has_preprint=("10.1101/2023.04.30.538439",))
SCGPT_PREPRINT = make_work(
    "10.1101/2023.04.30.538439",
    "scGPT: Towards Building a Foundation Model for Single-Cell Multi-omics Using Generative AI",
    "Cui", "Haotian", 2023, "posted-content", is_preprint=True, subtype="preprint",
)
STGRNS = make_work(
    "10.1093/bioinformatics/btad165",
    "STGRNS: an interpretable transformer-based method for inferring gene regulatory networks from single-cell "
    "transcriptomic data", "Xu", "Jing", 2023,
)
CIFORM = make_work(
    "10.1093/bib/bbad195",
    "CIForm as a Transformer-based model for cell-type annotation of large-scale single-cell RNA-seq data",
    "Xu", "Jing", 2023,
)


def kinds(items: Sequence[Evidence]) -> tuple[Kind, ...]:
    """The kinds of evidence, objections or reasons, in order: what tests assert on instead of wording."""
    return tuple(item.kind for item in items)
