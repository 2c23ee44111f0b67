"""Decisions remembered between runs: a row decided by the same rules from the same records is not decided again.

    memo = DecisionMemo.load(cache, offline=False)
    resolution, consulted = memo.decide(("paper", entry, override), entry.line, lambda: resolve(entry, ...))
    memo.save()

A decision is stored under its subject (the row with every field but its line, the maintainers' override, what else
it was decided from), the run's mode and the fingerprint of the modules that decide (`decision_fingerprint`), so a
rule change re-decides everything while a change to a writer (the bib, the report, the CLI) replays the decisions.
With it go the cache records it read: key, size, modification time and a digest of the bytes. It is replayed only
when every one of those records still has the same bytes and would still be served in this run (not expired or
reconstructed on a live run); a deferred decision or an offline miss is never stored. The store is
derived data in `<cache>/.memo/` (git ignores it; the cache files stay the record), unpickled with only enrich's own
types allowed back in; deleting it costs one slower run. Each decision is stored as its own pickled bytes: a run that
replays most rows unpickles only those it uses and writes the others back as the bytes it read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import logging
import operator
import os
import pickle
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import enrich
from enrich.atomic import stable_json, write_bytes_atomic, write_text_atomic
from enrich.cache import STATUSES, Cache, Reads
from enrich.catalogue import ParsedRows
from enrich.records import CodeResolution, Decision, Resolution
from enrich.report import RunResult, build_report

if TYPE_CHECKING:
    from enrich.pipeline import RunOutcome

log = logging.getLogger(__name__)

FOLDER = ".memo"
STORE = "decisions-v2.pickle"  # one pickle per decision inside; the name keeps older enrich off it
RUN_STORE = "last-run.pickle"
RUN_KEY = "last-run.key"
ROWS_STORE = "rows.pickle"
ENTRIES_STORE = "report-rows.pickle"
NOT_REMEMBERED = (Decision.DEFERRED, Decision.CACHE_MISS)  # answers to "try again", not decisions

D = TypeVar("D", Resolution, CodeResolution)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RecordState:
    """One cache file as a decision read it."""

    key: str
    size: int
    mtime_ns: int
    digest: str
    status: str
    fetched: str
    reconstructed: bool


@dataclass(frozen=True, slots=True)
class Remembered:
    decision: Resolution | CodeResolution  # entry_line 0: the line is put back on replay
    records: tuple[RecordState, ...]
    consulted: tuple[tuple[str, int], ...]  # (service, cache-first lookups), replayed as cache hits
    reconstructed: tuple[str, ...] = ()  # DOIs it read from reconstructed answers, noted again on replay


class DecisionMemo:
    """Thread-safe enough for the pipeline: each decision is made and recorded in one thread."""

    def __init__(self, cache: Cache, *, offline: bool, fingerprint: str | None = None) -> None:
        self._cache = cache
        self._offline = offline
        self._fingerprint = fingerprint or decision_fingerprint()
        self._run_fingerprint = fingerprint or source_fingerprint()  # a run's outputs depend on every module
        self._remembered: dict[str, bytes] | None = None  # read on the first decision; a replayed run never is
        self._loading = threading.Lock()
        self._kept: dict[str, Remembered] = {}
        self._kept_bytes: dict[str, bytes] = {}  # replayed decisions, stored again as the bytes they were read from
        self._used: list[str | None] = []  # per decision of this run, in order: its key, None if not remembered
        self.replayed = 0
        self.decided = 0

    @classmethod
    def load(cls, cache: Cache, *, offline: bool, fingerprint: str | None = None) -> DecisionMemo:
        """The memo stored under `cache`'s root (read when first needed; empty when absent or unreadable)."""
        return cls(cache, offline=offline, fingerprint=fingerprint)

    def decide(self, subject: tuple[Any, ...], line: int, make: Callable[[], D]) -> tuple[D, dict[str, int]]:
        """The decision about `subject` for the row at `line`, replayed or made by `make`; and, per service,
        how many cache-first lookups it made (a replay counts them as the cache hits they would have been)."""
        key = self._key(subject)
        stored = self._stored().get(key)
        remembered = _loads(stored) if isinstance(stored, bytes) else None
        if isinstance(remembered, Remembered) and self._still_valid(remembered.records):
            self._kept[key] = remembered
            self._kept_bytes[key] = stored  # type: ignore[assignment]
            self._used.append(key)
            self.replayed += 1
            self._cache.note_reconstructed(remembered.reconstructed)
            replayed: D = dataclasses.replace(remembered.decision, entry_line=line)  # type: ignore[assignment]
            return replayed, dict(remembered.consulted)
        with self._cache.recording() as reads:
            decision = make()
        self.decided += 1
        records = self._states(reads) if decision.decision not in NOT_REMEMBERED else None
        if records is None:
            self._used.append(None)
        else:
            self._kept[key] = Remembered(dataclasses.replace(decision, entry_line=0), records,
                                         tuple(sorted(reads.consulted.items())), tuple(sorted(reads.reconstructed)))
            self._used.append(key)
        return decision, {}

    def derived(self, name: str, inputs: object, make: Callable[[], T]) -> T:
        """`make()`, or the value it gave in an earlier run for the same `inputs` (compared by their repr, which
        must hold all they are) and the same source of enrich; one value is kept per `name`. For pure steps whose
        inputs often stay the same between runs (the bib text and its check)."""
        key = _digest((self._run_fingerprint, name, inputs))
        path = f"{name}.pickle"
        stored = self._read(path)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return stored[1]  # type: ignore[no-any-return]
        value = make()
        self._store(path, (key, value))
        return value

    def parsed_rows(self) -> ParsedRows:
        """The table rows the last run parsed, for `read_catalogue` (none when the reader's source changed)."""
        stored = self._read(ROWS_STORE)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == reader_fingerprint():
            return ParsedRows(stored[1])
        return ParsedRows()

    def keep_rows(self, rows: ParsedRows) -> None:
        """Keep the rows this run parsed (only those), if they are not the ones kept already."""
        if rows.used.keys() != rows.known.keys():
            self._store(ROWS_STORE, (reader_fingerprint(), rows.used))

    def rendered_entries(self) -> RenderedEntries:
        """The report rows the last run rendered, for `ReportTemplate.of`."""
        stored = self._read(ENTRIES_STORE)
        return RenderedEntries(stored) if isinstance(stored, dict) else RenderedEntries()

    def keep_rendered_entries(self, rendered: RenderedEntries) -> None:
        """Keep the report rows this run rendered (only those), if they are not the ones kept already."""
        if rendered.used.keys() != rendered.known.keys():
            self._store(ENTRIES_STORE, rendered.used)

    # ------------------------------------------------------------ whole runs

    def run_key(self, *inputs: object) -> str:
        """The key of a run whose outputs depend on `inputs` (besides the cache records and enrich's rules)."""
        return _digest((self._run_fingerprint, self._offline, ("run", *inputs)))

    def replay_run(self, key: str) -> RunSnapshot | None:
        """The outputs of an earlier run with the same inputs, when every record its decisions read is unchanged."""
        try:  # the key alone first: a run with other inputs does not unpickle the last run's outputs
            if (self._cache.root / FOLDER / RUN_KEY).read_text(encoding="ascii") != key:
                return None
        except (OSError, UnicodeDecodeError):
            return None
        snapshot = self._read(RUN_STORE)
        if not isinstance(snapshot, RunSnapshot) or snapshot.key != key or not self._still_valid(snapshot.records):
            return None
        return snapshot

    def keep_run(self, key: str, outcome: RunOutcome, report: ReportTemplate) -> RunSnapshot | None:
        """Store this run's outputs for `replay_run`, if every decision of it was remembered; returns the snapshot."""
        if any(used is None for used in self._used):
            return None
        records: dict[str, RecordState] = {}
        consulted: Counter[str] = Counter()
        for used in self._used:
            remembered = self._kept[used]  # type: ignore[index]
            records.update((record.key, record) for record in remembered.records)
            consulted.update(dict(remembered.consulted))
        snapshot = RunSnapshot(key, dataclasses.replace(outcome.result, requests={}), outcome.catalogue_text,
                               outcome.bib_text, outcome.bib_problems or (), report, tuple(records.values()),
                               tuple(sorted(consulted.items())))
        self._store(RUN_STORE, snapshot)
        write_text_atomic(self._cache.root / FOLDER / RUN_KEY, key)
        return snapshot

    def save(self) -> None:
        """Keep the decisions this run used or made (older ones are dropped), if anything changed."""
        if self.decided == 0 and self._kept.keys() == self._stored().keys():
            return
        self._store(STORE, {key: self._kept_bytes.get(key) or _dumps(remembered)
                            for key, remembered in self._kept.items()})

    def _stored(self) -> dict[str, bytes]:
        with self._loading:
            if self._remembered is None:
                stored = self._read(STORE)
                self._remembered = stored if isinstance(stored, dict) else {}
            return self._remembered

    def _read(self, name: str) -> object:
        path = self._cache.root / FOLDER / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("memo: %s is unreadable (%s); deciding again", path, exc)
            return None
        return _loads(data, path)

    def _store(self, name: str, stored: object) -> None:
        folder = self._cache.root / FOLDER
        write_bytes_atomic(folder / name, _dumps(stored))
        if not (folder / ".gitignore").exists():
            write_text_atomic(folder / ".gitignore", "# derived from the cache files by enrich; never committed\n*\n")

    # ------------------------------------------------------------ validity

    def _key(self, subject: tuple[Any, ...]) -> str:
        return _digest((self._fingerprint, self._offline, subject))

    def _still_valid(self, records: tuple[RecordState, ...]) -> bool:
        root = os.fspath(self._cache.root)
        for record in records:
            if not self._cache.serves(record.status, record.fetched, record.reconstructed, offline=self._offline):
                return False
            try:
                # the key was checked by path_for when the record was read; a plain join is enough here
                stat = os.stat(os.path.join(root, *record.key.split("/")) + ".json")
            except OSError:
                return False
            if (stat.st_size, stat.st_mtime_ns) != (record.size, record.mtime_ns):
                current = self._state(record.key)
                if current is None or current.digest != record.digest:
                    return False
        return True

    def _states(self, reads: Reads) -> tuple[RecordState, ...] | None:
        """The state of every record read; None when one is absent (the decision depended on a miss)."""
        states = []
        for key in dict.fromkeys(reads.keys):
            state = self._state(key)
            if state is None:
                return None
            states.append(state)
        return tuple(states)

    def _state(self, key: str) -> RecordState | None:
        path = self._cache.path_for(key)
        try:
            stat = os.stat(path)
            data = path.read_bytes()
        except OSError:
            return None
        entry = self._cache.get(key, offline=True)  # the same parse (and corruption check) as every read
        if entry is None or entry.status not in STATUSES:
            return None
        return RecordState(key, stat.st_size, stat.st_mtime_ns, hashlib.blake2b(data, digest_size=20).hexdigest(),
                           entry.status, entry.fetched, entry.reconstructed)


@dataclass(frozen=True, slots=True)
class ReportTemplate:
    """The report's text with the two parts that differ between runs left open: the catalogue's path and the
    request counts. Filling them gives the bytes `render_report` would (tested), without rendering every row again;
    the pieces are written one after the other, never joined in memory."""

    head: str  # up to the catalogue's path
    middle: str  # from after the path up to the request counts
    tail: str

    @classmethod
    def of(cls, result: RunResult, rendered: RenderedEntries | None = None) -> ReportTemplate:
        """The template of `result`'s report; with `rendered`, each row's JSON is taken from an earlier run when
        its data is the same (the indented form costs most of the time; the compact one is the key)."""
        nonce = secrets.token_hex(16)
        document = build_report(dataclasses.replace(result, catalogue_path=f"{nonce}:catalogue", requests={}))
        document["requests"] = f"{nonce}:requests"
        entries = document["entries"]
        document["entries"] = f"{nonce}:entries"
        head, rest = stable_json(document).split(f'"{nonce}:catalogue"', 1)
        middle, tail = rest.split(f'"{nonce}:requests"', 1)
        before, after = middle.split(f'"{nonce}:entries"', 1)
        return cls(head, before + _entries_json(entries, rendered or RenderedEntries()) + after, tail)

    def pieces(self, catalogue_path: str, requests: Mapping[str, Mapping[str, int]]) -> Iterator[str]:
        yield self.head
        yield json.dumps(catalogue_path, ensure_ascii=False)
        yield self.middle
        yield json.dumps({service: dict(counts) for service, counts in sorted(requests.items())},
                         sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield self.tail


@dataclass(slots=True)
class RenderedEntries:
    """Report rows as `stable_json` indents them at their depth, by a digest of their compact JSON (sorted keys:
    the same data, the same text); `used` collects this run's, for the next one."""

    known: Mapping[str, str] = dataclasses.field(default_factory=dict)
    used: dict[str, str] = dataclasses.field(default_factory=dict)


def _entries_json(entries: list[dict[str, Any]], rendered: RenderedEntries) -> str:
    """`entries` as `stable_json` writes them as the value of a top-level key (every line after the first indented
    by two more levels: JSON strings hold no raw newline, so indenting is adding spaces after each newline)."""
    if not entries:
        return "[]"
    texts = []
    for entry in entries:
        compact = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        key = hashlib.blake2b(compact.encode("utf-8"), digest_size=20).hexdigest()
        text = rendered.known.get(key)
        if text is None:
            text = stable_json(entry).removesuffix("\n").replace("\n", "\n    ")
        rendered.used[key] = text
        texts.append(text)
    return "[\n    " + ",\n    ".join(texts) + "\n  ]"


@dataclass(frozen=True, slots=True)
class RunSnapshot:
    """What a run wrote, and what it depended on beyond its inputs: the cache records its decisions read."""

    key: str
    result: RunResult  # requests left empty: a replay counts its own
    catalogue_text: str
    bib_text: str
    bib_problems: tuple[str, ...]
    report: ReportTemplate
    records: tuple[RecordState, ...]
    consulted: tuple[tuple[str, int], ...]  # (service, cache-first lookups) of all its decisions


# The modules a decision is made by: with everything of enrich they import (the matching rules, the evidence, the
# clients' reading of answers, the cache's shape checks, the overrides) they make `decision_fingerprint`. The modules
# that only write outputs (the bib, the report, the catalogue writer, the CLI) are outside it, so changing one of them
# replays the decisions. pipeline.py (which calls the deciders) and memo.py (which keeps their results) count by their
# own text alone: what else they import writes outputs.
DECISION_MODULES = ("enrich.resolve", "enrich.code_links", "enrich.repository_route", "enrich.overrides",
                    "enrich.services")
OWN_TEXT_ONLY = ("enrich.pipeline", "enrich.memo")
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(enrich(?:\.\w+)*)[ \t]+import[ \t]+(\([\w, \t\n]*\)|[\w, \t]*)"
                     r"|import[ \t]+(enrich(?:\.\w+)+))", re.MULTILINE)


@functools.cache
def source_fingerprint(package: Path | None = None) -> str:
    """A digest of every source file of enrich (a run's outputs depend on all of them)."""
    package = package or Path(enrich.__file__).parent
    return _files_digest(package, sorted(path.relative_to(package) for path in package.rglob("*.py")))


@functools.cache
def decision_fingerprint(package: Path | None = None) -> str:
    """A digest of the source of `DECISION_MODULES`, of the enrich modules they import (transitively), and of
    `OWN_TEXT_ONLY`: a change to any rule re-decides every row; a change to a writer does not."""
    package = package or Path(enrich.__file__).parent
    return _files_digest(package, decision_files(package))


@functools.cache
def reader_fingerprint(package: Path | None = None) -> str:
    """A digest of the catalogue reader's source and of the enrich modules it imports: a change re-parses every row."""
    package = package or Path(enrich.__file__).parent
    return _files_digest(package, module_files(package, ("enrich.catalogue",)))


def decision_files(package: Path) -> list[Path]:
    """The files behind `decision_fingerprint`, relative to the package folder, sorted."""
    return module_files(package, DECISION_MODULES, OWN_TEXT_ONLY)


def module_files(package: Path, modules: tuple[str, ...], own_text_only: tuple[str, ...] = ()) -> list[Path]:
    """The files of `modules` and of the enrich modules they import, transitively (stopping at `own_text_only`,
    whose own files are included), relative to the package folder, sorted."""
    found: set[Path] = set()
    pending = [_module_file(package, name) for name in modules]
    while pending:
        relative = pending.pop()
        if relative is None or relative in found:
            continue
        found.add(relative)
        pending.extend(_imported_files(package, relative, own_text_only))
    found.update(_module_file(package, name) or Path(name) for name in own_text_only)
    return sorted(found)


def _imported_files(package: Path, relative: Path, own_text_only: tuple[str, ...]) -> Iterator[Path | None]:
    text = (package / relative).read_text(encoding="utf-8")
    for match in _IMPORT.finditer(text):
        module = match.group(1) or match.group(3)
        if module in own_text_only:
            continue
        yield _module_file(package, module)
        for name in re.findall(r"\w+", match.group(2) or ""):  # `from enrich.clients import crossref`
            if f"{module}.{name}" not in own_text_only:
                yield _module_file(package, f"{module}.{name}", must_exist=True)


def _module_file(package: Path, module: str, must_exist: bool = False) -> Path | None:
    parts = module.split(".")[1:]
    for candidate in (Path(*parts, "__init__.py") if parts else Path("__init__.py"),
                      Path(*parts).with_suffix(".py") if parts else None):
        if candidate is not None and (package / candidate).is_file():
            return candidate
    if not must_exist:
        log.debug("memo: no source file for %s", module)
    return None


def _files_digest(package: Path, files: list[Path]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for relative in files:
        digest.update(relative.as_posix().encode("utf-8"))
        digest.update((package / relative).read_bytes())
    return digest.hexdigest()


def _digest(subject: object) -> str:
    return hashlib.blake2b(repr(subject).encode("utf-8"), digest_size=20).hexdigest()


def _dumps(stored: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _FIELDS_REDUCERS
    pickler.dump(stored)
    return buffer.getvalue()


def _loads(data: bytes, where: Path | None = None) -> object:
    try:
        return _SafeUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, IndexError) as exc:
        log.warning("memo: %s is unreadable (%s); deciding again", where or "a stored decision", exc)
        return None


class _FieldsReducers(dict[type, Callable[[Any], Any]]):
    """The picklers' dispatch table: an enrich record is stored as its class and field values, so loading it is one
    call to its constructor (the generic state of a slotted dataclass is restored field by field in Python, several
    times slower). Any other type is missing (KeyError) and pickled as pickle does by default."""

    def __missing__(self, kind: type) -> Callable[[Any], Any]:
        if not (kind.__module__.startswith("enrich.") and dataclasses.is_dataclass(kind)):
            raise KeyError(kind)
        names = _field_names(kind)
        if len(names) > 1:
            fields = operator.attrgetter(*names)  # a tuple of the values, in C
            reducer: Callable[[Any], Any] = lambda obj: (kind, fields(obj))  # noqa: E731
        else:
            reducer = lambda obj: (kind, tuple(getattr(obj, name) for name in names))  # noqa: E731
        self[kind] = reducer
        return reducer


_FIELDS_REDUCERS = _FieldsReducers()


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind) if item.init)


class _SafeUnpickler(pickle.Unpickler):
    """Only enrich's own record types (and nothing that runs code) come back from the store."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("enrich.") and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, (str, int))):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the decision memo")
