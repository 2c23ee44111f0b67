"""Atomic file writes (a reader sees the old file or the new one, never a partial one) and the stable JSON form
every file we write uses (the same data always gives the same bytes)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def stable_json(document: object) -> str:
    """Sorted keys, two-space indent, UTF-8 kept, final newline: diffs stay small and runs reproducible."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write `text` (or its pieces, in order) as UTF-8 to `path` through a temporary file in the same folder
    and `os.replace`."""
    write_bytes_atomic(path, text.encode("utf-8") if isinstance(text, str) else (part.encode("utf-8") for part in text))


def write_bytes_atomic(path: str | Path, data: bytes | Iterable[bytes]) -> None:
    target = Path(path)
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
        os.replace(tmp_name, target)
    except BaseException:
        # the temporary file is ours alone; the target was never touched
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
