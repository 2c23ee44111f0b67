"""Markdown catalogue -> CatalogueEntry, losslessly; and the cell writer that edits it back in place.

Tables are found with markdown-it-py (GFM table rule); cells are cut from the source lines with the same
escaped-pipe rule markdown-it uses, so each raw cell keeps its padding and the writer can rebuild a line byte
for byte. Every input error is collected and raised once, before anything is written.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.token import Token

from enrich.encoding import line_body, repair_encoding, split_lines
from enrich.errors import CatalogueError, CatalogueErrors
from enrich.records import CatalogueEntry, CellEdit, ColumnRole, EncodingRepair, Link, RowStatus
from enrich.text import fold

log = logging.getLogger(__name__)

DEFAULT_PRETRAINED_MARKER = "💡"

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
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "bin"})
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
    # checked first: "Publication Year" is a year, "First Author" a list of authors
    (ColumnRole.YEAR, frozenset({"year"})),
    (ColumnRole.AUTHORS, frozenset({"author", "authors"})),
    (ColumnRole.TITLE, frozenset({"title"})),
    (ColumnRole.PAPER, frozenset({"paper", "papers", "publication", "reference", "article", "citation", "link", "url",
                                  "doi", "pdf", "arxiv"})),
    (ColumnRole.CODE, frozenset({"code", "github", "repository", "repo", "implementation", "software"})),
    (ColumnRole.DESCRIPTION, frozenset({"highlights", "highlight", "focus", "description", "summary"})),
    (ColumnRole.MODEL, frozenset({"model", "models", "method", "tool"})),
)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A catalogue file: the repaired text, the bytes it came from, and one entry per table row."""

    path: Path
    text: str
    original: bytes
    repair: EncodingRepair
    entries: tuple[CatalogueEntry, ...]


def read_catalogue(path: str | Path) -> Catalogue:
    """Read, repair and parse a catalogue file; raises CatalogueError naming the file (and line)."""
    path = Path(path)
    original = _read_bytes(path)
    text, repair = repair_encoding(original, path)
    return Catalogue(path, text, original, repair, parse_catalogue(text, path))


def parse_catalogue(text: str, path: str | Path = "<text>") -> tuple[CatalogueEntry, ...]:
    """One CatalogueEntry per body row of every pipe table in `text`, in document order."""
    lines = [line_body(line) for line in split_lines(text)]
    marker = _pretrained_marker(lines)
    errors: list[CatalogueError] = []
    entries: list[CatalogueEntry] = []
    for table_index, (section, header_line, row_lines) in enumerate(_tables(text)):
        table = _TableParser(path, lines, marker, table_index, section, header_line)
        entries.extend(table.parse(row_lines, errors))
    if errors:
        raise CatalogueErrors(errors)
    return tuple(entries)


def apply_edits(text: str, edits: Sequence[CellEdit], path: str | Path = "<text>") -> str:
    """Replace the content of the named table cells; every other byte stays as it was.

    >>> apply_edits("| a | b |\\n|---|---|\\n| x   | y |\\n", [CellEdit(3, 0, "z")])
    '| a | b |\\n|---|---|\\n| z   | y |\\n'
    """
    if not edits:
        return text
    lines = split_lines(text)
    rows = {row for _, _, row_lines in _tables(text) for row in row_lines}
    errors: list[CatalogueError] = []
    edits_by_line: dict[int, list[CellEdit]] = {}
    for edit in edits:
        edits_by_line.setdefault(edit.line, []).append(edit)
    for line_number, line_edits in sorted(edits_by_line.items()):
        if line_number - 1 not in rows:
            errors.append(CatalogueError(path, line_number, "not a table body row; cannot edit a cell here"))
            continue
        line = lines[line_number - 1]
        body = line_body(line)
        try:
            lines[line_number - 1] = _edit_row(body, line_edits) + line[len(body) :]
        except ValueError as exc:
            errors.append(CatalogueError(path, line_number, str(exc)))
    if errors:
        raise CatalogueErrors(errors)
    return "".join(lines)


# ---------------------------------------------------------------- reading


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


def _tables(text: str) -> Iterator[tuple[tuple[str, ...], int, list[int]]]:
    """(section, header line, body row lines) for each top-level table; lines are 0-based."""
    tokens = _BLOCKS.parse(text)
    document_titles = sum(1 for token in tokens if token.type == "heading_open" and token.tag == "h1")
    headings: list[tuple[int, str]] = []
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1:])
            headings = [heading for heading in headings if heading[0] < level]
            if not (level == 1 and document_titles == 1):
                headings.append((level, plain_text(tokens[position + 1].content)))
        elif token.type == "table_open" and token.map is not None:
            if token.level != 0:
                log.warning("line %d: skipping a table nested in a list or quote", token.map[0] + 1)
                continue
            section = tuple(title for _, title in headings if title)
            yield section, token.map[0], _body_rows(tokens, position)


def _body_rows(tokens: Sequence[Token], table_open: int) -> list[int]:
    rows: list[int] = []
    in_body = False
    for token in tokens[table_open + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open" and token.map is not None:
            rows.append(token.map[0])
    return rows


def cell_spans(row: str) -> list[tuple[int, int]]:
    """(start, end) of each cell in a table row, cut like markdown-it: an unescaped `|` separates cells."""
    start = len(row) - len(row.lstrip(MD_TRIM_CHARS))
    end = len(row.rstrip(MD_TRIM_CHARS))
    spans: list[tuple[int, int]] = []
    cell_start = start
    escaped = False
    for position in range(start, end):
        if row[position] == "|" and not escaped:
            spans.append((cell_start, position))
            cell_start = position + 1
        escaped = row[position] == "\\"
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


def role_of(header: str) -> ColumnRole:
    """The meaning of a column from its header text: 'Benchmarking Models' -> BENCHMARKED, '🧠 Model' -> MODEL."""
    words = set(fold(strip_emoji(header)).split())
    if any(word.startswith("benchmark") for word in words) and words & {"model", "models", "methods", "tools"}:
        return ColumnRole.BENCHMARKED
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


class _TableParser:
    def __init__(
        self,
        path: str | Path,
        lines: Sequence[str],
        marker: str,
        table_index: int,
        section: tuple[str, ...],
        header_line: int,
    ) -> None:
        self.path = path
        self.lines = lines
        self.marker = marker
        self.table_index = table_index
        self.section = section
        header = lines[header_line]
        names = (plain_text(header[start:end]) for start, end in cell_spans(header))
        self.headers = tuple(name or f"column {number}" for number, name in enumerate(names, start=1))
        self.roles = tuple(role_of(name) for name in self.headers)

    def parse(self, row_lines: Sequence[int], errors: list[CatalogueError]) -> list[CatalogueEntry]:
        entries: list[CatalogueEntry] = []
        first_line_by_key: dict[tuple[str, str], int] = {}
        for row_line in row_lines:
            entry = self._entry(row_line, errors)
            if entry is None:
                continue
            key = self._duplicate_key(entry)
            if key is not None and key in first_line_by_key:
                entry = replace(entry, duplicate_of=first_line_by_key[key])
            elif key is not None:
                first_line_by_key[key] = entry.line
            entries.append(entry)
        return entries

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
        )

    def _cell(self, values: Sequence[_Value], role: ColumnRole) -> _Value | None:
        return values[self.roles.index(role)] if role in self.roles else None

    def _paper(self, cells: Sequence[str], links_by_cell: Sequence[list[Link]]) -> _Paper:
        paper_role = ColumnRole.PAPER if ColumnRole.PAPER in self.roles else ColumnRole.TITLE
        cell = self._cell(cells, paper_role)
        paper = self._paper_cell(cell, self._cell(links_by_cell, paper_role) or []) if cell is not None else (
            _Paper("", None, None, (), None))
        return self._with_own_columns(paper, cells, titled_cell=paper_role is ColumnRole.TITLE)

    @staticmethod
    def _paper_cell(cell: str, links: list[Link]) -> _Paper:
        paper_text = cell.strip(MD_TRIM_CHARS)
        before_link, prose = _prose(paper_text)
        title = links[0].text if links and _looks_like_title(links[0].text) else _plain_title(prose)
        return _Paper(
            text=paper_text,
            title=title,
            url=links[0].url if links else None,
            authors=_authors(before_link or prose),
            year=_year(prose),
        )

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
        year = _year(year_cell) if year_cell is not None and _year(year_cell) else paper.year
        return _Paper(text=paper.text, title=title, url=paper.url, authors=authors, year=year)

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


# ---------------------------------------------------------------- links and paper text


def cell_links(cell: str) -> list[Link]:
    """Every link in a cell, in order: Markdown links, autolinks, bare URLs, DOIs and arXiv ids."""
    found: list[tuple[int, Link]] = []
    prose = list(cell)
    for start, end, text, url in _markdown_links(cell):
        found.append((start, Link(plain_text(text), url)))
        prose[start:end] = " " * (end - start)
    for bare in _BARE_LINK.finditer("".join(prose)):
        url = next(value for value in bare.groupdict().values() if value)
        found.append((bare.start(), Link("", url)))
    return [link for _, link in sorted(found, key=lambda item: item[0])]


def _markdown_links(cell: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, text, url) of each inline link; images are skipped; raises _LinkError when unterminated."""
    position = 0
    while position < len(cell):
        char = cell[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            position = _after_code_span(cell, position)
            continue
        if char != "[":
            position += 1
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
            position = close + 1


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


def _looks_like_title(text: str) -> bool:
    return len(text.split()) >= 3 and not _BARE_LINK.fullmatch(text.strip())


_AFTER_ET_AL = re.compile(r"\bet\s+al\.?,?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z0-9])|\.\s*$")


def _reference_title(prose: str) -> str | None:
    """The title of a plain reference: 'Theodoris, C. V. et al. Transfer learning enables ... . Nature (2023).'"""
    found = _AFTER_ET_AL.search(prose)
    if found is None:
        return None
    fragment = _SENTENCE_END.split(prose[found.end():].strip(), maxsplit=1)[0].strip(" .,;:")
    words = fragment.split()
    # "2024" or "Nat Methods (2024)" are what follows "et al." in a short citation, not a title
    return fragment if len(words) >= 4 and not _YEAR_ANYWHERE.fullmatch(words[-1].strip("()")) else None


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
    names_text = _ET_AL.split(_QUOTED_TITLE.split(text)[0])[0]
    names_text = _YEAR_ANYWHERE.sub(" ", _YEAR_IN_PARENS.sub(" ", names_text))
    names_text = plain_text(names_text).strip(" ,;:()")
    if not names_text:
        return ()
    if _INITIALS_LIST.fullmatch(names_text):
        return tuple(_strip_conjunction(name) for name in _INITIALS_NAME.findall(names_text))
    names = [name.strip(" .") for name in _NAME_SEPARATOR.split(names_text)]
    names = [name for name in names if name]
    return tuple(names) if names and all(_looks_like_name(name) for name in names) else ()


def _strip_conjunction(name: str) -> str:
    return re.sub(r"^(?:and|&)\s+", "", name.strip(" ,;"))


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and all(word[0].isupper() or word in _NAME_PARTICLES for word in words)


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
