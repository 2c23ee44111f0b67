"""What a repository cites: DOIs, arXiv ids and titles in README, CITATION.cff, description and homepage.

Every README, CITATION.cff and identifier below is reconstructed (composed for these tests; DOIs under the test
prefix 10.5555 or shaped like bioRxiv's), and so are the repositories served by the GitHub fake.
"""

from __future__ import annotations

from pathlib import Path

from enrich.cache import Cache
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.repo_citations import Cited, Where, cff_citations, read_citations, readme_citations
from tests.fakes.github import GitHubFake
from tests.fakes.server import FakeServer

TITLE = "Widgetformer learns the grammar of widgets across tissues"

BIBTEX_README = """# Widgetformer

Code for the paper.

## Citation

```bibtex
@article{doe2024widgetformer,
  title = {{Widgetformer} learns the grammar of widgets across tissues},
  author = {Doe, Jane and Roe, Richard},
  journal = {Widget Journal},
  year = {2024},
  doi = {10.5555/WIDGET.2024.7}
}
```
"""

CFF = """cff-version: 1.2.0
message: "If you use this software, please cite the article below."
title: widgetformer
doi: 10.5555/zenodo.999
preferred-citation:
  type: article
  title: "Widgetformer learns the grammar of widgets across tissues"
  authors:
    - family-names: Doe
      given-names: Jane
  doi: "10.5555/widget.2024.7"
  identifiers:
    - type: url
      value: "https://arxiv.org/abs/2401.01234v3"
references:
  - type: article
    title: "A library this code uses for plotting widgets"
    doi: "10.5555/plotting.1"
"""


def kinds_values(items) -> list[tuple[Cited, str, bool]]:
    return [(item.kind, item.value, item.formal) for item in items]


def test_bibtex_block_gives_doi_and_title_as_formal() -> None:
    """A BibTeX block in a citation section is the repository's own claim: DOI (lower-case) and title."""
    found = readme_citations(BIBTEX_README)
    assert kinds_values(found) == [(Cited.DOI, "10.5555/widget.2024.7", True), (Cited.TITLE, TITLE, True)]
    assert found[1].first_author == "Doe"


def test_preprint_server_links_lose_version_and_suffix() -> None:
    """bioRxiv and medRxiv links name the preprint's DOI without 'v2' or '.full'."""
    text = ("Preprint: https://www.biorxiv.org/content/10.1101/2023.04.30.538439v2.full and "
            "https://www.medrxiv.org/content/10.1101/2022.11.02.22281234v1")
    assert [item.value for item in readme_citations(text)] == ["10.1101/2023.04.30.538439",
                                                              "10.1101/2022.11.02.22281234"]


def test_doi_lines_and_arxiv_ids() -> None:
    """`doi:` lines, doi.org links, arXiv URLs and `arXiv:` references, in reading order, outside a citation
    section not formal."""
    text = "doi:10.5555/a.1. See https://doi.org/10.5555/B.2 and arXiv:2306.15794v2, https://arxiv.org/abs/2401.00001"
    assert kinds_values(readme_citations(text)) == [
        (Cited.DOI, "10.5555/a.1", False), (Cited.DOI, "10.5555/b.2", False),
        (Cited.ARXIV, "2306.15794", False), (Cited.ARXIV, "2401.00001", False)]


def test_bold_title_and_plain_reference_in_citation_section() -> None:
    """A bold title anywhere, and a plain reference ('X et al. Title. Journal (Year).') under a citation heading."""
    text = (f"# Tool\n\nThe official code of **{TITLE}**.\n\n## How to cite\n\n"
            "Roe, R. et al. Gadgets predict widget expression from sequence. Widget J (2023).\n")
    assert kinds_values(readme_citations(text)) == [
        (Cited.TITLE, TITLE, False), (Cited.TITLE, "Gadgets predict widget expression from sequence", True)]


def test_short_bold_text_is_not_a_title() -> None:
    """Bold words such as **Note** or **Installation steps** are not titles (fewer than four words)."""
    assert readme_citations("**Note:** see **Installation steps** below.") == []


def test_citation_cff_preferred_citation_then_top_level() -> None:
    """CITATION.cff: preferred-citation's DOI, arXiv identifier and title, then the top-level DOI; `references`
    (works the software uses) are not read."""
    assert kinds_values(cff_citations(CFF)) == [
        (Cited.DOI, "10.5555/widget.2024.7", True), (Cited.ARXIV, "2401.01234", True), (Cited.TITLE, TITLE, True),
        (Cited.DOI, "10.5555/zenodo.999", True)]


def test_broken_citation_cff_reads_as_nothing() -> None:
    """A CITATION.cff that is not YAML, or not a mapping, gives no citation and no error."""
    assert (cff_citations("title: [unclosed"), cff_citations("- just a list")) == ([], [])


def test_description_and_homepage() -> None:
    """The description's DOI and quoted title, and a homepage that is the paper's page, are formal claims."""
    found = read_citations(description=f"Code for '{TITLE}' (doi:10.5555/widget.2024.7)",
                           homepage="https://www.nature.com/articles/s41592-024-02201-0")
    assert [(item.kind, item.value, item.where, item.formal) for item in found.items] == [
        (Cited.DOI, "10.5555/widget.2024.7", Where.DESCRIPTION, True),
        (Cited.TITLE, TITLE, Where.DESCRIPTION, True),
        (Cited.TITLE, f"Code for '{TITLE}' (doi:10.5555/widget.2024.7)", Where.DESCRIPTION, False),
        (Cited.DOI, "10.1038/s41592-024-02201-0", Where.HOMEPAGE, True)]


def test_repeats_are_merged_keeping_the_formal_one() -> None:
    """A DOI cited twice is one citation; formal wins over informal."""
    found = read_citations(readme="doi:10.5555/x.1", cff="doi: 10.5555/x.1\n")
    assert [(item.value, item.where, item.formal) for item in found.items] == [
        ("10.5555/x.1", Where.CITATION_CFF, True)]


def test_arxiv_citation_names_its_datacite_doi() -> None:
    """An arXiv id is looked up as its DataCite DOI."""
    assert read_citations(readme="arXiv:2306.15794").dois() == ["10.48550/arxiv.2306.15794"]


# ---------------------------------------------------------------- the client reads CITATION.cff


def test_client_reads_citation_cff_and_404(tmp_path: Path) -> None:
    """GET /repos/{o}/{n}/contents/CITATION.cff: decoded text; a repository without one gives ""; both cached."""
    fake = GitHubFake([
        {"repo": {"full_name": "widget-lab/widgetformer"}, "readme": "# W\n", "files": {"CITATION.cff": CFF}},
        {"repo": {"full_name": "widget-lab/plain"}, "readme": "# P\n"},
    ])
    with FakeServer(fake.routes()) as server:
        def client() -> GitHubClient:
            return GitHubClient(ServiceConfig(github_url=server.url), Cache(tmp_path / "cache"),
                                retry=RetryPolicy(attempts=2, initial=0.0, maximum=0.0),
                                pacer=Pacer(rate=1000.0, concurrency=1))
        first = (client().file("widget-lab/widgetformer", "CITATION.cff"), client().file("widget-lab/plain",
                                                                                        "CITATION.cff"))
        used = fake.quota_used("core")
        again = client().file("widget-lab/widgetformer", "CITATION.cff")
    assert (first, again, used, fake.quota_used("core")) == ((CFF, ""), CFF, 2, 2)
