"""Fake Crossref REST API over an in-memory corpus of `message` objects of `/works/{doi}`.

    with FakeServer(routes(items), default_headers=POLITE_HEADERS) as server:
        ...  # GET {server.url}/works?query.bibliographic=...&rows=5, GET {server.url}/works/{doi}

Ranking is a crude BM25 over title, subtitle, author family names, year and container, so decoys that
share words with the query rank high, as they do on the real service. Envelopes, the 404 and the 400
copy the recorded responses in tests/fixtures/real/ (crossref_works_query-*.json, crossref_work_404_*.txt,
crossref_work_400_field-query-not-allowed.json). Pool headers follow the request: with a mailto in the
User-Agent or the query the polite pool answers, otherwise the public one (as recorded in *.headers.json).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from tests.fakes.server import FakeRequest, FakeResponse, RateLimit, Route

# recorded: crossref_work_10.1038_srep16696.headers.json (polite) and crossref_work_10.1371_*.headers.json (public)
_COMMON_HEADERS = {
    "access-control-allow-headers": "X-Requested-With, Accept, Accept-Encoding, Accept-Charset, Accept-Language, "
                                    "Accept-Ranges, Cache-Control",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "Link",
    "permissions-policy": "interest-cohort=()",
    "server": "Jetty(9.4.40.v20210413)",
    "x-rate-limit-interval": "1s",
}
# the recording says 3 in flight for the polite pool; the fakes announce the 5 that Crossref's limits of December
# 2025 state and that FakeServices enforce, so a client following the headers is held to what is enforced
POLITE_HEADERS = {**_COMMON_HEADERS, "x-api-pool": "polite", "x-concurrency-limit": "5", "x-rate-limit-limit": "10"}
PUBLIC_HEADERS = {**_COMMON_HEADERS, "x-api-pool": "public", "x-concurrency-limit": "1", "x-rate-limit-limit": "5"}

# what FakeServices(rate_limits={"crossref": POLITE_LIMIT}) enforces: Crossref's polite pool since December 2025
POLITE_LIMIT = RateLimit(requests=10, interval=1.0, concurrency=5)
PUBLIC_LIMIT = RateLimit(requests=5, interval=1.0, concurrency=1)

# recorded: crossref_work_404_10.1371_notarealdoi.txt
NOT_FOUND_BODY = "Resource not found."
# recorded: crossref_work_400_field-query-not-allowed.json
FIELD_QUERY_NOT_ALLOWED = (
    '{"status":"failed","message-type":"validation-failure","message":[{"type":"parameter-not-allowed",'
    '"value":"query.*","message":"This route does not support field query parameters"}]}'
)

_K1 = 1.2
_B = 0.75
_TOKEN = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without diacritics or markup: the fakes' crude analyser."""
    decomposed = unicodedata.normalize("NFKD", _TAG.sub(" ", text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _TOKEN.findall(plain.casefold())


def _year(item: dict) -> str:
    for key in ("issued", "published", "published-print", "published-online", "posted", "created"):
        parts = (item.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            return str(parts[0][0])
    return ""


def _author_text(item: dict) -> str:
    return " ".join(author.get("family") or author.get("name") or "" for author in item.get("author") or [])


def _document(item: dict) -> list[str]:
    fields = [
        *item.get("title", []), *item.get("subtitle", []), _author_text(item), _year(item),
        *item.get("container-title", []), *(inst.get("name", "") for inst in item.get("institution", [])),
    ]
    return tokens(" ".join(fields))


class Bm25:
    """BM25 over a fixed list of token lists; `score(i, query_tokens)` for document i."""

    def __init__(self, documents: Sequence[list[str]]) -> None:
        self._counts = [Counter(doc) for doc in documents]
        self._lengths = [len(doc) for doc in documents]
        self._average = (sum(self._lengths) / len(documents)) if documents else 1.0
        frequency = Counter(token for doc in documents for token in set(doc))
        total = len(documents)
        self._idf = {token: math.log(1 + (total - n + 0.5) / (n + 0.5)) for token, n in frequency.items()}

    def score(self, index: int, query: Iterable[str]) -> float:
        counts, length = self._counts[index], self._lengths[index]
        total = 0.0
        for token in query:
            tf = counts.get(token, 0)
            if tf:
                norm = tf + _K1 * (1 - _B + _B * length / self._average)
                total += self._idf[token] * tf * (_K1 + 1) / norm
        return total


class CrossrefFake:
    """The corpus and the two routes. Items are dicts shaped like `message` of /works/{doi}."""

    def __init__(self, items: Iterable[dict]) -> None:
        self.items = list(items)
        self._by_doi = {item["DOI"].lower(): item for item in self.items}
        self._index = Bm25([_document(item) for item in self.items])
        self._authors = Bm25([tokens(_author_text(item)) for item in self.items])

    def routes(self) -> list[Route]:
        return [
            Route("GET", re.compile(r"/works"), self.search),
            Route("GET", re.compile(r"/works/(?P<doi>10\..+)"), self.work),
        ]

    def work(self, request: FakeRequest) -> FakeResponse:
        headers = pool_headers(request)
        if any(name.startswith("query") for name in request.query):
            return FakeResponse(400, {**headers, "content-type": "application/json;charset=utf-8", "vary": "Accept"},
                                FIELD_QUERY_NOT_ALLOWED.encode("utf-8"))
        assert request.match is not None
        item = self._by_doi.get(request.match.group("doi").lower())
        if item is None:
            return FakeResponse(404, {**headers, "content-type": "text/plain"}, NOT_FOUND_BODY.encode("utf-8"))
        envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": item}
        return FakeResponse(200, {**headers, "content-type": "application/json"}, envelope)

    def search(self, request: FakeRequest) -> FakeResponse:
        query = request.query
        terms = " ".join(query.get(name, "") for name in ("query", "query.bibliographic")).strip()
        ranked = self.rank(terms, query.get("query.author", ""))
        rows = int(query.get("rows", "20"))
        offset = int(query.get("offset", "0"))
        selected = [self._present(item, score, query.get("select")) for item, score in ranked[offset:offset + rows]]
        envelope = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(ranked),
                "items": selected,
                "items-per-page": rows,
                "query": {"start-index": offset, "search-terms": terms or None},
            },
        }
        return FakeResponse(200, {**pool_headers(request), "content-type": "application/json"}, envelope)

    def rank(self, terms: str, author: str = "") -> list[tuple[dict, float]]:
        """Items with a positive score, best first (ties by DOI), as (item, score)."""
        query_tokens = tokens(terms)
        author_tokens = tokens(author)
        scored = []
        for index, item in enumerate(self.items):
            if not query_tokens and not author_tokens:
                score = 1.0
            else:
                score = self._index.score(index, query_tokens) + self._authors.score(index, author_tokens)
            if score > 0:
                scored.append((item, round(score * 10, 5)))
        scored.sort(key=lambda pair: (-pair[1], pair[0]["DOI"].lower()))
        return scored

    @staticmethod
    def _present(item: dict, score: float, select: str | None) -> dict:
        if select:
            # recorded (crossref_works_query-ecology_select-DOI-title.json): only the selected keys, no score
            keys = select.split(",")
            return {key: item[key] for key in keys if key in item}
        return {**item, "score": score}


def pool_headers(request: FakeRequest) -> dict[str, str]:
    """Polite-pool headers when the request names a contact address, public-pool ones otherwise."""
    polite = "mailto" in request.query or "mailto:" in request.headers.get("user-agent", "")
    return dict(POLITE_HEADERS if polite else PUBLIC_HEADERS)


def routes(items: Iterable[dict]) -> list[Route]:
    """Routes of a fake Crossref serving `items`."""
    return CrossrefFake(items).routes()
