"""The maintainers' overrides file: facts a person asserts, kept out of code.

`catalogue/overrides.toml` (next to the catalogue) is keyed by the model name as the Model column writes it:

    [models.Geneformer]
    doi = "10.1038/s41586-023-06139-9"   # accept this DOI (its record is still fetched for the metadata)
    code = "none"                         # there is no GitHub repository; or "https://github.com/owner/name"

    [models."DNA Transformer"]
    abstain = "template row, no paper yet"

An override replaces the search, never the fetch: a DOI that does not exist is still reported.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from enrich.errors import CacheMiss, CatalogueError, ServiceError
from enrich.evidence import Evidence, Kind, Strength, reason
from enrich.identifiers import normalise_doi
from enrich.records import CatalogueEntry, CodeResolution, Decision, Resolution
from enrich.resolve import fetch_work
from enrich.text import fold

NO_CODE = "none"


@dataclass(frozen=True, slots=True)
class Override:
    model: str
    doi: str | None = None
    code: str | None = None  # a GitHub URL, or NO_CODE
    abstain: str | None = None  # a reason: the row is left for a human


def overrides_path(catalogue: Path) -> Path:
    return catalogue.with_name("overrides.toml")


def load_overrides(path: Path) -> dict[str, Override]:
    """Overrides keyed by folded model name; a missing file means none."""
    if not path.is_file():
        return {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(path, None, f"cannot read overrides: {exc}") from exc
    overrides: dict[str, Override] = {}
    for model, fields in document.get("models", {}).items():
        unknown = set(fields) - {"doi", "code", "abstain"}
        if unknown:
            raise CatalogueError(path, None, f"[models.{model}]: unknown keys {sorted(unknown)}; "
                                 "expected doi, code, abstain")
        code = fields.get("code")
        if code is not None and code != NO_CODE and not code.startswith("https://github.com/"):
            raise CatalogueError(path, None, f"[models.{model}]: code must be 'none' or an https://github.com/ URL")
        doi = normalise_doi(fields["doi"]) if "doi" in fields else None
        if "doi" in fields and doi is None:
            raise CatalogueError(path, None, f"[models.{model}]: {fields['doi']!r} is not a DOI")
        overrides[fold(model)] = Override(model=model, doi=doi, code=code, abstain=fields.get("abstain"))
    return overrides


def override_for(entry: CatalogueEntry, overrides: dict[str, Override]) -> Override | None:
    return overrides.get(fold(entry.model)) if entry.model else None


def resolve_with_override(entry: CatalogueEntry, override: Override, crossref, datacite) -> Resolution | None:
    """The Resolution an override dictates, or None when it says nothing about the paper."""
    if override.abstain:
        return Resolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.OVERRIDE_ABSTAIN, override.abstain),))
    if override.doi is None:
        return None
    try:
        work = fetch_work(override.doi, crossref, datacite)
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
        return CodeResolution(entry.line, Decision.ABSTAINED, reasons=("maintainers' override: no GitHub repository",))
    return CodeResolution(entry.line, Decision.RESOLVED, url=override.code, confidence=1.0,
                          evidence=("maintainers' override",))
