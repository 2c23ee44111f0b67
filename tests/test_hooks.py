"""The pre-commit entry points: the live audit hook treats "try later" as a warning and leaves no files behind."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from enrich import api, audit
from enrich.clients.http import ServiceConfig
from enrich.hooks import audit_hook, user_cache_dir

from tests.fakes import Corpus, FakeServices
from tests.test_audit import CATALOGUE, fast_build, fast_services
from tests.test_ci_output import HEADER, KAPPA_ROW, NOTICE, RETRACTED


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's repository as the current directory, the user's cache folder elsewhere, fast clients."""
    repository = tmp_path / "repo"
    repository.mkdir()
    monkeypatch.chdir(repository)
    monkeypatch.delenv("ENRICH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(audit, "open_services", lambda offline=False: fast_services(
        ServiceConfig.from_env(), Path(os.environ["ENRICH_CACHE_DIR"]), offline=offline))
    monkeypatch.setattr(api, "build_services", fast_build)
    return repository


def test_unreachable_services_warn_and_pass(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Every service refusing connections: audit says 3 (try later), the hook passes (0) with a warning."""
    url = f"http://127.0.0.1:{_closed_port()}"
    for name in ("ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL"):
        monkeypatch.setenv(name, url)
    assert audit_hook(["--strict", "--catalogue", str(CATALOGUE)]) == 0
    assert capsys.readouterr().err.splitlines()[-1].startswith("enrich: warning:")
    assert list(repo.iterdir()) == []
    assert "ENRICH_CACHE_DIR" not in os.environ


def test_a_retracted_link_blocks_the_commit(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing link still fails the hook (exit 1), and neither build/ nor cache/ appears in the repository."""
    (repo / "README.md").write_text(HEADER + KAPPA_ROW, encoding="utf-8")
    with FakeServices(Corpus(crossref=[RETRACTED, NOTICE])) as fakes:
        for name, value in fakes.env.items():
            monkeypatch.setenv(name, value)
        assert audit_hook(["--strict", "--catalogue", "README.md"]) == 1
    assert sorted(path.name for path in repo.iterdir()) == ["README.md"]
    assert any((repo.parent / "user-cache" / "enrich").iterdir())


def test_user_cache_dir_follows_xdg() -> None:
    """$XDG_CACHE_HOME/enrich when set, else ~/.cache/enrich."""
    assert user_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/enrich")
    assert user_cache_dir({}).parts[-2:] == (".cache", "enrich")
