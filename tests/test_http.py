"""Shared HTTP policy: configuration, User-Agent, Retry-After, pacing, circuit breakers."""

from __future__ import annotations

import contextlib
import threading
import time
from itertools import pairwise
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrich.clients.http import (
    Circuits,
    Pace,
    Pacer,
    RetryPolicy,
    ServiceConfig,
    TransientResponse,
    is_transient,
    parse_retry_after,
    user_agent,
)
from enrich.errors import ServiceUnavailable


def test_config_defaults_when_environment_is_empty() -> None:
    """With no ENRICH_* variables the live services are used."""
    config = ServiceConfig.from_env({})
    assert (config.crossref_url, config.datacite_url, config.github_url) == (
        "https://api.crossref.org", "https://api.datacite.org", "https://api.github.com")
    assert config.mailto is None and config.github_token is None


def test_config_reads_environment_and_strips_slash() -> None:
    """Base URLs come from the variables, without a trailing slash."""
    config = ServiceConfig.from_env({"ENRICH_CROSSREF_URL": "http://127.0.0.1:9/", "ENRICH_MAILTO": "a@b.org",
                                     "GITHUB_TOKEN": "t0k"})
    assert config.crossref_url == "http://127.0.0.1:9"
    assert config.mailto == "a@b.org"
    assert "t0k" not in repr(config)


def test_user_agent_carries_mailto() -> None:
    """The contact address joins Crossref's polite pool."""
    assert user_agent("me@example.org").endswith("; mailto:me@example.org)")


def test_retry_after_seconds_and_date() -> None:
    """Both forms of Retry-After are understood."""
    assert parse_retry_after("60") == 60.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412500.0) == 10.0
    assert parse_retry_after("soon") is None


def test_404_and_400_are_not_transient() -> None:
    """Only 429 and 5xx responses are retried."""
    request = httpx.Request("GET", "http://127.0.0.1/x")
    def status_error(code: int) -> httpx.HTTPStatusError:
        return httpx.HTTPStatusError("x", request=request, response=httpx.Response(code, request=request))
    assert [is_transient(status_error(code)) for code in (400, 404, 429, 500, 503)] == [
        False, False, True, True, True]


def test_retry_policy_honours_retry_after() -> None:
    """A Retry-After the server sent is the wait, not the exponential back-off."""
    waits: list[float] = []
    attempts = iter([TransientResponse("429", 429, retry_after=0.02), None])

    def flaky() -> str:
        failure = next(attempts)
        if failure:
            raise failure
        return "ok"

    wrapped = RetryPolicy(attempts=3, initial=5.0, maximum=10.0).wrap(flaky)
    wrapped.retry.sleep = waits.append  # type: ignore[attr-defined]
    assert wrapped() == "ok"
    assert waits == [0.02]


def test_retry_policy_gives_up_after_attempts() -> None:
    """After the last attempt the transient error is raised to the caller."""
    calls: list[int] = []

    def always_fails() -> None:
        calls.append(1)
        raise TransientResponse("500", 500)

    wrapped = RetryPolicy(attempts=3, initial=0.001, maximum=0.001).wrap(always_fails)
    with pytest.raises(TransientResponse):
        wrapped()
    assert len(calls) == 3


def _simulate(pacer: Pacer, requests: list[tuple[float, float, bool]]) -> list[tuple[float, int, Pace]]:
    """Run (arrival, duration, throttled) requests through `pacer` on simulated time, first come first served.

    Returns (start, requests in flight after it started, pace in force) for every admitted request.
    """
    waiting = sorted(requests)
    running: list[tuple[float, float, bool]] = []  # (end, admitted at, throttled)
    starts: list[tuple[float, int, Pace]] = []
    now = 0.0
    while waiting or running:
        running.sort()
        while running and running[0][0] <= now:
            end, admitted_at, throttled = running.pop(0)
            pacer.release(end, admitted_at, throttled=throttled)
        wait: float | None = None
        while waiting and waiting[0][0] <= now:
            pace = Pace(pacer.rate, pacer.concurrency)
            wait = pacer.admit(now)
            if wait != 0.0:
                break
            _, duration, throttled = waiting.pop(0)
            running.append((now + duration, now, throttled))
            starts.append((now, len(running), pace))
            wait = None
        candidates = [time for time in (waiting[0][0] if waiting else None, running[0][0] if running else None,
                                         now + wait if wait else None) if time is not None and time > now]
        now = min(candidates, default=now)
    return starts


REQUESTS = st.lists(st.tuples(st.floats(0, 5), st.floats(0.001, 1.5), st.booleans()), min_size=1, max_size=60)


@given(rate=st.sampled_from([1.0, 5.0, 10.0, 30.0]), concurrency=st.integers(1, 6), requests=REQUESTS)
def test_pacer_never_exceeds_rate_or_concurrency(rate: float, concurrency: int,
                                                 requests: list[tuple[float, float, bool]]) -> None:
    """Whatever the arrivals, durations and 429s: starts at least 1/rate apart, never more in flight than allowed."""
    starts = _simulate(Pacer(rate, concurrency, recover_every=0.5), requests)
    gaps_ok = all(later[0] - earlier[0] >= 1 / earlier[2].rate - 1e-9 for earlier, later in pairwise(starts))
    in_window = max(sum(1 for other, _, _ in starts if start <= other < start + 1 - 1e-9) for start, _, _ in starts)
    assert (len(starts), gaps_ok, in_window <= rate) == (len(requests), True, True)
    assert all(in_flight <= pace.concurrency <= concurrency for _, in_flight, pace in starts)


def test_pacer_spaces_request_starts() -> None:
    """Starts are 1/rate apart when requests queue up."""
    starts = _simulate(Pacer(rate=4, concurrency=3), [(0.0, 0.01, False)] * 3)
    assert [start for start, _, _ in starts] == [0.0, 0.25, 0.5]


def test_pacer_halves_on_429_once_per_round_then_recovers() -> None:
    """A 429 halves rate and concurrency; a second 429 from a request sent before the cut does not cut again;
    every quiet `recover_every` seconds adds a tenth of the rate and one request in flight back."""
    pacer = Pacer(rate=10, concurrency=5, recover_every=2.0)
    assert (pacer.admit(0.0), pacer.admit(0.1)) == (0.0, 0.0)
    pacer.release(0.5, admitted_at=0.0, throttled=True)
    pacer.release(0.6, admitted_at=0.1, throttled=True)
    after_429 = (pacer.rate, pacer.concurrency)
    recovered = []
    for step in range(10):
        second = 3.0 + 2.5 * step
        assert pacer.admit(second) == 0.0
        pacer.release(second + 0.1, admitted_at=second)
        recovered.append((pacer.rate, pacer.concurrency))
    assert after_429 == (5.0, 2)
    assert recovered[:4] == [(6.0, 3), (7.0, 4), (8.0, 5), (9.0, 5)]
    assert recovered[-1] == (10.0, 5)


def test_pacer_follows_announced_limits_below_its_own() -> None:
    """An announced limit lowers the pace; one above the configured pace does not raise it."""
    pacer = Pacer(rate=10, concurrency=5)
    pacer.follow(rate=20, concurrency=8)
    loose = (pacer.rate, pacer.concurrency)
    pacer.follow(rate=5, concurrency=3)
    assert (loose, (pacer.rate, pacer.concurrency)) == ((10, 5), (5, 3))


def test_pacer_slots_hold_threads_to_the_concurrency() -> None:
    """Eight threads through a 2-in-flight pacer never have more than two inside a slot at once."""
    pacer = Pacer(rate=1000, concurrency=2)
    lock = threading.Lock()
    inside, peak = [0], [0]

    def one(_: int) -> None:
        with pacer.slot():
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.01)
            with lock:
                inside[0] -= 1

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(16)))
    assert peak[0] <= 2


_REFUSED = httpx.ConnectError("connection refused")
_SILENT = httpx.ReadTimeout("no answer")


def _attempt(outcome: BaseException | None) -> None:
    if outcome is not None:
        raise outcome


def _open_after(outcomes: list[BaseException | None]) -> bool:
    circuit = Circuits().for_url("http://127.0.0.1:9")
    guarded = circuit.guard("crossref", _attempt)
    for outcome in outcomes:
        with pytest.raises(type(outcome)) if outcome is not None else contextlib.nullcontext():
            guarded(outcome)
    return circuit.open


def test_a_host_that_answered_opens_after_three_failures_in_a_row() -> None:
    """After an answer, two timeouts keep the circuit closed and a third opens it."""
    assert (_open_after([None, _SILENT, _REFUSED]), _open_after([None, _SILENT, _REFUSED, _SILENT])) == (False, True)


def test_a_host_that_never_answered_opens_after_two_failures() -> None:
    """A host silent from the start is given up one failure earlier."""
    assert (_open_after([_REFUSED]), _open_after([_REFUSED, _SILENT])) == (False, True)


def test_any_answer_even_an_error_status_resets_the_count() -> None:
    """A 500 is an answer: the host is up, the retry policy deals with it."""
    status_error = httpx.HTTPStatusError("500", request=httpx.Request("GET", "http://x"),
                                         response=httpx.Response(500))
    assert _open_after([None, _SILENT, _SILENT, status_error, _SILENT, _SILENT]) is False


def test_an_open_circuit_fails_at_once_without_calling() -> None:
    """Once open, an attempt raises ServiceUnavailable and the request is never made."""
    circuits = Circuits()
    circuit = circuits.for_url("http://127.0.0.1:9/works")
    calls: list[int] = []

    def request() -> None:
        calls.append(1)
        raise _REFUSED

    guarded = circuit.guard("crossref", request)
    for _ in range(2):
        with pytest.raises(httpx.ConnectError):
            guarded()
    with pytest.raises(ServiceUnavailable):
        guarded()
    assert (len(calls), circuits.opened(), circuits.for_url("http://127.0.0.1:9/other") is circuit) == (
        2, ("http://127.0.0.1:9",), True)


def test_a_wrapped_transport_error_counts_as_a_connection_failure() -> None:
    """habanero wraps transport errors in RuntimeError; the cause still counts."""
    circuit = Circuits().for_url("http://127.0.0.1:9")

    def wrapped() -> None:
        try:
            raise _SILENT
        except httpx.ReadTimeout as exc:
            raise RuntimeError(exc) from exc

    guarded = circuit.guard("crossref", wrapped)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            guarded()
    assert circuit.open


def test_the_retry_policy_stops_at_an_open_circuit() -> None:
    """Retries end as soon as the circuit opens: two attempts, not five."""
    circuit = Circuits().for_url("http://127.0.0.1:9")
    calls: list[int] = []

    def request() -> None:
        calls.append(1)
        raise _REFUSED

    with pytest.raises(ServiceUnavailable):
        RetryPolicy(attempts=5, initial=0.001, maximum=0.001).wrap(request, "crossref", circuit)()
    assert len(calls) == 2


def test_a_spent_deadline_refuses_every_request() -> None:
    """With the run's deadline passed, no request starts."""
    circuit = Circuits(deadline=0.0).for_url("http://127.0.0.1:9")
    with pytest.raises(ServiceUnavailable):
        circuit.guard("github", lambda: None)()
