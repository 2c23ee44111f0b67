"""Shared HTTP policy: configuration, User-Agent, Retry-After, pacing."""

from __future__ import annotations

import httpx
import pytest

from enrich.clients.http import (
    Pacer,
    RetryPolicy,
    ServiceConfig,
    TransientResponse,
    is_transient,
    parse_retry_after,
    user_agent,
)


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


def test_pacer_spaces_request_starts() -> None:
    """Starts are at least 1/rate apart on a fake clock."""
    now = [0.0]
    starts: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    pacer = Pacer(rate=4, concurrency=1, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with pacer.slot():
            starts.append(now[0])
    assert starts == [0.0, 0.25, 0.5]


def test_pacer_adopts_only_stricter_rate() -> None:
    """An announced limit can slow the pacer down, never speed it up."""
    pacer = Pacer(rate=10, concurrency=3)
    pacer.adopt(rate=20, concurrency=5)
    assert (pacer.rate, pacer.concurrency) == (10, 3)
    pacer.adopt(rate=5, concurrency=1)
    assert (pacer.rate, pacer.concurrency) == (5, 1)
