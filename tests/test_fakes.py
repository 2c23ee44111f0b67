"""The loopback fake server and the Crossref/DataCite fakes built on it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.fakes import Corpus, FakeServices, load_corpus
from tests.fakes import crossref as fake_crossref
from tests.fakes import datacite as fake_datacite
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
    with FakeServer(ECHO, latency=1.5, rate_limit=RateLimit(requests=100, interval=1.0, concurrency=2)) as server:
        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(lambda _: httpx.get(f"{server.url}/echo/a").status_code, range(4)))
        peak = server.peak_concurrency
    assert (statuses, peak) == ([200, 200, 429, 429], 4)


# ---------------------------------------------------------------- Crossref and DataCite fakes

RECORDED = Path(__file__).parent / "fixtures" / "real"


def _recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


ECOLOGY = _recorded("crossref_works_query-ecology_query.author-boettiger.json")
ARXIV_RECORD = _recorded("datacite_doi_10.48550_arxiv.2201.06719.json")["data"]


@pytest.fixture
def crossref_server() -> Iterator[FakeServer]:
    with FakeServer(fake_crossref.routes(ECOLOGY["message"]["items"])) as server:
        yield server


def test_crossref_search_envelope_matches_recorded_keys(crossref_server: FakeServer) -> None:
    """The work-list envelope has the recorded keys at every level and a score on each item."""
    body = httpx.get(f"{crossref_server.url}/works", params={"query": "ecology", "rows": "3"}).json()
    recorded_message = ECOLOGY["message"]
    assert ({key: body[key] for key in ("status", "message-type", "message-version")},
            sorted(body["message"]), body["message"]["query"], body["message"]["items-per-page"],
            all("score" in item for item in body["message"]["items"])) == (
        {key: ECOLOGY[key] for key in ("status", "message-type", "message-version")},
        sorted(recorded_message), {"start-index": 0, "search-terms": "ecology"}, 3, True)


def test_crossref_ranks_by_token_overlap(crossref_server: FakeServer) -> None:
    """Items sharing the query's words come first; the journal article and its preprint both rank high."""
    body = httpx.get(f"{crossref_server.url}/works",
                     params={"query.bibliographic": "after the games are over range expansion", "rows": "2"}).json()
    assert sorted(item["DOI"] for item in body["message"]["items"]) == ["10.1002/ece3.2314", "10.1101/014852"]


def test_crossref_select_drops_score(crossref_server: FakeServer) -> None:
    """With select=DOI,title items carry only those keys, as recorded."""
    body = httpx.get(f"{crossref_server.url}/works",
                     params={"query": "forecast trap", "rows": "1", "select": "DOI,title"}).json()
    assert body["message"]["items"] == [{"DOI": "10.1111/ele.14024", "title": ["The forecast trap"]}]


def test_crossref_work_envelope(crossref_server: FakeServer) -> None:
    """GET /works/{doi} answers the work envelope, case-insensitively on the DOI."""
    body = httpx.get(f"{crossref_server.url}/works/10.1111/ELE.14024").json()
    assert (body["message-type"], body["message"]["DOI"]) == ("work", "10.1111/ele.14024")


def test_crossref_404_is_recorded_plain_text(crossref_server: FakeServer) -> None:
    """An unknown DOI gets the recorded 'Resource not found.' as text/plain."""
    response = httpx.get(f"{crossref_server.url}/works/10.1371/notarealdoi")
    recorded_body = (RECORDED / "crossref_work_404_10.1371_notarealdoi.txt").read_bytes()
    assert (response.status_code, response.content, response.headers["content-type"]) == (
        404, recorded_body, "text/plain")


def test_crossref_field_query_on_a_doi_is_recorded_400(crossref_server: FakeServer) -> None:
    """A field query on /works/{doi} gets the recorded 400 body byte for byte."""
    response = httpx.get(f"{crossref_server.url}/works/10.1111/ele.14024", params={"query.author": "x"})
    recorded_body = (RECORDED / "crossref_work_400_field-query-not-allowed.json").read_bytes()
    assert (response.status_code, response.content) == (400, recorded_body)


def test_crossref_pool_headers_follow_mailto(crossref_server: FakeServer) -> None:
    """A mailto in the User-Agent gets polite-pool headers, none gets the public pool's."""
    polite = httpx.get(f"{crossref_server.url}/works/10.1111/ele.14024", headers={"User-Agent": "x (mailto:a@b.c)"})
    public = httpx.get(f"{crossref_server.url}/works/10.1111/ele.14024", headers={"User-Agent": "x"})
    assert ([polite.headers[name] for name in ("x-api-pool", "x-rate-limit-limit", "x-concurrency-limit")],
            [public.headers[name] for name in ("x-api-pool", "x-rate-limit-limit", "x-concurrency-limit")]) == (
        ["polite", "10", "5"], ["public", "5", "1"])


def test_datacite_record_and_404() -> None:
    """GET /dois/{doi} answers {data: ...}; an unknown DOI the JSON:API 404."""
    with FakeServer(fake_datacite.routes([ARXIV_RECORD])) as server:
        found = httpx.get(f"{server.url}/dois/10.48550/arXiv.2201.06719")
        missing = httpx.get(f"{server.url}/dois/10.48550/arxiv.0000.00000")
    assert (found.json()["data"]["id"], missing.status_code, missing.json()) == (
        "10.48550/arxiv.2201.06719", 404,
        {"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]})


def test_datacite_search_filters_by_client_and_reports_total() -> None:
    """client-id restricts the records and meta.total counts the matches."""
    with FakeServer(fake_datacite.routes([ARXIV_RECORD])) as server:
        arxiv = httpx.get(f"{server.url}/dois", params={"query": "hyperfine", "client-id": "arxiv.content"}).json()
        other = httpx.get(f"{server.url}/dois", params={"query": "hyperfine", "client-id": "cern.zenodo"}).json()
    assert ([record["id"] for record in arxiv["data"]], arxiv["meta"]["total"], other) == (
        ["10.48550/arxiv.2201.06719"], 1, {"data": [], "meta": {"total": 0, "totalPages": 0, "page": 1}})


# ---------------------------------------------------------------- corpus loading and FakeServices


def test_load_corpus_unwraps_envelopes(tmp_path: Path) -> None:
    """Corpus files may hold the bare item or its envelope; both load as the item."""
    (tmp_path / "crossref").mkdir()
    (tmp_path / "datacite").mkdir()
    (tmp_path / "crossref" / "a.json").write_text(json.dumps({"message-type": "work", "message": {"DOI": "10.1/a"}}))
    (tmp_path / "crossref" / "b.json").write_text(json.dumps({"DOI": "10.1/b"}))
    (tmp_path / "datacite" / "c.json").write_text(json.dumps({"data": {"id": "10.1/c", "attributes": {}}}))
    corpus = load_corpus(tmp_path)
    assert (corpus.crossref, corpus.datacite, corpus.github) == (
        [{"DOI": "10.1/a"}, {"DOI": "10.1/b"}], [{"id": "10.1/c", "attributes": {}}], [])


def test_fake_services_expose_env_and_route_requests() -> None:
    """Each service runs on its own server and env names their URLs."""
    corpus = Corpus(crossref=ECOLOGY["message"]["items"], datacite=[ARXIV_RECORD])
    with FakeServices(corpus) as services:
        env = services.env
        crossref_status = httpx.get(f"{env['ENRICH_CROSSREF_URL']}/works/10.1111/ele.14024").status_code
        datacite_status = httpx.get(f"{env['ENRICH_DATACITE_URL']}/dois/10.48550/arxiv.2201.06719").status_code
        counts = (len(services.crossref.requests), len(services.datacite.requests))
    assert (crossref_status, datacite_status, counts, env["ENRICH_CROSSREF_URL"] != env["ENRICH_DATACITE_URL"]) == (
        200, 200, (1, 1), True)


def test_fake_services_shared_server() -> None:
    """shared=True serves every service from one address."""
    with FakeServices(Corpus(datacite=[ARXIV_RECORD]), shared=True) as services:
        urls = set(services.env.values())
        status = httpx.get(f"{services.env['ENRICH_DATACITE_URL']}/dois/10.48550/arxiv.2201.06719").status_code
    assert (len(urls), status) == (1, 200)
