"""Markdown catalogue -> CatalogueEntry, losslessly; and the cell writer that edits it back in place.

Tables and lists are found with markdown-it-py (GFM table rule) in one pass over the block tokens, so parsing
time grows with the file's size only. Cells are cut from the source lines with the same escaped-pipe rule
markdown-it uses, so each raw cell keeps its padding and the writer can rebuild a line byte for byte. A list item
is cut the same way into parts (marker, lead name, text, links); a list is read as papers only when most of its
items look like references (a year with authors or a venue, a paper or code link), so a table of contents or a
list of prose is left alone. Every input error is collected and raised once, before anything is written.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.token import Token

from enrich.config import ENVIRONMENT_KEYS, config_for
from enrich.encoding import line_body, repair_encoding, split_lines
from enrich.errors import CatalogueError, CatalogueErrors
from enrich.names import looks_like_name, with_dotted_initials
from enrich.records import CatalogueEntry, CellEdit, ColumnRole, EncodingRepair, Link, RowStatus, Shape
from enrich.text import fold

log = logging.getLogger(__name__)

DEFAULT_PRETRAINED_MARKER = "💡"
# A catalogue larger than this is refused before it is read (parsing costs seconds per megabyte);
# `max_catalogue_mb` in the configuration, or ENRICH_MAX_CATALOGUE_MB, raises it.
DEFAULT_MAX_CATALOGUE_MB = 10.0
# `[tool.enrich.columns]` key for the role of a list item's lead (`**X**` or `X:`): model (default) or title
LIST_LEAD_KEY = "list lead"

_MARKDOWN = MarkdownIt("commonmark").enable("table")
# Finding tables and headings needs only the block structure; inline parsing of every cell is done on demand.
_BLOCKS = MarkdownIt("commonmark").enable("table").disable("inline")
_SPACE = re.compile(r"\s+")
_LEGEND = re.compile(r"^\s*(?P<marker>[^\w\s:|#>*+\-]+)\s*[:=\-–—]\s*pre-?trained\b", re.IGNORECASE)
_YEAR = r"(?:19|20)\d{2}"
_YEAR_IN_PARENS = re.compile(rf"\(({_YEAR})[a-z]?\)")
_YEAR_AFTER_COMMA = re.compile(rf"[,;]\s*({_YEAR})[a-z]?\b")
_YEAR_ANYWHERE = re.compile(rf"\b({_YEAR})[a-z]?\b")
_ET_AL = re.compile(r"\bet\s+al\b\.?", re.IGNORECASE)
_INITIALS_LIST = re.compile(r"(?:[^,]+,\s*(?:[A-Z][a-zA-Z]?\.\s*-?\s*)+,?\s*)+")
_INITIALS_NAME = re.compile(r"[^,]+?,\s*(?:[A-Z][a-zA-Z]?\.\s*-?\s*)+")
_NAME_SEPARATOR = re.compile(r",|;|&|\band\b")
_QUOTED_TITLE = re.compile(r"[\"“](?P<title>[^\"”]+)[\"”]|(?<![*\w])[*_](?P<emphasis>[^*_]+)[*_](?![*\w])")
_BARE_LINK = re.compile(
    r"<(?P<angle>https?://[^>\s]+)>"
    r"|(?P<url>https?://[^\s<>|\]\[]*[^\s<>|\]\[.,;:)])"
    r"|(?P<doi>\b(?:doi:\s*)?10\.\d{4,9}/[^\s<>|\]\[]*[^\s<>|\]\[.,;:)])"
    r"|(?P<arxiv>\barXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?)",
    re.IGNORECASE,
)
_REAL_TARGET = re.compile(
    r"https?://[^\s/]+\.[^\s/]+|(?:doi:\s*)?10\.\d{4,9}/\S+|arxiv:\s*\d{4}\.\d{4,5}", re.IGNORECASE
)

# Header words -> role, checked in this order: "Benchmarking Models" names benchmarked models, not the model.
_ROLE_WORDS: tuple[tuple[ColumnRole, frozenset[str]], ...] = (
    # checked first: "Publication Year" is a year, "First Author" a list of authors, "Paper title" a title
    (ColumnRole.YEAR, frozenset({"year", "years"})),
    (ColumnRole.AUTHORS, frozenset({"author", "authors"})),
    (ColumnRole.VENUE, frozenset({"venue", "venues", "journal", "journals", "conference", "conferences",
                                  "proceedings", "published", "outlet"})),
    (ColumnRole.TITLE, frozenset({"title", "titles"})),
    (ColumnRole.CODE, frozenset({"code", "codes", "github", "gitlab", "repository", "repositories", "repo", "repos",
                                 "implementation", "implementations", "software"})),
    (ColumnRole.PAPER, frozenset({"paper", "papers", "publication", "publications", "reference", "references",
                                  "article", "articles", "citation", "link", "links", "url", "doi", "pdf", "arxiv",
                                  "preprint"})),
    (ColumnRole.DESCRIPTION, frozenset({"highlights", "highlight", "focus", "description", "summary"})),
    (ColumnRole.MODEL, frozenset({"model", "models", "method", "methods", "tool", "tools", "name", "names",
                                  "abbreviation", "abbr", "acronym", "algorithm", "framework", "package"})),
)
# "Paper name" names the paper's title, not a model or a link
_TITLE_PAIRS = frozenset({"name", "names"})


@dataclass(frozen=True, slots=True)
class Block:
    """A table or list the catalogue's papers are read from, as `check` explains it."""

    shape: Shape
    line: int  # 1-based: the header row of a table, the first item of a list
    section: tuple[str, ...]
    labels: tuple[str, ...]  # table: the header names; list: the parts its items have ("lead", "[code] link", ...)
    roles: tuple[ColumnRole, ...]  # one per label
    rows: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A catalogue file: the repaired text, the bytes it came from, its tables and lists, one entry per paper."""

    path: Path
    text: str
    original: bytes
    repair: EncodingRepair
    entries: tuple[CatalogueEntry, ...]
    blocks: tuple[Block, ...] = ()


RowKey = tuple[str, tuple[str, ...], tuple[ColumnRole, ...], str, tuple[str, ...], int]


@dataclass(slots=True)
class ParsedRows:
    """Table rows read by an earlier parse, by their text and their table's shape (headers, roles, the pretrained
    marker, section, table index): a row with the same key reads as the same entry, at its own line. `used` collects
    the rows this parse read, for the next one (`enrich.memo` keeps them between runs)."""

    known: Mapping[RowKey, CatalogueEntry] = field(default_factory=dict)
    used: dict[RowKey, CatalogueEntry] = field(default_factory=dict)


def read_catalogue(path: str | Path, columns: dict[str, ColumnRole] | None = None,
                   max_mb: float | None = None, rows: ParsedRows | None = None) -> Catalogue:
    """Read, repair and parse a catalogue file; raises CatalogueError naming the file (and line).

    `columns` maps header texts (folded) to roles where the heuristics misread them (default: the configuration
    file's); a file larger than `max_mb` megabytes (default: the configuration's max_catalogue_mb, then 10) is
    refused before it is read. The caller passes ENRICH_MAX_CATALOGUE_MB in as `max_mb` (`Settings`).
    """
    path = Path(path)
    config = config_for(path) if columns is None or max_mb is None else None
    if max_mb is None:
        max_mb = (config.max_catalogue_mb if config else None) or DEFAULT_MAX_CATALOGUE_MB
    _check_size(path, max_mb)
    columns = dict(config.columns) if columns is None and config is not None else columns
    original = _read_bytes(path)
    text, repair = repair_encoding(original, path)
    blocks, entries = parse_document(text, path, columns, rows)
    return Catalogue(path, text, original, repair, entries, blocks)


def require_papers(catalogue: Catalogue) -> None:
    """Raise CatalogueError when the file has no table or list of papers that enrich understands."""
    understood = (ColumnRole.MODEL, ColumnRole.TITLE, ColumnRole.PAPER)
    if not any(block.shape is Shape.LIST or set(block.roles) & set(understood) for block in catalogue.blocks):
        raise CatalogueError(catalogue.path, None, "no table or list of papers found (expected a Markdown table "
                             "with a paper, title or model column, or a bullet list of references)")


def parse_catalogue(text: str, path: str | Path = "<text>",
                    columns: dict[str, ColumnRole] | None = None) -> tuple[CatalogueEntry, ...]:
    """One CatalogueEntry per body row of every pipe table, and per item of every list of papers, in order."""
    return parse_document(text, path, columns)[1]


def parse_document(text: str, path: str | Path = "<text>", columns: dict[str, ColumnRole] | None = None,
                   rows: ParsedRows | None = None) -> tuple[tuple[Block, ...], tuple[CatalogueEntry, ...]]:
    """The catalogue's tables and lists of papers, and one entry per row or item, in document order."""
    lines = [line_body(line) for line in split_lines(text)]
    marker = _pretrained_marker(lines)
    errors: list[CatalogueError] = []
    entries: list[CatalogueEntry] = []
    blocks: list[Block] = []
    for found in _blocks(text):
        if isinstance(found, _FoundTable):
            table = _TableParser(path, lines, marker, len(blocks), found.section, found.header_line, columns, rows)
            entries.extend(table.parse(found.rows, errors))
            blocks.append(table.block(len(found.rows)))
        else:
            lead_role = (columns or {}).get(LIST_LEAD_KEY)
            items = _ListParser(path, lines, marker, len(blocks), found.section, lead_role).parse(found, errors)
            if items is not None:
                entries.extend(items)
                blocks.append(_list_block(found, items))
    if errors:
        raise CatalogueErrors(errors)
    return tuple(blocks), tuple(entries)


def apply_edits(text: str, edits: Sequence[CellEdit], path: str | Path = "<text>") -> str:
    """Replace the content of the named table cells or list-item parts; every other byte stays as it was.

    >>> apply_edits("| a | b |\\n|---|---|\\n| x   | y |\\n", [CellEdit(3, 0, "z")])
    '| a | b |\\n|---|---|\\n| z   | y |\\n'
    """
    if not edits:
        return text
    lines = split_lines(text)
    rows: set[int] = set()
    items: set[int] = set()
    for found in _blocks(text):
        if isinstance(found, _FoundTable):
            rows.update(found.rows)
        else:
            items.update(found.items)
    errors: list[CatalogueError] = []
    edits_by_line: dict[int, list[CellEdit]] = {}
    for edit in edits:
        edits_by_line.setdefault(edit.line, []).append(edit)
    for line_number, line_edits in sorted(edits_by_line.items()):
        index = line_number - 1
        if index not in rows and index not in items:
            errors.append(CatalogueError(path, line_number, "not a table row or list item; cannot edit a cell here"))
            continue
        line = lines[index]
        body = line_body(line)
        try:
            edited = _edit_row(body, line_edits) if index in rows else _edit_item(body, line_edits)
            lines[index] = edited + line[len(body) :]
        except ValueError as exc:
            errors.append(CatalogueError(path, line_number, str(exc)))
    if errors:
        raise CatalogueErrors(errors)
    return "".join(lines)


# ---------------------------------------------------------------- reading


def _check_size(path: Path, max_mb: float) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # _read_bytes names the problem
    if path.is_file() and size > max_mb * 1_000_000:
        raise CatalogueError(path, None, f"is {size / 1_000_000:.1f} MB, larger than the {max_mb:g} MB limit "
                             f"(raise max_catalogue_mb in [tool.enrich] or {ENVIRONMENT_KEYS['max_catalogue_mb']})")


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise CatalogueError(path, None, "is a directory, expected a Markdown file")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogueError(path, None, "no such file") from exc
    except OSError as exc:
        raise CatalogueError(path, None, f"cannot read the file ({exc.strerror or exc})") from exc


def _pretrained_marker(lines: Sequence[str]) -> str:
    for line in lines:
        legend = _LEGEND.match(line)
        if legend:
            return legend.group("marker")
    return DEFAULT_PRETRAINED_MARKER


@dataclass(slots=True)
class _FoundTable:
    section: tuple[str, ...]
    header_line: int  # 0-based
    rows: list[int]  # 0-based body row lines


@dataclass(slots=True)
class _FoundList:
    section: tuple[str, ...]
    items: list[int]  # 0-based first line of each item of this list (not of lists nested in it)
    paragraph_ends: dict[int, int] = field(default_factory=dict)  # item line -> end of its first paragraph


@functools.lru_cache(maxsize=1)
def _blocks(text: str) -> tuple[_FoundTable | _FoundList, ...]:
    """Every top-level table and every list, in document order, from one pass over the block tokens (kept for the
    last text: a run parses the catalogue, then edits the same text). Read-only for callers."""
    tokens = _BLOCKS.parse(text)
    document_titles = sum(1 for token in tokens if token.type == "heading_open" and token.tag == "h1")
    headings: list[tuple[int, str]] = []
    found: list[_FoundTable | _FoundList] = []
    open_lists: list[_FoundList] = []
    table: _FoundTable | None = None
    in_body = False
    for position, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:])
            headings = [heading for heading in headings if heading[0] < level]
            if not (level == 1 and document_titles == 1):
                headings.append((level, plain_text(tokens[position + 1].content)))
        elif kind == "table_open" and token.map is not None:
            if token.level != 0:
                log.warning("line %d: skipping a table nested in a list or quote", token.map[0] + 1)
                continue
            table = _FoundTable(tuple(title for _, title in headings if title), token.map[0], [])
            found.append(table)
        elif kind == "tbody_open":
            in_body = table is not None
        elif kind == "tr_open" and in_body and table is not None and token.map is not None:
            table.rows.append(token.map[0])
        elif kind == "table_close":
            table, in_body = None, False
        elif kind in ("bullet_list_open", "ordered_list_open"):
            open_lists.append(_FoundList(tuple(title for _, title in headings if title), []))
            found.append(open_lists[-1])
        elif kind == "list_item_open" and open_lists and token.map is not None:
            open_lists[-1].items.append(token.map[0])
            paragraph = tokens[position + 1] if position + 1 < len(tokens) else None
            if paragraph is not None and paragraph.type == "paragraph_open" and paragraph.map is not None:
                open_lists[-1].paragraph_ends[token.map[0]] = paragraph.map[1]
        elif kind in ("bullet_list_close", "ordered_list_close") and open_lists:
            open_lists.pop()
    return tuple(found)


def cell_spans(row: str) -> list[tuple[int, int]]:
    """(start, end) of each cell in a table row, cut like markdown-it: an unescaped `|` separates cells."""
    start = len(row) - len(row.lstrip(MD_TRIM_CHARS))
    end = len(row.rstrip(MD_TRIM_CHARS))
    spans: list[tuple[int, int]] = []
    cell_start = start
    position = row.find("|", start, end)
    while position >= 0:
        if not (position > start and row[position - 1] == "\\"):
            spans.append((cell_start, position))
            cell_start = position + 1
        position = row.find("|", position + 1, end)
    spans.append((cell_start, end))
    if spans and spans[0][0] == spans[0][1]:
        spans.pop(0)
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    return spans


# Characters that can start inline Markdown (links, emphasis, code, HTML, entities, escapes, autolinks, URLs).
_INLINE_MARKUP = re.compile(r"[\[\]()*_`<>&\\~!]|https?:|www\.", re.IGNORECASE)


def plain_text(markdown: str) -> str:
    """Inline Markdown as plain text: links give their text, emoji and markup dropped, spaces collapsed."""
    if not _INLINE_MARKUP.search(markdown):
        # most cells are plain words: same answer without running the Markdown parser
        return _SPACE.sub(" ", strip_emoji(markdown)).strip()
    pieces: list[str] = []
    for block in _MARKDOWN.parseInline(markdown):
        for child in _walk(block.children or []):
            if child.type in {"text", "code_inline"}:
                pieces.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                pieces.append(" ")
    return _SPACE.sub(" ", strip_emoji("".join(pieces))).strip()


def _walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def strip_emoji(text: str) -> str:
    """Remove emoji, their joiners and variation selectors, and private-use symbols (e.g. U+F8FF)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if not _is_emoji_part(ch))


def _is_emoji_part(ch: str) -> bool:
    code = ord(ch)
    joiner_or_modifier = code in {0x200D, 0x20E3} or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF
    if joiner_or_modifier or 0xE0020 <= code <= 0xE007F:
        return True
    category = unicodedata.category(ch)
    # Latin-1 and letterlike symbols (©, °, ™) are text, not emoji.
    return category == "Co" or (category == "So" and code >= 0x2190)


def role_of(header: str, columns: dict[str, ColumnRole] | None = None) -> ColumnRole:
    """The meaning of a column from its header text: 'Benchmarking Models' -> BENCHMARKED, '🧠 Model' -> MODEL.

    `columns` (from the configuration) maps folded header texts to roles and wins over the words.
    """
    folded = fold(strip_emoji(header))
    if columns and folded in columns:
        return columns[folded]
    words = set(folded.split())
    if any(word.startswith("benchmark") for word in words) and words & {"model", "models", "methods", "tools"}:
        return ColumnRole.BENCHMARKED
    if words & {"paper", "papers", "publication", "article"} and words & _TITLE_PAIRS:
        return ColumnRole.TITLE
    for role, role_words in _ROLE_WORDS:
        if words & role_words:
            return role
    return ColumnRole.OTHER


# ---------------------------------------------------------------- one table


_Value = TypeVar("_Value")


class _LinkError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class _Paper:
    text: str
    title: str | None
    url: str | None
    authors: tuple[str, ...]
    year: int | None
    venue: str | None = None


class _TableParser:
    def __init__(
        self,
        path: str | Path,
        lines: Sequence[str],
        marker: str,
        table_index: int,
        section: tuple[str, ...],
        header_line: int,
        columns: dict[str, ColumnRole] | None = None,
        rows: ParsedRows | None = None,
    ) -> None:
        self.path = path
        self.rows = rows
        self.lines = lines
        self.marker = marker
        self.table_index = table_index
        self.section = section
        self.header_line = header_line
        header = lines[header_line]
        names = (plain_text(header[start:end]) for start, end in cell_spans(header))
        self.headers = tuple(name or f"column {number}" for number, name in enumerate(names, start=1))
        self.roles = tuple(role_of(name, columns) for name in self.headers)

    def block(self, rows: int) -> Block:
        return Block(Shape.TABLE, self.header_line + 1, self.section, self.headers, self.roles, rows)

    def parse(self, row_lines: Sequence[int], errors: list[CatalogueError]) -> list[CatalogueEntry]:
        entries: list[CatalogueEntry] = []
        first_line_by_key: dict[tuple[str, str], int] = {}
        for row_line in row_lines:
            entry = self._entry(row_line, errors) if self.rows is None else self._known_entry(row_line, errors)
            if entry is None:
                continue
            key = self._duplicate_key(entry)
            if key is not None and key in first_line_by_key:
                entry = replace(entry, duplicate_of=first_line_by_key[key])
            elif key is not None:
                first_line_by_key[key] = entry.line
            entries.append(entry)
        return entries

    def _known_entry(self, row_line: int, errors: list[CatalogueError]) -> CatalogueEntry | None:
        """`_entry`, or the entry an earlier parse read from the same row in a table of the same shape."""
        assert self.rows is not None
        key = (self.lines[row_line], self.headers, self.roles, self.marker, self.section, self.table_index)
        known = self.rows.known.get(key)
        if known is None:
            found = len(errors)
            entry = self._entry(row_line, errors)
            if entry is None or len(errors) > found:
                return entry
            known = replace(entry, line=0)
        self.rows.used[key] = known
        return replace(known, line=row_line + 1)

    def _entry(self, row_line: int, errors: list[CatalogueError]) -> CatalogueEntry | None:
        line_number = row_line + 1
        row = self.lines[row_line]
        cells = tuple(row[start:end] for start, end in cell_spans(row))
        if len(cells) != len(self.headers):
            message = f"row has {_count(len(cells), 'cell')}, header has {len(self.headers)}"
            errors.append(CatalogueError(self.path, line_number, message))
            return None
        links_by_cell: list[list[Link]] = []
        for header, cell in zip(self.headers, cells, strict=True):
            try:
                links_by_cell.append(cell_links(cell))
            except _LinkError as exc:
                message = f"unterminated link in the {header} cell: {exc}"
                errors.append(CatalogueError(self.path, line_number, message))
        if len(links_by_cell) != len(cells):
            return None
        paper = self._paper(cells, links_by_cell)
        model_cell = self._cell(cells, ColumnRole.MODEL)
        code_links = self._cell(links_by_cell, ColumnRole.CODE)
        description = self._cell(cells, ColumnRole.DESCRIPTION)
        venue_cell = self._cell(cells, ColumnRole.VENUE)
        return CatalogueEntry(
            line=line_number,
            section=self.section,
            table_index=self.table_index,
            roles=self.roles,
            cells=cells,
            model=_model_name(model_cell, self.marker) if model_cell is not None else None,
            pretrained=model_cell is not None and self.marker in model_cell,
            paper_text=paper.text,
            paper_title=paper.title,
            paper_url=paper.url,
            code_url=code_links[0].url if code_links else None,
            authors=paper.authors,
            year=paper.year,
            status=self._status(paper, links_by_cell),
            description=description.strip(MD_TRIM_CHARS) if description is not None else None,
            title_hint=None if paper.title else _reference_title(_prose(paper.text)[1]),
            venue=_venue_text(venue_cell) if venue_cell is not None else paper.venue,
        )

    def _cell(self, values: Sequence[_Value], role: ColumnRole) -> _Value | None:
        return values[self.roles.index(role)] if role in self.roles else None

    def _paper(self, cells: Sequence[str], links_by_cell: Sequence[list[Link]]) -> _Paper:
        paper_role = ColumnRole.PAPER if ColumnRole.PAPER in self.roles else ColumnRole.TITLE
        cell = self._cell(cells, paper_role)
        paper = _paper_text(cell.strip(MD_TRIM_CHARS), self._cell(links_by_cell, paper_role) or []) if (
            cell is not None) else _Paper("", None, None, (), None)
        return self._with_own_columns(paper, cells, titled_cell=paper_role is ColumnRole.TITLE)

    def _with_own_columns(self, paper: _Paper, cells: Sequence[str], titled_cell: bool) -> _Paper:
        """Title, Authors and Year columns, when the table has them, say more than the paper cell's prose."""
        title_cell = self._cell(cells, ColumnRole.TITLE)
        authors_cell = self._cell(cells, ColumnRole.AUTHORS)
        year_cell = self._cell(cells, ColumnRole.YEAR)
        title = paper.title
        if title_cell is not None:
            title_text = plain_text(title_cell)
            title = paper.title if titled_cell and paper.title else (title_text if len(title_text.split()) >= 3
                                                                      else paper.title)
        authors = _authors(authors_cell) if authors_cell is not None and _authors(authors_cell) else paper.authors
        venue_cell = self._cell(cells, ColumnRole.VENUE)
        year_text = year_cell if year_cell is not None else venue_cell
        year = _year(year_text) if year_text is not None and _year(year_text) else paper.year
        return _Paper(text=paper.text, title=title, url=paper.url, authors=authors, year=year, venue=paper.venue)

    def _status(self, paper: _Paper, links_by_cell: Sequence[list[Link]]) -> RowStatus:
        if ColumnRole.PAPER in self.roles:
            paper_links = [Link("", paper.url)] if paper.url is not None else []
        else:
            cell_links = zip(self.roles, links_by_cell, strict=True)
            paper_links = [link for role, links in cell_links if role != ColumnRole.CODE for link in links]
        if any(_is_real_target(link.url) for link in paper_links):
            return RowStatus.COMPLETE
        row_links = [link for links in links_by_cell for link in links]
        names_a_paper = bool(paper.authors) or paper.year is not None
        paper_link_is_placeholder = paper.url is not None and _is_placeholder_target(paper.url)
        all_placeholders = bool(row_links) and all(_is_placeholder_target(link.url) for link in row_links)
        if not names_a_paper and (paper_link_is_placeholder or all_placeholders):
            return RowStatus.PLACEHOLDER
        return RowStatus.NEEDS_RESOLUTION

    def _duplicate_key(self, entry: CatalogueEntry) -> tuple[str, str] | None:
        if ColumnRole.MODEL in self.roles:
            name = _SPACE.sub("", strip_emoji(entry.model or "")).casefold()
            return ("model", name) if name else None
        if entry.status == RowStatus.PLACEHOLDER:
            return None
        if entry.paper_url and _is_real_target(entry.paper_url):
            return ("url", entry.paper_url.strip().casefold())
        if entry.paper_title:
            return ("title", fold(entry.paper_title))
        return None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _model_name(cell: str, marker: str) -> str | None:
    return plain_text(cell.replace(marker, " ")) or None


# ---------------------------------------------------------------- one list


_ITEM_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_BOLD_LEAD = re.compile(r"(\*\*|__)(?=\S)(?P<name>.+?)(?<=\S)\1")
# "scGPT: ...", "scGPT - ...", "scGPT (Nature Methods 2024)": a short name before a separator
_PLAIN_LEAD = re.compile(r"(?P<name>[^\s:()\[\]*_]+(?: [^\s:()\[\]*_]+){0,2})(?=:\s|\s+[-–—]\s|\s+\()")
_PAPER_LINK_WORDS = frozenset({"paper", "pdf", "arxiv", "doi", "link", "publication", "article", "preprint",
                               "biorxiv", "medrxiv", "abstract", "html", "journal", "proceedings"})
_CODE_LINK_WORDS = frozenset({"code", "github", "gitlab", "repo", "repository", "implementation", "software",
                              "official"})
_CODE_HOST = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/",
                        re.IGNORECASE)
# Where papers live: DOIs, preprint servers, publishers and proceedings (a pattern of the world, not of one list)
_PAPER_HOST = re.compile(
    r"(?:doi:\s*)?10\.\d{4,9}/|arxiv:|https?://(?:[\w-]+\.)*(?:doi\.org|arxiv\.org|biorxiv\.org|medrxiv\.org"
    r"|nature\.com|science\.org|cell\.com|sciencedirect\.com|springer\.com|wiley\.com|oup\.com|plos\.org"
    r"|frontiersin\.org|mdpi\.com|acm\.org|ieee\.org|openreview\.net|aclanthology\.org|neurips\.cc|nips\.cc"
    r"|mlr\.press|ncbi\.nlm\.nih\.gov|semanticscholar\.org|pnas\.org|biomedcentral\.com|genome\.cshlp\.org"
    r"|researchsquare\.com|ssrn\.com|aaai\.org|thecvf\.com|jmlr\.org)/",
    re.IGNORECASE,
)
# The share of a list's items that must read as references for the list to be taken as papers
_LIST_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    kind: str  # "marker", "lead", "text", "link", "slot" (where a missing paper or code link goes), "space"
    link: Link | None = None
    role: ColumnRole = ColumnRole.OTHER


def item_parts(body: str) -> list[_Part] | None:
    """A list item's line cut into parts that join back to it; None when the line starts no list item.

    Links get the role their text or target says (PAPER, CODE or OTHER); an item without a paper or code link
    gets an empty slot part of that role at the end of its text, where the writer adds one.
    """
    marker = _ITEM_MARKER.match(body)
    if marker is None:
        return None
    end = len(body.rstrip(MD_TRIM_CHARS))
    parts = [_Part(0, marker.end(), "marker")]
    cursor = marker.end()
    lead = _lead_span(body, cursor, end)
    if lead is not None:
        parts.append(_Part(cursor, lead, "lead", role=ColumnRole.MODEL))
        cursor = lead
    text_start = cursor
    for start, stop, link in _link_spans(body[text_start:end]):
        start, stop = text_start + start, text_start + stop
        if start > cursor:
            parts.append(_Part(cursor, start, "text"))
        parts.append(_Part(start, stop, "link", link, _link_role(link, body)))
        cursor = stop
    if cursor < end:
        parts.append(_Part(cursor, end, "text"))
    roles = {part.role for part in parts if part.kind == "link"}
    for role in (ColumnRole.PAPER, ColumnRole.CODE):
        if role not in roles:
            parts.append(_Part(end, end, "slot", role=role))
    if end < len(body):
        parts.append(_Part(end, len(body), "space"))
    return parts


def _lead_span(body: str, start: int, end: int) -> int | None:
    """End of the item's lead name (`**scGPT**`, or `scGPT` before ':', ' - ' or ' ('), or None."""
    text = body[start:end]
    bold = _BOLD_LEAD.match(text)
    if bold is not None:
        return start + bold.end()
    plain = _PLAIN_LEAD.match(text)
    if plain is not None and any(char.isupper() or char.isdigit() for char in plain.group("name")):
        return start + plain.end()
    return None


def _link_spans(text: str) -> list[tuple[int, int, Link]]:
    """(start, end, link) of each Markdown link, autolink, bare URL, DOI or arXiv id in `text`, in order."""
    spans = [(start, end, Link(plain_text(label), url)) for start, end, label, url in _markdown_links(text)]
    masked = list(text)
    for start, end, _ in spans:
        masked[start:end] = " " * (end - start)
    for bare in _BARE_LINK.finditer("".join(masked)):
        url = next(value for value in bare.groupdict().values() if value)
        spans.append((bare.start(), bare.end(), Link("", url)))
    return sorted(spans, key=lambda span: span[0])


def _link_role(link: Link, body: str) -> ColumnRole:
    target = link.url.strip()
    if target.startswith("#") and target != "#":
        return ColumnRole.OTHER  # a link to a section: tables of contents are not papers
    words = set(fold(link.text.strip("[]")).split())
    if words & _CODE_LINK_WORDS or _CODE_HOST.match(target):
        return ColumnRole.CODE
    if words & _PAPER_LINK_WORDS or _PAPER_HOST.match(target):
        return ColumnRole.PAPER
    if _looks_like_title(link.text) and _YEAR_ANYWHERE.search(body) and (
            _is_real_target(target) or target in ("", "#")):
        return ColumnRole.PAPER  # "[Title](url) - Authors, Venue 2023", or its placeholder "[Title](#)"
    return ColumnRole.OTHER


class _ListParser:
    def __init__(self, path: str | Path, lines: Sequence[str], marker: str, table_index: int,
                 section: tuple[str, ...], lead_role: ColumnRole | None = None) -> None:
        self.lead_role = lead_role
        self.path = path
        self.lines = lines
        self.marker = marker
        self.table_index = table_index
        self.section = section

    def parse(self, found: _FoundList, errors: list[CatalogueError]) -> list[CatalogueEntry] | None:
        """The list's items as entries, or None when the list is not one of papers."""
        item_lines = found.items
        items: list[CatalogueEntry] = []
        broken: list[CatalogueError] = []
        for item_line in item_lines:
            continuation = " ".join(line.strip() for line in
                                    self.lines[item_line + 1 : found.paragraph_ends.get(item_line, item_line + 1)])
            try:
                entry = self._entry(item_line, continuation)
            except _LinkError as exc:
                broken.append(CatalogueError(self.path, item_line + 1, f"unterminated link in a list item: {exc}"))
                continue
            if entry is not None:
                items.append(entry)
        references = sum(1 for entry in items if _is_reference(entry))
        if not references or references < _LIST_SHARE * len(item_lines):
            return None
        errors.extend(broken)
        first_line_by_key: dict[tuple[str, str], int] = {}
        entries: list[CatalogueEntry] = []
        for entry in items:
            key = _list_duplicate_key(entry)
            if key is not None and key in first_line_by_key:
                entry = replace(entry, duplicate_of=first_line_by_key[key])
            elif key is not None:
                first_line_by_key[key] = entry.line
            entries.append(entry)
        return entries

    def _entry(self, item_line: int, continuation: str = "") -> CatalogueEntry | None:
        """One item; `continuation` is the rest of its first paragraph (read, never edited: the writer edits the
        item's first line, and adds no link the continuation already has)."""
        body = self.lines[item_line]
        parts = item_parts(body)
        if parts is None:
            return None
        lead = next((part for part in parts if part.kind == "lead"), None)
        links = [part for part in parts if part.link is not None]
        continued = [(link, _link_role(link, body + " " + continuation)) for _, _, link in _link_spans(continuation)]
        paper_links = [part.link for part in links if part.role is ColumnRole.PAPER and part.link]
        paper_links += [link for link, role in continued if role is ColumnRole.PAPER]
        code_links = [part.link for part in links if part.role is ColumnRole.CODE and part.link]
        code_links += [link for link, role in continued if role is ColumnRole.CODE]
        filled_later = {role for _, role in continued}
        parts = [replace(part, role=ColumnRole.OTHER) if part.kind == "slot" and part.role in filled_later else part
                 for part in parts]
        text_start = lead.end if lead is not None else parts[0].end
        paper = _paper_text(f"{body[text_start:]} {continuation}".strip(MD_TRIM_CHARS), paper_links)
        lead_text = _model_name(_BOLD_LEAD.sub(r"\g<name>", body[lead.start : lead.end]), self.marker) if lead else None
        # a bold lead of four words or more is the title ("**Transfer learning enables ...** - Theodoris 2023")
        lead_role = self.lead_role or (ColumnRole.TITLE if lead_text and len(lead_text.split()) >= 4
                                       else ColumnRole.MODEL)
        model = lead_text if lead_role is ColumnRole.MODEL else None
        if lead_text and lead_role is ColumnRole.TITLE:
            paper = replace(paper, title=lead_text)
        first = links[0].link if links else None
        if model is None and first is not None and links[0].start == parts[0].end and len(first.text.split()) <= 3:
            model = _model_name(first.text, self.marker)
        roles = tuple(_text_role(part, body, paper) if part.kind == "text" else
                      (lead_role if part.kind == "lead" else part.role) for part in parts)
        item_text = f"{body[parts[0].end :]} {continuation}".strip(MD_TRIM_CHARS)
        return CatalogueEntry(
            line=item_line + 1,
            section=self.section,
            table_index=self.table_index,
            roles=roles,
            cells=tuple(body[part.start : part.end] for part in parts),
            model=model,
            pretrained=lead is not None and self.marker in body[lead.start : lead.end],
            paper_text=item_text,
            paper_title=paper.title,
            paper_url=paper_links[0].url if paper_links else None,
            code_url=code_links[0].url if code_links else None,
            authors=paper.authors,
            year=paper.year,
            status=_item_status(paper, paper_links,
                                [*(part.link for part in links if part.link), *(link for link, _ in continued)]),
            title_hint=None if paper.title else _reference_title(_prose(item_text)[1]),
            venue=paper.venue,
            shape=Shape.LIST,
        )


def _text_role(part: _Part, body: str, paper: _Paper) -> ColumnRole:
    text = plain_text(body[part.start : part.end])
    if paper.title and paper.title in text:
        return ColumnRole.TITLE
    if paper.authors and paper.authors[0] in text:
        return ColumnRole.AUTHORS
    if paper.venue and paper.venue in text:
        return ColumnRole.VENUE
    if paper.year and str(paper.year) in text:
        return ColumnRole.YEAR
    return ColumnRole.OTHER


# A written title that names a paper on its own has at least this many words (match.MIN_TITLE_WORDS).
_MIN_WRITTEN_TITLE_WORDS = 4


def _item_status(paper: _Paper, paper_links: Sequence[Link], links: Sequence[Link]) -> RowStatus:
    if any(_is_real_target(link.url) for link in paper_links):
        return RowStatus.COMPLETE
    # a title written out in the item ("**X**: Title. [[paper]()]") names a paper; a title only as the text of a
    # placeholder link ("[Paper title](#)") is a template's
    written_title = bool(paper.title) and len((paper.title or "").split()) >= _MIN_WRITTEN_TITLE_WORDS and all(
        link.text.strip() != paper.title for link in links)
    names_a_paper = bool(paper.authors) or paper.year is not None or written_title
    placeholders = [link for link in links if _is_placeholder_target(link.url)]
    if not names_a_paper and ((paper_links and _is_placeholder_target(paper_links[0].url))
                              or (links and len(placeholders) == len(links))):
        return RowStatus.PLACEHOLDER
    return RowStatus.NEEDS_RESOLUTION


def _is_reference(entry: CatalogueEntry) -> bool:
    """An item that reads as a paper: a paper or code link, or a year with authors, a venue or a lead name."""
    linked = entry.paper_url is not None or entry.code_url is not None
    named = bool(entry.authors) or entry.venue is not None or entry.model is not None
    return linked or (entry.year is not None and named)


def _list_duplicate_key(entry: CatalogueEntry) -> tuple[str, str] | None:
    if entry.status is RowStatus.PLACEHOLDER:
        return None
    if entry.model:
        return ("model", _SPACE.sub("", strip_emoji(entry.model)).casefold())
    if entry.paper_url and _is_real_target(entry.paper_url):
        return ("url", entry.paper_url.strip().casefold())
    if entry.paper_title:
        return ("title", fold(entry.paper_title))
    return None


def _list_block(found: _FoundList, entries: Sequence[CatalogueEntry]) -> Block:
    """What the list's items hold, part by part: the union of the roles its items' parts were given."""
    seen: dict[ColumnRole, None] = {}
    for entry in entries:
        for role, cell in zip(entry.roles, entry.cells, strict=True):
            if cell.strip() and role is not ColumnRole.OTHER:
                seen.setdefault(role)
    labels = tuple(_PART_LABELS[role] for role in seen)
    return Block(Shape.LIST, found.items[0] + 1, found.section, labels, tuple(seen), len(entries))


_PART_LABELS = {
    ColumnRole.MODEL: "lead name",
    ColumnRole.TITLE: "title text",
    ColumnRole.AUTHORS: "authors",
    ColumnRole.VENUE: "venue",
    ColumnRole.YEAR: "year",
    ColumnRole.PAPER: "paper link",
    ColumnRole.CODE: "code link",
    ColumnRole.DESCRIPTION: "description",
    ColumnRole.BENCHMARKED: "benchmarked models",
    ColumnRole.OTHER: "other",
}


# ---------------------------------------------------------------- links and paper text


# What every link form starts with: "[", "<", a URL scheme, a DOI prefix or an arXiv id
_LINK_HINT = re.compile(r"[\[<]|https?://|10\.\d|arxiv", re.IGNORECASE)


def cell_links(cell: str) -> list[Link]:
    """Every link in a cell, in order: Markdown links, autolinks, bare URLs, DOIs and arXiv ids."""
    if not _LINK_HINT.search(cell):
        return []  # most cells are plain words
    found: list[tuple[int, Link]] = []
    prose = list(cell)
    for start, end, text, url in _markdown_links(cell):
        found.append((start, Link(plain_text(text), url)))
        prose[start:end] = " " * (end - start)
    for bare in _BARE_LINK.finditer("".join(prose)):
        url = next(value for value in bare.groupdict().values() if value)
        found.append((bare.start(), Link("", url)))
    return [link for _, link in sorted(found, key=lambda item: item[0])]


_LINK_SPECIAL = re.compile(r"[\\`\[]")


def _markdown_links(cell: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, text, url) of each inline link; images are skipped; raises _LinkError when unterminated."""
    position = 0
    while position < len(cell):
        special = _LINK_SPECIAL.search(cell, position)
        if special is None:
            return
        position = special.start()
        char = cell[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            position = _after_code_span(cell, position)
            continue
        close = _matching(cell, position, "[", "]")
        if close is None:
            raise _LinkError(f'"{_excerpt(cell[position:].rstrip(MD_TRIM_CHARS))}" has no closing "]"')
        if close + 1 < len(cell) and cell[close + 1] == "(":
            paren = _matching(cell, close + 1, "(", ")")
            if paren is None:
                raise _LinkError(f'"{_excerpt(cell[position:].rstrip(MD_TRIM_CHARS))}" has no closing ")"')
            if not (position > 0 and cell[position - 1] == "!"):
                yield position, paren + 1, cell[position + 1 : close], _link_target(cell[close + 2 : paren])
            position = paren + 1
        else:
            position += 1  # "[[code](url)]": the brackets are text, the link inside them is a link


def _matching(text: str, start: int, opener: str, closer: str) -> int | None:
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _after_code_span(text: str, start: int) -> int:
    run = len(text[start:]) - len(text[start:].lstrip("`"))
    close = text.find("`" * run, start + run)
    return start + run if close < 0 else close + run


def _link_target(destination: str) -> str:
    target = destination.strip()
    if target.startswith("<") and ">" in target:
        return target[1 : target.index(">")]
    return target.split()[0] if target else ""


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_real_target(url: str) -> bool:
    return bool(_REAL_TARGET.match(url.strip()))


def _is_placeholder_target(url: str) -> bool:
    target = url.strip()
    return target == "" or target.startswith("#") or target.casefold().startswith("javascript:")


def _prose(paper_text: str) -> tuple[str, str]:
    """(text before the first link, all text outside links) of a paper cell."""
    try:
        spans = [(start, end) for start, end, _, _ in _markdown_links(paper_text)]
    except _LinkError:
        spans = []
    before = paper_text[: spans[0][0]] if spans else ""
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(paper_text[cursor:start])
        cursor = end
    pieces.append(paper_text[cursor:])
    return before.strip(), " ".join(piece.strip() for piece in pieces).strip()


def _paper_text(paper_text: str, links: Sequence[Link]) -> _Paper:
    """Title, link, authors, year and venue of a paper cell or a list item's text (links kept as written)."""
    before_link, prose = _prose(paper_text)
    titled_link = next((link for link in links if _looks_like_title(link.text)), None)
    reference = _reference(prose)
    title = titled_link.text if titled_link else (_plain_title(prose) or reference.title)
    named_before = bool(before_link) and (bool(_ET_AL.search(before_link)) or _is_name_list(before_link))
    authors = reference.authors or (_authors(before_link) if named_before else ())
    return _Paper(text=paper_text, title=title, url=links[0].url if links else None, authors=authors,
                  year=_year(prose), venue=reference.venue)


@dataclass(frozen=True, slots=True)
class _Reference:
    title: str | None
    authors: tuple[str, ...]
    venue: str | None


# Sentence breaks, spaced dashes and a leading colon cut a reference into pieces; so does a full stop before a short
# closing piece that ends in a year, whatever its case ("... a language model. bioRxiv 2024.").
_PIECE_BREAK = re.compile(r"(?<!\b[A-Z])(?<!\bal)\.\s+(?=[A-Z0-9\"“_*\[(])|\s+[-–—]\s+|^\s*[:\-–—]\s*|\.\s*$"
                          r"|(?<!\b[A-Z])(?<!\bal)\.\s+(?=[a-z]\S*(?:\s+\S+){0,3}?\s+\(?(?:19|20)\d{2}\)?\.?\s*$)")
_EMPTY_BRACKETS = re.compile(r"\[[\s\[\]]*\]")
_INITIAL_WORD = re.compile(r"(?:[A-Z]\.?-?){1,3}")
_PARENS = re.compile(r"\(([^()]*)\)")


def _reference(prose: str) -> _Reference:
    """A reference written out in prose: 'Title. Authors (Year).', 'Authors, Venue Year', 'Cui et al. 2024', or
    a bare title. The first piece of three or more words that is not a list of names is the title."""
    prose = _EMPTY_BRACKETS.sub(" ", prose)
    venue = _venue_in_parens(prose)
    if venue is not None:
        prose = _PARENS.sub(lambda group: " " if venue in group.group(1) else group.group(0), prose)
    pieces = [piece.strip(" ,;:") for piece in _PIECE_BREAK.split(prose)]
    pieces = [piece for piece in pieces if piece]
    title: str | None = None
    authors: tuple[str, ...] = ()
    for piece in pieces:
        without_year = _YEAR_IN_PARENS.sub(" ", piece).strip(" ,;")
        names = _authors(piece) if _ET_AL.search(piece) or (
            _is_name_list(without_year) and not _opens_with_venue(without_year)) else ()
        if names and not authors:
            authors, named_venue = _authors_and_venue(piece)
            venue = venue or named_venue
        elif title is None and not names and len(without_year.split()) >= 3 and not _ET_AL.search(piece) and not (
                _YEAR_ANYWHERE.search(without_year) and len(without_year.split()) <= 4):
            title = without_year.strip(" .")
        elif venue is None and _YEAR_ANYWHERE.search(piece):  # "Nature Methods, 2023": too short for a title
            venue = _venue_text(piece)
    return _Reference(title, authors, venue)


def _is_name_list(text: str) -> bool:
    if _INITIALS_LIST.fullmatch(text.strip(" ,;") + ","):
        return True
    names = [name.strip(" .") for name in _NAME_SEPARATOR.split(_YEAR_ANYWHERE.sub(" ", text)) if name.strip(" .")]
    if not names or not all(looks_like_name(name) for name in names):
        return False
    return len(names) >= 2 or len(names[0].split()) <= 3


def _authors_and_venue(piece: str) -> tuple[tuple[str, ...], str | None]:
    """'Cui H, Wang B, Nature Methods 2024' -> (('Cui H', 'Wang B'), 'Nature Methods'): a venue is the comma part
    that carries the year with other words."""
    parts = piece.split(",")
    last = parts[-1] if len(parts) > 1 else ""
    if _YEAR_IN_PARENS.search(last) and _JOINED_NAMES.fullmatch(_YEAR_IN_PARENS.sub(" ", last)):
        return _authors(piece), None  # "Yang, Fusi & Lu (2022)": the last names, not a venue
    words = _YEAR_ANYWHERE.sub(" ", _YEAR_IN_PARENS.sub(" ", last)).strip(" .()").split()
    initials = bool(words) and all(_INITIAL_WORD.fullmatch(word) for word in words[1:]) and len(words) > 1
    if _YEAR_ANYWHERE.search(last) and words and not initials and not _ET_AL.search(last):
        return _authors(",".join(parts[:-1])), _venue_text(last)
    return _authors(piece), None


# "Fusi & Lu", "Fusi and Lu": one-word names joined the way an author list ends ("Yang, Fusi & Lu (2022)").
_JOINED_NAMES = re.compile(r"\s*[A-Z][\w'’-]*\s*(?:&|\band\b)\s*[A-Z][\w'’-]*\s*")


def _venue_in_parens(prose: str) -> str | None:
    """'(NeurIPS 2023)' -> 'NeurIPS': a parenthesis holding a year and a name; the names of a citation inside it
    are not the venue ('(Biancalani et al., Nature Methods 2021)' -> 'Nature Methods', '(Notin et al., 2022)' ->
    None)."""
    for group in _PARENS.finditer(prose):
        if _YEAR_ANYWHERE.search(group.group(1)):
            venue = _venue_text(_AFTER_ET_AL.split(group.group(1), maxsplit=1)[-1])
            if venue:
                return venue
    return None


def _venue_text(text: str) -> str | None:
    """A venue cell or phrase without its year and markup: '_Nature Methods_ (2024)' -> 'Nature Methods'."""
    venue = _YEAR_ANYWHERE.sub(" ", _YEAR_IN_PARENS.sub(" ", plain_text(text)))
    venue = _SPACE.sub(" ", venue).strip(" .,;:()[]-–—")
    return venue if venue and not venue.isdigit() else None


def _looks_like_title(text: str) -> bool:
    return len(text.split()) >= 3 and not _BARE_LINK.fullmatch(text.strip())


_AFTER_ET_AL = re.compile(r"\bet\s+al\.?,?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z0-9])|\.\s*$")


def _reference_title(prose: str) -> str | None:
    """The title of a plain reference: 'Theodoris, C. V. et al. Transfer learning enables ... . Nature (2023).'"""
    found = _AFTER_ET_AL.search(prose)
    if found is None:
        return None
    fragment = _SENTENCE_END.split(_EMPTY_BRACKETS.sub(" ", prose[found.end():]).strip(), maxsplit=1)[0]
    words = fragment.strip(" .,;:").split()
    # "2024", "2022) [paper]" or "Nat Methods (2024)" are what follows "et al." in a short citation, not a title
    if len(words) < 4 or any(_YEAR_ANYWHERE.fullmatch(word.strip("()")) for word in (words[0], words[-1])):
        return None
    return " ".join(words)


def _plain_title(prose: str) -> str | None:
    for quoted in _QUOTED_TITLE.finditer(prose):
        title = (quoted.group("title") or quoted.group("emphasis")).strip()
        if len(title.split()) >= 3:
            return title
    return None


def _year(prose: str) -> int | None:
    for pattern in (_YEAR_IN_PARENS, _YEAR_AFTER_COMMA):
        found = pattern.search(prose)
        if found:
            return int(found.group(1))
    years = {found.group(1) for found in _YEAR_ANYWHERE.finditer(prose)}
    return int(years.pop()) if len(years) == 1 else None


def _authors(text: str) -> tuple[str, ...]:
    """Author names as written: 'Hao, M., Gong, J. et al.' -> ('Hao, M.', 'Gong, J.'); () when unsure."""
    names_text = _AUTHOR_ROLE.sub(" ", _ET_AL.split(_QUOTED_TITLE.split(text)[0])[0])
    names_text = _YEAR_ANYWHERE.sub(" ", _YEAR_IN_PARENS.sub(" ", names_text))
    names_text = plain_text(names_text).strip(" ,;:()")
    if not names_text:
        return ()
    if _INITIALS_LIST.fullmatch(names_text):
        return tuple(_strip_conjunction(name) for name in _INITIALS_NAME.findall(names_text))
    names = [name.strip(" .") for name in _NAME_SEPARATOR.split(names_text)]
    names = [name for name in names if name]
    if not names or not all(looks_like_name(name) for name in names):
        return ()
    return tuple(with_dotted_initials(name) for name in names)


# A role written beside a name ("Chen J (corresponding)", "Wang L*", "Li X (co-first)"): the name is the person.
_AUTHOR_ROLE = re.compile(
    r"\s*[(\[]\s*(?:corresponding|senior|last|lead|co-?first|joint(?:\s+first)?|first|equal(?:\s+contribution)?)"
    r"(?:\s+author)?\s*[)\]]|[*†‡]+", re.IGNORECASE)


def _strip_conjunction(name: str) -> str:
    return re.sub(r"^(?:and|&)\s+", "", name.strip(" ,;"))


def _opens_with_venue(text: str) -> bool:
    """'Nature Methods, 2023' or 'NeurIPS 2023' names a venue, not a person: its first 'name' holds a word of
    venue names, or is an acronym."""
    first = next((name for name in _NAME_SEPARATOR.split(_YEAR_ANYWHERE.sub(" ", text)) if name.strip(" .")), "")
    words = first.split()
    # a lone word with three capitals is a conference's acronym ("NeurIPS", "ICML"); "McDonald" has two
    acronym = len(words) == 1 and sum(ch.isupper() for ch in words[0]) >= 3
    return acronym or any(word.casefold().strip(".,") in _VENUE_WORDS for word in words)


# Words of journal and conference names that are nobody's name: "X — Nature Methods, 2023" names a venue.
_VENUE_WORDS = frozenset(
    {"nature", "science", "cell", "journal", "proceedings", "conference", "symposium", "workshop", "methods",
     "communications", "research", "biology", "bioinformatics", "genomics", "genome", "genetics", "letters",
     "reports", "advances", "transactions", "reviews", "systems", "medicine", "briefings", "frontiers", "plos",
     "bmc", "elife", "nucleic", "acids", "biotechnology", "computational", "intelligence", "informatics"}
)


# ---------------------------------------------------------------- writing


def _edit_row(row: str, edits: Sequence[CellEdit]) -> str:
    spans = cell_spans(row)
    columns = [edit.column for edit in edits]
    if len(set(columns)) != len(columns):
        raise ValueError("two edits for the same cell")
    for edit in sorted(edits, key=lambda edit: edit.column, reverse=True):
        if not 0 <= edit.column < len(spans):
            raise ValueError(f"no cell {edit.column} in this row (it has {len(spans)})")
        start, end = spans[edit.column]
        row = row[:start] + _new_cell(row[start:end], edit) + row[end:]
    if len(cell_spans(row)) != len(spans):
        raise ValueError("the edit would change the row's cell count (an empty last cell needs a closing '|')")
    return row


def _edit_item(body: str, edits: Sequence[CellEdit]) -> str:
    parts = item_parts(body)
    if parts is None:
        raise ValueError("not a list item")
    columns = [edit.column for edit in edits]
    if len(set(columns)) != len(columns):
        raise ValueError("two edits for the same part")
    # from the end, so the offsets of the parts before stay valid; slots share an offset and stay in order
    for edit in sorted(edits, key=lambda edit: edit.column, reverse=True):
        if not 0 <= edit.column < len(parts):
            raise ValueError(f"no part {edit.column} in this item (it has {len(parts)})")
        part = parts[edit.column]
        if part.kind == "marker":
            if edit.new_content.strip() == body[part.start : part.end].strip():
                continue  # a rewrite with the marker's own content changes nothing
            raise ValueError("the list marker is not editable")
        body = body[: part.start] + _new_part(body, part, edit) + body[part.end :]
    return body


def _new_part(body: str, part: _Part, edit: CellEdit) -> str:
    if re.search(r"[\r\n]", edit.new_content):
        raise ValueError(f"new content for part {edit.column} has a line break")
    raw = body[part.start : part.end]
    current = raw.strip()
    if edit.old_content is not None and current != edit.old_content.strip():
        raise ValueError(f"part {edit.column} changed: expected {edit.old_content!r}, found {current!r}")
    content = edit.new_content.strip()
    if not raw:
        before = body[part.start - 1 : part.start]
        return ("" if not before or before.isspace() else " ") + content
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()) :]
    return lead + content + trail


def _new_cell(raw: str, edit: CellEdit) -> str:
    if re.search(r"[\r\n]|(?<!\\)\|", edit.new_content):
        raise ValueError(f"new content for cell {edit.column} has a line break or an unescaped '|'")
    current = raw.strip()
    if edit.old_content is not None and current != edit.old_content.strip():
        raise ValueError(f"cell {edit.column} changed: expected {edit.old_content!r}, found {current!r}")
    content = edit.new_content.strip(MD_TRIM_CHARS)
    if content and content == current:
        return raw  # nothing to change: the padding, tabs included, stays as written
    lead = " " if raw[:1].isspace() else ""
    # A trailing backslash would escape the pipe that closes the cell.
    min_trailing = 1 if raw[-1:].isspace() or content.endswith("\\") else 0
    trailing = max(len(raw) - len(lead) - len(content), min_trailing)
    return lead + content + " " * trailing
