"""Parsing speed on large catalogues: seconds per megabyte at 1, 10 and 50 MB, and the size refusal.

    python benchmarks/parse_bench.py                  # 1, 10 and 50 MB (50 MB takes minutes)
    python benchmarks/parse_bench.py --sizes 1,10     # fewer sizes

Each size is a synthetic catalogue (`synthetic.py`, the seed's table format, 250 rows per table, plus a bullet list
of references after every table) repeated to the size. `read_catalogue` runs with the size limit raised above the
file; then the same 50 MB file is read with the default limit, which refuses it before reading. Linear parsing
shows as a flat seconds-per-megabyte column.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT, ROOT / "src"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from benchmarks.synthetic import generate  # noqa: E402
from enrich.catalogue import DEFAULT_MAX_CATALOGUE_MB, read_catalogue  # noqa: E402
from enrich.errors import CatalogueError  # noqa: E402

LIST_BLOCK = "".join(
    f"- **Model{number}**: A generated title about sequence models number {number}. Ada L, Bruno C ({2000 + number % 25})."
    f" [paper]() [code]()\n" for number in range(50)
)


def catalogue_text(megabytes: float) -> str:
    base = generate(500, seed=1).catalogue_text + "\n## Generated list\n\n" + LIST_BLOCK + "\n"
    repeats = max(1, round(megabytes * 1_000_000 / len(base.encode("utf-8"))))
    return base * repeats


def measure(path: Path, megabytes: float, memory: bool) -> tuple[float, int, float | None]:
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    catalogue = read_catalogue(path, max_mb=megabytes * 2)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1_000_000 if memory else None
    if memory:
        tracemalloc.stop()
    return elapsed, len(catalogue.entries), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="megabytes, comma-separated")
    parser.add_argument("--memory", action="store_true", help="also trace peak memory (slower)")
    args = parser.parse_args()
    sizes = [float(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        print("| MB | entries | seconds | seconds per MB | peak MB |")
        print("|---|---|---|---|---|")
        for megabytes in sizes:
            path = Path(folder) / f"catalogue-{megabytes:g}.md"
            path.write_text(catalogue_text(megabytes), encoding="utf-8")
            actual = path.stat().st_size / 1_000_000
            elapsed, entries, peak = measure(path, actual, args.memory)
            print(f"| {actual:.1f} | {entries} | {elapsed:.1f} | {elapsed / actual:.2f} | "
                  f"{'-' if peak is None else f'{peak:.0f}'} |", flush=True)
        big = Path(folder) / "catalogue-refused.md"
        big.write_text(catalogue_text(max(sizes)), encoding="utf-8")
        started = time.perf_counter()
        try:
            read_catalogue(big)
            outcome = "read (below the limit)"
        except CatalogueError as error:
            outcome = f"refused: {error}"
        print(f"\ndefault limit {DEFAULT_MAX_CATALOGUE_MB:g} MB, {big.stat().st_size / 1_000_000:.1f} MB file: "
              f"{outcome} ({time.perf_counter() - started:.3f} s)")


if __name__ == "__main__":
    main()
