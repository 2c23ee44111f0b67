"""What a repository says it cites: DOIs, arXiv ids and titles in its README, CITATION.cff, description and
homepage (pure: no HTTP; the texts come from `enrich.clients.github`).

Where a README names a paper:

- DOI links and bare DOIs (`https://doi.org/10.1038/...`, `doi:10.1101/...`), publisher and preprint-server URLs
  that carry one (nature.com, bioRxiv, medRxiv: `.../10.1101/2023.04.30.538439v2.full` is `10.1101/2023.04.30.538439`);
- arXiv ids (`arxiv.org/abs/2306.15794`, `arXiv:2306.15794`, a BibTeX `eprint`);
- BibTeX blocks (`@article{...}`): their `title`, `doi` and `eprint`;
- a title in bold (`**A title of four words or more**`) or, in a citation section (a heading with "cite",
  "citation", "reference", "publication", "paper", "bibtex"), in quotes or as a plain reference (`X et al. Title.`).

A citation is *formal* when the repository claims it as its own paper: it stands in a BibTeX block, in a citation
section, in CITATION.cff's `preferred-citation` or top-level identifiers, in the description or in the homepage
field. Only formal citations can show that a repository belongs to another paper; any citation can show that it
belongs to this one. CITATION.cff's `references` (works the software uses) are not read, and neither are a README's
sections about other people's work (a heading with "related", "acknowledgements", "credits", "see also", "inspired",
"other tools", "baselines", "benchmarks", "comparison", ...; their subsections too): a paper named there is one the
repository is not the code of.

>>> found = read_citations("# Tool\\n\\n## Citation\\n\\nhttps://doi.org/10.1038/S41592-024-02201-0.\\n")
>>> [(item.kind.value, item.value, item.formal) for item in found.items]
[('doi', '10.1038/s41592-024-02201-0', True)]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from typing import Any

import yaml

from enrich.identifiers import arxiv_doi, arxiv_id_of_doi, doi_from_url, normalise_doi
from enrich.names import family_name
from enrich.text import clean_markup

log = logging.getLogger(__name__)

# A title of fewer words matches too much by chance; longer than this, a bold span is prose, not a title.
MIN_TITLE_WORDS = 4
MAX_TITLE_WORDS = 40


class Cited(StrEnum):
    """What kind of identifier a citation gives."""

    DOI = "doi"
    ARXIV = "arxiv"  # value: the arXiv id, lower case, no version
    TITLE = "title"


class Where(StrEnum):
    """Which part of the repository the citation was read from."""

    README = "README"
    CITATION_CFF = "CITATION.cff"
    DESCRIPTION = "description"
    HOMEPAGE = "homepage"


@dataclass(frozen=True, slots=True)
class Citation:
    """One paper a repository names."""

    kind: Cited
    value: str  # DOI lower-case without URL prefix; arXiv id; title as written (markup stripped)
    where: Where
    formal: bool = False  # claimed as the repository's own paper (see the module docstring)
    first_author: str | None = None  # family name of the first author, when the citation gives authors

    @property
    def doi(self) -> str | None:
        """The DOI this citation names (arXiv ids as their DataCite DOI); None for a title."""
        if self.kind is Cited.DOI:
            return self.value
        return arxiv_doi(self.value) if self.kind is Cited.ARXIV else None


@dataclass(frozen=True, slots=True)
class RepoCitations:
    """Every citation read from one repository, in reading order, without repeats."""

    items: tuple[Citation, ...] = ()

    def dois(self, formal_only: bool = False) -> list[str]:
        """DOIs named (arXiv ids as arXiv DOIs), in order, without repeats."""
        found = [item.doi for item in self.items if item.doi and (item.formal or not formal_only)]
        return list(dict.fromkeys(doi for doi in found if doi))

    def titles(self, formal_only: bool = False) -> list[str]:
        found = [item.value for item in self.items
                 if item.kind is Cited.TITLE and (item.formal or not formal_only)]
        return list(dict.fromkeys(found))

    def find(self, doi: str) -> Citation | None:
        """The first citation naming `doi` (arXiv DOIs match arXiv ids)."""
        wanted = doi.casefold()
        return next((item for item in self.items if item.doi == wanted), None)


def read_citations(readme: str = "", cff: str = "", description: str = "", homepage: str | None = None
                   ) -> RepoCitations:
    """Everything the repository cites, from each of its texts (any may be empty)."""
    items = [
        *readme_citations(readme),
        *cff_citations(cff),
        *_identifiers(description or "", Where.DESCRIPTION, formal=True),
        *_quoted_titles(description or "", Where.DESCRIPTION, formal=True),
        *_description_title(description or ""),
        *_identifiers(homepage or "", Where.HOMEPAGE, formal=True),
    ]
    unique: dict[tuple[Cited, str], Citation] = {}
    for item in items:
        key = (item.kind, item.value.casefold())
        known = unique.get(key)
        if known is None or (item.formal and not known.formal):
            unique[key] = item
    return RepoCitations(tuple(unique.values()))


# ---------------------------------------------------------------- identifiers in free text

_URL = re.compile(r"https?://[^\s)\]>\"'`]+", re.IGNORECASE)
_BARE_DOI = re.compile(r"(?<![\w/.])10\.\d{4,9}/[^\s\"'<>`\])},;]+", re.IGNORECASE)
_PREPRINT_DOI = re.compile(r"^(10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.\d+|\d{6,}))(?:v\d+)?(?:[./].*)?$")
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv[:\s]\s*(?:preprint\s+)?(?:arxiv:\s*)?)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]+/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


def _clean_doi(doi: str) -> str | None:
    doi = doi.rstrip(".,;:)]}>'\"").casefold()
    preprint = _PREPRINT_DOI.match(doi)
    if preprint:
        return preprint.group(1)
    doi = re.sub(r"(?:\.full|\.abstract|\.pdf|/full|/abstract|/pdf)+$", "", doi)
    return None if arxiv_id_of_doi(doi) == "" else doi


def _identifiers(text: str, where: Where, formal: bool) -> Iterator[Citation]:
    """DOIs and arXiv ids in `text`, in order of appearance."""
    found: list[tuple[int, Citation]] = []
    taken: list[tuple[int, int]] = []
    for url in _URL.finditer(text):
        doi = doi_from_url(url.group(0).rstrip(".,;:"))
        if doi:
            taken.append(url.span())
            found.append((url.start(), _doi_citation(doi, where, formal)))
    for bare in _BARE_DOI.finditer(text):
        if any(start <= bare.start() < end for start, end in taken):
            continue
        doi = _clean_doi(normalise_doi(bare.group(0)) or "")
        if doi:
            found.append((bare.start(), _doi_citation(doi, where, formal)))
    for arxiv in _ARXIV.finditer(text):
        if not any(start <= arxiv.start() < end for start, end in taken):
            found.append((arxiv.start(), Citation(Cited.ARXIV, arxiv.group(1).casefold(), where, formal)))
    for _, citation in sorted(found, key=lambda pair: pair[0]):
        yield citation


def _doi_citation(doi: str, where: Where, formal: bool) -> Citation:
    doi = _clean_doi(doi) or doi
    arxiv = arxiv_id_of_doi(doi)
    if arxiv is not None:
        return Citation(Cited.ARXIV, arxiv, where, formal)
    return Citation(Cited.DOI, doi, where, formal)


# ---------------------------------------------------------------- README

_HEADING = re.compile(r"^(?:#{1,6}\s+(?P<atx>.*?)\s*#*\s*$|(?P<setext>\S.*)\n(?:=+|-+)\s*$)", re.MULTILINE)
_CITATION_HEADING = re.compile(r"\b(?:cit(?:e|es|ing|ation|ations)|references?|publications?|papers?|bibtex"
                               r"|how to cite)\b", re.IGNORECASE)
_BIBTEX_START = re.compile(r"@(?:article|inproceedings|misc|preprint|online|unpublished|techreport|book|"
                           r"incollection|conference|phdthesis|software)\s*\{", re.IGNORECASE)
_BIBTEX_FIELD = re.compile(r"(?P<name>[A-Za-z]+)\s*=\s*", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?P<star>[^*\n]+?)\*\*|(?<!\w)__(?P<under>[^_\n]+?)__(?!\w)")
_QUOTED = re.compile(r"[\"“](?P<title>[^\"”\n]{10,400})[\"”]|(?<!\w)['‘](?P<single>[^'’\n]{10,400})['’](?!\w)")
_ET_AL = re.compile(r"\bet\s+al\.?,?\s*(?:\(\d{4}\)\.?\s*)?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.?!]\s+(?=[A-Z0-9])|[.?!]\s*$")


def readme_citations(readme: str) -> list[Citation]:
    """Citations in a README, in reading order (see the module docstring for what is read)."""
    if not readme:
        return []
    citations: list[Citation] = []
    for text, kind in _sections(readme):
        if kind in (_Part.PLAIN, _Part.CITATION):
            citations += _section_citations(text, kind is _Part.CITATION)
    return citations


def not_ours_citations(readme: str) -> list[Citation]:
    """What the README names as not its own paper (never formal): see `split_readme`."""
    return _section_citations(split_readme(readme)[1], in_citation_section=False, others=True)


def _section_citations(text: str, in_citation_section: bool, others: bool = False) -> list[Citation]:
    citations: list[Citation] = []
    remaining = text
    for block in _bibtex_blocks(text):
        citations += _bibtex_citations(block)
        remaining = remaining.replace(block, " ")
    if not others:
        remaining = _split_prose(remaining)[0]
    citations += _identifiers(remaining, Where.README, formal=in_citation_section)
    citations += _bold_titles(remaining, formal=in_citation_section)
    if in_citation_section:
        citations += _quoted_titles(remaining, Where.README, formal=True)
        citations += _reference_titles(remaining)
    if others:
        citations = [replace(citation, formal=False) for citation in citations]
    return citations


def split_readme(readme: str) -> tuple[str, str]:
    """(the README's own text, what it names as not its own paper). The own text leaves out the sections and lines
    about others' work (see the module docstring); the second part keeps of them only those that say a work is
    not this repository's: works using it, a person's list of their papers, "inspired by", "named after",
    "unlike", "port of", "forked from" ... lines. Related work, credits or a comparison may name the repository's
    own paper too, so they are neither."""
    own: list[str] = []
    not_ours: list[str] = []
    for text, kind in _sections(readme):
        if kind is _Part.NOT_OURS:
            not_ours.append(text)
        elif kind is not _Part.OTHERS:
            kept, dropped = _split_prose(text)
            own.append(kept)
            not_ours += [line for line in dropped.splitlines(keepends=True) if _NOT_OURS_PROSE.search(line)]
    return "".join(own), "".join(not_ours)


def citing_text(readme: str) -> str:
    """The README without its sections and lines about others' work, for reading a title or a DOI's suffix in its
    prose."""
    return split_readme(readme)[0]


def _split_prose(text: str) -> tuple[str, str]:
    """(`text` without the lines outside code blocks that name a work as another's, those lines)."""
    fences = _fenced_spans(text)
    kept: list[str] = []
    dropped: list[str] = []
    at = 0
    for line in text.splitlines(keepends=True):
        fenced = any(start <= at < end for start, end in fences)
        (dropped if not fenced and _OTHERS_PROSE.search(line) else kept).append(line)
        at += len(line)
    return "".join(kept), "".join(dropped)


class _Part(Enum):
    """What a README section is, from its heading (a nested section is what its parent about others' work is)."""

    PLAIN = "plain"
    CITATION = "citation"  # cite, citation, references, publications, ...
    OTHERS = "others"  # related work, credits, comparisons: names others' works and maybe the repository's own
    NOT_OURS = "not-ours"  # works using it, a person's list of papers: names works the repository is not


def _sections(readme: str) -> Iterator[tuple[str, _Part]]:
    """(text, what it is) for the part before the first heading and each headed section."""
    fences = _fenced_spans(readme)
    # a "# comment" in a code block is not a heading
    headings = [heading for heading in _HEADING.finditer(readme)
                if not any(start <= heading.start() < end for start, end in fences)]
    starts = [0] + [heading.start() for heading in headings]
    names = [""] + [heading.group("atx") or heading.group("setext") or "" for heading in headings]
    levels = [0] + [_heading_level(heading) for heading in headings]
    enclosing: tuple[int, _Part] | None = None  # level and kind of the enclosing section about others' work
    for index, start in enumerate(starts):
        if enclosing is not None and levels[index] <= enclosing[0]:
            enclosing = None
        if enclosing is None:
            about = _about_others(names[index])
            enclosing = (levels[index], about) if about is not None else None
        end = starts[index + 1] if index + 1 < len(starts) else len(readme)
        if end > start:
            citing = _Part.CITATION if _CITATION_HEADING.search(names[index]) else _Part.PLAIN
            yield readme[start:end], enclosing[1] if enclosing is not None else citing


_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)


def _fenced_spans(readme: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block; an unclosed fence runs to the end."""
    marks = [found.start() for found in _FENCE.finditer(readme)]
    if len(marks) % 2:
        marks.append(len(readme))
    return list(zip(marks[::2], marks[1::2]))


# Headings of sections about other people's work; a heading that asks to cite this work ("Citation") is never one.
_OTHERS_HEADING = re.compile(
    r"\b(?:related|acknowledg\w*|thanks|credits?|see also|similar|inspir\w*|alternatives?|baselines?|benchmark\w*"
    r"|compar\w*|versus|vs|(?:prior|previous)\s+(?:work|works|art|methods?|tools?)|third[ -]party"
    r"|(?:other|external|existing)\s+\w+)\b", re.IGNORECASE)
_NOT_OURS_HEADING = re.compile(
    r"\b(?:used by|built with|who uses|(?:my|selected)\s+(?:publications?|papers?)"
    r"|(?:papers?|projects?|works?|publications?|studies|tools?|software|packages?)\s+(?:using|that use|built))\b",
    re.IGNORECASE)
# A line that names a work as something other than this repository's paper: its inspiration, namesake, a work it
# is compared with, extends or was adapted from.
_OTHERS_PROSE = re.compile(
    r"\b(?:inspired by|named after|unlike|similar to|alternatives? to|in contrast to|compared? (?:to|with|against)"
    r"|comparison (?:to|with|against)|extends|extension of|builds? (?:up)?on|adapted from|derived from|forked from"
    r"|port of|reimplementation of)\b", re.IGNORECASE)
_NOT_OURS_PROSE = re.compile(
    r"\b(?:inspired by|named after|unlike|similar to|alternatives? to|in contrast to|extension of|adapted from"
    r"|derived from|forked from|port of|reimplementation of)\b", re.IGNORECASE)
_OWN_CITATION_HEADING = re.compile(r"\b(?:cite|citing|citation|how to cite|bibtex)\b", re.IGNORECASE)


def _about_others(heading: str) -> _Part | None:
    if _OWN_CITATION_HEADING.search(heading):
        return None
    if _NOT_OURS_HEADING.search(heading):
        return _Part.NOT_OURS
    return _Part.OTHERS if _OTHERS_HEADING.search(heading) else None


def _heading_level(heading: re.Match[str]) -> int:
    """1-6 for `#`..`######`; a setext heading underlined with `=` is 1, with `-` is 2."""
    text = heading.group(0)
    if heading.group("atx") is not None:
        return len(text) - len(text.lstrip("#"))
    return 1 if text.rstrip().endswith("=") else 2


def _bibtex_blocks(text: str) -> list[str]:
    """Each `@type{key, ...}` entry, up to its balancing brace."""
    blocks = []
    for start in _BIBTEX_START.finditer(text):
        end = _balanced_end(text, start.end() - 1)
        if end is not None:
            blocks.append(text[start.start():end])
    return blocks


def _balanced_end(text: str, open_at: int) -> int | None:
    """Index just past the brace that closes the one at `open_at`; None when it never closes."""
    depth = 0
    for index in range(open_at, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _bibtex_fields(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for found in _BIBTEX_FIELD.finditer(block):
        name, at = found.group("name").casefold(), found.end()
        if at >= len(block) or name in fields:
            continue
        if block[at] == "{":
            end = _balanced_end(block, at)
            value = block[at + 1:end - 1] if end else ""
        elif block[at] == '"':
            close = block.find('"', at + 1)
            value = block[at + 1:close] if close > at else ""
        else:
            value = re.match(r"[^,}\n]*", block[at:]).group(0)  # type: ignore[union-attr]
        fields[name] = " ".join(value.replace("{", "").replace("}", "").split())
    return fields


def _bibtex_citations(block: str) -> list[Citation]:
    fields = _bibtex_fields(block)
    citations: list[Citation] = []
    if fields.get("doi"):
        doi = _clean_doi(normalise_doi(fields["doi"]) or "")
        if doi:
            citations.append(_doi_citation(doi, Where.README, formal=True))
    eprint = fields.get("eprint", "")
    if re.fullmatch(r"\d{4}\.\d{4,5}(?:v\d+)?", eprint):
        citations.append(Citation(Cited.ARXIV, re.sub(r"v\d+$", "", eprint), Where.README, formal=True))
    citations += _identifiers(" ".join(fields.get(name, "") for name in ("journal", "url", "note", "howpublished")),
                              Where.README, formal=True)
    title = clean_markup(fields.get("title", ""))
    if _is_title(title):
        citations.append(Citation(Cited.TITLE, title, Where.README, formal=True,
                                  first_author=_bibtex_first_family(fields.get("author", ""))))
    return citations


def _bibtex_first_family(authors: str) -> str | None:
    """'Cui, Haotian and Wang, Chloe' -> 'Cui'; 'Haotian Cui and ...' -> 'Cui'."""
    first = re.split(r"\s+and\s+", authors.strip(), maxsplit=1)[0].strip()
    return (family_name(first).strip() or None) if first else None


def _description_title(description: str) -> list[Citation]:
    """A description that may be the paper's title ("scGPT: towards building ..."); not a claim on its own."""
    text = clean_markup(description).strip(" .")
    return [Citation(Cited.TITLE, text, Where.DESCRIPTION)] if _is_title(text) else []


def _bold_titles(text: str, formal: bool) -> list[Citation]:
    titles = [clean_markup(found.group("star") or found.group("under") or "").strip(" .") for found in
              _BOLD.finditer(text)]
    return [Citation(Cited.TITLE, title, Where.README, formal) for title in titles if _is_title(title)]


def _quoted_titles(text: str, where: Where, formal: bool) -> list[Citation]:
    titles = [clean_markup(found.group("title") or found.group("single")).strip(" .,")
              for found in _QUOTED.finditer(text)]
    return [Citation(Cited.TITLE, title, where, formal) for title in titles if _is_title(title)]


def _reference_titles(text: str) -> list[Citation]:
    """Titles of plain references in a citation section: 'Cui, H. et al. scGPT: toward ... . Nat Methods (2024).'"""
    titles = []
    for line in text.splitlines():
        found = _ET_AL.search(line)
        if found is None:
            continue
        fragment = _SENTENCE_END.split(clean_markup(line[found.end():]).strip(), maxsplit=1)[0].strip(" .,;:")
        if _is_title(fragment) and not re.fullmatch(r".*\(?\d{4}\)?", fragment):
            titles.append(Citation(Cited.TITLE, fragment, Where.README, formal=True))
    return titles


def _is_title(text: str) -> bool:
    words = text.split()
    return MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS and not _URL.search(text)


# ---------------------------------------------------------------- CITATION.cff


def cff_citations(cff: str) -> list[Citation]:
    """DOIs, arXiv ids and titles of a CITATION.cff: `preferred-citation` first (the paper to cite), then the
    top-level `doi` and `identifiers`. The top-level `title` names the software and is not read as a paper's."""
    if not cff.strip():
        return []
    try:
        document = yaml.safe_load(cff)
    except yaml.YAMLError as exc:
        log.info("CITATION.cff is not valid YAML: %s", exc)
        return []
    if not isinstance(document, dict):
        return []
    citations: list[Citation] = []
    preferred = document.get("preferred-citation")
    if isinstance(preferred, dict):
        citations += _cff_identifiers(preferred)
        title = clean_markup(str(preferred.get("title") or ""))
        if _is_title(title):
            citations.append(Citation(Cited.TITLE, title, Where.CITATION_CFF, formal=True,
                                      first_author=_cff_first_family(preferred.get("authors"))))
    citations += _cff_identifiers(document)
    return citations


def _cff_first_family(authors: object) -> str | None:
    if not isinstance(authors, list) or not authors or not isinstance(authors[0], dict):
        return None
    family = authors[0].get("family-names")
    return str(family).strip() or None if family else None


def _cff_identifiers(node: dict[str, Any]) -> list[Citation]:
    texts = [str(node.get(key) or "") for key in ("doi", "url", "repository-artifact")]
    identifiers = node.get("identifiers")
    if isinstance(identifiers, list):
        texts += [str(item.get("value") or "") for item in identifiers if isinstance(item, dict)]
    citations: list[Citation] = []
    for text in texts:
        if not text:
            continue
        doi = normalise_doi(text) if not text.casefold().startswith("http") else doi_from_url(text)
        if doi:
            citations.append(_doi_citation(doi, Where.CITATION_CFF, formal=True))
        else:
            citations += _identifiers(text, Where.CITATION_CFF, formal=True)
    return citations

