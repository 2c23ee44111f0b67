"""The service clients of one command, built from a `Settings` value passed in: they share one cache, and each
keeps its own pace (the limits live in the clients' pacers).

The environment is read in one place, `Settings.from_env`, at the boundary (the CLI, or a caller of
`enrich.api` who asks for it); everything below takes the settings it is given.

A new bibliographic source is one module implementing `enrich.sources.Source` and one line in `SOURCES`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from enrich.cache import Cache
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Circuits, ServiceConfig
from enrich.config import CacheLifetimes, max_catalogue_mb, ttl_days
from enrich.memo import DecisionMemo
from enrich.records import Resolution
from enrich.sources import RegistrySource, Source


@dataclass(frozen=True, slots=True)
class Settings:
    """What a command needs from outside the catalogue: where the services are, who asks, where answers are
    cached and for how long."""

    service: ServiceConfig = field(default_factory=ServiceConfig)
    cache_dir: Path = Path("cache")
    lifetimes: CacheLifetimes = field(default_factory=CacheLifetimes)
    max_catalogue_mb: float | None = None  # None: the configuration file's max_catalogue_mb, else 10

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """ENRICH_CROSSREF_URL, ENRICH_DATACITE_URL, ENRICH_GITHUB_URL, ENRICH_MAILTO, GITHUB_TOKEN,
        ENRICH_CACHE_DIR, the two ENRICH_*_TTL_DAYS and ENRICH_MAX_CATALOGUE_MB."""
        env = os.environ if environ is None else environ
        return cls(ServiceConfig.from_env(dict(env)), cache_root(env), ttl_days(env), max_catalogue_mb(env))

    def open_cache(self) -> Cache:
        return Cache(self.cache_dir, **self.lifetimes)


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a source's factory gets: the settings, the shared cache, and how this command may ask."""

    settings: Settings
    cache: Cache
    offline: bool = False
    refresh: bool = False


SourceFactory = Callable[[SourceContext], Source]

# Sources asked for a DOI that neither Crossref nor DataCite holds, in this order; register one line per source.
SOURCES: dict[str, SourceFactory] = {}


@dataclass(frozen=True, slots=True)
class Services:
    crossref: CrossrefClient
    datacite: DataCiteClient
    github: GitHubClient
    sources: tuple[Source, ...] = ()  # the registered plug-ins (SOURCES)
    memo: DecisionMemo | None = None  # decisions of earlier runs, replayed when their records are unchanged
    cache: Cache | None = None  # the one cache the clients share

    def reconstructed_dois(self) -> frozenset[str]:
        """DOIs whose records this command read from reconstructed answers (cache metadata, not the records)."""
        return self.cache.reconstructed_dois if self.cache is not None else frozenset()

    def count_replayed(self, consulted: dict[str, int]) -> None:
        """A replayed decision's cache-first lookups count as the cache hits they would have been."""
        for service, lookups in consulted.items():
            getattr(self, service).stats.add("cache_hits", lookups)

    def remember(self, resolutions: Iterable[Resolution]) -> None:
        """File the works a run accepted under their DOIs, so the next run verifies the new links from the cache."""
        for resolution in resolutions:
            for work in (resolution.work, resolution.preprint):
                if work is not None and resolution.decision.accepted:
                    client = self.datacite if work.source == "datacite" else self.crossref
                    client.remember(work.doi)

    def registries(self) -> tuple[Source, ...]:
        """Crossref, DataCite and the plug-ins, each seen through the one `Source` protocol."""
        return (RegistrySource("crossref", self.crossref, self.crossref.stats),
                RegistrySource("datacite", self.datacite, self.datacite.stats), *self.sources)

    def request_counts(self) -> dict[str, dict[str, int]]:
        """Per service: requests, cache hits, retries, 429s, and milliseconds spent waiting for the pacers."""
        counts = {name: {**client.stats.as_dict(),
                         "waited_ms": round(sum(pacer.waited for pacer in client.pacers) * 1000)}
                  for name, client in (("crossref", self.crossref), ("datacite", self.datacite),
                                       ("github", self.github))}
        counts.update((source.name, source.request_counts()) for source in self.sources)
        return counts


def build_services(settings: Settings, *, offline: bool = False, refresh: bool = False,
                   cache: Cache | None = None, deadline: float | None = None) -> Services:
    """Clients for the three services and the registered sources, sharing one cache, one circuit breaker per host
    and the command's deadline (seconds; None for none)."""
    cache = cache or settings.open_cache()
    context = SourceContext(settings, cache, offline, refresh)
    sources = tuple(factory(context) for factory in SOURCES.values())
    circuits = Circuits(deadline=deadline)
    return Services(
        crossref=CrossrefClient(settings.service, cache, offline=offline, refresh=refresh, circuits=circuits),
        datacite=DataCiteClient(settings.service, cache, offline=offline, refresh=refresh, circuits=circuits),
        github=GitHubClient(settings.service, cache, offline=offline, refresh=refresh, circuits=circuits),
        sources=sources,
        # the memo tracks the cache records a decision read; a plug-in's answers are not among them
        memo=None if refresh or sources else DecisionMemo.load(cache, offline=offline),
        cache=cache,
    )


def open_services(offline: bool = False, refresh: bool = False, config: ServiceConfig | None = None,
                  cache: Cache | None = None, deadline: float | None = None) -> Services:
    """`build_services` with the settings the environment gives (the commands' default)."""
    config = config or ServiceConfig.from_env()
    cache = cache or Cache(cache_root(), **ttl_days())
    return build_services(Settings(config, cache.root), offline=offline, refresh=refresh, cache=cache,
                          deadline=deadline)


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("ENRICH_CACHE_DIR") or "cache")
