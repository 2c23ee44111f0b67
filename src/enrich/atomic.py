"""Atomic file writes (a reader sees the old file or the new one, never a partial one), several outputs written
as one set (`write_set`), and the stable JSON form every file we write uses (the same data gives the same bytes)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from enrich.errors import InputChanged, OutputError


def stable_json(document: object) -> str:
    """Sorted keys, two-space indent, UTF-8 kept, final newline: diffs stay small and runs reproducible."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write `text` (or its pieces, in order) as UTF-8 to `path` through a temporary file in the same folder
    and `os.replace`."""
    write_bytes_atomic(path, _encoded(text))


def write_bytes_atomic(path: str | Path, data: bytes | Iterable[bytes]) -> None:
    target = Path(path)
    temporary = _write_temporary(target, data)
    try:
        os.replace(temporary, target)
    except BaseException:
        # the temporary file is ours alone; the target was never touched
        temporary.unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# ---------------------------------------------------------------- several outputs as one set

_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # what mkstemp(prefix=".<name>.", suffix=".tmp") makes


def write_set(texts: Mapping[Path, str | Iterable[str]], *,
              unchanged: Mapping[Path, bytes | None] | None = None) -> tuple[Path, ...]:
    """Write several files so that they change together or not at all; returns the paths written.

    1. every path is checked writable before anything is written (`OutputError`, nothing written);
    2. every text goes to a temporary file beside its target and is synced;
    3. `unchanged` files are compared with the bytes that were read (None: it did not exist): if one changed (a
       person saved an edit during the run), the temporaries are removed and `InputChanged` is raised;
    4. the temporaries are renamed over their targets one after the other, with nothing in between.
    """
    for path in texts:
        check_writable(path)
    temporaries: dict[Path, Path] = {}
    try:
        for path, text in texts.items():
            temporaries[path] = _write_temporary(path, _encoded(text))
        for path, expected in (unchanged or {}).items():
            if current_bytes(path) != expected:
                raise InputChanged(path, "changed since this run read it; nothing was written (the answers are "
                                   "cached: run again to apply them to the new text)")
        for path, temporary in list(temporaries.items()):
            os.replace(temporary, path)
            del temporaries[path]
    except OSError as exc:
        raise OutputError(exc.filename or next(iter(temporaries), ""), f"cannot write: {exc.strerror}") from exc
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
    return tuple(texts)


def check_writable(path: Path) -> None:
    """Raise `OutputError` unless `path` can be created or replaced (its folder, or the nearest existing one,
    is a writable directory, and the path itself is not a directory or a read-only file)."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, "is a directory, not a file")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(target, "is read-only")
    folder = target.parent
    while not folder.exists():
        if folder == folder.parent:
            break
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(target, f"cannot be created: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(target, f"cannot be created: {folder} is not writable")


def clean_temporaries(paths: Iterable[Path]) -> int:
    """Remove the temporary files an interrupted earlier run left beside `paths`; returns how many.

    Call it only while holding the run's locks: a temporary beside a locked output can only be a leftover.
    """
    removed = 0
    for path in paths:
        target = Path(path)
        prefix = f".{target.name}."
        try:
            names = [entry.name for entry in os.scandir(target.parent) if entry.name.startswith(prefix)]
        except OSError:
            continue
        for name in names:
            if _TEMPORARY.fullmatch(name) and len(name) == len(prefix) + 12:
                (target.parent / name).unlink(missing_ok=True)
                removed += 1
    return removed


def clean_tree_temporaries(root: Path) -> int:
    """Remove every leftover temporary file under `root` (the cache directory, while its lock is held)."""
    removed = 0
    for folder, _, names in os.walk(root):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp") and _TEMPORARY.fullmatch(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed


def _encoded(text: str | Iterable[str]) -> bytes | Iterator[bytes]:
    return text.encode("utf-8") if isinstance(text, str) else (part.encode("utf-8") for part in text)


def _write_temporary(target: Path, data: bytes | Iterable[bytes]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode the target has, or would get from open()
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def current_bytes(path: Path) -> bytes | None:
    """The file's bytes now, None when it does not exist."""
    try:
        return path.read_bytes()
    except OSError:
        return None  # absent, a directory or unreadable: check_writable or the reader reports it
