"""Speed and politeness of `enrich run` against loopback fakes held to Crossref's documented limits.

For each catalogue size (synthetic, see synthetic.py) the same process runs, each against a fresh fake with
the polite pool's limits (10 requests/s, 3 in flight, 429 beyond) and `--latency` seconds per answer:

- pipeline: `enrich.pipeline.run` as `enrich run --no-code` would (code links are GitHub's own budget);
- naive: a sequential loop of `habanero.Crossref(base_url=fake).works(query_bibliographic=..., limit=5)`;
- what-if (with --what-if): the pipeline with Crossref list queries paced at the single-record rate (faster than
  Crossref allows lists; shows what the list limit costs).

Then a warm run at --warm-size entries (every answer cached; the cache is primed against an unthrottled fake):
in-process wall time and requests, and the `python -m enrich run` command's wall time and peak RSS.

    python benchmarks/bench.py                       # sizes 50,500, warm 5000: a few minutes
    python benchmarks/bench.py --sizes 5000 --what-if --latency 0.3
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from tests.fakes import FakeServices  # noqa: E402
from tests.fakes import crossref as fake_crossref  # noqa: E402
from tests.fakes.server import RateLimit  # noqa: E402

MAILTO = "bench@example.org"
POLITE_LIMIT = (fake_crossref.POLITE_LIMIT,)  # 10 requests/s and 5 in flight, list queries included
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Measure:
    size: int
    run: str
    wall: float
    requests: int
    peak_concurrency: int
    count_429: int
    resolved: int | None = None  # rows resolved to the generated paper (None: not a resolver)
    wrong: int | None = None  # rows resolved to any other DOI
    list_requests: int = 0  # of `requests`, the list queries (/works?query...), allowed at LIST_RATE

    @property
    def bound(self) -> float:
        """The fastest time Crossref's documented limits allow for these requests."""
        return self.list_requests / LIST_RATE + (self.requests - self.list_requests) / SINGLE_RATE

    @property
    def ratio(self) -> float:
        return self.wall / self.bound if self.bound else float("nan")


def config_for(fakes: FakeServices) -> ServiceConfig:
    env = {**fakes.env, "ENRICH_MAILTO": MAILTO}
    return ServiceConfig.from_env(env)


def prepare(synthetic: Synthetic, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = folder / "README.md"
    catalogue.write_text(synthetic.catalogue_text, encoding="utf-8")
    return catalogue


def pipeline_run(synthetic: Synthetic, folder: Path, latency: float, label: str,
                 make_services: Callable[[ServiceConfig, Cache], Services],
                 limit: tuple[RateLimit, ...] | None = POLITE_LIMIT,
                 cache_dir: Path | None = None) -> Measure:
    catalogue = prepare(synthetic, folder)
    cache = Cache(cache_dir or folder / "cache")
    limits = {"crossref": limit} if limit else {}
    with FakeServices(synthetic.corpus, latency=latency, rate_limits=limits) as fakes:
        services = make_services(config_for(fakes), cache)
        options = RunOptions(catalogue=catalogue, bib=folder / "references.bib", report=folder / "report.json",
                             find_code_links=False)
        started = time.perf_counter()
        outcome = run(options, services=services)
        wall = time.perf_counter() - started
        fake = fakes.crossref
        requests, peak, count_429 = len(fake.requests), fake.peak_concurrency, fake.count_429
        lists = list_queries(fake.requests)
    resolved = wrong = 0
    for entry in outcome.result.entries:
        work = outcome.result.resolutions[entry.line].work
        if work is not None:
            resolved += work.doi == synthetic.doi_by_model[entry.model]
            wrong += work.doi != synthetic.doi_by_model[entry.model]
    return Measure(len(synthetic.doi_by_model), label, wall, requests, peak, count_429, resolved, wrong, lists)


def list_queries(requests: Sequence[Any]) -> int:
    return sum(1 for request in requests if request.path.rstrip("/") == "/works")


def default_services(config: ServiceConfig, cache: Cache) -> Services:
    return open_services(config=config, cache=cache)


def list_at_pool_rate(config: ServiceConfig, cache: Cache) -> Services:
    """The pipeline's clients, except that Crossref list queries may use the whole polite pool."""
    rate, _, concurrency = POLITE_POOL
    crossref = CrossrefClient(config, cache)
    return Services(crossref, DataCiteClient(config, cache), GitHubClient(config, cache))


def unthrottled(config: ServiceConfig, cache: Cache) -> Services:
    """Only for priming a cache against an unthrottled fake: no pacing worth the name."""
    fast = Pacer(10_000.0, 8)
    return Services(CrossrefClient(config, cache, pacer=fast, list_pacer=fast),
                    DataCiteClient(config, cache, pacer=fast), GitHubClient(config, cache, pacer=fast))


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
        measure = Measure(len(catalogue.entries), "naive habanero loop", wall, len(fake.requests),
                          fake.peak_concurrency, fake.count_429, list_requests=list_queries(fake.requests))
    if errors:
        print(f"  naive loop errors: {dict(errors)}", file=sys.stderr)
    return measure


def warm_runs(size: int, folder: Path, latency: float) -> list[str]:
    """Prime a cache for `size` rows, then time a warm run in process and as the CLI in a subprocess."""
    synthetic = generate(size, seed=size)
    cache_dir = folder / "cache"
    primed_started = time.perf_counter()
    primed = pipeline_run(synthetic, folder / "prime", 0.0, "prime", unthrottled, limit=None, cache_dir=cache_dir)
    lines = [f"primed {primed.size} rows in {time.perf_counter() - primed_started:.1f} s "
             f"({primed.requests} requests, {primed.resolved} resolved, {primed.wrong} wrong)"]
    warm = pipeline_run(synthetic, folder / "warm", latency, "warm (in process)", default_services,
                        cache_dir=cache_dir)
    lines.append(f"warm in process: {warm.wall:.2f} s, {warm.requests} requests, {warm.resolved} resolved")
    lines.append(_warm_cli(synthetic, folder / "cli", cache_dir, latency))
    return lines


def _warm_cli(synthetic: Synthetic, folder: Path, cache_dir: Path, latency: float) -> str:
    catalogue = prepare(synthetic, folder)
    with FakeServices(synthetic.corpus, latency=latency, rate_limits={"crossref": POLITE_LIMIT}) as fakes:
        env = {**os.environ, **fakes.env, "ENRICH_MAILTO": MAILTO, "ENRICH_CACHE_DIR": str(cache_dir),
               "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "enrich", "run", "--no-code", "--catalogue", str(catalogue),
                   "--bib", str(folder / "references.bib"), "--report", str(folder / "report.json")]
        started = time.perf_counter()
        completed = subprocess.run(command, env=env, capture_output=True, check=False)
        wall = time.perf_counter() - started
        requests = len(fakes.crossref.requests) + len(fakes.datacite.requests)
    peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MB  # Linux reports KiB
    return (f"warm CLI (python -m enrich run, interpreter start included): {wall:.2f} s, exit "
            f"{completed.returncode}, {requests} requests, peak RSS {peak_rss:.0f} MB")


def table(measures: list[Measure]) -> str:
    header = ("| rows | run | wall s | Crossref requests | per row | peak in flight | 429s | bound s | wall/bound "
              "| resolved | wrong |")
    lines = [header, "|" + "---|" * 11]
    for m in measures:
        resolved = "-" if m.resolved is None else str(m.resolved)
        wrong = "-" if m.wrong is None else str(m.wrong)
        lines.append(f"| {m.size} | {m.run} | {m.wall:.1f} | {m.requests} | {m.requests / m.size:.2f} | "
                     f"{m.peak_concurrency} | {m.count_429} | {m.bound:.1f} | {m.ratio:.2f} | {resolved} | {wrong} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="enrich benchmarks against rate-limited loopback fakes")
    parser.add_argument("--sizes", default="50,500", help="comma-separated catalogue sizes for the cold runs")
    parser.add_argument("--latency", type=float, default=0.3, help="seconds the fakes take per answer")
    parser.add_argument("--warm-size", type=int, default=5000, help="rows for the warm run (0: skip)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive habanero baseline")
    parser.add_argument("--what-if", action="store_true", help="add a run with list queries at the pool rate")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"fake latency {args.latency * 1000:.0f} ms, limits {SINGLE_RATE:g}/s (list queries {LIST_RATE:g}/s), "
          f"{POLITE_LIMIT[0].concurrency} in flight")
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="enrich-bench-") as scratch:
        for size in sizes:
            synthetic = generate(size, seed=size)
            base = Path(scratch) / f"cold-{size}"
            runs = [("pipeline", lambda: pipeline_run(synthetic, base / "pipeline", args.latency, "pipeline",
                                                      default_services))]
            if args.what_if:
                runs.append(("what-if", lambda: pipeline_run(synthetic, base / "what-if", args.latency,
                                                             "what-if: list pace = pool rate", list_at_pool_rate)))
            if not args.no_naive:
                runs.append(("naive", lambda: naive_run(synthetic, base / "naive", args.latency)))
            for name, runner in runs:
                print(f"running {name} at {size} rows ...", file=sys.stderr, flush=True)
                measures.append(runner())
        print(table(measures))
        if args.warm_size:
            print(f"running warm at {args.warm_size} rows ...", file=sys.stderr, flush=True)
            for line in warm_runs(args.warm_size, Path(scratch) / "warm", args.latency):
                print(line)
    print("targets: cold wall/bound <= 1.15, <= 1.3 Crossref requests per row, 0 429s; warm 5000 rows < 2 s, "
          "0 requests, peak memory < 200 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
