"""Typed evidence: what speaks for or against a candidate (a work or a repository), and why a row was decided.

Decisions read only `kind`, `strength` and `value`; `detail` and `context` hold what a person needs to check
the decision (a family name, a DOI, a short citation) and are turned into words only by `enrich.report.describe`.

>>> Evidence(Kind.FIRST_AUTHOR, "avsec").against
False
>>> Evidence(Kind.YEAR_DIFFERS, "2019", Strength.CONTRADICTS, context="2023").contradicts
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Strength(StrEnum):
    """How much one piece of evidence weighs; the last two are objections."""

    STRONG = "strong"  # content evidence that can carry an acceptance (title, model in title, citing README)
    SUPPORTING = "supporting"  # needed, never enough alone (author, year, a version relation)
    WEAK = "weak"  # may reorder close candidates, never decides (description overlap, a mention)
    NOTE = "note"  # a fact reported beside a decision, no weight (a correction notice, the preprint's DOI)
    UNCONFIRMED = "unconfirmed"  # against: evidence is missing; nothing contradicts the row
    CONTRADICTS = "contradicts"  # against: the candidate is another work, a notice, retracted, ...


class Field(StrEnum):
    """The part of a record or row that a piece of evidence is about."""

    TITLE = "title"
    AUTHOR = "author"
    YEAR = "year"
    MODEL = "model"
    TYPE = "type"
    ABSTRACT = "abstract"
    DESCRIPTION = "description"
    VENUE = "venue"  # the journal or conference a row names
    RELATION = "relation"  # preprint / version / update relations between records
    LINK = "link"  # a link a person wrote in the row
    ROW = "row"  # the row as a whole (placeholder, duplicate, nothing to look for)
    CANDIDATES = "candidates"  # the set of candidates (none, ambiguous)
    SERVICE = "service"  # a registry or GitHub (unavailable, offline cache miss)
    OVERRIDE = "override"  # the maintainers' overrides file
    REPOSITORY = "repository"  # repository metadata: fork, list, mirror, description, homepage
    README = "readme"  # a repository's README or CITATION.cff


class Kind(StrEnum):
    """What was observed. Paper-side kinds first, then repository-side kinds, then decision-level reasons."""

    # -- a work against the row
    TITLE_MATCH = "title-match"  # value: similarity to the row's title
    TITLE_HINT_MATCH = "title-hint-match"  # value: similarity to a title read from a plain reference
    TITLE_DIFFERS = "title-differs"
    TITLE_NUMBER_DIFFERS = "title-number-differs"  # close titles, but one numbers another work ("X 2", "... II")
    TITLE_BELOW_ACCEPT = "title-below-accept"  # value: similarity; context: the threshold
    TITLE_BELOW_SUPPORT = "title-below-support"
    FIRST_AUTHOR = "first-author"  # detail: folded family name
    CO_FIRST_AUTHOR = "co-first-author"  # the row's person is among the first three authors
    SENIOR_AUTHOR = "senior-author"  # the row's person is the last author
    AUTHOR_DIFFERS = "author-differs"  # detail: the work's first author; context: the row's name
    NO_AUTHORS = "no-authors"
    NO_ROW_AUTHOR = "no-row-author"
    AUTHOR_NEEDS_CONTENT = "author-needs-content"  # co-first/senior author matched, content evidence too weak
    CO_AUTHOR = "co-author"  # a further person the row names is on the work; detail: folded family name
    CO_AUTHOR_MISSING = "co-author-missing"  # a further person the row names is not; detail: the row's name
    COMMON_NAME_ONLY = "common-name-only"  # a short model name and a common family name, nothing else; detail:
    # the family name; context: the model
    YEAR = "year"  # detail: the work's year; context: the row's year ("" when none)
    YEAR_DIFFERS = "year-differs"
    NO_YEAR = "no-year"
    MODEL_HEADS_TITLE = "model-heads-title"  # detail: the model name
    MODEL_ACRONYM = "model-acronym"
    MODEL_INSIDE_TITLE = "model-inside-title"
    MODEL_INTRODUCED_IN_ABSTRACT = "model-introduced-in-abstract"
    MODEL_MENTIONED_IN_ABSTRACT = "model-mentioned-in-abstract"
    MODEL_NOT_IN_TITLE = "model-not-in-title"
    MODEL_INSIDE_NOT_INTRODUCED = "model-inside-not-introduced"
    MODEL_ALSO_NAMED_BY = "model-also-named-by"  # context: the other works
    NOTHING_TO_COMPARE = "nothing-to-compare"
    DESCRIPTION_OVERLAP = "description-overlap"  # value: share of the description's words found
    VENUE_MATCH = "venue-match"  # detail: the row's venue; context: the record's journal or proceedings
    NOT_A_PAPER = "not-a-paper"  # detail: the record's type
    NOTICE_FOR = "notice-for"  # detail: the DOI it updates; context: the update kind
    NOTICE_TITLE = "notice-title"
    RETRACTED_BY = "retracted-by"  # detail: the notice's DOI
    UPDATED_BY = "updated-by"  # a correction or similar; detail: notice DOI; context: update kind
    # -- versions of one work
    PUBLISHED_VERSION = "published-version"  # detail: version of record DOI; context: preprint DOI
    PREPRINT = "preprint"  # detail: the remembered preprint DOI
    HAS_PREPRINT = "has-preprint"
    VERSION_AUTHORS_DIFFER = "version-authors-differ"
    VERSION_YEARS_APART = "version-years-apart"  # detail / context: the two years
    VERSION_TITLES_DIFFER = "version-titles-differ"  # value: similarity
    # -- how a candidate was reached
    LINK_DOI = "link-doi"  # detail: the DOI the row's link carries
    LINK_FOUND_BY_SEARCH = "link-found-by-search"  # detail: a link without a DOI
    FOUND_BY_ROUTE = "found-by-route"  # detail: a `Route` value
    SAME_MODEL_AS_LINE = "same-model-as-line"  # detail: line; context: DOI
    OVERRIDE = "override"
    # -- a repository against the row and its paper
    REPO_IN_ROW = "repo-in-row"
    REPO_IN_RECORD = "repo-in-record"
    REPO_FOUND_BY_SEARCH = "repo-found-by-search"
    REPO_FOUND_BY_CITATION = "repo-found-by-citation"  # a wider search: the paper's DOI or title in READMEs, or
    # the model's name (or its singular) in names and descriptions; detail: the query
    REPO_NAMES_MODEL = "repo-names-model"
    REPO_CITES_DOI = "repo-cites-doi"  # detail: the DOI; context: where (README, CITATION.cff, description)
    REPO_CITES_PREPRINT = "repo-cites-preprint"
    REPO_CITES_ARXIV = "repo-cites-arxiv"
    REPO_CITES_TITLE = "repo-cites-title"
    REPO_CITES_OTHER_PAPER = "repo-cites-other-paper"
    REPO_NAMES_PAPER_AS_OTHERS = "repo-names-paper-as-others"  # only where it speaks of others' work; detail: the
    # DOI or title
    REPO_FOLDER_NAMED = "repo-folder-named"  # a monorepo's root README names the folder with the title
    REPO_AUTHOR_OWNS = "repo-author-owns"
    FORK = "fork"
    PAPER_LIST = "paper-list"
    MIRROR = "mirror"
    EMPTY_REPO = "empty-repo"
    UNOFFICIAL = "unofficial"
    REPO_ROOT_LISTS_FOLDER = "repo-root-lists-folder"  # detail: the folder; a monorepo's root README lists it with
    # the paper's title
    REPO_RENAMED = "repo-renamed"  # detail: the old owner/name; context: the new one
    REPO_NOT_NAMED = "repo-not-named"  # the name does not spell the model; context: the model
    REPO_NOT_CITING = "repo-not-citing"  # nothing in it cites the paper; context: "owner-no-author" for search hits
    REPO_NOT_FOUND = "repo-not-found"  # GitHub answers 404
    REPO_NOT_CHECKED = "repo-not-checked"  # over the per-row README budget
    REPO_NOT_TIED = "repo-not-tied"  # a wider search's hit cites the paper, but neither its name nor its owner
    # ties it to the model or the authors
    REPOS_SEVERAL = "repos-several"  # detail: the repositories that qualify
    NO_REPOSITORY = "no-repository"  # nothing linked and no model name to search for
    CODE_ELSEWHERE = "code-elsewhere"  # detail: the other code hosts
    CODE_LINK_NOT_GITHUB = "code-link-not-github"  # detail: the host
    SEARCH_EMPTY = "search-empty"  # GitHub search found no repository
    RATE_LIMITED = "rate-limited"  # detail: when the quota renews
    RECORD_LINKS_REPO = "record-links-repo"  # detail: repositories the paper's record links instead
    PAPER_FOUND_HERE = "paper-found-here"  # the paper (detail: its DOI) was found through this repository
    # -- decision-level reasons
    PLACEHOLDER_ROW = "placeholder-row"
    NOTHING_TO_SEARCH = "nothing-to-search"
    NO_CANDIDATES = "no-candidates"
    NONE_VERIFIED = "none-verified"  # detail: the best candidate; because: its objections
    AMBIGUOUS = "ambiguous"  # because: CANDIDATE items
    CANDIDATE = "candidate"  # detail: a short citation of one candidate
    RETRACTED = "retracted"  # detail: the notice's DOI
    DOI_NOT_FOUND = "doi-not-found"
    LINK_RESOLVES_ELSEWHERE = "link-resolves-elsewhere"  # detail: citation; because: objections
    LINK_UNCONFIRMED = "link-unconfirmed"
    LINK_SEARCH_UNVERIFIED = "link-search-unverified"  # detail: the link without a DOI
    PAPER_LINK_UNVERIFIED = "paper-link-unverified"  # audit: the row's paper link did not verify
    CACHE_MISS = "cache-miss"  # detail: what was missing
    SERVICE_FAILED = "service-failed"  # detail: the failure
    OVERRIDE_ABSTAIN = "override-abstain"  # detail: the maintainers' reason
    OVERRIDE_DOI_MISSING = "override-doi-missing"


class Route(StrEnum):
    """How a candidate was reached, cheapest first; the report counts requests per route."""

    ROW_LINK = "row-link"  # the DOI or identifier the row carries
    SEARCH = "search"  # the bibliographic query from the row's text
    TITLE_SEARCH = "title-search"  # a title-only query
    MODEL_AUTHOR_SEARCH = "model-author-search"  # the model name with the first author's family name
    DATACITE_SEARCH = "datacite-search"  # arXiv preprints
    VERSION = "version"  # a preprint/published relation from a verified record
    REPOSITORY = "repository"  # a DOI or title the official repository cites


# Contexts of REPO_NOT_CITING for a search hit: why a citation was needed (nor is the owner an author; the name
# searched for is the head of the row's title, which may be a common word).
OWNER_NOT_AUTHOR = "owner-not-author"
MODEL_FROM_TITLE = "model-from-title"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observation for or against a candidate, or one reason for a decision."""

    kind: Kind
    detail: str = ""
    strength: Strength = Strength.SUPPORTING
    context: str = ""  # the second datum, when there is one: what the row states, the other DOI, a threshold
    value: float | None = None  # a measured similarity or share, 0..1
    because: tuple[Evidence, ...] = ()  # nested reasons: the objections behind "no candidate verified"

    @property
    def field(self) -> Field:
        """The part of the record or row this is about."""
        return FIELD_OF_KIND[self.kind]

    @property
    def against(self) -> bool:
        """An objection: a candidate carrying one is not accepted."""
        return self.strength in (Strength.UNCONFIRMED, Strength.CONTRADICTS)

    @property
    def contradicts(self) -> bool:
        """An objection that says the candidate is something else, not only that evidence is missing."""
        return self.strength is Strength.CONTRADICTS


def reason(kind: Kind, detail: str = "", *, context: str = "", because: tuple[Evidence, ...] = ()) -> Evidence:
    """A decision-level reason (abstained, deferred, ...): a note carrying no weight of its own."""
    return Evidence(kind, detail, Strength.NOTE, context=context, because=because)


def has_kind(items: tuple[Evidence, ...] | list[Evidence], *kinds: Kind) -> bool:
    """True when any item is of one of `kinds`."""
    return any(item.kind in kinds for item in items)


def _fields(field: Field, *kinds: Kind) -> dict[Kind, Field]:
    return dict.fromkeys(kinds, field)


FIELD_OF_KIND: dict[Kind, Field] = {
    **_fields(Field.TITLE, Kind.TITLE_MATCH, Kind.TITLE_HINT_MATCH, Kind.TITLE_DIFFERS, Kind.TITLE_NUMBER_DIFFERS,
              Kind.TITLE_BELOW_ACCEPT,
              Kind.TITLE_BELOW_SUPPORT, Kind.NOTICE_TITLE, Kind.NOTHING_TO_COMPARE),
    **_fields(Field.AUTHOR, Kind.FIRST_AUTHOR, Kind.CO_FIRST_AUTHOR, Kind.SENIOR_AUTHOR, Kind.AUTHOR_DIFFERS,
              Kind.NO_AUTHORS, Kind.NO_ROW_AUTHOR, Kind.AUTHOR_NEEDS_CONTENT, Kind.VERSION_AUTHORS_DIFFER,
              Kind.CO_AUTHOR, Kind.CO_AUTHOR_MISSING, Kind.COMMON_NAME_ONLY),
    **_fields(Field.YEAR, Kind.YEAR, Kind.YEAR_DIFFERS, Kind.NO_YEAR, Kind.VERSION_YEARS_APART),
    **_fields(Field.MODEL, Kind.MODEL_HEADS_TITLE, Kind.MODEL_ACRONYM, Kind.MODEL_INSIDE_TITLE,
              Kind.MODEL_NOT_IN_TITLE, Kind.MODEL_INSIDE_NOT_INTRODUCED),
    **_fields(Field.ABSTRACT, Kind.MODEL_INTRODUCED_IN_ABSTRACT, Kind.MODEL_MENTIONED_IN_ABSTRACT,
              Kind.MODEL_ALSO_NAMED_BY),
    **_fields(Field.DESCRIPTION, Kind.DESCRIPTION_OVERLAP),
    **_fields(Field.VENUE, Kind.VENUE_MATCH),
    **_fields(Field.TYPE, Kind.NOT_A_PAPER),
    **_fields(Field.RELATION, Kind.NOTICE_FOR, Kind.RETRACTED_BY, Kind.UPDATED_BY, Kind.PUBLISHED_VERSION,
              Kind.PREPRINT, Kind.HAS_PREPRINT, Kind.VERSION_TITLES_DIFFER, Kind.RETRACTED),
    **_fields(Field.LINK, Kind.LINK_DOI, Kind.LINK_FOUND_BY_SEARCH, Kind.DOI_NOT_FOUND, Kind.LINK_RESOLVES_ELSEWHERE,
              Kind.LINK_UNCONFIRMED, Kind.LINK_SEARCH_UNVERIFIED, Kind.PAPER_LINK_UNVERIFIED, Kind.REPO_IN_ROW),
    **_fields(Field.ROW, Kind.PLACEHOLDER_ROW, Kind.NOTHING_TO_SEARCH, Kind.SAME_MODEL_AS_LINE),
    **_fields(Field.CANDIDATES, Kind.NO_CANDIDATES, Kind.NONE_VERIFIED, Kind.AMBIGUOUS, Kind.CANDIDATE,
              Kind.FOUND_BY_ROUTE),
    **_fields(Field.SERVICE, Kind.CACHE_MISS, Kind.SERVICE_FAILED),
    **_fields(Field.OVERRIDE, Kind.OVERRIDE, Kind.OVERRIDE_ABSTAIN, Kind.OVERRIDE_DOI_MISSING),
    **_fields(Field.REPOSITORY, Kind.REPO_IN_RECORD, Kind.REPO_FOUND_BY_SEARCH, Kind.REPO_FOUND_BY_CITATION,
              Kind.REPO_NAMES_MODEL, Kind.REPO_AUTHOR_OWNS, Kind.REPO_NOT_TIED, Kind.FORK, Kind.PAPER_LIST,
              Kind.MIRROR, Kind.EMPTY_REPO, Kind.UNOFFICIAL,
              Kind.REPO_RENAMED, Kind.REPO_NOT_NAMED, Kind.REPO_NOT_FOUND, Kind.REPO_NOT_CHECKED, Kind.REPOS_SEVERAL,
              Kind.NO_REPOSITORY, Kind.CODE_ELSEWHERE, Kind.CODE_LINK_NOT_GITHUB, Kind.SEARCH_EMPTY,
              Kind.RECORD_LINKS_REPO, Kind.PAPER_FOUND_HERE),
    **_fields(Field.SERVICE, Kind.RATE_LIMITED),
    **_fields(Field.README, Kind.REPO_CITES_DOI, Kind.REPO_CITES_PREPRINT, Kind.REPO_CITES_ARXIV,
              Kind.REPO_CITES_TITLE, Kind.REPO_CITES_OTHER_PAPER, Kind.REPO_NAMES_PAPER_AS_OTHERS,
              Kind.REPO_FOLDER_NAMED, Kind.REPO_ROOT_LISTS_FOLDER, Kind.REPO_NOT_CITING),
}
