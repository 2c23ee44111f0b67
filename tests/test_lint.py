"""The suite fails on lint: ruff over src/ and tests/, mypy --strict over src/ (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


def test_ruff_passes() -> None:
    """`ruff check src tests` reports nothing."""
    done = _run("ruff", "check", "--no-cache", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes_on_src() -> None:
    """`mypy --strict src` reports nothing."""
    done = _run("mypy", "--strict", "src")
    assert done.returncode == 0, done.stdout + done.stderr
