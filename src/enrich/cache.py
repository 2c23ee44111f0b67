"""JSON cache of service answers: one small file per request or record, written atomically.

    cache = Cache.from_env()                       # root from ENRICH_CACHE_DIR, default "cache"
    key = work_key("crossref", "10.1038/S41592-024-02201-0")   # "crossref/works/10.1038_s41592-024-02201-0"
    cache.put(key, request={"doi": "10.1038/s41592-024-02201-0"}, status=FOUND, body=item)
    entry = cache.get(key, offline=False)          # CacheEntry, or None on a miss

A file holds {request, status, fetched, body, etag, reconstructed}; the request never carries headers or
tokens. Found answers live `found_ttl` days, not-found ones `not_found_ttl` days; offline reads ignore
age; a fetch date in the future counts as stale. Reconstructed entries (composed by us, not fetched) count only
offline. A corrupt file, or one whose body does not have the shape its service's answers have (`body_problem`),
is a miss with a warning.
Callers must never store a 429, 5xx, timeout or truncated answer: `put` only takes the two statuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enrich.atomic import stable_json, write_text_atomic
from enrich.errors import CacheError, CacheMiss
from enrich.identifiers import is_valid_doi

log = logging.getLogger(__name__)

FOUND = "found"
NOT_FOUND = "not-found"
STATUSES = (FOUND, NOT_FOUND)
DEFAULT_ROOT = "cache"

_SAFE_SEGMENT = re.compile(r"[a-z0-9][a-z0-9._~-]*", re.IGNORECASE)
_LOSSLESS_DOI = re.compile(r"[a-z0-9./-]+")
_UNSAFE_CHAR = re.compile(r"[^a-z0-9.-]")


@dataclass(frozen=True, slots=True)
class CacheEntry:
    key: str
    request: dict[str, Any]
    status: str  # FOUND | NOT_FOUND
    fetched: str  # YYYY-MM-DD
    body: Any
    etag: str | None = None
    reconstructed: bool = False

    @property
    def found(self) -> bool:
        return self.status == FOUND


def work_key(service: str, doi: str) -> str:
    """Key of one DOI's record: '10.1038/S41592-024-02201-0' -> 'crossref/works/10.1038_s41592-024-02201-0'.

    Slashes become underscores; a DOI with any other unusual character (or an underscore of its own)
    gets a short hash suffix so two DOIs never share a file.
    """
    lowered = doi.strip().lower()
    name = _UNSAFE_CHAR.sub("_", lowered)
    if not _LOSSLESS_DOI.fullmatch(lowered):
        name = f"{name}~{_digest(lowered)[:10]}"
    folder = "dois" if service == "datacite" else "works"
    return f"{service}/{folder}/{name}"


def search_key(service: str, request: Mapping[str, Any]) -> str:
    """Key of a search: a hash of the normalised request (whitespace collapsed, case folded)."""
    normalised = {name: _normalise(value) for name, value in request.items() if value is not None}
    text = json.dumps(normalised, sort_keys=True, ensure_ascii=False)
    return f"{service}/search/{_digest(text)[:20]}"


def repo_key(full_name: str) -> str:
    """Key of a GitHub repository: 'Owner/Name' -> 'github/repos/owner__name'."""
    owner, _, name = full_name.strip().lower().partition("/")
    return f"github/repos/{owner}__{name}"


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Cache:
    """Reads and writes cache entries under `root`; thread-safe (each write is one atomic replace)."""

    def __init__(self, root: str | Path, *, today: Callable[[], dt.date] = dt.date.today,
                 found_ttl: int = 180, not_found_ttl: int = 14) -> None:
        self.root = Path(root)
        self._today = today
        self._ttl_days = {FOUND: found_ttl, NOT_FOUND: not_found_ttl}
        self._local = threading.local()  # the reads of the decision this thread is making (see `recording`)
        self._reconstructed_dois: set[str] = set()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Cache:
        env = os.environ if environ is None else environ
        return cls(env.get("ENRICH_CACHE_DIR") or DEFAULT_ROOT, **kwargs)

    def path_for(self, key: str) -> Path:
        segments = key.split("/")
        if not segments or not all(_SAFE_SEGMENT.fullmatch(segment) for segment in segments):
            raise CacheError(f"invalid cache key {key!r}")
        return self.root.joinpath(*segments).with_name(segments[-1] + ".json")

    def get(self, key: str, *, offline: bool, allow_reconstructed: bool | None = None) -> CacheEntry | None:
        """The entry for `key`, or None when absent, corrupt, stale (live only) or reconstructed (live only).

        `allow_reconstructed` defaults to `offline`: a live run refetches what we composed ourselves.
        """
        reads = getattr(self._local, "reads", None)
        if reads is not None:
            reads.keys.append(key)
        entry = self._read(key)
        if entry is None:
            return None
        if entry.reconstructed and not (offline if allow_reconstructed is None else allow_reconstructed):
            log.debug("cache: %s is reconstructed; treated as a miss on a live run", key)
            return None
        if not offline and self._expired(entry):
            log.debug("cache: %s fetched %s is stale", key, entry.fetched)
            return None
        return entry

    def consult(self, key: str, *, offline: bool, refresh: bool) -> CacheEntry | None:
        """The clients' cache-first lookup: an entry to use, None to fetch, or CacheMiss when offline."""
        if refresh and not offline:
            return None
        reads = getattr(self._local, "reads", None)
        if reads is not None:
            reads.consulted[key.partition("/")[0]] += 1
        entry = self.get(key, offline=offline)
        if entry is None and offline:
            raise CacheMiss(key)
        return entry

    def note_reconstructed(self, dois: Iterable[str]) -> None:
        """Records of these DOIs were read from reconstructed answers: the report says so beside each."""
        dois = tuple(dois)
        self._reconstructed_dois.update(dois)
        reads = getattr(self._local, "reads", None)
        if reads is not None:
            reads.reconstructed.update(dois)

    @property
    def reconstructed_dois(self) -> frozenset[str]:
        """The DOIs `note_reconstructed` was told of in this process."""
        return frozenset(self._reconstructed_dois)

    @contextmanager
    def recording(self) -> Iterator[Reads]:
        """Note every key this thread reads inside the block, and how many cache-first lookups each service made."""
        reads = Reads()
        self._local.reads = reads
        try:
            yield reads
        finally:
            self._local.reads = None

    def serves(self, status: str, fetched: str, reconstructed: bool, *, offline: bool) -> bool:
        """Whether an entry with this status, fetch date and origin would be served (not a miss) by `get`."""
        if offline:
            return True
        age = self._today() - dt.date.fromisoformat(fetched)
        return not reconstructed and 0 <= age.days <= self._ttl_days[status]  # a future date is a wrong clock

    def put(self, key: str, *, request: Mapping[str, Any], status: str, body: Any = None,
            etag: str | None = None, reconstructed: bool = False) -> CacheEntry:
        """Store one answer (found or not-found) fetched today and return it."""
        if status not in STATUSES:
            raise ValueError(f"cache status must be one of {STATUSES}, not {status!r}")
        entry = CacheEntry(key, dict(request), status, self._today().isoformat(), body, etag, reconstructed)
        document = {
            "request": entry.request,
            "status": entry.status,
            "fetched": entry.fetched,
            "body": entry.body,
            "reconstructed": entry.reconstructed,
        }
        if etag is not None:
            document["etag"] = etag
        text = stable_json(document)
        try:
            write_text_atomic(self.path_for(key), text)
        except OSError as exc:
            raise CacheError(f"cannot write cache file {self.path_for(key)}: {exc}") from exc
        return entry

    def _read(self, key: str) -> CacheEntry | None:
        path = self.path_for(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            log.warning("cache: %s is not UTF-8; treated as a miss and rewritten on the next fetch", path)
            return None
        except OSError as exc:
            raise CacheError(f"cannot read cache file {path}: {exc}") from exc
        try:
            entry = _entry_from(key, json.loads(text))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cache: %s is corrupt (%s); treated as a miss and rewritten on the next fetch", path, exc)
            return None
        problem = body_problem(key, entry.status, entry.body)
        if problem is not None:
            log.warning("cache: %s has a body of the wrong shape (%s); treated as a miss", path, problem)
            return None
        return entry

    def _expired(self, entry: CacheEntry) -> bool:
        age = self._today() - dt.date.fromisoformat(entry.fetched)
        # a date in the future is a wrong clock or a hand-edited file: it must not keep an answer forever
        return age.days < 0 or age.days > self._ttl_days[entry.status]


def _entry_from(key: str, document: Any) -> CacheEntry:
    if not isinstance(document, dict):
        raise TypeError("top level is not an object")
    status = document["status"]
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    fetched = document["fetched"]
    dt.date.fromisoformat(fetched)
    request = document["request"]
    if not isinstance(request, dict):
        raise TypeError("request is not an object")
    reconstructed = document.get("reconstructed", False)
    if not isinstance(reconstructed, bool):
        raise TypeError("reconstructed is not a boolean")
    return CacheEntry(key, request, status, fetched, document["body"], document.get("etag"), reconstructed)


def marks_reconstructed(body: Any) -> bool:
    """Answers composed from public metadata (the bundled fakes) say so in their JSON, on the answer, its DataCite
    `attributes` or one of its items; the cache keeps the mark as the file's `reconstructed` metadata."""
    if isinstance(body, list):
        return any(marks_reconstructed(item) for item in body)
    if not isinstance(body, dict):
        return False
    attributes, items = body.get("attributes"), body.get("items")
    return (body.get("reconstructed") is True
            or (isinstance(attributes, dict) and attributes.get("reconstructed") is True)
            or (isinstance(items, list) and any(marks_reconstructed(item) for item in items)))


@dataclass(slots=True)
class Reads:
    """What one decision read from the cache: keys in order (repeats kept) and lookups per service."""

    keys: list[str] = field(default_factory=list)
    consulted: Counter[str] = field(default_factory=Counter)
    reconstructed: set[str] = field(default_factory=set)  # DOIs read from reconstructed answers


class SearchHits:
    """One run's search hits, so that those the pipeline accepts can be filed under their own DOI key."""

    def __init__(self, cache: Cache, service: str, doi_of: Callable[[Any], str]) -> None:
        self._cache = cache
        self._service = service
        self._doi_of = doi_of  # a raw search item -> its bare, lower-case DOI
        self._search_key_by_doi: dict[str, str] = {}

    def note(self, search_key: str, dois: Iterable[str]) -> None:
        for doi in dois:
            self._search_key_by_doi[doi] = search_key

    def file_under_doi(self, doi: str) -> None:
        """Copy the hit for `doi` from its cached search into the DOI's own entry, unless that exists."""
        search_key = self._search_key_by_doi.get(doi)
        key = work_key(self._service, doi)
        if search_key is None or self.\
                _cache.get(key, offline=True) is not None:
            return
        search = self._cache.get(search_key, offline=True)
        if search is None:
            return
        for item in search.body or []:
            if self._doi_of(item) == doi:
                self._cache.put(key, request={"doi": doi}, status=FOUND, body=item,
                                reconstructed=search.reconstructed)
                return


# ---------------------------------------------------------------- shapes of the bodies we cache

class _Doi:
    """A string of Crossref's DOI pattern (any case; a URL prefix is allowed, as registries send in links)."""


class _ListOf:
    def __init__(self, item: object) -> None:
        self.item = item


class _Object:
    """A JSON object whose named fields (all optional, null allowed) have the given shapes; `required` must be there."""

    def __init__(self, fields: Mapping[str, object], required: tuple[str, ...] = (), values: object = None) -> None:
        self.fields = fields
        self.required = required
        self.values = values  # the shape of every other field, when they are all alike


_TEXT = (str, type(None))
_TEXTS = (str, _ListOf(_TEXT))
_DATE = _Object({"date-parts": _ListOf(_ListOf((int, type(None))))})
_CROSSREF_WORK = _Object({
    "DOI": _Doi,
    "title": _TEXTS, "subtitle": _TEXTS, "container-title": _TEXTS,
    "author": _ListOf(_Object({"family": _TEXT, "given": _TEXT, "name": _TEXT, "ORCID": _TEXT})),
    **dict.fromkeys(("issued", "published", "published-print", "published-online", "posted", "created"), _DATE),
    "publisher": _TEXT, "volume": _TEXT, "issue": _TEXT, "page": _TEXT, "type": _TEXT, "subtype": _TEXT,
    "abstract": _TEXT, "score": (int, float),
    "relation": _Object({}, values=_ListOf(_Object({"id": _TEXT, "id-type": _TEXT}))),
    "updated-by": _ListOf(_Object({"DOI": _Doi, "type": _TEXT}, ("DOI",))),
    "update-to": _ListOf(_Object({"DOI": _Doi, "type": _TEXT}, ("DOI",))),
    "link": _ListOf(_Object({"URL": _TEXT})),
    "resource": _Object({"primary": _Object({"URL": _TEXT})}),
    "institution": _ListOf(_Object({"name": _TEXT})),
}, required=("DOI",))
_DATACITE_ATTRIBUTES = _Object({
    "doi": _Doi,
    "titles": _ListOf(_Object({"title": _TEXT, "titleType": _TEXT})),
    "creators": _ListOf(_Object({
        "name": _TEXT, "givenName": _TEXT, "familyName": _TEXT, "nameType": _TEXT,
        "nameIdentifiers": _ListOf(_Object({"nameIdentifier": _TEXT, "nameIdentifierScheme": _TEXT}))})),
    "publisher": (str, _Object({"name": _TEXT})),
    "types": _Object({"resourceTypeGeneral": _TEXT}),
    "publicationYear": (int, str),
    "container": _Object({"title": _TEXT}),
    "descriptions": _ListOf(_Object({"description": _TEXT, "descriptionType": _TEXT})),
    "relatedIdentifiers": _ListOf(_Object({"relatedIdentifier": _TEXT, "relatedIdentifierType": _TEXT,
                                           "relationType": _TEXT})),
    "identifiers": _ListOf(_Object({"identifier": (str, int, type(None)), "identifierType": _TEXT})),
    "alternateIdentifiers": _ListOf(_Object({"alternateIdentifier": (str, int, type(None)),
                                             "alternateIdentifierType": _TEXT})),
    "url": _TEXT,
})
_DATACITE_RECORD = _Object({"id": _Doi, "attributes": _DATACITE_ATTRIBUTES}, required=("id",))
_GITHUB_REPO = _Object({
    "full_name": str, "description": _TEXT, "fork": (bool, type(None)), "archived": (bool, type(None)),
    "size": (int, type(None)), "stargazers_count": (int, type(None)), "topics": _ListOf(str), "homepage": _TEXT,
}, required=("full_name",))
_SHAPES: dict[tuple[str, str], object] = {
    ("crossref", "works"): _CROSSREF_WORK,
    ("crossref", "search"): _ListOf(_CROSSREF_WORK),
    ("datacite", "dois"): _DATACITE_RECORD,
    ("datacite", "search"): _ListOf(_DATACITE_RECORD),
    ("github", "repos"): _GITHUB_REPO,
    ("github", "readmes"): _Object({"content": _TEXT, "encoding": _TEXT, "path": _TEXT}),
    ("github", "search"): _Object({"items": _ListOf(_GITHUB_REPO)}, required=("items",)),
}


def body_problem(key: str, status: str, body: Any) -> str | None:
    """What is wrong with the shape of a cached (or fetched) body for `key`, or None when it can be used.

    Checks what the clients read: field types, nesting, and that every DOI has Crossref's syntax.
    A not-found entry carries no body; a key of an unknown kind is not checked.

    >>> body_problem("crossref/works/10.1000_x", FOUND, {"DOI": "10.1000/x", "title": 5})
    'title: expected str or list, not int'
    """
    service, _, rest = key.partition("/")
    kind = rest.partition("/")[0]
    if status == NOT_FOUND:
        return None if body is None or (kind == "search" and body == []) else "a not-found entry has a body"
    shape = _SHAPES.get((service, kind))
    return None if shape is None else _shape_problem(body, shape, "")


def work_problem(item: Any) -> str | None:
    """What is wrong with one Crossref work item (as in /works/{doi} or a work-list), or None."""
    return _shape_problem(item, _CROSSREF_WORK, "")


def record_problem(data: Any) -> str | None:
    """What is wrong with one DataCite JSON:API data object, or None."""
    return _shape_problem(data, _DATACITE_RECORD, "")


def _shape_problem(value: Any, shape: object, where: str) -> str | None:
    if isinstance(shape, tuple):
        for option in shape:
            if _shape_problem(value, option, where) is None:
                return None
        names = " or ".join(_shape_name(option) for option in shape)
        return f"{where or 'body'}: expected {names}, not {type(value).__name__}"
    if shape is _Doi:
        return None if isinstance(value, str) and is_valid_doi(_bare(value)) else f"{where}: not a DOI: {value!r:.80}"
    if isinstance(shape, type):
        # bool is an int in Python; JSON keeps them apart
        if isinstance(value, shape) and not (isinstance(value, bool) and shape is not bool):
            return None
        return f"{where or 'body'}: expected {shape.__name__}, not {type(value).__name__}"
    if isinstance(shape, _ListOf):
        if not isinstance(value, list):
            return f"{where or 'body'}: expected a list, not {type(value).__name__}"
        for index, item in enumerate(value):
            problem = _shape_problem(item, shape.item, f"{where}[{index}]")
            if problem is not None:
                return problem
        return None
    assert isinstance(shape, _Object)
    if not isinstance(value, dict):
        return f"{where or 'body'}: expected an object, not {type(value).__name__}"
    for name in shape.required:
        if value.get(name) is None:
            return f"{_join(where, name)}: missing"
    for name, field_shape in shape.fields.items():
        if value.get(name) is not None:
            problem = _shape_problem(value[name], field_shape, _join(where, name))
            if problem is not None:
                return problem
    if shape.values is not None:
        for name, field_value in value.items():
            problem = _shape_problem(field_value, shape.values, _join(where, name))
            if problem is not None:
                return problem
    return None


def _shape_name(shape: object) -> str:
    if isinstance(shape, type):
        return shape.__name__
    return "list" if isinstance(shape, _ListOf) else "object" if isinstance(shape, _Object) else "DOI"


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


_DOI_URL_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def _bare(doi: str) -> str:
    return _DOI_URL_PREFIX.sub("", doi.strip())
