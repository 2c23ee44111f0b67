"""Progress as typed events: the library says what it is doing, the caller decides how to show it.

A stage announces itself (`StageStarted`), then reports each row it settles (`RowDecided`, which also counts
towards the stage's progress). A client about to sleep for a service says so through `announce_wait`: the
clients are built deep inside the library, so waits reach whoever listens through `waits_to`, not through every
constructor.

>>> seen = []
>>> stage = Stage(seen.append, "papers", total=1)
>>> stage.decided(12, "scGPT", "resolved", "10.1038/s41592-024-02201-0")
>>> [type(event).__name__ for event in seen]
['StageStarted', 'RowDecided']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum


class WaitReason(StrEnum):
    RATE_LIMIT = "rate-limit"  # a quota spent, or the service asked for a pause (Retry-After)
    BACKOFF = "back-off"  # retrying after a transient failure (429 without Retry-After, 5xx, timeout)


@dataclass(frozen=True, slots=True)
class StageStarted:
    stage: str  # "papers", "code", "links"
    total: int  # rows (or links) the stage will settle


@dataclass(frozen=True, slots=True)
class RowDecided:
    """One row (or link) settled: the stage's `done` of `total`, with what was decided."""

    stage: str
    done: int
    total: int
    line: int
    model: str | None
    decision: str  # a Decision or audit Verdict value
    detail: str = ""  # the DOI or URL accepted, or the first reason


@dataclass(frozen=True, slots=True)
class Waiting:
    """A client is about to sleep `seconds` before its next request to `service`."""

    service: str
    seconds: float
    reason: WaitReason


Event = StageStarted | RowDecided | Waiting
Observer = Callable[[Event], None]


class Stage:
    """The events of one stage: started when made, one `RowDecided` per settled row (thread-safe)."""

    def __init__(self, observer: Observer | None, name: str, total: int) -> None:
        self._observer = observer
        self._name = name
        self._total = total
        self._done = 0
        self._lock = threading.Lock()
        if observer is not None:
            observer(StageStarted(name, total))

    def decided(self, line: int, model: str | None, decision: str, detail: str = "") -> None:
        if self._observer is None:
            return
        with self._lock:
            self._done += 1
            event = RowDecided(self._name, self._done, self._total, line, model, decision, detail)
        self._observer(event)


_listeners: list[Observer] = []
_listeners_lock = threading.Lock()


def announce_wait(service: str, seconds: float, reason: WaitReason) -> None:
    """Tell every listener that a request to `service` waits `seconds` (called by the clients, any thread)."""
    with _listeners_lock:
        listeners = tuple(_listeners)
    for listener in listeners:
        listener(Waiting(service, seconds, reason))


@contextmanager
def waits_to(observer: Observer | None) -> Iterator[None]:
    """Send the clients' `Waiting` events to `observer` while the block runs."""
    if observer is None:
        yield
        return
    with _listeners_lock:
        _listeners.append(observer)
    try:
        yield
    finally:
        with _listeners_lock:
            _listeners.remove(observer)
