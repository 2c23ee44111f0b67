"""Fake DataCite REST API over an in-memory corpus of JSON:API `data` objects of `/dois/{doi}`.

    with FakeServer(routes(records)) as server:
        ...  # GET {server.url}/dois/{doi}, GET {server.url}/dois?query=...&page[size]=5&client-id=arxiv.content

Record shape follows the recorded tests/fixtures/real/datacite_doi_10.48550_arxiv.2201.06719.json. The 404
body is DataCite's documented JSON:API error (no recording exists). Search ranks with the same crude BM25
as the Crossref fake, over titles, creator family names, publication year and publisher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tests.fakes.crossref import Bm25, tokens
from tests.fakes.server import FakeRequest, FakeResponse, Route

CONTENT_TYPE = "application/vnd.api+json; charset=utf-8"
# reconstructed from DataCite's documentation: the JSON:API error DataCite returns for an unknown DOI
NOT_FOUND = {"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}


def _publisher(attributes: dict) -> str:
    publisher = attributes.get("publisher") or ""
    return publisher.get("name", "") if isinstance(publisher, dict) else publisher


def _creator_families(attributes: dict) -> str:
    names = []
    for creator in attributes.get("creators", []):
        names.append(creator.get("familyName") or (creator.get("name") or "").split(",")[0])
    return " ".join(names)


def _document(record: dict) -> list[str]:
    attributes = record.get("attributes", {})
    fields = [
        *(title.get("title", "") for title in attributes.get("titles", [])),
        _creator_families(attributes), str(attributes.get("publicationYear") or ""), _publisher(attributes),
    ]
    return tokens(" ".join(fields))


def _client_id(record: dict) -> str | None:
    return ((record.get("relationships") or {}).get("client") or {}).get("data", {}).get("id")


class DataCiteFake:
    """The corpus and the two routes."""

    def __init__(self, records: Iterable[dict]) -> None:
        self.records = list(records)
        self._by_doi = {record["id"].lower(): record for record in self.records}
        self._index = Bm25([_document(record) for record in self.records])

    def routes(self) -> list[Route]:
        return [
            Route("GET", re.compile(r"/dois"), self.search),
            Route("GET", re.compile(r"/dois/(?P<doi>10\..+)"), self.work),
        ]

    def work(self, request: FakeRequest) -> FakeResponse:
        assert request.match is not None
        record = self._by_doi.get(request.match.group("doi").lower())
        if record is None:
            return FakeResponse(404, {"content-type": CONTENT_TYPE}, NOT_FOUND)
        return FakeResponse(200, {"content-type": CONTENT_TYPE}, {"data": record})

    def search(self, request: FakeRequest) -> FakeResponse:
        query = request.query
        query_tokens = tokens(query.get("query", ""))
        client_id = query.get("client-id")
        publisher = query.get("publisher")
        scored = []
        for index, record in enumerate(self.records):
            if client_id and _client_id(record) != client_id:
                continue
            if publisher and _publisher(record.get("attributes", {})).casefold() != publisher.casefold():
                continue
            score = self._index.score(index, query_tokens) if query_tokens else 1.0
            if score > 0:
                scored.append((score, record))
        scored.sort(key=lambda pair: (-pair[0], pair[1]["id"].lower()))
        size = int(query.get("page[size]", "25"))
        page = [record for _, record in scored[:size]]
        total = len(scored)
        meta = {"total": total, "totalPages": -(-total // size) if size else 0, "page": 1}
        return FakeResponse(200, {"content-type": CONTENT_TYPE}, {"data": page, "meta": meta})


def routes(records: Iterable[dict]) -> list[Route]:
    """Routes of a fake DataCite serving `records` (JSON:API `data` objects)."""
    return DataCiteFake(records).routes()
