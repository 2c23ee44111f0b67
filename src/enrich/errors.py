"""Errors that stop a run.

    EnrichError
    ├── CatalogueError   bad input: unreadable file, unknown encoding, broken table (names file:line)
    ├── ServiceError     a service answered in a way no retry can fix (after retries ran out)
    └── CacheError       the cache directory cannot be read or written

An abstention is not an error: it is a Resolution with a reason.
"""

from __future__ import annotations

from pathlib import Path


class EnrichError(Exception):
    """Base of every error `enrich` reports to the user as one line (exit code 2)."""


class CatalogueError(EnrichError):
    """Bad catalogue input; the message reads `path:line: what was expected`."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class CatalogueErrors(CatalogueError):
    """Several input errors collected and raised at once, before anything is written."""

    def __init__(self, errors: list[CatalogueError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        if len(errors) > 1:
            self.args = ("\n".join(str(error) for error in errors),)


class ServiceError(EnrichError):
    """A service failed after the retry policy gave up (or refused the request outright)."""

    def __init__(self, service: str, message: str, status: int | None = None) -> None:
        self.service = service
        self.status = status
        super().__init__(f"{service}: {message}")


class RateLimited(ServiceError):
    """The service asked us to wait longer than this run is willing to (e.g. GitHub's hourly quota)."""

    def __init__(self, service: str, message: str, reset_at: float | None = None) -> None:
        self.reset_at = reset_at
        super().__init__(service, message, status=429)


class CacheError(EnrichError):
    """The cache cannot be read or written."""


class CacheMiss(EnrichError):
    """Offline mode asked the cache for something it does not hold; callers report it per entry."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"not in the cache (offline): {key}")
