"""Link health across runs: a link is reported dead only after it failed on several runs in a row.

One answer is weak evidence: services rate-limit, time out, put up bot walls and have bad hours. So
each check yields an `Observation` with one of three verdicts, and `observe` folds it into the
`LinkHealth` remembered from earlier runs:

- DEAD (404, 410, DOI not found) advances the count of consecutive failures;
- ALIVE resets it;
- INCONCLUSIVE (429, 403, 5xx, timeout) neither resets nor advances it.

`reported` turns a record into what the changelog may say; it answers DEAD only after
`dead_after` consecutive dead runs. `HealthStore` keeps the records in a JSON file in the cache.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from enrich.atomic import stable_json, write_text_atomic
from enrich.errors import CacheError

log = logging.getLogger(__name__)

DEAD_AFTER_RUNS = 2
STALE_AFTER_DAYS = 30
STORE_FORMAT = 1

_DEAD_STATUSES = frozenset({404, 410})


class Health(StrEnum):
    ALIVE = "alive"
    DEAD = "dead"  # the service said the thing does not exist (404, 410, DOI not found)
    INCONCLUSIVE = "inconclusive"  # no answer we can trust: rate limit, bot wall, 5xx, timeout


@dataclass(frozen=True, slots=True)
class Observation:
    """What one check of one link found on this run."""

    url: str
    verdict: Health
    detail: str = ""  # e.g. "HTTP 404", "timeout", "DOI not found"


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """What the runs so far know about one link."""

    url: str
    consecutive_failures: int  # dead answers in a row, inconclusive ones skipped
    last_verdict: Health
    last_checked: date
    first_failed: date | None = None  # first dead answer of the current run of failures
    detail: str = ""  # detail of the last observation


def classify_status(status: int | None) -> Health:
    """Verdict for an HTTP status; `None` means no response at all (timeout, connection error).

    >>> classify_status(410), classify_status(403), classify_status(301)
    (<Health.DEAD: 'dead'>, <Health.INCONCLUSIVE: 'inconclusive'>, <Health.ALIVE: 'alive'>)
    """
    if status is None:
        return Health.INCONCLUSIVE
    if status in _DEAD_STATUSES:
        return Health.DEAD
    if 200 <= status < 400:
        return Health.ALIVE
    # 403 is as often a bot wall as a refusal, and other 4xx say more about the request than the link
    return Health.INCONCLUSIVE


def observe(previous: LinkHealth | None, observation: Observation, today: date) -> LinkHealth:
    """Fold this run's observation into what earlier runs knew about the link."""
    if previous is not None and previous.url != observation.url:
        raise ValueError(f"observation of {observation.url} cannot update the record of {previous.url}")
    if observation.verdict is Health.ALIVE:
        return LinkHealth(observation.url, 0, Health.ALIVE, today, None, observation.detail)
    failures = previous.consecutive_failures if previous is not None else 0
    first_failed = previous.first_failed if previous is not None else None
    if observation.verdict is Health.DEAD:
        failures += 1
        first_failed = first_failed or today
    return LinkHealth(observation.url, failures, observation.verdict, today, first_failed, observation.detail)


def reported(health: LinkHealth, dead_after: int = DEAD_AFTER_RUNS) -> Health:
    """What a report may say: DEAD only after `dead_after` dead runs in a row, never on one answer."""
    if dead_after < 1:
        raise ValueError(f"dead_after must be at least 1, got {dead_after}")
    if health.consecutive_failures >= dead_after:
        return Health.DEAD
    if health.last_verdict is Health.ALIVE:
        return Health.ALIVE
    return Health.INCONCLUSIVE


def is_stale(fetched: date, today: date, ttl_days: int = STALE_AFTER_DAYS) -> bool:
    """True when something fetched on `fetched` is `ttl_days` or more old on `today`."""
    return (today - fetched).days >= ttl_days


class HealthStore:
    """`LinkHealth` records by URL, kept in one JSON file (e.g. `cache/health.json`).

    A missing file is an empty store; so is a corrupt one (logged), since the worst outcome is
    that a dead link needs `dead_after` more runs to be reported.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._by_url: dict[str, LinkHealth] = self._load()
        self._recorded_this_run: set[str] = set()

    def get(self, url: str) -> LinkHealth | None:
        return self._by_url.get(url)

    def put(self, health: LinkHealth) -> None:
        self._by_url[health.url] = health

    def record(self, observation: Observation, today: date) -> LinkHealth:
        """Fold `observation` into the stored record, keep the result and return it.

        One store is one run: a URL checked twice in a run (two rows cite it) counts once, else two
        rows could confirm a link dead on a single run.
        """
        known = self.get(observation.url)
        if known is not None and observation.url in self._recorded_this_run:
            return known
        health = observe(known, observation, today)
        self.put(health)
        self._recorded_this_run.add(observation.url)
        return health

    def retain(self, urls: Iterable[str]) -> None:
        """Forget every link not in `urls` (links that left the catalogue)."""
        keep = set(urls)
        self._by_url = {url: health for url, health in self._by_url.items() if url in keep}

    def __iter__(self) -> Iterator[LinkHealth]:
        return iter(sorted(self._by_url.values(), key=lambda health: health.url))

    def __len__(self) -> int:
        return len(self._by_url)

    def save(self) -> None:
        document = {"format": STORE_FORMAT, "links": {health.url: _to_json(health) for health in self}}
        try:
            write_text_atomic(self.path, stable_json(document))
        except OSError as exc:
            raise CacheError(f"{self.path}: cannot write the link-health store: {exc}") from exc

    def _load(self) -> dict[str, LinkHealth]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise CacheError(f"{self.path}: cannot read the link-health store: {exc}") from exc
        try:
            return _parse(data.decode("utf-8"))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("%s: corrupt link-health store, starting empty: %s", self.path, exc)
            return {}


def _to_json(health: LinkHealth) -> dict[str, object]:
    return {
        "consecutive_failures": health.consecutive_failures,
        "detail": health.detail,
        "first_failed": health.first_failed.isoformat() if health.first_failed else None,
        "last_checked": health.last_checked.isoformat(),
        "last_verdict": health.last_verdict.value,
    }


def _parse(text: str) -> dict[str, LinkHealth]:
    """Records from the store's JSON; ValueError/TypeError/KeyError on any malformed part."""
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != STORE_FORMAT:
        raise ValueError(f"expected an object with format {STORE_FORMAT}")
    links = document["links"]
    if not isinstance(links, dict):
        raise TypeError("links is not an object")
    return {url: _from_json(url, fields) for url, fields in links.items()}


def _from_json(url: str, fields: object) -> LinkHealth:
    if not isinstance(fields, dict):
        raise TypeError(f"{url}: record is not an object")
    failures = fields["consecutive_failures"]
    if not isinstance(failures, int) or isinstance(failures, bool) or failures < 0:
        raise ValueError(f"{url}: consecutive_failures is {failures!r}")
    first_failed = fields.get("first_failed")
    return LinkHealth(
        url=url,
        consecutive_failures=failures,
        last_verdict=Health(fields["last_verdict"]),
        last_checked=date.fromisoformat(str(fields["last_checked"])),
        first_failed=date.fromisoformat(str(first_failed)) if first_failed is not None else None,
        detail=str(fields.get("detail", "")),
    )

