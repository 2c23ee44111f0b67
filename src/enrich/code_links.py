"""Find and verify each paper's official GitHub repository: one decision for the paper and its code.

Candidates, most trusted first: a repository linked in the row, GitHub URLs in the resolved work's record
(links and abstract), then a GitHub search by model name (the model column, or the head of the title:
`DNABERT-2: ...`) when neither gives one; for a settled paper still without code, at most two wider searches
(the model's singular in names and descriptions, the paper's DOIs and title in READMEs), whose hits must cite the
paper and be tied to it by their name or owner. Stars never count.

A repository is the paper's code when it is not a fork, list, mirror or re-implementation and it cites the paper:
its DOI, its preprint's DOI or arXiv id, or its title, in the README, CITATION.cff, the description or the homepage
field (`enrich.repo_citations` reads them). A monorepo is the code when its root README lists the project's
folder with the paper's title; the link then points at that folder. Weaker ties still count where they did:
a repository the paper's record links and that is named after the model; a search hit named after the model
whose owner is an author. A repository that cites another paper, and not this one, is rejected.

`score_repo` is pure: it weighs one repository against the entry and the work and returns typed evidence and
objections (`enrich.evidence`). `find_code` asks GitHub (a repository, a README and, when the README settles
nothing, CITATION.cff per candidate) and decides; below the bar it abstains with the candidates and their
objections. Only https://github.com/... URLs are ever returned.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from enrich.errors import CacheMiss, RateLimited, ServiceError
from enrich.evidence import MODEL_FROM_TITLE, OWNER_NOT_AUTHOR, Evidence, Kind, Strength, has_kind, reason
from enrich.identifiers import arxiv_doi, arxiv_id_of_doi
from enrich.match import is_preprint, title_similarity
from enrich.names import parse as parse_name
from enrich.records import (
    CatalogueEntry,
    CodeResolution,
    ColumnRole,
    Decision,
    RepoRecord,
    Resolution,
    RowStatus,
    ScoredRepo,
    WorkRecord,
)
from enrich.repo_citations import (
    Citation,
    Cited,
    RepoCitations,
    Where,
    citing_text,
    not_ours_citations,
    read_citations,
    split_readme,
)
from enrich.text import ascii_fold, clean_markup, fold

log = logging.getLogger(__name__)

ROW, RECORD, SEARCH, WIDE = "row", "record", "search", "wide"
SOURCE_KIND = {ROW: Kind.REPO_IN_ROW, RECORD: Kind.REPO_IN_RECORD, SEARCH: Kind.REPO_FOUND_BY_SEARCH,
               WIDE: Kind.REPO_FOUND_BY_CITATION}
SOURCE_WEIGHT = {ROW: 0.5, RECORD: 0.6, SEARCH: 0.2, WIDE: 0.2}
WIDE_ROUTE = "wide_search"  # the report counts the wider searches' GitHub requests under this route
MAX_SEARCHES = 2  # GitHub searches per row, the name search included: the search quota is 10 a minute without a token
MAX_OTHER_CITED = 5  # a wider search's hit citing more papers than this beside this one is a list, not its code
QUERY_CHARS = 200  # GitHub refuses queries over 256 characters; a title is cut at a word before this
MAX_LINKED = 3  # linked candidates checked per entry (each costs up to three core requests)
MAX_SEARCH_READMES = 2  # search hits whose README is fetched per entry
MAX_OTHER_LOOKUPS = 2  # DOIs a repository claims as its paper that are looked up to see whether they are another's
SEARCH_ROWS = 5
TITLE_THRESHOLD = 90.0
OTHER_TITLE_BELOW = 0.60  # a cited title this far from every version of the paper names another paper
README_LIMIT = 200_000  # characters of a README compared against the title
UNOFFICIAL_WINDOW = 1_500  # characters at the top of a README where "unofficial ..." disqualifies
CITATION_FILE = "CITATION.cff"
# A title head used as a model name: one to four words before ":" or " - ", at most this many characters.
TITLE_HEAD_MAX = 40

_GITHUB_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?P<name>[A-Za-z0-9._-]{1,100})"
    r"(?:/tree/(?P<branch>[^/\s)\]>\"'#?]+)/(?P<path>[^\s)\]>\"'#?]+))?",
    re.IGNORECASE,
)
_NOT_OWNERS = frozenset({
    "about", "apps", "collections", "customer-stories", "enterprise", "explore", "features", "login", "marketplace",
    "notifications", "orgs", "pricing", "search", "settings", "site", "sponsors", "topics", "trending", "users",
})
_URL = re.compile(r"https?://[^\s)\]>\"']+", re.IGNORECASE)
OTHER_CODE_HOSTS = ("huggingface.co", "gitlab.com", "bitbucket.org", "codeocean.com", "sourceforge.net")
_LIST_WORDS = re.compile(
    r"\b(awesome|papers|paper list|list of|curated (list|collection)|reading list|collection of papers)\b")
_LIST_TOPICS = frozenset({"awesome", "awesome-list", "papers", "paper-list", "papers-list", "survey"})
_MIRROR = re.compile(r"\bmirror\b")
# A repository *named* as teaching or collected material about a model is someone's companion, not its code.
_COMPANION_NAME = re.compile(r"\b(tutorials?|course|lectures?|resources|workshop|notes)\b")
# A repository's own disclaimer that it is not the authors' code ("official implementation", "not a fork" and
# "not an officially supported product" say nothing of the kind).
_UNOFFICIAL = re.compile(
    r"\b(unofficial|re ?implementation|port of"
    r"|(?:third party|community|independent) (?:re ?)?(?:implementation|port|version|wrapper|reproduction|fine ?tun\w*)"
    r"|not (?:the|an|our) official (?:implementation|code|repository|repo|version|release)"
    r"|(?:not|un) ?affiliated with|no affiliation with|not endorsed by"
    r"|not (?:officially )?associated with the (?:original )?authors)\b")
# What a repository that uses a model says of itself: "Fine-tuning X on ...", "a wrapper around X", "using X".
_USES_MODEL = (r"\b(?:fine ?tun\w*|wrappers? (?:for|around|of)|wraps|bindings? for|interface (?:to|for)|plugin for"
               r"|using|uses|serving|deploy\w*|inference (?:with|for))\s+(?:the\s+)?")
_WORD = re.compile(r"[a-z0-9]+")
# A Markdown link target that is a folder of the same repository: "./genomix", "genomix/", "tree/main/genomix".
_RELATIVE_LINK = re.compile(r"\]\((?!https?:|#|mailto:)(?:\./)?(?:(?:blob|tree)/(?P<branch>[^/)\s]+)/)?"
                            r"(?P<path>[A-Za-z0-9_.\-/]+?)/?\)")
_TITLE_HEAD = re.compile(rf"^\s*(?P<head>[^:]{{1,{TITLE_HEAD_MAX}}}?)\s*(?::|\s[-–—]\s)")
_ARTICLES = frozenset({"a", "an", "the"})


class GitHubLike(Protocol):
    """What `find_code` needs from `enrich.clients.github.GitHubClient`."""

    def repo(self, full_name: str) -> RepoRecord | None: ...

    def readme(self, full_name: str, path: str | None = None) -> str: ...

    def file(self, full_name: str, path: str) -> str: ...

    def search(self, query: str, rows: int = 5) -> list[RepoRecord]: ...


# The record of a DOI, for telling whether a repository's own citation is another paper (None: no such DOI).
WorkLookup = Callable[[str], WorkRecord | None]
# Counts the GitHub requests made inside it under a route's name (the report's per-route counts).
RouteCharge = Callable[[str], AbstractContextManager[object]]


def _no_charge(route: str) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass(frozen=True, slots=True)
class RepoLink:
    """A github.com repository (or monorepo folder) named in some text."""

    owner: str
    name: str
    branch: str | None = None
    path: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def key(self) -> tuple[str, str]:
        return self.full_name.casefold(), (self.path or "").casefold()


# ---------------------------------------------------------------- link extraction (pure)


def github_links(text: str) -> list[RepoLink]:
    """Every github.com repository link in `text`, in order, without repeats.

    >>> github_links("code: https://github.com/bowang-lab/scGPT.")
    [RepoLink(owner='bowang-lab', name='scGPT', branch=None, path=None)]
    """
    links: dict[tuple[str, str], RepoLink] = {}
    for found in _GITHUB_URL.finditer(text or ""):
        owner = found.group("owner")
        name = re.sub(r"(\.git)?[.,;:]*$", "", found.group("name"))
        if owner.casefold() in _NOT_OWNERS or not name or name in {".", ".."}:
            continue
        path = (found.group("path") or "").rstrip(".,;:/") or None
        link = RepoLink(owner, name, found.group("branch") if path else None, path)
        links.setdefault(link.key, link)
    return list(links.values())


def other_code_hosts(texts: Iterable[str]) -> list[str]:
    """Code hosts other than GitHub named in `texts` (e.g. huggingface.co), in order of first mention."""
    hosts: list[str] = []
    for text in texts:
        for url in _URL.findall(text or ""):
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            for known in OTHER_CODE_HOSTS:
                if (host == known or host.endswith("." + known)) and known not in hosts:
                    hosts.append(known)
    return hosts


def repo_url(repo: RepoRecord, branch: str | None = None) -> str:
    """https://github.com/owner/name, or .../tree/<branch>/<path> for a monorepo folder (the repository's default
    branch when the link named none)."""
    base = f"https://github.com/{repo.full_name}"
    branch = branch or repo.default_branch
    return f"{base}/tree/{branch}/{repo.path}" if repo.path and branch else base


def search_model(entry: CatalogueEntry) -> str | None:
    """The model name to search GitHub for: the model column, else the name the row's title introduces (its head,
    or a closing "... with X").

    >>> search_model(CatalogueEntry(1, (), 0, (), (), None, False, "", "Nicheformer: a foundation model", None,
    ...                             None, (), None, RowStatus.COMPLETE))
    'Nicheformer'
    """
    if entry.model and entry.model.strip():
        return entry.model.strip()
    title = entry.paper_title or entry.title_hint or ""
    return title_head_model(title) or title_tail_model(title)


_TITLE_TAIL = re.compile(r"\bwith\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z0-9-]{2,30})\s*[.!?]?\s*$")


def title_tail_model(title: str) -> str | None:
    """The name a title ends on after "with" ("... genome scale with Evo"), when it is written as a name: capitalised
    in a sentence-case title, or spelled like one (`scGPT`, `DNABERT-2`) in a title-case title.
    "... with transformers" and "... With Transformers" name no model."""
    text = clean_markup(title)
    found = _TITLE_TAIL.search(text)
    if found is None:
        return None
    name = found.group("name")
    if _spelled_as_name(name):
        return name
    if not name[:1].isupper() or _title_case(text[:found.start()]) or fold(name) in _GENERIC_HEADS:
        return None
    return name


def title_head_model(title: str) -> str | None:
    """The name a title introduces at its head (`DNABERT-2: ...`, `The Nucleotide Transformer - ...`), or None.

    The head must look like a name, not a phrase: one word that is not a generic label ("Review: ..."), or up to
    four capitalised words in a title written in sentence case, or in a title-case title a word spelled like a
    name (`scGPT`, `GenSLMs`, `DNABERT-2`). "Deep learning: a review" has none. A leading article is dropped.
    """
    text = clean_markup(title)
    found = _TITLE_HEAD.match(text)
    if found is None:
        return None
    words = found.group("head").split()
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    if not words or len(words) > 4 or fold(" ".join(words)) in _GENERIC_HEADS:
        return None
    if len(words) > 1:
        capitalised = all(word[:1].isupper() or word[:1].isdigit() for word in words)
        if not capitalised or (_title_case(text[found.end():]) and not any(map(_spelled_as_name, words))):
            return None
    name = " ".join(words)
    return name if len(_model_key(name) or "") >= 3 else None


_GENERIC_HEADS = frozenset({
    "review", "perspective", "perspectives", "correction", "erratum", "editorial", "commentary", "comment",
    "preface", "introduction", "overview", "tutorial", "survey", "opinion", "letter", "reply", "response", "news",
    "primer", "protocol", "research", "methods", "method", "report", "abstract", "highlights", "preprint",
})


def _title_case(rest: str) -> bool:
    """True when most longer words of `rest` are capitalised ("A Foundation Model For ...")."""
    words = [word for word in rest.split() if len(word) > 3 and word[:1].isalpha()]
    return bool(words) and sum(word[:1].isupper() for word in words) > len(words) / 2


def _spelled_as_name(word: str) -> bool:
    """A word written like a name rather than English: a capital or digit after its first letter."""
    return any(ch.isupper() or ch.isdigit() for ch in word[1:])


# ---------------------------------------------------------------- scoring (pure)


def _tokens(text: str) -> list[str]:
    return _WORD.findall(ascii_fold(text or "").casefold())


def _model_key(model: str | None) -> str | None:
    key = "".join(_tokens(model or ""))
    return key or None


def names_model(text: str, model: str | None, max_run: int = 6) -> bool:
    """True when some run of consecutive name tokens of `text` spells the model: scGPT ~ scgpt ~ scGPT-official."""
    key = _model_key(model)
    if key is None:
        return False
    words = _tokens(text)
    for start in range(len(words)):
        joined = ""
        for end, word in enumerate(words[start:start + max_run], start=start + 1):
            joined += word
            if joined == key and not _is_successor(words[end:end + 1]):
                return True
            if len(joined) >= len(key):
                break
    return False


# "Tessellate-v2", "scGPT 2.0", "X-plus", "X-next": a later model of the same name, not this paper's code
_SUCCESSOR = re.compile(r"v?\d+|plus|pp|next|ng|xl|ii|iii|iv|large|lite")


def _is_successor(following: list[str]) -> bool:
    return bool(following) and bool(_SUCCESSOR.fullmatch(following[0]))


def _work_versions(work: WorkRecord | None, preprint: WorkRecord | None) -> list[WorkRecord]:
    return [version for version in (work, preprint) if version is not None]


def _arxiv_id(work: WorkRecord) -> str | None:
    if work.arxiv_id:
        return work.arxiv_id.casefold()
    return arxiv_id_of_doi(work.doi)


def repo_citations(repo: RepoRecord) -> RepoCitations:
    """What `repo` cites, from its README, CITATION.cff, description and homepage."""
    return read_citations(repo.readme[:README_LIMIT], repo.citation_cff, repo.description, repo.homepage)


def cites_paper(repo: RepoRecord, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> Evidence | None:
    """Evidence that the repository cites the paper: the DOI of a version (the preprint's counts), its arXiv id,
    a publisher URL carrying the DOI's suffix, or the title (similarity >= 0.9) in the README, CITATION.cff or
    the description; None when nothing does."""
    if not works and not entry.paper_title:
        return None
    citations = repo_citations(repo)
    for work in works:
        arxiv = _arxiv_id(work)
        citation = citations.find(work.doi) or (citations.find(f"10.48550/arxiv.{arxiv}") if arxiv else None)
        if citation is not None:
            return Evidence(_citation_kind(citation.kind, work), citation.value, Strength.STRONG,
                            context=citation.where.value)
    linked = _cites_suffix(f"{citing_text(repo.readme[:README_LIMIT])} {repo.homepage or ''}", works)
    if linked is not None:
        return linked
    return _cites_title(repo, citations, entry, works)


def names_paper_as_others(repo: RepoRecord, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> Evidence | None:
    """Counter-evidence: the README names the paper only as a work it is not (among works using it, in a person's
    list of papers, "inspired by ...", "port of ..."), so by its own account it is not the paper's code."""
    readme = repo.readme[:README_LIMIT]
    others = split_readme(readme)[1]
    if not others.strip():
        return None
    named = RepoCitations(tuple(not_ours_citations(readme)))
    for work in works:
        arxiv = _arxiv_id(work)
        if named.find(work.doi) or (arxiv and named.find(f"10.48550/arxiv.{arxiv}")):
            return Evidence(Kind.REPO_NAMES_PAPER_AS_OTHERS, work.doi, Strength.CONTRADICTS, context=Where.README.value)
    for title in _paper_titles(entry, works):
        if _title_in(others, title) >= TITLE_THRESHOLD:
            return Evidence(Kind.REPO_NAMES_PAPER_AS_OTHERS, title, Strength.CONTRADICTS, context=Where.README.value)
    return None


def _citation_kind(cited: Cited, work: WorkRecord) -> Kind:
    if cited is Cited.ARXIV:
        return Kind.REPO_CITES_ARXIV
    return Kind.REPO_CITES_PREPRINT if is_preprint(work) else Kind.REPO_CITES_DOI


def _cites_suffix(text: str, works: Sequence[WorkRecord]) -> Evidence | None:
    """A publisher URL that carries the DOI's suffix without the DOI (cell.com/..., academic.oup.com/...)."""
    lowered = text.casefold()
    for work in works:
        suffix = work.doi.casefold().partition("/")[2]
        # whole suffix only: "s41586-023-0613" is not "s41586-023-06139-9", nor "x.1" the start of "x.12"
        whole = re.compile(rf"(?<![0-9a-z.]){re.escape(suffix)}(?![0-9a-z]|[.\-_][0-9a-z])")
        if len(suffix) >= 8 and any(ch.isdigit() for ch in suffix) and whole.search(lowered):
            return Evidence(_citation_kind(Cited.DOI, work), work.doi, Strength.STRONG, context=Where.README.value)
    return None


def _paper_titles(entry: CatalogueEntry, works: Sequence[WorkRecord]) -> list[str]:
    titles = [work.title for work in works] + ([entry.paper_title] if entry.paper_title else [])
    # a short title matches too much by chance
    return [title for title in titles if len(fold(title).split()) >= 4]


def _title_in(text: str, title: str) -> float:
    """How well `title` appears inside `text` (0..100), folded."""
    folded_text, folded_title = fold(clean_markup(text)), fold(title)
    if not folded_text or not folded_title:
        return 0.0
    # partial_ratio aligns the shorter string inside the longer: a text shorter than the title would win
    compare = fuzz.partial_ratio if len(folded_text) >= len(folded_title) else fuzz.ratio
    return compare(folded_title, folded_text)


def _cites_title(repo: RepoRecord, citations: RepoCitations, entry: CatalogueEntry,
                 works: Sequence[WorkRecord]) -> Evidence | None:
    texts = [(Where.README, citing_text(repo.readme[:README_LIMIT])), (Where.DESCRIPTION, repo.description)]
    texts += [(item.where, item.value) for item in citations.items
              if item.kind is Cited.TITLE and item.where is Where.CITATION_CFF]
    for title in _paper_titles(entry, works):
        for where, text in texts:
            similarity = _title_in(text, title)
            if similarity >= TITLE_THRESHOLD:
                return Evidence(Kind.REPO_CITES_TITLE, title, Strength.STRONG, context=where.value,
                                value=round(similarity / 100, 2))
    return None


def listed_folder(repo: RepoRecord, entry: CatalogueEntry, works: Sequence[WorkRecord]
                  ) -> tuple[str, str | None] | None:
    """(folder, branch or None) when the root README of `repo` lists one of its folders on the line that gives the
    paper's title: how a monorepo (one repository, many projects) points at each project."""
    titles = _paper_titles(entry, works)
    if repo.path or not titles:
        return None
    for line in repo.readme[:README_LIMIT].splitlines():
        folders = _folder_links(line, repo.full_name)
        if not folders:
            continue
        prose = re.sub(r"\]\([^)]*\)", "]", line)
        if any(_title_in(prose, title) >= TITLE_THRESHOLD for title in titles):
            return folders[0]
    return None


def _folder_links(line: str, full_name: str) -> list[tuple[str, str | None]]:
    """Folders of the repository `full_name` that `line` links to: relative links and github.com tree links."""
    found = [(match.group("path"), match.group("branch")) for match in _RELATIVE_LINK.finditer(line)]
    found += [(link.path, link.branch) for link in github_links(line)
              if link.path and link.full_name.casefold() == full_name.casefold()]
    # a file (README.md, figure.png) is not a project folder
    return [(path.strip("/"), branch) for path, branch in found
            if path and not re.search(r"\.[A-Za-z0-9]{1,5}$", path) and ".." not in path]


def other_paper(repo: RepoRecord, entry: CatalogueEntry, works: Sequence[WorkRecord],
                cited_works: Mapping[str, WorkRecord | None] | None = None) -> Evidence | None:
    """Positive evidence that `repo` belongs to another paper: the first paper it claims as its own (CITATION.cff's
    preferred citation, else its first citation block, description or homepage) is by other people and has another
    title. With the paper known, its first author must be none of the claimed paper's authors (a title claim gives
    only its first author); without it, the row's person (first, co-first or senior author alike) must be none of
    the claimed record's authors, so only a DOI whose record (`cited_works`) lists its authors can tell. Call it
    only for a repository that does not cite the paper."""
    people = ["".join(_tokens(work.authors[0].family)) for work in works if work.authors] if works else [
        family for family, _ in _family_names(entry, works)[:1]]
    if not people:
        return None
    titles = _paper_titles(entry, works)
    for claim in _claims(repo_citations(repo)):
        if claim.kind is Cited.TITLE:
            if claim.first_author is None or not works:
                continue
            cited_authors, cited_title = ["".join(_tokens(claim.first_author))], claim.value
        else:
            record = (cited_works or {}).get(claim.doi or "")
            if record is None or not record.authors or record.type not in _PAPER_TYPES:
                continue
            cited_authors = ["".join(_tokens(author.family)) for author in record.authors]
            cited_title = record.title
        if any(person in cited_authors for person in people):
            return None  # the first claim is by the paper's (or the row's) person: a version or a sibling
        if not titles or all(title_similarity(cited_title, title) < OTHER_TITLE_BELOW for title in titles):
            return Evidence(Kind.REPO_CITES_OTHER_PAPER, claim.value, Strength.CONTRADICTS,
                            context=claim.where.value)
        return None
    return None


_PAPER_TYPES = frozenset({"journal-article", "proceedings-article", "posted-content", "book-chapter", "report"})
_CLAIM_ORDER = (Where.CITATION_CFF, Where.README, Where.DESCRIPTION, Where.HOMEPAGE)


def _claims(citations: RepoCitations) -> list[Citation]:
    """The repository's formal citations, CITATION.cff first, each source in reading order."""
    formal = [item for item in citations.items if item.formal]
    return sorted(formal, key=lambda item: _CLAIM_ORDER.index(item.where))


def claimed_dois(repo: RepoRecord, limit: int = MAX_OTHER_LOOKUPS) -> list[str]:
    """The first DOIs `repo` claims as its own paper, to look up before `other_paper` can judge them."""
    dois = [item.doi for item in _claims(repo_citations(repo)) if item.doi]
    return list(dict.fromkeys(doi for doi in dois if doi))[:limit]


def _family_names(entry: CatalogueEntry, works: Sequence[WorkRecord]) -> list[tuple[str, str]]:
    """(family, given) pairs in comparison form, from the work's authors or, failing that, the row's."""
    names: list[tuple[str, str]] = []
    for work in works:
        names += [("".join(_tokens(author.family)), " ".join(_tokens(author.given or "")))
                  for author in work.authors]
    if not names:
        for written in entry.authors:
            person = parse_name(written)
            names.append(("".join(_tokens(person.family)), " ".join(_tokens(person.given))))
    return [(family, given) for family, given in names if family]


def owner_is_author(owner: str, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> Evidence | None:
    """Evidence that the owner login names an author: given name or initial next to the family name, or
    "<family>lab". A bare family name counts only when it is long: "wang-x" is not evidence, "bowang-lab" is.
    The name must stand whole in the login, with at most a lab or group word or digits after it (and, before a bare
    family name, initials): "weilinsoft" does not name Wei Li, "jmschreiber" names Schreiber.
    """
    words = _tokens(owner)
    logins = [*words, "".join(words)]
    for family, given in _family_names(entry, works):
        first = given.split()[0] if given else ""
        forms = [(family + "lab", False)] + ([(family, True)] if len(family) >= 7 else [])
        if first:
            forms += [(first + family, False), (family + first, False), (first[0] + family, False)]
        if any(len(form) >= 5 and _login_names(login, form, initials) for form, initials in forms for login in logins):
            return Evidence(Kind.REPO_AUTHOR_OWNS, owner, context=family)
    return None


# What may follow an author's name in a login: a lab or group word, digits.
_LOGIN_SUFFIX = re.compile(r"(?:lab|labs|group|team|research|org|hq|\d+)*")


def _login_names(login: str, form: str, initials: bool) -> bool:
    """True when `form` stands whole in `login`: nothing before it (or, with `initials`, up to two letters) and
    only `_LOGIN_SUFFIX` after it."""
    at = login.find(form)
    while at >= 0:
        before, after = login[:at], login[at + len(form):]
        if (not before or (initials and len(before) <= 2 and before.isalpha())) and _LOGIN_SUFFIX.fullmatch(after):
            return True
        at = login.find(form, at + 1)
    return False


PROFILE = "profile"  # context of PAPER_LIST: a person's profile or home page, which lists their papers


def _is_profile(full_name: str, model: str | None) -> bool:
    """A person's page: a site (`owner.github.io`), or GitHub's profile README (`owner/owner`) unless the name is
    the model's (an organisation named after its model)."""
    owner, _, name = full_name.casefold().partition("/")
    if name.endswith((".github.io", ".github.com")):
        return True
    return name == owner and not names_model(name, model)


def metadata_objections(repo: RepoRecord) -> list[Evidence]:
    """What disqualifies a repository whatever its README says: fork, empty, paper list, mirror."""
    objections: list[Evidence] = []
    if repo.fork:
        objections.append(Evidence(Kind.FORK, repo.full_name, Strength.CONTRADICTS))
    if repo.size == 0 and not repo.path:
        objections.append(Evidence(Kind.EMPTY_REPO, repo.full_name, Strength.CONTRADICTS))
    about = fold(f"{repo.full_name.partition('/')[2]} {repo.description}")
    listing = _LIST_WORDS.search(about)
    if listing or _LIST_TOPICS.intersection(topic.casefold() for topic in repo.topics):
        objections.append(Evidence(Kind.PAPER_LIST, repo.full_name, Strength.CONTRADICTS,
                                   context=listing.group(0) if listing else "topics"))
    if _MIRROR.search(about):
        objections.append(Evidence(Kind.MIRROR, repo.full_name, Strength.CONTRADICTS))
    companion = _COMPANION_NAME.search(fold(repo.full_name.partition("/")[2]))
    if companion:
        objections.append(Evidence(Kind.UNOFFICIAL, repo.full_name, Strength.CONTRADICTS, context=companion.group(0)))
    return objections


def score_repo(entry: CatalogueEntry, work: WorkRecord | None, repo: RepoRecord, source: str,
               preprint: WorkRecord | None = None,
               cited_works: Mapping[str, WorkRecord | None] | None = None, *,
               model_from_title: bool = False) -> ScoredRepo:
    """Weigh `repo` as the code of `entry` (source: "row", "record" or "search"); objections block acceptance.

    Disqualified whatever else holds: a fork, an empty repository, a paper list, a mirror, an unofficial
    implementation, a repository that cites another paper and not this one. Otherwise accepted when it cites the
    paper (a monorepo whose root README lists a folder with the title: that folder), or, linked in the paper's
    record, when its name (or its folder README) names the model; linked in the row, when it is named after the
    model and an author owns it; found by search, only when named after the model, and then when it cites the paper
    or an author owns it. A search hit named as someone's derivative of the model (`X-pytorch`, `X-benchmark`) needs
    an author as owner. When the model name was taken from the row's title (`model_from_title`: a list without a
    model column, "Attention: ..."), a search hit must cite the paper: a name that may be a common word and an owner
    that looks like an author's prove nothing.
    """
    works = _work_versions(work, preprint)
    objections = metadata_objections(repo)
    if _is_profile(repo.full_name, entry.model):
        objections.append(Evidence(Kind.PAPER_LIST, repo.full_name, Strength.CONTRADICTS, context=PROFILE))
    if source == WIDE:
        objections += _cites_many(repo, works)
    if _UNOFFICIAL.search(fold(f"{repo.description} {repo.readme[:UNOFFICIAL_WINDOW]}")):
        objections.append(Evidence(Kind.UNOFFICIAL, repo.full_name, Strength.CONTRADICTS))
    evidence = [Evidence(SOURCE_KIND[source], repo.full_name)]
    confidence = SOURCE_WEIGHT[source]
    folder = listed_folder(repo, entry, works)
    if folder is not None:
        repo = replace(repo, path=folder[0], default_branch=folder[1] or repo.default_branch)
        evidence.append(Evidence(Kind.REPO_ROOT_LISTS_FOLDER, folder[0], Strength.STRONG, context=repo.full_name))
    named = _naming_evidence(entry, repo) if folder is None else None
    if named:
        evidence.append(named)
        confidence += 0.2
    cited = cites_paper(repo, entry, works)
    if cited:
        evidence.append(cited)
        confidence += 0.3
    author = owner_is_author(repo.full_name.partition("/")[0], entry, works)
    if author:
        evidence.append(author)
        confidence += 0.1
    if repo.renamed_from:
        evidence.append(Evidence(Kind.REPO_RENAMED, repo.renamed_from, Strength.NOTE, context=repo.full_name))
    if not cited:
        counter = other_paper(repo, entry, works, cited_works)
        if counter is None and source != RECORD:  # the paper's own record linking it outweighs the README's words
            counter = names_paper_as_others(repo, entry, works)
        if counter is not None:
            objections.append(counter)
    if not objections:  # with a disqualification already, the README was likely never fetched
        objections += _missing_evidence(entry, repo, source, named, cited, author, model_from_title, works)
    if objections:
        confidence = min(confidence, 0.3)
    return ScoredRepo(repo, round(min(confidence, 1.0), 2), tuple(evidence), tuple(objections))


def _version_dois(works: Sequence[WorkRecord], related: bool = False) -> list[str]:
    """The DOIs `cites_paper` reads as the paper's: each version's, and the arXiv DOI of its arXiv id; with
    `related`, also the versions its records name without a record of their own here."""
    dois: list[str] = []
    for work in works:
        arxiv = _arxiv_id(work)
        dois += [work.doi, *([arxiv_doi(arxiv)] if arxiv else [])]
        dois += [*work.preprint_of, *work.has_preprint] if related else []
    return list(dict.fromkeys(doi.casefold() for doi in dois))


def claims_paper(repo: RepoRecord, works: Sequence[WorkRecord]) -> bool:
    """True when `repo` claims the paper as its own: a formal citation (a citation section or block, CITATION.cff,
    the description or homepage) gives a version's DOI or arXiv id, or its title."""
    own = set(_version_dois(works, related=True))
    for item in repo_citations(repo).items:
        if not item.formal:
            continue
        if item.doi and item.doi in own:
            return True
        if item.kind is Cited.TITLE and any(title_similarity(item.value, work.title) >= TITLE_THRESHOLD / 100
                                            for work in works):
            return True
    return False


def _cites_many(repo: RepoRecord, works: Sequence[WorkRecord]) -> list[Evidence]:
    """A repository citing many papers beside this one is a list or a benchmark, however it names itself."""
    own = set(_version_dois(works, related=True))
    others = [doi for doi in repo_citations(repo).dois() if doi not in own]
    if len(others) <= MAX_OTHER_CITED:
        return []
    return [Evidence(Kind.PAPER_LIST, repo.full_name, Strength.CONTRADICTS, context=f"cites {len(others)} papers")]


def _naming_evidence(entry: CatalogueEntry, repo: RepoRecord) -> Evidence | None:
    if repo.path:
        return Evidence(Kind.REPO_FOLDER_NAMED, entry.model or "") if names_model(repo.readme, entry.model) else None
    if names_model(repo.full_name.partition("/")[2], entry.model):
        return Evidence(Kind.REPO_NAMES_MODEL, repo.full_name, context=entry.model or "")
    return None


def _missing_evidence(entry: CatalogueEntry, repo: RepoRecord, source: str, named: Evidence | None,
                      cited: Evidence | None, author: Evidence | None, model_from_title: bool,
                      works: Sequence[WorkRecord] = ()) -> list[Evidence]:
    model = entry.model or ""
    where = f"{repo.full_name}/{repo.path}" if repo.path else repo.full_name
    not_named = Evidence(Kind.REPO_NOT_NAMED, where, Strength.UNCONFIRMED, context=model)
    not_citing = Evidence(Kind.REPO_NOT_CITING, where, Strength.UNCONFIRMED)
    if source == RECORD:
        return [] if named or cited else [not_named, not_citing]
    if source == ROW:
        return [] if cited or (named and author) else [not_citing]
    if source == WIDE:
        # found by what it cites or by a looser name: it must cite the paper, and its owner must be an author, or it
        # must be named after the model and claim the paper as its own (a citation section or block, CITATION.cff):
        # a benchmark, a fine-tuning kit or a user's tool mentions the paper too
        if not cited:
            return [not_citing]
        if author:
            return []
        derivative = derivative_word(repo.full_name.partition("/")[2], entry.model) if named else None
        if derivative:
            return [Evidence(Kind.UNOFFICIAL, repo.full_name, Strength.UNCONFIRMED, context=derivative)]
        return [] if named and claims_paper(repo, works) else [Evidence(Kind.REPO_NOT_TIED, where,
                                                                         Strength.UNCONFIRMED)]
    if not named:
        return [not_named]  # a search hit not named after the model may be a successor that cites this paper
    derivative = None if author else derivative_word(repo.full_name.partition("/")[2], entry.model)
    if derivative:
        return [Evidence(Kind.UNOFFICIAL, repo.full_name, Strength.UNCONFIRMED, context=derivative)]
    if not author and uses_model(repo, entry.model):
        return [Evidence(Kind.UNOFFICIAL, repo.full_name, Strength.UNCONFIRMED, context=USES_MODEL)]
    if cited and not author and not named_exactly(repo, entry.model):
        own = _first_claim_elsewhere(repo, entry, works)
        if own is not None:
            return [own]
    if model_from_title:
        return [] if cited else [replace(not_citing, context=MODEL_FROM_TITLE)]
    if cited or author:
        return []
    return [replace(not_citing, context=OWNER_NOT_AUTHOR)]

# Words next to the model's name that make a repository someone's derivative of the model: a port to another
# framework, a notebook or demo, a benchmark ("enformer-pytorch", "scgpt-colab", "borzoi-benchmark"); teaching
# material is `_COMPANION_NAME`'s, whoever owns it.
_DERIVATIVE = frozenset({
    "pytorch", "torch", "tf", "tensorflow", "keras", "jax", "flax", "mlx", "onnx", "paddle", "mindspore", "julia",
    "notebook", "notebooks", "examples", "example", "demo", "colab", "papers", "list", "awesome", "reading",
    "reproduction", "reproduce", "replication", "reimpl", "benchmark", "benchmarks", "benchmarking", "eval",
    "evaluation", "docker", "playground", "unofficial",
})


def _first_claim_elsewhere(repo: RepoRecord, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> Evidence | None:
    """An objection when the first paper `repo` claims as its own is not this one: someone's extension (`X-atac`)
    cites its own paper first and the model's as its base."""
    claims = _claims(repo_citations(repo))
    if not claims or _claims_this_paper(claims[0], entry, works):
        return None
    return Evidence(Kind.REPO_CITES_OTHER_PAPER, claims[0].value, Strength.UNCONFIRMED, context=claims[0].where.value)


def _claims_this_paper(claim: Citation, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> bool:
    if claim.kind is Cited.TITLE:
        return any(title_similarity(claim.value, title) >= TITLE_THRESHOLD / 100
                   for title in _paper_titles(entry, works))
    versions = {work.doi.casefold() for work in works} | {
        f"10.48550/arxiv.{arxiv}" for work in works if (arxiv := _arxiv_id(work))}
    return (claim.doi or "") in versions


USES_MODEL = "uses the model"  # context of UNOFFICIAL: the repository describes itself as using the model


def uses_model(repo: RepoRecord, model: str | None) -> bool:
    """True when the description or the top of the README presents the repository as using the model ("Fine-tuning
    X on your own data", "a wrapper around X"), not as the model's code."""
    name = fold(model or "")
    if not name:
        return False
    text = fold(f"{repo.description} {repo.readme[:UNOFFICIAL_WINDOW]}")
    return re.search(_USES_MODEL + re.escape(name) + r"\b", text) is not None


def derivative_word(name: str, model: str | None) -> str | None:
    """The word that makes a repository named `name` a derivative of `model` ("pytorch" for "osprey-pytorch"),
    or None; words of the model's own name do not count ("TorchMD-Net" is not a port)."""
    key = _model_key(model)
    words = _tokens(name)
    if key is None or key not in "".join(words):
        return None
    own = set(_tokens(model or ""))
    return next((word for word in words if word in _DERIVATIVE and word not in own), None)


# ---------------------------------------------------------------- driver


def find_code(entry: CatalogueEntry, resolution: Resolution, github: GitHubLike,
              lookup: WorkLookup | None = None, charge: RouteCharge = _no_charge) -> CodeResolution:
    """The code-link decision for one entry; GitHub errors become DEFERRED / CACHE_MISS, never a guess.

    `lookup` (a DOI's record) lets a repository that claims another paper be rejected on that evidence; `charge`
    counts the wider searches' requests under `WIDE_ROUTE`.
    """
    try:
        decided = _decide(entry, resolution, github, lookup, charge)
    except RateLimited as exc:
        return CodeResolution(entry.line, Decision.DEFERRED, reasons=(reason(Kind.RATE_LIMITED,
                                                                             _format_time(exc.reset_at)),))
    except CacheMiss as exc:
        return CodeResolution(entry.line, Decision.CACHE_MISS, reasons=(reason(Kind.CACHE_MISS, str(exc)),))
    except ServiceError as exc:
        return CodeResolution(entry.line, Decision.DEFERRED, reasons=(reason(Kind.SERVICE_FAILED,
                                                                             f"GitHub unavailable: {exc}"),))
    log.info("code %s: %s %s", entry.key, decided.decision.value,
             decided.url or (decided.reasons[0].kind.value if decided.reasons else ""))
    return decided


def _decide(entry: CatalogueEntry, resolution: Resolution, github: GitHubLike,
            lookup: WorkLookup | None, charge: RouteCharge) -> CodeResolution:
    if entry.status is RowStatus.PLACEHOLDER or (entry.code_url or "").strip() == "#":
        return CodeResolution(entry.line, Decision.PLACEHOLDER, reasons=(reason(Kind.PLACEHOLDER_ROW),))
    model = search_model(entry)
    model_from_title = model != entry.model
    if model_from_title:
        entry = replace(entry, model=model)  # a title-only list: the model is the head of the title
    trusted = resolution.decision.accepted
    work = resolution.work if trusted else None
    preprint = resolution.preprint if trusted else None
    examine = _Examiner(entry, work, preprint, github, lookup, model_from_title)
    existing = _existing_link(entry)
    if existing is not None:
        return _check_existing(entry, existing, examine)
    linked = [(link, ROW) for link in github_links(entry.paper_text)]
    linked += [(link, RECORD) for link in _record_links(work, preprint)]
    if linked:
        return _choose(entry, _score_linked(_unique(linked), examine))
    hosts = other_code_hosts([*_record_texts(work, preprint), entry.paper_text])
    if hosts:
        return CodeResolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.CODE_ELSEWHERE,
                                                                              ", ".join(hosts)),))
    if not entry.model and work is None:
        return CodeResolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.NO_REPOSITORY),))
    results = _score_search(examine) if entry.model else []
    if work is not None and not _accepted(results):
        with charge(WIDE_ROUTE):
            results += _score_wide(examine, results)
    return _choose(entry, results)


@dataclass(frozen=True, slots=True)
class _Examiner:
    """Scores candidates of one row, asking GitHub only for what the decision still lacks."""

    entry: CatalogueEntry
    work: WorkRecord | None
    preprint: WorkRecord | None
    github: GitHubLike
    lookup: WorkLookup | None
    model_from_title: bool = False

    def score(self, repo: RepoRecord, source: str,
              cited_works: Mapping[str, WorkRecord | None] | None = None) -> ScoredRepo:
        return score_repo(self.entry, self.work, repo, source, self.preprint, cited_works,
                          model_from_title=self.model_from_title)

    def examine(self, repo: RepoRecord, source: str) -> ScoredRepo:
        """Score `repo` (see `_read`); one that passes and was not linked by the paper's record must not be a copy
        of another repository."""
        scored = self._read(repo, source)
        if source != RECORD and not scored.objections:
            original = self._copied_from(scored.repo)
            if original is not None:
                copy = Evidence(Kind.MIRROR, scored.repo.full_name, Strength.CONTRADICTS, context=original)
                scored = replace(scored, confidence=min(scored.confidence, 0.3), objections=(copy,))
        return scored

    def _read(self, repo: RepoRecord, source: str) -> ScoredRepo:
        """Score `repo` on its metadata, then its README, then, while nothing in it cites the paper, its
        CITATION.cff and the records of the papers it claims as its own; a disqualified repository costs no more."""
        scored = self.score(repo, source)
        if _contradicted(scored):
            return scored
        repo = replace(repo, readme=self.github.readme(repo.full_name, repo.path))
        scored = self.score(repo, source)
        if _contradicted(scored) or _cites(scored):
            return scored
        if not repo.path and (source not in (SEARCH, WIDE) or _is_named(scored)):
            repo = replace(repo, citation_cff=self._citation_file(repo))
            scored = self.score(repo, source)
        if not _contradicted(scored) and not _cites(scored) and self.lookup is not None:
            cited_works = {doi: self.lookup(doi) for doi in claimed_dois(repo)}
            if cited_works:
                scored = self.score(repo, source, cited_works)
        return scored

    def _copied_from(self, repo: RepoRecord) -> str | None:
        """The repository whose README `repo` carries unchanged: its install instructions clone another repository
        (not `repo` under an old name) whose README is the same text. A copy without GitHub's fork flag."""
        target = clone_target(repo.readme)
        if repo.path or target is None or target.casefold() in (repo.full_name.casefold(),
                                                                (repo.renamed_from or "").casefold()):
            return None
        try:
            original = self.github.repo(target)
            if original is None or original.full_name.casefold() == repo.full_name.casefold():
                return None
            readme = self.github.readme(original.full_name)
        except CacheMiss:
            return None  # an older cache: decide on the rest
        return original.full_name if same_readme(readme, repo.readme) else None

    def _citation_file(self, repo: RepoRecord) -> str:
        """CITATION.cff, or "" when an offline cache does not hold it: it can only add evidence, so a run from an
        older cache decides on the rest rather than not at all."""
        try:
            return self.github.file(repo.full_name, CITATION_FILE)
        except CacheMiss:
            return ""


_CLONE = re.compile(
    r"(?:git\s+clone\s+(?:-{1,2}[\w-]+(?:[ =](?!https?:|git@)\S+)?\s+)*|pip\s+install\s+(?:-\S+\s+)*git\+)"
    r"(?:https?://|git@|ssh://git@)(?:www\.)?github\.com[/:](?P<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/"
    r"(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?(?=[\s/)\]`'\"#@]|$)", re.IGNORECASE)
SAME_README = 90.0  # similarity (0..100) of two READMEs that are one text
README_COMPARED = 20_000  # characters of each README compared


def clone_target(readme: str) -> str | None:
    """`owner/name` of the first repository the README's install instructions clone (`git clone`,
    `pip install git+`), or None.

    >>> clone_target("```\ngit clone --recursive https://github.com/lab/Tool.git\ncd Tool\n```")
    'lab/Tool'
    """
    found = _CLONE.search(readme or "")
    return f"{found.group('owner')}/{found.group('name')}" if found else None


def same_readme(first: str, second: str) -> bool:
    """True when two READMEs are one text (a copy may differ in a badge or a line)."""
    if not first.strip() or not second.strip():
        return False
    return fuzz.ratio(first[:README_COMPARED], second[:README_COMPARED]) >= SAME_README


def _contradicted(scored: ScoredRepo) -> bool:
    """Disqualified (a fork, a list, another paper's code, ...): more reading cannot change it."""
    return any(objection.contradicts for objection in scored.objections)


def _cites(scored: ScoredRepo) -> bool:
    return has_kind(scored.evidence, *CITES_PAPER)


CITES_PAPER = (Kind.REPO_CITES_DOI, Kind.REPO_CITES_PREPRINT, Kind.REPO_CITES_ARXIV, Kind.REPO_CITES_TITLE)


def _existing_link(entry: CatalogueEntry) -> str | None:
    """The code link a person wrote: the code cell's first link, or a URL typed in it."""
    if entry.code_url:
        return entry.code_url.strip()
    for role, cell in zip(entry.roles, entry.cells):
        if role is ColumnRole.CODE:
            urls = _URL.findall(cell) or [match.group(0) for match in _GITHUB_URL.finditer(cell)]
            if urls:
                return str(urls[0])
    return None


def _check_existing(entry: CatalogueEntry, url: str, examine: _Examiner) -> CodeResolution:
    links = github_links(url)
    if not links:
        host = urlsplit(url).hostname or url
        return CodeResolution(entry.line, Decision.ABSTAINED, reasons=(reason(Kind.CODE_LINK_NOT_GITHUB, host),))
    link = links[0]
    scored = _score_link(link, ROW, examine)
    hints = _record_hints(link, examine.work, examine.preprint)
    if scored is None:
        return CodeResolution(entry.line, Decision.LINK_DISAGREES, reasons=(
            Evidence(Kind.REPO_NOT_FOUND, link.full_name, Strength.CONTRADICTS), *hints))
    if scored.objections:
        return CodeResolution(entry.line, Decision.LINK_DISAGREES, repo=scored.repo, confidence=scored.confidence,
                              evidence=scored.evidence, reasons=(*scored.objections, *hints), candidates=(scored,))
    return CodeResolution(entry.line, Decision.LINK_VERIFIED, url=repo_url(scored.repo, link.branch),
                          repo=scored.repo, confidence=scored.confidence, evidence=scored.evidence,
                          candidates=(scored,))


def _record_hints(link: RepoLink, work: WorkRecord | None, preprint: WorkRecord | None) -> tuple[Evidence, ...]:
    """Free (no request) pointers for a person: repositories the paper itself links instead."""
    others = [other.full_name for other in _record_links(work, preprint)
              if other.full_name.casefold() != link.full_name.casefold()]
    return (reason(Kind.RECORD_LINKS_REPO, ", ".join(others)),) if others else ()


def _record_texts(work: WorkRecord | None, preprint: WorkRecord | None) -> list[str]:
    texts: list[str] = []
    for version in _work_versions(work, preprint):
        texts += [*version.urls, version.abstract]
    return texts


def _record_links(work: WorkRecord | None, preprint: WorkRecord | None) -> list[RepoLink]:
    return github_links("\n".join(_record_texts(work, preprint)))


def _unique(linked: Iterable[tuple[RepoLink, str]]) -> list[tuple[RepoLink, str]]:
    seen: dict[tuple[str, str], tuple[RepoLink, str]] = {}
    for link, source in linked:
        seen.setdefault(link.key, (link, source))
    return list(seen.values())


def _score_link(link: RepoLink, source: str, examine: _Examiner) -> ScoredRepo | None:
    """Fetch and score one linked repository (None: it does not exist)."""
    repo = examine.github.repo(link.full_name)
    if repo is None:
        return None
    if link.path:
        repo = replace(repo, path=link.path, default_branch=link.branch or repo.default_branch)
    return examine.examine(repo, source)


@dataclass(frozen=True, slots=True)
class _Scored:
    scored: ScoredRepo
    branch: str | None = None


def _score_linked(linked: Sequence[tuple[RepoLink, str]], examine: _Examiner) -> list[_Scored]:
    results: list[_Scored] = []
    for link, source in linked[:MAX_LINKED]:
        scored = _score_link(link, source, examine)
        if scored is None:
            missing = RepoRecord(full_name=link.full_name, html_url=f"https://github.com/{link.full_name}")
            scored = ScoredRepo(missing, 0.0, (Evidence(SOURCE_KIND[source], link.full_name),),
                                (Evidence(Kind.REPO_NOT_FOUND, link.full_name, Strength.CONTRADICTS),))
        results.append(_Scored(scored, link.branch))
        if not scored.objections and _is_named(scored):
            break  # a linked repository named after the model: no need to spend requests on the rest
    return results


def search_candidates(entry: CatalogueEntry, github: GitHubLike, works: Sequence[WorkRecord] = ()
                      ) -> tuple[list[RepoRecord], list[RepoRecord]]:
    """(every hit, the few worth a README) of the GitHub search by model name; the same query, so the same cached
    answer, for the code stage and the repository route."""
    hits = github.search(f"{entry.model} in:name", rows=SEARCH_ROWS)
    viable = [hit for hit in hits if _worth_a_readme(entry, hit)]
    # an author's repository first, then one named exactly after the model ("borzoi", not "borzoi-atac": an
    # extension names itself after what it adds), then one whose description names the model
    viable.sort(key=lambda hit: (owner_is_author(hit.full_name.partition("/")[0], entry, works) is None,
                                 not named_exactly(hit, entry.model), not names_model(hit.description, entry.model)))
    return hits, viable[:MAX_SEARCH_READMES]


def named_exactly(repo: RepoRecord, model: str | None) -> bool:
    """True when the repository's name is the model's name and nothing more (case and separators aside):
    `DNABERT_2` for DNABERT-2, `hyena-dna` for HyenaDNA; not `borzoi-atac` or `scGPT-pytorch`."""
    key = _model_key(model)
    return key is not None and "".join(_tokens(repo.full_name.partition("/")[2])) == key


def _score_search(examine: _Examiner) -> list[_Scored]:
    """Score search hits; READMEs (a core request each) only for the most promising few that pass cheap checks."""
    entry = examine.entry
    hits, to_read = search_candidates(entry, examine.github, _work_versions(examine.work, examine.preprint))
    read = {hit.full_name for hit in to_read}
    results: list[_Scored] = []
    for hit in hits:
        if hit.full_name in read:
            scored = examine.examine(hit, SEARCH)
        elif _worth_a_readme(entry, hit):
            scored = ScoredRepo(hit, 0.0, (Evidence(Kind.REPO_FOUND_BY_SEARCH, hit.full_name),),
                                (Evidence(Kind.REPO_NOT_CHECKED, hit.full_name, Strength.UNCONFIRMED,
                                          context=str(MAX_SEARCH_READMES)),))
        else:
            scored = examine.score(hit, SEARCH)
        results.append(_Scored(scored))
    return results


def _accepted(results: Sequence[_Scored]) -> bool:
    return any(not result.scored.objections for result in results)


def _score_wide(examine: _Examiner, earlier: Sequence[_Scored]) -> list[_Scored]:
    """The wider searches for a row whose paper is settled and whose name search gave no repository, until one
    gives an acceptable candidate and at most `MAX_SEARCHES` searches for the row in all: the model's singular in
    names and descriptions when no hit was named after the model, then the paper's DOI, its other versions' DOIs
    or arXiv id, and its title, in READMEs. Hits are scored as `WIDE` candidates: they must cite the paper, and
    their name or owner must tie them to the model or the authors."""
    examine = _with_other_version(examine)
    works = _work_versions(examine.work, examine.preprint)
    named_hit = any(_worth_a_readme(examine.entry, result.scored.repo) for result in earlier)
    seen = {result.scored.repo.full_name.casefold() for result in earlier}
    results: list[_Scored] = []
    budget = MAX_SEARCHES - (1 if examine.entry.model else 0)  # a row with a model was searched by name already
    for query, model in wide_queries(examine.entry, works, named_hit)[:budget]:
        looking = examine if model == examine.entry.model else replace(
            examine, entry=replace(examine.entry, model=model))
        try:
            hits = [hit for hit in examine.github.search(query, rows=SEARCH_ROWS)
                    if hit.full_name.casefold() not in seen]
            seen.update(hit.full_name.casefold() for hit in hits)
            results += _score_wide_hits(looking, hits, query, works)
        except CacheMiss:
            # an offline cache from before these searches: they can only add candidates, so decide on the rest
            log.info("code %s: wider search %r not in the cache", examine.entry.key, query)
            break
        if _accepted(results):
            break
    return results


def _with_other_version(examine: _Examiner) -> _Examiner:
    """The examiner with the record of the paper's other version (the preprint its record names, or the article a
    preprint names) when the decision has none: a README often cites only the version the code came out with."""
    work, lookup = examine.work, examine.lookup
    if examine.preprint is not None or work is None or lookup is None:
        return examine
    for doi in (*work.has_preprint, *work.preprint_of)[:1]:
        record = lookup(doi)
        if record is not None:
            return replace(examine, preprint=record)
    return examine


def wide_queries(entry: CatalogueEntry, works: Sequence[WorkRecord], named_hit: bool
                 ) -> list[tuple[str, str | None]]:
    """(GitHub query, the model name its hits are named after) of the wider searches, in the order they are tried.

    >>> wide_queries(CatalogueEntry(1, (), 0, (), (), "GenSLMs", False, "", None, None, None, (), None,
    ...                             RowStatus.COMPLETE), [], named_hit=False)
    [('GenSLM in:name,description', 'GenSLM')]
    """
    queries: list[tuple[str, str | None]] = []
    name = singular(entry.model) if entry.model and not named_hit else None
    if name:
        queries.append((f"{_phrase(name)} in:name,description", name))
    queries += [(f'"{_phrase(arxiv_id_of_doi(doi) or doi)}" in:readme', entry.model) for doi in _version_dois(works)]
    if works and len(fold(works[0].title).split()) >= 4:
        queries.append((f'"{_phrase(works[0].title)}" in:readme', entry.model))
    return list(dict.fromkeys(queries))


def singular(model: str) -> str | None:
    """The singular of a name written as a plural of capitals or digits ("GenSLMs" -> "GenSLM"; "LLMs" -> "LLM"), or
    None: a repository often names one model of a family its paper names in the plural. "Caduceus" has none."""
    found = re.fullmatch(r"(?P<stem>.*[A-Z0-9])s", model.strip())
    stem = found.group("stem") if found else None
    return stem if stem and len(_model_key(stem) or "") >= 3 else None


def _phrase(text: str) -> str:
    """`text` as one GitHub search phrase: no quotes, single spaces, cut at a word before `QUERY_CHARS`."""
    words = clean_markup(text).replace('"', " ").split()
    phrase = ""
    for word in words:
        if len(phrase) + len(word) + 1 > QUERY_CHARS:
            break
        phrase = f"{phrase} {word}" if phrase else word
    return phrase


def _score_wide_hits(examine: _Examiner, hits: Sequence[RepoRecord], query: str,
                     works: Sequence[WorkRecord]) -> list[_Scored]:
    """Score a wider search's hits; READMEs only for the few that pass cheap checks, an author's first, then one
    named after the model."""
    entry = examine.entry
    names = wide_names(entry, works)
    viable = [hit for hit in hits if not metadata_objections(hit) and not _UNOFFICIAL.search(fold(hit.description))]
    viable.sort(key=lambda hit: (owner_is_author(hit.full_name.partition("/")[0], entry, works) is None,
                                 _named_after(hit, names) is None))
    read = {hit.full_name for hit in viable[:MAX_SEARCH_READMES]}
    results: list[_Scored] = []
    for hit in hits:
        name = _named_after(hit, names)
        looking = examine if name is None or name == entry.model else replace(
            examine, entry=replace(entry, model=name))
        if hit.full_name in read:
            scored = looking.examine(hit, WIDE)
        elif hit in viable:
            scored = ScoredRepo(hit, 0.0, (Evidence(Kind.REPO_FOUND_BY_CITATION, hit.full_name),),
                                (Evidence(Kind.REPO_NOT_CHECKED, hit.full_name, Strength.UNCONFIRMED,
                                          context=str(MAX_SEARCH_READMES)),))
        else:
            scored = looking.score(hit, WIDE)
        results.append(_Scored(_with_query(scored, query)))
    return results


def wide_names(entry: CatalogueEntry, works: Sequence[WorkRecord]) -> list[str]:
    """The names a wider search's hit may be named after: the row's model, its singular, its family without the
    version ("ESM-2" -> "ESM", "ProGen2" -> "ProGen": one repository often holds a model's versions), and the names
    the paper's title carries (`title_names`)."""
    names: list[str] = []
    if entry.model:
        names += [entry.model, singular(entry.model) or "", model_family(entry.model) or ""]
    for work in works[:1]:
        names += title_names(work.title)
    return [name for name in dict.fromkeys(names) if len(_model_key(name) or "") >= 3]


_VERSION_TAIL = re.compile(r"(?P<family>.*?[A-Za-z])[\s_-]?v?\d+(?:\.\d+)?[a-z]?")


def model_family(model: str) -> str | None:
    """The model's name without its version ("ESM-2" -> "ESM", "ProGen2" -> "ProGen", "ESM-1b" -> "ESM"), or None
    when it ends on no version number."""
    found = _VERSION_TAIL.fullmatch(model.strip())
    return found.group("family") if found else None


def title_names(title: str) -> list[str]:
    """Names a paper's title carries: its words written in mixed case like a name ("scBERT", "ProGen2"; not "DNA",
    "RNA-seq"), the name its head introduces, and the initials of a head of three or more capitalised words
    ("Universal Cell Embeddings: ..." -> "UCE")."""
    text = clean_markup(title)
    names = [word for word in (raw.strip(".,;:()") for raw in text.split()) if _mixed_case_name(word)]
    head = _TITLE_HEAD.match(text)
    if head is not None:
        words = [word for word in head.group("head").split() if word.casefold() not in _ARTICLES]
        if 3 <= len(words) <= 5 and all(word[:1].isupper() for word in words):
            names.append("".join(word[0] for word in words))
    return list(dict.fromkeys(names + [name for name in (title_head_model(title),) if name]))


def _mixed_case_name(word: str) -> bool:
    """A word spelled like a name, not like an abbreviation or a hyphenated term: a lower-case letter and, after its
    first letter, a capital ("scBERT", "ProGen2", "GenSLMs"), and no lower-case word after a hyphen ("RNA-seq")."""
    parts = word.split("-")
    if any(part.islower() and len(part) > 1 for part in parts[1:]):
        return False
    return any(ch.islower() for ch in word) and any(ch.isupper() for ch in word[1:])


def _named_after(repo: RepoRecord, names: Sequence[str]) -> str | None:
    """The first of `names` the repository's name spells exactly (case and separators aside)."""
    return next((name for name in names if named_exactly(repo, name)), None)


def _with_query(scored: ScoredRepo, query: str) -> ScoredRepo:
    """`scored`, its wider-search evidence naming the query that found it (for the report)."""
    evidence = tuple(replace(item, context=query) if item.kind is Kind.REPO_FOUND_BY_CITATION else item
                     for item in scored.evidence)
    return replace(scored, evidence=evidence)


def _worth_a_readme(entry: CatalogueEntry, hit: RepoRecord) -> bool:
    named = names_model(hit.full_name.partition("/")[2], entry.model)
    return named and not metadata_objections(hit) and not _UNOFFICIAL.search(fold(hit.description))


def _choose(entry: CatalogueEntry, results: Sequence[_Scored]) -> CodeResolution:
    candidates = tuple(sorted((result.scored for result in results), key=lambda item: -item.confidence))
    accepted = _prefer_named([result for result in results if not result.scored.objections])
    if len({result.scored.repo.full_name.casefold() for result in accepted}) > 1:
        names = ", ".join(result.scored.repo.full_name for result in accepted)
        return CodeResolution(entry.line, Decision.ABSTAINED, candidates=candidates,
                              reasons=(reason(Kind.REPOS_SEVERAL, names),))
    if not accepted:
        reasons = tuple(objection for item in candidates for objection in item.objections)
        return CodeResolution(entry.line, Decision.ABSTAINED, candidates=candidates,
                              reasons=reasons or (reason(Kind.SEARCH_EMPTY),))
    best = accepted[0].scored
    return CodeResolution(entry.line, Decision.RESOLVED, url=repo_url(best.repo, accepted[0].branch), repo=best.repo,
                          confidence=best.confidence, evidence=best.evidence, candidates=candidates)


def _prefer_named(accepted: list[_Scored]) -> list[_Scored]:
    """A paper may link its code and its data; when exactly one accepted repository names the model, it wins."""
    named = [result for result in accepted if _is_named(result.scored)]
    return named if len(named) == 1 else accepted


def _is_named(scored: ScoredRepo) -> bool:
    return has_kind(scored.evidence, Kind.REPO_NAMES_MODEL, Kind.REPO_FOLDER_NAMED, Kind.REPO_ROOT_LISTS_FOLDER)


def _format_time(timestamp: float | None) -> str:
    if timestamp is None:
        return "an unknown time"
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
