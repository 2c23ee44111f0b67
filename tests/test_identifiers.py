"""DOIs and arXiv ids from URLs and text. URLs are reconstructed from the public URL schemes of each site."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrich.identifiers import (
    arxiv_doi,
    arxiv_id_from,
    arxiv_id_of_doi,
    doi_candidates,
    doi_from_url,
    is_arxiv_doi,
    normalise_doi,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.1038/s41592-024-02305-7", "10.1038/s41592-024-02305-7"),
        ("http://dx.doi.org/10.1101/2023.04.30.538439", "10.1101/2023.04.30.538439"),
        ("https://doi.org/10.1038%2FS41592-024-02305-7", "10.1038/s41592-024-02305-7"),
        ("https://www.nature.com/articles/s41592-024-02305-7", "10.1038/s41592-024-02305-7"),
        ("https://www.nature.com/articles/s41586-021-03819-2.pdf", "10.1038/s41586-021-03819-2"),
        ("https://www.biorxiv.org/content/10.1101/2023.04.30.538439v2", "10.1101/2023.04.30.538439"),
        ("https://www.biorxiv.org/content/10.1101/2023.04.30.538439v2.full", "10.1101/2023.04.30.538439"),
        ("https://www.biorxiv.org/content/10.1101/2023.04.30.538439v1.full.pdf", "10.1101/2023.04.30.538439"),
        ("https://www.medrxiv.org/content/10.1101/2020.01.01.123456v1.abstract", "10.1101/2020.01.01.123456"),
        ("https://www.biorxiv.org/content/10.1101/014852v3", "10.1101/014852"),
        ("https://www.biorxiv.org/content/early/2018/01/01/123456", "10.1101/123456"),
        ("https://arxiv.org/abs/2306.15794", "10.48550/arxiv.2306.15794"),
        ("https://arxiv.org/abs/2306.15794v2", "10.48550/arxiv.2306.15794"),
        ("https://arxiv.org/pdf/2306.15794v2.pdf", "10.48550/arxiv.2306.15794"),
        ("https://arxiv.org/abs/q-bio/0601001v1", "10.48550/arxiv.q-bio/0601001"),
        ("https://link.springer.com/article/10.1007/s10994-021-06079-4", "10.1007/s10994-021-06079-4"),
        ("https://onlinelibrary.wiley.com/doi/10.1002/advs.202300001", "10.1002/advs.202300001"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/advs.202300001", "10.1002/advs.202300001"),
        ("https://www.science.org/doi/10.1126/science.abc1234", "10.1126/science.abc1234"),
        ("https://www.pnas.org/doi/abs/10.1073/pnas.2000000117?af=R", "10.1073/pnas.2000000117"),
        ("https://academic.example/doi/pdf/10.1093/NAR/gkab123", "10.1093/nar/gkab123"),
        ("https://www.frontiersin.org/articles/10.3389/fgene.2023.1112345/full", "10.3389/fgene.2023.1112345"),
        ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0033693", "10.1371/journal.pone.0033693"),
    ],
)
def test_doi_from_url_derives_the_doi(url: str, expected: str) -> None:
    """Each URL scheme that carries a DOI yields it, lower-case and without version or page suffixes."""
    assert doi_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://academic.oup.com/bioinformatics/article/39/1/btac123/6900000",
        "https://www.sciencedirect.com/science/article/pii/S0092867423001234",
        "https://www.cell.com/cell/fulltext/S0092-8674(23)00123-4",
        "https://github.com/bowang-lab/scGPT",
        "https://openreview.net/forum?id=abc",
        "#",
        "",
    ],
)
def test_doi_from_url_returns_none_without_a_doi(url: str) -> None:
    """URLs that carry no DOI give None rather than a guess."""
    assert doi_from_url(url) is None


def test_normalise_doi_strips_prefix_and_trailing_punctuation() -> None:
    """'doi:' prefixes, URL forms and a sentence's full stop are removed; the DOI is lower-cased."""
    assert normalise_doi("doi: 10.1038/S41592-024-02305-7.") == "10.1038/s41592-024-02305-7"


def test_normalise_doi_decodes_url_escapes() -> None:
    """A percent-encoded slash is decoded."""
    assert normalise_doi("https://doi.org/10.1101%2F2023.04.30.538439") == "10.1101/2023.04.30.538439"


def test_normalise_doi_without_doi_is_none() -> None:
    """Text with no DOI gives None."""
    assert normalise_doi("Haotian Cui et al., 2024") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv:2306.15794v2", "2306.15794"),
        ("10.48550/arXiv.2306.15794", "2306.15794"),
        ("https://arxiv.org/abs/2106.01234", "2106.01234"),
        ("2306.15794", "2306.15794"),
        ("arXiv:hep-th/9901001v3", "hep-th/9901001"),
        ("https://arxiv.org/abs/q-bio.GN/0601001", "q-bio.gn/0601001"),
    ],
)
def test_arxiv_id_from_finds_new_and_old_ids(text: str, expected: str) -> None:
    """New-style (YYMM.NNNNN) and old-style (archive/NNNNNNN) ids are found, versions dropped."""
    assert arxiv_id_from(text) == expected


@pytest.mark.parametrize("text", ["pages 2306.15794", "10.1101/2023.04.30.538439", "arXiv: none", "2313.15794"])
def test_arxiv_id_from_ignores_numbers_that_are_not_arxiv_ids(text: str) -> None:
    """A number outside an arXiv context, a bioRxiv DOI or an impossible month is not an arXiv id."""
    assert arxiv_id_from(text) is None


def test_is_arxiv_doi_is_case_insensitive() -> None:
    """DataCite spells arXiv DOIs with a capital X; both spellings count."""
    assert (is_arxiv_doi("10.48550/arXiv.2306.15794"), is_arxiv_doi("10.1101/2023.04.30.538439")) == (True, False)


@given(st.from_regex(r"\A\d{2}(0[1-9]|1[0-2])\.\d{5}\Z"), st.integers(min_value=1, max_value=9))
def test_arxiv_url_and_doi_round_trip(arxiv_id: str, version: int) -> None:
    """Any versioned arXiv abs URL gives the DOI whose id arxiv_id_from reads back."""
    doi = doi_from_url(f"https://arxiv.org/abs/{arxiv_id}v{version}")
    assert (doi, arxiv_id_from(doi or "")) == (arxiv_doi(arxiv_id), arxiv_id)


@pytest.mark.parametrize("target, expected", [
    ("https://academic.oup.com/bib/article/doi/10.1093/bib/bbad195/7169137",
     ("10.1093/bib/bbad195/7169137", "10.1093/bib/bbad195")),
    ("https://doi.org/10.1038/s41592-024-02201-0", ("10.1038/s41592-024-02201-0",)),
    ("doi:10.1093/bioinformatics/btad165", ("10.1093/bioinformatics/btad165",)),
    ("arXiv:2210.14330", ("10.48550/arxiv.2210.14330",)),
    ("https://example.org/paper", ()),
])
def test_doi_candidates(target: str, expected: tuple[str, ...]) -> None:
    """Publisher paths may carry trailing segments; exact hosts and bare identifiers name one DOI."""
    assert doi_candidates(target) == expected


def test_arxiv_id_of_doi_reads_only_arxiv_dois() -> None:
    """An arXiv DOI gives its id; a DOI that only contains 'arxiv' elsewhere gives None."""
    assert (arxiv_id_of_doi("10.48550/arxiv.2306.15794"), arxiv_id_of_doi("10.1101/arxiv.2306.15794"),
            arxiv_id_of_doi("10.48550/zenodo.123")) == ("2306.15794", None, None)
