"""Resolved works -> references.bib (bibtexparser 2.x), byte-identical for the same input.

Choices a reader of the .bib should know:
- Unicode stays UTF-8 (biblatex/biber) unless `latex=True`, which writes classic BibTeX escapes
  (`{\\v{Z}}iga`) through pylatexenc.
- LaTeX specials (`\\ { } % & # _ ~ ^` and an unpaired `$`) are escaped in every mode: biber passes field
  text to LaTeX as it is, so an unescaped `&` breaks the document either way. API text reaches LaTeX, so
  `$...$` math is kept only in a safe subset (ASCII letters and digits, `^ _ { }`, harmless punctuation and the
  Greek/symbol macros of `SAFE_MATH_MACROS`); any other math is escaped like text, so no `\\input`,
  `\\write18`, `\\def`, `%` or `#` from an API reaches a document. `validate_bibtex` fails on them.
- The code link goes in `note = {Code: \\url{https://github.com/...}}` (after `Preprint.` for preprints),
  so every style prints it. A code URL with characters outside `[A-Za-z0-9._~/-]` is left out.
- Keys read `cui2024scgpt`: first author's family name (ASCII letters), year, model name or first
  significant title word; clashes get `a`, `b`, ... in DOI order.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

import bibtexparser
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ParsingFailedBlock, String
from pylatexenc.latexencode import unicode_to_latex

from enrich.identifiers import arxiv_id_of_doi
from enrich.records import Author, WorkRecord
from enrich.text import ascii_fold, clean_markup

log = logging.getLogger(__name__)

FIELD_ORDER = (
    "author",
    "title",
    "journal",
    "booktitle",
    "howpublished",
    "year",
    "volume",
    "number",
    "pages",
    "publisher",
    "doi",
    "url",
    "eprint",
    "archivePrefix",
    "note",
)

REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "misc": ("title",),
}

_STOP_WORDS = frozenset(
    "a an and as at by for from in into is of on or the to towards toward via with".split()
)
# letters NFKD cannot reduce to ASCII
_TRANSLITERATION = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
     "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"}
)
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIALS_RE = re.compile(r"[\\{}%&#_$~^]")
_MATH_RE = re.compile(r"\$[^$]+\$")
# a control word, a control symbol (backslash + one other character), or one character
_MATH_TOKEN_RE = re.compile(r"\\[A-Za-z]+|\\.|.", re.DOTALL)
_SAFE_MATH_CHARS = frozenset(string.ascii_letters + string.digits + " ^_{}+-=()[],./<>|':;!*")
SAFE_MATH_MACROS = frozenset(
    # Greek
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega "
    # relations, operators, arrows, dots
    "times cdot pm mp div leq geq le ge neq ll gg approx sim simeq cong equiv propto infty partial nabla in notin "
    "ni subset subseteq supset supseteq cup cap setminus emptyset forall exists neg wedge vee oplus otimes to "
    "rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto uparrow downarrow ldots cdots "
    "dots prime circ ast star dagger ell hbar langle rangle mid vert Vert colon "
    # functions and big operators
    "log ln exp sin cos tan min max arg sup inf lim det sum prod int "
    # fraction, root and fonts
    "frac sqrt mathrm mathbf mathit mathcal mathsf mathtt mathbb boldsymbol".split()
)
_TOKEN_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_DASHES_RE = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]+\s*")
_SAFE_DOI_RE = re.compile(r"^10\.\d{4,9}/[^\s{}\\%\"#]+$")
_SAFE_CODE_URL_RE = re.compile(r"^https://github\.com/[A-Za-z0-9._~/-]+$")
_FORMAT = bibtexparser.BibtexFormat()
_FORMAT.indent = "  "
_FORMAT.block_separator = "\n"


@dataclass(frozen=True, slots=True)
class BibItem:
    """One work to cite, with what the catalogue row adds to it."""

    work: WorkRecord
    code_url: str | None = None
    model: str | None = None
    preprint: WorkRecord | None = None
    code_ruled_out: bool = False  # the maintainers say there is no repository: an old `Code:` note goes


def render_bibtex(items: Sequence[BibItem], *, latex: bool = False) -> str:
    """Render one entry per DOI, sorted by key; the same items always give the same text."""
    merged = merge_by_doi(items)
    keys = assign_keys(merged)
    entries = [new_entry(keys[item.work.doi], item, latex=latex) for item in merged]
    entries.sort(key=lambda entry: entry.key)
    if not entries:
        return ""
    return bibtexparser.write_string(bibtexparser.Library([*entries]), unparse_stack=_in_place_unparse_stack(),
                                     bibtex_format=_FORMAT)


def entry_text(entry: Entry) -> str:
    """One entry as `render_bibtex` writes it, without the newline after its closing brace."""
    text = bibtexparser.write_string(bibtexparser.Library([entry]), unparse_stack=_in_place_unparse_stack(),
                                     bibtex_format=_FORMAT)
    return text.removesuffix("\n")


def _in_place_unparse_stack() -> list[Middleware]:
    # the library is ours alone, so the writer may enclose values in place instead of deep-copying every entry
    return default_unparse_stack(allow_inplace_modification=True)


def validate_bibtex(text: str) -> list[str]:
    """Parse `text` back and list its problems: failed blocks, duplicate keys, missing required fields, and LaTeX
    that could do more than typeset (see `unsafe_latex`)."""
    library = bibtexparser.parse_string(text)
    problems = [_failed_block_problem(block) for block in library.failed_blocks]
    for entry in library.entries:
        required = REQUIRED_FIELDS.get(entry.entry_type.lower(), ())
        missing = [name for name in required if not _has_value(entry, name)]
        if missing:
            problems.append(
                f"line {(entry.start_line or 0) + 1}: @{entry.entry_type}{{{entry.key}}} lacks "
                + ", ".join(missing)
            )
    problems.extend(
        f"line {found.line}: {found.key} {found.field}: unsafe LaTeX ({found.hazard.value}) {found.token!r}"
        for found in unsafe_latex(text)
    )
    return problems


class LatexHazard(StrEnum):
    MACRO = "macro"  # a control word that reads or writes files, runs commands or redefines things
    COMMENT = "comment"  # an unescaped `%`: LaTeX drops the rest of the line, closing braces included
    PARAMETER = "parameter"  # an unescaped `#` inside a value: a macro parameter
    CARET_ESCAPE = "caret-escape"  # `^^5c` is read as a backslash: any macro can hide behind it


@dataclass(frozen=True, slots=True)
class UnsafeLatex:
    """A field (or @string) value that could make LaTeX do more than typeset."""

    line: int  # 1-based line of the field in the .bib
    key: str  # entry key or @string name
    field: str
    hazard: LatexHazard
    token: str  # what was found: "\\input", "%", "#", "^^"


def unsafe_latex(text: str) -> list[UnsafeLatex]:
    """Every dangerous macro, unescaped `%` or `#` and `^^` escape in the entries' and @strings' values.

    @preamble is left alone: it is LaTeX code by design and no API text goes there.
    """
    library = bibtexparser.parse_string(text, parse_stack=[])
    found: list[UnsafeLatex] = []
    for block in library.blocks:
        if isinstance(block, Entry):
            for field in block.fields:
                line = (field.start_line if field.start_line is not None else block.start_line or 0) + 1
                found.extend(_value_hazards(str(field.value), line, block.key, field.key))
        elif isinstance(block, String):
            found.extend(_value_hazards(str(block.value), (block.start_line or 0) + 1, block.key, "@string"))
    return found


def assign_keys(items: Sequence[BibItem]) -> dict[str, str]:
    """Citation key per DOI: `cui2024scgpt`; clashing keys get `a`, `b`, ... in DOI order."""
    dois_by_base: dict[str, list[str]] = {}
    for item in items:
        dois_by_base.setdefault(base_key(item.work, item.model), []).append(item.work.doi)
    key_by_doi: dict[str, str] = {}
    for base, dois in dois_by_base.items():
        unique_dois = sorted(set(dois))
        if len(unique_dois) == 1:
            key_by_doi[unique_dois[0]] = base
            continue
        log.info("citation key %s is shared by %d works; adding suffixes", base, len(unique_dois))
        for index, doi in enumerate(unique_dois):
            key_by_doi[doi] = base + letter_suffix(index)
    return key_by_doi


def base_key(work: WorkRecord, model: str | None) -> str:
    """`cui2024scgpt` before any clash suffix ('anon' / 'nd' when author / year are unknown)."""
    family = _ascii_letters(work.authors[0].family).lower() if work.authors else ""
    year = str(work.year) if work.year else "nd"
    return f"{family or 'anon'}{year}{_key_word(work, model)}"


def full_title(work: WorkRecord) -> str:
    """Title and subtitle, cleaned: 'Title: Subtitle'."""
    title = clean_markup(work.title)
    subtitle = clean_markup(work.subtitle)
    if subtitle and not title.endswith(subtitle):
        return f"{title}: {subtitle}"
    return title


def doi_url(doi: str) -> str:
    """`https://doi.org/` + the DOI, percent-encoding what a URL or a Markdown link cannot hold.

    >>> doi_url("10.1002/(sici)1097-0258")
    'https://doi.org/10.1002/%28sici%291097-0258'
    """
    return "https://doi.org/" + quote(doi, safe="/:;.,-_~!$&'*+=@")


def is_arxiv(work: WorkRecord) -> bool:
    return work.doi.startswith("10.48550/") or (work.container or "").casefold() == "arxiv"


def is_posted_preprint(work: WorkRecord) -> bool:
    return work.type == "posted-content" and (work.is_preprint or work.subtype == "preprint")


def arxiv_id(work: WorkRecord) -> str | None:
    if work.arxiv_id:
        return work.arxiv_id
    return arxiv_id_of_doi(work.doi)


# ---------------------------------------------------------------- entries


def merge_by_doi(items: Iterable[BibItem]) -> list[BibItem]:
    """One item per DOI; model, code and preprint from any row, the smallest value when rows differ."""
    items_by_doi: dict[str, list[BibItem]] = {}
    for item in items:
        items_by_doi.setdefault(item.work.doi, []).append(item)
    merged = []
    for doi in sorted(items_by_doi):
        group = items_by_doi[doi]
        code_urls = sorted({item.code_url for item in group if item.code_url})
        if len(code_urls) > 1:
            log.warning("%s: rows give different code links %s; using %s", doi, code_urls, code_urls[0])
        merged.append(
            BibItem(
                work=group[0].work,
                code_url=code_urls[0] if code_urls else None,
                model=min((item.model for item in group if item.model), default=None),
                preprint=min(
                    (item.preprint for item in group if item.preprint),
                    key=lambda work: work.doi,
                    default=None,
                ),
                code_ruled_out=not code_urls and any(item.code_ruled_out for item in group),
            )
        )
    return merged


def new_entry(key: str, item: BibItem, *, latex: bool, note: bool = True) -> Entry:
    """The entry enrich writes for `item` under `key` (fields in `FIELD_ORDER`; no note when `note` is false)."""
    work = item.work
    entry_type, type_fields = _type_and_venue(work, latex=latex)
    values: dict[str, str] = {
        "author": _authors(work.authors, latex=latex),
        "title": _title(full_title(work), item.model, latex=latex),
        "year": str(work.year) if work.year else "",
        "volume": _text(work.volume, latex=latex),
        "number": _text(work.issue, latex=latex),
        "pages": _text(_DASHES_RE.sub("--", work.pages), latex=latex) if work.pages else "",
        "publisher": _text(work.publisher, latex=latex),
        **_doi_fields(work.doi),
        **type_fields,
        **_eprint_fields(work if is_arxiv(work) else item.preprint),
    }
    if note:
        values["note"] = _note(preprint=entry_type == "misc" and is_posted_preprint(work), code_url=item.code_url)
    fields = [Field(name, values[name]) for name in FIELD_ORDER if values.get(name)]
    return Entry(entry_type, key, fields)


def _type_and_venue(work: WorkRecord, *, latex: bool) -> tuple[str, dict[str, str]]:
    venue = _text(work.container, latex=latex)
    if is_arxiv(work):
        return "misc", {"howpublished": "arXiv"}
    if is_posted_preprint(work):
        return "misc", {"howpublished": venue or _text(work.publisher, latex=latex)}
    if work.type == "journal-article" and venue:
        return "article", {"journal": venue}
    if work.type == "proceedings-article" and venue:
        return "inproceedings", {"booktitle": venue}
    if work.type == "book-chapter" and venue and work.publisher:
        return "incollection", {"booktitle": venue}
    return "misc", {"howpublished": venue}


def _doi_fields(doi: str) -> dict[str, str]:
    if not _SAFE_DOI_RE.match(doi):
        log.warning("DOI %r is not a DOI a .bib can hold verbatim; doi and url left out", doi)
        return {}
    return {"doi": doi, "url": doi_url(doi)}


def _eprint_fields(work: WorkRecord | None) -> dict[str, str]:
    identifier = arxiv_id(work) if work is not None and is_arxiv(work) else None
    if not identifier or _SPECIALS_RE.search(identifier):
        return {}
    return {"eprint": identifier, "archivePrefix": "arXiv"}


def _note(*, preprint: bool, code_url: str | None) -> str:
    parts = ["Preprint."] if preprint else []
    if code_url and _SAFE_CODE_URL_RE.match(code_url):
        parts.append(rf"Code: \url{{{code_url}}}")
    elif code_url:
        log.warning("code link %r is not a plain GitHub URL; left out of the .bib", code_url)
    return " ".join(parts)


# ---------------------------------------------------------------- names and keys


def _authors(authors: Sequence[Author], *, latex: bool) -> str:
    return " and ".join(_author(author, latex=latex) for author in authors if author.family)


def _author(author: Author, *, latex: bool) -> str:
    family = _text(author.family, latex=latex)
    if not author.given:
        return f"{{{family}}}"  # an organisation, or a name BibTeX must not split
    if "," in author.family or re.search(r"\sand\s", author.family, re.IGNORECASE):
        family = f"{{{family}}}"
    return f"{family}, {_text(author.given, latex=latex)}"


def _key_word(work: WorkRecord, model: str | None) -> str:
    if model:
        model_word = _ascii_alnum(model).lower()
        if model_word:
            return model_word
    for word in re.split(r"[^\w]+", ascii_fold(full_title(work)).casefold()):
        if word and word not in _STOP_WORDS:
            return _ascii_alnum(word)
    return ""


def _ascii_letters(text: str) -> str:
    return re.sub(r"[^A-Za-z]", "", ascii_fold(text.translate(_TRANSLITERATION)))


def _ascii_alnum(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", ascii_fold(text.translate(_TRANSLITERATION)))


def letter_suffix(index: int) -> str:
    """`a`, `b`, ..., `z`, `aa`, ... for index 0, 1, ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


# ---------------------------------------------------------------- escaping


def _title(title: str, model: str | None, *, latex: bool) -> str:
    """Escape the title and brace-protect mixed-case words and the model name; keep `$...$` math."""
    pieces = []
    for text, is_math in _split_math(title):
        if is_math:
            pieces.append(_encode_non_ascii(text) if latex else text)
        else:
            pieces.append(_protect_words(text, model, latex=latex))
    return "".join(pieces)


def _split_math(text: str) -> list[tuple[str, bool]]:
    """(segment, is_math) pairs; math only when every `$` is paired and the segment is safe math."""
    if text.count("$") % 2:
        return [(text, False)]
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in _MATH_RE.finditer(text):
        segments.append((text[position : match.start()], False))
        segments.append((match.group(), is_safe_math(match.group())))
        position = match.end()
    segments.append((text[position:], False))
    return [segment for segment in segments if segment[0]]


def is_safe_math(math: str) -> bool:
    """`$...$` that LaTeX can only typeset: no macro outside `SAFE_MATH_MACROS`, no control symbol, no `%`, `#`,
    `&` or `~`, no `^^` (TeX reads `^^5c` as a backslash), balanced braces.

    >>> is_safe_math("$x_{i}^{2}$"), is_safe_math("$a % b$")
    (True, False)
    """
    inner = math[1:-1]
    if "^^" in inner or not _braces_balance(inner):
        return False
    for token in _MATH_TOKEN_RE.findall(inner):
        if token.startswith("\\") and token[1:] not in SAFE_MATH_MACROS:
            return False
        if not token.startswith("\\") and token not in _SAFE_MATH_CHARS:
            return False
    return True


def _braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _protect_words(text: str, model: str | None, *, latex: bool) -> str:
    if model and model in text:
        pattern = re.compile(rf"(?<![\w]){re.escape(model)}(?![\w])")
        pieces = pattern.split(text)
        protected_model = "{" + _text(model, latex=latex) + "}"
        return protected_model.join(_protect_words(piece, None, latex=latex) for piece in pieces)
    return "".join(_protect_token(token, latex=latex) for token in re.split(r"(\s+)", text))


def _protect_token(token: str, *, latex: bool) -> str:
    match = _TOKEN_RE.match(token)
    assert match is not None  # the pattern matches every string
    lead, core, trail = match.groups()
    escaped = _text(core, latex=latex)
    if any(char.isupper() for char in core[1:]):
        escaped = "{" + escaped + "}"
    return _text(lead, latex=latex) + escaped + _text(trail, latex=latex)


def _text(value: str | None, *, latex: bool) -> str:
    """Escape LaTeX specials; with `latex`, also non-ASCII characters as braced LaTeX macros."""
    if not value:
        return ""
    escaped = _SPECIALS_RE.sub(lambda match: _LATEX_SPECIALS[match.group()], value)
    return _encode_non_ascii(escaped) if latex else escaped


def _encode_non_ascii(text: str) -> str:
    return "".join(
        char if char.isascii() else _brace(unicode_to_latex(char, non_ascii_only=True)) for char in text
    )


def _brace(macro: str) -> str:
    if macro.startswith("\\"):
        return "{" + macro + "}"
    return macro


# ---------------------------------------------------------------- validation


def _failed_block_problem(block: ParsingFailedBlock) -> str:
    line = block.start_line + 1 if block.start_line is not None else "?"
    if isinstance(block, DuplicateBlockKeyBlock):
        return f"line {line}: duplicate key {block.key!r}"
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    return f"line {line}: cannot parse block: {reason}"


def _has_value(entry: Entry, name: str) -> bool:
    field = entry.fields_dict.get(name)
    return field is not None and bool(str(field.value).strip())


_DANGEROUS_MACROS = frozenset(
    "input include includeonly InputIfFileExists IfFileExists openin openout closein closeout read readline write "
    "immediate catcode lccode uccode sfcode mathcode delcode def edef gdef xdef let futurelet csname endcsname "
    "expandafter noexpand newcommand renewcommand providecommand DeclareRobustCommand newenvironment "
    "renewenvironment usepackage RequirePackage documentclass makeatletter makeatother endinput scantokens everyeof "
    "everypar everymath everydisplay everyhbox everyvbox everyjob special shipout output pdfobj pdfliteral "
    "directlua latelua luaexec ShellEscape jobname aftergroup afterassignment outer long global errmessage "
    "batchmode nonstopmode scrollmode".split()
)
_CONTROL_WORD_RE = re.compile(r"\\@*([A-Za-z]+)")
# fields biblatex reads verbatim: a URL may hold `%20` or a `#fragment`
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw"})


def _value_hazards(raw: str, line: int, key: str, field: str) -> list[UnsafeLatex]:
    found = [UnsafeLatex(line, key, field, LatexHazard.MACRO, "\\" + match.group(1))
             for match in _CONTROL_WORD_RE.finditer(raw) if match.group(1) in _DANGEROUS_MACROS]
    if "^^" in raw:
        found.append(UnsafeLatex(line, key, field, LatexHazard.CARET_ESCAPE, "^^"))
    if field.lower() not in _VERBATIM_FIELDS:
        found.extend(UnsafeLatex(line, key, field, hazard, char) for char, hazard in _unescaped_specials(raw))
    return found


def _unescaped_specials(raw: str) -> list[tuple[str, LatexHazard]]:
    """`%` anywhere and `#` inside braces or quotes (outside them `#` joins strings), unless backslash-escaped."""
    found: list[tuple[str, LatexHazard]] = []
    depth, quoted, backslashes = 0, False, 0
    for char in raw:
        escaped = backslashes % 2 == 1
        backslashes = backslashes + 1 if char == "\\" else 0
        if escaped:
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "%":
            found.append(("%", LatexHazard.COMMENT))
        elif char == "#" and (depth or quoted):
            found.append(("#", LatexHazard.PARAMETER))
    return found
