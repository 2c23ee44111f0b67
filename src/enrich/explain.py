"""What `check` tells a maintainer: the role of each column or part, and per row what will be searched.

Pure: it reads entries and blocks, and says what `resolve` will do with them without asking any service.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from enrich.catalogue import Block
from enrich.match import stated_title
from enrich.names import family_name
from enrich.records import CatalogueEntry, ColumnRole, RowStatus, Shape


class Plan(StrEnum):
    SEARCH = "search"  # no link yet: searched by the terms below
    VERIFY = "verify"  # the row links a paper: the link is checked, and the terms confirm it
    NOTHING = "nothing"  # nothing can be searched; `why` says what is missing


class Missing(StrEnum):
    TEMPLATE = "template row: links to '#' or nowhere and names no author or year"
    NO_TITLE_OR_MODEL = "names neither a title nor a model"


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """What resolution will look for in one row."""

    plan: Plan
    title: str | None = None
    title_is_hint: bool = False  # read from a plain reference: searched by, never used to reject
    model: str | None = None
    author: str | None = None  # the first author's family name
    year: int | None = None
    venue: str | None = None
    link: str | None = None
    why: Missing | None = None


def search_terms(entry: CatalogueEntry) -> SearchTerms:
    """The terms `resolve` searches by for this row, or why it cannot search.

    >>> search_terms(CatalogueEntry(1, (), 0, (), (), "scGPT", False, "", None, None, None, ("Haotian Cui",),
    ...              2024, RowStatus.NEEDS_RESOLUTION)).author
    'Cui'
    """
    if entry.status is RowStatus.PLACEHOLDER:
        return SearchTerms(Plan.NOTHING, why=Missing.TEMPLATE)
    title = stated_title(entry)
    hint = title is None and entry.title_hint is not None
    title = title or entry.title_hint
    model = (entry.model or "").strip() or None
    author = family_name(entry.authors[0]) if entry.authors else None
    link = entry.paper_url if entry.status is RowStatus.COMPLETE else None
    if link is None and not title and not model:
        return SearchTerms(Plan.NOTHING, author=author, year=entry.year, why=Missing.NO_TITLE_OR_MODEL)
    return SearchTerms(Plan.VERIFY if link else Plan.SEARCH, title, hint, model, author, entry.year, entry.venue,
                       link)


def describe_terms(terms: SearchTerms) -> str:
    """One line for people: "title 'X', model scGPT, author Cui, year 2024" or "nothing: <why>"."""
    if terms.plan is Plan.NOTHING:
        return f"nothing: {terms.why.value if terms.why else 'no terms'}"
    parts = []
    if terms.link:
        parts.append(f"verify {terms.link}")
    if terms.title:
        parts.append(f"{'title hint' if terms.title_is_hint else 'title'} '{_shorten(terms.title, 60)}'")
    for name, value in (("model", terms.model), ("author", terms.author), ("year", terms.year),
                        ("venue", terms.venue)):
        if value:
            parts.append(f"{name} {value}")
    return ", ".join(parts)


def describe_block(block: Block) -> str:
    """'table at line 30 (A › B), 30 rows: Model → model, Paper → paper' or the list's parts."""
    where = f" ({' › '.join(block.section)})" if block.section else ""
    noun = "rows" if block.shape is Shape.TABLE else "items"
    roles = ", ".join(f"{label} → {role.value}" if block.shape is Shape.TABLE else label
                      for label, role in zip(block.labels, block.roles, strict=True))
    missing = [role.value for role in (ColumnRole.PAPER, ColumnRole.CODE) if role not in block.roles]
    note = f"; no {' or '.join(missing)} column: nothing is filled there" if (
        missing and block.shape is Shape.TABLE) else ""
    kind = "table" if block.shape is Shape.TABLE else "list"
    return f"{kind} at line {block.line}{where}, {block.rows} {noun}: {roles or 'no parts'}{note}"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
