"""CrossrefClient against the loopback Crossref fake, and parse_work on recorded Crossref JSON.

Every JSON file read here is recorded (tests/fixtures/real/, see /work/shared/fixtures/real/PROVENANCE.md);
the one reconstructed item is built in `test_reconstructed_item_is_flagged` and says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import habanero
import pytest

from enrich.cache import Cache, marks_reconstructed, search_key, work_key
from enrich.clients.crossref import CrossrefClient, parse_work
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.errors import CacheMiss, ServiceError
from enrich.records import Author, Update
from tests.fakes import crossref as fake_crossref
from tests.fakes.server import FakeResponse, FakeServer, FaultPlan, Route

RECORDED = Path(__file__).parent / "fixtures" / "real"
FAST_RETRY = RetryPolicy(attempts=4, initial=0.01, maximum=0.05)
MAILTO = "enrich-test@example.org"
SREP = "10.1038/srep16696"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def recorded_message(name: str) -> dict:
    return recorded(name)["message"]


ECOLOGY_ITEMS = recorded("crossref_works_query-ecology_query.author-boettiger.json")["message"]["items"]
CORPUS = [
    recorded_message("crossref_work_10.1038_srep16696.json"),
    recorded_message("crossref_work_10.1371_journal.pone.0033693.json"),
    recorded_message("crossref_work_posted-content_biorxiv_10.1101_2025.02.05.636615.json"),
    *ECOLOGY_ITEMS,
]


def _item(doi: str) -> dict:
    return next(item for item in ECOLOGY_ITEMS if item["DOI"] == doi)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(fake_crossref.routes(CORPUS)) as running:
        yield running


def make_client(server: FakeServer, cache_dir: Path, *, mailto: str | None = MAILTO, offline: bool = False,
                refresh: bool = False, timeout: float = 5.0, pacer: Pacer | None = None,
                cache: Cache | None = None) -> CrossrefClient:
    config = ServiceConfig(crossref_url=server.url, mailto=mailto)
    return CrossrefClient(config, cache or Cache(cache_dir), offline=offline, refresh=refresh, retry=FAST_RETRY,
                          pacer=pacer or Pacer(rate=1000, concurrency=3),
                          timeout=timeout)


# ---------------------------------------------------------------- parse_work on recorded shapes


def test_parse_recorded_journal_article() -> None:
    """A recorded /works/{doi} message becomes a WorkRecord with cleaned fields."""
    work = parse_work(recorded_message("crossref_work_10.1038_srep16696.json"))
    assert (work.doi, work.type, work.year, work.container, work.volume, work.issue, work.pages, len(work.authors),
            work.authors[1], work.subtitle, work.relevance, work.is_preprint) == (
        "10.1038/srep16696", "journal-article", 2015, "Scientific Reports", "5", "1", None, 8,
        Author("Horrocks", "Mathew H."), "", 1.0, False)


def test_parse_strips_jats_from_abstract() -> None:
    """The JATS abstract loses its tags and its 'Abstract' heading."""
    work = parse_work(recorded_message("crossref_work_10.1038_srep16696.json"))
    assert work.abstract.startswith("Oligomers of alpha-synuclein are toxic to cells")


def test_parse_updated_by_correction() -> None:
    """updated-by becomes Update(kind, doi), lower-cased."""
    work = parse_work(recorded_message("crossref_work_10.1371_journal.pone.0033693.json"))
    assert work.updated_by == (Update("correction", "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda"),)


def test_parse_update_to_new_version() -> None:
    """update-to on a notice is kept with its type lower-cased."""
    items = recorded("crossref_prefix10.1371_works_filter-type_query.editor.json")["message"]["items"]
    notices = [parse_work(item) for item in items if item.get("update-to")]
    assert notices[0].update_to == (Update("new_version", "10.1371/journal.ppat.1006930"),)


def test_parse_has_preprint_is_one_sided() -> None:
    """The article names its preprint; the recorded preprint names nothing back."""
    article = parse_work(_item("10.1002/ece3.2314"))
    preprint = parse_work(_item("10.1101/014852"))
    assert (article.has_preprint, preprint.preprint_of) == (("10.1101/014852",), ())


def test_parse_posted_content_uses_institution_as_container() -> None:
    """A bioRxiv preprint without container-title gets 'bioRxiv' as container and is a preprint."""
    work = parse_work(_item("10.1101/014852"))
    assert (work.type, work.subtype, work.container, work.is_preprint, work.year, work.relevance) == (
        "posted-content", "preprint", "bioRxiv", True, 2015, 25.927113)


def test_parse_is_preprint_of() -> None:
    """relation.is-preprint-of gives the published DOI."""
    work = parse_work(recorded_message("crossref_work_posted-content_research-square_is-preprint-of.json"))
    assert (work.doi, work.preprint_of, work.container) == (
        "10.21203/rs.1.1/v2", ("10.1186/s13063-019-3980-5",), "Research Square")


def test_parse_title_markup_and_newlines() -> None:
    """<scp> markup and the newlines around it are cleaned from a recorded title."""
    title = parse_work(_item("10.1002/fee.70021")).title
    assert title == "The role of AI in ecology’s computational carbon footprint"


def test_parse_keeps_words_apart_around_inline_markup() -> None:
    """bioRxiv's '<i>' glued to words becomes a space, in title and abstract."""
    work = parse_work(recorded_message("crossref_work_posted-content_biorxiv_10.1101_2025.02.05.636615.json"))
    assert (work.title.endswith("epidemiologically successful Shigella sonnei"), work.abstract[:96]) == (
        True, "Shigellosis is a leading cause of diarrhoeal deaths worldwide, with Shigella sonnei increasingly")


def test_parse_orcid_is_bare_identifier() -> None:
    """ORCID URLs become bare identifiers."""
    work = parse_work(recorded_message("crossref_work_posted-content_biorxiv_10.1101_2025.02.05.636615.json"))
    assert work.authors[0] == Author("Miles", "Sydney L", "0000-0003-2291-4105")


def test_parse_github_url_in_abstract_with_typeset_hyphen() -> None:
    """A GitHub link in a JATS abstract (U+2010 in its text) is found once, with plain hyphens."""
    work = parse_work(_item("10.1111/2041-210x.13501"))
    assert [url for url in work.urls if "github" in url] == ["https://github.com/conservation-decisions/smsPOMDP"]


def test_parse_urls_from_link_and_resource() -> None:
    """link[].URL and resource.primary.URL are collected in order, without duplicates."""
    work = parse_work(recorded_message("crossref_work_10.1038_srep16696.json"))
    assert work.urls == ("https://www.nature.com/articles/srep16696.pdf", "https://www.nature.com/articles/srep16696")


def test_parse_correction_notice_without_update_to() -> None:
    """A recorded correction notice with no update-to has no update links (matching must read the title)."""
    work = parse_work(recorded_message("crossref_work_correction-notice_10.2196_43211.json"))
    assert (work.title[:11], work.update_to, work.updated_by) == ("Correction:", (), ())


def test_reconstructed_item_is_marked_for_the_cache() -> None:
    """An item carrying reconstructed: true (reconstructed data, built here) marks its cache file, not the record."""
    reconstructed = {"DOI": "10.9999/RECON.1", "title": ["A composed record"], "type": "journal-article",
                     "reconstructed": True}
    work = parse_work(reconstructed)
    assert (work.doi, marks_reconstructed(reconstructed), marks_reconstructed([reconstructed]),
            marks_reconstructed({**reconstructed, "reconstructed": False})) == ("10.9999/recon.1", True, True, False)


# ---------------------------------------------------------------- work()


def test_work_found_and_cached(server: FakeServer, tmp_path: Path) -> None:
    """work() fetches once and writes a found cache entry."""
    work = make_client(server, tmp_path).work(SREP)
    entry = Cache(tmp_path).get(work_key("crossref", SREP), offline=True)
    assert (work.title[:27] if work else None, len(server.requests), entry.status if entry else None,
            "reference" in entry.body if entry else None) == ("Single-molecule FRET studie", 1, "found", False)


def test_work_second_call_served_from_cache(server: FakeServer, tmp_path: Path) -> None:
    """A second client on the same cache sends no request."""
    first = make_client(server, tmp_path).work(SREP)
    second_client = make_client(server, tmp_path)
    second = second_client.work(SREP)
    assert (second == first, len(server.requests), second_client.stats.as_dict()) == (
        True, 1, {"requests": 0, "cache_hits": 1, "retries": 0, "rate_limited": 0})


def test_work_accepts_doi_url_and_case(server: FakeServer, tmp_path: Path) -> None:
    """A DOI URL in any case is normalised before the request."""
    work = make_client(server, tmp_path).work("https://doi.org/10.1038/SREP16696")
    assert (work.doi if work else None, server.requests[0].path) == (SREP, "/works/10.1038/srep16696")


def test_work_404_is_none_and_cached_not_found(server: FakeServer, tmp_path: Path) -> None:
    """The recorded plain-text 404 means 'no such DOI': None, cached as not-found, asked once."""
    client = make_client(server, tmp_path)
    answers = (client.work("10.1371/notarealdoi"), client.work("10.1371/notarealdoi"))
    entry = Cache(tmp_path).get(work_key("crossref", "10.1371/notarealdoi"), offline=True)
    assert (answers, len(server.requests), entry.status if entry else None) == ((None, None), 1, "not-found")


def test_work_400_is_service_error_without_retry(tmp_path: Path) -> None:
    """A 400 (recorded validation-failure body) raises ServiceError after exactly one request."""
    body = (RECORDED / "crossref_work_400_field-query-not-allowed.json").read_bytes()
    routes = [Route("GET", re.compile(r"/works/.+"),
                    lambda request: FakeResponse(400, {"content-type": "application/json;charset=utf-8"}, body))]
    with FakeServer(routes) as bad_server:
        with pytest.raises(ServiceError) as raised:
            make_client(bad_server, tmp_path).work(SREP)
        count = len(bad_server.requests)
    assert (str(raised.value), raised.value.status, count) == (
        "crossref: work 10.1038/srep16696: HTTP 400: This route does not support field query parameters", 400, 1)


def test_work_429_storm_then_success(tmp_path: Path) -> None:
    """Three 429s (no Retry-After) then success: same record, counted, and only the success cached."""
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=FaultPlan(script=["429", "429", "429"])) as flaky:
        client = make_client(flaky, tmp_path)
        work = client.work(SREP)
        counts = (len(flaky.requests), flaky.count_429)
    plain = parse_work(recorded_message("crossref_work_10.1038_srep16696.json"))
    assert (work == plain, counts, client.stats.as_dict()) == (
        True, (4, 3), {"requests": 4, "cache_hits": 0, "retries": 3, "rate_limited": 3})


def test_work_429_until_give_up_caches_nothing(tmp_path: Path) -> None:
    """When every attempt gets 429 the client raises ServiceError and writes no cache file."""
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=FaultPlan(script=["429"] * 4)) as flaky:
        with pytest.raises(ServiceError) as raised:
            make_client(flaky, tmp_path).work(SREP)
    assert (str(raised.value), list(tmp_path.rglob("*.json"))) == (
        "crossref: work 10.1038/srep16696: no answer after 4 attempts (HTTP 429)", [])


@pytest.mark.parametrize("fault", ["500", "truncated"])
def test_work_transient_fault_is_retried(tmp_path: Path, fault: str) -> None:
    """A 500 or a truncated JSON body is retried and the second answer used."""
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=FaultPlan(script=[fault])) as flaky:
        work = make_client(flaky, tmp_path).work(SREP)
        count = len(flaky.requests)
    assert (work.doi if work else None, count) == (SREP, 2)


def test_work_timeout_is_retried(tmp_path: Path) -> None:
    """A response slower than the client timeout is retried."""
    plan = FaultPlan(script=["slow"], slow_seconds=1.0)
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=plan) as slow:
        work = make_client(slow, tmp_path, timeout=0.2).work(SREP)
        count = len(slow.requests)
    assert (work.doi if work else None, count) == (SREP, 2)


def test_offline_miss_raises_cache_miss_without_requests(server: FakeServer, tmp_path: Path) -> None:
    """Offline, an uncached DOI raises CacheMiss and nothing is sent."""
    with pytest.raises(CacheMiss) as raised:
        make_client(server, tmp_path, offline=True).work(SREP)
    assert (str(raised.value), len(server.requests)) == (
        "not in the cache (offline): crossref/works/10.1038_srep16696", 0)


def test_reconstructed_cache_entry_is_a_miss_live(server: FakeServer, tmp_path: Path) -> None:
    """A live run refetches a DOI whose cache entry is reconstructed."""
    cache = Cache(tmp_path)
    cache.put(work_key("crossref", SREP), request={"doi": SREP}, status="found",
              body={"DOI": SREP, "title": ["Composed"], "type": "journal-article"}, reconstructed=True)
    work = make_client(server, tmp_path).work(SREP)
    assert (work.title[:15] if work else None, len(server.requests)) == ("Single-molecule", 1)


def test_reconstructed_cache_entry_is_used_offline(server: FakeServer, tmp_path: Path) -> None:
    """Offline, the reconstructed entry answers without a request and the cache notes its DOI as reconstructed."""
    cache = Cache(tmp_path)
    cache.put(work_key("crossref", SREP), request={"doi": SREP}, status="found",
              body={"DOI": SREP, "title": ["Composed"], "type": "journal-article", "reconstructed": True},
              reconstructed=True)
    work = make_client(server, tmp_path, offline=True, cache=cache).work(SREP)
    assert (work.title if work else None, SREP in cache.reconstructed_dois, len(server.requests)) == (
        "Composed", True, 0)


def test_corrupt_cache_file_is_refetched_and_rewritten(server: FakeServer, tmp_path: Path) -> None:
    """A truncated cache file is a miss: the DOI is fetched and the file rewritten whole."""
    path = tmp_path / "crossref" / "works" / "10.1038_srep16696.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"body": {"DOI": "10.10', encoding="utf-8")
    work = make_client(server, tmp_path).work(SREP)
    assert (work.doi if work else None, len(server.requests), json.loads(path.read_text())["status"]) == (
        SREP, 1, "found")


def test_refresh_bypasses_cache(server: FakeServer, tmp_path: Path) -> None:
    """refresh=True asks the service even when the cache holds the answer."""
    make_client(server, tmp_path).work(SREP)
    make_client(server, tmp_path, refresh=True).work(SREP)
    assert len(server.requests) == 2


def test_user_agent_carries_mailto(server: FakeServer, tmp_path: Path) -> None:
    """The User-Agent the fake received names ENRICH_MAILTO."""
    make_client(server, tmp_path).work(SREP)
    assert f"mailto:{MAILTO}" in server.requests[0].headers["user-agent"]


def test_pacer_keeps_concurrency_at_most_three(tmp_path: Path) -> None:
    """Eight threads through a polite-pool pacer never put more than three requests in flight."""
    with FakeServer(fake_crossref.routes(CORPUS), latency=0.1) as slow:
        client = make_client(slow, tmp_path, pacer=Pacer(rate=200, concurrency=3))
        dois = [item["DOI"] for item in ECOLOGY_ITEMS[:8]]
        with ThreadPoolExecutor(8) as pool:
            works = list(pool.map(client.work, dois))
        peak = slow.peak_concurrency
    assert (len([work for work in works if work]), peak <= 3) == (8, True)


def test_default_pacer_follows_the_pool(server: FakeServer, tmp_path: Path) -> None:
    """Default pace for every request type: public pool 5/s x1, polite pool 10/s x5 (Crossref, December 2025)."""
    public = CrossrefClient(ServiceConfig(crossref_url=server.url), Cache(tmp_path))
    polite = CrossrefClient(ServiceConfig(crossref_url=server.url, mailto=MAILTO), Cache(tmp_path))
    assert [(client.pacer.rate, client.pacer.concurrency) for client in (public, polite)] == [(5.0, 1), (10.0, 5)]


def test_announced_limits_on_an_error_answer_are_followed(tmp_path: Path) -> None:
    """A 404 carrying x-rate-limit-limit 4 per 2s and x-concurrency-limit 2 sets the pace to 2/s x2."""
    headers = {"x-rate-limit-limit": "4", "x-rate-limit-interval": "2s", "x-concurrency-limit": "2"}
    routes = [Route("GET", re.compile(r"/works/.+"), lambda request: FakeResponse(404, headers, "Resource not found."))]
    with FakeServer(routes) as announcing:
        client = CrossrefClient(ServiceConfig(crossref_url=announcing.url, mailto=MAILTO), Cache(tmp_path))
        client.work("10.5555/absent")
    assert (client.pacer.rate, client.pacer.concurrency) == (2.0, 2)


def test_a_429_halves_the_pace(tmp_path: Path) -> None:
    """A 429 answer halves the client's rate and concurrency; the retry then gets the record."""
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=FaultPlan(script=["429"])) as limited:
        client = make_client(limited, tmp_path, pacer=Pacer(rate=1000, concurrency=4, recover_every=600))
        work = client.work(SREP)
    assert (work is not None, client.pacer.rate, client.pacer.concurrency) == (True, 500.0, 2)


def test_habanero_hides_the_headers_of_a_success(server: FakeServer) -> None:
    """habanero 2.4.0 returns only the parsed body of a 200, so pacing cannot read the pool's headers from it."""
    answer = habanero.Crossref(base_url=server.url, mailto=MAILTO).works(ids="10.1038/srep16696")
    assert (type(answer), sorted(answer)) == (dict, ["message", "message-type", "message-version", "status"])


# ---------------------------------------------------------------- search()


def test_search_sends_bibliographic_query_and_rows(server: FakeServer, tmp_path: Path) -> None:
    """search() sends query.bibliographic, rows and query.author, and returns ranked records."""
    works = make_client(server, tmp_path).search("after the games are over dispersal", rows=2, author="Boettiger")
    assert (sorted(work.doi for work in works), server.requests[0].query) == (
        ["10.1002/ece3.2314", "10.1101/014852"],
        {"query.bibliographic": "after the games are over dispersal", "rows": "2", "query.author": "Boettiger"})


def test_search_keeps_scores_as_relevance(server: FakeServer, tmp_path: Path) -> None:
    """Each result carries the service's score."""
    works = make_client(server, tmp_path).search("forecast trap", rows=1)
    assert (works[0].doi, works[0].relevance is not None and works[0].relevance > 0) == ("10.1111/ele.14024", True)


def test_search_second_call_served_from_cache(server: FakeServer, tmp_path: Path) -> None:
    """The same search (differently spaced) is answered from the cache."""
    first = make_client(server, tmp_path).search("forecast trap", rows=3)
    second = make_client(server, tmp_path).search("  Forecast   TRAP ", rows=3)
    assert (second == first, len(server.requests)) == (True, 1)


def test_search_without_results_is_cached_as_not_found(server: FakeServer, tmp_path: Path) -> None:
    """An empty result list is stored with the short-lived not-found status."""
    works = make_client(server, tmp_path).search("zzyzx qwxv", rows=3)
    entry = Cache(tmp_path).get(search_key("crossref", {"query.bibliographic": "zzyzx qwxv", "rows": 3}), offline=True)
    assert (works, entry.status if entry else None, entry.body if entry else None) == ([], "not-found", [])


def test_search_timeout_through_habanero_runtime_error_is_retried(tmp_path: Path) -> None:
    """habanero wraps a list-query timeout in RuntimeError; it is still retried."""
    plan = FaultPlan(script=["slow"], slow_seconds=1.0)
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=plan) as slow:
        works = make_client(slow, tmp_path, timeout=0.2).search("forecast trap", rows=1)
        count = len(slow.requests)
    assert ([work.doi for work in works], count) == (["10.1111/ele.14024"], 2)


def test_search_500s_until_give_up(tmp_path: Path) -> None:
    """Persistent 500s end in ServiceError naming the query and nothing is cached."""
    with FakeServer(fake_crossref.routes(CORPUS), fault_plan=FaultPlan(script=["500"] * 4)) as broken:
        with pytest.raises(ServiceError) as raised:
            make_client(broken, tmp_path).search("forecast trap", rows=1)
    assert (str(raised.value), list(tmp_path.rglob("*.json"))) == (
        "crossref: search 'forecast trap': no answer after 4 attempts (HTTP 500)", [])


def test_search_offline_miss(server: FakeServer, tmp_path: Path) -> None:
    """Offline, an uncached search raises CacheMiss without a request."""
    with pytest.raises(CacheMiss):
        make_client(server, tmp_path, offline=True).search("forecast trap")
    assert len(server.requests) == 0


def test_remembered_search_hit_is_served_by_doi(server: FakeServer, tmp_path: Path) -> None:
    """A hit the pipeline accepted is filed under its DOI: the next run's work() asks nobody."""
    client = make_client(server, tmp_path / "cache")
    hit = client.search("ecology", rows=3)[0]
    client.remember(hit.doi)
    asked = len(server.requests)
    assert make_client(server, tmp_path / "cache").work(hit.doi) == hit
    assert len(server.requests) == asked


def test_offline_client_remembers_nothing(server: FakeServer, tmp_path: Path) -> None:
    """An offline run (the demo) never writes into the cache it replays."""
    make_client(server, tmp_path / "cache").search("ecology", rows=3)
    offline = make_client(server, tmp_path / "cache", offline=True)
    before = sorted(path.name for path in (tmp_path / "cache").rglob("*.json"))
    offline.remember(offline.search("ecology", rows=3)[0].doi)
    assert sorted(path.name for path in (tmp_path / "cache").rglob("*.json")) == before
