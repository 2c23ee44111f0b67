"""A small threaded HTTP/1.1 server on 127.0.0.1 that the service fakes plug routes into.

Usage::

    def get_repo(request: FakeRequest) -> FakeResponse:
        owner, name = request.match.group("owner", "name")
        return FakeResponse(200, {}, {"full_name": f"{owner}/{name}"})

    routes = [Route("GET", re.compile(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"), get_repo)]
    with FakeServer(routes, rate_limit=RateLimit(requests=10, interval=1.0, concurrency=5)) as server:
        httpx.get(f"{server.url}/repos/a/b")
        assert server.requests[0].path == "/repos/a/b"
        assert server.peak_concurrency == 1

Routes match the percent-decoded path with `re.fullmatch`; the first match wins, no match is a plain 404.
A handler returns a `FakeResponse`; a dict or list body is sent as JSON, a str as text/plain.

Failures are injected two ways, both thread-safe:
- `FaultPlan(script=["429", "500", None])` makes the first responses fail in that order (None = answer normally);
- `FaultPlan(seed=7, rates={"500": 0.1, "429": 0.1, "slow": 0.05, "truncated": 0.05})` fails a seeded
  fraction of the rest. "429" carries no Retry-After (Crossref sends none); "slow" answers after
  `slow_seconds` (longer than a client timeout); "truncated" sends valid headers and half the body.
`RefusedPort` and `SilentPort` stand for a service that is down: every connection refused, or accepted and
never answered.
`RateLimit` enforces a token bucket (`requests` per `interval` seconds) and a maximum concurrency;
a request over either limit gets a 429. `count_429` counts every 429 the server sent.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, unquote, urlsplit

FAULT_KINDS = ("500", "429", "slow", "truncated")


@dataclass(frozen=True, slots=True)
class FakeRequest:
    """One request as the server received it. `headers` keys are lower case."""

    method: str
    path: str  # percent-decoded
    query: dict[str, str]  # last value wins for repeated keys
    headers: dict[str, str]
    body: bytes = b""
    raw_path: str = ""  # path as sent, still percent-encoded
    base_url: str = ""  # e.g. http://127.0.0.1:51234, for Location headers
    match: re.Match[str] | None = None


@dataclass(slots=True)
class FakeResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | dict | list | str = b""


Handler = Callable[[FakeRequest], FakeResponse]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Token bucket of `requests` per `interval` seconds, plus at most `concurrency` requests in flight.

    One limit covers every path: Crossref's limits of December 2025 have no separate one for list queries.
    """

    requests: int = 10
    interval: float = 1.0
    concurrency: int = 5


class FaultPlan:
    """Decides, per response, whether to fail it and how. Scripted faults come first, then seeded ones."""

    def __init__(self, *, seed: int = 0, rates: Mapping[str, float] | None = None,
                 script: Sequence[str | None] = (), slow_seconds: float = 2.0,
                 paths: re.Pattern[str] | None = None) -> None:
        unknown = (set(rates or {}) | {kind for kind in script if kind}) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; expected {FAULT_KINDS}")
        self._random = random.Random(seed)
        self._rates = dict(rates or {})
        self._script = list(script)
        self._lock = threading.Lock()
        self.slow_seconds = slow_seconds
        self.paths = paths  # only requests whose path matches are eligible (None: all)
        self.injected: list[str] = []

    def draw(self, path: str) -> str | None:
        """The fault for the next response to `path`, or None to answer normally."""
        if self.paths is not None and not self.paths.fullmatch(path):
            return None
        with self._lock:
            if self._script:
                fault = self._script.pop(0)
            else:
                fault = self._draw_seeded()
            if fault:
                self.injected.append(fault)
            return fault

    def _draw_seeded(self) -> str | None:
        roll = self._random.random()
        for kind in FAULT_KINDS:
            rate = self._rates.get(kind, 0.0)
            if roll < rate:
                return kind
            roll -= rate
        return None


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class RequestLog:
    """Thread-safe, append-only log of what the server received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def append(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def snapshot(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def count(self, path_pattern: str | None = None) -> int:
        """Requests whose path fully matches `path_pattern` (all requests when None)."""
        return sum(1 for entry in self.snapshot()
                   if path_pattern is None or re.fullmatch(path_pattern, entry.path))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __getitem__(self, index: int) -> LoggedRequest:
        with self._lock:
            return self._entries[index]

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(self.snapshot())


class _TokenBucket:
    def __init__(self, limit: RateLimit) -> None:
        self._capacity = float(limit.requests)
        self._per_second = limit.requests / limit.interval
        self._tokens = self._capacity
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self._capacity, self._tokens + (now - self._last) * self._per_second)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False


def encode_body(response: FakeResponse) -> tuple[bytes, str]:
    """Body bytes and the content-type to send when the handler named none."""
    body = response.body
    if isinstance(body, (dict, list)):
        return json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json"
    if isinstance(body, str):
        return body.encode("utf-8"), "text/plain; charset=utf-8"
    return body, "application/octet-stream"


class FakeServer:
    """Runs `routes` on 127.0.0.1 (a free port) in a background thread; use it as a context manager."""

    def __init__(self, routes: Sequence[Route], *, latency: float = 0.0, fault_plan: FaultPlan | None = None,
                 rate_limit: RateLimit | Sequence[RateLimit] | None = None,
                 default_headers: Mapping[str, str] | None = None) -> None:
        self.routes = list(routes)
        self.latency = latency
        self.fault_plan = fault_plan
        self.rate_limit = rate_limit
        self.default_headers = dict(default_headers or {})
        self.requests = RequestLog()
        self.peak_concurrency = 0
        self.count_429 = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        limits = [] if rate_limit is None else [rate_limit] if isinstance(rate_limit, RateLimit) else list(rate_limit)
        self._buckets = [(limit, _TokenBucket(limit)) for limit in limits]
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("FakeServer is not running; use it as a context manager")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        handler_class = type("BoundHandler", (_RequestHandler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="fake-server",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def sleep(self, seconds: float) -> None:
        """Sleep that ends early when the server stops, so a slow response never outlives a test."""
        if seconds > 0:
            self._stopping.wait(seconds)

    # ------------------------------------------------------------ accounting

    def _enter(self) -> int:
        with self._lock:
            self._in_flight += 1
            self.peak_concurrency = max(self.peak_concurrency, self._in_flight)
            return self._in_flight

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _note_429(self) -> None:
        with self._lock:
            self.count_429 += 1

    # ------------------------------------------------------------ dispatch

    def over_limit(self, in_flight: int) -> bool:
        if any(in_flight > limit.concurrency for limit, _ in self._buckets):
            return True
        return not all([bucket.take() for _, bucket in self._buckets])  # noqa: C419 - every bucket takes, no short-circuit

    def dispatch(self, request: FakeRequest) -> FakeResponse:
        for route in self.routes:
            if route.method != request.method:
                continue
            match = route.pattern.fullmatch(request.path)
            if match:
                bound = FakeRequest(request.method, request.path, request.query, request.headers, request.body,
                                    request.raw_path, request.base_url, match)
                return route.handler(bound)
        return FakeResponse(404, {"content-type": "text/plain"}, "Not Found")


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeServer/1.0"
    disable_nagle_algorithm = True  # small answers would otherwise wait on delayed ACKs (~40 ms each)
    fake: FakeServer

    def log_message(self, format: str, *args: object) -> None:
        """Silence the stdlib's stderr access log."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def _read_request(self) -> FakeRequest:
        split = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        host, port = self.server.server_address[:2]
        return FakeRequest(
            method=self.command,
            path=unquote(split.path),
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            raw_path=split.path,
            base_url=f"http://{host}:{port}",
        )

    def _handle(self) -> None:
        fake = self.fake
        request = self._read_request()
        fake.requests.append(LoggedRequest(request.method, request.path, request.query, request.headers))
        in_flight = fake._enter()
        try:
            fake.sleep(fake.latency)
            if fake.over_limit(in_flight):
                self._send(FakeResponse(429, {"content-type": "text/plain"}, "Too Many Requests"))
                return
            fault = fake.fault_plan.draw(request.path) if fake.fault_plan else None
            if fault == "500":
                self._send(FakeResponse(500, {"content-type": "text/plain"}, "Internal Server Error"))
            elif fault == "429":
                self._send(FakeResponse(429, {"content-type": "text/plain"}, "Too Many Requests"))
            else:
                if fault == "slow":
                    fake.sleep(fake.fault_plan.slow_seconds if fake.fault_plan else 0.0)
                self._send(fake.dispatch(request), truncate=fault == "truncated")
        finally:
            fake._leave()

    def _send(self, response: FakeResponse, *, truncate: bool = False) -> None:
        if response.status == 429:
            self.fake._note_429()
        body, default_type = encode_body(response)
        if truncate:
            body = body[: len(body) // 2]
        headers = {"date": email.utils.formatdate(usegmt=True), "server": self.server_version}
        for name, value in {**self.fake.default_headers, **response.headers}.items():
            headers[name.lower()] = value
        headers.setdefault("content-type", default_type)
        headers.pop("transfer-encoding", None)
        headers.pop("content-encoding", None)
        headers["content-length"] = str(len(body))
        try:
            self.send_response_only(response.status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up (timeout) before the slow answer came
            self.close_connection = True


# ---------------------------------------------------------------- hosts that do not answer


class RefusedPort:
    """A loopback port nothing listens on: every connection is refused at once.

    The port is bound (never listened on) for as long as the context lasts, so no other server can take it.
    """

    def __init__(self) -> None:
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        if self._socket is None:
            raise RuntimeError("RefusedPort is not open; use it as a context manager")
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> RefusedPort:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            self._socket.close()


class SilentPort:
    """A loopback port that accepts every connection and never sends a byte (a hung proxy or service).

    `connections` counts what was accepted; all are closed when the context ends.
    """

    def __init__(self) -> None:
        self._listener: socket.socket | None = None
        self._accepted: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._listener is None:
            raise RuntimeError("SilentPort is not open; use it as a context manager")
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._accepted)

    def __enter__(self) -> SilentPort:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._accept, name="silent-port", daemon=True)
        self._thread.start()
        return self

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._accepted.append(connection)

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for connection in self._accepted:
                connection.close()
