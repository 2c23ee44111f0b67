"""The maintainers' overrides file: facts a person asserts, kept out of code.

`catalogue/overrides.toml` (next to the catalogue) names a row by its model, by its title, or by its line:

    [models.Geneformer]
    doi = "10.1038/s41586-023-06139-9"   # accept this DOI (its record is still fetched for the metadata)
    code = "none"                         # there is no GitHub repository; or "https://github.com/owner/name"

    [titles."Transfer learning enables predictions in network biology"]
    code = "https://github.com/owner/name"

    [lines.42]
    abstain = "template row, no paper yet"

An override replaces the search, never the fetch: a DOI that does not exist is still reported. An unknown key,
a bad value, or an override that names no row of the catalogue is an error naming the file and the line.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from enrich.config import key_line
from enrich.errors import CacheMiss, CatalogueError, CatalogueErrors, ServiceError
from enrich.evidence import Evidence, Kind, Strength, reason
from enrich.identifiers import normalise_doi
from enrich.records import CatalogueEntry, CodeResolution, Decision, Resolution
from enrich.resolve import CrossrefLike, DataCiteLike, fetch_work
from enrich.sources import Source
from enrich.text import fold

NO_CODE = "none"
_TABLES = ("models", "titles", "lines")
_FIELDS = ("doi", "code", "abstain")


@dataclass(frozen=True, slots=True)
class Override:
    model: str  # the name the override was given under: a model, a title or a line number
    doi: str | None = None
    code: str | None = None  # a GitHub URL, or NO_CODE
    abstain: str | None = None  # a reason: the row is left for a human
    file_line: int | None = field(default=None, compare=False)  # where it is written, for errors


def overrides_path(catalogue: Path) -> Path:
    return catalogue.with_name("overrides.toml")


def load_overrides(path: Path, entries: Iterable[CatalogueEntry] | None = None) -> dict[str, Override]:
    """Overrides keyed by folded model name, `title:<folded title>` or `line:<n>`; a missing file means none.

    With `entries`, an override that names no row is an error naming the file and its line.
    """
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(path, getattr(exc, "lineno", None), f"cannot read overrides: {exc}") from exc
    unknown_tables = sorted(set(document) - set(_TABLES))
    if unknown_tables:
        raise CatalogueError(path, key_line(text, "", unknown_tables[0]),
                             f"unknown table [{unknown_tables[0]}]; expected {', '.join(_TABLES)}")
    overrides: dict[str, Override] = {}
    for table in _TABLES:
        for name, fields in document.get(table, {}).items():
            line = key_line(text, table, name)
            overrides[_key(path, line, table, name)] = _override(path, line, table, name, fields)
    if entries is not None:
        _check_named(path, overrides, list(entries))
    return overrides


def override_for(entry: CatalogueEntry, overrides: dict[str, Override]) -> Override | None:
    """The override for a row: by its line, then its title, then its model."""
    if not overrides:
        return None
    for key in _row_keys(entry):
        if key in overrides:
            return overrides[key]
    return None


def _row_keys(entry: CatalogueEntry) -> list[str]:
    keys = [f"line:{entry.line}"]
    for title in (entry.paper_title, entry.title_hint):
        if title:
            keys.append(f"title:{fold(title)}")
    if entry.model:
        keys.append(fold(entry.model))
    return keys


def _key(path: Path, line: int | None, table: str, name: str) -> str:
    if table == "models":
        return fold(name)
    if table == "titles":
        return f"title:{fold(name)}"
    if not name.strip().isdigit():
        raise CatalogueError(path, line, f"[lines.{name}]: a line number is expected")
    return f"line:{int(name)}"


def _override(path: Path, line: int | None, table: str, name: str, fields: object) -> Override:
    where = f"[{table}.{name}]"
    if not isinstance(fields, dict):
        raise CatalogueError(path, line, f"{where}: expected a table of doi, code, abstain")
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        first = sorted(unknown)[0]
        raise CatalogueError(path, key_line(path.read_text(encoding="utf-8"), f"{table}.{name}", first) or line,
                             f"{where}: unknown keys {sorted(unknown)}; expected doi, code, abstain")
    code = fields.get("code")
    if code is not None and code != NO_CODE and not str(code).startswith("https://github.com/"):
        raise CatalogueError(path, line, f"{where}: code must be 'none' or an https://github.com/ URL")
    doi = normalise_doi(fields["doi"]) if "doi" in fields else None
    if "doi" in fields and doi is None:
        raise CatalogueError(path, line, f"{where}: {fields['doi']!r} is not a DOI")
    return Override(model=name, doi=doi, code=code, abstain=fields.get("abstain"), file_line=line)


def _check_named(path: Path, overrides: dict[str, Override], entries: list[CatalogueEntry]) -> None:
    named = {key for entry in entries for key in _row_keys(entry)}
    errors = [CatalogueError(path, override.file_line, f"override {override.model!r} names no row of the catalogue")
              for key, override in overrides.items() if key not in named]
    if errors:
        raise CatalogueErrors(errors)


def resolve_with_override(entry: CatalogueEntry, override: Override, crossref: CrossrefLike,
                          datacite: DataCiteLike, others: Sequence[Source] = ()) -> Resolution | None:
    """The Resolution an override dictates, or None when it says nothing about the paper."""
    if override.abstain:
        return Resolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.OVERRIDE_ABSTAIN, override.abstain),))
    if override.doi is None:
        return None
    try:
        work = fetch_work(override.doi, crossref, datacite, others)
    except CacheMiss as miss:
        return Resolution(entry.line, Decision.CACHE_MISS, reasons=(reason(Kind.CACHE_MISS, str(miss)),))
    except ServiceError as error:
        return Resolution(entry.line, Decision.DEFERRED, reasons=(reason(Kind.SERVICE_FAILED, str(error)),))
    if work is None:
        return Resolution(entry.line, Decision.LINK_DISAGREES,
                          reasons=(reason(Kind.OVERRIDE_DOI_MISSING, override.doi),))
    return Resolution(entry.line, Decision.RESOLVED, work=work, confidence=1.0,
                      evidence=(Evidence(Kind.OVERRIDE, strength=Strength.STRONG),))


def code_with_override(entry: CatalogueEntry, override: Override) -> CodeResolution | None:
    if override.code is None:
        return None
    if override.code == NO_CODE:
        return CodeResolution(entry.line, Decision.ABSTAINED,
                              reasons=(reason(Kind.OVERRIDE_ABSTAIN, "no GitHub repository"),))
    return CodeResolution(entry.line, Decision.RESOLVED, url=override.code, confidence=1.0,
                          evidence=(Evidence(Kind.OVERRIDE, strength=Strength.STRONG),))
