"""Fake GitHub REST API over a corpus of repositories, with renames, READMEs, search and rate limits.

    fake = GitHubFake(load_github_corpus(CORPUS_DIR))
    with FakeServer(fake.routes()) as server:
        ...  # GET /repos/{owner}/{name}, /repos/{o}/{n}/readme[/{folder}], /repos/{o}/{n}/contents/{path},
             # /repositories/{id}[/readme|/contents/...], /search/repositories

A corpus item (one JSON file in tests/fakes/corpus/github/, all of them reconstructed) looks like:

    {"repo": {"full_name": "owner/name", "description": "...", "fork": false, "size": 812,
              "stargazers_count": 40, "topics": [], "parent": "owner/name-of-parent"},
     "readme": "# name ...", "folder_readmes": {"path/in/repo": "..."}, "files": {"CITATION.cff": "..."},
     "previous_names": ["old-owner/old-name"], "reconstructed": true}

Missing repository fields are filled with the key set of the recorded /repos answer
(tests/fixtures/real/github_repo_PyGithub_PyGithub.json). Headers, the 404, 301, 304 and 403 bodies and
the search envelope copy the recorded github_* files beside it; a file under /contents/ is served in the shape of
the recorded README answer (GitHub's /readme is a /contents answer: base64 `content`, `encoding`, `type: file`).
Behaviour follows GitHub's documentation: a renamed repository answers 301 to /repositories/{id}; forks appear in
search only when they have more stars than their parent; `If-None-Match` with the current ETag gets a 304 that costs
no quota; core quota is 60 an hour without a token and 5,000 with one, search 10 and 30 a minute.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.fakes.server import FakeRequest, FakeResponse, Route

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
CORPUS_DIR = Path(__file__).resolve().parent / "corpus" / "github"
RESET_AT = 4_102_444_800  # 2100-01-01: the fake's quota windows never roll over during a test
# hop-by-hop, wire-form and per-token headers of the recordings; the fake sets its own
_DROPPED = {"content-encoding", "content-length", "transfer-encoding", "date", "connection", "status", "etag",
            "last-modified", "x-oauth-scopes", "x-accepted-oauth-scopes", "github-authentication-token-expiration",
            "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used",
            "x-ratelimit-resource", "location", "link", "retry-after", "x-github-request-id"}
# reconstructed from GitHub's documentation ("Rate limits for the REST API"): the primary-limit refusal
PRIMARY_LIMIT_BODY = {
    "message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a "
               "higher rate limit. Check out the documentation for more details.)",
    "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
}


def recorded_body(name: str) -> bytes:
    """Bytes of a recorded response body in tests/fixtures/real/."""
    return (REAL / name).read_bytes()


def recorded_headers(name: str) -> dict[str, str]:
    """Headers of a recorded response (lower-case names), without wire-form and quota headers."""
    document = json.loads((REAL / name).read_text(encoding="utf-8"))
    return {key.lower(): value for key, value in document["headers"].items() if key.lower() not in _DROPPED}


def load_github_corpus(root: str | Path = CORPUS_DIR) -> list[dict]:
    """The GitHub corpus items of a folder, in file-name order."""
    folder = Path(root)
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    """True when `phrase` occurs in `tokens` as a run of whole words."""
    width = len(phrase)
    return any(tokens[start:start + width] == phrase for start in range(len(tokens) - width + 1))


WINDOW_SECONDS = {"core": 3600, "search": 60}


class _Quota:
    """One rate-limit window; with `rolling`, it starts at first use and renews like GitHub's."""

    def __init__(self, limit: int, window: float | None = None) -> None:
        self.limit = limit
        self.used = 0
        self.window = window
        self.reset_at = RESET_AT if window is None else time.time() + window

    def roll(self) -> None:
        if self.window is not None and time.time() >= self.reset_at:
            self.used = 0
            self.reset_at = time.time() + self.window


class GitHubFake:
    """The corpus, the routes and the knobs tests turn (quotas, a scripted secondary limit)."""

    def __init__(self, items: Iterable[dict], *, core_limit: int | None = None, search_limit: int | None = None,
                 secondary_limits: int = 0, retry_after: str | None = None, rolling: bool = False) -> None:
        self.items = [copy.deepcopy(item) for item in items]
        self._template = json.loads(recorded_body("github_repo_PyGithub_PyGithub.json"))
        self._by_name: dict[str, dict] = {}
        self._by_id: dict[int, dict] = {}
        self._moved: dict[str, dict] = {}
        for item in self.items:
            repo = self._full_repo(item["repo"])
            if item.get("reconstructed"):
                # like the Crossref corpus, the served JSON says it is not a recording; caches keep the flag
                repo["reconstructed"] = True
            item["repo"] = repo
            self._by_name[repo["full_name"].casefold()] = item
            self._by_id[repo["id"]] = item
            for old in item.get("previous_names", []):
                self._moved[old.casefold()] = item
        self._core_limit, self._search_limit = core_limit, search_limit
        self._rolling = rolling  # False: windows never renew during a test (reset in 2100)
        self._quotas: dict[tuple[str, bool], _Quota] = {}
        self._lock = threading.Lock()
        self.secondary_limits = secondary_limits  # the next N requests get the recorded 403 with Retry-After
        self.retry_after = retry_after  # None: the recorded "60"

    def routes(self) -> list[Route]:
        return [
            Route("GET", re.compile(r"/search/repositories"), self.search),
            Route("GET", re.compile(r"/repositories/(?P<id>\d+)"), self.repo_by_id),
            Route("GET", re.compile(r"/repositories/(?P<id>\d+)/readme(?:/(?P<folder>.+))?"), self.readme_by_id),
            Route("GET", re.compile(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"), self.repo),
            Route("GET", re.compile(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/readme(?:/(?P<folder>.+))?"),
                  self.readme),
            Route("GET", re.compile(r"/repositories/(?P<id>\d+)/contents/(?P<path>.+)"), self.file_by_id),
            Route("GET", re.compile(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/contents/(?P<path>.+)"), self.file),
        ]

    # ------------------------------------------------------------ routes

    def repo(self, request: FakeRequest) -> FakeResponse:
        return self._answer(request, "core", lambda: self._repo_or_move(request, ""))

    def repo_by_id(self, request: FakeRequest) -> FakeResponse:
        item = self._by_id.get(int(request.match["id"]))
        return self._answer(request, "core", lambda: self._json_or_404(item["repo"] if item else None))

    def readme(self, request: FakeRequest) -> FakeResponse:
        folder = request.match["folder"]
        suffix = f"/readme/{folder}" if folder else "/readme"
        return self._answer(request, "core", lambda: self._repo_or_move(request, suffix, folder))

    def readme_by_id(self, request: FakeRequest) -> FakeResponse:
        item = self._by_id.get(int(request.match["id"]))
        return self._answer(request, "core", lambda: self._readme(item, request.match["folder"]))

    def file(self, request: FakeRequest) -> FakeResponse:
        path = request.match["path"]
        return self._answer(request, "core", lambda: self._repo_or_move(request, f"/contents/{path}", file=path))

    def file_by_id(self, request: FakeRequest) -> FakeResponse:
        item = self._by_id.get(int(request.match["id"]))
        return self._answer(request, "core", lambda: self._file(item, request.match["path"]))

    def search(self, request: FakeRequest) -> FakeResponse:
        return self._answer(request, "search", lambda: self._search(request))

    # ------------------------------------------------------------ answers

    def _repo_or_move(self, request: FakeRequest, suffix: str, folder: str | None = None,
                      file: str | None = None) -> FakeResponse:
        full_name = f"{request.match['owner']}/{request.match['name']}".casefold()
        item = self._by_name.get(full_name)
        if item is not None:
            if file is not None:
                return self._file(item, file)
            return self._readme(item, folder) if suffix else self._json_or_404(item["repo"])
        moved = self._moved.get(full_name)
        if moved is None:
            return self._not_found()
        location = f"{request.base_url}/repositories/{moved['repo']['id']}{suffix}"
        # recorded: github_repo_301_renamed.json (body shape) and .headers.json
        body = {"message": "Moved Permanently", "url": location,
                "documentation_url": "https://docs.github.com/v3/#http-redirects"}
        headers = recorded_headers("github_repo_301_renamed.headers.json") | {"location": location}
        return FakeResponse(301, headers, json.dumps(body, separators=(",", ":")))

    def _readme(self, item: dict | None, folder: str | None) -> FakeResponse:
        if item is None:
            return self._not_found()
        text = item.get("folder_readmes", {}).get(folder) if folder else item.get("readme")
        return self._content(item, f"{folder}/README.md" if folder else "README.md", text)

    def _file(self, item: dict | None, path: str) -> FakeResponse:
        if item is None:
            return self._not_found()
        return self._content(item, path, item.get("files", {}).get(path))

    def _content(self, item: dict, path: str, text: str | None) -> FakeResponse:
        if text is None:
            return self._not_found()
        full_name = item["repo"]["full_name"]
        blob = hashlib.sha1(text.encode("utf-8")).hexdigest()
        encoded = base64.encodebytes(text.encode("utf-8")).decode("ascii")
        # shape recorded: github_readme_PyGithub_PyGithub.json
        body = {
            "name": path.rsplit("/", 1)[-1], "path": path, "sha": blob, "size": len(text.encode("utf-8")),
            "url": f"https://api.github.com/repos/{full_name}/contents/{path}?ref=main",
            "html_url": f"https://github.com/{full_name}/blob/main/{path}",
            "git_url": f"https://api.github.com/repos/{full_name}/git/blobs/{blob}",
            "download_url": f"https://raw.githubusercontent.com/{full_name}/main/{path}",
            "type": "file", "content": encoded, "encoding": "base64",
            **({"reconstructed": True} if item.get("reconstructed") else {}),
            "_links": {"self": f"https://api.github.com/repos/{full_name}/contents/{path}?ref=main",
                       "git": f"https://api.github.com/repos/{full_name}/git/blobs/{blob}",
                       "html": f"https://github.com/{full_name}/blob/main/{path}"},
        }
        return self._json_or_404(body, recorded_headers("github_readme_PyGithub_PyGithub.headers.json"))

    def _search(self, request: FakeRequest) -> FakeResponse:
        query = request.query.get("q", "")
        per_page = int(request.query.get("per_page", "30"))
        # GitHub: a quoted phrase matches its words in order; `in:` names the fields (name, description, readme,
        # topics), name and description when absent
        phrases = [_tokens(phrase) for phrase in re.findall(r'"([^"]*)"', query)]
        rest = re.sub(r'"[^"]*"', " ", query)
        qualifiers = dict(re.findall(r"(\w+):(\S+)", rest))
        terms = _tokens(re.sub(r"\w+:\S+", " ", rest))
        fields = qualifiers.get("in", "name,description").split(",")
        hits = [item["repo"] for item in self.items
                if self._searchable(item["repo"], qualifiers) and self._matches(item, terms, fields, phrases)]
        hits.sort(key=lambda repo: (-repo["stargazers_count"], repo["full_name"].casefold()))
        items = [{**self._search_item(repo), "score": 1.0} for repo in hits[:per_page]]
        body = {"total_count": len(hits), "incomplete_results": False, "items": items}
        headers = recorded_headers("github_search_repositories_unauth_q-swift_per_page-1.headers.json")
        return FakeResponse(200, headers | {"content-type": "application/json; charset=utf-8"}, json.dumps(body))

    def _searchable(self, repo: dict, qualifiers: dict[str, str]) -> bool:
        if not repo["fork"] or qualifiers.get("fork") in ("true", "only"):
            return True
        parent = self._by_name.get((repo.get("parent") or {}).get("full_name", "").casefold())
        # GitHub: a fork is listed only when it has more stars than its parent
        return parent is None or repo["stargazers_count"] > parent["repo"]["stargazers_count"]

    @staticmethod
    def _matches(item: dict, terms: list[str], fields: list[str], phrases: list[list[str]] | None = None) -> bool:
        repo = item["repo"]
        texts = {"name": repo["name"], "description": repo.get("description") or "", "readme": item.get("readme", ""),
                 "topics": " ".join(repo.get("topics", []))}
        per_field = [_tokens(texts.get(field, "")) for field in fields]
        words = " ".join(" ".join(tokens) for tokens in per_field)
        compact = words.replace(" ", "")
        wanted = [phrase for phrase in phrases or [] if phrase]
        in_order = all(any(_contains(tokens, phrase) for tokens in per_field) for phrase in wanted)
        return bool(terms or wanted) and in_order and all(term in words.split() or term in compact for term in terms)

    def _search_item(self, repo: dict) -> dict:
        item = {key: value for key, value in repo.items()
                if key not in ("parent", "source", "organization", "network_count", "subscribers_count",
                               "permissions", "temp_clone_token", "security_and_analysis", "custom_properties")}
        return item

    def _json_or_404(self, body: dict | None, headers: dict[str, str] | None = None) -> FakeResponse:
        if body is None:
            return self._not_found()
        text = json.dumps(body, separators=(",", ":"))
        etag = 'W/"' + hashlib.sha256(text.encode("utf-8")).hexdigest() + '"'
        base = headers or recorded_headers("github_repo_PyGithub_PyGithub.headers.json")
        return FakeResponse(200, base | {"etag": etag, "content-type": "application/json; charset=utf-8"}, text)

    @staticmethod
    def _not_found() -> FakeResponse:
        headers = recorded_headers("github_404_not-found.headers.json")
        # recorded body: github_404_not-found.json
        return FakeResponse(404, headers | {"content-type": "application/json; charset=utf-8"},
                            recorded_body("github_404_not-found.json"))

    # ------------------------------------------------------------ quota, secondary limit, conditional requests

    def _answer(self, request: FakeRequest, resource: str, make: Any) -> FakeResponse:
        authenticated = request.headers.get("authorization", "").startswith("Bearer ")
        with self._lock:
            if self.secondary_limits > 0:
                self.secondary_limits -= 1
                return self._secondary_limit()
            quota = self._quota(resource, authenticated)
            if quota.used >= quota.limit:
                return FakeResponse(403, self._quota_headers(resource, quota), PRIMARY_LIMIT_BODY)
        response = make()
        etag = response.headers.get("etag")
        if etag and request.headers.get("if-none-match") == etag:
            # recorded: github_repo_304_not-modified.headers.json; a 304 does not count against the quota
            headers = recorded_headers("github_repo_304_not-modified.headers.json") | {"etag": etag}
            with self._lock:
                return FakeResponse(304, headers | self._quota_headers(resource, quota), b"")
        with self._lock:
            quota.used += 1
            response.headers.update(self._quota_headers(resource, quota))
        return response

    def _quota(self, resource: str, authenticated: bool) -> _Quota:
        key = (resource, authenticated)
        if key not in self._quotas:
            default = {("core", False): 60, ("core", True): 5000, ("search", False): 10, ("search", True): 30}[key]
            override = self._core_limit if resource == "core" else self._search_limit
            window = WINDOW_SECONDS[resource] if self._rolling else None
            self._quotas[key] = _Quota(default if override is None else override, window)
        self._quotas[key].roll()
        return self._quotas[key]

    @staticmethod
    def _quota_headers(resource: str, quota: _Quota) -> dict[str, str]:
        return {"x-ratelimit-limit": str(quota.limit), "x-ratelimit-remaining": str(max(quota.limit - quota.used, 0)),
                "x-ratelimit-reset": str(int(quota.reset_at)), "x-ratelimit-used": str(quota.used),
                "x-ratelimit-resource": resource}

    def _secondary_limit(self) -> FakeResponse:
        # recorded: github_403_secondary-rate-limit_retry-after.json and its headers (Retry-After: 60)
        headers = recorded_headers("github_403_secondary-rate-limit_retry-after.headers.json")
        headers["retry-after"] = self.retry_after or "60"
        return FakeResponse(403, headers, recorded_body("github_403_secondary-rate-limit_retry-after.json"))

    def quota_used(self, resource: str = "core", authenticated: bool = False) -> int:
        with self._lock:
            return self._quota(resource, authenticated).used

    # ------------------------------------------------------------ repository JSON

    def _full_repo(self, repo: dict) -> dict:
        """A corpus repository padded to the recorded /repos key set, URLs rewritten to its own name."""
        full_name = repo["full_name"]
        owner, name = full_name.split("/", 1)
        text = json.dumps(self._template).replace("PyGithub/PyGithub", full_name)
        full = json.loads(text)
        full.update({
            "id": zlib.crc32(full_name.casefold().encode("utf-8")), "name": name, "full_name": full_name,
            "description": None, "homepage": None, "fork": False, "size": 100, "stargazers_count": 0,
            "watchers_count": 0, "forks_count": 0, "topics": [], "archived": False, "mirror_url": None,
        })
        owner_json = {**full["owner"], "login": owner, "url": f"https://api.github.com/users/{owner}",
                      "html_url": f"https://github.com/{owner}", "type": "User"}
        full["owner"] = owner_json
        full.pop("organization", None)
        full.update({key: value for key, value in repo.items() if key != "parent"})
        if repo.get("parent"):
            full["parent"] = {"full_name": repo["parent"], "html_url": f"https://github.com/{repo['parent']}"}
        full["watchers_count"] = full["watchers"] = full["stargazers_count"]
        return full


def routes(corpus: Any, **options: Any) -> list[Route]:
    """Routes for tests.fakes.FakeServices: `corpus.github` is a list of corpus items (see module doc).

    `options` go to GitHubFake (e.g. rolling=True for quota windows that renew like GitHub's).
    """
    items = corpus.github if hasattr(corpus, "github") else corpus
    return GitHubFake(items, **options).routes()
