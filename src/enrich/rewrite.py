"""Decisions -> minimal cell edits for the catalogue (pure; `catalogue.apply_edits` writes them).

Rules, in the order they protect people's work:
- placeholder rows are never touched;
- a paper cell that already holds a link keeps it, unless `fix_links` asks to replace a link the resolver
  found to disagree (only its URL changes, the person's text stays); an empty-target link (`[paper]()`,
  `[Title](#)`) in a row that names a paper is filled: its target is written, its text stays;
- a code cell with any text keeps it, except a bare `[...](#)` or `[...]()` placeholder link;
- a list item gets `[paper](https://doi.org/...)` or `[code](https://github.com/...)` appended when it has no
  such link, and its placeholder links filled the same way;
- only `https://doi.org/` and `https://github.com/` URLs are ever written; a URL or e-mail address inside text
  from an API (a venue, an author, a title) is written as code, which GitHub does not turn into a link.
Planning again against the rewritten rows yields no edits.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from enrich.bibtex import doi_url, full_title, is_arxiv, is_posted_preprint
from enrich.config import PAPER_FORMATS  # the maintainers' reference, a bare `[paper](…)` link, or auto
from enrich.records import (
    CatalogueEntry,
    CellEdit,
    CodeResolution,
    ColumnRole,
    Decision,
    Resolution,
    Row,
    RowStatus,
    Shape,
    WorkRecord,
)

log = logging.getLogger(__name__)

CODE_LINK_TEXT = "GitHub Repository"
PAPER_LINK_TEXT = "paper"
# columns that say what a full reference would: beside any of them a filled paper cell is the bare link
_DESCRIBING_ROLES = frozenset({ColumnRole.TITLE, ColumnRole.AUTHORS, ColumnRole.VENUE})
ITEM_CODE_LINK_TEXT = "code"

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_SPACE_RE = re.compile(r"\s+")
_CELL_ESCAPES = {"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`", "<": "&lt;"}
_CELL_ESCAPES_RE = re.compile(r"[\\|\[\]`<]")
_DOI_URL_RE = re.compile(r"^https://doi\.org/10\.\d{4,9}/.+$")
_GITHUB_URL_RE = re.compile(r"^https://github\.com/[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+(?:/.*)?$")
_URL_UNSAFE = frozenset("()<>[]|\\\"'`{} ")
_PLACEHOLDER_LINK_RE = re.compile(r"^\[[^\]]*\]\(\s*#?\s*\)$")
_EMPTY_TARGET_RE = re.compile(r"\]\(\s*#?\s*\)")
# what GitHub's Markdown turns into a link by itself (its autolink extension): scheme://..., www...., mailto:,
# xmpp: and e-mail addresses
_AUTOLINK_RE = re.compile(r"://|^\W*www\.|mailto:|xmpp:|[^\s@]@[^\s@]+\.[^\s@]", re.IGNORECASE)


class UnsafeUrl(ValueError):
    """A URL that is not on doi.org or github.com, or that cannot be written safely."""


@dataclass(frozen=True, slots=True)
class RewritePlan:
    """The cell edits to apply, and what was deliberately left alone (for the report)."""

    edits: tuple[CellEdit, ...]
    notes: tuple[str, ...]


def plan_edits(rows: Iterable[Row], *, fix_links: bool = False, paper_format: str = "auto") -> RewritePlan:
    """Plan paper and code cell edits for every row, from its paper and code decisions."""
    if paper_format not in PAPER_FORMATS:
        raise ValueError(f"paper format {paper_format!r}: expected one of {', '.join(PAPER_FORMATS)}")
    edits: list[CellEdit] = []
    notes: list[str] = []
    for row in sorted(rows, key=lambda row: row.line):
        entry = row.entry
        if entry.status is RowStatus.PLACEHOLDER:
            continue
        planned = (
            _plan_paper(entry, row.paper, fix_links=fix_links, paper_format=paper_format),
            _plan_code(entry, row.code),
        )
        for edit, note in planned:
            if edit is not None:
                edits.append(edit)
            if note is not None:
                log.info("%s", note)
                notes.append(note)
    edits.sort(key=lambda edit: (edit.line, edit.column))
    return RewritePlan(edits=tuple(edits), notes=tuple(notes))


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell and inside link text: one line, `|`, `[`, `]`, `\\` escaped, and
    anything GitHub would turn into a link written as code.

    >>> escape_cell("a | b [c]\\n d")
    'a \\\\| b \\\\[c\\\\] d'
    >>> escape_cell("see https://example.org")
    'see `https://example.org`'
    """
    one_line = _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()
    return " ".join(_code_span(word) if _AUTOLINK_RE.search(word) else
                    _CELL_ESCAPES_RE.sub(lambda match: _CELL_ESCAPES[match.group()], word)
                    for word in one_line.split(" "))


def _code_span(word: str) -> str:
    """A word as inline code: never a link. Backticks would end the span and go; a `|` still ends a table cell."""
    return "`" + word.replace("`", "").replace("|", "\\|") + "`"


def safe_url(url: str) -> str:
    """Check `url` is a doi.org or github.com URL and percent-encode what would end a Markdown link."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise UnsafeUrl(f"control character in URL {url!r}")
    if not (_DOI_URL_RE.match(url) or _GITHUB_URL_RE.match(url)):
        raise UnsafeUrl(f"only https://doi.org/ and https://github.com/ URLs are written, not {url!r}")
    return "".join(
        _percent_encode(char) if char in _URL_UNSAFE or not char.isascii() else char for char in url
    )


def markdown_link(text: str, url: str) -> str:
    """`[text](url)` with the text escaped and the URL checked and encoded.

    >>> markdown_link("a ] b", "https://github.com/o/r/tree/main/a(b)")
    '[a \\\\] b](https://github.com/o/r/tree/main/a%28b%29)'
    """
    return f"[{escape_cell(text)}]({safe_url(url)})"


def paper_cell(work: WorkRecord) -> str:
    """The maintainers' format: `[Title](https://doi.org/DOI). First Author et al. _Venue_ (Year)`."""
    parts = [markdown_link(full_title(work), doi_url(work.doi)) + "."]
    if work.authors:
        first_author = escape_cell(work.authors[0].display())
        parts.append(first_author + (" et al." if len(work.authors) > 1 else ""))
    venue = _venue(work)
    if venue:
        parts.append("_" + escape_cell(venue).replace("_", "\\_") + "_")
    if work.year:
        parts.append(f"({work.year})")
    return " ".join(parts)


def code_cell(url: str) -> str:
    return markdown_link(CODE_LINK_TEXT, url)


# ---------------------------------------------------------------- paper cell


def _plan_paper(
    entry: CatalogueEntry, resolution: Resolution | None, *, fix_links: bool, paper_format: str = "auto"
) -> tuple[CellEdit | None, str | None]:
    column = _column(entry, ColumnRole.PAPER)
    if column is None or resolution is None or resolution.work is None:
        return None, None
    work = resolution.work
    if resolution.decision is Decision.RESOLVED:
        return _fill_paper(entry, column, work, fix_links=fix_links, paper_format=paper_format)
    if resolution.decision is Decision.LINK_DISAGREES:
        if fix_links:
            return _replace_link(entry, column, doi_url(work.doi))
        return None, f"{entry.key}: paper link {entry.paper_url} disagrees with doi:{work.doi}; kept"
    return None, None


def _fill_paper(
    entry: CatalogueEntry, column: int, work: WorkRecord, *, fix_links: bool, paper_format: str = "auto"
) -> tuple[CellEdit | None, str | None]:
    if work.is_retracted:
        return None, f"{entry.key}: doi:{work.doi} is retracted; not written"
    if not full_title(work):
        return None, f"{entry.key}: doi:{work.doi} has no title; not written"
    current = entry.cells[column].strip()
    try:
        planned = _paper_content(entry, work, paper_format)
    except UnsafeUrl as exc:
        return None, f"{entry.key}: {exc}"
    if current == planned:
        return None, None
    if entry.paper_url is not None:
        if _same_url(entry.paper_url, doi_url(work.doi)):
            return None, None
        if _EMPTY_TARGET_RE.search(current) and _is_placeholder(entry.paper_url):
            return _fill_target(entry, column, current, doi_url(work.doi))
        if fix_links:
            return _replace_link(entry, column, doi_url(work.doi))
        return None, f"{entry.key}: paper cell already links {entry.paper_url}; kept (doi:{work.doi})"
    return CellEdit(entry.line, column, planned, old_content=current), None


def _paper_content(entry: CatalogueEntry, work: WorkRecord, paper_format: str) -> str:
    """What an empty paper cell or list slot gets: the full reference, or `[paper](…)` where the table's own columns
    already give the title, the authors or the venue (the reference would repeat them, and could contradict them)."""
    described = entry.shape is Shape.TABLE and any(role in _DESCRIBING_ROLES for role in entry.roles)
    if entry.shape is Shape.LIST or paper_format == "link" or (paper_format == "auto" and described):
        return markdown_link(PAPER_LINK_TEXT, doi_url(work.doi))
    return paper_cell(work)


def _fill_target(entry: CatalogueEntry, column: int, current: str, url: str) -> tuple[CellEdit | None, str | None]:
    """`[paper]()` -> `[paper](url)`: the first empty-target link gets the URL, the person's text stays."""
    try:
        target = f"]({safe_url(url)})"
    except UnsafeUrl as exc:
        return None, f"{entry.key}: {exc}"
    filled = _EMPTY_TARGET_RE.sub(lambda _: target, current, count=1)
    return CellEdit(entry.line, column, filled, old_content=current), None


def _is_placeholder(url: str) -> bool:
    return url.strip() in ("", "#")


def _replace_link(entry: CatalogueEntry, column: int, url: str) -> tuple[CellEdit | None, str | None]:
    current = entry.cells[column].strip()
    target = f"]({entry.paper_url})"
    if entry.paper_url is None or target not in current:
        return None, f"{entry.key}: cannot find the paper link to replace; kept"
    try:
        replacement = f"]({safe_url(url)})"
    except UnsafeUrl as exc:
        return None, f"{entry.key}: {exc}"
    if target == replacement:
        return None, None
    replaced = current.replace(target, replacement, 1)
    return CellEdit(entry.line, column, replaced, old_content=current), None


# ---------------------------------------------------------------- code cell


def _plan_code(
    entry: CatalogueEntry, resolution: CodeResolution | None
) -> tuple[CellEdit | None, str | None]:
    column = _column(entry, ColumnRole.CODE)
    if column is None or resolution is None or resolution.decision is not Decision.RESOLVED:
        return None, None
    if not resolution.url:
        return None, None
    try:
        planned = code_cell(resolution.url)
    except UnsafeUrl as exc:
        return None, f"{entry.key}: code link refused: {exc}"
    current = entry.cells[column].strip()
    if current == planned:
        return None, None
    if entry.shape is Shape.LIST:
        if not current:
            return CellEdit(entry.line, column, markdown_link(ITEM_CODE_LINK_TEXT, resolution.url), ""), None
        if _PLACEHOLDER_LINK_RE.match(current):
            return _fill_target(entry, column, current, resolution.url)
    if not current or _PLACEHOLDER_LINK_RE.match(current):
        return CellEdit(entry.line, column, planned, old_content=current), None
    if entry.code_url is not None and _same_url(entry.code_url, resolution.url):
        return None, None
    return None, f"{entry.key}: code cell already says {current!r}; found {resolution.url} not written"


# ---------------------------------------------------------------- helpers


def _column(entry: CatalogueEntry, role: ColumnRole) -> int | None:
    return entry.roles.index(role) if role in entry.roles else None


def _venue(work: WorkRecord) -> str | None:
    if is_arxiv(work):
        return "arXiv"
    if work.container:
        return work.container
    return work.publisher if is_posted_preprint(work) else None


def _same_url(first: str, second: str) -> bool:
    # stricter than audit._same_url (which ignores scheme, www. and query): a cell is left alone only when it
    # already holds this very link, text for text
    return first.strip().rstrip("/").casefold() == second.strip().rstrip("/").casefold()


def _percent_encode(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
