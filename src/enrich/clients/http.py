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
from enrich.errors import ServiceUnavailable
from enrich.progress import WaitReason, announce_wait

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

# A service that is up answers a connect in milliseconds and a search in a few seconds; one that is down or
# silent must cost the run seconds, not minutes (the circuit breaker below stops asking it altogether).
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
CIRCUIT_THRESHOLD = 3  # consecutive connection failures or timeouts that open a host's circuit
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
    """Crossref asks for a contact address; with it our requests join the polite pool.

    Only Crossref and DataCite (whose "identified requests" get a higher limit) are given the address.
    """
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


def is_connection_failure(exc: BaseException) -> bool:
    """A refused or dropped connection, or a timeout: the host did not answer at all (habanero's wrappers seen
    through, by their cause)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class Circuit:
    """One host's circuit breaker: after `threshold` consecutive connection failures or timeouts it opens, and
    every later call this run fails at once with `ServiceUnavailable` instead of waiting out timeouts again.

    Any answer at all (even a 500 or a 429) closes the count again: the host is up, the retry policy handles it.
    A host that has not answered once this run opens one failure earlier: it is most likely down, and each timeout
    costs the run seconds. Thread-safe.
    """

    def __init__(self, host: str, threshold: int = CIRCUIT_THRESHOLD, deadline: Deadline | None = None) -> None:
        self.host = host
        self._threshold = threshold
        self.deadline = deadline
        self._lock = threading.Lock()
        self._failures = 0
        self._answered = False

    @property
    def open(self) -> bool:
        with self._lock:
            return self._is_open()

    def _is_open(self) -> bool:
        return self._failures >= (self._threshold if self._answered else max(1, self._threshold - 1))

    def check(self, service: str) -> None:
        """Raise `ServiceUnavailable` when this host is not to be asked again, or the run is out of time."""
        if self.open:
            raise ServiceUnavailable(service, f"{self.host} failed to connect or answer {self._failures} times in "
                                              "a row; not asked again this run")
        if self.deadline is not None:
            self.deadline.check(service)

    def record(self, exc: BaseException | None) -> None:
        """Count an attempt's outcome: None for an answer, else the exception it raised."""
        with self._lock:
            if exc is None or not is_connection_failure(exc):
                self._failures = 0
                self._answered = True
                return
            was_open = self._is_open()
            self._failures += 1
            opened = self._is_open() and not was_open
        if opened:
            log.warning("%s: %d connection failures or timeouts in a row; no more requests to it this run",
                        self.host, self._failures)

    def guard(self, service: str, func: Callable[P, T]) -> Callable[P, T]:
        """`func` (one attempt) checked against the circuit first and counted after."""

        def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            self.check(service)
            try:
                result = func(*args, **kwargs)
            except BaseException as exc:
                self.record(exc)
                raise
            self.record(None)
            return result

        return guarded


class Deadline:
    """The run's time budget: once spent, no new request starts (rows are deferred and the run exits 3)."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._ends = None if seconds is None else clock() + seconds

    def remaining(self) -> float | None:
        return None if self._ends is None else max(0.0, self._ends - self._clock())

    def check(self, service: str) -> None:
        if self._ends is not None and self._clock() >= self._ends:
            raise ServiceUnavailable(service, "the run's deadline has passed; not asked this run")


class Circuits:
    """The circuit breakers of one run, one per host (scheme, name and port), sharing the run's deadline.

    Clients of one run share one `Circuits`, so services behind the same host (a proxy, the test fakes on one
    port) open together.
    """

    def __init__(self, threshold: int = CIRCUIT_THRESHOLD, deadline: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._threshold = threshold
        self.deadline = Deadline(deadline, clock)
        self._lock = threading.Lock()
        self._by_host: dict[str, Circuit] = {}

    def for_url(self, url: str) -> Circuit:
        parsed = httpx.URL(url)
        host = f"{parsed.scheme}://{parsed.host}" + (f":{parsed.port}" if parsed.port else "")
        with self._lock:
            if host not in self._by_host:
                self._by_host[host] = Circuit(host, self._threshold, self.deadline)
            return self._by_host[host]

    def opened(self) -> tuple[str, ...]:
        """Hosts whose circuit is open, for the summary."""
        with self._lock:
            return tuple(sorted(host for host, circuit in self._by_host.items() if circuit.open))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential back-off with jitter, capped; a Retry-After the server sends wins."""

    attempts: int = 5
    initial: float = 1.0
    maximum: float = 60.0

    def wrap(self, func: Callable[P, T], service: str = "", circuit: Circuit | None = None) -> Callable[P, T]:
        """`func` retried; each pause before a retry is announced as a wait for `service`; with a `circuit`, every
        attempt is checked against it and counted."""
        backoff = wait_exponential_jitter(multiplier=self.initial, max=self.maximum, jitter=self.initial)
        deadline = circuit.deadline if circuit is not None else None
        attempt = circuit.guard(service, func) if circuit is not None else func

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            announced = retry_after_of(exc) if exc else None
            seconds = announced if announced is not None else backoff(state)
            remaining = deadline.remaining() if deadline is not None else None
            return seconds if remaining is None else min(seconds, remaining)

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
        )(attempt)
