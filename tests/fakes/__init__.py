"""Loopback fake services (Crossref, DataCite, GitHub) for tests, the demo and the benchmarks.

    corpus = load_corpus(Path("tests/fakes/corpus"))
    with FakeServices(corpus) as services:
        monkeypatch.setenv(...) for each item of services.env   # ENRICH_CROSSREF_URL, ...
        services.crossref.requests, services.crossref.peak_concurrency, ...

`load_corpus` reads `<root>/crossref/*.json` (each one `message` of /works/{doi}, or the whole `work`
envelope), `<root>/datacite/*.json` (each one JSON:API `data` object, or `{"data": ...}`) and
`<root>/github/*.json` (handed to tests/fakes/github.py as is). Items may carry "reconstructed": true.
GitHub runs only when tests/fakes/github.py exists and exposes `routes(corpus: Corpus) -> list[Route]`.
See server.py for routes, faults and rate limits.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from tests.fakes import crossref, datacite
from tests.fakes.server import FakeServer, FaultPlan, RateLimit, Route

SERVICES = ("crossref", "datacite", "github")
ENV_NAMES = {"crossref": "ENRICH_CROSSREF_URL", "datacite": "ENRICH_DATACITE_URL", "github": "ENRICH_GITHUB_URL"}


@dataclass(slots=True)
class Corpus:
    """What the fakes serve. `root` is the folder it came from (None when built in memory)."""

    crossref: list[dict] = field(default_factory=list)
    datacite: list[dict] = field(default_factory=list)
    github: list[dict] = field(default_factory=list)
    root: Path | None = None


def load_corpus(root: str | Path) -> Corpus:
    """Read a corpus folder; files are taken in name order so the fakes rank deterministically."""
    folder = Path(root)
    return Corpus(
        crossref=[_unwrap(item, "message") for item in _read_folder(folder / "crossref")],
        datacite=[_unwrap(item, "data") for item in _read_folder(folder / "datacite")],
        github=_read_folder(folder / "github"),
        root=folder,
    )


def _read_folder(folder: Path) -> list[dict]:
    if not folder.is_dir():
        return []
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def _unwrap(document: dict, envelope_key: str) -> dict:
    inner = document.get(envelope_key)
    return inner if isinstance(inner, dict) and ("DOI" in inner or "attributes" in inner) else document


def _github_routes(corpus: Corpus, options: Mapping[str, object]) -> list[Route] | None:
    try:
        module = importlib.import_module("tests.fakes.github")
    except ModuleNotFoundError as exc:
        if exc.name != "tests.fakes.github":
            raise
        return None
    make_routes = getattr(module, "routes", None)
    return make_routes(corpus, **options) if make_routes else None


class FakeServices:
    """Crossref, DataCite and (when available) GitHub fakes, each on its own server or all on one.

    `fault_plans` and `rate_limits` map a service name to its plan or limit; with `shared=True` the
    "crossref" entry applies to the single server.
    """

    def __init__(self, corpus: Corpus | None = None, *, shared: bool = False, latency: float = 0.0,
                 fault_plans: Mapping[str, FaultPlan] | None = None,
                 rate_limits: Mapping[str, RateLimit] | None = None,
                 github_options: Mapping[str, object] | None = None) -> None:
        self.corpus = corpus or Corpus()
        routes_by_service: dict[str, list[Route]] = {
            "crossref": crossref.routes(self.corpus.crossref),
            "datacite": datacite.routes(self.corpus.datacite),
        }
        github_routes = _github_routes(self.corpus, github_options or {})
        if github_routes is not None:
            routes_by_service["github"] = github_routes
        plans = dict(fault_plans or {})
        limits = dict(rate_limits or {})
        if shared:
            everything = [route for routes in routes_by_service.values() for route in routes]
            server = FakeServer(everything, latency=latency, fault_plan=plans.get("crossref"),
                                rate_limit=limits.get("crossref"))
            self.servers = dict.fromkeys(routes_by_service, server)
        else:
            self.servers = {
                service: FakeServer(routes, latency=latency, fault_plan=plans.get(service),
                                    rate_limit=limits.get(service))
                for service, routes in routes_by_service.items()
            }

    @property
    def crossref(self) -> FakeServer:
        return self.servers["crossref"]

    @property
    def datacite(self) -> FakeServer:
        return self.servers["datacite"]

    @property
    def github(self) -> FakeServer:
        return self.servers["github"]

    @property
    def env(self) -> dict[str, str]:
        """ENRICH_*_URL for every running fake."""
        return {ENV_NAMES[service]: server.url for service, server in self.servers.items()}

    def __enter__(self) -> FakeServices:
        for server in self._unique_servers():
            server.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for server in self._unique_servers():
            server.stop()

    def _unique_servers(self) -> list[FakeServer]:
        return list({id(server): server for server in self.servers.values()}.values())
