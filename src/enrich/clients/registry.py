"""What the Crossref and DataCite clients share: cache-first reads, counted and retried requests, search hits."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx

from enrich.cache import Cache, CacheEntry, SearchHits
from enrich.clients.http import Circuit, ClientStats, RetryPolicy, TransientResponse
from enrich.errors import ServiceError
from enrich.records import WorkRecord

T = TypeVar("T")


class NotFound(Exception):
    """The registry answered 404 for a DOI: an answer, not a failure."""


def one_at_a_time(method: Callable[..., T]) -> Callable[..., T]:
    """Identical calls wait for each other: a question two rows ask at once is fetched once, then read from the
    cache (requests per row, and the report's counts, do not depend on how the threads interleave)."""

    @functools.wraps(method)
    def alone(self: RegistryClient, *args: Any, **kwargs: Any) -> T:
        with self._lock_for((method.__name__, args, tuple(sorted(kwargs.items())))):
            return method(self, *args, **kwargs)

    return alone


class RegistryClient:
    """Base of the DOI registries' clients; subclasses name their `service` and speak its protocol."""

    service: ClassVar[str]

    def __init__(self, cache: Cache, *, offline: bool, refresh: bool, retry: RetryPolicy,
                 doi_of: Callable[[Any], str], circuit: Circuit) -> None:
        self._cache = cache
        self._circuit = circuit
        self._offline = offline
        self._refresh = refresh
        self._retry = retry
        self.stats = ClientStats()
        self._hits = SearchHits(cache, self.service, doi_of)
        self._locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _lock_for(self, call: tuple[Any, ...]) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(call, threading.Lock())

    @property
    def cache_root(self) -> Path:
        """The cache directory this client reads and writes (the run locks it)."""
        return self._cache.root

    def remember(self, doi: str) -> None:
        """File a search hit of this run under its DOI as well, so the next run's link check needs no request."""
        if not self._offline:
            self._hits.file_under_doi(doi)

    def _read(self, entry: CacheEntry, records: list[WorkRecord]) -> list[WorkRecord]:
        """The records of one cache entry; the cache notes them when the entry is reconstructed."""
        if entry.reconstructed:
            self._cache.note_reconstructed(record.doi for record in records)
        return records

    def _note_hits(self, key: str, records: list[WorkRecord]) -> list[WorkRecord]:
        self._hits.note(key, (record.doi for record in records))
        return records

    def _cached(self, key: str) -> CacheEntry | None:
        entry = self._cache.consult(key, offline=self._offline, refresh=self._refresh)
        if entry is not None:
            self.stats.add("cache_hits")
        return entry

    def _counted(self, fetch: Callable[[], T], what: str,
                 slot: Callable[[], AbstractContextManager[object]]) -> T:
        """One logical request: every attempt paced and counted, retried by the policy; giving up is a ServiceError."""
        attempts = 0

        def attempt() -> T:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                self.stats.add("retries")
            with slot():
                self.stats.add("requests")
                return fetch()

        try:
            return self._retry.wrap(attempt, self.service, self._circuit)()
        except (TransientResponse, httpx.HTTPError, json.JSONDecodeError) as exc:
            raise ServiceError(self.service, f"{what}: no answer after {attempts} attempts ({exc})",
                               getattr(exc, "status", None)) from exc
