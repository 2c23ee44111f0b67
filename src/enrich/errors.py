"""Errors that stop a run.

    EnrichError
    ├── CatalogueError   bad input: unreadable file, unknown encoding, broken table (names file:line)
    │   └── InputChanged     the catalogue was edited while the run worked on it; nothing written
    ├── ServiceError     a service answered in a way no retry can fix (after retries ran out)
    │   └── ServiceUnavailable   its host stopped answering (circuit open) or the run's deadline passed
    ├── CacheError       the cache directory cannot be read or written
    ├── OutputError      an output path cannot be written (checked before anything is written)
    └── InUse            another run holds the catalogue's or the cache directory's lock

An abstention is not an error: it is a Resolution with a reason.
"""

from __future__ import annotations

from pathlib import Path


class EnrichError(Exception):
    """Base of every error `enrich` reports to the user as one line (exit code 2)."""


class FileLineError(EnrichError):
    """Bad input in a file; the message reads `path:line: what was expected` (`path: ...` without a line)."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class CatalogueError(FileLineError):
    """Bad catalogue input."""


class InputChanged(CatalogueError):
    """The catalogue changed on disk while the run was working on it (a person saved an edit); nothing is written."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(path, None, message)


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


class ServiceUnavailable(ServiceError):
    """Not asked at all: its host failed to connect or answer several times in a row, or the run ran out of time."""


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


class OutputError(EnrichError):
    """An output cannot be written; raised before any output is replaced, so nothing is half-written."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class InUse(EnrichError):
    """Another enrich process holds the lock on a catalogue or a cache directory."""

    def __init__(self, path: str | Path, what: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {what} is in use by another enrich run; try again when it has finished")
