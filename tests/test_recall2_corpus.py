"""The second held-out benchmark (benchmarks/recall2/) is what its generator writes, and its truth is answerable.

Not a test of enrich: it keeps the committed corpus, lists and truth equal to make_corpus.py's output, and every
truth answer present in the corpus, so a hand edit cannot make the benchmark say something its generator does not.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

SUITE = Path(__file__).resolve().parent.parent / "benchmarks" / "recall2"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("recall2_make_corpus", SUITE / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_committed_files_are_the_generators_output() -> None:
    make = _generator()
    assert _load(SUITE / "truth.json") == make.truth()
    for name, text in make.LIST_TEXTS.items():
        assert (SUITE / "lists" / name).read_text(encoding="utf-8") == text
    expected = {
        **{f"crossref/{item['DOI'].replace('/', '_')}.json": item for item in make.CROSSREF},
        **{f"datacite/{item['id'].replace('/', '_')}.json": item for item in make.DATACITE},
        **{f"github/{item['repo']['full_name'].replace('/', '__')}.json": item for item in make.GITHUB},
    }
    committed = {str(path.relative_to(SUITE / "corpus")): path for path in (SUITE / "corpus").rglob("*.json")}
    assert sorted(committed) == sorted(expected)
    for name, path in committed.items():
        assert _load(path) == expected[name], name


def test_every_marker_picks_one_line_and_every_answer_is_in_the_corpus() -> None:
    truth = _load(SUITE / "truth.json")
    assert isinstance(truth, dict)
    dois = {path.stem.casefold() for path in (SUITE / "corpus").glob("*/*.json") if "github" not in path.parts}
    repos = {path.stem.replace("__", "/").casefold() for path in (SUITE / "corpus" / "github").glob("*.json")}
    for answer in truth["answers"].values():
        assert answer["doi"] is None or answer["doi"].replace("/", "_") in dois, answer
        assert answer["code"] is None or answer["code"].casefold() in repos, answer
    for list_name, rows in truth["rows"].items():
        lines = (SUITE / "lists" / list_name).read_text(encoding="utf-8").splitlines()
        for marker, row in rows.items():
            assert sum(marker in line for line in lines) == 1, (list_name, marker)
            assert (row if isinstance(row, str) else row["answer"]) in truth["answers"]
