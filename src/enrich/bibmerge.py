"""Merge this run's works into the references.bib already on disk, losing nothing a person wrote.

- An existing entry is matched to a work of this run by DOI; failing that, by the preprint the work replaces
  (the row's paper became its version of record: the fields update, the key stays); failing that, an entry
  without a DOI by its normalised title (and a year at most one off).
- A matched entry keeps its key and takes this run's values for the fields enrich writes (`FIELD_ORDER`); every
  other field stays as written. A note enrich did not write is kept. A `Code:` link stays when this run has no
  verified code link (not looked for with `--no-code`, deferred, abstained); it goes only when the maintainers'
  overrides rule a repository out.
- Every other block stays byte for byte: hand-written entries, entries for DOIs no row names, comments, @string,
  @preamble and the text between blocks. An entry is removed only when the paper a row links is retracted; an
  unanswered, deferred, offline or skipped lookup never removes anything, and no row (an empty catalogue) keeps
  the whole file.
- A new entry takes a key no entry in the file holds (`cui2024scgpt`; on a clash the newcomer takes the suffix:
  `cui2024scgpta`, ...). It goes after the last entry whose key sorts before its own (before the first entry when
  none does), so a file enrich wrote stays sorted and merging into it equals rendering afresh.
- A file that does not parse is a `BibFileError` naming file:line, raised before anything is written.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bibtexparser
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text

from enrich.bibtex import FIELD_ORDER, BibItem, base_key, entry_text, full_title, letter_suffix, merge_by_doi, \
    new_entry, render_bibtex
from enrich.errors import FileLineError
from enrich.identifiers import doi_candidates, normalise_doi
from enrich.records import Row
from enrich.text import fold

log = logging.getLogger(__name__)

_OUR_FIELDS = frozenset(name.casefold() for name in FIELD_ORDER)
_OUR_NOTE_RE = re.compile(r"^(?:Preprint\.)?\s?(?:Code: \\url\{(https://github\.com/[A-Za-z0-9._~/-]+)\})?$")
_BARE_WORD_RE = re.compile(r"[^\s\"#%'(),={}]+")
_MIN_TITLE_WORDS = 3  # "Introduction" or "Supplementary data" alone says nothing about which paper it is
_SEPARATOR = "\n\n"  # between entries, as render_bibtex writes them
_CANONICAL_FIELD = r"  [A-Za-z]+ = \{[^\n]*\}"
_CANONICAL_ENTRY_RE = re.compile(
    rf"@[a-z]+\{{(?P<key>[^\s,{{}}@#%\"'()=]+),\n(?P<fields>(?:{_CANONICAL_FIELD},\n)*{_CANONICAL_FIELD}\n)\}}")
_CANONICAL_FIELD_RE = re.compile(r"  ([A-Za-z]+) = (\{[^\n]*\}),?\n")


class BibFileError(FileLineError):
    """The existing bibliography cannot be merged into."""


@dataclass(frozen=True, slots=True)
class ExistingEntry:
    """An entry of the file on disk, with where its text is."""

    key: str
    start: int  # offset of its `@`
    end: int  # offset just after its closing brace
    doi: str | None
    title: str  # folded, LaTeX removed; only for an entry without a DOI (the only kind matched by title)
    year: int | None
    fields: tuple[tuple[str, str], ...]  # (name, raw value as written), in file order


@dataclass(frozen=True, slots=True)
class ExistingBib:
    path: Path
    text: str
    entries: tuple[ExistingEntry, ...]


def read_bib(path: Path) -> ExistingBib | None:
    """The bibliography at `path`, parsed; None when there is none (or it holds only whitespace)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BibFileError(path, None, f"cannot read the bibliography: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BibFileError(path, data[: exc.start].count(b"\n") + 1, "not UTF-8") from exc
    if not text.strip():
        return None
    return parse_bib(text, path)


def parse_bib(text: str, path: Path) -> ExistingBib:
    """Entries of `text` with their spans; every block must parse, every key be unique, every value well formed."""
    canonical = _canonical_entries(text)
    return ExistingBib(path, text, canonical if canonical is not None else _library_entries(text, path))


def merge_bibtex(existing: ExistingBib | None, items: Sequence[BibItem], *, latex: bool = False,
                 retracted: Iterable[str] = ()) -> str:
    """The bibliography after this run: `existing` with matched entries updated, retracted ones removed and new
    ones inserted; `render_bibtex(items)` when there is no file yet."""
    if existing is None:
        return render_bibtex(items, latex=latex)
    merged = merge_by_doi(items)
    matched = _match(existing.entries, merged)
    retracted = frozenset(retracted)
    matched_keys = {entry.key for entry in matched.values()}
    removed = {entry.key for entry in existing.entries if entry.doi in retracted and entry.key not in matched_keys}
    for key in sorted(removed):
        log.warning("%s: entry %s removed: the paper it cites is retracted", existing.path, key)
    newline = _newline(existing.text)
    splices: list[tuple[int, int, str]] = []
    for item in merged:
        entry = matched.get(item.work.doi)
        if entry is not None:
            splices.append((entry.start, entry.end, _updated_text(entry, item, latex=latex).replace("\n", newline)))
    splices.extend(_removals(existing.text, existing.entries, removed))
    new_keys = _new_keys(existing.entries, [item for item in merged if item.work.doi not in matched])
    new_texts = sorted((key, entry_text(new_entry(key, item, latex=latex))) for item, key in new_keys)
    survivors = [entry for entry in existing.entries if entry.key not in removed]
    splices.extend(_insertions(existing.text, survivors, new_texts))
    return _apply(existing.text, splices)


def retracted_dois(rows: Iterable[Row]) -> frozenset[str]:
    """DOIs that rows link and that this run saw retracted: the only entries a merge removes."""
    found: set[str] = set()
    for row in rows:
        entry, resolution = row.entry, row.paper
        if resolution is None or not entry.paper_url:
            continue
        linked = set(doi_candidates(entry.paper_url))
        works = [resolution.work, resolution.preprint, *(candidate.work for candidate in resolution.candidates)]
        found.update(work.doi for work in works if work is not None and work.is_retracted and work.doi in linked)
    return frozenset(found)


# ---------------------------------------------------------------- reading


def _library_entries(text: str, path: Path) -> tuple[ExistingEntry, ...]:
    """Any file, read with bibtexparser; its blocks are found in the text to keep their exact bytes."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    _raise_problems(path, library)
    entries: list[ExistingEntry] = []
    cursor = 0
    for block in library.blocks:
        raw = block.raw or ""
        start = text.find(raw, cursor) if raw else -1
        if start < 0:
            raise BibFileError(path, _line(block), "cannot locate this block in the file")
        cursor = start + len(raw)
        if isinstance(block, Entry):
            entries.append(_existing_entry(block, start, cursor))
    return tuple(entries)


def _canonical_entries(text: str) -> tuple[ExistingEntry, ...] | None:
    """The entries of a file written exactly as `render_bibtex` writes (one field a line, values in braces,
    entries apart by a blank line), read with two regular expressions; None for anything else, which bibtexparser
    then reads (about 0.5 ms an entry: 2.5 s for a 5,000-entry file on every warm run)."""
    entries: list[ExistingEntry] = []
    keys: set[str] = set()
    position = 0
    while True:
        match = _CANONICAL_ENTRY_RE.match(text, position)
        if match is None or match.group("key") in keys:
            return None
        fields = tuple((field.group(1), field.group(2))
                       for field in _CANONICAL_FIELD_RE.finditer(match.group("fields")))
        if not all(_one_braced_group(value) for _, value in fields):
            return None
        keys.add(match.group("key"))
        entries.append(_entry_of(match.group("key"), fields, match.start(), match.end()))
        position = match.end()
        if text.startswith("\n\n@", position):
            position += 2
        elif position == len(text) - 1 and text.endswith("\n"):
            return tuple(entries)
        else:
            return None


def _raise_problems(path: Path, library: bibtexparser.Library) -> None:
    problems: list[tuple[int, str]] = []
    for failed in library.failed_blocks:
        # BibTeX warns about a @string defined twice and uses the last one; the file stays as it is
        if not (isinstance(failed, DuplicateBlockKeyBlock) and isinstance(failed.ignore_error_block, String)):
            problems.append((_line(failed), _failure(failed)))
    for entry in library.entries:
        if not entry.key.strip() or re.search(r"[\s,{}]", entry.key):
            problems.append((_line(entry), f"entry key {entry.key!r} is not a citation key"))
        for field in entry.fields:
            if not _well_formed(str(field.value)):
                line = field.start_line + 1 if field.start_line is not None else _line(entry)
                problems.append((line, f"field {field.key!r} of {entry.key!r} has no well-formed value"))
    if problems:
        line, message = min(problems)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise BibFileError(path, line, message + more)


def _line(block: Block) -> int:
    """1-based line of a parsed block (the parser counts from 0 and always sets it)."""
    return (block.start_line or 0) + 1


def _failure(block: ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", None) or type(block.error).__name__
    if isinstance(block, DuplicateBlockKeyBlock) and block.key:
        return f"duplicate key {block.key!r}"
    return f"cannot parse this block: {reason}"


def _one_braced_group(value: str) -> bool:
    """`{...}` whose braces balance and close only at its end ("{a} {b}" is two groups)."""
    inner = value[1:-1]
    return ("{" not in inner and "}" not in inner) or _part_end(value, 0) == len(value)


def _well_formed(raw: str) -> bool:
    """`{...}`, `"..."`, a number or a @string name, joined by `#`: what BibTeX accepts as a field value."""
    position, length = 0, len(raw)
    while True:
        while position < length and raw[position].isspace():
            position += 1
        if position >= length:
            return False
        end = _part_end(raw, position)
        if end is None:
            return False
        position = end
        while position < length and raw[position].isspace():
            position += 1
        if position == length:
            return True
        if raw[position] != "#":
            return False
        position += 1


def _part_end(raw: str, start: int) -> int | None:
    opener = raw[start]
    if opener in "{\"":
        depth = 0
        for position in range(start, len(raw)):
            char = raw[position]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return None
                if depth == 0 and opener == "{":
                    return position + 1
            elif char == '"' and depth == 0 and position > start:
                return position + 1
        return None
    word = _BARE_WORD_RE.match(raw, start)
    return word.end() if word else None


def _existing_entry(block: Entry, start: int, end: int) -> ExistingEntry:
    fields = tuple((field.key, str(field.value).replace("\r\n", "\n")) for field in block.fields)
    return _entry_of(block.key, fields, start, end)


def _entry_of(key: str, fields: tuple[tuple[str, str], ...], start: int, end: int) -> ExistingEntry:
    values = {name.casefold(): value for name, value in fields}
    doi_value = _unbrace(values.get("doi", ""))
    url_value = _unbrace(values.get("url", ""))
    doi = normalise_doi(doi_value) if doi_value else None
    if doi is None and "doi.org/" in url_value:
        doi = normalise_doi(url_value)
    year_digits = re.search(r"\d{4}", values.get("year", ""))
    title = _folded_title(values.get("title", "")) if doi is None else ""
    return ExistingEntry(key, start, end, doi, title,
                         int(year_digits.group()) if year_digits else None, fields)


def _unbrace(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and (value[0], value[-1]) in {("{", "}"), ('"', '"')}:
        return value[1:-1]
    return value


def _folded_title(raw: str) -> str:
    return fold(LatexNodes2Text().latex_to_text(_unbrace(raw))) if raw else ""


# ---------------------------------------------------------------- matching and keys


def _match(entries: Sequence[ExistingEntry], items: Sequence[BibItem]) -> dict[str, ExistingEntry]:
    """Existing entry per DOI of this run: by DOI, then by the preprint a work replaces, then by title."""
    entry_by_doi: dict[str, ExistingEntry] = {}
    for entry in entries:
        if entry.doi:
            entry_by_doi.setdefault(entry.doi, entry)
    matched: dict[str, ExistingEntry] = {}
    claimed: set[str] = set()

    def claim(item: BibItem, entry: ExistingEntry | None) -> None:
        if entry is not None and entry.key not in claimed and item.work.doi not in matched:
            matched[item.work.doi] = entry
            claimed.add(entry.key)

    for item in items:
        claim(item, entry_by_doi.get(item.work.doi))
    for item in items:
        for replaced in _replaced_versions(item):
            claim(item, entry_by_doi.get(replaced))
    entries_by_title: dict[str, list[ExistingEntry]] = {}
    for entry in entries:
        if entry.doi is None and entry.title:
            entries_by_title.setdefault(entry.title, []).append(entry)
    for item in items:
        if item.work.doi not in matched and entries_by_title:
            claim(item, _by_title(entries_by_title, item, claimed))
    return matched


def _replaced_versions(item: BibItem) -> list[str]:
    preprints = [item.preprint.doi] if item.preprint is not None else []
    return [*preprints, *item.work.has_preprint]


def _by_title(entries_by_title: Mapping[str, list[ExistingEntry]], item: BibItem, claimed: set[str]
              ) -> ExistingEntry | None:
    title = fold(full_title(item.work))
    if len(title.split()) < _MIN_TITLE_WORDS:
        return None
    found = [entry for entry in entries_by_title.get(title, ()) if entry.key not in claimed
             and (entry.year is None or item.work.year is None or abs(entry.year - item.work.year) <= 1)]
    return found[0] if len(found) == 1 else None


def _new_keys(entries: Sequence[ExistingEntry], items: Sequence[BibItem]) -> list[tuple[BibItem, str]]:
    """Keys for works no entry matched: never one the file holds; clashes take `a`, `b`, ... in DOI order."""
    taken = {entry.key.casefold() for entry in entries}
    items_by_base: dict[str, list[BibItem]] = {}
    for item in items:
        items_by_base.setdefault(base_key(item.work, item.model), []).append(item)
    keyed: list[tuple[BibItem, str]] = []
    for base in sorted(items_by_base):
        group = sorted(items_by_base[base], key=lambda item: item.work.doi)
        suffixes = (letter_suffix(index) for index in range(10_000))
        for item in group:
            key = base
            if len(group) > 1 or key.casefold() in taken:
                key = next(base + suffix for suffix in suffixes if (base + suffix).casefold() not in taken)
            taken.add(key.casefold())
            keyed.append((item, key))
    return keyed


# ---------------------------------------------------------------- texts


def _updated_text(entry: ExistingEntry, item: BibItem, *, latex: bool) -> str:
    """The entry re-rendered from this run's work under its old key, with every field enrich does not write."""
    note = _unbrace(next((value for name, value in entry.fields if name.casefold() == "note"), ""))
    ours = _OUR_NOTE_RE.match(note)
    if ours and ours.group(1) and item.code_url is None and not item.code_ruled_out:
        item = replace(item, code_url=ours.group(1))
    theirs = bool(note) and not ours  # a note a person wrote is kept as written, without ours
    rendered = new_entry(entry.key, item, latex=latex, note=not theirs)
    kept = [(name, value) for name, value in entry.fields
            if name.casefold() not in _OUR_FIELDS or (theirs and name.casefold() == "note")]
    text = entry_text(rendered)
    if not kept:
        return text
    assert text.endswith("\n}")  # the writer closes every entry on a line of its own
    return text[:-2] + ",\n" + ",\n".join(f"  {name} = {value}" for name, value in kept) + "\n}"


def _removals(text: str, entries: Sequence[ExistingEntry], removed: set[str]) -> list[tuple[int, int, str]]:
    """Each removed entry's span with the blank space before it (after it, when nothing kept precedes it)."""
    splices: list[tuple[int, int, str]] = []
    cleared = 0  # everything before this offset is blank or removed
    for entry in entries:
        if entry.key not in removed:
            continue
        if not text[cleared : entry.start].strip():
            end = entry.end
            while end < len(text) and text[end] in " \t\r\n":
                end += 1
            splices.append((cleared, end, ""))
            cleared = end
            continue
        start = entry.start
        while start > 0 and text[start - 1] in " \t\r\n":
            start -= 1
        splices.append((start, entry.end, ""))
    return splices


def _insertions(text: str, survivors: Sequence[ExistingEntry], new_texts: Sequence[tuple[str, str]]
                ) -> list[tuple[int, int, str]]:
    newline = _newline(text)
    # the last survivor in file order among those whose key sorts before a new key: a running maximum over the
    # survivors sorted by key, searched with bisect
    by_key = sorted(range(len(survivors)), key=lambda index: survivors[index].key)
    sorted_keys = [survivors[index].key for index in by_key]
    last_before = list(itertools.accumulate(by_key, max))
    texts_after: dict[int, list[str]] = {}  # index of the survivor they follow; -1: before the first
    for key, rendered in new_texts:
        count = bisect.bisect_left(sorted_keys, key)
        texts_after.setdefault(last_before[count - 1] if count else -1, []).append(rendered.replace("\n", newline))
    separator = _SEPARATOR.replace("\n", newline)
    splices = []
    for index, texts in texts_after.items():
        block = separator.join(texts)
        if index >= 0:
            splices.append((survivors[index].end, survivors[index].end, separator + block))
        elif survivors:
            splices.append((survivors[0].start, survivors[0].start, block + separator))
        else:
            lead = "" if not text or text.endswith(newline * 2) else newline if text.endswith(newline) else separator
            splices.append((len(text), len(text), lead + block + newline))
    return splices


def _newline(text: str) -> str:
    """The file's line ending (Windows' when it has any), for the entries enrich writes into it."""
    return "\r\n" if "\r\n" in text else "\n"


def _apply(text: str, splices: Iterable[tuple[int, int, str]]) -> str:
    """The text with each span replaced; one pass, so a large file with many updates stays linear."""
    pieces: list[str] = []
    position = 0
    # an insertion and a replacement may start at the same offset: the insertion (the shorter span) goes first
    for start, end, replacement in sorted(splices, key=lambda splice: (splice[0], splice[1])):
        start = max(start, position)  # two removals may both claim the blank lines between them
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
