"""GitHubClient against loopback fakes that replay the recorded GitHub answers in tests/fixtures/real/."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from enrich.cache import Cache
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.errors import CacheMiss, RateLimited, ServiceError
from tests.fakes.github import GitHubFake, recorded_body, recorded_headers
from tests.fakes.server import FakeRequest, FakeResponse, FakeServer, Route

NO_WAIT = RetryPolicy(attempts=3, initial=0.0, maximum=0.0)
REPO_ETAG = 'W/"37ea58577585c38f93634ef43114c657de2581286eb6976ec18c274de296eff0"'  # recorded
RENAMED_FROM = "octokit-fixture-org/tmp-scenario-rename-repository-20220719044033126-ukeod"  # recorded
SENTINEL = "ghp_SENTINEL0123456789abcdefSENTINEL"


def _client(server: FakeServer, tmp_path: Path, token: str | None = None, **options: object) -> GitHubClient:
    config = ServiceConfig(github_url=server.url, github_token=token, mailto="team@example.org")
    options.setdefault("retry", NO_WAIT)
    return GitHubClient(config, Cache(tmp_path / "cache"), pacer=Pacer(rate=1000.0, concurrency=1),
                        search_pacer=Pacer(rate=1000.0, concurrency=1), **options)  # type: ignore[arg-type]


def _recorded(status: int, body: str, headers: str, **extra: str) -> FakeResponse:
    return FakeResponse(status, recorded_headers(headers) | {"content-type": "application/json; charset=utf-8"}
                        | extra, recorded_body(body))


def _recorded_repo(request: FakeRequest) -> FakeResponse:
    """recorded: github_repo_PyGithub_PyGithub.json with its ETag and quota headers."""
    return _recorded(200, "github_repo_PyGithub_PyGithub.json", "github_repo_PyGithub_PyGithub.headers.json",
                     etag=REPO_ETAG, **{"x-ratelimit-remaining": "4999", "x-ratelimit-reset": "1736238735"})


def _recorded_304(request: FakeRequest) -> FakeResponse:
    """recorded: github_repo_304_not-modified.txt (empty body) and its headers."""
    if request.headers.get("if-none-match") != REPO_ETAG:
        return _recorded_repo(request)
    return FakeResponse(304, recorded_headers("github_repo_304_not-modified.headers.json"), b"")


def _recorded_404(request: FakeRequest) -> FakeResponse:
    return _recorded(404, "github_404_not-found.json", "github_404_not-found.headers.json")


def _recorded_301(request: FakeRequest) -> FakeResponse:
    """recorded: github_repo_301_renamed.json; the Location points at this server instead of api.github.com."""
    location = f"{request.base_url}/repositories/515436299"
    return _recorded(301, "github_repo_301_renamed.json", "github_repo_301_renamed.headers.json", location=location)


def _recorded_by_id(request: FakeRequest) -> FakeResponse:
    return _recorded(200, "github_repositories_by-id_after-301.json",
                     "github_repositories_by-id_after-301.headers.json")


def _recorded_readme(request: FakeRequest) -> FakeResponse:
    return _recorded(200, "github_readme_PyGithub_PyGithub.json", "github_readme_PyGithub_PyGithub.headers.json")


def _recorded_search(request: FakeRequest) -> FakeResponse:
    return _recorded(200, "github_search_repositories_unauth_q-swift_per_page-1.json",
                     "github_search_repositories_unauth_q-swift_per_page-1.headers.json")


def _recorded_secondary_limit(request: FakeRequest) -> FakeResponse:
    """recorded: github_403_secondary-rate-limit_retry-after.json with Retry-After: 60."""
    return _recorded(403, "github_403_secondary-rate-limit_retry-after.json",
                     "github_403_secondary-rate-limit_retry-after.headers.json", **{"retry-after": "60"})


def _routes(**handlers: object) -> list[Route]:
    table = {
        "repo": (r"/repos/PyGithub/PyGithub", _recorded_repo),
        "readme": (r"/repos/PyGithub/PyGithub/readme(/.+)?", _recorded_readme),
        "missing": (r"/repos/nobody/nothing(/readme)?", _recorded_404),
        "moved": (rf"/repos/{RENAMED_FROM}", _recorded_301),
        "by_id": (r"/repositories/515436299", _recorded_by_id),
        "search": (r"/search/repositories", _recorded_search),
    }
    table.update({name: (table[name][0], handler) for name, handler in handlers.items()})
    return [Route("GET", re.compile(pattern), handler) for pattern, handler in table.values()]  # type: ignore[arg-type]


# ---------------------------------------------------------------- parsing the recorded answers


def test_repo_parses_recorded_answer(tmp_path: Path) -> None:
    """The recorded /repos answer becomes a RepoRecord with the fields verification needs."""
    with FakeServer(_routes()) as server:
        repo = _client(server, tmp_path).repo("PyGithub/PyGithub")
    assert repo is not None
    assert (repo.full_name, repo.html_url, repo.description, repo.fork, repo.archived, repo.size, repo.stargazers,
            repo.topics, repo.homepage, repo.renamed_from) == (
        "PyGithub/PyGithub", "https://github.com/PyGithub/PyGithub", "Typed interactions with the GitHub API v3",
        False, False, 16425, 7122, ("github", "github-api", "pygithub", "python"),
        "https://pygithub.readthedocs.io/", None)


def test_requests_carry_api_headers(tmp_path: Path) -> None:
    """Every request names the media type, the API version and our User-Agent (without the contact address, which
    buys nothing at GitHub); no token, no Authorization."""
    with FakeServer(_routes()) as server:
        _client(server, tmp_path).repo("PyGithub/PyGithub")
    headers = server.requests[0].headers
    assert (headers["accept"], headers["x-github-api-version"], headers["user-agent"]) == (
        "application/vnd.github+json", "2022-11-28", "enrich/0.1.0 (+https://github.com/enrich-dev/enrich)")
    assert "authorization" not in headers


def test_unknown_repo_is_none_and_cached(tmp_path: Path) -> None:
    """A 404 is an answer: None, cached as not-found, not asked again."""
    with FakeServer(_routes()) as server:
        client = _client(server, tmp_path)
        first, second = client.repo("nobody/nothing"), client.repo("nobody/nothing")
    assert (first, second, len(server.requests)) == (None, None, 1)
    stored = json.loads((tmp_path / "cache/github/repos/nobody__nothing.json").read_text())
    assert (stored["status"], stored["body"]) == ("not-found", None)


def test_renamed_repo_follows_301(tmp_path: Path) -> None:
    """The recorded 301 leads to /repositories/{id}; the record has the new name and remembers the old one."""
    with FakeServer(_routes()) as server:
        repo = _client(server, tmp_path).repo(RENAMED_FROM)
    assert repo is not None
    assert (repo.full_name, repo.renamed_from) == (
        "octokit-fixture-org/tmp-scenario-rename-repository-20220719044033126-ukeod-newname", RENAMED_FROM)
    assert [entry.path for entry in server.requests] == [f"/repos/{RENAMED_FROM}", "/repositories/515436299"]


def test_redirect_to_another_host_is_refused(tmp_path: Path) -> None:
    """A Location on a foreign host is not followed, so the token never leaves the API host."""
    def elsewhere(request: FakeRequest) -> FakeResponse:
        return FakeResponse(301, {"location": "https://evil.example/repositories/1"}, "")

    with FakeServer(_routes(repo=elsewhere)) as server, pytest.raises(ServiceError) as caught:
        _client(server, tmp_path, token=SENTINEL).repo("PyGithub/PyGithub")
    assert str(caught.value) == "github: GET /repos/PyGithub/PyGithub: redirected off the API host"


def test_readme_is_decoded(tmp_path: Path) -> None:
    """The recorded base64 README decodes to its Markdown text."""
    with FakeServer(_routes()) as server:
        text = _client(server, tmp_path).readme("PyGithub/PyGithub")
    assert text.splitlines()[0] == "# PyGitHub"
    assert "PyGitHub is a Python library to access the [GitHub REST API]." in text


def test_folder_readme_path(tmp_path: Path) -> None:
    """A monorepo folder's README is asked for at /readme/{folder}."""
    with FakeServer(_routes()) as server:
        _client(server, tmp_path).readme("PyGithub/PyGithub", "docs/examples")
    assert server.requests[0].path == "/repos/PyGithub/PyGithub/readme/docs/examples"


def test_missing_readme_is_empty(tmp_path: Path) -> None:
    """No README (404) reads as the empty string."""
    with FakeServer(_routes()) as server:
        assert _client(server, tmp_path).readme("nobody/nothing") == ""


def test_search_parses_recorded_items(tmp_path: Path) -> None:
    """The recorded unauthenticated search answer yields its one item, asked with q and per_page."""
    with FakeServer(_routes()) as server:
        hits = _client(server, tmp_path).search("swift", rows=1)
    assert [(hit.full_name, hit.stargazers, hit.fork, hit.size) for hit in hits] == [
        ("apple/swift", 52391, False, 589423)]
    assert server.requests[0].query == {"q": "swift", "per_page": "1"}


# ---------------------------------------------------------------- cache and conditional requests


def test_cached_answer_costs_no_request(tmp_path: Path) -> None:
    """A second client on the same cache answers without a request."""
    with FakeServer(_routes()) as server:
        _client(server, tmp_path).repo("PyGithub/PyGithub")
        again = _client(server, tmp_path)
        repo = again.repo("PyGithub/PyGithub")
    assert (repo.full_name if repo else None, len(server.requests), again.stats.as_dict()["cache_hits"]) == (
        "PyGithub/PyGithub", 1, 1)


def test_refresh_sends_if_none_match_and_uses_304(tmp_path: Path) -> None:
    """A live re-check sends the cached ETag; the recorded 304 is answered from the cache."""
    with FakeServer(_routes(repo=_recorded_304)) as server:
        _client(server, tmp_path).repo("PyGithub/PyGithub")
        refreshing = _client(server, tmp_path, refresh=True)
        repo = refreshing.repo("PyGithub/PyGithub")
    assert server.requests[1].headers["if-none-match"] == REPO_ETAG
    assert (repo.stargazers if repo else None, refreshing.stats.as_dict()["not_modified"]) == (7122, 1)


def test_offline_miss_raises_cache_miss(tmp_path: Path) -> None:
    """Offline, an uncached repository raises CacheMiss naming the key, and nothing is sent."""
    with FakeServer(_routes()) as server, pytest.raises(CacheMiss) as caught:
        _client(server, tmp_path, offline=True).repo("PyGithub/PyGithub")
    assert str(caught.value) == "not in the cache (offline): github/repos/pygithub__pygithub"
    assert len(server.requests) == 0


def test_offline_reads_cache(tmp_path: Path) -> None:
    """Offline, a cached README is served without a request."""
    with FakeServer(_routes()) as server:
        _client(server, tmp_path).readme("PyGithub/PyGithub")
        text = _client(server, tmp_path, offline=True).readme("PyGithub/PyGithub")
    assert (text.splitlines()[0], len(server.requests)) == ("# PyGitHub", 1)


# ---------------------------------------------------------------- limits and failures


def test_exhausted_quota_stops_calling(tmp_path: Path) -> None:
    """After an answer says remaining 0, the next call raises RateLimited without a request."""
    def last_one(request: FakeRequest) -> FakeResponse:
        return _recorded(200, "github_repo_PyGithub_PyGithub.json", "github_repo_PyGithub_PyGithub.headers.json",
                         **{"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4102444800"})

    with FakeServer(_routes(repo=last_one)) as server:
        client = _client(server, tmp_path)
        client.repo("PyGithub/PyGithub")
        with pytest.raises(RateLimited) as caught:
            client.readme("PyGithub/PyGithub")
    assert (str(caught.value), caught.value.reset_at, len(server.requests)) == (
        "github: core rate limit exhausted until 2100-01-01 00:00:00 UTC", 4102444800.0, 1)


def test_search_quota_resetting_soon_is_waited_out(tmp_path: Path) -> None:
    """A search quota that resets within the wait cap is slept through, not reported."""
    def last_search(request: FakeRequest) -> FakeResponse:
        return _recorded(200, "github_search_repositories_unauth_q-swift_per_page-1.json",
                         "github_search_repositories_unauth_q-swift_per_page-1.headers.json",
                         **{"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000005"})

    naps: list[float] = []
    with FakeServer(_routes(search=last_search)) as server:
        client = _client(server, tmp_path, clock=lambda: 1_700_000_000.0, sleep=naps.append)
        client.search("swift")
        client.search("kotlin")
    assert (naps, len(server.requests)) == ([5.0], 2)


def test_primary_limit_403_raises_rate_limited(tmp_path: Path) -> None:
    """A 403 with remaining 0 (quota spent) raises RateLimited with the reset time, no retry."""
    with FakeServer(GitHubFake([], core_limit=0).routes()) as server, pytest.raises(RateLimited) as caught:
        _client(server, tmp_path).repo("a/b")
    assert (str(caught.value), caught.value.reset_at, len(server.requests)) == (
        "github: core rate limit exhausted until 2100-01-01 00:00:00 UTC", 4102444800.0, 1)


def test_long_retry_after_raises_rate_limited(tmp_path: Path) -> None:
    """The recorded secondary limit (403, Retry-After 60) beyond the wait cap raises instead of sleeping."""
    with FakeServer(_routes(search=_recorded_secondary_limit)) as server, pytest.raises(RateLimited) as caught:
        _client(server, tmp_path, max_wait=10.0, clock=lambda: 1_700_000_000.0).search("swift")
    assert (str(caught.value), caught.value.reset_at, len(server.requests)) == (
        "github: GitHub asked to wait 60 s (until 2023-11-14 22:14:20 UTC)", 1_700_000_060.0, 1)


def test_short_retry_after_is_honoured(tmp_path: Path) -> None:
    """A secondary limit with a short Retry-After is waited out and the request retried."""
    fake = GitHubFake([{"repo": {"full_name": "a/b", "size": 5}}], secondary_limits=1, retry_after="0")
    with FakeServer(fake.routes()) as server:
        repo = _client(server, tmp_path).repo("a/b")
    assert (repo.full_name if repo else None, len(server.requests)) == ("a/b", 2)


def test_plain_403_is_not_retried(tmp_path: Path) -> None:
    """A 403 without rate-limit signs is a refusal: ServiceError after one request, nothing cached."""
    def forbidden(request: FakeRequest) -> FakeResponse:
        return FakeResponse(403, {}, {"message": "Resource not accessible by integration"})

    with FakeServer(_routes(repo=forbidden)) as server, pytest.raises(ServiceError) as caught:
        _client(server, tmp_path).repo("PyGithub/PyGithub")
    assert (str(caught.value), caught.value.status, len(server.requests)) == (
        "github: GET /repos/PyGithub/PyGithub: 403", 403, 1)
    assert not (tmp_path / "cache/github/repos/pygithub__pygithub.json").exists()


def test_server_errors_are_retried_then_reported(tmp_path: Path) -> None:
    """5xx answers are retried, then reported as ServiceError and never cached as not-found."""
    def broken(request: FakeRequest) -> FakeResponse:
        return FakeResponse(502, {}, "Bad Gateway")

    with FakeServer(_routes(repo=broken)) as server, pytest.raises(ServiceError) as caught:
        _client(server, tmp_path).repo("PyGithub/PyGithub")
    assert (str(caught.value), len(server.requests)) == (
        "github: GET /repos/PyGithub/PyGithub failed after retries (TransientResponse)", 3)
    assert not (tmp_path / "cache/github/repos/pygithub__pygithub.json").exists()


# ---------------------------------------------------------------- the token


def test_token_never_leaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """GITHUB_TOKEN reaches the server as a bearer token and nowhere else: cache, logs, errors."""
    monkeypatch.setenv("GITHUB_TOKEN", SENTINEL)
    caplog.set_level(logging.DEBUG)

    def broken(request: FakeRequest) -> FakeResponse:
        return FakeResponse(500, {}, "boom")

    with FakeServer(_routes(search=broken)) as server:
        for name in ("ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL"):
            monkeypatch.setenv(name, server.url)
        config = ServiceConfig.from_env()
        client = GitHubClient(config, Cache(tmp_path / "cache"), retry=NO_WAIT,
                              pacer=Pacer(rate=1000.0, concurrency=1), search_pacer=Pacer(rate=1000.0, concurrency=1))
        client.repo("PyGithub/PyGithub")
        client.readme("PyGithub/PyGithub")
        client.repo(RENAMED_FROM)
        client.repo("nobody/nothing")
        with pytest.raises(ServiceError) as caught:
            client.search("swift")
    assert {entry.headers["authorization"] for entry in server.requests} == {f"Bearer {SENTINEL}"}
    cache_text = "".join(path.read_text() for path in (tmp_path / "cache").rglob("*.json"))
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 4
    assert "moved to /repositories/515436299" in caplog.text  # the log was captured
    exception_text = f"{caught.value!s} {caught.value!r} {caught.value.__cause__!r}"
    assert (SENTINEL in cache_text, SENTINEL in caplog.text, SENTINEL in exception_text, SENTINEL in repr(config),
            SENTINEL in repr(client)) == (False, False, False, False, False)


def test_reconstructed_answers_are_marked_and_refetched_live(tmp_path: Path) -> None:
    """A repo served from the reconstructed corpus is cached as reconstructed; a live run asks again."""
    item = {"repo": {"name": "tool", "full_name": "lab/tool", "owner": {"login": "lab"}, "description": "t"},
            "readme": "tool", "reconstructed": True}  # reconstructed
    fake = GitHubFake([item])
    with FakeServer(fake.routes()) as server:
        client = _client(server, tmp_path)
        assert client.repo("lab/tool").full_name == "lab/tool"
        cached = json.loads((tmp_path / "cache" / "github" / "repos" / "lab__tool.json").read_text("utf-8"))
        assert cached["reconstructed"] is True
        _client(server, tmp_path).repo("lab/tool")
        assert len(server.requests) == 2


def test_search_refused_with_quota_renewing_soon_is_retried(tmp_path: Path) -> None:
    """A 403 'quota spent' whose reset is within the wait cap is waited out and retried, not deferred."""
    answers = iter(["refuse", "answer"])

    def search(request: FakeRequest) -> FakeResponse:
        if next(answers) == "refuse":
            return _recorded(403, "github_404_not-found.json", "github_404_not-found.headers.json",
                             **{"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000"})
        return _recorded_search(request)

    with FakeServer(_routes(search=search)) as server:
        client = _client(server, tmp_path, retry=RetryPolicy(attempts=3, initial=0.0, maximum=0.0),
                         clock=lambda: 1_700_000_000.0)
        found = client.search("swift")
    assert (len(found), len(server.requests)) == (1, 2)
