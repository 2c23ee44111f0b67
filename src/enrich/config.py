"""The configuration file: `[tool.enrich]` in pyproject.toml, or an `enrich.toml` beside the catalogue.

    [tool.enrich]                       # in enrich.toml the same keys sit at the top level
    catalogue = "catalogue/README.md"   # paths are relative to the file that names them
    bib = "references.bib"
    report = "build/report.json"
    mailto = "you@example.org"
    cache_dir = "cache"
    found_ttl_days = 180                # how long a found record is trusted before it is fetched again
    not_found_ttl_days = 14
    refresh_ttl_days = 30               # `refresh` re-checks entries last checked this long ago
    max_catalogue_mb = 10
    paper_format = "auto"               # "reference", "link" or "auto" (a link beside Title, Authors or Venue)

    [tool.enrich.columns]               # header text -> role, for tables the header words misread
    "Abbrev." = "model"

Precedence: a command-line option, then the environment variable, then this file, then the default.
An unknown key or a wrong value is an error naming the file and the key's line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypedDict

from enrich.errors import CatalogueError
from enrich.records import ColumnRole
from enrich.text import fold

CONFIG_NAME = "enrich.toml"
PAPER_FORMATS = ("auto", "reference", "link")
# the variables this file's keys become when the environment does not set them
ENVIRONMENT_KEYS = {
    "mailto": "ENRICH_MAILTO",
    "cache_dir": "ENRICH_CACHE_DIR",
    "max_catalogue_mb": "ENRICH_MAX_CATALOGUE_MB",
    "found_ttl_days": "ENRICH_FOUND_TTL_DAYS",
    "not_found_ttl_days": "ENRICH_NOT_FOUND_TTL_DAYS",
}
_PATH_KEYS = ("catalogue", "bib", "report", "cache_dir")
_DAY_KEYS = ("found_ttl_days", "not_found_ttl_days", "refresh_ttl_days")
_KEYS = frozenset({*_PATH_KEYS, *_DAY_KEYS, "mailto", "max_catalogue_mb", "paper_format", "columns"})


@dataclass(frozen=True, slots=True)
class Config:
    """What the configuration file says; None where it says nothing."""

    path: Path | None = None
    catalogue: Path | None = None
    bib: Path | None = None
    report: Path | None = None
    mailto: str | None = None
    cache_dir: Path | None = None
    found_ttl_days: int | None = None
    not_found_ttl_days: int | None = None
    refresh_ttl_days: int | None = None
    max_catalogue_mb: float | None = None
    paper_format: str = "auto"
    columns: Mapping[str, ColumnRole] = field(default_factory=lambda: MappingProxyType({}))

    def environment(self) -> dict[str, str]:
        """The environment variables this file sets (the caller lets the real environment win)."""
        values = {key: getattr(self, key) for key in ENVIRONMENT_KEYS}
        return {ENVIRONMENT_KEYS[key]: str(value) for key, value in values.items() if value is not None}


def find_config(catalogue: Path | None = None, cwd: Path | None = None) -> Path | None:
    """`enrich.toml` beside the catalogue, else the nearest pyproject.toml above it with a [tool.enrich] table.

    Without a catalogue the search starts in the working directory.
    """
    start = (catalogue.resolve().parent if catalogue is not None else (cwd or Path.cwd()).resolve())
    if (start / CONFIG_NAME).is_file():
        return start / CONFIG_NAME
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\s*\[tool\.enrich[\].]", _read(pyproject), re.MULTILINE):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Read and check a configuration file; Config() when there is none."""
    if path is None:
        return Config()
    text = _read(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(path, getattr(exc, "lineno", None), f"not valid TOML: {exc}") from exc
    table_name = "tool.enrich" if path.name == "pyproject.toml" else ""
    settings = document.get("tool", {}).get("enrich", {}) if table_name else document
    return _checked(path, text, table_name, settings)


def config_for(catalogue: Path | None) -> Config:
    return load_config(find_config(catalogue))


class CacheLifetimes(TypedDict, total=False):
    """Keyword arguments of `Cache`: days an answer stays fresh."""

    found_ttl: int
    not_found_ttl: int


def ttl_days(environ: Mapping[str, str] | None = None) -> CacheLifetimes:
    """Cache lifetimes from ENRICH_FOUND_TTL_DAYS and ENRICH_NOT_FOUND_TTL_DAYS, as Cache keyword arguments."""
    env = os.environ if environ is None else environ
    lifetimes = CacheLifetimes()
    found, not_found = _environment_days(env, "found_ttl_days"), _environment_days(env, "not_found_ttl_days")
    if found is not None:
        lifetimes["found_ttl"] = found
    if not_found is not None:
        lifetimes["not_found_ttl"] = not_found
    return lifetimes


def max_catalogue_mb(environ: Mapping[str, str] | None = None) -> float | None:
    """The catalogue size limit ENRICH_MAX_CATALOGUE_MB sets, in megabytes; None when it sets none."""
    env = os.environ if environ is None else environ
    name = ENVIRONMENT_KEYS["max_catalogue_mb"]
    value = env.get(name, "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        raise CatalogueError(name, None, f"{value!r} is not a number of megabytes") from None


def _environment_days(env: Mapping[str, str], key: str) -> int | None:
    value = env.get(ENVIRONMENT_KEYS[key], "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise CatalogueError(ENVIRONMENT_KEYS[key], None, f"{value!r} is not a number of days")
    return int(value)


# ---------------------------------------------------------------- checking


def _checked(path: Path, text: str, table: str, settings: dict[str, object]) -> Config:
    prefix = f"{table}." if table else ""
    for key in settings:
        if key not in _KEYS:
            raise CatalogueError(path, key_line(text, table, key),
                                 f"unknown key {prefix}{key}; expected one of {', '.join(sorted(_KEYS))}")
    values: dict[str, Any] = {}  # checked against each key's type below
    for key, value in settings.items():
        line = key_line(text, table, key)
        if key in _PATH_KEYS:
            values[key] = (path.parent / _typed(path, line, key, value, str)).resolve()
        elif key in _DAY_KEYS:
            days = _typed(path, line, key, value, int)
            if days < 0:
                raise CatalogueError(path, line, f"{key} must be 0 or more days")
            values[key] = days
        elif key == "max_catalogue_mb":
            megabytes = _typed(path, line, key, value, (int, float))
            if megabytes <= 0:
                raise CatalogueError(path, line, "max_catalogue_mb must be more than 0")
            values[key] = float(megabytes)
        elif key == "paper_format":
            if value not in PAPER_FORMATS:
                raise CatalogueError(path, line, f"paper_format {value!r}: expected one of {', '.join(PAPER_FORMATS)}")
            values[key] = value
        elif key == "mailto":
            values[key] = _typed(path, line, key, value, str)
        else:
            values[key] = _columns(path, text, f"{prefix}columns", _typed(path, line, key, value, dict))
    return Config(path=path, **values)


def _columns(path: Path, text: str, table: str, columns: dict[str, object]) -> Mapping[str, ColumnRole]:
    roles = {role.value: role for role in ColumnRole}
    mapped: dict[str, ColumnRole] = {}
    for header, role in columns.items():
        if role not in roles:
            raise CatalogueError(path, key_line(text, table, header),
                                 f"column {header!r}: role {role!r}; expected one of {', '.join(sorted(roles))}")
        mapped[fold(header)] = roles[role]
    return MappingProxyType(mapped)


def _typed(path: Path, line: int | None, key: str, value: object, kind: type | tuple[type, ...]) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise CatalogueError(path, line, f"{key} must be a {names.replace('str', 'string').replace('dict', 'table')}")
    return value


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def key_line(text: str, table: str, key: str) -> int | None:
    """The 1-based line where `key` is set inside `[table]` ("" = top level); tomllib gives no line numbers.

    >>> key_line('[tool.enrich]\\nmailto = "x"\\n', "tool.enrich", "mailto")
    2
    """
    wanted = _key_pattern(key)
    current = ""
    dotted = _key_pattern(table.rsplit(".", 1)[-1]) if table else None
    parent = table.rsplit(".", 1)[0] if "." in table else ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            current = ".".join(part.strip().strip("\"'") for part in header.group(1).split("."))
            if current == f"{table}.{key}" if table else current == key:
                return number  # `[tool.enrich.columns]` sets the key "columns" of [tool.enrich]
            continue
        if current == table and wanted.match(line):
            return number
        # `columns = { ... }` inline, or `columns.X = ...` dotted, under the parent table
        if dotted is not None and current == parent and dotted.match(line) and key in line:
            return number
    return None


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*[=.]")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(path, None, f"cannot read the configuration ({exc})") from exc
