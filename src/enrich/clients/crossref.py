"""Crossref REST client (through habanero 2.4.0): bibliographic search and single works, cached and paced.

    client = CrossrefClient(ServiceConfig.from_env(), Cache.from_env())
    client.search("scGPT foundation model single-cell", rows=5, author="Cui")   # -> list[WorkRecord]
    client.work("10.1038/s41592-024-02201-0")                                   # -> WorkRecord | None

habanero calls `httpx.get` itself, hides headers on success and wraps some failures in RuntimeError or
its own RequestError; `_translate` turns all of them back into what `RetryPolicy` understands, so 429,
5xx, timeouts and truncated JSON are retried and 400/404 never are. A 404 for a DOI is an answer
(None, cached as not-found); anything that failed after the retries is a `ServiceError`, never cached.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

import httpx

from enrich.cache import FOUND, NOT_FOUND, Cache, marks_reconstructed, search_key, work_key, work_problem
from enrich.clients.http import (
    DEFAULT_TIMEOUT,
    Circuits,
    Pace,
    Pacer,
    RetryPolicy,
    ServiceConfig,
    TransientResponse,
    is_transient,
    parse_retry_after,
    user_agent,
)
from enrich.clients.registry import NotFound, RegistryClient, one_at_a_time
from enrich.errors import ServiceError
from enrich.identifiers import arxiv_id_of_doi
from enrich.records import Author, Update, WorkRecord
from enrich.text import clean_markup

if TYPE_CHECKING:
    import habanero

log = logging.getLogger(__name__)

SERVICE = "crossref"
# Crossref's limits since December 2025, the same for every request type (list queries included): the polite
# pool (with a mailto) 10 requests/s and 5 in flight, the public pool 5/s and 1. habanero hides the headers of a
# successful answer, so these are the pace we start from; the x-rate-limit-* headers of an error answer, when it
# carries them, are followed, and a 429 halves the pace (see Pacer).
POLITE_POOL = Pace(10.0, 5)
PUBLIC_POOL = Pace(5.0, 1)
DATE_FIELDS = ("issued", "published", "published-print", "published-online", "posted", "created")
CACHE_DROPPED_FIELDS = ("reference",)  # large and unused; keeps cache files small

_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)s")
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*", re.IGNORECASE)
# publishers typeset hyphens in URLs as U+2010/U+2011 and add soft hyphens; a URL only has "-"
_URL_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00ad": None})
_JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.DOTALL)
# bioRxiv deposits drop the spaces around inline markup: "successful<i>Shigella</i>is"
_INLINE = r"(?:jats:)?(?:i|italic|b|bold|em|strong|u|underline)"
_GLUED_OPEN = re.compile(rf"(?<=[\w.,;:])(<{_INLINE}\b[^>]*>)")
_GLUED_CLOSE = re.compile(rf"(</{_INLINE}>)(?=\w)")
_BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|sec|list|list-item|title)\b[^>]*>")

T = TypeVar("T")


class CrossrefClient(RegistryClient):
    """Search and fetch Crossref works (blocking, thread-safe)."""

    service = SERVICE

    def __init__(self, config: ServiceConfig, cache: Cache, *, offline: bool = False, refresh: bool = False,
                 retry: RetryPolicy = RetryPolicy(), pacer: Pacer | None = None,
                 timeout: float | httpx.Timeout = DEFAULT_TIMEOUT, circuits: Circuits | None = None) -> None:
        pool = POLITE_POOL if config.mailto else PUBLIC_POOL
        self.pacer = pacer or Pacer(pool.rate, pool.concurrency)
        super().__init__(cache, offline=offline, refresh=refresh, retry=retry,
                         doi_of=lambda item: bare_doi(item.get("DOI", "")),
                         circuit=(circuits or Circuits()).for_url(config.crossref_url))
        self._config, self._timeout = config, timeout

    @functools.cached_property
    def _crossref(self) -> habanero.Crossref:
        """habanero, imported at the first request: a run answered from the cache never pays for its import."""
        import habanero

        config = self._config
        return habanero.Crossref(base_url=config.crossref_url, mailto=config.mailto,
                                 ua_string=user_agent(config.mailto), timeout=self._timeout)

    @property
    def pacers(self) -> tuple[Pacer, ...]:
        return (self.pacer,)

    # ------------------------------------------------------------ public API

    @one_at_a_time
    def search(self, query: str, rows: int = 5, author: str | None = None) -> list[WorkRecord]:
        """Works matching `query` (query.bibliographic, plus query.author when given), best first."""
        request = {"query.bibliographic": query, "rows": rows}
        if author:
            request["query.author"] = author
        key = search_key(SERVICE, request)
        entry = self._cached(key)
        if entry is not None:
            return self._note_hits(key, self._read(entry, [parse_work(item) for item in entry.body or []]))
        extra = {"query_author": author} if author else {}
        envelope = self._call(lambda: self._crossref.works(query_bibliographic=query, limit=rows, **extra),
                              f"search {query!r}", listing=True)
        items = _items_of(envelope, f"search {query!r}")
        records = [parse_work(item) for item in items]
        stored = self._cache.put(key, request=request, status=FOUND if items else NOT_FOUND,
                                 body=[_trim(item) for item in items], reconstructed=marks_reconstructed(items))
        return self._note_hits(key, self._read(stored, records))

    @one_at_a_time
    def work(self, doi: str) -> WorkRecord | None:
        """The work registered under `doi`, or None when Crossref does not know it (404)."""
        doi = bare_doi(doi)
        key = work_key(SERVICE, doi)
        request = {"doi": doi}
        entry = self._cached(key)
        if entry is not None:
            return self._read(entry, [parse_work(entry.body)])[0] if entry.found else None
        try:
            envelope = self._call(lambda: self._crossref.works(ids=quote(doi, safe="/")), f"work {doi}")
        except NotFound:
            self._cache.put(key, request=request, status=NOT_FOUND)
            return None
        message = _message_of(envelope, f"work {doi}")
        stored = self._cache.put(key, request=request, status=FOUND, body=_trim(message),
                                 reconstructed=marks_reconstructed(message))
        return self._read(stored, [parse_work(message)])[0]

    # ------------------------------------------------------------ network

    def _call(self, fetch: Callable[[], T], what: str, *, listing: bool = False) -> T:
        def translated() -> T:
            try:
                return fetch()
            except Exception as exc:
                replacement = self._translate(exc, what, listing)
                if replacement is exc:
                    raise
                raise replacement from exc

        return self._counted(translated, what, self.pacer.slot)

    def _translate(self, exc: Exception, what: str, listing: bool) -> Exception:
        """habanero's failure -> NotFound, a retryable exception, or a ServiceError."""
        if isinstance(exc, httpx.HTTPStatusError):
            return self._from_status(exc.response, what, listing)
        from habanero import RequestError

        if isinstance(exc, RequestError):
            # habanero's RequestError: a non-JSON success or an error it could parse
            status = exc.status_code
            if status < 400 or status == 429 or status >= 500:
                return TransientResponse(f"HTTP {status}: unexpected answer {str(exc.error)[:80]!r}", status)
            return ServiceError(SERVICE, f"{what}: HTTP {status}: {exc.error}", status)
        if isinstance(exc, RuntimeError) and not isinstance(exc, RecursionError):
            # habanero wraps httpx transport errors as RuntimeError(error) on list queries
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__context__
            if inner is not None and is_transient(inner):
                return TransientResponse(f"{type(inner).__name__}: {inner}")
            return ServiceError(SERVICE, f"{what}: {exc}")
        if is_transient(exc):
            return exc
        return ServiceError(SERVICE, f"{what}: {type(exc).__name__}: {exc}")

    def _from_status(self, response: httpx.Response, what: str, listing: bool) -> Exception:
        status = response.status_code
        self.pacer.follow(*announced_pace(response.headers))
        if status == 404 and not listing:
            return NotFound()
        if status == 429:
            self.stats.add("rate_limited")
        if status == 429 or status >= 500:
            return TransientResponse(f"HTTP {status}", status, parse_retry_after(response.headers.get("retry-after")))
        return ServiceError(SERVICE, f"{what}: HTTP {status}: {_error_text(response)}", status)


def announced_pace(headers: httpx.Headers) -> tuple[float | None, int | None]:
    """(requests per second, requests in flight) from x-rate-limit-limit/-interval and x-concurrency-limit."""
    limit, interval = headers.get("x-rate-limit-limit", ""), headers.get("x-rate-limit-interval", "")
    seconds = _INTERVAL.fullmatch(interval.strip())
    rate = None
    if limit.strip().isdigit() and seconds and float(seconds.group(1)) > 0:
        rate = int(limit) / float(seconds.group(1))
    concurrency = headers.get("x-concurrency-limit", "").strip()
    return rate, int(concurrency) if concurrency.isdigit() else None


# ---------------------------------------------------------------- JSON -> WorkRecord


def parse_work(item: dict[str, Any]) -> WorkRecord:
    """Normalise one Crossref work (`message` of /works/{doi}, or an item of a work-list)."""
    doi = bare_doi(item["DOI"])
    relation = item.get("relation") or {}
    abstract_markup = item.get("abstract") or ""
    subtype = item.get("subtype")
    work_type = item.get("type") or "other"
    arxiv = arxiv_id_of_doi(doi) or None
    return WorkRecord(
        doi=doi,
        title=_first_clean(item.get("title")),
        source=SERVICE,
        type=work_type,
        authors=tuple(_authors(item.get("author") or [])),
        year=_year(item),
        subtitle=_first_clean(item.get("subtitle")),
        container=_first_clean(item.get("container-title")) or _institution(item, work_type),
        publisher=item.get("publisher") or None,
        volume=item.get("volume") or None,
        issue=item.get("issue") or None,
        pages=item.get("page") or None,
        subtype=subtype,
        is_preprint=subtype == "preprint" or (work_type == "posted-content" and not subtype),
        preprint_of=_related_dois(relation.get("is-preprint-of")),
        has_preprint=_related_dois(relation.get("has-preprint")),
        updated_by=_updates(item.get("updated-by")),
        update_to=_updates(item.get("update-to")),
        arxiv_id=arxiv,
        abstract=_clean(_JATS_TITLE.sub(" ", abstract_markup)),
        urls=_urls(item, abstract_markup),
        relevance=float(item["score"]) if isinstance(item.get("score"), (int, float)) else None,
    )


def bare_doi(doi: str) -> str:
    """'https://doi.org/10.1101/ABC' -> '10.1101/abc'."""
    return _DOI_PREFIX.sub("", doi.strip()).lower()


def _first_clean(values: list[str] | str | None) -> str:
    """Crossref sends a list of strings; a bare string (seen in malformed records) is taken whole."""
    if isinstance(values, str):
        return _clean(values)
    return _clean(values[0]) if values and isinstance(values[0], str) else ""


def _clean(markup: str) -> str:
    """clean_markup, keeping words apart where block or inline tags separated them."""
    spaced = _GLUED_CLOSE.sub(r"\1 ", _GLUED_OPEN.sub(r" \1", _BLOCK_TAG.sub(" ", markup)))
    return clean_markup(spaced)


def _institution(item: dict[str, Any], work_type: str) -> str | None:
    institutions = item.get("institution") or []
    if work_type == "posted-content" and institutions and institutions[0].get("name"):
        return clean_markup(institutions[0]["name"])
    return None


def _authors(raw_authors: list[dict[str, Any]]) -> Iterator[Author]:
    for raw in raw_authors:
        family = clean_markup(raw.get("family") or raw.get("name") or "")
        if not family:
            continue
        given = clean_markup(raw.get("given") or "") or None
        orcid = _ORCID.search(raw.get("ORCID") or "")
        yield Author(family=family, given=given, orcid=orcid.group(0) if orcid else None)


def _year(item: dict[str, Any]) -> int | None:
    for name in DATE_FIELDS:
        parts = (item.get(name) or {}).get("date-parts") or []
        if parts and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def _related_dois(relations: list[dict[str, Any]] | None) -> tuple[str, ...]:
    dois = [bare_doi(relation["id"]) for relation in relations or []
            if relation.get("id-type", "").lower() == "doi" and relation.get("id")]
    return tuple(dict.fromkeys(dois))


def _updates(updates: list[dict[str, Any]] | None) -> tuple[Update, ...]:
    return tuple(Update(kind=(update.get("type") or "").lower(), doi=bare_doi(update["DOI"]))
                 for update in updates or [] if update.get("DOI"))


def _urls(item: dict[str, Any], abstract_markup: str) -> tuple[str, ...]:
    urls = [link["URL"] for link in item.get("link") or [] if link.get("URL")]
    primary = ((item.get("resource") or {}).get("primary") or {}).get("URL")
    if primary:
        urls.append(primary)
    plain = html.unescape(abstract_markup).translate(_URL_HYPHENS)
    urls.extend(match.group(0).rstrip(".") for match in _GITHUB_URL.finditer(plain))
    return tuple(dict.fromkeys(urls))


def _trim(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in CACHE_DROPPED_FIELDS}


def _message_of(envelope: Any, what: str) -> dict[str, Any]:
    message = envelope.get("message") if isinstance(envelope, dict) else None
    if not isinstance(message, dict) or "DOI" not in message:
        raise ServiceError(SERVICE, f"{what}: answer is not a work envelope")
    problem = work_problem(message)
    if problem is not None:
        raise ServiceError(SERVICE, f"{what}: malformed work ({problem})")
    return message


def _items_of(envelope: Any, what: str) -> list[dict[str, Any]]:
    message = envelope.get("message") if isinstance(envelope, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise ServiceError(SERVICE, f"{what}: answer is not a work-list envelope")
    usable = []
    for item in items:
        problem = work_problem(item)
        if problem is None:
            usable.append(item)
        else:
            log.warning("crossref: %s: a malformed item is left out (%s)", what, problem)
    return usable


def _error_text(response: httpx.Response) -> str:
    try:
        message = response.json().get("message")
    except (ValueError, AttributeError):
        return response.text.strip()[:200]
    if isinstance(message, list) and message and isinstance(message[0], dict):
        return str(message[0].get("message", message[0]))
    return str(message)[:200]
