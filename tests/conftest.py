"""Shared fixtures. Sockets are blocked except loopback (see pyproject addopts)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red build is then reproducible); local runs keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED_CATALOGUE = ROOT / "catalogue" / "README.md"
# recorded API responses, copied byte-exact from the shared fixtures (see tests/fixtures/real/PROVENANCE.md)
REAL_FIXTURES = ROOT / "tests" / "fixtures" / "real"


@pytest.fixture
def seed_catalogue_bytes() -> bytes:
    """The catalogue exactly as the project keeps it (mojibake included)."""
    return SEED_CATALOGUE.read_bytes()
