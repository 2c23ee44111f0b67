"""Hostile input: fuzzed and crafted catalogues, hostile API answers, corrupt cache files, and the token sentinel.

Every table and API record here is reconstructed (composed for these tests), none is recorded.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import shutil
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from enrich import api, pipeline
from enrich.bibtex import validate_bibtex
from enrich.cache import Cache
from enrich.catalogue import apply_edits, parse_catalogue
from enrich.cli import main
from enrich.clients.crossref import CrossrefClient, parse_work
from enrich.clients.http import Pacer, ServiceConfig
from enrich.errors import CatalogueError
from enrich.records import CellEdit, RowStatus

from tests.conftest import SEED_CATALOGUE
from tests.fakes import Corpus, FakeServices
from tests.test_pipeline_e2e import TOKEN, quick_build, quick_services, served_corpus

MARKDOWN = MarkdownIt("commonmark").enable("table")
HEADER = "| 🧠 Model | 📄 Paper | 💻 Code | 🌟 Highlights |\n|---|---|---|---|\n"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# ---------------------------------------------------------------- the parser under fuzz

FRAGMENT = st.one_of(
    st.text(alphabet="ab Z9|\\[]()<>#`*_!-:.,\t💡é", max_size=12),
    st.sampled_from(["| ", " |", "|---|", "[x](https://e.org)", "[x](javascript:alert(1))", "<b>", "</td>",
                     "\\|", "`|`", "et al., 2024", "## H", "\r", "\x00", "\u2028", "<!--", "-->"]),
)
LINE = st.lists(FRAGMENT, max_size=8).map("".join)
DOCUMENT = st.lists(LINE, max_size=10).map("\n".join)
TABLEISH = st.lists(st.lists(FRAGMENT, min_size=1, max_size=4).map(lambda cells: "| " + " | ".join(cells) + " |"),
                    max_size=6).map(lambda rows: HEADER + "\n".join(rows) + "\n")


def _round_trips(text: str) -> None:
    """Parse only raises CatalogueError; when it succeeds, an empty edit list and same-content edits return text."""
    try:
        entries = parse_catalogue(text)
    except CatalogueError:
        return
    assert apply_edits(text, []) == text
    # an empty cell is exempt: writing into it normalises its padding, as filling it must
    same = [CellEdit(entry.line, column, entry.cells[column].strip(), entry.cells[column].strip())
            for entry in entries for column in range(len(entry.cells)) if entry.cells[column].strip()]
    assert apply_edits(text, same) == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_fuzzed_documents_parse_or_raise_catalogue_error(text: str) -> None:
    """Arbitrary Markdown-ish text: parse succeeds and round-trips, or raises CatalogueError."""
    _round_trips(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLEISH)
def test_fuzzed_tables_parse_or_raise_catalogue_error(text: str) -> None:
    """Tables with hostile cells: parse succeeds and round-trips, or raises CatalogueError."""
    _round_trips(text)


@pytest.mark.parametrize("paper_cell", [
    r"Ada Moreau et al., 2024 \| extended",
    "<script>alert(1)</script> Ada Moreau et al., 2024",
    "[Ada Moreau et al., 2024](javascript:alert(1))",
    "Ada Moreau et al., 2024 " + "x" * 100_000,
])
def test_crafted_cells_parse_and_round_trip(paper_cell: str) -> None:
    """An escaped pipe, HTML, a javascript: link and a 100 KB row parse as one row and round-trip."""
    text = HEADER + f"| scHostile | {paper_cell} |  | notes |\n"
    (entry,) = parse_catalogue(text)
    assert entry.model == "scHostile"
    _round_trips(text)


def test_javascript_link_is_a_placeholder_not_a_paper() -> None:
    """A javascript: link in the paper cell makes the row a placeholder for a person."""
    (entry,) = parse_catalogue(HEADER + "| scHostile | [Ada Moreau et al., 2024](javascript:alert(1)) |  | x |\n")
    assert entry.status is RowStatus.PLACEHOLDER


# ---------------------------------------------------------------- hostile API answers

HOSTILE_TITLE = "scHostile: <script>alert(1)</script>a model](javascript:alert(1)) for \x1b[31mcells\x07\u202e"


def _hostile_work(doi: str, **changes: object) -> dict:
    work = {
        "DOI": doi, "type": "journal-article", "title": [HOSTILE_TITLE],
        "author": [{"given": "Ada", "family": "Moreau", "sequence": "first"}],
        "issued": {"date-parts": [[2024]]}, "container-title": ["Journal of <i>Tests</i>"], "publisher": "T",
    }
    work.update(changes)
    return work


MANY_AUTHORS = [{"given": "Ada", "family": "Moreau"}] + [{"given": f"G{n}", "family": f"F{n}"} for n in range(4999)]
HOSTILE_RECORDS = {
    "markup": _hostile_work("10.5555/hostile.markup"),
    "5000-authors": _hostile_work("10.5555/hostile.authors", author=MANY_AUTHORS),
    "title-string": _hostile_work("10.5555/hostile.title", title=HOSTILE_TITLE),
    "year-string": _hostile_work("10.5555/hostile.year", issued={"date-parts": [["2024"]]}),
}


def _run_against(corpus: Corpus, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    (folder / "README.md").write_text(HEADER + "| scHostile | Ada Moreau et al., 2024 |  | notes |\n",
                                      encoding="utf-8")
    monkeypatch.setattr(pipeline, "open_services", quick_services)
    monkeypatch.setattr(api, "build_services", quick_build)
    with FakeServices(corpus) as fakes:
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(folder / "cache"))
        code = main(["run", "--no-code", "--catalogue", str(folder / "README.md"), "--bib",
                     str(folder / "references.bib"), "--report", str(folder / "report.json")])
    assert code == 0
    return tuple(  # type: ignore[return-value]
        (folder / name).read_text(encoding="utf-8") for name in ("README.md", "references.bib", "report.json"))


@pytest.mark.parametrize("kind", sorted(HOSTILE_RECORDS))
def test_hostile_record_never_reaches_outputs_unsafely(kind: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile or mistyped Crossref record: the run finishes, the rendered catalogue links only to https URLs and
    holds no HTML, and neither catalogue nor bib carries markup or control characters; the bib stays valid."""
    catalogue, bib, _ = _run_against(Corpus(crossref=[copy.deepcopy(HOSTILE_RECORDS[kind])]), tmp_path,
                                     monkeypatch)
    assert {href.split(":", 1)[0] for href in _hrefs(catalogue)} <= {"https"}
    assert "<script" not in MARKDOWN.render(catalogue).lower()
    for text in (catalogue, bib):
        assert "<script" not in text.lower()
        assert CONTROL.search(text) is None
    assert validate_bibtex(bib) == []


def _hrefs(markdown: str) -> list[str]:
    tokens = MARKDOWN.parse(markdown)
    links = [child for token in tokens for child in token.children or [] if child.type == "link_open"]
    return [str(link.attrs["href"]) for link in links]


def test_null_author_list_parses_as_no_authors() -> None:
    """Crossref's "author": null is read as no authors, not a crash."""
    assert parse_work(_hostile_work("10.5555/hostile.author", author=None)).authors == ()


def test_hostile_markup_record_is_resolved_with_a_clean_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The marked-up record still resolves; the catalogue cell links only to doi.org."""
    catalogue, bib, _ = _run_against(Corpus(crossref=[copy.deepcopy(HOSTILE_RECORDS["markup"])]), tmp_path,
                                     monkeypatch)
    (entry,) = parse_catalogue(catalogue)
    assert entry.paper_url == "https://doi.org/10.5555/hostile.markup"
    assert _hrefs(catalogue) == ["https://doi.org/10.5555/hostile.markup"]
    assert len(bibtexparser.parse_string(bib).entries) == 1


# ---------------------------------------------------------------- corrupt cache files


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not-utf8", "wrong-shape"])
def test_corrupt_cache_file_is_a_miss_and_rewritten(damage: str, tmp_path: Path) -> None:
    """A damaged cache file: the client asks the service again and the file is valid JSON afterwards."""
    corpus = Corpus(crossref=[copy.deepcopy(HOSTILE_RECORDS["5000-authors"])])
    with FakeServices(corpus) as fakes:
        config = ServiceConfig.from_env({**fakes.env, "ENRICH_MAILTO": "security@example.org"})

        def client() -> CrossrefClient:
            return CrossrefClient(config, Cache(tmp_path), pacer=Pacer(200.0, 3))

        first = client().work("10.5555/hostile.authors")
        (path,) = tmp_path.rglob("*.json")
        original = path.read_bytes()
        path.write_bytes({"truncated": original[: len(original) // 2], "garbage": b"{{{ not json",
                          "not-utf8": b"\xff\xfe\x00{", "wrong-shape": b"[1, 2, 3]\n"}[damage])
        again = client().work("10.5555/hostile.authors")
        assert len(fakes.crossref.requests) == 2
    assert again == first
    assert json.loads(path.read_bytes())["status"] == "found"


# ---------------------------------------------------------------- the token sentinel


def test_token_never_appears_in_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           caplog: pytest.LogCaptureFixture) -> None:
    """A full run with code links and -vv: the token is sent to GitHub, and written nowhere else."""
    caplog.set_level(logging.DEBUG)
    shutil.copyfile(SEED_CATALOGUE, tmp_path / "README.md")
    monkeypatch.setattr(pipeline, "open_services", quick_services)
    monkeypatch.setattr(api, "build_services", quick_build)
    with FakeServices(served_corpus(), github_options={"rolling": True}) as fakes:
        for name, url in fakes.env.items():
            monkeypatch.setenv(name, url)
        monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        code = main(["-vv", "run", "--catalogue", str(tmp_path / "README.md"), "--bib", str(tmp_path / "r.bib"),
                     "--report", str(tmp_path / "r.json")])
        sent = {entry.headers.get("authorization") for entry in fakes.github.requests}
    assert code == 0
    assert sent == {f"Bearer {TOKEN}"}
    captured = capsys.readouterr()
    written = [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) > 50
    assert [blob for blob in written if TOKEN.encode() in blob] == []
    assert TOKEN not in captured.out + captured.err + caplog.text


def test_list_item_rewritten_with_its_own_marker_is_unchanged() -> None:
    """A same-content edit of every part of a list item, marker included, returns the text (found by the fuzz test)."""
    _round_trips("# T\n\n- et al., 2024\n")
