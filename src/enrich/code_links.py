"""Find and verify each paper's official GitHub repository.

Candidates, most trusted first: a repository linked in the row, GitHub URLs in the resolved work's record
(links and abstract), then a GitHub search by model name when neither gives one. `score_repo` is pure: it
weighs one repository against the entry and the work and says what speaks for and against it. Stars never
count. `find_code` asks GitHub (at most a repository and a README per candidate) and decides; below the bar
it abstains with the candidates and their objections. Only https://github.com/... URLs are ever returned.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from enrich.errors import CacheMiss, RateLimited, ServiceError
from enrich.identifiers import arxiv_id_of_doi
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
from enrich.text import ascii_fold, clean_markup, fold

log = logging.getLogger(__name__)

ROW, RECORD, SEARCH = "row", "record", "search"
SOURCE_LABEL = {ROW: "linked in the row", RECORD: "linked in the paper's record", SEARCH: "found by GitHub search"}
SOURCE_WEIGHT = {ROW: 0.5, RECORD: 0.6, SEARCH: 0.2}
MAX_LINKED = 3  # linked candidates checked per entry (each costs up to two core requests)
MAX_SEARCH_READMES = 2  # search hits whose README is fetched per entry
SEARCH_ROWS = 5
TITLE_THRESHOLD = 90.0
README_LIMIT = 200_000  # characters of a README compared against the title
UNOFFICIAL_WINDOW = 1_500  # characters at the top of a README where "unofficial ..." disqualifies

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
_UNOFFICIAL = re.compile(r"\b(unofficial|re ?implementation|port of)\b")
_WORD = re.compile(r"[a-z0-9]+")


class GitHubLike(Protocol):
    """What `find_code` needs from `enrich.clients.github.GitHubClient`."""

    def repo(self, full_name: str) -> RepoRecord | None: ...

    def readme(self, full_name: str, path: str | None = None) -> str: ...

    def search(self, query: str, rows: int = 5) -> list[RepoRecord]: ...


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
    """https://github.com/owner/name, or .../tree/<branch>/<path> for a monorepo folder."""
    base = f"https://github.com/{repo.full_name}"
    return f"{base}/tree/{branch}/{repo.path}" if repo.path and branch else base


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


def readme_cites(readme: str, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> str | None:
    """Evidence that the README cites the paper (DOI, its suffix, arXiv id, or the title >= 0.9), else None."""
    if not readme:
        return None
    text = readme[:README_LIMIT]
    lowered = text.casefold()
    for work in works:
        doi = work.doi.casefold()
        if doi and doi in lowered:
            return f"README cites doi {work.doi}"
        suffix = doi.partition("/")[2]
        if len(suffix) >= 8 and any(ch.isdigit() for ch in suffix) and suffix in lowered:
            return f"README links the paper ({suffix})"
        arxiv = _arxiv_id(work)
        if arxiv and arxiv in lowered:
            return f"README cites arXiv {arxiv}"
    titles = [work.title for work in works] + ([entry.paper_title] if entry.paper_title else [])
    folded_readme = fold(clean_markup(text))
    for title in titles:
        folded_title = fold(title)
        if len(folded_title.split()) < 4:
            continue  # a short title matches too much by chance
        # partial_ratio aligns the shorter string inside the longer: a README shorter than the title would win
        compare = fuzz.partial_ratio if len(folded_readme) >= len(folded_title) else fuzz.ratio
        similarity = compare(folded_title, folded_readme)
        if similarity >= TITLE_THRESHOLD:
            return f"README cites the title ({similarity / 100:.2f})"
    return None


def _family_names(entry: CatalogueEntry, works: Sequence[WorkRecord]) -> list[tuple[str, str]]:
    """(family, given) pairs in comparison form, from the work's authors or, failing that, the row's."""
    names: list[tuple[str, str]] = []
    for work in works:
        names += [("".join(_tokens(author.family)), " ".join(_tokens(author.given or "")))
                  for author in work.authors]
    if not names:
        for written in entry.authors:
            family, comma, given = written.partition(",")
            if not comma:
                words = written.split()
                family, given = (words[-1], " ".join(words[:-1])) if words else ("", "")
            names.append(("".join(_tokens(family)), " ".join(_tokens(given))))
    return [(family, given) for family, given in names if family]


def owner_is_author(owner: str, entry: CatalogueEntry, works: Sequence[WorkRecord]) -> str | None:
    """Evidence that the owner login names an author: given name or initial next to the family name, or
    "<family>lab". A bare family name counts only when it is long: "wang-x" is not evidence, "bowang-lab" is.
    """
    login = "".join(_tokens(owner))
    for family, given in _family_names(entry, works):
        first = given.split()[0] if given else ""
        forms = [family + "lab"] + ([family] if len(family) >= 7 else [])
        if first:
            forms += [first + family, family + first, first[0] + family]
        if any(len(form) >= 5 and form in login for form in forms):
            return f"owner {owner} matches author {family}"
    return None


def metadata_objections(repo: RepoRecord) -> list[str]:
    """What disqualifies a repository whatever its README says: fork, empty, paper list, mirror."""
    objections: list[str] = []
    if repo.fork:
        objections.append(f"{repo.full_name} is a fork of another repository")
    if repo.size == 0 and not repo.path:
        objections.append(f"{repo.full_name} is empty (size 0)")
    about = fold(f"{repo.full_name.partition('/')[2]} {repo.description}")
    listing = _LIST_WORDS.search(about)
    if listing or _LIST_TOPICS.intersection(topic.casefold() for topic in repo.topics):
        objections.append(f"{repo.full_name} is a paper list, not code ({listing.group(0) if listing else 'topics'})")
    if _MIRROR.search(about):
        objections.append(f"{repo.full_name} is a mirror")
    return objections


def score_repo(entry: CatalogueEntry, work: WorkRecord | None, repo: RepoRecord, source: str,
               preprint: WorkRecord | None = None) -> ScoredRepo:
    """Weigh `repo` as the code of `entry` (source: "row", "record" or "search"); objections block acceptance.

    Linked in the paper's record: the name (or a monorepo folder's README) must name the model, or the README
    must cite the paper. Linked in the row: the README must cite the paper, or the name must name the model
    and the owner be an author. Search hit: the name must name the model, and the README must cite the paper
    or the owner be an author.
    """
    works = _work_versions(work, preprint)
    objections = metadata_objections(repo)
    if _UNOFFICIAL.search(fold(f"{repo.description} {repo.readme[:UNOFFICIAL_WINDOW]}")):
        objections.append(f"{repo.full_name} describes itself as an unofficial implementation")
    evidence = [SOURCE_LABEL[source]]
    confidence = SOURCE_WEIGHT[source]
    named = _naming_evidence(entry, repo)
    if named:
        evidence.append(named)
        confidence += 0.2
    cited = readme_cites(repo.readme, entry, works)
    if cited:
        evidence.append(cited)
        confidence += 0.3
    author = owner_is_author(repo.full_name.partition("/")[0], entry, works)
    if author:
        evidence.append(author)
        confidence += 0.1
    if repo.renamed_from:
        evidence.append(f"renamed from {repo.renamed_from}")
    if not objections:  # with a disqualification already, the README was likely never fetched
        objections += _missing_evidence(entry, repo, source, named, cited, author)
    if objections:
        confidence = min(confidence, 0.3)
    return ScoredRepo(repo, round(min(confidence, 1.0), 2), tuple(evidence), tuple(objections))


def _naming_evidence(entry: CatalogueEntry, repo: RepoRecord) -> str | None:
    if repo.path:
        return f"folder README names {entry.model}" if names_model(repo.readme, entry.model) else None
    if names_model(repo.full_name.partition("/")[2], entry.model):
        return f"name {repo.full_name} matches model {entry.model}"
    return None


def _missing_evidence(entry: CatalogueEntry, repo: RepoRecord, source: str, named: str | None,
                      cited: str | None, author: str | None) -> list[str]:
    model = entry.model or "(no model name)"
    where = f"{repo.full_name}/{repo.path}" if repo.path else repo.full_name
    if source == RECORD:
        return [] if named or cited else [f"{where} does not name {model} and its README does not cite the paper"]
    if source == ROW:
        if cited or (named and author):
            return []
        return [f"the README of {where} does not cite the paper"]
    if not named:
        return [f"name {repo.full_name} does not match model {model}"]
    if cited or author:
        return []
    return [f"the README of {where} does not cite the paper and the owner is not an author"]


# ---------------------------------------------------------------- driver


def find_code(entry: CatalogueEntry, resolution: Resolution, github: GitHubLike) -> CodeResolution:
    """The code-link decision for one entry; GitHub errors become DEFERRED / CACHE_MISS, never a guess."""
    try:
        decided = _decide(entry, resolution, github)
    except RateLimited as exc:
        when = _format_time(exc.reset_at)
        return CodeResolution(entry.line, Decision.DEFERRED,
                              reasons=(f"waiting for GitHub rate limit reset at {when}",))
    except CacheMiss as exc:
        return CodeResolution(entry.line, Decision.CACHE_MISS, reasons=(str(exc),))
    except ServiceError as exc:
        return CodeResolution(entry.line, Decision.DEFERRED, reasons=(f"GitHub unavailable: {exc}",))
    log.info("code %s: %s %s", entry.key, decided.decision.value, decided.url or "; ".join(decided.reasons[:1]))
    return decided


def _decide(entry: CatalogueEntry, resolution: Resolution, github: GitHubLike) -> CodeResolution:
    if entry.status is RowStatus.PLACEHOLDER or (entry.code_url or "").strip() == "#":
        return CodeResolution(entry.line, Decision.PLACEHOLDER, reasons=("placeholder row: needs a person",))
    trusted = resolution.decision.accepted
    work = resolution.work if trusted else None
    preprint = resolution.preprint if trusted else None
    existing = _existing_link(entry)
    if existing is not None:
        return _check_existing(entry, existing, work, preprint, github)
    linked = [(link, ROW) for link in github_links(entry.paper_text)]
    linked += [(link, RECORD) for link in _record_links(work, preprint)]
    if linked:
        return _choose(entry, _score_linked(entry, _unique(linked), work, preprint, github))
    hosts = other_code_hosts([*_record_texts(work, preprint), entry.paper_text])
    if hosts:
        return CodeResolution(entry.line, Decision.ABSTAINED,
                              reasons=(f"no GitHub repository (code hosted at {', '.join(hosts)})",))
    if not entry.model:
        return CodeResolution(entry.line, Decision.ABSTAINED, reasons=(
            "no repository linked in the row or the paper's record, and no model name to search for",))
    return _choose(entry, _score_search(entry, work, preprint, github))


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


def _check_existing(entry: CatalogueEntry, url: str, work: WorkRecord | None, preprint: WorkRecord | None,
                    github: GitHubLike) -> CodeResolution:
    links = github_links(url)
    if not links:
        host = urlsplit(url).hostname or url
        return CodeResolution(entry.line, Decision.ABSTAINED,
                              reasons=(f"code link points to {host}, not a GitHub repository; left as written",))
    link = links[0]
    scored = _score_link(entry, link, ROW, work, preprint, github)
    hints = _record_hints(link, work, preprint)
    if scored is None:
        return CodeResolution(entry.line, Decision.LINK_DISAGREES,
                              reasons=(f"{link.full_name} does not exist on GitHub (404)", *hints))
    if scored.objections:
        moved = (f"{link.full_name} now redirects to {scored.repo.full_name}",) if scored.repo.renamed_from else ()
        return CodeResolution(entry.line, Decision.LINK_DISAGREES, repo=scored.repo, confidence=scored.confidence,
                              evidence=scored.evidence, reasons=(*moved, *scored.objections, *hints),
                              candidates=(scored,))
    renamed = (f"renamed: {scored.repo.renamed_from} is now {scored.repo.full_name}",) \
        if scored.repo.renamed_from else ()
    return CodeResolution(entry.line, Decision.LINK_VERIFIED, url=repo_url(scored.repo, link.branch),
                          repo=scored.repo, confidence=scored.confidence, evidence=scored.evidence,
                          reasons=renamed, candidates=(scored,))


def _record_hints(link: RepoLink, work: WorkRecord | None, preprint: WorkRecord | None) -> tuple[str, ...]:
    """Free (no request) pointers for a person: repositories the paper itself links instead."""
    others = [other.full_name for other in _record_links(work, preprint)
              if other.full_name.casefold() != link.full_name.casefold()]
    return (f"the paper's record links {', '.join(others)}",) if others else ()


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


def _score_link(entry: CatalogueEntry, link: RepoLink, source: str, work: WorkRecord | None,
                preprint: WorkRecord | None, github: GitHubLike) -> ScoredRepo | None:
    """Fetch and score one linked repository (None: it does not exist); the README only when it matters."""
    repo = github.repo(link.full_name)
    if repo is None:
        return None
    if link.path:
        repo = replace(repo, path=link.path, readme=github.readme(repo.full_name, link.path))
        return score_repo(entry, work, repo, source, preprint)
    scored = score_repo(entry, work, repo, source, preprint)
    if scored.objections and not metadata_objections(repo):
        repo = replace(repo, readme=github.readme(repo.full_name))
        scored = score_repo(entry, work, repo, source, preprint)
    return scored


@dataclass(frozen=True, slots=True)
class _Scored:
    scored: ScoredRepo
    branch: str | None = None


def _score_linked(entry: CatalogueEntry, linked: Sequence[tuple[RepoLink, str]], work: WorkRecord | None,
                  preprint: WorkRecord | None, github: GitHubLike) -> list[_Scored]:
    results: list[_Scored] = []
    for link, source in linked[:MAX_LINKED]:
        scored = _score_link(entry, link, source, work, preprint, github)
        if scored is None:
            missing = RepoRecord(full_name=link.full_name, html_url=f"https://github.com/{link.full_name}")
            scored = ScoredRepo(missing, 0.0, (SOURCE_LABEL[source],),
                                (f"{link.full_name} does not exist on GitHub (404)",))
        results.append(_Scored(scored, link.branch))
        if not scored.objections and _is_named(scored):
            break  # a linked repository named after the model: no need to spend requests on the rest
    return results


def _score_search(entry: CatalogueEntry, work: WorkRecord | None, preprint: WorkRecord | None,
                  github: GitHubLike) -> list[_Scored]:
    """Score search hits; READMEs (a core request each) only for the most promising few that pass cheap checks."""
    hits = github.search(f"{entry.model} in:name", rows=SEARCH_ROWS)
    works = _work_versions(work, preprint)
    viable = [hit for hit in hits if _worth_a_readme(entry, hit)]
    viable.sort(key=lambda hit: (owner_is_author(hit.full_name.partition("/")[0], entry, works) is None,
                                 not names_model(hit.description, entry.model)))
    to_read = {hit.full_name for hit in viable[:MAX_SEARCH_READMES]}
    results: list[_Scored] = []
    for hit in hits:
        if hit.full_name in to_read:
            scored = score_repo(entry, work, replace(hit, readme=github.readme(hit.full_name)), SEARCH, preprint)
        elif hit in viable:
            scored = ScoredRepo(hit, 0.0, (SOURCE_LABEL[SEARCH],),
                                (f"{hit.full_name} not checked: at most {MAX_SEARCH_READMES} READMEs per entry",))
        else:
            scored = score_repo(entry, work, hit, SEARCH, preprint)
        results.append(_Scored(scored))
    return results


def _worth_a_readme(entry: CatalogueEntry, hit: RepoRecord) -> bool:
    named = names_model(hit.full_name.partition("/")[2], entry.model)
    return named and not metadata_objections(hit) and not _UNOFFICIAL.search(fold(hit.description))


def _choose(entry: CatalogueEntry, results: Sequence[_Scored]) -> CodeResolution:
    candidates = tuple(sorted((result.scored for result in results), key=lambda item: -item.confidence))
    accepted = _prefer_named([result for result in results if not result.scored.objections])
    if len({result.scored.repo.full_name.casefold() for result in accepted}) > 1:
        names = ", ".join(result.scored.repo.full_name for result in accepted)
        return CodeResolution(entry.line, Decision.ABSTAINED, candidates=candidates,
                              reasons=(f"several repositories qualify: {names}",))
    if not accepted:
        reasons = tuple(objection for item in candidates for objection in item.objections)
        return CodeResolution(entry.line, Decision.ABSTAINED, candidates=candidates,
                              reasons=reasons or ("GitHub search found no repository",))
    best = accepted[0].scored
    return CodeResolution(entry.line, Decision.RESOLVED, url=repo_url(best.repo, accepted[0].branch), repo=best.repo,
                          confidence=best.confidence, evidence=best.evidence, candidates=candidates)


def _prefer_named(accepted: list[_Scored]) -> list[_Scored]:
    """A paper may link its code and its data; when exactly one accepted repository names the model, it wins."""
    named = [result for result in accepted if _is_named(result.scored)]
    return named if len(named) == 1 else accepted


def _is_named(scored: ScoredRepo) -> bool:
    return any(item.startswith(("name ", "folder README names")) for item in scored.evidence)


def _format_time(timestamp: float | None) -> str:
    if timestamp is None:
        return "an unknown time"
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

