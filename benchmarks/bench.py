"""Speed and politeness of `enrich run` against loopback fakes held to Crossref's limits, side by side.

Every cold run gets a fresh fake enforcing the polite pool as Crossref states it since December 2025 (10 requests/s
and 5 in flight for every request type, a 429 beyond either) with `--latency` seconds per answer:

- pipeline: `enrich.pipeline.run` as `enrich run --no-code` would (code links are GitHub's own budget);
- naive: a sequential loop of `habanero.Crossref(base_url=fake).works(query_bibliographic=..., limit=5)`.

Then a warm run at --warm-size rows (the cache primed against an unthrottled fake): the `python -m enrich run`
command's wall time, requests and peak RSS, and whether its outputs are the bytes of the cold run's.

    python benchmarks/bench.py                               # 50 and 500 rows at 100 and 300 ms, warm 5,000
    python benchmarks/bench.py --sizes 50,500,5000           # add the 5,000-row cold run (about 9 minutes each)
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "src", ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import habanero  # noqa: E402

from enrich.cache import Cache  # noqa: E402
from enrich.catalogue import read_catalogue  # noqa: E402
from enrich.clients.crossref import POLITE_POOL, CrossrefClient  # noqa: E402
from enrich.clients.datacite import DataCiteClient  # noqa: E402
from enrich.clients.github import GitHubClient  # noqa: E402
from enrich.clients.http import Pacer, ServiceConfig, user_agent  # noqa: E402
from enrich.pipeline import RunOptions, Services, open_services, run  # noqa: E402
from synthetic import Synthetic, generate  # noqa: E402
from tests.fakes import FakeServices, load_corpus  # noqa: E402
from tests.fakes.crossref import POLITE_LIMIT  # noqa: E402

MAILTO = "bench@example.org"
GITHUB_SEARCHES_PER_MINUTE = 30  # GitHub's search budget with a token (the fake enforces it)
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Measure:
    size: int
    run: str
    latency: float
    wall: float
    requests: int
    peak_concurrency: int
    count_429: int
    resolved: int | None = None  # rows resolved to the generated paper (None: not a resolver)
    wrong: int | None = None  # rows resolved to any other DOI

    @property
    def bound(self) -> float:
        """The fastest the limits allow: the requests at 10/s with 5 in flight, plus one row's dependent chain."""
        rate, concurrency = POLITE_POOL.rate, POLITE_POOL.concurrency
        throughput = min(rate, concurrency / self.latency) if self.latency else rate
        chain = math.ceil(self.requests / self.size) * self.latency
        return self.requests / throughput + chain

    @property
    def ratio(self) -> float:
        return self.wall / self.bound if self.bound else float("nan")


def config_for(fakes: FakeServices) -> ServiceConfig:
    return ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": MAILTO})


def prepare(synthetic: Synthetic, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = folder / "README.md"
    catalogue.write_text(synthetic.catalogue_text, encoding="utf-8")
    return catalogue


def pipeline_run(synthetic: Synthetic, folder: Path, latency: float, label: str,
                 make_services: Callable[[ServiceConfig, Cache], Services], limited: bool = True,
                 cache_dir: Path | None = None) -> Measure:
    catalogue = prepare(synthetic, folder)
    cache = Cache(cache_dir or folder / "cache")
    limits = {"crossref": POLITE_LIMIT} if limited else {}
    with FakeServices(synthetic.corpus, latency=latency, rate_limits=limits) as fakes:
        services = make_services(config_for(fakes), cache)
        options = RunOptions(catalogue=catalogue, bib=folder / "references.bib", report=folder / "report.json",
                             find_code_links=False)
        started = time.perf_counter()
        outcome = run(options, services=services)
        wall = time.perf_counter() - started
        fake = fakes.crossref
        requests, peak, count_429 = len(fake.requests), fake.peak_concurrency, fake.count_429
    resolved = wrong = 0
    for entry in outcome.result.entries:
        work = outcome.result.resolutions[entry.line].work
        if work is not None:
            resolved += work.doi == synthetic.doi_by_model[entry.model]
            wrong += work.doi != synthetic.doi_by_model[entry.model]
    return Measure(len(synthetic.doi_by_model), label, latency, wall, requests, peak, count_429, resolved, wrong)


def default_services(config: ServiceConfig, cache: Cache) -> Services:
    return open_services(config=config, cache=cache)


def unthrottled(config: ServiceConfig, cache: Cache) -> Services:
    """Only for priming a cache against an unthrottled fake: no pacing worth the name."""
    return Services(CrossrefClient(config, cache, pacer=Pacer(10_000.0, 8)),
                    DataCiteClient(config, cache, pacer=Pacer(10_000.0, 8)),
                    GitHubClient(config, cache, pacer=Pacer(10_000.0, 8)))


def naive_run(synthetic: Synthetic, folder: Path, latency: float) -> Measure:
    catalogue = read_catalogue(prepare(synthetic, folder))
    errors: Counter[str] = Counter()
    with FakeServices(synthetic.corpus, latency=latency, rate_limits={"crossref": POLITE_LIMIT}) as fakes:
        crossref = habanero.Crossref(base_url=fakes.crossref.url, mailto=MAILTO, ua_string=user_agent(MAILTO))
        started = time.perf_counter()
        for entry in catalogue.entries:
            try:
                crossref.works(query_bibliographic=f"{entry.model} {entry.paper_text}", limit=5)
            except Exception as exc:  # noqa: BLE001 - a naive loop has no error handling; count what it hit
                errors[type(exc).__name__] += 1
        wall = time.perf_counter() - started
        fake = fakes.crossref
        measure = Measure(len(catalogue.entries), "naive habanero loop", latency, wall, len(fake.requests),
                          fake.peak_concurrency, fake.count_429)
    if errors:
        print(f"  naive loop errors: {dict(errors)}", file=sys.stderr)
    return measure


# (label, row edit, source edit): each warm run reads a fresh copy of the generated catalogue, with no bib yet (the
# cold run's inputs), so its outputs can be compared byte for byte
WARM_STEPS = (
    ("first run on the primed cache: every row decided from the cache, the memo written", False, None),
    ("same inputs again: the whole run replayed", False, None),
    ("one row's Highlights cell edited: that row parsed and decided again, the others replayed", True, None),
    ("a writer changed (a comment added to report.py): decisions and parsed rows replayed", True, "report.py"),
    ("a rule changed (a comment added to match.py): every row decided again from the cache", True, "match.py"),
)


@dataclass(frozen=True, slots=True)
class WarmMeasure:
    label: str
    wall: float
    cpu: float
    requests: int
    peak_mb: float
    exit_code: int
    load: float


def warm_runs(size: int, folder: Path) -> list[str]:
    """Prime a cache for `size` rows (the cold outputs), then run the CLI on it: the same inputs, one row edited, a
    writer changed and a rule changed; compare the outputs with the cold run's (same inputs) or with the rule-change
    run's (which decides every row of the edited catalogue again, as a run without a memo would)."""
    synthetic = generate(size, seed=size)
    cache_dir = folder / "cache"
    if (folder / "cold" / "report.json").is_file() and cache_dir.is_dir():  # --warm-dir of an earlier run
        shutil.rmtree(cache_dir / ".memo", ignore_errors=True)
        lines = [f"reusing the cache primed in {folder} (its memo removed)"]
    else:
        started = time.perf_counter()
        primed = pipeline_run(synthetic, folder / "cold", 0.0, "prime", unthrottled, limited=False,
                              cache_dir=cache_dir)
        lines = [f"primed {primed.size} rows in {time.perf_counter() - started:.1f} s "
                 f"({primed.requests} requests, {primed.resolved} resolved, {primed.wrong} wrong)"]
    edited = _edit_one_row(synthetic.catalogue_text)
    measures: list[WarmMeasure] = []
    outputs: dict[int, Path] = {}
    for index, (label, edit, source_edit) in enumerate(WARM_STEPS):
        run_folder = folder / f"warm-{index}"
        shutil.rmtree(run_folder, ignore_errors=True)
        shutil.rmtree(folder / f"src-{index}", ignore_errors=True)
        run_folder.mkdir(parents=True)
        (run_folder / "README.md").write_text(edited if edit else synthetic.catalogue_text, encoding="utf-8")
        source = _edited_source(folder / f"src-{index}", source_edit) if source_edit else ROOT / "src"
        measures.append(_warm_cli(label, run_folder, cache_dir, source, synthetic))
        outputs[index] = run_folder
    lines.append("| run | load | wall s | CPU s (user + sys) | requests | peak RSS MB | exit |")
    lines.append("|---|---|---|---|---|---|---|")
    lines.extend(f"| {m.label} | {m.load:.1f} | {m.wall:.2f} | {m.cpu:.2f} | {m.requests} | {m.peak_mb:.0f} | "
                 f"{m.exit_code} |" for m in measures)
    last = len(WARM_STEPS) - 1
    lines.append("outputs identical to the cold run's (same inputs): "
                 + ", ".join(f"run {index + 1}: {_same_outputs(folder / 'cold', outputs[index])}"
                             for index in (0, 1)))
    lines.append("outputs identical to the rule-change run's (edited inputs, every row decided again): "
                 + ", ".join(f"run {index + 1}: {_same_outputs(outputs[last], outputs[index])}"
                             for index in range(2, last)))
    return lines


def _edit_one_row(text: str) -> str:
    """The catalogue with one row's Highlights cell changed (its paper's query is the same: no request needed)."""
    lines = text.splitlines(keepends=True)
    row = next(index for index, line in enumerate(lines) if line.startswith("| ") and index > 8)
    cells = lines[row].split(" | ")
    cells[-1] = "Edited: " + cells[-1]
    lines[row] = " | ".join(cells)
    return "".join(lines)


def _edited_source(folder: Path, module: str) -> Path:
    """A copy of enrich's source with a comment appended to `module`, compiled before it is timed."""
    shutil.copytree(ROOT / "src", folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    with (folder / "enrich" / module).open("a", encoding="utf-8") as source:
        source.write("# an edit for the benchmark\n")
    compileall.compile_dir(str(folder), quiet=1)
    return folder


def _warm_cli(label: str, folder: Path, cache_dir: Path, source: Path, synthetic: Synthetic) -> WarmMeasure:
    with FakeServices(synthetic.corpus, rate_limits={"crossref": POLITE_LIMIT}) as fakes:
        env = {**os.environ, **fakes.env, "ENRICH_MAILTO": MAILTO, "ENRICH_CACHE_DIR": str(cache_dir),
               "PYTHONPATH": str(source)}
        command = ["/usr/bin/time", "-f", "%M %U %S", sys.executable, "-m", "enrich", "run", "--no-code",
                   "--catalogue", str(folder / "README.md"), "--bib", str(folder / "references.bib"),
                   "--report", str(folder / "report.json")]
        load = os.getloadavg()[0]
        started = time.perf_counter()
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        requests = sum(len(server.requests) for server in fakes.servers.values())
    peak_kib, user, system = completed.stderr.strip().splitlines()[-1].split()  # GNU time: KiB, CPU seconds
    return WarmMeasure(label, wall, float(user) + float(system), requests, int(peak_kib) * 1024 / MB,
                       completed.returncode, load)


def _same_outputs(cold: Path, warm: Path) -> bool:
    """Catalogue and bib byte for byte; the report without `requests` and `catalogue` (run details by design)."""
    def report(folder: Path) -> dict:
        document = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        del document["requests"], document["catalogue"]
        return document

    return all((cold / name).read_bytes() == (warm / name).read_bytes() for name in ("README.md", "references.bib")) \
        and report(cold) == report(warm)


def seed_run(latency: float, folder: Path, overlap: bool = True) -> list[str]:
    """`enrich run` on the seed catalogue with a GitHub token, code links included, against the fakes serving the
    reconstructed corpus at `latency` s per answer: Crossref held to its limits, GitHub to its search budget with a
    token (30 a minute, windows renewing as GitHub's do). Real clock: the GitHub budget makes this take minutes."""
    corpus = load_corpus(ROOT / "tests" / "fakes" / "corpus")
    for item in [*corpus.crossref, *corpus.datacite, *corpus.github]:  # as if fetched: a live run uses them
        item.pop("reconstructed", None)
        if isinstance(item.get("attributes"), dict):
            item["attributes"].pop("reconstructed", None)
    folder.mkdir(parents=True)
    shutil.copyfile(ROOT / "catalogue" / "README.md", folder / "README.md")
    with FakeServices(corpus, latency=latency, rate_limits={"crossref": POLITE_LIMIT},
                      github_options={"rolling": True}) as fakes:
        config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": MAILTO, "GITHUB_TOKEN": "bench-token"})
        services = open_services(config=config, cache=Cache(folder / "cache"))
        options = RunOptions(catalogue=folder / "README.md", bib=folder / "references.bib",
                             report=folder / "report.json", overlap=overlap)
        started, cpu = time.perf_counter(), time.process_time()
        outcome = run(options, services=services)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        searches = sum(1 for request in fakes.github.requests if request.path.startswith("/search/"))
        core = len(fakes.github.requests) - searches
        crossref = len(fakes.crossref.requests)
        datacite = len(fakes.datacite.requests)
        crossref_429 = fakes.crossref.count_429
    rows = len(outcome.result.entries)
    rate, concurrency = POLITE_POOL.rate, POLITE_POOL.concurrency
    crossref_bound = crossref / min(rate, concurrency / latency if latency else rate) + latency
    github_bound = max(searches - 1, 0) * 60 / GITHUB_SEARCHES_PER_MINUTE + latency
    github_counts = dict(outcome.result.requests.get("github", {}))
    ratio = wall / github_bound if github_bound else float("nan")
    return [
        f"seed catalogue, {rows} rows, {latency * 1000:.0f} ms per answer, "
        f"{'services overlapped' if overlap else 'stages one after the other (overlap off)'}, "
        f"load {os.getloadavg()[0]:.1f}: "
        f"wall {wall:.1f} s (CPU {cpu:.1f} s)",
        f"  GitHub: {searches} searches, {core} other requests; client counts {github_counts}",
        f"  GitHub bound (searches at {GITHUB_SEARCHES_PER_MINUTE} a minute, one after another): {github_bound:.1f} s;"
        f" wall / GitHub bound {ratio:.2f}",
        f"  Crossref: {crossref} requests, {crossref_429} 429s, bound alone (10/s, 5 in flight) {crossref_bound:.1f} s;"
        f" DataCite: {datacite} requests",
        f"  the stages one after the other: at least {github_bound + crossref_bound:.1f} s (the two bounds added)",
    ]


def table(measures: list[Measure]) -> str:
    header = ("| rows | latency ms | run | wall s | Crossref requests | per row | peak in flight | 429s | bound s "
              "| wall/bound | resolved | wrong |")
    lines = [header, "|" + "---|" * 12]
    for m in measures:
        resolved = "-" if m.resolved is None else str(m.resolved)
        wrong = "-" if m.wrong is None else str(m.wrong)
        lines.append(f"| {m.size} | {m.latency * 1000:.0f} | {m.run} | {m.wall:.1f} | {m.requests} | "
                     f"{m.requests / m.size:.2f} | {m.peak_concurrency} | {m.count_429} | {m.bound:.1f} | "
                     f"{m.ratio:.2f} | {resolved} | {wrong} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="enrich benchmarks against rate-limited loopback fakes")
    parser.add_argument("--sizes", default="50,500", help="comma-separated catalogue sizes for the cold runs")
    parser.add_argument("--latencies", default="0.1,0.3", help="seconds the fakes take per answer, comma-separated")
    parser.add_argument("--warm-size", type=int, default=5000, help="rows for the warm run (0: skip)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive habanero baseline")
    parser.add_argument("--warm-dir", type=Path, default=None,
                        help="keep the primed warm cache here, and reuse it when it is already there (saves minutes)")
    parser.add_argument("--seed", action="store_true",
                        help="also run the seed catalogue with a GitHub token, code links included (minutes)")
    parser.add_argument("--seed-latency", type=float, default=0.1, help="seconds per answer for the seed run")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    latencies = [float(latency) for latency in args.latencies.split(",") if latency.strip()]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}; fake limits {POLITE_LIMIT.requests}/{POLITE_LIMIT.interval:g}s, "
          f"{POLITE_LIMIT.concurrency} in flight, every request type")
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="enrich-bench-") as scratch:
        for latency in latencies:
            for size in sizes:
                synthetic = generate(size, seed=size)
                base = Path(scratch) / f"cold-{size}-{latency}"
                print(f"running pipeline at {size} rows, {latency * 1000:.0f} ms ...", file=sys.stderr, flush=True)
                measures.append(pipeline_run(synthetic, base / "pipeline", latency, "pipeline", default_services))
                if not args.no_naive:
                    print(f"running naive at {size} rows, {latency * 1000:.0f} ms ...", file=sys.stderr, flush=True)
                    measures.append(naive_run(synthetic, base / "naive", latency))
        if measures:
            print(table(measures))
        if args.warm_size:
            print(f"running warm at {args.warm_size} rows ...", file=sys.stderr, flush=True)
            for line in warm_runs(args.warm_size, args.warm_dir or Path(scratch) / "warm"):
                print(line)
        if args.seed:
            print("running the seed catalogue with a GitHub token ...", file=sys.stderr, flush=True)
            for overlap in (True, False):
                for line in seed_run(args.seed_latency, Path(scratch) / f"seed-{overlap}", overlap):
                    print(line)
    print("targets: cold wall/bound <= 1.15, <= 1.3 Crossref requests per row, 0 429s; warm 5,000 rows < 2 s, "
          "0 requests, peak RSS < 200 MB, outputs identical to the cold run's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
