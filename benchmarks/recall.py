"""Precision and recall of DOIs and code links on held-out lists, through the CLI, against the loopback fakes.

    python benchmarks/recall.py            # all lists in benchmarks/recall/lists/
    python benchmarks/recall.py -v         # and every row that missed, with its decision and reasons

The corpus (benchmarks/recall/corpus/, written by make_corpus.py) is reconstructed and held out: papers and decoys
that the test suite does not show (a retitled preprint two years before its article, a senior-author row, a
model named only at the end of the title, a successor by the same lab, papers whose model is in no title and
only the repository ties them, forks, namesakes, an awesome list, a re-implementation, a repository citing
another paper). A DOI is right when it is the version of record's (a preprint where the article exists counts as
wrong); a repository is right when it is the official one. Rows whose truth is null must abstain.
Each list runs as a new user would run it: `python -m enrich run` on a copy, with an empty cache.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes import FakeServices, load_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent / "recall"


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def precision(self) -> float:
        given = self.right + self.wrong
        return self.right / given if given else 1.0

    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _repo_of(url: str | None) -> str | None:
    found = re.match(r"https?://github\.com/([^/\s]+/[^/\s#?]+)", url or "")
    return found.group(1).removesuffix(".git").casefold() if found else None


def _line_of(lines: list[str], marker: str) -> int:
    hits = [number for number, text in enumerate(lines, start=1) if marker in text]
    if len(hits) != 1:
        raise SystemExit(f"truth marker {marker!r} matches {len(hits)} lines")
    return hits[0]


def _run(list_path: Path, env: dict[str, str], workdir: Path) -> tuple[dict, int, str]:
    catalogue = workdir / list_path.name
    shutil.copy(list_path, catalogue)
    report = workdir / "report.json"
    command = [sys.executable, "-m", "enrich", "run", "--catalogue", str(catalogue), "--bib",
               str(workdir / "references.bib"), "--report", str(report)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=workdir)
    document = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return document, done.returncode, done.stderr


ACCEPTED = ("resolved", "already-linked-verified")


def _count(tally: Tally, what: str, where: str, decided: dict, got: str | None, want: str | None,
           verbose: bool) -> None:
    """File one row's answer for one field (DOI or repository) as right, wrong or missed."""
    got = got if decided.get("decision") in ACCEPTED else None
    if want:
        tally.expected += 1
    if got and got == want:
        tally.right += 1
    elif got:
        tally.wrong += 1
        tally.misses.append(f"WRONG {what:<4} {where}: {got} (want {want})")
    elif want:
        reasons = "; ".join(map(str, decided.get("reasons") or []))[:160] if verbose else ""
        tally.misses.append(f"no {what:<7} {where}: {decided.get('decision')} {reasons}")


def _score(list_name: str, document: dict, truth: dict, lines: list[str], papers: Tally, code: Tally,
           verbose: bool) -> None:
    by_line = {entry.get("line"): entry for entry in document.get("entries", [])}
    for marker, answer_key in truth["rows"][list_name].items():
        answer = truth["answers"][answer_key]
        line = _line_of(lines, marker)
        entry = by_line.get(line, {})
        where = f"{list_name}:{line} {answer_key}"
        paper = entry.get("paper") or {}
        _count(papers, "DOI", where, paper, (paper.get("doi") or "").casefold() or None, answer["doi"], verbose)
        code_entry = entry.get("code") or {}
        want_repo = answer["code"].casefold() if answer["code"] else None
        _count(code, "CODE", where, code_entry, _repo_of(code_entry.get("url")), want_repo, verbose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss with its reasons")
    parser.add_argument("--list", action="append", help="only this list file name (repeatable)")
    args = parser.parse_args(argv)
    truth = json.loads((HERE / "truth.json").read_text(encoding="utf-8"))
    names = args.list or sorted(truth["rows"])
    corpus = load_corpus(HERE / "corpus")
    overall_papers, overall_code = Tally(), Tally()
    print(f"{'list':<16} {'DOI prec':>8} {'DOI rec':>8} {'code prec':>9} {'code rec':>8}  exit")
    with FakeServices(corpus, github_options={"rolling": True}) as services:
        for name in names:
            list_path = HERE / "lists" / name
            lines = list_path.read_text(encoding="utf-8").splitlines()
            with tempfile.TemporaryDirectory() as tmp:
                env = {**os.environ, **services.env, "ENRICH_CACHE_DIR": str(Path(tmp) / "cache"),
                       "ENRICH_MAILTO": "recall-benchmark@example.org", "GITHUB_TOKEN": "recall-benchmark-token",
                       "PYTHONPATH": str(ROOT / "src")}
                env.pop("GITHUB_ACTIONS", None)
                document, exit_code, stderr = _run(list_path, env, Path(tmp))
            papers, code = Tally(), Tally()
            _score(name, document, truth, lines, papers, code, args.verbose)
            print(f"{name:<16} {papers.precision():>8.2f} {papers.recall():>8.2f} {code.precision():>9.2f} "
                  f"{code.recall():>8.2f}  {exit_code}")
            if not document:
                print(f"  no report; stderr: {stderr.strip()[-400:]}")
            for miss in papers.misses + code.misses:
                if args.verbose or miss.startswith("WRONG"):
                    print(f"  {miss}")
            for total, part in ((overall_papers, papers), (overall_code, code)):
                total.right += part.right
                total.wrong += part.wrong
                total.expected += part.expected
    print(f"{'all':<16} {overall_papers.precision():>8.2f} {overall_papers.recall():>8.2f} "
          f"{overall_code.precision():>9.2f} {overall_code.recall():>8.2f}")
    print(f"DOIs: {overall_papers.right} right, {overall_papers.wrong} wrong of {overall_papers.expected}; "
          f"code: {overall_code.right} right, {overall_code.wrong} wrong of {overall_code.expected}")
    return 1 if overall_papers.wrong or overall_code.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
