"""Regressions found by the HTTP decoy corpus: a retraction stated only on the notice, a successor model's repo.

All data is reconstructed (invented, 10.5555/ test prefix, invented owners), built with the helpers of
tests/test_decoys_http.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enrich import api, pipeline
from enrich.cli import main
from tests.fakes import Corpus, FakeServices
from tests.test_decoys_http import CROSSREF, TOKEN, _update, crossref_work, repository
from tests.test_pipeline_e2e import quick_build, quick_services

HEADER = "| Model | Paper | Code | Architecture | Highlights/Main Focus |\n|---|---|---|---|---|\n"
HOLM = [("Greta", "Holm"), ("Nils", "Dahl"), ("Ulla", "Lund")]


def _run(folder: Path, monkeypatch: pytest.MonkeyPatch, rows: str, corpus: Corpus) -> dict:
    """One CLI run of a small catalogue against the fakes; the report's entries by model."""
    (folder / "README.md").write_text(HEADER + rows, encoding="utf-8")
    with FakeServices(corpus) as fakes:
        monkeypatch.setattr(pipeline, "open_services", quick_services)
        monkeypatch.setattr(api, "build_services", quick_build)
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        assert main(["run", "--catalogue", str(folder / "README.md"), "--bib", str(folder / "references.bib"),
                     "--report", str(folder / "report.json")]) == 0
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {entry["model"]: entry for entry in report["entries"]}


def test_retraction_stated_only_by_the_notice_is_not_resolved(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A retraction notice in the same search results (update-to -> the paper) blocks the paper even when the
    paper's own record carries no updated-by."""
    corpus = Corpus(crossref=[
        crossref_work("10.5555/decoy.onesided", "OneSided: transformers for one-sided relations", HOLM, 2022,
                      "decoy, reconstructed: retracted paper whose record does not (yet) say so"),
        crossref_work("10.5555/decoy.onesided-retraction",
                      "Retraction Note: OneSided: transformers for one-sided relations", HOLM, 2023,
                      "decoy, reconstructed: the retraction notice",
                      **{"update-to": [_update("10.5555/decoy.onesided", "retraction", 2023)]}),
    ])
    entries = _run(tmp_path, monkeypatch, "| OneSided | Greta Holm et al., 2022 |  | Transformer | x |\n", corpus)
    paper = entries["OneSided"]["paper"]
    assert (paper["decision"], paper["doi"], paper["reasons"]) == (
        "abstained", None, ["retracted: 10.5555/decoy.onesided-retraction"])


def test_successor_model_repository_is_not_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The author's "Tessellate-v2" repository (another model, as match.py rules for titles) is not
    Tessellate's code."""
    corpus = Corpus(crossref=CROSSREF, github=[
        repository("mokafor/Tessellate-v2", "Tessellate-v2: the successor of Tessellate",
                   "# Tessellate-v2\n\nSuccessor model, paper in preparation.\n",
                   "decoy: the author's successor model, not the paper's code"),
    ])
    entries = _run(tmp_path, monkeypatch, "| Tessellate | Mira Okafor et al., 2022 |  | Transformer | x |\n",
                   corpus)
    code = entries["Tessellate"]["code"]
    assert (code["decision"], code["url"]) == ("abstained", None)
