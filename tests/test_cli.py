"""The thin CLI: exit codes, one-line errors, nothing written on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from enrich.cli import main

from tests.conftest import SEED_CATALOGUE


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_check_lists_rows_of_seed_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    """`enrich check` on the catalogue reports 41 rows, 11 placeholders and 5 duplicate pairs."""
    assert main(["check", str(SEED_CATALOGUE)]) == 0
    out = capsys.readouterr().out
    assert "1 complete, 29 needs-resolution, 11 placeholder; 5 duplicate pairs" in out
    assert "41 rows" in out


def test_run_on_missing_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing catalogue: one line naming the file, exit 2, nothing written."""
    missing = tmp_path / "nope.md"
    code = main(["run", "--offline", "--catalogue", str(missing), "--bib", str(tmp_path / "r.bib"),
                 "--report", str(tmp_path / "r.json")])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"enrich: error: {missing}: no such file"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("body, message", [
    (b"| Model | Paper |\n|---|---|\n| a | b | c |\n", "3: row has 3 cells, header has 2"),
    (b"| Model | Paper |\n|---|---|\n| a | \x00 |\n", "3: binary data (NUL byte)"),
    (b"| Model | Paper |\n|---|---|\n| a | [t](http://x |\n", "3: unterminated link in the Paper cell"),
    (b"# List\n\n| Model | Paper |\n|---|---|\n| caf\xe9 | b |\n", "5: not UTF-8"),
])
def test_run_on_bad_table_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: bytes,
                                         message: str) -> None:
    """Bad input names file and line, exits 2 and leaves every file as it was."""
    catalogue = tmp_path / "list.md"
    catalogue.write_bytes(body)
    (tmp_path / "r.bib").write_text("% old\n", encoding="utf-8")
    before = _files(tmp_path)
    code = main(["run", "--offline", "--catalogue", str(catalogue), "--bib", str(tmp_path / "r.bib"),
                 "--report", str(tmp_path / "r.json")])
    assert code == 2
    assert capsys.readouterr().err.strip().startswith(f"enrich: error: {catalogue}:{message}")
    assert _files(tmp_path) == before


def test_run_on_directory_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory given as the catalogue: one line, exit 2, nothing written."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    code = main(["run", "--offline", "--catalogue", str(folder), "--bib", str(tmp_path / "r.bib"),
                 "--report", str(tmp_path / "r.json")])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"enrich: error: {folder}: is a directory, expected a Markdown file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["catalogue"]


def test_offline_run_with_empty_cache_reports_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--offline with an empty cache: exit 0, every resolvable row is a cache miss, placeholders untouched."""
    import json

    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    catalogue = tmp_path / "README.md"
    shutil.copyfile(SEED_CATALOGUE, catalogue)
    code = main(["run", "--offline", "--catalogue", str(catalogue), "--bib", str(tmp_path / "r.bib"),
                 "--report", str(tmp_path / "r.json")])
    assert code == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    decisions = {entry["paper"]["decision"] for entry in report["entries"] if entry["status"] != "placeholder"}
    assert decisions == {"cache-miss"}
    assert report["summary"]["paper_decisions"] == {"cache-miss": 30, "placeholder": 11}
    assert report["requests"]["crossref"]["requests"] == 0


def test_commands_go_through_the_python_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`enrich audit` is `enrich.api.audit` with the settings the environment gives (the CLI adds only
    arguments, output and exit codes)."""
    from enrich import api
    from enrich.audit import AuditResult

    calls: list[tuple[str, api.Settings]] = []

    def audit(catalogue: str, *, settings: api.Settings, **options: object) -> AuditResult:
        calls.append((str(catalogue), settings))
        return AuditResult(str(catalogue), ())

    monkeypatch.setattr(api, "audit", audit)
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "answers"))
    monkeypatch.setenv("ENRICH_MAX_CATALOGUE_MB", "3")
    catalogue = tmp_path / "README.md"
    shutil.copyfile(SEED_CATALOGUE, catalogue)
    assert main(["audit", "--catalogue", str(catalogue), "--report", str(tmp_path / "audit.json")]) == 0
    assert [(path, settings.cache_dir, settings.max_catalogue_mb) for path, settings in calls] == [
        (str(catalogue), tmp_path / "answers", 3.0)]
