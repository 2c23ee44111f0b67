"""Bibliographic sources as plug-ins: one small protocol, three answers.

A source looks up a DOI and searches by text; each call answers `Found` (the records), `NotFound` (the source
knows it holds nothing) or `Unavailable` (no trustworthy answer: unreachable, rate-limited, offline cache miss).

    class OpenAlex:                          # enrich/clients/openalex.py (HTTP stays in clients/)
        name = "openalex"
        def lookup(self, doi: str) -> Answer: ...
        def search(self, query: str, rows: int) -> Answer: ...
        def request_counts(self) -> dict[str, int]: ...

    SOURCES["openalex"] = OpenAlex.build     # the one registration line (enrich/services.py)

Crossref and DataCite are adapted to the protocol by `RegistrySource`. A registered source is asked for a DOI
that neither of them holds (`resolve.fetch_work`), by every command: run, audit, refresh and overrides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from enrich.errors import CacheMiss, ServiceError
from enrich.records import WorkRecord


@dataclass(frozen=True, slots=True)
class Found:
    works: tuple[WorkRecord, ...]


@dataclass(frozen=True, slots=True)
class NotFound:
    pass


@dataclass(frozen=True, slots=True)
class Unavailable:
    reason: str


Answer = Found | NotFound | Unavailable


class Source(Protocol):
    """What every source offers; `name` keys its request counts in the report."""

    @property
    def name(self) -> str: ...

    def lookup(self, doi: str) -> Answer: ...

    def search(self, query: str, rows: int) -> Answer: ...

    def request_counts(self) -> dict[str, int]: ...


class _Registry(Protocol):
    """The shape of CrossrefClient and DataCiteClient that `RegistrySource` adapts."""

    def work(self, doi: str) -> WorkRecord | None: ...

    def search(self, query: str, rows: int = 5) -> list[WorkRecord]: ...


class _Counted(Protocol):
    def as_dict(self) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class RegistrySource:
    """A Crossref or DataCite client seen as a `Source`: None is NotFound, a service failure Unavailable."""

    name: str
    client: _Registry
    stats: _Counted

    def lookup(self, doi: str) -> Answer:
        try:
            work = self.client.work(doi)
        except (ServiceError, CacheMiss) as exc:
            return Unavailable(str(exc))
        return NotFound() if work is None else Found((work,))

    def search(self, query: str, rows: int) -> Answer:
        try:
            works = self.client.search(query, rows=rows)
        except (ServiceError, CacheMiss) as exc:
            return Unavailable(str(exc))
        return Found(tuple(works)) if works else NotFound()

    def request_counts(self) -> dict[str, int]:
        return self.stats.as_dict()


def lookup_in(sources: Sequence[Source], doi: str) -> WorkRecord | None:
    """The first record a source holds for `doi`; None when every source says NotFound.

    An unavailable source raises ServiceError, so the row is deferred rather than reported as not found.
    """
    for source in sources:
        answer = source.lookup(doi)
        if isinstance(answer, Found) and answer.works:
            return answer.works[0]
        if isinstance(answer, Unavailable):
            raise ServiceError(source.name, f"{doi}: {answer.reason}")
    return None
