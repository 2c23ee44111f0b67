import json
import logging
from datetime import date
from pathlib import Path

import pytest

from enrich.health import (
    Health,
    HealthStore,
    LinkHealth,
    Observation,
    classify_status,
    is_stale,
    observe,
    reported,
)

# reconstructed: URLs and dates composed for these tests
URL = "https://github.com/example-lab/example-model"
RUN_1, RUN_2, RUN_3, RUN_4 = date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)
REAL = Path(__file__).parent / "fixtures" / "real"

DEAD = Observation(URL, Health.DEAD, "HTTP 404")
ALIVE = Observation(URL, Health.ALIVE, "HTTP 200")
INCONCLUSIVE = Observation(URL, Health.INCONCLUSIVE, "HTTP 429")


def _runs(*observations: Observation) -> LinkHealth:
    health = None
    for today, observation in zip((RUN_1, RUN_2, RUN_3, RUN_4), observations, strict=False):
        health = observe(health, observation, today)
    assert health is not None
    return health


def _recorded_status(name: str) -> int:
    return json.loads((REAL / name).read_text(encoding="utf-8"))["status"]


def test_recorded_doi_not_found_is_dead() -> None:
    """doi.org's recorded 404 for an unregistered DOI classifies as dead."""
    assert classify_status(_recorded_status("doiorg_404_10.1126_foo.headers.json")) is Health.DEAD


def test_recorded_secondary_rate_limit_is_inconclusive() -> None:
    """GitHub's recorded 403 secondary rate limit is inconclusive, not dead."""
    assert classify_status(_recorded_status("github_403_secondary-rate-limit_retry-after.headers.json")) is (
        Health.INCONCLUSIVE
    )


def test_recorded_rename_redirect_is_alive() -> None:
    """GitHub's recorded 301 for a renamed repository classifies as alive."""
    assert classify_status(_recorded_status("github_repo_301_renamed.headers.json")) is Health.ALIVE


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, Health.ALIVE), (410, Health.DEAD), (429, Health.INCONCLUSIVE), (503, Health.INCONCLUSIVE),
     (None, Health.INCONCLUSIVE)],
)
def test_classify_status(status: int | None, expected: Health) -> None:
    """Gone is dead; rate limits, server errors and timeouts are inconclusive."""
    assert classify_status(status) is expected


def test_first_observation_is_recorded() -> None:
    """A first dead answer starts the count and remembers the day it started."""
    assert observe(None, DEAD, RUN_1) == LinkHealth(URL, 1, Health.DEAD, RUN_1, RUN_1, "HTTP 404")


def test_one_dead_run_is_not_reported_dead() -> None:
    """A single dead run is reported inconclusive, not dead."""
    assert reported(_runs(DEAD)) is Health.INCONCLUSIVE


def test_two_consecutive_dead_runs_are_reported_dead() -> None:
    """Dead on two runs in a row (the default) is reported dead, dated from the first failure."""
    health = _runs(DEAD, DEAD)
    assert reported(health) is Health.DEAD
    assert (health.consecutive_failures, health.first_failed, health.last_checked) == (2, RUN_1, RUN_2)


def test_threshold_is_configurable() -> None:
    """With dead_after=3, two dead runs are not yet enough."""
    assert reported(_runs(DEAD, DEAD), dead_after=3) is Health.INCONCLUSIVE


def test_inconclusive_never_reports_dead() -> None:
    """However many inconclusive answers arrive, the link is never reported dead."""
    health = _runs(INCONCLUSIVE, INCONCLUSIVE, INCONCLUSIVE, INCONCLUSIVE)
    assert (reported(health), health.consecutive_failures) == (Health.INCONCLUSIVE, 0)


def test_inconclusive_does_not_reset_the_count() -> None:
    """Dead, inconclusive, dead: the inconclusive run neither resets nor advances the count."""
    health = _runs(DEAD, INCONCLUSIVE, DEAD)
    assert (reported(health), health.consecutive_failures, health.first_failed) == (Health.DEAD, 2, RUN_1)


def test_inconclusive_does_not_advance_the_count() -> None:
    """Dead then inconclusive stays at one failure."""
    assert _runs(DEAD, INCONCLUSIVE).consecutive_failures == 1


def test_alive_resets() -> None:
    """An alive answer clears the failures, so dead-alive-dead is not reported dead."""
    health = _runs(DEAD, ALIVE, DEAD)
    assert (reported(health), health.consecutive_failures, health.first_failed) == (Health.INCONCLUSIVE, 1, RUN_3)


def test_alive_is_reported_alive() -> None:
    """A link whose last answer was alive is reported alive."""
    assert reported(_runs(DEAD, ALIVE)) is Health.ALIVE


def test_observation_of_another_url_is_refused() -> None:
    """Folding an observation into another link's record is a programming error."""
    other = Observation("https://github.com/other/repo", Health.DEAD)
    with pytest.raises(ValueError, match=r"^observation of https://github\.com/other/repo cannot update the record "
                                         r"of https://github\.com/example-lab/example-model$"):
        observe(_runs(DEAD), other, RUN_2)


def test_dead_after_must_be_positive() -> None:
    """A threshold of zero would report links dead without any failure."""
    with pytest.raises(ValueError, match=r"^dead_after must be at least 1, got 0$"):
        reported(_runs(ALIVE), dead_after=0)


@pytest.mark.parametrize(("fetched", "expected"), [(date(2026, 1, 1), False), (date(2025, 12, 27), True)])
def test_is_stale(fetched: date, expected: bool) -> None:
    """29 days old is fresh; 30 days old is stale (default ttl)."""
    assert is_stale(fetched, date(2026, 1, 26)) is expected


def test_is_stale_custom_ttl() -> None:
    """A 7-day ttl makes an 8-day-old answer stale."""
    assert is_stale(date(2026, 1, 18), date(2026, 1, 26), ttl_days=7) is True


def test_store_round_trip(tmp_path: Path) -> None:
    """Saved records load back equal, in a sorted, indented JSON file with a trailing newline."""
    path = tmp_path / "cache" / "health.json"
    store = HealthStore(path)
    store.record(DEAD, RUN_1)
    store.record(Observation("https://doi.org/10.1234/ß", Health.ALIVE), RUN_1)
    store.save()
    assert path.read_text(encoding="utf-8") == """{
  "format": 1,
  "links": {
    "https://doi.org/10.1234/ß": {
      "consecutive_failures": 0,
      "detail": "",
      "first_failed": null,
      "last_checked": "2026-01-05",
      "last_verdict": "alive"
    },
    "https://github.com/example-lab/example-model": {
      "consecutive_failures": 1,
      "detail": "HTTP 404",
      "first_failed": "2026-01-05",
      "last_checked": "2026-01-05",
      "last_verdict": "dead"
    }
  }
}
"""
    assert list(HealthStore(path)) == list(store)


def test_store_carries_the_count_across_runs(tmp_path: Path) -> None:
    """A dead answer on each of two runs, each with a fresh store, reports the link dead."""
    path = tmp_path / "health.json"
    for today in (RUN_1, RUN_2):
        store = HealthStore(path)
        health = store.record(DEAD, today)
        store.save()
    assert reported(health) is Health.DEAD


def test_store_counts_a_url_once_per_run(tmp_path: Path) -> None:
    """Two rows citing the same dead link in one run count as one failure."""
    store = HealthStore(tmp_path / "health.json")
    store.record(DEAD, RUN_1)
    assert store.record(DEAD, RUN_1).consecutive_failures == 1


def test_missing_store_is_empty(tmp_path: Path) -> None:
    """No file yet means no records."""
    assert len(HealthStore(tmp_path / "health.json")) == 0


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[]", b'{"format": 1, "links": {"u": {"consecutive_failures": -1}}}',
     b'{"format": 1, "links": {"u": {"consecutive_failures": 1, "last_verdict": "gone", "last_checked": "x"}}}',
     b'{"format": 2, "links": {}}'],
)
def test_corrupt_store_is_empty_and_logged(tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture) -> None:
    """A corrupt or foreign store loads as empty, with a warning naming the file."""
    path = tmp_path / "health.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="enrich.health"):
        store = HealthStore(path)
    assert len(store) == 0
    assert caplog.messages[0].startswith(f"{path}: corrupt link-health store, starting empty: ")


def test_retain_forgets_links_that_left(tmp_path: Path) -> None:
    """retain keeps only the listed URLs."""
    store = HealthStore(tmp_path / "health.json")
    store.record(DEAD, RUN_1)
    store.record(Observation("https://example.org/kept", Health.ALIVE), RUN_1)
    store.retain(["https://example.org/kept"])
    assert [health.url for health in store] == ["https://example.org/kept"]
