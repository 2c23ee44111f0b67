"""Tests for enrich.bibtex.

Every WorkRecord here is reconstructed (composed by us from public metadata), not recorded.
"""

from __future__ import annotations

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.bibtex import BibItem, base_key, render_bibtex, validate_bibtex
from enrich.records import Author, WorkRecord

# reconstructed
SCGPT = WorkRecord(
    doi="10.1038/s41592-024-02201-0",
    title="scGPT: toward building a foundation model for single-cell multi-omics using generative AI",
    source="crossref",
    type="journal-article",
    authors=(Author("Cui", "Haotian"), Author("Wang", "Chloe"), Author("Wang", "Bo")),
    year=2024,
    container="Nature Methods",
    publisher="Springer Science and Business Media LLC",
    volume="21",
    issue="8",
    pages="1470\u20131480",
)
# reconstructed
ENFORMER = WorkRecord(
    doi="10.1038/s41592-021-01252-x",
    title="Effective gene expression prediction from sequence by integrating long-range interactions",
    source="crossref",
    type="journal-article",
    authors=(Author("Avsec", "\u017diga"), Author("Kelley", "David R.")),
    year=2021,
    container="Nature Methods",
)
# reconstructed
HYENADNA_ARXIV = WorkRecord(
    doi="10.48550/arxiv.2306.15794",
    title="HyenaDNA: Long-Range Genomic Sequence Modeling at Single Nucleotide Resolution",
    source="datacite",
    type="posted-content",
    authors=(Author("Nguyen", "Eric"),),
    year=2023,
    container="arXiv",
    is_preprint=True,
)
# reconstructed
NT_BIORXIV = WorkRecord(
    doi="10.1101/2023.01.11.523679",
    title="The Nucleotide Transformer: Building and Evaluating Robust Foundation Models for Human Genomics",
    source="crossref",
    type="posted-content",
    subtype="preprint",
    is_preprint=True,
    authors=(Author("Dalla-Torre", "Hugo"),),
    year=2023,
    container="bioRxiv",
    publisher="Cold Spring Harbor Laboratory",
)


def _work(doi: str, title: str, **changes: object) -> WorkRecord:
    fields: dict[str, object] = {
        "doi": doi,
        "title": title,
        "source": "crossref",
        "type": "journal-article",
        "authors": (Author("Cui", "Haotian"),),
        "year": 2024,
        "container": "Genome Biology",
    }
    fields.update(changes)
    return WorkRecord(**fields)  # type: ignore[arg-type]


def _field(text: str, key: str, name: str) -> str:
    return bibtexparser.parse_string(text).entries_dict[key][name]


def test_journal_article_renders_fixed_layout() -> None:
    """A journal article becomes @article with fields in the fixed order, two-space indent."""
    text = render_bibtex([BibItem(SCGPT, "https://github.com/bowang-lab/scGPT", "scGPT")])
    assert text == (
        "@article{cui2024scgpt,\n"
        "  author = {Cui, Haotian and Wang, Chloe and Wang, Bo},\n"
        "  title = {{scGPT}: toward building a foundation model for single-cell multi-omics"
        " using generative {AI}},\n"
        "  journal = {Nature Methods},\n"
        "  year = {2024},\n"
        "  volume = {21},\n"
        "  number = {8},\n"
        "  pages = {1470--1480},\n"
        "  publisher = {Springer Science and Business Media LLC},\n"
        "  doi = {10.1038/s41592-024-02201-0},\n"
        "  url = {https://doi.org/10.1038/s41592-024-02201-0},\n"
        "  note = {Code: \\url{https://github.com/bowang-lab/scGPT}}\n"
        "}\n"
    )


def test_duplicate_doi_gives_one_entry() -> None:
    """Two catalogue rows with the same DOI produce a single entry, keeping the code link."""
    text = render_bibtex(
        [BibItem(SCGPT, None, "scGPT"), BibItem(SCGPT, "https://github.com/bowang-lab/scGPT", "scGPT")]
    )
    library = bibtexparser.parse_string(text)
    assert [entry.key for entry in library.entries] == ["cui2024scgpt"]
    assert library.entries[0]["note"] == "Code: \\url{https://github.com/bowang-lab/scGPT}"


def test_arxiv_record_is_misc_with_eprint() -> None:
    """An arXiv DataCite record becomes @misc with eprint and archivePrefix."""
    text = render_bibtex([BibItem(HYENADNA_ARXIV, None, "HyenaDNA")])
    assert text == (
        "@misc{nguyen2023hyenadna,\n"
        "  author = {Nguyen, Eric},\n"
        "  title = {{HyenaDNA}: {Long-Range} Genomic Sequence Modeling at Single Nucleotide Resolution},\n"
        "  howpublished = {arXiv},\n"
        "  year = {2023},\n"
        "  doi = {10.48550/arxiv.2306.15794},\n"
        "  url = {https://doi.org/10.48550/arxiv.2306.15794},\n"
        "  eprint = {2306.15794},\n"
        "  archivePrefix = {arXiv},\n"
        "  note = {Preprint.}\n"
        "}\n"
    )


def test_biorxiv_preprint_is_misc_with_server() -> None:
    """A bioRxiv posted-content preprint becomes @misc, howpublished bioRxiv, note Preprint."""
    text = render_bibtex([BibItem(NT_BIORXIV, None, "Nucleotide Transformer")])
    assert text == (
        "@misc{dallatorre2023nucleotidetransformer,\n"
        "  author = {Dalla-Torre, Hugo},\n"
        "  title = {The {Nucleotide Transformer}: Building and Evaluating Robust Foundation Models"
        " for Human Genomics},\n"
        "  howpublished = {bioRxiv},\n"
        "  year = {2023},\n"
        "  publisher = {Cold Spring Harbor Laboratory},\n"
        "  doi = {10.1101/2023.01.11.523679},\n"
        "  url = {https://doi.org/10.1101/2023.01.11.523679},\n"
        "  note = {Preprint.}\n"
        "}\n"
    )


def test_published_work_carries_its_arxiv_preprint() -> None:
    """A journal article whose preprint is on arXiv gets eprint fields."""
    text = render_bibtex([BibItem(SCGPT, None, "scGPT", preprint=HYENADNA_ARXIV)])
    assert _field(text, "cui2024scgpt", "eprint") == "2306.15794"
    assert _field(text, "cui2024scgpt", "archivePrefix") == "arXiv"


def test_proceedings_article_is_inproceedings() -> None:
    """A proceedings article becomes @inproceedings with the container as booktitle."""
    work = _work("10.1000/proc.1", "Attention for genomes", type="proceedings-article", container="ICML")
    text = render_bibtex([BibItem(work)])
    entry = bibtexparser.parse_string(text).entries[0]
    assert (entry.entry_type, entry.key, entry["booktitle"]) == ("inproceedings", "cui2024attention", "ICML")


def test_book_chapter_is_incollection() -> None:
    """A book chapter with a publisher becomes @incollection."""
    work = _work(
        "10.1000/ch.1", "Genomic models", type="book-chapter", container="Methods", publisher="Springer"
    )
    entry = bibtexparser.parse_string(render_bibtex([BibItem(work)])).entries[0]
    assert (entry.entry_type, entry["booktitle"]) == ("incollection", "Methods")


def test_article_without_journal_falls_back_to_misc() -> None:
    """A journal article with no container cannot be a valid @article, so it is @misc."""
    text = render_bibtex([BibItem(_work("10.1000/x.1", "Genomic models", container=None))])
    assert text.startswith("@misc{cui2024genomic,\n")
    assert validate_bibtex(text) == []


def test_diacritics_fold_in_key_and_stay_utf8() -> None:
    """`Avsec, Žiga` gives key avsec2021enformer and stays UTF-8 by default."""
    text = render_bibtex([BibItem(ENFORMER, None, "Enformer")])
    assert _field(text, "avsec2021enformer", "author") == "Avsec, \u017diga and Kelley, David R."


def test_latex_mode_escapes_diacritics() -> None:
    """With latex=True the author is written `Avsec, {\\v{Z}}iga`."""
    text = render_bibtex([BibItem(ENFORMER, None, "Enformer")], latex=True)
    assert _field(text, "avsec2021enformer", "author") == "Avsec, {\\v{Z}}iga and Kelley, David R."
    assert text.isascii()


def test_key_letters_without_ascii_base_are_transliterated() -> None:
    """A family name such as Ødegård folds to `odegard` in the key."""
    work = _work("10.1000/o.1", "Genomic models", authors=(Author("\u00d8deg\u00e5rd", "Kari"),))
    assert base_key(work, None) == "odegard2024genomic"


def test_key_skips_stop_words_without_model() -> None:
    """With no model name the key takes the first significant title word."""
    work = _work("10.1000/t.1", "Towards a theory of the genome")
    assert base_key(work, None) == "cui2024theory"


def test_key_without_author_or_year() -> None:
    """Unknown first author and year give `anon` and `nd`."""
    work = _work("10.1000/t.2", "On genomes", authors=(), year=None)
    assert base_key(work, "X-1") == "anonndx1"


def test_key_clash_gets_deterministic_suffixes() -> None:
    """Same author, year and model: a/b suffixes in DOI order, whatever the input order."""
    first = _work("10.1000/b.2", "scGPT reloaded")
    second = _work("10.1000/a.1", "scGPT again")
    forward = render_bibtex([BibItem(first, None, "scGPT"), BibItem(second, None, "scGPT")])
    backward = render_bibtex([BibItem(second, None, "scGPT"), BibItem(first, None, "scGPT")])
    library = bibtexparser.parse_string(forward)
    assert [(entry.key, entry["doi"]) for entry in library.entries] == [
        ("cui2024scgpta", "10.1000/a.1"),
        ("cui2024scgptb", "10.1000/b.2"),
    ]
    assert forward == backward


def test_regeneration_is_byte_identical() -> None:
    """Rendering the same items twice, in any order, gives the same text."""
    items = [BibItem(SCGPT, None, "scGPT"), BibItem(ENFORMER, None, "Enformer"), BibItem(NT_BIORXIV)]
    assert render_bibtex(items) == render_bibtex(list(reversed(items)))


def test_entries_separated_by_one_blank_line() -> None:
    """Entries are sorted by key and separated by exactly one blank line, with a final newline."""
    text = render_bibtex([BibItem(SCGPT, None, "scGPT"), BibItem(ENFORMER, None, "Enformer")])
    assert text.count("}\n\n@") == 1
    assert text.index("@article{avsec2021enformer") < text.index("@article{cui2024scgpt")
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_no_items_gives_empty_text() -> None:
    """Nothing to cite renders an empty file."""
    assert render_bibtex([]) == ""


def test_injection_title_stays_one_field() -> None:
    """Markup, math and table/link characters in a title keep the entry parseable and the math intact."""
    work = _work("10.1000/i.1", "A | b ] c ) <i>d</i> $\\alpha$ javascript:alert(1)")
    text = render_bibtex([BibItem(work)])
    assert _field(text, "cui2024b", "title") == "A | b ] c ) d $\\alpha$ javascript:alert(1)"
    assert validate_bibtex(text) == []


def test_latex_specials_and_unbalanced_braces_are_escaped() -> None:
    """`{`, `%`, `&`, `#`, `_` and a lone `$` are escaped so the file still parses."""
    work = _work("10.1000/s.1", "Genes {x & 50% #1 snake_case $5")
    text = render_bibtex([BibItem(work)])
    assert _field(text, "cui2024genes", "title") == (
        "Genes \\textbraceleft{}x \\& 50\\% \\#1 snake\\_case \\$5"
    )
    assert validate_bibtex(text) == []


def test_dollar_pair_ending_in_backslash_is_not_math() -> None:
    """`$\\$` would leave LaTeX math open, so both dollars are escaped."""
    text = render_bibtex([BibItem(_work("10.1000/m.1", "Genes $\\$ cost"))])
    assert _field(text, "cui2024genes", "title") == "Genes \\$\\textbackslash{}\\$ cost"


def test_latex_mode_encodes_non_ascii_title() -> None:
    """With latex=True an en dash and a Greek letter in the title become LaTeX macros."""
    work = _work("10.1000/g.1", "Genes \u2013 \u03b1 helices")
    text = render_bibtex([BibItem(work)], latex=True)
    assert _field(text, "cui2024genes", "title") == "Genes {\\textendash} {\\ensuremath{\\alpha}} helices"


def test_organisation_author_is_braced() -> None:
    """An author without a given name (an organisation) is braced so BibTeX keeps it whole."""
    authors = (Author("Tabula Sapiens Consortium"), Author("Cui", "Haotian"))
    work = _work("10.1000/c.1", "Genomes", authors=authors)
    text = render_bibtex([BibItem(work)])
    assert _field(text, "tabulasapiensconsortium2024genomes", "author") == (
        "{Tabula Sapiens Consortium} and Cui, Haotian"
    )


def test_unsafe_code_url_is_left_out() -> None:
    """A code link that is not a plain https://github.com/ URL never reaches the .bib."""
    text = render_bibtex([BibItem(SCGPT, "javascript:alert(1)//https://github.com/x", "scGPT")])
    assert "note" not in bibtexparser.parse_string(text).entries[0]


def test_validate_clean_output() -> None:
    """The rendered file of every entry type validates without problems."""
    items = [BibItem(SCGPT, "https://github.com/bowang-lab/scGPT", "scGPT"), BibItem(ENFORMER),
             BibItem(HYENADNA_ARXIV), BibItem(NT_BIORXIV)]
    assert validate_bibtex(render_bibtex(items)) == []
    assert validate_bibtex(render_bibtex(items, latex=True)) == []


def test_validate_reports_missing_fields() -> None:
    """An @article without journal and year is reported with its line."""
    assert validate_bibtex("@article{k1,\n  author = {A, B},\n  title = {T}\n}\n") == [
        "line 1: @article{k1} lacks journal, year"
    ]


def test_validate_reports_duplicate_keys() -> None:
    """A second entry with the same key is reported."""
    text = "@misc{k1,\n  title = {T}\n}\n\n@misc{k1,\n  title = {U}\n}\n"
    assert validate_bibtex(text) == ["line 5: duplicate key 'k1'"]


def test_validate_reports_unparseable_block() -> None:
    """A block with unbalanced braces is reported as a failed block."""
    assert validate_bibtex("@misc{k1,\n  title = {T\n}\n") == [
        "line 1: cannot parse block: Unexpectedly reached end of file."
    ]


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    family=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
    latex=st.booleans(),
)
def test_any_title_and_name_give_a_valid_file(title: str, family: str, latex: bool) -> None:
    """Whatever the title and author name, the file parses back to one clean entry."""
    work = _work("10.1000/p.1", title + " x", authors=(Author(family, "Ann"),))
    text = render_bibtex([BibItem(work, None, "scGPT")], latex=latex)
    assert validate_bibtex(text) == []
    assert len(bibtexparser.parse_string(text).entries) == 1
