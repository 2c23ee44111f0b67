"""Precision and recall of DOIs and code links on held-out lists, through the CLI, against the loopback fakes.

    python benchmarks/recall.py            # all lists in benchmarks/recall/lists/
    python benchmarks/recall.py -v         # and every row that missed, with its decision and reasons
    python benchmarks/recall.py --suite recall2 -v   # the second held-out suite, benchmarks/recall2/

The corpus (benchmarks/recall/corpus/, written by make_corpus.py) is reconstructed and held out: papers and decoys
that the test suite does not show (a retitled preprint two years before its article, a senior-author row, a
model named only at the end of the title, a successor by the same lab, papers whose model is in no title and
only the repository ties them, forks, namesakes, an awesome list, a re-implementation, a repository citing
another paper). A DOI is right when it is the version of record's (a preprint where the article exists counts as
wrong); a repository is right when it is the official one. Rows whose truth is null must abstain.
Each list runs as a new user would run it: `python -m enrich run` on a copy, with an empty cache.

A suite is a folder benchmarks/<suite>/ with corpus/, lists/ and truth.json. benchmarks/recall2/ (protein language
models and single-cell/spatial foundation models, written without reading the matching rules) is the second one.
Besides precision and recall, every link a person wrote in a scored row must still be in the written catalogue
(OVERWRITTEN otherwise), and a truth row may name the paper decision it must get (a wrong link a person wrote must
come out as `link-disagrees`: UNFLAGGED otherwise). Both, like WRONG, are release blockers and make the exit code 1.
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

BENCHMARKS = Path(__file__).resolve().parent
LINK = re.compile(r"\]\(\s*(?P<url>[^)\s#][^)\s]*)\s*\)")


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # links overwritten, wrong links not flagged
    flagged: int = 0  # wrong links a person wrote that came out as the truth says (link-disagrees)

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


def _run(list_path: Path, env: dict[str, str], workdir: Path) -> tuple[dict, int, str, list[str]]:
    catalogue = workdir / list_path.name
    shutil.copy(list_path, catalogue)
    report = workdir / "report.json"
    command = [sys.executable, "-m", "enrich", "run", "--catalogue", str(catalogue), "--bib",
               str(workdir / "references.bib"), "--report", str(report)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=workdir)
    document = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    written = catalogue.read_text(encoding="utf-8").splitlines()
    return document, done.returncode, done.stderr, written


ACCEPTED = ("resolved", "already-linked-verified")


def _count(tally: Tally, what: str, where: str, decided: dict, got: str | None, want: str | None,
           verbose: bool, also: tuple[str, ...] = ()) -> None:
    """File one row's answer for one field (DOI or repository) as right, wrong or missed.

    `also`: other names of the right answer (a repository's name before GitHub's rename).
    """
    got = got if decided.get("decision") in ACCEPTED else None
    if want:
        tally.expected += 1
    if got and (got == want or got in also):
        tally.right += 1
    elif got:
        tally.wrong += 1
        tally.misses.append(f"WRONG {what:<4} {where}: {got} (want {want})")
    elif want:
        reasons = "; ".join(map(str, decided.get("reasons") or []))[:160] if verbose else ""
        tally.misses.append(f"no {what:<7} {where}: {decided.get('decision')} {reasons}")


def _score(list_name: str, document: dict, truth: dict, lines: list[str], papers: Tally, code: Tally,
           verbose: bool, written: list[str] | None = None) -> None:
    by_line = {entry.get("line"): entry for entry in document.get("entries", [])}
    for marker, row in truth["rows"][list_name].items():
        answer_key = row if isinstance(row, str) else row["answer"]
        answer = truth["answers"][answer_key]
        line = _line_of(lines, marker)
        entry = by_line.get(line, {})
        where = f"{list_name}:{line} {answer_key}"
        paper = entry.get("paper") or {}
        code_entry = entry.get("code") or {}
        flags = row if isinstance(row, dict) else {}
        # a row whose link a person got wrong must be flagged: its answer is then not expected, and accepting any is
        # WRONG
        want_doi = None if flags.get("paper_decision") else answer["doi"]
        _count(papers, "DOI", where, paper, (paper.get("doi") or "").casefold() or None, want_doi, verbose)
        want_repo = answer["code"].casefold() if answer["code"] and not flags.get("code_decision") else None
        also = tuple(name.casefold() for name in answer.get("code_also", ()))
        _count(code, "CODE", where, code_entry, _repo_of(code_entry.get("url")), want_repo, verbose, also)
        for what, decided in (("paper", paper), ("code", code_entry)):
            flag = flags.get(f"{what}_decision")
            if flag and decided.get("decision") != flag:
                papers.blockers.append(f"UNFLAGGED {where}: {what} decision {decided.get('decision')} (want {flag})")
            elif flag:
                papers.flagged += 1
        if written is not None:
            after = written[line - 1] if line <= len(written) else ""
            for url in (found.group("url") for found in LINK.finditer(lines[line - 1])):
                if url not in after:
                    papers.blockers.append(f"OVERWRITTEN {where}: {url} is gone from the line")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss with its reasons")
    parser.add_argument("--list", action="append", help="only this list file name (repeatable)")
    parser.add_argument("--suite", default="recall", help="benchmark folder under benchmarks/ (default: recall)")
    args = parser.parse_args(argv)
    suite = BENCHMARKS / args.suite
    truth = json.loads((suite / "truth.json").read_text(encoding="utf-8"))
    names = args.list or sorted(truth["rows"])
    corpus = load_corpus(suite / "corpus")
    overall_papers, overall_code = Tally(), Tally()
    print(f"{'list':<16} {'DOI prec':>8} {'DOI rec':>8} {'code prec':>9} {'code rec':>8}  exit")
    with FakeServices(corpus, github_options={"rolling": True}) as services:
        for name in names:
            list_path = suite / "lists" / name
            lines = list_path.read_text(encoding="utf-8").splitlines()
            with tempfile.TemporaryDirectory() as tmp:
                env = {**os.environ, **services.env, "ENRICH_CACHE_DIR": str(Path(tmp) / "cache"),
                       "ENRICH_MAILTO": "recall-benchmark@example.org", "GITHUB_TOKEN": "recall-benchmark-token",
                       "PYTHONPATH": str(ROOT / "src")}
                env.pop("GITHUB_ACTIONS", None)
                document, exit_code, stderr, written = _run(list_path, env, Path(tmp))
            papers, code = Tally(), Tally()
            _score(name, document, truth, lines, papers, code, args.verbose, written)
            print(f"{name:<16} {papers.precision():>8.2f} {papers.recall():>8.2f} {code.precision():>9.2f} "
                  f"{code.recall():>8.2f}  {exit_code}")
            if not document:
                print(f"  no report; stderr: {stderr.strip()[-400:]}")
            for blocker in papers.blockers:
                print(f"  {blocker}")
            for miss in papers.misses + code.misses:
                if args.verbose or miss.startswith("WRONG"):
                    print(f"  {miss}")
            for total, part in ((overall_papers, papers), (overall_code, code)):
                total.right += part.right
                total.wrong += part.wrong
                total.expected += part.expected
                total.blockers += part.blockers
                total.flagged += part.flagged
    print(f"{'all':<16} {overall_papers.precision():>8.2f} {overall_papers.recall():>8.2f} "
          f"{overall_code.precision():>9.2f} {overall_code.recall():>8.2f}")
    print(f"DOIs: {overall_papers.right} right, {overall_papers.wrong} wrong of {overall_papers.expected}; "
          f"code: {overall_code.right} right, {overall_code.wrong} wrong of {overall_code.expected}")
    if overall_papers.flagged or overall_papers.blockers:
        print(f"links a person wrote: {overall_papers.flagged} wrong ones flagged as the truth says; "
              f"{len(overall_papers.blockers)} overwritten or not flagged")
    return 1 if overall_papers.wrong or overall_code.wrong or overall_papers.blockers else 0


if __name__ == "__main__":
    sys.exit(main())
