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
from typing import ParamSpec, TypeVar

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from enrich import __version__
from enrich.progress import WaitReason, announce_wait

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

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


@dataclass(frozen=True, slots=True)
class Pace:
    """A request budget: at most `rate` request starts per second and `concurrency` requests in flight."""

    rate: float
    concurrency: int

    def halved(self, floor: Pace) -> Pace:
        return Pace(max(self.rate / 2, floor.rate), max(self.concurrency // 2, floor.concurrency))

    def raised(self, step: float, ceiling: Pace) -> Pace:
        return Pace(min(self.rate + step, ceiling.rate), min(self.concurrency + 1, ceiling.concurrency))

    def capped(self, ceiling: Pace) -> Pace:
        return Pace(min(self.rate, ceiling.rate), min(self.concurrency, ceiling.concurrency))


class Pacer:
    """Spaces requests to one host: starts at least 1/rate apart, at most `concurrency` in flight; adapts.

    Thread-safe. `slot()` is a context manager around one attempt. A 429 raised inside a slot halves the rate
    and the concurrency (once per round: only a request admitted after the last cut can cut again); every
    `recover_every` seconds without one adds back a tenth of the configured rate and one request in flight,
    up to the configured pace or what the service last announced (`follow`), whichever is lower.
    `admit` and `release` are the whole policy, on explicit times, so it can be checked without threads.
    """

    def __init__(self, rate: float, concurrency: int, clock: Callable[[], float] = time.monotonic,
                 *, recover_every: float = 2.0) -> None:
        if rate <= 0 or concurrency < 1:
            raise ValueError(f"a pace needs a positive rate and concurrency, not {rate}/s x {concurrency}")
        self.configured = Pace(float(rate), concurrency)
        self._announced = self.configured
        self._pace = self.configured
        self._floor = Pace(self.configured.rate / 32, 1)
        self._recover_every = recover_every
        self._clock = clock
        self._condition = threading.Condition()
        self._in_flight = 0
        self._next_start = float("-inf")
        self._last_cut = float("-inf")
        self._last_change = float("-inf")
        self.waited = 0.0  # seconds requests spent waiting for their turn, for the report
        self.throttled = 0  # 429s seen inside a slot

    @property
    def rate(self) -> float:
        return self._pace.rate

    @property
    def concurrency(self) -> int:
        return self._pace.concurrency

    @property
    def ceiling(self) -> Pace:
        """The pace recovery climbs back to: the configured one, lowered by what the service announced."""
        return self.configured.capped(self._announced)

    def follow(self, rate: float | None, concurrency: int | None) -> None:
        """Take the limits a service announced (Crossref's x-rate-limit-* and x-concurrency-limit headers)."""
        with self._condition:
            self._announced = Pace(rate if rate and rate > 0 else self._announced.rate,
                                   concurrency if concurrency and concurrency > 0 else self._announced.concurrency)
            self._pace = self._pace.capped(self.ceiling)

    def admit(self, now: float) -> float | None:
        """Admit one request at `now` (returns 0.0), or say how long to wait (None: until a request ends)."""
        if self._in_flight >= self._pace.concurrency:
            return None
        start = self._next_start
        if now < start:
            return start - now
        self._in_flight += 1
        self._next_start = now + 1.0 / self._pace.rate
        return 0.0

    def release(self, now: float, admitted_at: float, *, throttled: bool = False) -> None:
        """One admitted request ended at `now`; `throttled` when the service answered 429."""
        self._in_flight -= 1
        if throttled:
            self.throttled += 1
            if admitted_at >= self._last_cut:  # the others in flight were sent before the cut: no second cut
                self._pace = self._pace.halved(self._floor)
                self._last_cut = self._last_change = now
                self._next_start = max(self._next_start, now + 1.0 / self._pace.rate)
                log.info("429: pacing down to %.2f requests/s, %d in flight", self.rate, self.concurrency)
        elif self._pace != self.ceiling and now - self._last_change >= self._recover_every:
            self._pace = self._pace.raised(self.configured.rate / 10, self.ceiling)
            self._last_change = now

    def slot(self) -> _Slot:
        return _Slot(self)


class _Slot:
    def __init__(self, pacer: Pacer) -> None:
        self._pacer = pacer
        self._admitted_at = 0.0

    def __enter__(self) -> None:
        pacer = self._pacer
        with pacer._condition:
            arrived = pacer._clock()
            while (wait := pacer.admit(now := pacer._clock())) != 0.0:
                pacer._condition.wait(timeout=wait)
            pacer.waited += now - arrived
            self._admitted_at = now

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        pacer = self._pacer
        with pacer._condition:
            pacer.release(pacer._clock(), self._admitted_at, throttled=_status_of(exc) == 429)
            pacer._condition.notify_all()


def _status_of(exc: BaseException | None) -> int | None:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) else None


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

    def wrap(self, func: Callable[P, T], service: str = "") -> Callable[P, T]:
        """`func` retried; each pause before a retry is announced as a wait for `service`."""
        backoff = wait_exponential_jitter(multiplier=self.initial, max=self.maximum, jitter=self.initial)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            announced = retry_after_of(exc) if exc else None
            return announced if announced is not None else backoff(state)

        def note(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.info("retrying after %s (attempt %d)", type(exc).__name__, state.attempt_number)
            pause = state.next_action.sleep if state.next_action else 0.0
            announced = retry_after_of(exc) if exc else None
            announce_wait(service, pause, WaitReason.BACKOFF if announced is None else WaitReason.RATE_LIMIT)

        return retry(
            retry=retry_if_exception(is_transient),
            wait=wait,
            stop=stop_after_attempt(self.attempts),
            before_sleep=note,
            reraise=True,
        )(func)
