"""DOIs and arXiv ids found in URLs and free text (no I/O). DOIs come back lower-case, without a URL prefix.

>>> doi_from_url("https://www.nature.com/articles/s41592-024-02305-7")
'10.1038/s41592-024-02305-7'
>>> doi_from_url("https://arxiv.org/abs/2306.15794v2")
'10.48550/arxiv.2306.15794'
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

ARXIV_DOI_PREFIX = "10.48550/arxiv."

# Crossref's recommended pattern for modern DOIs; a DOI outside it is not accepted from an API or a cache file
# (it would not survive a Markdown table cell or a BibTeX field unchanged).
_VALID_DOI = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")

# A DOI is "10.<registrant>/<suffix>"; the suffix may hold almost anything but whitespace.
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+", re.IGNORECASE)
# Punctuation that ends a sentence or a Markdown link rather than the DOI itself.
_DOI_TRAILING = ".,;:)]}>'\""
_NEW_ARXIV = r"\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD_ARXIV = r"[a-z][a-z\-]+(?:\.[a-z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"(?<![\w])({_NEW_ARXIV}|{_OLD_ARXIV})(?:v\d+)?(?![\w])", re.IGNORECASE)
_ARXIV_PATH = re.compile(r"^/(?:abs|pdf|html)/(.+?)(?:\.pdf)?/?$", re.IGNORECASE)
_BIORXIV_DOI = re.compile(r"10\.1101/(\d{4}\.\d{2}\.\d{2}\.\d+|\d{6,})(?:v\d+)?", re.IGNORECASE)
_BIORXIV_EARLY = re.compile(r"/content/early/\d{4}/\d{2}/\d{2}/(\d{6,})", re.IGNORECASE)
_PATH_DOI = re.compile(
    r"/(?:doi|article|articles|chapter|book)/(?:abs/|full/|pdf/|epdf/|fulltext/|reader/)?(10\.\d{4,9}/.+)$",
    re.IGNORECASE,
)
# Path tails publishers add after the DOI in their landing-page URLs.
_PUBLISHER_TAIL = re.compile(r"(?:/(?:full|abstract|pdf|epdf|meta|html|fulltext|references))+/?$", re.IGNORECASE)
_NATURE_PATH = re.compile(r"^/articles/([a-z0-9][a-z0-9.\-_]+?)(?:\.pdf)?/?$", re.IGNORECASE)
_DOI_QUERY_KEYS = ("doi", "id")


def normalise_doi(text: str) -> str | None:
    """The first DOI in `text` ("doi:10.1/X", "https://doi.org/10.1%2FX", "10.1/X."), lower-case; None if none.

    >>> normalise_doi("https://doi.org/10.1038/S41592-024-02305-7")
    '10.1038/s41592-024-02305-7'
    """
    found = _DOI.search(unquote(text))
    if found is None:
        return None
    return found.group(0).rstrip(_DOI_TRAILING).lower()


def is_valid_doi(doi: object) -> bool:
    """True when `doi` is a bare DOI of Crossref's pattern `^10.\\d{4,9}/[-._;()/:A-Za-z0-9]+$`.

    >>> is_valid_doi("10.1038/s41592-024-02305-7"), is_valid_doi("10.1234/evil x|y<z>")
    (True, False)
    """
    return isinstance(doi, str) and _VALID_DOI.fullmatch(doi) is not None


def is_arxiv_doi(doi: str) -> bool:
    """True for DataCite's arXiv DOIs, 10.48550/arXiv.<id>."""
    return doi.strip().lower().startswith(ARXIV_DOI_PREFIX)


def arxiv_id_of_doi(doi: str) -> str | None:
    """The arXiv id a normalised (lower-case) arXiv DOI carries: '10.48550/arxiv.2306.15794' -> '2306.15794'."""
    return doi[len(ARXIV_DOI_PREFIX):] if doi.startswith(ARXIV_DOI_PREFIX) else None


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI of an arXiv id: '2306.15794' -> '10.48550/arxiv.2306.15794'."""
    return ARXIV_DOI_PREFIX + arxiv_id.lower()


def arxiv_id_from(text: str) -> str | None:
    """The arXiv id (no version, lower-case) in an arXiv URL, 'arXiv:' reference, arXiv DOI or bare id.

    >>> arxiv_id_from("arXiv:2306.15794v2")
    '2306.15794'
    >>> arxiv_id_from("https://arxiv.org/abs/q-bio/0601001")
    'q-bio/0601001'
    """
    stripped = unquote(text).strip()
    # A bare number such as a page range is not an arXiv id unless the text says arXiv or is the id alone.
    if "arxiv" not in stripped.lower() and not _ARXIV_ID.fullmatch(stripped):
        return None
    found = _ARXIV_ID.search(stripped)
    return found.group(1).lower() if found else None


# Hosts whose URLs carry the DOI exactly; a DOI read from another publisher's path may carry its own trailing
# segments (academic.oup.com/bib/article/doi/10.1093/bib/bbad195/7169137).
_EXACT_DOI_HOSTS = ("doi.org", "arxiv.org", "biorxiv.org", "medrxiv.org", "nature.com")


def doi_candidates(target: str) -> tuple[str, ...]:
    """The DOIs a link or identifier may name, most likely first; () when it names none.

    >>> doi_candidates("https://academic.oup.com/bib/article/doi/10.1093/bib/bbad195/7169137")
    ('10.1093/bib/bbad195/7169137', '10.1093/bib/bbad195')
    """
    target = target.strip()
    if not target.casefold().startswith(("http://", "https://")):
        arxiv_id = arxiv_id_from(target)
        doi = normalise_doi(target) or (arxiv_doi(arxiv_id) if arxiv_id else None)
        return (doi,) if doi else ()
    doi = doi_from_url(target)
    if doi is None:
        return ()
    host = (urlsplit(target).hostname or "").casefold()
    if any(host == known or host.endswith("." + known) for known in _EXACT_DOI_HOSTS):
        return (doi,)
    # publishers append their own article numbers; strip only those, never a segment that names the work
    prefix, _, suffix = doi.partition("/")
    parts = suffix.split("/")
    shorter = []
    while len(parts) > 1 and parts[-1].isdigit():
        parts = parts[:-1]
        shorter.append(f"{prefix}/{'/'.join(parts)}")
    return (doi, *shorter)


def doi_from_url(url: str) -> str | None:
    """The DOI a paper URL names, from the URL alone; None when the URL does not carry one (e.g. academic.oup.com)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path)
    if host in {"doi.org", "dx.doi.org"} or host.endswith(".doi.org"):
        return _clean_doi(path.lstrip("/"))
    if host.endswith("arxiv.org"):
        return _arxiv_url_doi(path)
    if host.endswith(("biorxiv.org", "medrxiv.org")):
        return _preprint_server_doi(path)
    if host.endswith("nature.com"):
        nature = _NATURE_PATH.match(path)
        if nature:
            return f"10.1038/{nature.group(1).lower()}"
    in_path = _PATH_DOI.search(path)
    if in_path:
        return _clean_doi(_PUBLISHER_TAIL.sub("", in_path.group(1)))
    return _query_doi(parts.query)


def _clean_doi(candidate: str) -> str | None:
    found = _DOI.fullmatch(candidate.strip().rstrip(_DOI_TRAILING))
    return found.group(0).lower() if found else None


def _arxiv_url_doi(path: str) -> str | None:
    matched = _ARXIV_PATH.match(path)
    if not matched:
        return None
    found = _ARXIV_ID.fullmatch(matched.group(1))
    return arxiv_doi(found.group(1)) if found else None


def _preprint_server_doi(path: str) -> str | None:
    found = _BIORXIV_DOI.search(path)
    if found:
        return f"10.1101/{found.group(1).lower()}"
    early = _BIORXIV_EARLY.search(path)
    return f"10.1101/{early.group(1)}" if early else None


def _query_doi(query: str) -> str | None:
    for key, values in parse_qs(query).items():
        if key.lower() not in _DOI_QUERY_KEYS:
            continue
        for value in values:
            doi = _clean_doi(value)
            if doi:
                return doi
    return None
