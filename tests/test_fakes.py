"""The loopback fake server and the Crossref/DataCite fakes built on it."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.fakes.server import FakeRequest, FakeResponse, FakeServer, FaultPlan, RateLimit, Route


def _echo(request: FakeRequest) -> FakeResponse:
    return FakeResponse(200, {}, {"path": request.path, "query": request.query})


ECHO = [Route("GET", re.compile(r"/echo/(?P<rest>.+)"), _echo)]


def test_route_receives_decoded_path_and_query() -> None:
    """A route sees the percent-decoded path and the query as a dict."""
    with FakeServer(ECHO) as server:
        response = httpx.get(f"{server.url}/echo/10.1038%2Fx", params={"rows": "2"})
    assert response.json() == {"path": "/echo/10.1038/x", "query": {"rows": "2"}}


def test_unknown_path_is_plain_404() -> None:
    """A path no route matches answers 404 in plain text."""
    with FakeServer(ECHO) as server:
        response = httpx.get(f"{server.url}/nothing")
    assert (response.status_code, response.text) == (404, "Not Found")


def test_request_log_records_headers() -> None:
    """The log keeps method, path, query and lower-cased headers of each request."""
    with FakeServer(ECHO) as server:
        httpx.get(f"{server.url}/echo/a", params={"q": "x"}, headers={"User-Agent": "probe/1"})
        entry = server.requests[0]
    assert (entry.method, entry.path, entry.query, entry.headers["user-agent"]) == ("GET", "/echo/a", {"q": "x"},
                                                                                   "probe/1")


def test_default_headers_are_sent() -> None:
    """Headers given to the server appear on every response, next to a JSON content-type."""
    with FakeServer(ECHO, default_headers={"X-Api-Pool": "polite"}) as server:
        response = httpx.get(f"{server.url}/echo/a")
    assert (response.headers["x-api-pool"], response.headers["content-type"]) == ("polite", "application/json")


def test_scripted_faults_come_first_in_order() -> None:
    """A script of faults fails the first responses in order, then the route answers."""
    plan = FaultPlan(script=["429", "500", None])
    with FakeServer(ECHO, fault_plan=plan) as server:
        statuses = [httpx.get(f"{server.url}/echo/a").status_code for _ in range(4)]
        count_429 = server.count_429
    assert (statuses, count_429) == ([429, 500, 200, 200], 1)


def test_crossref_style_429_has_no_retry_after() -> None:
    """An injected 429 carries no Retry-After, as Crossref's does not."""
    with FakeServer(ECHO, fault_plan=FaultPlan(script=["429"])) as server:
        response = httpx.get(f"{server.url}/echo/a")
    assert "retry-after" not in response.headers


def test_truncated_fault_cuts_json_body() -> None:
    """A truncated response has consistent headers but a body that is not valid JSON."""
    with FakeServer(ECHO, fault_plan=FaultPlan(script=["truncated"])) as server:
        response = httpx.get(f"{server.url}/echo/abcdef")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_slow_fault_outlasts_client_timeout() -> None:
    """A slow response takes longer than a short client timeout."""
    with FakeServer(ECHO, fault_plan=FaultPlan(script=["slow"], slow_seconds=1.0)) as server:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{server.url}/echo/a", timeout=0.1)


def test_seeded_rates_fail_a_reproducible_fraction() -> None:
    """The same seed injects the same faults in the same order."""
    draws = []
    for _ in range(2):
        plan = FaultPlan(seed=3, rates={"500": 0.3, "429": 0.2})
        draws.append([plan.draw("/x") for _ in range(40)])
    assert draws[0] == draws[1] and draws[0].count(None) < 40


def test_unknown_fault_kind_is_refused() -> None:
    """A fault plan with a misspelt kind fails loudly."""
    with pytest.raises(ValueError, match=r"unknown fault kinds \['503'\]"):
        FaultPlan(script=["503"])


def test_token_bucket_answers_429_beyond_the_rate() -> None:
    """More requests than the bucket holds within the interval get 429."""
    with FakeServer(ECHO, rate_limit=RateLimit(requests=3, interval=60.0, concurrency=5)) as server:
        statuses = [httpx.get(f"{server.url}/echo/a").status_code for _ in range(5)]
        count_429 = server.count_429
    assert (statuses, count_429) == ([200, 200, 200, 429, 429], 2)


def test_peak_concurrency_and_concurrency_limit() -> None:
    """Parallel requests beyond the concurrency limit get 429 and peak_concurrency records the overlap."""
    with FakeServer(ECHO, latency=0.5, rate_limit=RateLimit(requests=100, interval=1.0, concurrency=2)) as server:
        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(lambda _: httpx.get(f"{server.url}/echo/a").status_code, range(4)))
        peak = server.peak_concurrency
    assert (statuses, peak) == ([200, 200, 429, 429], 4)
