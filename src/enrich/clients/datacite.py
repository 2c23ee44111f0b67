"""DataCite REST client for arXiv DOIs (10.48550/arXiv.*): single records and arXiv-only search.

    client = DataCiteClient(ServiceConfig.from_env(), Cache.from_env())
    client.work("10.48550/arXiv.2201.06719")      # -> WorkRecord | None
    client.search("hyperfine splittings Cd+", 5)   # -> list[WorkRecord], arXiv records only

A 404 is an answer (None, cached as not-found); 429, 5xx, timeouts and truncated JSON are retried by the
shared RetryPolicy; anything else, or a failure after the retries, is a ServiceError and never cached.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from enrich.cache import FOUND, NOT_FOUND, Cache, marks_reconstructed, record_problem, search_key, work_key
from enrich.clients.crossref import bare_doi
from enrich.clients.http import (
    DEFAULT_TIMEOUT,
    Circuits,
    Pacer,
    RetryPolicy,
    ServiceConfig,
    TransientResponse,
    parse_retry_after,
    user_agent,
)
from enrich.clients.registry import NotFound, RegistryClient, one_at_a_time
from enrich.errors import ServiceError
from enrich.identifiers import arxiv_id_of_doi
from enrich.names import split_written
from enrich.records import Author, WorkRecord
from enrich.text import clean_markup

log = logging.getLogger(__name__)

SERVICE = "datacite"
ARXIV_CLIENT = "arxiv.content"
# DataCite allows 3000 requests per 5 minutes per address; stay well under it
DEFAULT_RATE = (5.0, 2)
PREPRINT_RELATIONS = ("IsVersionOf", "IsPreprintOf")
TYPE_BY_GENERAL = {
    "JournalArticle": "journal-article",
    "ConferencePaper": "proceedings-article",
    "BookChapter": "book-chapter",
    "Book": "book",
    "Dataset": "dataset",
    "Dissertation": "dissertation",
    "Report": "report",
    "Preprint": "posted-content",
}
CACHE_DROPPED_FIELDS = ("xml",)  # the base64 DataCite XML: large and unused

_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*", re.IGNORECASE)
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
# Elasticsearch query_string operators; a title full of them must not become a query expression
_QUERY_SYNTAX = re.compile(r'[+\-=&|><!(){}\[\]^"~*?:\\/]')

T = TypeVar("T")


class DataCiteClient(RegistryClient):
    """Fetch and search DataCite records (blocking, thread-safe)."""

    service = SERVICE

    def __init__(self, config: ServiceConfig, cache: Cache, *, offline: bool = False, refresh: bool = False,
                 retry: RetryPolicy = RetryPolicy(), pacer: Pacer | None = None,
                 timeout: float | httpx.Timeout = DEFAULT_TIMEOUT, circuits: Circuits | None = None) -> None:
        self.pacer = pacer or Pacer(*DEFAULT_RATE)
        super().__init__(cache, offline=offline, refresh=refresh, retry=retry, doi_of=_doi_of,
                         circuit=(circuits or Circuits()).for_url(config.datacite_url))
        self._http = httpx.Client(base_url=config.datacite_url, timeout=timeout,
                                  headers={"User-Agent": user_agent(config.mailto),
                                           "Accept": "application/vnd.api+json"})

    def close(self) -> None:
        self._http.close()

    @property
    def pacers(self) -> tuple[Pacer, ...]:
        return (self.pacer,)

    # ------------------------------------------------------------ public API

    @one_at_a_time
    def work(self, doi: str) -> WorkRecord | None:
        """The DataCite record of `doi`, or None when DataCite does not know it (404)."""
        doi = bare_doi(doi)
        key = work_key(SERVICE, doi)
        request = {"doi": doi}
        entry = self._cached(key)
        if entry is not None:
            return self._read(entry, [parse_record(entry.body)])[0] if entry.found else None
        try:
            document = self._call(lambda: self._get(f"/dois/{quote(doi, safe='/')}", None, f"work {doi}"),
                                  f"work {doi}")
        except NotFound:
            self._cache.put(key, request=request, status=NOT_FOUND)
            return None
        data = _data_of(document, f"work {doi}")
        stored = self._cache.put(key, request=request, status=FOUND, body=_trim(data),
                                 reconstructed=marks_reconstructed(data))
        return self._read(stored, [parse_record(data)])[0]

    @one_at_a_time
    def search(self, query: str, rows: int = 5) -> list[WorkRecord]:
        """arXiv records matching `query` (free text; query syntax characters are neutralised)."""
        text = " ".join(_QUERY_SYNTAX.sub(" ", query).split())
        params = {"query": text, "page[size]": str(rows), "client-id": ARXIV_CLIENT}
        request = {"query": text, "rows": rows, "client-id": ARXIV_CLIENT}
        key = search_key(SERVICE, request)
        entry = self._cached(key)
        if entry is not None:
            return self._note_hits(key, self._read(entry, [parse_record(data) for data in entry.body or []]))
        document = self._call(lambda: self._get("/dois", params, f"search {query!r}"), f"search {query!r}",
                              listing=True)
        found = _list_of(document, f"search {query!r}")
        records = [parse_record(data) for data in found]
        stored = self._cache.put(key, request=request, status=FOUND if found else NOT_FOUND,
                                 body=[_trim(data) for data in found], reconstructed=marks_reconstructed(found))
        return self._note_hits(key, self._read(stored, records))

    # ------------------------------------------------------------ network

    def _call(self, fetch: Callable[[], T], what: str, *, listing: bool = False) -> T:
        try:
            return self._counted(fetch, what, self.pacer.slot)
        except NotFound:
            if listing:
                raise ServiceError(SERVICE, f"{what}: HTTP 404", 404) from None
            raise

    def _get(self, path: str, params: dict[str, str] | None, what: str) -> Any:
        response = self._http.get(path, params=params)
        status = response.status_code
        if status == 404:
            raise NotFound()
        if status == 429:
            self.stats.add("rate_limited")
        if status == 429 or status >= 500:
            raise TransientResponse(f"HTTP {status}", status, parse_retry_after(response.headers.get("retry-after")))
        if status >= 400:
            raise ServiceError(SERVICE, f"{what}: HTTP {status}: {_error_text(response)}", status)
        return response.json()


# ---------------------------------------------------------------- JSON -> WorkRecord


def parse_record(data: dict[str, Any]) -> WorkRecord:
    """Normalise one DataCite JSON:API `data` object (as from /dois/{doi})."""
    attributes = data.get("attributes") or {}
    doi = bare_doi(attributes.get("doi") or data["id"])
    publisher = _publisher(attributes)
    general = (attributes.get("types") or {}).get("resourceTypeGeneral") or ""
    arxiv = _arxiv_id(doi, attributes)
    preprint = general == "Preprint" or arxiv is not None or publisher.casefold() == "arxiv"
    work_type = "posted-content" if preprint else TYPE_BY_GENERAL.get(general, "other")
    abstract = " ".join(clean_markup(description.get("description") or "")
                        for description in attributes.get("descriptions") or []
                        if description.get("descriptionType") == "Abstract").strip()
    return WorkRecord(
        doi=doi,
        title=_title(attributes, subtitle=False),
        source=SERVICE,
        type=work_type,
        authors=tuple(_creators(attributes.get("creators") or [])),
        year=_year(attributes),
        subtitle=_title(attributes, subtitle=True),
        container="arXiv" if arxiv is not None else (_container(attributes) or None),
        publisher=publisher or None,
        subtype="preprint" if preprint else None,
        is_preprint=preprint,
        preprint_of=_related(attributes, PREPRINT_RELATIONS),
        has_preprint=_related(attributes, ("HasPreprint",)),
        arxiv_id=arxiv,
        abstract=abstract,
        urls=_urls(attributes, abstract),
    )


def _publisher(attributes: dict[str, Any]) -> str:
    publisher = attributes.get("publisher") or ""
    return (publisher.get("name") or "") if isinstance(publisher, dict) else str(publisher)


def _arxiv_id(doi: str, attributes: dict[str, Any]) -> str | None:
    for identifier in attributes.get("identifiers") or []:
        if (identifier.get("identifierType") or "").casefold() == "arxiv" and identifier.get("identifier"):
            return str(identifier["identifier"])
    for identifier in attributes.get("alternateIdentifiers") or []:
        if (identifier.get("alternateIdentifierType") or "").casefold() == "arxiv":
            return str(identifier.get("alternateIdentifier"))
    return arxiv_id_of_doi(doi) or None


def _title(attributes: dict[str, Any], *, subtitle: bool) -> str:
    """The main title (no titleType, else the first one) or the first Subtitle."""
    titles = [title for title in attributes.get("titles") or [] if title.get("title")]
    if subtitle:
        chosen = [title for title in titles if title.get("titleType") == "Subtitle"]
    else:
        chosen = [title for title in titles if not title.get("titleType")] or titles
    return clean_markup(chosen[0]["title"]) if chosen else ""


def _creators(creators: list[dict[str, Any]]) -> Iterator[Author]:
    for creator in creators:
        orcid = next((_ORCID.search(str(identifier.get("nameIdentifier")))
                      for identifier in creator.get("nameIdentifiers") or []
                      if (identifier.get("nameIdentifierScheme") or "").upper() == "ORCID"), None)
        family, given = _split_name(creator)
        if family:
            yield Author(family=family, given=given, orcid=orcid.group(0) if orcid else None)


def _split_name(creator: dict[str, Any]) -> tuple[str, str | None]:
    if creator.get("familyName"):
        return clean_markup(creator["familyName"]), clean_markup(creator.get("givenName") or "") or None
    name = clean_markup(creator.get("name") or "")
    if creator.get("nameType") == "Organizational" or not name:
        return name, None
    return split_written(name)


def _year(attributes: dict[str, Any]) -> int | None:
    year = attributes.get("publicationYear")
    if isinstance(year, int):
        return year
    return int(year) if isinstance(year, str) and year.isdigit() else None


def _container(attributes: dict[str, Any]) -> str:
    container = attributes.get("container") or {}
    return clean_markup(container.get("title") or "") if isinstance(container, dict) else ""


def _related(attributes: dict[str, Any], relation_types: tuple[str, ...]) -> tuple[str, ...]:
    dois = [bare_doi(related["relatedIdentifier"]) for related in attributes.get("relatedIdentifiers") or []
            if related.get("relationType") in relation_types
            and related.get("relatedIdentifierType") == "DOI" and related.get("relatedIdentifier")]
    return tuple(dict.fromkeys(dois))


def _urls(attributes: dict[str, Any], abstract: str) -> tuple[str, ...]:
    urls = [attributes["url"]] if attributes.get("url") else []
    urls.extend(related["relatedIdentifier"] for related in attributes.get("relatedIdentifiers") or []
                if related.get("relatedIdentifierType") == "URL" and related.get("relatedIdentifier"))
    urls.extend(match.group(0).rstrip(".") for match in _GITHUB_URL.finditer(abstract))
    return tuple(dict.fromkeys(urls))


def _trim(data: dict[str, Any]) -> dict[str, Any]:
    attributes = {name: value for name, value in (data.get("attributes") or {}).items()
                  if name not in CACHE_DROPPED_FIELDS}
    return {**data, "attributes": attributes}


def _data_of(document: Any, what: str) -> dict[str, Any]:
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not data.get("id"):
        raise ServiceError(SERVICE, f"{what}: answer has no JSON:API data object")
    problem = record_problem(data)
    if problem is not None:
        raise ServiceError(SERVICE, f"{what}: malformed record ({problem})")
    return data


def _list_of(document: Any, what: str) -> list[dict[str, Any]]:
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, list):
        raise ServiceError(SERVICE, f"{what}: answer has no JSON:API data list")
    usable = []
    for item in data:
        problem = record_problem(item)
        if problem is None:
            usable.append(item)
        else:
            log.warning("datacite: %s: a malformed record is left out (%s)", what, problem)
    return usable


def _error_text(response: httpx.Response) -> str:
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        return response.text.strip()[:200]
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("title", errors[0]))
    return response.text.strip()[:200]


def _doi_of(data: dict[str, Any]) -> str:
    return bare_doi((data.get("attributes") or {}).get("doi") or data.get("id", ""))
