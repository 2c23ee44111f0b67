from pathlib import Path

import pytest

from enrich.atomic import write_text_atomic


def test_write_replaces_content(tmp_path: Path) -> None:
    """A write leaves exactly the new text and no temporary file."""
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the rename fails the old file stays and no temporary file is left behind."""
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("enrich.atomic.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """A new file is readable like one made by open() (mkstemp alone would make it private)."""
    import os

    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    """Rewriting a file keeps its permissions."""
    target = tmp_path / "script.sh"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o750)
    write_text_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o750
