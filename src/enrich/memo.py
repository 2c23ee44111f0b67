"""Decisions remembered between runs: a row decided by the same rules from the same records is not decided again.

    memo = DecisionMemo.load(cache, offline=False)
    resolution, consulted = memo.decide(("paper", entry, override), entry.line, lambda: resolve(entry, ...))
    memo.save()

A decision is stored under its subject (the row with every field but its line, the maintainers' override, what else
it was decided from), the run's mode and the fingerprint of enrich's own source, so a rule change re-decides
everything. With it go the cache records it read: key, size, modification time and a digest of the bytes. It is
replayed only when every one of those records still has the same bytes and would still be served in this run (not
expired or reconstructed on a live run); a deferred decision or an offline miss is never stored. The store is
derived data in `<cache>/.memo/` (git ignores it; the cache files stay the record), unpickled with only enrich's own
types allowed back in; deleting it costs one slower run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import logging
import os
import pickle
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
from enrich.records import CodeResolution, Decision, Resolution
from enrich.report import RunResult, build_report

if TYPE_CHECKING:
    from enrich.pipeline import RunOutcome

log = logging.getLogger(__name__)

FOLDER = ".memo"
STORE = "decisions.pickle"
RUN_STORE = "last-run.pickle"
NOT_REMEMBERED = (Decision.DEFERRED, Decision.CACHE_MISS)  # answers to "try again", not decisions

D = TypeVar("D", Resolution, CodeResolution)


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


class DecisionMemo:
    """Thread-safe enough for the pipeline: each decision is made and recorded in one thread."""

    def __init__(self, cache: Cache, *, offline: bool, fingerprint: str | None = None) -> None:
        self._cache = cache
        self._offline = offline
        self._fingerprint = fingerprint or source_fingerprint()
        self._remembered: dict[str, Remembered] | None = None  # read on the first decision; a replayed run never is
        self._loading = threading.Lock()
        self._kept: dict[str, Remembered] = {}
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
        remembered = self._stored().get(key)
        if remembered is not None and self._still_valid(remembered.records):
            self._kept[key] = remembered
            self._used.append(key)
            self.replayed += 1
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
                                         tuple(sorted(reads.consulted.items())))
            self._used.append(key)
        return decision, {}

    # ------------------------------------------------------------ whole runs

    def run_key(self, *inputs: object) -> str:
        """The key of a run whose outputs depend on `inputs` (besides the cache records and enrich's rules)."""
        return self._key(("run", *inputs))

    def replay_run(self, key: str) -> RunSnapshot | None:
        """The outputs of an earlier run with the same inputs, when every record its decisions read is unchanged."""
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
        return snapshot

    def save(self) -> None:
        """Keep the decisions this run used or made (older ones are dropped), if anything changed."""
        if self.decided == 0 and self._kept.keys() == self._stored().keys():
            return
        self._store(STORE, self._kept)

    def _stored(self) -> dict[str, Remembered]:
        with self._loading:
            if self._remembered is None:
                stored = self._read(STORE)
                self._remembered = stored if isinstance(stored, dict) else {}
            return self._remembered

    def _read(self, name: str) -> object:
        path = self._cache.root / FOLDER / name
        try:
            with path.open("rb") as handle:
                return _SafeUnpickler(handle).load()
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError) as exc:
            log.warning("memo: %s is unreadable (%s); deciding again", path, exc)
            return None

    def _store(self, name: str, stored: object) -> None:
        folder = self._cache.root / FOLDER
        buffer = io.BytesIO()
        _FieldsPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(stored)
        write_bytes_atomic(folder / name, buffer.getvalue())
        if not (folder / ".gitignore").exists():
            write_text_atomic(folder / ".gitignore", "# derived from the cache files by enrich; never committed\n*\n")

    # ------------------------------------------------------------ validity

    def _key(self, subject: tuple[Any, ...]) -> str:
        text = repr((self._fingerprint, self._offline, subject))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

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
    def of(cls, result: RunResult) -> ReportTemplate:
        nonce = secrets.token_hex(16)
        document = build_report(dataclasses.replace(result, catalogue_path=f"{nonce}:catalogue", requests={}))
        document["requests"] = f"{nonce}:requests"
        head, rest = stable_json(document).split(f'"{nonce}:catalogue"', 1)
        middle, tail = rest.split(f'"{nonce}:requests"', 1)
        return cls(head, middle, tail)

    def pieces(self, catalogue_path: str, requests: Mapping[str, Mapping[str, int]]) -> Iterator[str]:
        yield self.head
        yield json.dumps(catalogue_path, ensure_ascii=False)
        yield self.middle
        yield json.dumps({service: dict(counts) for service, counts in sorted(requests.items())},
                         sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield self.tail


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


def source_fingerprint() -> str:
    """A digest of enrich's own source files: any change to a rule re-decides every row."""
    package = Path(enrich.__file__).parent
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _FieldsPickler(pickle.Pickler):
    """Stores an enrich record as its class and field values, so loading it is one call to its constructor
    (the generic state of a slotted dataclass is restored field by field in Python, several times slower)."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind.__module__.startswith("enrich.") and dataclasses.is_dataclass(kind):
            return kind, tuple(getattr(obj, name) for name in _field_names(kind))
        return NotImplemented


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
