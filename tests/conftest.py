"""Shared fixtures. Sockets are blocked except loopback (see pyproject addopts)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_CATALOGUE = ROOT / "catalogue" / "README.md"
# recorded API responses, copied byte-exact from the shared fixtures (see tests/fixtures/real/PROVENANCE.md)
REAL_FIXTURES = ROOT / "tests" / "fixtures" / "real"


@pytest.fixture
def seed_catalogue_bytes() -> bytes:
    """The catalogue exactly as the project keeps it (mojibake included)."""
    return SEED_CATALOGUE.read_bytes()
