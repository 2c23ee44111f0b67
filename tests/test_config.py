"""The configuration file: discovery, checked keys with their lines, and precedence under the CLI.

Reconstructed: every file here is composed by us.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enrich.catalogue import read_catalogue
from enrich.cli import main
from enrich.config import Config, config_for, find_config, key_line, load_config, ttl_days
from enrich.errors import CatalogueError
from enrich.records import ColumnRole

LIST = "## Papers\n- **scGPT** — Cui et al. 2024 [paper]() [code]()\n"


def _error(path: Path) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        load_config(path)
    return caught.value


def test_enrich_toml_beside_the_catalogue_is_found(tmp_path: Path) -> None:
    """An enrich.toml in the catalogue's folder is the configuration."""
    (tmp_path / "enrich.toml").write_text('mailto = "a@example.org"\n')
    assert find_config(tmp_path / "README.md") == tmp_path / "enrich.toml"


def test_pyproject_above_the_catalogue_is_found(tmp_path: Path) -> None:
    """The nearest pyproject.toml with a [tool.enrich] table above the catalogue is the configuration."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.enrich]\nbib = "refs.bib"\n')
    (tmp_path / "docs").mkdir()
    config = config_for(tmp_path / "docs" / "README.md")
    assert (config.path, config.bib) == (tmp_path / "pyproject.toml", (tmp_path / "refs.bib").resolve())


def test_pyproject_without_the_table_is_no_configuration(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.enrich] is not a configuration (decoy)."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(find_config(tmp_path / "README.md")) == Config()


def test_every_key_is_read(tmp_path: Path) -> None:
    """Paths resolve against the file's folder; numbers, format and columns are typed."""
    (tmp_path / "enrich.toml").write_text(
        'catalogue = "README.md"\nbib = "refs.bib"\nreport = "build/r.json"\nmailto = "a@example.org"\n'
        'cache_dir = "c"\nfound_ttl_days = 90\nnot_found_ttl_days = 7\nrefresh_ttl_days = 10\n'
        'max_catalogue_mb = 2.5\npaper_format = "link"\n\n[columns]\n"Abbrev." = "model"\n')
    config = load_config(tmp_path / "enrich.toml")
    assert (config.catalogue, config.cache_dir, config.found_ttl_days, config.max_catalogue_mb, config.paper_format,
            dict(config.columns)) == (
        (tmp_path / "README.md").resolve(), (tmp_path / "c").resolve(), 90, 2.5, "link",
        {"abbrev": ColumnRole.MODEL})


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    """An unknown key is an error at its own line."""
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.enrich]\nbib = "r.bib"\ncache-dir = "c"\n')
    error = _error(path)
    assert (error.path, error.line) == (str(path), 6)


def test_unknown_role_names_its_line(tmp_path: Path) -> None:
    """A column mapped to no known role is an error at the mapping's line."""
    path = tmp_path / "enrich.toml"
    path.write_text('mailto = "a@b.org"\n\n[columns]\nName = "model"\nRef = "papers"\n')
    error = _error(path)
    assert (error.path, error.line) == (str(path), 5)


def test_wrong_type_names_its_line(tmp_path: Path) -> None:
    """A number where a path is expected is an error at its line."""
    path = tmp_path / "enrich.toml"
    path.write_text('\nbib = 3\n')
    assert _error(path).line == 2


def test_key_line_finds_dotted_and_quoted_keys() -> None:
    """Keys are found quoted, and a sub-table header counts as the key's line."""
    text = '[tool.enrich]\n"mailto" = "x"\n\n[tool.enrich.columns]\n"Paper name" = "title"\n'
    assert (key_line(text, "tool.enrich", "mailto"), key_line(text, "tool.enrich", "columns"),
            key_line(text, "tool.enrich.columns", "Paper name")) == (2, 4, 5)


def test_configured_columns_reach_the_parser(tmp_path: Path) -> None:
    """A column the configuration maps is read with that role by every command's reader."""
    (tmp_path / "enrich.toml").write_text('[columns]\n"Tag" = "model"\n')
    (tmp_path / "README.md").write_text("| Tag | Paper |\n|---|---|\n| scGPT | Cui et al., 2024 |\n")
    assert read_catalogue(tmp_path / "README.md").entries[0].model == "scGPT"


def test_configured_size_limit_refuses_a_catalogue(tmp_path: Path) -> None:
    """max_catalogue_mb in the configuration is the limit when the environment sets none."""
    (tmp_path / "enrich.toml").write_text("max_catalogue_mb = 0.001\n")
    (tmp_path / "README.md").write_text(LIST * 100)
    with pytest.raises(CatalogueError):
        read_catalogue(tmp_path / "README.md")


def test_ttl_days_from_the_environment() -> None:
    """The cache lifetimes come from their variables as Cache keyword arguments."""
    assert ttl_days({"ENRICH_FOUND_TTL_DAYS": "30", "ENRICH_NOT_FOUND_TTL_DAYS": "2"}) == {
        "found_ttl": 30, "not_found_ttl": 2}


# ---------------------------------------------------------------- through the CLI


def test_check_takes_the_catalogue_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` with no path reads the catalogue the configuration in the working directory names."""
    (tmp_path / "enrich.toml").write_text('catalogue = "list.md"\n')
    (tmp_path / "list.md").write_text(LIST)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0


def test_check_without_any_catalogue_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No path and no configuration: exit 2."""
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2


def test_cache_dir_option_wins_and_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--cache-dir holds for the call over the environment and the file; the environment is restored after."""
    (tmp_path / "enrich.toml").write_text('cache_dir = "from-file"\n')
    (tmp_path / "list.md").write_text(LIST)
    monkeypatch.setenv("ENRICH_CACHE_DIR", "from-env")
    seen: list[str | None] = []
    import enrich.cli as cli

    real_check = cli._check
    monkeypatch.setattr(cli, "_check", lambda args, *rest: seen.append(os.environ.get("ENRICH_CACHE_DIR"))
                        or real_check(args, *rest))
    main(["check", "--catalogue", str(tmp_path / "list.md"), "--cache-dir", str(tmp_path / "cli")])
    main(["check", str(tmp_path / "list.md")])
    assert (seen, os.environ["ENRICH_CACHE_DIR"]) == ([str(tmp_path / "cli"), "from-env"], "from-env")


def test_configuration_fills_what_the_environment_leaves_unset(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """mailto from the file applies when ENRICH_MAILTO is unset, and is gone after the call."""
    (tmp_path / "enrich.toml").write_text('mailto = "file@example.org"\n')
    (tmp_path / "list.md").write_text(LIST)
    monkeypatch.delenv("ENRICH_MAILTO", raising=False)
    seen: list[str | None] = []
    import enrich.cli as cli

    real_check = cli._check
    monkeypatch.setattr(cli, "_check", lambda args, *rest: seen.append(os.environ.get("ENRICH_MAILTO"))
                        or real_check(args, *rest))
    main(["check", str(tmp_path / "list.md")])
    assert (seen, os.environ.get("ENRICH_MAILTO")) == (["file@example.org"], None)
