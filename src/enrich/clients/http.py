"""What every client shares: configuration from the environment, User-Agent, pacing and the retry policy.

Only modules in `enrich.clients` import this; nothing outside `clients/` speaks HTTP.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from enrich import __version__

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
PROJECT_URL = "https://github.com/enrich-dev/enrich"


CROSSREF_URL = "https://api.crossref.org"
DATACITE_URL = "https://api.datacite.org"
GITHUB_URL = "https://api.github.com"


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Where the services are and who we are; read once from the environment."""

    crossref_url: str = CROSSREF_URL
    datacite_url: str = DATACITE_URL
    github_url: str = GITHUB_URL
    mailto: str | None = None
    github_token: str | None = field(default=None, repr=False)  # never logged, cached or reported

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServiceConfig:
        env = os.environ if environ is None else environ
        return cls(
            crossref_url=(env.get("ENRICH_CROSSREF_URL") or CROSSREF_URL).rstrip("/"),
            datacite_url=(env.get("ENRICH_DATACITE_URL") or DATACITE_URL).rstrip("/"),
            github_url=(env.get("ENRICH_GITHUB_URL") or GITHUB_URL).rstrip("/"),
            mailto=env.get("ENRICH_MAILTO") or None,
            github_token=env.get("GITHUB_TOKEN") or None,
        )


def user_agent(mailto: str | None) -> str:
    """Crossref asks for a contact address; with it our requests join the polite pool."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"enrich/{__version__} (+{PROJECT_URL}{contact})"


class Pacer:
    """Spaces requests to one host: at most `rate` per second and `concurrency` in flight.

    Thread-safe. `slot()` is a context manager around one request. `slow_down` lets a client
    adopt stricter limits a service announces (Crossref's x-rate-limit-* headers).
    """

    def __init__(self, rate: float, concurrency: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval = 1.0 / rate
        self._semaphore = threading.BoundedSemaphore(concurrency)
        self._concurrency = concurrency
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._clock = clock
        self._sleep = sleep
        self._blocked_until = 0.0

    @property
    def rate(self) -> float:
        return 1.0 / self._interval

    @property
    def concurrency(self) -> int:
        return self._concurrency

    def adopt(self, rate: float | None, concurrency: int | None) -> None:
        """Tighten (never loosen) the pace to what the service announced."""
        with self._lock:
            if rate and 1.0 / rate > self._interval:
                log.info("pacing down to %.2f requests/s as announced", rate)
                self._interval = 1.0 / rate
            surplus = self._concurrency - concurrency if concurrency else 0
            if surplus > 0:
                self._concurrency = concurrency
        # take permits out of circulation (outside the lock: requests in flight must be able to finish)
        for _ in range(max(surplus, 0)):
            self._semaphore.acquire()

    def block_for(self, seconds: float) -> None:
        """Hold every request to this host for `seconds` (Retry-After, rate-limit reset)."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    def _reserve_start(self) -> float:
        with self._lock:
            start = max(self._clock(), self._next_start, self._blocked_until)
            self._next_start = start + self._interval
            return start

    def slot(self) -> _Slot:
        return _Slot(self)


class _Slot:
    def __init__(self, pacer: Pacer) -> None:
        self._pacer = pacer

    def __enter__(self) -> None:
        self._pacer._semaphore.acquire()
        delay = self._pacer._reserve_start() - self._pacer._clock()
        if delay > 0:
            self._pacer._sleep(delay)

    def __exit__(self, *exc_info: object) -> None:
        self._pacer._semaphore.release()


class ClientStats:
    """Thread-safe counters for the report: live requests, cache hits, retries, 429s (and any other)."""

    NAMES = ("requests", "cache_hits", "retries", "rate_limited")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.NAMES, 0)

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._counts[name] = self._counts.get(name, 0) + amount

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


class TransientResponse(Exception):
    """A response worth retrying (429, 5xx, truncated body); carries Retry-After when sent."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def is_transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts, dropped connections and truncated JSON are worth retrying; 4xx never."""
    if isinstance(exc, TransientResponse):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        return status == 429 or status >= 500
    if isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)):
        return True
    return isinstance(exc, json.JSONDecodeError)


def retry_after_of(exc: BaseException) -> float | None:
    if isinstance(exc, TransientResponse):
        return exc.retry_after
    if isinstance(exc, httpx.HTTPStatusError):
        return parse_retry_after(exc.response.headers.get("retry-after"))
    return None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential back-off with jitter, capped; a Retry-After the server sends wins."""

    attempts: int = 5
    initial: float = 1.0
    maximum: float = 60.0

    def wrap(self, func: Callable[..., object]) -> Callable[..., object]:
        backoff = wait_exponential_jitter(multiplier=self.initial, max=self.maximum, jitter=self.initial)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            announced = retry_after_of(exc) if exc else None
            return announced if announced is not None else backoff(state)

        def note(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.info("retrying after %s (attempt %d)", type(exc).__name__, state.attempt_number)

        return retry(
            retry=retry_if_exception(is_transient),
            wait=wait,
            stop=stop_after_attempt(self.attempts),
            before_sleep=note,
            reraise=True,
        )(func)
