"""Frozen records passed between stages. JSON dicts stay in `clients/`; everything else speaks these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from enrich.evidence import Evidence, Route


# ---------------------------------------------------------------- catalogue


class ColumnRole(StrEnum):
    """What a table column means, found from its header text, never from its position."""

    MODEL = "model"
    PAPER = "paper"
    CODE = "code"
    BENCHMARKED = "benchmarked-models"
    DESCRIPTION = "description"  # "Highlights/Main Focus": free text, a weak hint for verification
    TITLE = "title"  # some lists give the title, authors and year their own columns
    AUTHORS = "authors"
    YEAR = "year"
    VENUE = "venue"  # journal or conference: evidence like the rest of the row
    OTHER = "other"


class Shape(StrEnum):
    """How a catalogue lays out its papers: table rows, or items of a bullet list."""

    TABLE = "table"
    LIST = "list"


class RowStatus(StrEnum):
    COMPLETE = "complete"  # the paper cell already links a paper (DOI, publisher, preprint server)
    NEEDS_RESOLUTION = "needs-resolution"  # names a paper only by text, e.g. "Haotian Cui et al., 2024"
    PLACEHOLDER = "placeholder"  # a template row (links to "#", generic titles); needs a human


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown inline link `[text](url)` found in a cell."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One table row or list item. `line` is 1-based and is what errors and the report cite.

    A list item is cut into parts the way a row is cut into cells (marker, lead name, text, each link); the parts
    joined give the line back, and a missing paper or code link is an empty part at the end, so `CellEdit`
    addresses both shapes the same way.
    """

    line: int
    section: tuple[str, ...]  # headings above the table, outermost first, emoji-free
    table_index: int  # 0-based index of the table or list in the document (catalogue blocks only)
    roles: tuple[ColumnRole, ...]  # one per cell (list item: one per part)
    cells: tuple[str, ...]  # raw cell text, exactly as in the file (padding included); list item: its parts
    model: str | None  # model name without emoji, e.g. "scGPT"
    pretrained: bool  # the row carries the legend's pretrained marker
    paper_text: str  # paper cell, stripped, links kept as written
    paper_title: str | None  # title as far as the row states it (link text or plain title)
    paper_url: str | None  # first link in the paper cell ("#" kept: it marks a placeholder)
    code_url: str | None  # first link in the code cell
    authors: tuple[str, ...]  # names as written: ("Haotian Cui",) or ("Hao, M.", "Gong, J.")
    year: int | None
    status: RowStatus
    duplicate_of: int | None = None  # line of the earlier row that names the same model in the same table
    description: str | None = None  # the highlights/main-focus cell, stripped
    title_hint: str | None = None  # a title read from a plain reference ("X et al. Title. Journal (2023)"):
    # good enough to search by and to confirm a match, never to reject one (the parse may be off)
    venue: str | None = None  # journal or conference as the row states it ("Nature Methods", "NeurIPS")
    shape: Shape = Shape.TABLE

    @property
    def key(self) -> str:
        """Stable identifier in reports and the cache: the row's line number."""
        return f"L{self.line}"


@dataclass(frozen=True, slots=True)
class RepairedLine:
    line: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EncodingRepair:
    """What the encoding repair did to the whole document."""

    method: str  # "none" | "macroman-roundtrip" | "ftfy-per-line"
    changed_lines: tuple[RepairedLine, ...] = ()


@dataclass(frozen=True, slots=True)
class CellEdit:
    """Replace the content of one cell, or of one part of a list item (padding around it is kept by the writer).

    An empty list-item part (a paper or code link the item does not have yet) is filled with a separating space.
    """

    line: int
    column: int  # 0-based cell index (list item: part index)
    new_content: str  # already escaped for a table cell
    old_content: str | None = None  # when given, the writer refuses if the cell changed meanwhile


# ---------------------------------------------------------------- bibliographic records


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str | None = None
    orcid: str | None = None

    def display(self) -> str:
        return f"{self.given} {self.family}" if self.given else self.family


# Crossref update types that take a work back; any of them must stop a DOI from being written as a normal link.
RETRACTING_UPDATES = frozenset({"retraction", "withdrawal", "removal"})


@dataclass(frozen=True, slots=True)
class Update:
    """An `updated-by`/`update-to` link: a correction, retraction, new version, ..."""

    kind: str  # Crossref update type, lower case: "correction", "retraction", "new_version", ...
    doi: str


@dataclass(frozen=True, slots=True)
class WorkRecord:
    """A work as Crossref or DataCite describes it, normalised. DOIs are lower-case, no URL prefix."""

    doi: str
    title: str  # cleaned: markup stripped, whitespace collapsed
    source: str  # "crossref" | "datacite"
    type: str  # Crossref vocabulary ("journal-article", "posted-content", ...); DataCite mapped onto it
    authors: tuple[Author, ...] = ()
    year: int | None = None
    subtitle: str = ""
    container: str | None = None  # journal, proceedings or server ("bioRxiv", "arXiv")
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    subtype: str | None = None  # "preprint" for posted-content preprints
    is_preprint: bool = False
    preprint_of: tuple[str, ...] = ()  # DOIs of the published version(s): is-preprint-of, IsVersionOf
    has_preprint: tuple[str, ...] = ()  # DOIs of preprints: has-preprint
    updated_by: tuple[Update, ...] = ()  # corrections, retractions pointing at this work
    update_to: tuple[Update, ...] = ()  # this work is itself a notice about another DOI
    arxiv_id: str | None = None
    abstract: str = ""  # plain text, markup stripped ("" when the service has none)
    urls: tuple[str, ...] = ()  # every URL the record mentions (links, relations, abstract), for code discovery
    relevance: float | None = None  # the service's own unnormalised score; never used alone

    @property
    def is_retracted(self) -> bool:
        return any(update.kind in RETRACTING_UPDATES for update in self.updated_by)

    def cite(self) -> str:
        """A short reference for reasons and reports: "'Title' by Family (Year)"."""
        first = self.authors[0].family if self.authors else "no author"
        return f"'{self.title}' by {first} ({self.year})"


# ---------------------------------------------------------------- decisions


class Decision(StrEnum):
    RESOLVED = "resolved"
    LINK_VERIFIED = "already-linked-verified"
    LINK_DISAGREES = "link-disagrees"
    ABSTAINED = "abstained"
    PLACEHOLDER = "placeholder"
    CACHE_MISS = "cache-miss"  # --offline and the cache had no answer
    DEFERRED = "deferred"  # a service was unavailable or rate-limited; try again next run

    @property
    def accepted(self) -> bool:
        """A verified answer: found and verified, or the row's own link checked out."""
        return self in (Decision.RESOLVED, Decision.LINK_VERIFIED)


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    work: WorkRecord
    confidence: float  # 0..1
    evidence: tuple[Evidence, ...]  # what matched: a title similarity, the first author, the year, ...
    objections: tuple[Evidence, ...] = ()  # why it cannot be accepted: a notice, another year, missing evidence

    @property
    def acceptable(self) -> bool:
        return not self.objections


@dataclass(frozen=True, slots=True)
class Resolution:
    """The DOI decision for one entry."""

    entry_line: int
    decision: Decision
    work: WorkRecord | None = None  # the version of record when there is one
    preprint: WorkRecord | None = None  # the preprint of `work`, remembered
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    reasons: tuple[Evidence, ...] = ()  # why it abstained / disagrees / was deferred
    candidates: tuple[ScoredCandidate, ...] = ()  # best first, for the report
    lookups: tuple[tuple[Route, int], ...] = ()  # searches and fetches asked per route (cache hits included)


@dataclass(frozen=True, slots=True)
class RepoRecord:
    """A GitHub repository as the API describes it."""

    full_name: str  # "owner/name" after following any rename
    html_url: str
    description: str = ""
    fork: bool = False
    archived: bool = False
    size: int = 0
    stargazers: int = 0
    topics: tuple[str, ...] = ()
    homepage: str | None = None
    renamed_from: str | None = None  # "old-owner/old-name" when reached through a 301
    readme: str = ""  # decoded README text ("" when none)
    path: str | None = None  # subfolder of a monorepo, when the answer is a folder
    default_branch: str | None = None  # where a monorepo folder's tree URL points
    citation_cff: str = ""  # the CITATION.cff text ("" when none or not fetched)


@dataclass(frozen=True, slots=True)
class ScoredRepo:
    repo: RepoRecord
    confidence: float
    evidence: tuple[Evidence, ...]  # typed repository evidence (named after the model, cites the paper, ...)
    objections: tuple[Evidence, ...] = ()  # a fork, a list, another paper's code; or evidence still missing


@dataclass(frozen=True, slots=True)
class CodeResolution:
    """The code-link decision for one entry."""

    entry_line: int
    decision: Decision
    url: str | None = None  # https://github.com/owner/name[/tree/branch/path]
    repo: RepoRecord | None = None
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    reasons: tuple[Evidence, ...] = ()
    candidates: tuple[ScoredRepo, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Row:
    """One catalogue row and what was decided about it: its paper, its code and the cell edits they make.

    The stages after the decisions (edits, report, summary, flags) read rows, not dicts keyed by line number.
    """

    entry: CatalogueEntry
    paper: Resolution | None = None
    code: CodeResolution | None = None
    edits: tuple[CellEdit, ...] = ()

    @property
    def line(self) -> int:
        return self.entry.line
