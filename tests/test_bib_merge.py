"""Merging into an existing references.bib: nothing a person wrote is lost, keys never change, the bib only grows
by decision (issue 12 item 5, issue 15 item 2).

Every WorkRecord here is reconstructed (composed by us from public metadata). The end-to-end tests run offline on
the bundled cache (reconstructed, see README "Cache"), copied so that nothing in the repository changes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.bibmerge import BibFileError, _canonical_entries, _library_entries, merge_bibtex, parse_bib, read_bib, \
    retracted_dois
from enrich.bibtex import BibItem, render_bibtex
from enrich.cache import Cache
from enrich.cli import main
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.pipeline import RunOptions, Services, run
from enrich.records import Author, CatalogueEntry, Decision, Resolution, Row, RowStatus, ScoredCandidate, Update, \
    WorkRecord

from tests.conftest import ROOT, SEED_CATALOGUE
from tests.fakes import Corpus, FakeServices
from tests.fakes.server import FaultPlan
from tests.test_audit import config_of, crossref_item
from tests.test_pipeline_e2e import served_corpus
from tests.test_refresh import ARTICLE, ARTICLE_DOI, DAY_1, IOTA_ROW, IOTA_TITLE, PREPRINT_DOI, PREPRINT_LINKED, \
    _catalogue, _refresh

BIB = Path("references.bib")

# reconstructed
SCGPT = WorkRecord(doi="10.1038/s41592-024-02201-0",
                   title="scGPT: toward building a foundation model for single-cell multi-omics using generative AI",
                   source="crossref", type="journal-article", authors=(Author("Cui", "Haotian"),), year=2024,
                   container="Nature Methods", volume="21")
# reconstructed
SCGPT_PREPRINT = WorkRecord(doi="10.1101/2023.04.30.538439",
                            title="scGPT: Towards Building a Foundation Model for Single-Cell Multi-omics Using "
                                  "Generative AI",
                            source="crossref", type="posted-content", subtype="preprint", is_preprint=True,
                            authors=(Author("Cui", "Haotian"),), year=2023, container="bioRxiv")
# reconstructed: a second paper whose key would be cui2024scgpt too
SCGPT_OTHER = WorkRecord(doi="10.1000/other.scgpt", title="Benchmarking scGPT on spatial data", source="crossref",
                         type="journal-article", authors=(Author("Cui", "Hao"),), year=2024,
                         container="Genome Biology")
# reconstructed
ENFORMER = WorkRecord(doi="10.1038/s41592-021-01252-x",
                      title="Effective gene expression prediction from sequence by integrating long-range "
                            "interactions",
                      source="crossref", type="journal-article", authors=(Author("Avsec", "\u017diga"),), year=2021,
                      container="Nature Methods")
# reconstructed: a work whose key sorts after every key of HAND_WRITTEN
ZHOU = replace(ENFORMER, doi="10.1000/zhou.1", authors=(Author("Zhou", "Jian"),))

HAND_WRITTEN = """% Entries below this line are mine.
@string{natmeth = "Nature Methods"}
@preamble{"\\newcommand{\\noopsort}[1]{}"}

@Book{knuth1984,
    author    = "Donald E. Knuth",
    title     = {The {\\TeX}book},
    publisher = "Addison-Wesley",
    year      = 1984,
}

@article{smith2020,
  title = {A paper no row names},
  journal = natmeth,
  doi = {10.1000/not.in.the.list},
  year = 2020
}
"""
SCGPT_CUSTOM = """@article{scgpt,
  title = {scGPT (draft title)},
  journal = natmeth,
  doi = {https://doi.org/10.1038/S41592-024-02201-0},
  keywords = {single cell, foundation model},
  note = {Code: \\url{https://github.com/bowang-lab/scGPT}}
}
"""


def _merge(text: str, items: list[BibItem], **options: object) -> str:
    return merge_bibtex(parse_bib(text, BIB), items, **options)


def _entry_text(text: str, key: str) -> str:
    start = text.index("{" + key + ",")
    start = text.rindex("@", 0, start)
    return text[start: text.index("\n}", start) + 2]


# ---------------------------------------------------------------- merge


def test_hand_written_blocks_stay_byte_for_byte() -> None:
    """Comments, @string, @preamble, a hand-written entry and one for a DOI no row names are kept as written."""
    merged = _merge(HAND_WRITTEN, [BibItem(ZHOU)])
    assert merged == HAND_WRITTEN + "\n" + render_bibtex([BibItem(ZHOU)])


def test_a_new_entry_goes_before_the_first_entry_whose_key_sorts_after_it() -> None:
    """avsec... sorts before knuth1984: it is inserted there, every other byte as it was."""
    merged = _merge(HAND_WRITTEN, [BibItem(ENFORMER)])
    assert merged == HAND_WRITTEN.replace("@Book{knuth1984", render_bibtex([BibItem(ENFORMER)]) + "\n@Book{knuth1984")


def test_a_matched_entry_keeps_its_custom_key_and_the_fields_enrich_does_not_write() -> None:
    """Matched by DOI: the key `scgpt` stays, the fields enrich writes update, `keywords` stays as written."""
    merged = _merge(HAND_WRITTEN + "\n" + SCGPT_CUSTOM, [BibItem(SCGPT, model="scGPT")])
    assert _entry_text(merged, "scgpt") == (
        "@article{scgpt,\n"
        "  author = {Cui, Haotian},\n"
        "  title = {{scGPT}: toward building a foundation model for single-cell multi-omics using generative {AI}},\n"
        "  journal = {Nature Methods},\n"
        "  year = {2024},\n"
        "  volume = {21},\n"
        "  doi = {10.1038/s41592-024-02201-0},\n"
        "  url = {https://doi.org/10.1038/s41592-024-02201-0},\n"
        "  note = {Code: \\url{https://github.com/bowang-lab/scGPT}},\n"
        "  keywords = {single cell, foundation model}\n"
        "}")
    assert merged.startswith(HAND_WRITTEN)
    assert merged.count("@article{") == 2


def test_second_merge_changes_nothing() -> None:
    """Merging the same works into the merged file gives the same bytes."""
    items = [BibItem(SCGPT, model="scGPT"), BibItem(ENFORMER), BibItem(SCGPT_OTHER, model="scGPT")]
    once = _merge(HAND_WRITTEN + "\n" + SCGPT_CUSTOM, items)
    assert _merge(once, items) == once


def test_a_clash_on_a_later_run_leaves_the_old_key_alone() -> None:
    """cui2024scgpt, written by an earlier run, keeps its key; the newcomer with the same key takes the suffix."""
    first = render_bibtex([BibItem(SCGPT, model="scGPT")])
    later = _merge(first, [BibItem(SCGPT, model="scGPT"), BibItem(SCGPT_OTHER, model="scGPT")])
    keys = {key: later[later.index(key):].split("doi = {")[1].split("}")[0]
            for key in ("@article{cui2024scgpt,", "@article{cui2024scgpta,")}
    assert keys == {"@article{cui2024scgpt,": SCGPT.doi, "@article{cui2024scgpta,": SCGPT_OTHER.doi}


def test_a_new_key_never_takes_one_a_person_wrote() -> None:
    """A hand-written entry already called cui2024scgpt (another DOI) keeps it; the new work becomes ...a."""
    hand = "@misc{cui2024scgpt,\n  title = {Slides},\n  doi = {10.1000/slides}\n}\n"
    merged = _merge(hand, [BibItem(SCGPT, model="scGPT")])
    assert merged.startswith(hand)
    assert "@article{cui2024scgpta," in merged


def test_merging_into_a_rendered_subset_equals_rendering_all() -> None:
    """A file enrich wrote stays sorted: adding works to it gives what a fresh render gives."""
    items = [BibItem(SCGPT, model="scGPT", code_url="https://github.com/bowang-lab/scGPT"), BibItem(ENFORMER)]
    assert _merge(render_bibtex(items[1:]), items) == render_bibtex(items)
    assert _merge(render_bibtex(items[:1]), items) == render_bibtex(items)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, 5), max_size=6), st.sets(st.integers(0, 5), min_size=1, max_size=6))
def test_growing_a_rendered_file_equals_rendering_afresh(before: set[int], after: set[int]) -> None:
    """For any works written before and any added now (no clashes), the merge equals a fresh render of both."""
    works = [replace(ENFORMER, doi=f"10.1000/w.{index}", title=f"Paper number {index} on genes",
                     authors=(Author(f"Author{chr(97 + index)}", "A"),)) for index in range(6)]
    old = [BibItem(works[index]) for index in sorted(before)]
    new = [BibItem(works[index]) for index in sorted(before | after)]
    existing = read_or_none(render_bibtex(old))
    assert merge_bibtex(existing, new) == render_bibtex(new)


def read_or_none(text: str):
    return parse_bib(text, BIB) if text.strip() else None


def test_a_replaced_preprint_becomes_its_version_of_record_under_its_key() -> None:
    """Preprint -> version of record: the preprint's entry takes the article's fields and keeps its key."""
    first = render_bibtex([BibItem(SCGPT_PREPRINT, model="scGPT")])
    later = _merge(first, [BibItem(SCGPT, model="scGPT", preprint=SCGPT_PREPRINT)])
    assert later.count("@") == 1
    assert later.startswith("@article{cui2023scgpt,\n")
    assert f"doi = {{{SCGPT.doi}}}" in later


def test_a_doi_less_entry_is_matched_by_its_title() -> None:
    """An entry without a DOI whose normalised title is the work's is updated under its key."""
    hand = "@misc{enformer,\n  title = {Effective Gene Expression Prediction from Sequence by Integrating " \
           "Long-Range Interactions},\n  year = {2021}\n}\n"
    merged = _merge(hand, [BibItem(ENFORMER)])
    assert merged.startswith("@article{enformer,\n")
    assert merged.count("@") == 1


def test_a_retracted_linked_paper_is_the_only_entry_removed() -> None:
    """Of two entries, the one whose DOI the run saw retracted goes; the other stays byte for byte."""
    text = render_bibtex([BibItem(SCGPT, model="scGPT"), BibItem(ENFORMER)])
    merged = _merge(text, [], retracted={SCGPT.doi})
    assert merged == render_bibtex([BibItem(ENFORMER)])


def test_retracted_dois_are_those_a_row_links() -> None:
    """A retracted record counts only when the row links its DOI."""
    retracted = replace(SCGPT, updated_by=(Update("retraction", "10.1038/notice"),))
    candidate = ScoredCandidate(retracted, 0.9, (), ("retracted",))
    linked = _row(10, f"https://doi.org/{SCGPT.doi}")
    searched = _row(11, None)
    rows = [Row(entry, Resolution(entry.line, Decision.ABSTAINED, candidates=(candidate,)))
            for entry in (linked, searched)]
    assert retracted_dois(rows) == frozenset({SCGPT.doi})


def _row(line: int, url: str | None) -> CatalogueEntry:
    return CatalogueEntry(line=line, section=(), table_index=0, roles=(), cells=(), model="scGPT", pretrained=False,
                          paper_text="", paper_title=None, paper_url=url, code_url=None, authors=(), year=None,
                          status=RowStatus.COMPLETE)


def test_no_works_keep_the_file_byte_for_byte() -> None:
    """An empty catalogue, an offline miss or a deferred lookup gives no works: the file stays as it is."""
    text = HAND_WRITTEN + "\n" + SCGPT_CUSTOM
    assert _merge(text, []) == text


def test_a_code_note_stays_when_this_run_has_no_code_link() -> None:
    """No verified code link this run (--no-code, deferred, abstained): the old `Code:` note stays."""
    with_code = render_bibtex([BibItem(SCGPT, model="scGPT", code_url="https://github.com/bowang-lab/scGPT")])
    assert _merge(with_code, [BibItem(SCGPT, model="scGPT")]) == with_code


def test_a_code_note_goes_when_the_maintainers_rule_the_repository_out() -> None:
    """`code = "none"` in the overrides is a decision: the old `Code:` note goes."""
    with_code = render_bibtex([BibItem(SCGPT, model="scGPT", code_url="https://github.com/bowang-lab/scGPT")])
    ruled_out = _merge(with_code, [BibItem(SCGPT, model="scGPT", code_ruled_out=True)])
    assert ruled_out == render_bibtex([BibItem(SCGPT, model="scGPT")])


def test_a_note_a_person_wrote_is_kept() -> None:
    """A note enrich did not write stays as written on a matched entry."""
    text = f"@article{{mine,\n  doi = {{{SCGPT.doi}}},\n  note = {{Oral presentation}}\n}}\n"
    merged = _merge(text, [BibItem(SCGPT, model="scGPT", code_url="https://github.com/bowang-lab/scGPT")])
    assert merged.endswith("  url = {https://doi.org/10.1038/s41592-024-02201-0},\n"
                           "  note = {Oral presentation}\n}\n")


def test_windows_line_endings_are_kept() -> None:
    """A CRLF file stays CRLF, new entries included."""
    text = HAND_WRITTEN.replace("\n", "\r\n")
    merged = _merge(text, [BibItem(ZHOU)])
    assert merged == text + ("\n" + render_bibtex([BibItem(ZHOU)])).replace("\n", "\r\n")


# ---------------------------------------------------------------- malformed files


@pytest.mark.parametrize("text, line", [
    ("@article{a,\n  title = {x},\n  year = {2020}\n\n@misc{b, title = {y}}\n", 1),  # unclosed entry
    ("% ok\n@article{a title = {x}}\n", 2),  # no comma after the key
    ("@misc{a, title={x}}\n\n@misc{a, title={y}}\n", 3),  # duplicate key
    ("@misc{a,\n  title = {x},\n  author = \n}\n", 3),  # empty value
    ("@misc{a,\n  title = {x} year = {2020}\n}\n", 2),  # a missing comma between fields
    ("@misc{, title = {x}}\n", 1),  # no key
])
def test_a_malformed_bib_names_its_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    """Every way a bib can be broken is a BibFileError carrying the file and the line."""
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BibFileError) as raised:
        read_bib(path)
    assert (raised.value.path, raised.value.line) == (str(path), line)


def test_a_bib_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    """Undecodable bytes are reported at their line."""
    path = tmp_path / "references.bib"
    path.write_bytes(b"@misc{a,\n  title = {caf\xe9}\n}\n")
    with pytest.raises(BibFileError) as raised:
        read_bib(path)
    assert raised.value.line == 2


# ---------------------------------------------------------------- the whole run (offline, bundled cache)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "cache", tmp_path / "cache")
    shutil.copyfile(SEED_CATALOGUE, tmp_path / "README.md")
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def _run(folder: Path, *extra: str) -> int:
    return main(["run", "--offline", "--catalogue", str(folder / "README.md"), "--bib", str(folder / "r.bib"),
                 "--report", str(folder / "r.json"), *extra])


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_run_keeps_hand_written_entries_and_a_rerun_changes_nothing(workspace: Path) -> None:
    """A run on a hand-written bib keeps it as its prefix and adds the resolved works; a rerun is byte-identical."""
    (workspace / "r.bib").write_text(HAND_WRITTEN, encoding="utf-8")
    assert _run(workspace) == 0
    first = (workspace / "r.bib").read_bytes()
    blocks = [block.encode("utf-8") for block in HAND_WRITTEN.split("\n\n")]
    assert [first.find(block) >= 0 for block in blocks] == [True, True, True]
    assert first.count(b"\n@") + first.startswith(b"@") == 4 + 16  # 16 resolved, DeepMAPS through its repository
    assert _run(workspace) == 0
    assert (workspace / "r.bib").read_bytes() == first


def test_run_on_a_malformed_bib_exits_2_naming_it_and_writes_nothing(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken bib: exit 2, `file:line` on stderr, catalogue, bib and report untouched (no report created)."""
    (workspace / "r.bib").write_text("% mine\n@article{a,\n  title = {x}\n\n@misc{b, title={y}}\n", encoding="utf-8")
    before = _files(workspace)
    assert _run(workspace) == 2
    assert f"{workspace / 'r.bib'}:2:" in capsys.readouterr().err
    assert _files(workspace) == before


def test_offline_run_on_an_empty_cache_keeps_the_bib(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lookup a cache miss: the bib a previous run wrote stays byte for byte."""
    assert _run(workspace) == 0
    written = (workspace / "r.bib").read_bytes()
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(workspace / "empty-cache"))
    assert _run(workspace) == 0
    report = json.loads((workspace / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["paper_decisions"].get("cache-miss", 0) > 0
    assert (workspace / "r.bib").read_bytes() == written


def test_no_code_keeps_the_code_notes(workspace: Path) -> None:
    """`--no-code` looks for no repository, so the `Code:` notes of the previous run stay."""
    assert _run(workspace) == 0
    written = (workspace / "r.bib").read_bytes()
    assert written.count(b"Code: \\url{") == 11
    assert _run(workspace, "--no-code") == 0
    assert (workspace / "r.bib").read_bytes() == written


def test_an_empty_catalogue_keeps_the_bib(workspace: Path) -> None:
    """A catalogue with no rows gives no works and removes nothing (whether or not it is an error)."""
    assert _run(workspace) == 0
    written = (workspace / "r.bib").read_bytes()
    (workspace / "README.md").write_text("# Nothing here yet\n", encoding="utf-8")
    _run(workspace)
    assert (workspace / "r.bib").read_bytes() == written


def test_removing_the_first_two_entries_leaves_the_rest_as_it_was() -> None:
    """Two retracted entries side by side at the top of the file both go, with the blank lines between them."""
    items = [BibItem(ENFORMER), BibItem(SCGPT, model="scGPT"), BibItem(ZHOU)]
    merged = _merge(render_bibtex(items), [], retracted={ENFORMER.doi, SCGPT.doi})
    assert merged == render_bibtex([BibItem(ZHOU)])


# ---------------------------------------------------------------- a failing service (loopback fakes)


def _services(fakes: FakeServices, cache: Cache, *, refresh: bool) -> Services:
    """Quick pacers and a short retry policy: a failing answer is given up in milliseconds."""
    config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "bib@example.org"})
    retry = RetryPolicy(attempts=2, initial=0.01, maximum=0.02)
    return Services(
        crossref=CrossrefClient(config, cache, refresh=refresh, retry=retry, pacer=Pacer(200.0, 3)),
        datacite=DataCiteClient(config, cache, refresh=refresh, retry=retry, pacer=Pacer(200.0, 3)),
        github=GitHubClient(config, cache, refresh=refresh, retry=retry, pacer=Pacer(200.0, 1),
                            search_pacer=Pacer(200.0, 1)),
    )


def test_lookups_that_keep_failing_keep_their_entries(tmp_path: Path) -> None:
    """A rerun whose every lookup fails (500 after the retries: deferred) leaves the bib byte for byte."""
    # the seed's first table with its first five rows keeps the run short
    (tmp_path / "README.md").write_bytes(b"".join(SEED_CATALOGUE.read_bytes().splitlines(keepends=True)[:39]))
    options = RunOptions(catalogue=tmp_path / "README.md", bib=tmp_path / "r.bib", report=tmp_path / "r.json",
                         find_code_links=False)
    cache = Cache(tmp_path / "cache")
    with FakeServices(served_corpus()) as fakes:
        run(options, services=_services(fakes, cache, refresh=False))
    written = (tmp_path / "r.bib").read_bytes()
    failing = {service: FaultPlan(rates={"500": 1.0}) for service in ("crossref", "datacite")}
    with FakeServices(served_corpus(), fault_plans=failing) as fakes:
        run(options, services=_services(fakes, cache, refresh=True))
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert written.count(b"\n@") + 1 == 5
    assert report["summary"]["paper_decisions"] == {"deferred": 5}
    assert (tmp_path / "r.bib").read_bytes() == written


# ---------------------------------------------------------------- refresh merges too


def test_refresh_upgrades_a_preprint_entry_under_its_key_and_keeps_the_rest(tmp_path: Path) -> None:
    """refresh: the preprint's entry becomes the article's under the same key; a hand-written entry stays."""
    _catalogue(tmp_path, IOTA_ROW)
    preprint_entry = f"@misc{{iota,\n  title = {{{IOTA_TITLE}}},\n  doi = {{{PREPRINT_DOI}}}\n}}\n"
    (tmp_path / "references.bib").write_text(HAND_WRITTEN + "\n" + preprint_entry, encoding="utf-8")
    with FakeServices(Corpus(crossref=[PREPRINT_LINKED, ARTICLE])) as fakes:
        _refresh(tmp_path, config_of(fakes), DAY_1)
    bib = (tmp_path / "references.bib").read_text(encoding="utf-8")
    assert bib.startswith(HAND_WRITTEN + "\n@article{iota,\n")
    assert (bib.count("@article{"), f"doi = {{{ARTICLE_DOI}}}" in bib, PREPRINT_DOI in bib) == (2, True, False)


def test_refresh_removes_the_entry_of_a_retracted_linked_paper_only(tmp_path: Path) -> None:
    """refresh: the retracted paper the row links leaves the bib; every other byte stays."""
    title = "KappaFold: attention over genome folding"
    _catalogue(tmp_path, f"| KappaFold | Ola Berg et al. [{title}](https://doi.org/10.5555/kappa.paper) (2023). | |\n")
    kappa_entry = "@article{berg2023kappafold,\n  title = {KappaFold},\n  doi = {10.5555/kappa.paper}\n}\n"
    (tmp_path / "references.bib").write_text(HAND_WRITTEN + "\n" + kappa_entry, encoding="utf-8")
    retracted = crossref_item("10.5555/kappa.paper", title, "Ola", "Berg", 2023, **{
        "updated-by": [{"DOI": "10.5555/kappa.retraction", "type": "retraction", "label": "Retraction"}]})
    with FakeServices(Corpus(crossref=[retracted])) as fakes:
        _refresh(tmp_path, config_of(fakes), DAY_1)
    assert (tmp_path / "references.bib").read_text(encoding="utf-8") == HAND_WRITTEN


# ---------------------------------------------------------------- the fast reader for files enrich wrote


def test_a_file_enrich_wrote_is_read_alike_by_the_fast_reader_and_bibtexparser() -> None:
    """Entries, spans, DOIs and raw values agree, titles with braces, math, escapes and accents included."""
    items = [BibItem(SCGPT, model="scGPT", code_url="https://github.com/bowang-lab/scGPT"),
             BibItem(SCGPT_PREPRINT, model="scGPT"), BibItem(ENFORMER),
             BibItem(replace(ZHOU, title="{Genes} & $\\alpha$-helices: 50% of {x} #1 \\input{y}", doi="10.1000/z.2"))]
    text = render_bibtex(items)
    assert _canonical_entries(text) is not None
    assert _canonical_entries(text) == _library_entries(text, BIB)


@pytest.mark.parametrize("text", [
    "% a comment\n@misc{a,\n  title = {x}\n}\n",  # not only entries
    "@misc{a,\n  title = {x}\n}\n@misc{b,\n  title = {y}\n}\n",  # no blank line between entries
    "@misc{a,\n  title = {x} # {y}\n}\n",  # a concatenation
    "@misc{a,\n  title = {x}}y}\n}\n",  # braces that close early
])
def test_anything_else_is_left_to_bibtexparser(text: str) -> None:
    """The fast reader declines every file that is not exactly in the form enrich writes."""
    assert _canonical_entries(text) is None


# ---------------------------------------------------------------- any hand-written file


_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
# no backslash: bibtexparser reads `\}` and `\"` as escapes, BibTeX does not, so such files are not compared here
_WORDS = st.text(alphabet="abcdefghij ABC.,:;-+0123456789'", min_size=0, max_size=12)
_BRACED = st.recursive(_WORDS.map(lambda words: "{" + words + "}"),
                       lambda inner: st.lists(st.one_of(_WORDS, inner), max_size=3).map(
                           lambda parts: "{" + "".join(parts) + "}"),
                       max_leaves=4)
_VALUES = st.one_of(_BRACED, _WORDS.map(lambda words: '"' + words + '"'),
                    st.integers(0, 3000).map(str))
_SPACE = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def _hand_written_entry(draw: st.DrawFn, key: str) -> str:
    fields = draw(st.lists(st.tuples(_NAMES, _VALUES), min_size=1, max_size=4, unique_by=lambda field: field[0]))
    space, indent = draw(_SPACE), draw(st.sampled_from(["", "  ", "    ", "\t"]))
    kind = draw(st.sampled_from(["article", "Book", "misc", "INPROCEEDINGS"]))
    body = ",\n".join(f"{indent}{name}{space}={space}{value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}{draw(st.sampled_from(['', ',']))}\n}}"


@st.composite
def _hand_written_file(draw: st.DrawFn) -> str:
    keys = draw(st.lists(_NAMES, max_size=5, unique=True))
    blocks = [draw(_hand_written_entry(key)) for key in keys]
    blocks += draw(st.lists(st.sampled_from(["% a comment line", "@string{nm = \"Nature Methods\"}",
                                              "@preamble{\"\\\\newcommand{\\\\x}{y}\"}", "@comment{anything {here}}"]),
                            max_size=3))
    order = draw(st.permutations(blocks))
    gaps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\n  \n"]), min_size=len(order), max_size=len(order)))
    return "".join(block + gap for block, gap in zip(order, gaps))


@settings(max_examples=60, deadline=None)
@given(_hand_written_file())
def test_a_hand_written_file_is_kept_byte_for_byte(text: str) -> None:
    """Whatever the layout, merging no works returns the file as it was, and merging a new one keeps every byte
    of it and adds exactly the new entry."""
    if not text.strip():
        return
    existing = parse_bib(text, BIB)
    assert merge_bibtex(existing, []) == text
    merged = merge_bibtex(existing, [BibItem(ZHOU)])
    added = render_bibtex([BibItem(ZHOU)]).rstrip("\n")
    start = merged.index(added)
    remainder = merged[:start] + merged[start + len(added):]
    assert remainder.replace("\n", "") == text.replace("\n", "")
    assert merged.count(added) == 1


def test_an_updated_entry_in_a_windows_file_keeps_its_line_endings() -> None:
    """A matched entry of a CRLF file is rewritten with CRLF too."""
    text = (HAND_WRITTEN + "\n" + SCGPT_CUSTOM).replace("\n", "\r\n")
    merged = _merge(text, [BibItem(SCGPT, model="scGPT")])
    assert merged.startswith(HAND_WRITTEN.replace("\n", "\r\n") + "\r\n@article{scgpt,\r\n")
    assert "\n" not in merged.replace("\r\n", "")
