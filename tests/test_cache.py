"""The JSON cache: file names, content, TTLs, offline reads, reconstructed and corrupt entries."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from enrich.cache import FOUND, NOT_FOUND, Cache, CacheEntry, repo_key, search_key, work_key
from enrich.errors import CacheError

DAY = dt.date(2026, 6, 1)
WORK = {"DOI": "10.1000/x"}  # the smallest body of the shape a Crossref work has


def _cache(tmp_path: Path, today: dt.date = DAY) -> Cache:
    return Cache(tmp_path, today=lambda: today)


def test_work_key_is_the_lower_cased_doi_with_slashes_replaced() -> None:
    """A plain DOI maps to a readable file name."""
    assert work_key("crossref", "10.1038/S41592-024-02201-0") == "crossref/works/10.1038_s41592-024-02201-0"


def test_datacite_work_key_uses_dois_folder() -> None:
    """DataCite records live under datacite/dois/."""
    assert work_key("datacite", "10.48550/arXiv.2201.06719") == "datacite/dois/10.48550_arxiv.2201.06719"


def test_work_key_with_unusual_characters_gets_a_hash_suffix() -> None:
    """DOIs whose file name would be lossy get a hash so they never collide."""
    underscore = work_key("crossref", "10.1000/a_b")
    slash = work_key("crossref", "10.1000/a/b")
    assert (slash, underscore.startswith("crossref/works/10.1000_a_b~"), len(underscore)) == (
        "crossref/works/10.1000_a_b", True, len("crossref/works/10.1000_a_b~") + 10)


def test_search_key_ignores_case_and_spacing() -> None:
    """Requests that differ only in case and whitespace share one cache file."""
    first = search_key("crossref", {"query.bibliographic": "Deep  Learning\n", "rows": 5})
    second = search_key("crossref", {"query.bibliographic": "deep learning", "rows": 5})
    assert first == second and first.startswith("crossref/search/") and len(first) == len("crossref/search/") + 20


def test_search_key_depends_on_rows() -> None:
    """A different number of rows is a different request."""
    assert search_key("crossref", {"q": "x", "rows": 5}) != search_key("crossref", {"q": "x", "rows": 10})


def test_repo_key() -> None:
    """GitHub repos map to owner__name."""
    assert repo_key("Owner/Repo.Name") == "github/repos/owner__repo.name"


def test_put_writes_sorted_indented_json_with_newline(tmp_path: Path) -> None:
    """A found entry is written deterministically, request without headers, fetched as a date."""
    _cache(tmp_path).put("crossref/works/10.1_x", request={"doi": "10.1/x"}, status=FOUND, body={"DOI": "10.1/x"})
    assert (tmp_path / "crossref/works/10.1_x.json").read_text(encoding="utf-8") == (
        '{\n  "body": {\n    "DOI": "10.1/x"\n  },\n  "fetched": "2026-06-01",\n  "reconstructed": false,\n'
        '  "request": {\n    "doi": "10.1/x"\n  },\n  "status": "found"\n}\n'
    )


def test_put_keeps_etag_and_unicode(tmp_path: Path) -> None:
    """Non-ASCII text is written as is and an etag is kept."""
    cache = _cache(tmp_path)
    cache.put("github/repos/a__b", request={"repo": "a/b"}, status=FOUND, body="Žiga", etag='W/"abc"')
    text = (tmp_path / "github/repos/a__b.json").read_text(encoding="utf-8")
    assert ('"body": "Žiga"' in text, '"etag": "W/\\"abc\\""' in text) == (True, True)


def test_round_trip(tmp_path: Path) -> None:
    """What put stores, get returns."""
    cache = _cache(tmp_path)
    cache.put("crossref/works/10.1_x", request={"doi": "10.1/x"}, status=NOT_FOUND)
    assert cache.get("crossref/works/10.1_x", offline=False) == CacheEntry(
        "crossref/works/10.1_x", {"doi": "10.1/x"}, "not-found", "2026-06-01", None, None, False)


def test_missing_file_is_a_miss(tmp_path: Path) -> None:
    """No file, no entry."""
    assert _cache(tmp_path).get("crossref/works/10.1_x", offline=True) is None


def test_refuses_statuses_other_than_found_and_not_found(tmp_path: Path) -> None:
    """A transient answer (e.g. 429) cannot be stored."""
    with pytest.raises(ValueError, match=r"cache status must be one of \('found', 'not-found'\), not '429'"):
        _cache(tmp_path).put("crossref/works/10.1_x", request={}, status="429")


def test_found_entry_is_fresh_for_180_days(tmp_path: Path) -> None:
    """A found record 180 days old is still served live."""
    _cache(tmp_path).put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK)
    later = _cache(tmp_path, DAY + dt.timedelta(days=180))
    assert later.get("crossref/works/10.1_x", offline=False) is not None


def test_found_entry_is_stale_after_180_days(tmp_path: Path) -> None:
    """A found record 181 days old is a miss on a live run."""
    _cache(tmp_path).put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK)
    later = _cache(tmp_path, DAY + dt.timedelta(days=181))
    assert later.get("crossref/works/10.1_x", offline=False) is None


def test_not_found_entry_is_stale_after_14_days(tmp_path: Path) -> None:
    """A not-found answer 15 days old is asked again."""
    _cache(tmp_path).put("crossref/works/10.1_x", request={}, status=NOT_FOUND)
    later = _cache(tmp_path, DAY + dt.timedelta(days=15))
    assert later.get("crossref/works/10.1_x", offline=False) is None


def test_offline_ignores_age(tmp_path: Path) -> None:
    """Offline, a stale entry still answers."""
    _cache(tmp_path).put("crossref/works/10.1_x", request={}, status=NOT_FOUND)
    later = _cache(tmp_path, DAY + dt.timedelta(days=400))
    assert later.get("crossref/works/10.1_x", offline=True) is not None


def test_reconstructed_entry_is_a_miss_live(tmp_path: Path) -> None:
    """A live run does not trust an entry we composed ourselves."""
    cache = _cache(tmp_path)
    cache.put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK, reconstructed=True)
    assert cache.get("crossref/works/10.1_x", offline=False) is None


def test_reconstructed_entry_is_used_offline(tmp_path: Path) -> None:
    """Offline, a reconstructed entry answers and says so."""
    cache = _cache(tmp_path)
    cache.put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK, reconstructed=True)
    entry = cache.get("crossref/works/10.1_x", offline=True)
    assert entry is not None and entry.reconstructed is True


def test_reconstructed_entry_can_be_allowed_live(tmp_path: Path) -> None:
    """allow_reconstructed=True overrides the live default."""
    cache = _cache(tmp_path)
    cache.put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK, reconstructed=True)
    assert cache.get("crossref/works/10.1_x", offline=False, allow_reconstructed=True) is not None


@pytest.mark.parametrize("content", [
    '{"status": "found", "fetched": "2026-06-01", "body": {"DOI": ',
    "",
    "[1, 2]",
    '{"status": "maybe", "fetched": "2026-06-01", "body": null, "request": {}}',
    '{"status": "found", "fetched": "June", "body": null, "request": {}}',
    '{"status": "found", "fetched": "2026-06-01", "request": {}}',
])
def test_corrupt_file_is_a_logged_miss(tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str) -> None:
    """A truncated or malformed file is a miss with a warning, never a crash."""
    path = tmp_path / "crossref/works/10.1_x.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="enrich.cache"):
        entry = _cache(tmp_path).get("crossref/works/10.1_x", offline=True)
    assert (entry, "is corrupt" in caplog.text) == (None, True)


def test_corrupt_file_is_rewritten_by_put(tmp_path: Path) -> None:
    """After a corrupt read, the next put replaces the file with a valid entry."""
    path = tmp_path / "crossref/works/10.1_x.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"status": "fo', encoding="utf-8")
    cache = _cache(tmp_path)
    cache.put("crossref/works/10.1_x", request={}, status=FOUND, body=WORK)
    entry = cache.get("crossref/works/10.1_x", offline=False)
    assert entry is not None and entry.body == WORK


def test_invalid_key_is_refused(tmp_path: Path) -> None:
    """A key that could escape the cache root is an error."""
    with pytest.raises(CacheError, match=r"invalid cache key '\.\./etc/passwd'"):
        _cache(tmp_path).get("../etc/passwd", offline=True)


def test_root_from_environment() -> None:
    """ENRICH_CACHE_DIR sets the root; the default is 'cache'."""
    roots = (Cache.from_env({"ENRICH_CACHE_DIR": "/tmp/c"}).root, Cache.from_env({}).root)
    assert roots == (Path("/tmp/c"), Path("cache"))
