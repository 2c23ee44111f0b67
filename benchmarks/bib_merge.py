"""Time of merging into an existing references.bib, the cost a warm run pays for keeping what a person wrote.

Works are synthetic (reconstructed shapes: a journal article per row, a model name per key). For N entries it times
`render_bibtex` (a first run: no file yet), reading a file enrich wrote (the regular-expression reader) and the same
file through bibtexparser (what any other file costs), merging when every entry is matched (a warm rerun) and when
half of them are new, and one with a hand-written block in front (bibtexparser reads it). Each merge is checked to
give the bytes of a fresh render.

    python benchmarks/bib_merge.py            # 5,000 entries
    python benchmarks/bib_merge.py --size 500
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from enrich.bibmerge import _library_entries, merge_bibtex, parse_bib  # noqa: E402
from enrich.bibtex import BibItem, render_bibtex  # noqa: E402
from enrich.records import Author, WorkRecord  # noqa: E402

PATH = Path("references.bib")
HAND_WRITTEN = "% mine\n@book{knuth1984,\n    title = {The {\\TeX}book},\n    year = 1984,\n}\n\n"


def _items(size: int) -> list[BibItem]:
    return [BibItem(WorkRecord(doi=f"10.1000/w.{index}", title=f"Paper {index}: a transformer for genomic data",
                               source="crossref", type="journal-article", year=2000 + index % 25,
                               authors=(Author(f"Family{index % 977}", "Given"),), container="Genome Biology",
                               volume=str(index)), model=f"Model{index}")
            for index in range(size)]


def _timed(label: str, action: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    size = parser.parse_args(argv).size
    items = _items(size)
    text = _timed(f"render_bibtex, {size} entries", lambda: render_bibtex(items))
    print(f"file: {len(text.encode('utf-8')) / 1024:.0f} KiB")
    existing = _timed("read a file enrich wrote (regular expressions)", lambda: parse_bib(text, PATH))
    _timed("read the same file with bibtexparser", lambda: _library_entries(text, PATH))
    merged = _timed("merge, every entry matched", lambda: merge_bibtex(existing, items))
    half = parse_bib(render_bibtex(items[::2]), PATH)
    grown = _timed("merge, half of the entries new", lambda: merge_bibtex(half, items))
    hand = _timed("read and merge with a hand-written block in front",
                  lambda: merge_bibtex(parse_bib(HAND_WRITTEN + text, PATH), items))
    same = (merged == text, grown == text, hand == HAND_WRITTEN + text)
    print(f"bytes of a fresh render: {same[0]} (matched), {same[1]} (half new), {same[2]} (hand-written kept)")
    return 0 if all(same) else 1


if __name__ == "__main__":
    raise SystemExit(main())
