"""Advisory locks: one run at a time per catalogue and per cache directory.

    with hold_locks(catalogue=Path("catalogue/README.md"), cache_dir=Path("cache")):
        ...  # read, decide, write

A second run that finds either lock taken stops at once with `InUse` (exit 2, nothing read or written) rather than
asking every service a second time and racing the first run's writes. The locks are `flock` locks on the catalogue
file itself and on the cache directory, so no lock file is left behind, and the kernel drops them when a process
dies, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from enrich.errors import InUse

log = logging.getLogger(__name__)

_ATTEMPTS = 5  # the catalogue may be replaced between open and flock (a run that just finished); look again


@contextmanager
def hold_locks(*, catalogue: Path | None = None, cache_dir: Path | None = None) -> Iterator[None]:
    """Hold the catalogue's and the cache directory's locks for the block; raise `InUse` when one is taken."""
    with ExitStack() as stack:
        if catalogue is not None:
            stack.enter_context(_file_lock(catalogue))
        if cache_dir is not None:
            stack.enter_context(_directory_lock(cache_dir))
        yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    for _ in range(_ATTEMPTS):
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            # nothing to protect yet: reading it reports the problem with file and line
            yield
            return
        try:
            _take(descriptor, path, "the catalogue")
            if _same_file(descriptor, path):
                log.debug("locked %s", path)
                yield
                return
        finally:
            os.close(descriptor)  # closing drops the lock
    raise InUse(path, "the catalogue")


@contextmanager
def _directory_lock(path: Path) -> Iterator[None]:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        # no cache yet (the catalogue's lock still keeps two runs of one catalogue apart), or an unusable one,
        # which the first cache write reports as a CacheError
        yield
        return
    try:
        _take(descriptor, path, "the cache directory")
        log.debug("locked %s", path)
        yield
    finally:
        os.close(descriptor)


def _take(descriptor: int, path: Path, what: str) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        raise InUse(path, what) from exc


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino)
