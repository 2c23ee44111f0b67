"""GitHub REST client: repositories, READMEs, files (CITATION.cff) and repository search; cached, paced and
rate-limit aware.

The only module that talks to GitHub. Answers (found or not) are cached; a second live call for a cached
repository is conditional (If-None-Match), and GitHub's 304 costs nothing. When the hourly quota is spent or
GitHub asks for a long pause, `RateLimited` is raised instead of sleeping, so the run can finish from the
cache next time. The token is only ever sent in the Authorization header.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from enrich.cache import FOUND, NOT_FOUND, Cache, body_problem, marks_reconstructed, repo_key, search_key
from enrich.clients.http import (
    DEFAULT_TIMEOUT,
    Circuits,
    ClientStats,
    Pacer,
    RetryPolicy,
    ServiceConfig,
    TransientResponse,
    parse_retry_after,
    user_agent,
)
from enrich.errors import RateLimited, ServiceError
from enrich.progress import WaitReason, announce_wait
from enrich.records import RepoRecord

log = logging.getLogger(__name__)

SERVICE = "github"
API_VERSION = "2022-11-28"
MAX_REDIRECTS = 3
MAX_WAIT = 60.0  # seconds; a longer Retry-After becomes RateLimited, not a sleep
SECONDARY_LIMIT_WAIT = 60.0  # GitHub: without Retry-After, wait at least a minute after a secondary limit
CORE, SEARCH = "core", "search"


@dataclass(frozen=True, slots=True)
class _Answer:
    """One cached or fetched answer: the JSON body (None for not-found) and its ETag."""

    found: bool
    body: Any = None
    etag: str | None = None


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    body: Any
    etag: str | None
    location: str | None


class _Quota:
    """What GitHub last said about each rate-limit resource (core, search)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._lock = threading.Lock()
        self._exhausted_until: dict[str, float] = {}
        self._clock = clock

    def note(self, resource: str, headers: httpx.Headers) -> None:
        remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
        if remaining == "0" and reset and reset.isdigit():
            self.block(resource, float(reset))

    def block(self, resource: str, until: float) -> None:
        with self._lock:
            self._exhausted_until[resource] = max(until, self._exhausted_until.get(resource, 0.0))

    def blocked_until(self, resource: str) -> float | None:
        with self._lock:
            until = self._exhausted_until.get(resource)
        return until if until is not None and until > self._clock() else None


class GitHubClient:
    """Repositories, READMEs and search on the GitHub REST API (blocking, thread-safe).

    >>> client = GitHubClient(ServiceConfig.from_env(), Cache(Path("cache")))  # doctest: +SKIP
    >>> client.repo("bowang-lab/scGPT").full_name  # doctest: +SKIP
    'bowang-lab/scGPT'
    """

    def __init__(self, config: ServiceConfig, cache: Cache, *, offline: bool = False, refresh: bool = False,
                 retry: RetryPolicy = RetryPolicy(), pacer: Pacer | None = None,
                 search_pacer: Pacer | None = None, max_wait: float = MAX_WAIT,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 circuits: Circuits | None = None) -> None:
        self._cache = cache
        self._offline = offline
        self._refresh = refresh
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._base = urlsplit(config.github_url)
        authenticated = bool(config.github_token)
        self._pacers = {
            CORE: pacer or Pacer(rate=5.0, concurrency=1),
            # search: 10 requests a minute unauthenticated, 30 with a token
            SEARCH: search_pacer or Pacer(rate=(30 if authenticated else 10) / 60.0, concurrency=1),
        }
        self._quota = _Quota(clock)
        self._send_with_retry = retry.wrap(self._send_once, SERVICE,
                                           (circuits or Circuits()).for_url(config.github_url))
        self.stats = ClientStats()
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": user_agent(None),  # the contact address buys nothing at GitHub
        }
        if config.github_token:
            headers["Authorization"] = f"Bearer {config.github_token}"
        self._http = httpx.Client(base_url=config.github_url, headers=headers, timeout=DEFAULT_TIMEOUT,
                                  follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    @property
    def pacers(self) -> tuple[Pacer, ...]:
        return tuple(self._pacers.values())

    # ------------------------------------------------------------ public API

    def repo(self, full_name: str) -> RepoRecord | None:
        """The repository `owner/name`, following a rename; None when GitHub answers 404."""
        owner, name = _split_full_name(full_name)
        answer = self._get(repo_key(f"{owner}/{name}"), f"/repos/{_segment(owner)}/{_segment(name)}")
        return parse_repo(answer.body, requested=f"{owner}/{name}") if answer.found else None

    def readme(self, full_name: str, path: str | None = None) -> str:
        """Decoded README of the repository (or of the folder `path` in it); "" when there is none."""
        owner, name = _split_full_name(full_name)
        folder = path.strip("/") if path else ""
        route = f"/repos/{_segment(owner)}/{_segment(name)}/readme"
        if folder:
            route += "/" + "/".join(_segment(part) for part in folder.split("/"))
        answer = self._get(readme_key(f"{owner}/{name}", folder), route)
        return decode_readme(answer.body) if answer.found else ""

    def file(self, full_name: str, path: str) -> str:
        """Decoded text of the file `path` at the repository's default branch (e.g. CITATION.cff); "" when there
        is none (404) or it is not a file."""
        owner, name = _split_full_name(full_name)
        clean = path.strip("/")
        route = f"/repos/{_segment(owner)}/{_segment(name)}/contents/" + "/".join(
            _segment(part) for part in clean.split("/"))
        answer = self._get(file_key(f"{owner}/{name}", clean), route)
        if not answer.found or not isinstance(answer.body, dict) or answer.body.get("type", "file") != "file":
            return ""
        return decode_readme(answer.body)

    def search(self, query: str, rows: int = 5) -> list[RepoRecord]:
        """Repositories matching `query` (GitHub search syntax), best match first."""
        key = search_key(SERVICE, {"q": query, "per_page": rows})
        answer = self._get(key, "/search/repositories", {"q": query, "per_page": str(rows)}, resource=SEARCH)
        items = answer.body.get("items", []) if answer.found and isinstance(answer.body, dict) else []
        return [parse_repo(item) for item in items]

    # ------------------------------------------------------------ cache, then network

    def _get(self, key: str, path: str, params: Mapping[str, str] | None = None,
             resource: str = CORE) -> _Answer:
        fresh = self._cache.consult(key, offline=self._offline, refresh=self._refresh)
        if fresh is not None:
            self.stats.add("cache_hits")
            return _Answer(fresh.found, fresh.body, fresh.etag)
        # stale or refreshing: the old ETag makes the request conditional, and a 304 costs nothing
        stale = self._cache.get(key, offline=True, allow_reconstructed=False)
        previous = _Answer(stale.found, stale.body, stale.etag) if stale is not None else None
        answer = self._fetch(path, params, resource, previous)
        problem = body_problem(key, FOUND if answer.found else NOT_FOUND, answer.body if answer.found else None)
        if problem is not None:
            raise ServiceError(SERVICE, f"GET {path}: malformed answer ({problem})")
        request = {"path": path, **({"params": dict(params)} if params else {})}
        self._cache.put(key, request=request, status=FOUND if answer.found else NOT_FOUND,
                        body=answer.body if answer.found else None, etag=answer.etag,
                        reconstructed=marks_reconstructed(answer.body))
        return answer

    def _fetch(self, path: str, params: Mapping[str, str] | None, resource: str,
               cached: _Answer | None) -> _Answer:
        etag = cached.etag if cached is not None and cached.found else None
        for _ in range(MAX_REDIRECTS + 1):
            reply = self._send(path, params, resource, etag)
            if reply.status == 304 and cached is not None:
                self.stats.add("not_modified")
                return cached
            if reply.status in (301, 302, 307, 308):
                path, params = self._redirect_target(reply, path)
                continue
            if reply.status == 404:
                return _Answer(found=False)
            return _Answer(found=True, body=reply.body, etag=reply.etag)
        raise ServiceError(SERVICE, f"GET {path}: more than {MAX_REDIRECTS} redirects")

    def _redirect_target(self, reply: _Reply, path: str) -> tuple[str, None]:
        """Path of the Location, requested on our own base URL so the token never goes to another host."""
        if not reply.location:
            raise ServiceError(SERVICE, f"GET {path}: {reply.status} without a Location", status=reply.status)
        target = urlsplit(reply.location)
        if target.netloc and target.hostname not in (self._base.hostname, "api.github.com"):
            raise ServiceError(SERVICE, f"GET {path}: redirected off the API host", status=reply.status)
        log.info("github: %s moved to %s", path, target.path)
        return target.path, None

    def _send(self, path: str, params: Mapping[str, str] | None, resource: str, etag: str | None) -> _Reply:
        try:
            return self._send_with_retry(path, params, resource, etag)
        except (TransientResponse, httpx.HTTPError, json.JSONDecodeError) as exc:
            status = getattr(exc, "status", None)
            raise ServiceError(SERVICE, f"GET {path} failed after retries ({type(exc).__name__})",
                               status=status) from exc

    def _send_once(self, path: str, params: Mapping[str, str] | None, resource: str, etag: str | None) -> _Reply:
        self._refuse_if_exhausted(resource)
        headers = {"If-None-Match": etag} if etag else {}
        with self._pacers[resource].slot():
            response = self._http.get(path, params=params, headers=headers)
        self.stats.add("requests")
        self._quota.note(response.headers.get("x-ratelimit-resource", resource), response.headers)
        status = response.status_code
        if status in (403, 429):
            self._raise_for_limit(response, path, resource)
        if status >= 500:
            raise TransientResponse(f"GET {path}: {status}", status=status)
        if status >= 400 and status != 404:
            raise ServiceError(SERVICE, f"GET {path}: {status}", status=status)
        body = response.json() if status == 200 else None  # a truncated body raises, and is retried
        return _Reply(status, body, response.headers.get("etag"), response.headers.get("location"))

    def _refuse_if_exhausted(self, resource: str) -> None:
        """Wait out a quota that resets soon (search: each minute); refuse one that resets later (core: hourly)."""
        until = self._quota.blocked_until(resource)
        if until is None:
            return
        wait = until - self._clock()
        if wait <= self._max_wait:
            log.info("github: %s quota spent; waiting %.0f s for the reset", resource, wait)
            announce_wait(f"{SERVICE} {resource}", wait, WaitReason.RATE_LIMIT)
            self._sleep(wait)
            return
        self.stats.add("rate_limited")
        raise RateLimited(SERVICE, f"{resource} rate limit exhausted until {format_reset(until)}", until)

    def _raise_for_limit(self, response: httpx.Response, path: str, resource: str) -> None:
        """403/429: primary limit spent, secondary limit (wait), or a plain refusal (not transient)."""
        status = response.status_code
        if response.headers.get("x-ratelimit-remaining") == "0":
            reset = response.headers.get("x-ratelimit-reset", "")
            until = float(reset) if reset.isdigit() else None
            self.stats.add("rate_limited")
            wait = until - self._clock() if until is not None else None
            if wait is not None and wait <= self._max_wait:
                # the search quota renews every minute: wait for it rather than defer the row to the next run
                raise TransientResponse(f"GET {path}: {resource} quota spent, renews in {wait:.0f} s", status=status,
                                        retry_after=max(wait, 0.0) + 1.0)
            when = format_reset(until) if until is not None else "an unknown time"
            raise RateLimited(SERVICE, f"{resource} rate limit exhausted until {when}", until)
        wait = parse_retry_after(response.headers.get("retry-after"), now=self._clock())
        if wait is None and (status == 429 or _mentions_rate_limit(response)):
            wait = SECONDARY_LIMIT_WAIT if status == 403 else None
            if wait is None:
                raise TransientResponse(f"GET {path}: 429", status=status)
        if wait is None:
            raise ServiceError(SERVICE, f"GET {path}: {status}", status=status)
        if wait > self._max_wait:
            until = self._clock() + wait
            self._quota.block(resource, until)
            self.stats.add("rate_limited")
            raise RateLimited(SERVICE, f"GitHub asked to wait {wait:.0f} s (until {format_reset(until)})", until)
        raise TransientResponse(f"GET {path}: {status}, retry after {wait:.0f} s", status=status, retry_after=wait)


# ---------------------------------------------------------------- JSON -> records


def parse_repo(data: Mapping[str, Any], requested: str | None = None) -> RepoRecord:
    """A repository JSON object (from /repos or a search item) as a RepoRecord; `requested` detects renames."""
    full_name = str(data["full_name"])
    renamed_from = requested if requested and requested.casefold() != full_name.casefold() else None
    return RepoRecord(
        full_name=full_name,
        html_url=f"https://github.com/{full_name}",
        description=data.get("description") or "",
        fork=bool(data.get("fork")),
        archived=bool(data.get("archived")),
        size=int(data.get("size") or 0),
        stargazers=int(data.get("stargazers_count") or 0),
        topics=tuple(data.get("topics") or ()),
        homepage=data.get("homepage") or None,
        renamed_from=renamed_from,
        default_branch=data.get("default_branch") or None,
    )


def decode_readme(data: Mapping[str, Any]) -> str:
    """The text of a /readme or /contents answer (base64 `content`); "" when it cannot be decoded."""
    content = data.get("content") or ""
    if data.get("encoding", "base64") != "base64":
        return str(content)
    try:
        return base64.b64decode(content).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        log.warning("github: README %s is not valid base64", data.get("path"))
        return ""


def readme_key(full_name: str, folder: str = "") -> str:
    """Cache key of a README: 'github/readmes/owner__name', plus '__<folder>' for a monorepo folder."""
    base = repo_key(full_name).replace("github/repos/", "github/readmes/", 1)
    if not folder:
        return base
    safe = re.sub(r"[^a-z0-9.-]+", "-", folder.casefold()).strip("-.")
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:8]
    return f"{base}__{safe}~{digest}"


def file_key(full_name: str, path: str) -> str:
    """Cache key of a file: 'github/files/owner__name__<path>~<digest>'."""
    base = repo_key(full_name).replace("github/repos/", "github/files/", 1)
    safe = re.sub(r"[^a-z0-9.-]+", "-", path.casefold()).strip("-.")
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
    return f"{base}__{safe}~{digest}"


def format_reset(timestamp: float) -> str:
    """'2025-01-07 08:32:15 UTC' for an epoch timestamp."""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(timestamp))


def _split_full_name(full_name: str) -> tuple[str, str]:
    owner, _, name = full_name.strip().strip("/").partition("/")
    if not owner or not name or "/" in name:
        raise ValueError(f"not an owner/name repository name: {full_name!r}")
    return owner, name.removesuffix(".git")


def _segment(text: str) -> str:
    return quote(text, safe="")


def _mentions_rate_limit(response: httpx.Response) -> bool:
    text = response.text.casefold()
    return "rate limit" in text or "abuse" in text
