"""DataCiteClient against the loopback DataCite fake, and parse_record on the recorded arXiv record.

`RECORDED_DATA` is recorded (tests/fixtures/real/datacite_doi_10.48550_arxiv.2201.06719.json). The other
records are reconstructed: copies of it with the fields named in `_reconstructed` changed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from enrich.cache import Cache, work_key
from enrich.clients.datacite import DataCiteClient, parse_record
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.errors import CacheMiss, ServiceError
from enrich.records import Author
from tests.fakes import datacite as fake_datacite
from tests.fakes.server import FakeResponse, FakeServer, FaultPlan, Route

RECORDED = Path(__file__).parent / "fixtures" / "real"
RECORDED_DATA = json.loads((RECORDED / "datacite_doi_10.48550_arxiv.2201.06719.json").read_text(encoding="utf-8"))[
    "data"]
ARXIV_DOI = "10.48550/arxiv.2201.06719"
FAST_RETRY = RetryPolicy(attempts=4, initial=0.01, maximum=0.05)
MAILTO = "enrich-test@example.org"


def _reconstructed(doi: str, title: str, client: str = "arxiv.content", **attributes: Any) -> dict:
    """A reconstructed record: the recorded one with a new DOI, title, client and attributes."""
    record = copy.deepcopy(RECORDED_DATA)
    record["id"] = doi
    record["attributes"].update({"doi": doi, "titles": [{"title": title}], **attributes})
    record["relationships"]["client"]["data"]["id"] = client
    return record


DECOY = _reconstructed("10.48550/arxiv.2301.00001", "Hyperfine structure of trapped ions, a survey",
                       identifiers=[{"identifier": "2301.00001", "identifierType": "arXiv"}])
ZENODO = _reconstructed("10.5281/zenodo.123", "Hyperfine splittings data set", client="cern.zenodo",
                        publisher="Zenodo", identifiers=[], alternateIdentifiers=[],
                        types={"resourceTypeGeneral": "Dataset"})
CORPUS = [RECORDED_DATA, DECOY, ZENODO]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(fake_datacite.routes(CORPUS)) as running:
        yield running


def make_client(server: FakeServer, cache_dir: Path, *, offline: bool = False, timeout: float = 5.0) -> DataCiteClient:
    config = ServiceConfig(datacite_url=server.url, mailto=MAILTO)
    return DataCiteClient(config, Cache(cache_dir), offline=offline, retry=FAST_RETRY,
                          pacer=Pacer(rate=1000, concurrency=3), timeout=timeout)


# ---------------------------------------------------------------- parse_record


def test_parse_recorded_arxiv_record() -> None:
    """The recorded arXiv record maps onto a posted-content preprint in 'arXiv'."""
    work = parse_record(RECORDED_DATA)
    assert (work.doi, work.source, work.type, work.subtype, work.container, work.publisher, work.year,
            work.arxiv_id, work.is_preprint, len(work.authors), work.authors[0]) == (
        ARXIV_DOI, "datacite", "posted-content", "preprint", "arXiv", "arXiv", 2022, "2201.06719", True, 9,
        Author("Han", "J. Z."))


def test_parse_is_version_of_is_the_published_version() -> None:
    """relatedIdentifiers IsVersionOf (a DOI) becomes preprint_of."""
    assert parse_record(RECORDED_DATA).preprint_of == ("10.1103/physreva.106.012821",)


def test_parse_abstract_and_url() -> None:
    """The Abstract description (LaTeX kept) and the landing URL are kept."""
    work = parse_record(RECORDED_DATA)
    assert (work.abstract[:45], work.urls) == (
        "Regarding trapped-ion microwave-frequency sta", ("https://arxiv.org/abs/2201.06719",))


def test_parse_name_only_creators() -> None:
    """Creators given only as 'Family, Given', as a personal name, or as an organisation are split sensibly."""
    record = _reconstructed(ARXIV_DOI, "T", creators=[
        {"name": "Avsec, Žiga", "nameType": "Personal"},
        {"name": "Jane Q. Public"},
        {"name": "The Consortium, Inc.", "nameType": "Organizational",
         "nameIdentifiers": []},
        {"name": "Doe, J.", "nameIdentifiers": [{"nameIdentifier": "https://orcid.org/0000-0002-1825-0097",
                                                 "nameIdentifierScheme": "ORCID"}]},
    ])
    assert parse_record(record).authors == (
        Author("Avsec", "Žiga"), Author("Public", "Jane Q."), Author("The Consortium, Inc."),
        Author("Doe", "J.", "0000-0002-1825-0097"))


def test_parse_non_arxiv_dataset() -> None:
    """A Zenodo dataset keeps its own type and is no preprint."""
    work = parse_record(ZENODO)
    assert (work.type, work.is_preprint, work.container, work.arxiv_id) == ("dataset", False, None, None)


def test_parse_subtitle_and_main_title() -> None:
    """A Subtitle title is the subtitle; the untyped one is the title."""
    record = _reconstructed(ARXIV_DOI, "x")
    record["attributes"]["titles"] = [{"title": "Sub part", "titleType": "Subtitle"}, {"title": "Main part"}]
    work = parse_record(record)
    assert (work.title, work.subtitle) == ("Main part", "Sub part")


# ---------------------------------------------------------------- work()


def test_work_found_and_cached(server: FakeServer, tmp_path: Path) -> None:
    """work() fetches /dois/{doi} once; the cache keeps the record without the base64 XML."""
    work = make_client(server, tmp_path).work("10.48550/arXiv.2201.06719")
    entry = Cache(tmp_path).get(work_key("datacite", ARXIV_DOI), offline=True)
    assert (work == parse_record(RECORDED_DATA), server.requests[0].path, entry.status if entry else None,
            "xml" in entry.body["attributes"] if entry else None) == (
        True, "/dois/10.48550/arxiv.2201.06719", "found", False)


def test_work_second_call_from_cache(server: FakeServer, tmp_path: Path) -> None:
    """The second lookup sends nothing."""
    make_client(server, tmp_path).work(ARXIV_DOI)
    client = make_client(server, tmp_path)
    client.work(ARXIV_DOI)
    assert (len(server.requests), client.stats.as_dict()["cache_hits"]) == (1, 1)


def test_work_404_is_none_and_cached(server: FakeServer, tmp_path: Path) -> None:
    """DataCite's JSON 404 means no such DOI: None, cached as not-found."""
    client = make_client(server, tmp_path)
    answers = (client.work("10.48550/arxiv.9999.99999"), client.work("10.48550/arxiv.9999.99999"))
    entry = Cache(tmp_path).get(work_key("datacite", "10.48550/arxiv.9999.99999"), offline=True)
    assert (answers, len(server.requests), entry.status if entry else None) == ((None, None), 1, "not-found")


def test_work_400_is_not_retried(tmp_path: Path) -> None:
    """A 400 raises ServiceError with DataCite's error title after one request."""
    routes = [Route("GET", re.compile(r"/dois/.+"), lambda request: FakeResponse(
        400, {}, {"errors": [{"status": "400", "title": "Bad request"}]}))]
    with FakeServer(routes) as bad:
        with pytest.raises(ServiceError) as raised:
            make_client(bad, tmp_path).work(ARXIV_DOI)
        count = len(bad.requests)
    assert (str(raised.value), count) == ("datacite: work 10.48550/arxiv.2201.06719: HTTP 400: Bad request", 1)


@pytest.mark.parametrize("fault", ["429", "500", "truncated"])
def test_work_transient_fault_is_retried(tmp_path: Path, fault: str) -> None:
    """429, 500 and a truncated body are retried; the good answer is cached."""
    with FakeServer(fake_datacite.routes(CORPUS), fault_plan=FaultPlan(script=[fault, fault])) as flaky:
        work = make_client(flaky, tmp_path).work(ARXIV_DOI)
        count = len(flaky.requests)
    assert (work.doi if work else None, count, len(list(tmp_path.rglob("*.json")))) == (ARXIV_DOI, 3, 1)


def test_work_timeout_is_retried(tmp_path: Path) -> None:
    """A response slower than the timeout is retried."""
    plan = FaultPlan(script=["slow"], slow_seconds=1.0)
    with FakeServer(fake_datacite.routes(CORPUS), fault_plan=plan) as slow:
        work = make_client(slow, tmp_path, timeout=0.2).work(ARXIV_DOI)
        count = len(slow.requests)
    assert (work.doi if work else None, count) == (ARXIV_DOI, 2)


def test_work_gives_up_and_caches_nothing(tmp_path: Path) -> None:
    """Persistent 500s end in ServiceError; no cache file is written."""
    with FakeServer(fake_datacite.routes(CORPUS), fault_plan=FaultPlan(script=["500"] * 4)) as broken:
        with pytest.raises(ServiceError) as raised:
            make_client(broken, tmp_path).work(ARXIV_DOI)
    assert (str(raised.value), list(tmp_path.rglob("*.json"))) == (
        "datacite: work 10.48550/arxiv.2201.06719: no answer after 4 attempts (HTTP 500)", [])


def test_offline_miss(server: FakeServer, tmp_path: Path) -> None:
    """Offline, an uncached DOI raises CacheMiss without a request."""
    with pytest.raises(CacheMiss) as raised:
        make_client(server, tmp_path, offline=True).work(ARXIV_DOI)
    assert (str(raised.value), len(server.requests)) == (
        "not in the cache (offline): datacite/dois/10.48550_arxiv.2201.06719", 0)


def test_user_agent_carries_mailto(server: FakeServer, tmp_path: Path) -> None:
    """The fake received a User-Agent naming the contact address."""
    make_client(server, tmp_path).work(ARXIV_DOI)
    assert f"mailto:{MAILTO}" in server.requests[0].headers["user-agent"]


# ---------------------------------------------------------------- search()


def test_search_is_restricted_to_arxiv(server: FakeServer, tmp_path: Path) -> None:
    """search() asks for arXiv records only, so the Zenodo record never comes back."""
    works = make_client(server, tmp_path).search("hyperfine splittings", rows=5)
    assert (sorted(work.doi for work in works), server.requests[0].query) == (
        [ARXIV_DOI, "10.48550/arxiv.2301.00001"],
        {"query": "hyperfine splittings", "page[size]": "5", "client-id": "arxiv.content"})


def test_search_neutralises_query_syntax(server: FakeServer, tmp_path: Path) -> None:
    """Characters of the query language in a title are sent as spaces."""
    make_client(server, tmp_path).search('Cd+: "hyperfine" (g_J) factors?', rows=2)
    assert server.requests[0].query["query"] == "Cd hyperfine g_J factors"


def test_search_second_call_from_cache(server: FakeServer, tmp_path: Path) -> None:
    """A repeated search is answered from the cache."""
    first = make_client(server, tmp_path).search("hyperfine", rows=2)
    second = make_client(server, tmp_path).search("Hyperfine", rows=2)
    assert (first == second, len(server.requests)) == (True, 1)
