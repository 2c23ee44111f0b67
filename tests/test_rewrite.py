"""Tests for enrich.rewrite.

Every CatalogueEntry and WorkRecord here is reconstructed (composed by us from public metadata), not recorded.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from enrich.catalogue import apply_edits, read_catalogue

from enrich.records import (
    Author,
    CatalogueEntry,
    CellEdit,
    CodeResolution,
    ColumnRole,
    Decision,
    Resolution,
    RowStatus,
    Update,
    WorkRecord,
)
from enrich.pipeline import rows_of
from enrich.rewrite import (
    RewritePlan,
    UnsafeUrl,
    escape_cell,
    markdown_link,
    paper_cell,
    plan_edits,
    safe_url,
)

ROLES = (ColumnRole.MODEL, ColumnRole.PAPER, ColumnRole.CODE, ColumnRole.OTHER)


def _plan(entries: Sequence[CatalogueEntry], resolutions: Mapping[int, Resolution],
          code: Mapping[int, CodeResolution], **options: Any) -> RewritePlan:
    """plan_edits on the rows these decisions by line make."""
    return plan_edits(rows_of(entries, resolutions, code), **options)

# reconstructed
SCGPT = WorkRecord(
    doi="10.1038/s41592-024-02201-0",
    title="scGPT: toward building a foundation model for single-cell multi-omics using generative AI",
    source="crossref",
    type="journal-article",
    authors=(Author("Cui", "Haotian"), Author("Wang", "Chloe")),
    year=2024,
    container="Nature Methods",
)
SCGPT_CELL = (
    "[scGPT: toward building a foundation model for single-cell multi-omics using generative AI]"
    "(https://doi.org/10.1038/s41592-024-02201-0). Haotian Cui et al. _Nature Methods_ (2024)"
)
SCGPT_CODE = "https://github.com/bowang-lab/scGPT"


def _entry(
    paper: str = " Haotian Cui et al., 2024 ",
    code: str = "         ",
    *,
    line: int = 40,
    status: RowStatus = RowStatus.NEEDS_RESOLUTION,
    paper_url: str | None = None,
    code_url: str | None = None,
) -> CatalogueEntry:
    return CatalogueEntry(
        line=line,
        section=("Single-Cell Genomics (SCG) Models", "Newly Introduced Methods"),
        table_index=0,
        roles=ROLES,
        cells=(" scGPT \U0001f4a1 ", paper, code, " Transformer "),
        model="scGPT",
        pretrained=True,
        paper_text=paper.strip(),
        paper_title=None,
        paper_url=paper_url,
        code_url=code_url,
        authors=("Haotian Cui",),
        year=2024,
        status=status,
    )


def _resolved(line: int = 40, work: WorkRecord = SCGPT, decision: Decision = Decision.RESOLVED) -> Resolution:
    return Resolution(entry_line=line, decision=decision, work=work, confidence=0.97)


def _code(line: int = 40, url: str = SCGPT_CODE, decision: Decision = Decision.RESOLVED) -> CodeResolution:
    return CodeResolution(entry_line=line, decision=decision, url=url, confidence=0.95)


def test_resolved_row_gets_formatted_paper_cell() -> None:
    """A resolved text-only paper cell becomes `[Title](doi). First Author et al. _Venue_ (Year)`."""
    plan = _plan([_entry()], {40: _resolved()}, {})
    assert plan == RewritePlan(
        edits=(CellEdit(40, 1, SCGPT_CELL, old_content="Haotian Cui et al., 2024"),), notes=()
    )


def test_single_author_has_no_et_al() -> None:
    """With one author the cell names just that author."""
    work = replace(SCGPT, authors=(Author("Cui", "Haotian"),))
    assert paper_cell(work).endswith(". Haotian Cui _Nature Methods_ (2024)")


def test_organisation_author_and_missing_year() -> None:
    """An author without a given name is shown as is; an unknown year is left out."""
    work = replace(SCGPT, authors=(Author("Tabula Sapiens Consortium"),), year=None)
    assert paper_cell(work).endswith(". Tabula Sapiens Consortium _Nature Methods_")


def test_arxiv_venue() -> None:
    """An arXiv record's venue is `arXiv`."""
    work = WorkRecord(
        doi="10.48550/arxiv.2306.15794",
        title="HyenaDNA",
        source="datacite",
        type="posted-content",
        authors=(Author("Nguyen", "Eric"),),
        year=2023,
    )
    assert paper_cell(work) == (
        "[HyenaDNA](https://doi.org/10.48550/arxiv.2306.15794). Eric Nguyen _arXiv_ (2023)"
    )


def test_biorxiv_venue() -> None:
    """A bioRxiv preprint's venue is its server."""
    work = replace(SCGPT, doi="10.1101/2023.04.30.538439", type="posted-content", container="bioRxiv",
                   subtype="preprint", is_preprint=True, year=2023)
    assert paper_cell(work).endswith(". Haotian Cui et al. _bioRxiv_ (2023)")


def test_resolved_code_fills_empty_code_cell() -> None:
    """A resolved GitHub repository fills an empty code cell."""
    plan = _plan([_entry()], {}, {40: _code()})
    assert plan.edits == (CellEdit(40, 2, f"[GitHub Repository]({SCGPT_CODE})", old_content=""),)


def test_code_placeholder_link_is_replaced() -> None:
    """A bare `[GitHub](#)` placeholder in the code cell of a real row is replaced."""
    plan = _plan([_entry(code=" [GitHub](#) ", code_url="#")], {}, {40: _code()})
    assert plan.edits == (CellEdit(40, 2, f"[GitHub Repository]({SCGPT_CODE})", old_content="[GitHub](#)"),)


def test_human_code_text_is_kept() -> None:
    """A code cell a person wrote is not overwritten; the finding is reported."""
    fork = "https://github.com/someone/fork"
    entry = _entry(code=f" [Code]({fork}) ", code_url=fork)
    plan = _plan([entry], {}, {40: _code()})
    assert plan == RewritePlan(
        edits=(),
        notes=(
            "L40: code cell already says '[Code](https://github.com/someone/fork)'; "
            "found https://github.com/bowang-lab/scGPT not written",
        ),
    )


def test_human_code_link_to_same_repo_is_silent() -> None:
    """A person's code link to the found repository needs neither edit nor note."""
    entry = _entry(code=" [repo](https://github.com/bowang-lab/scGPT/) ", code_url=SCGPT_CODE + "/")
    assert _plan([entry], {}, {40: _code()}) == RewritePlan(edits=(), notes=())


def test_unresolved_code_is_not_written() -> None:
    """An abstained code decision leaves the code cell alone."""
    assert _plan([_entry()], {}, {40: _code(decision=Decision.ABSTAINED)}) == RewritePlan((), ())


def test_non_github_code_url_is_refused() -> None:
    """A code URL outside github.com is never written."""
    plan = _plan([_entry()], {}, {40: _code(url="https://gitlab.com/o/r")})
    assert plan == RewritePlan(
        edits=(),
        notes=(
            "L40: code link refused: only https://doi.org/ and https://github.com/ URLs are written, "
            "not 'https://gitlab.com/o/r'",
        ),
    )


def test_link_verified_row_is_kept() -> None:
    """A row whose human link was verified gets no paper edit."""
    entry = _entry(paper=" [scGPT](https://www.nature.com/articles/s41592-024-02201-0) ",
                   paper_url="https://www.nature.com/articles/s41592-024-02201-0", status=RowStatus.COMPLETE)
    assert _plan([entry], {40: _resolved(decision=Decision.LINK_VERIFIED)}, {}) == RewritePlan((), ())


def test_link_disagrees_is_only_reported() -> None:
    """A disagreeing human link is reported, not changed, without fix_links."""
    entry = _entry(paper=" X et al. [scGPT](https://example.org/paper) Nat Methods ",
                   paper_url="https://example.org/paper", status=RowStatus.COMPLETE)
    plan = _plan([entry], {40: _resolved(decision=Decision.LINK_DISAGREES)}, {})
    assert plan == RewritePlan(
        edits=(),
        notes=(
            "L40: paper link https://example.org/paper disagrees with doi:10.1038/s41592-024-02201-0; kept",
        ),
    )


def test_link_disagrees_fixed_with_fix_links() -> None:
    """With fix_links only the disagreeing URL is replaced; the person's text stays."""
    entry = _entry(paper=" X et al. [scGPT](https://example.org/paper) Nat Methods ",
                   paper_url="https://example.org/paper", status=RowStatus.COMPLETE)
    plan = _plan([entry], {40: _resolved(decision=Decision.LINK_DISAGREES)}, {}, fix_links=True)
    assert plan.edits == (
        CellEdit(
            40,
            1,
            "X et al. [scGPT](https://doi.org/10.1038/s41592-024-02201-0) Nat Methods",
            old_content="X et al. [scGPT](https://example.org/paper) Nat Methods",
        ),
    )


def test_resolved_never_overwrites_human_link() -> None:
    """A resolved row whose paper cell already links elsewhere keeps its link without fix_links."""
    entry = _entry(paper=" [scGPT](https://example.org/paper) ", paper_url="https://example.org/paper")
    plan = _plan([entry], {40: _resolved()}, {})
    assert plan == RewritePlan(
        edits=(),
        notes=(
            "L40: paper cell already links https://example.org/paper; kept (doi:10.1038/s41592-024-02201-0)",
        ),
    )


@pytest.mark.parametrize(
    "decision", [Decision.PLACEHOLDER, Decision.ABSTAINED, Decision.CACHE_MISS, Decision.DEFERRED]
)
def test_undecided_rows_get_no_paper_edit(decision: Decision) -> None:
    """Placeholder, abstained, cache-miss and deferred decisions produce no edit."""
    assert _plan([_entry()], {40: _resolved(decision=decision)}, {}) == RewritePlan((), ())


def test_placeholder_row_is_never_touched() -> None:
    """A template row gets neither a paper nor a code edit, whatever the decisions say."""
    entry = _entry(paper=" [Paper Title](#) ", code=" [GitHub](#) ", paper_url="#", code_url="#",
                   status=RowStatus.PLACEHOLDER)
    assert _plan([entry], {40: _resolved()}, {40: _code()}) == RewritePlan((), ())


def test_retracted_work_is_not_written() -> None:
    """A work with a retraction notice is not linked."""
    work = replace(SCGPT, updated_by=(Update("retraction", "10.1038/retraction"),))
    plan = _plan([_entry()], {40: _resolved(work=work)}, {})
    assert plan == RewritePlan((), ("L40: doi:10.1038/s41592-024-02201-0 is retracted; not written",))


def test_plan_is_idempotent() -> None:
    """Planning against the rewritten rows yields no edits and no notes."""
    entry = _entry()
    first = _plan([entry], {40: _resolved()}, {40: _code()})
    cells = list(entry.cells)
    for edit in first.edits:
        cells[edit.column] = f" {edit.new_content} "
    rewritten = replace(entry, cells=tuple(cells))
    relinked = replace(rewritten, paper_url="https://doi.org/10.1038/s41592-024-02201-0",
                       code_url=SCGPT_CODE, status=RowStatus.COMPLETE)
    assert len(first.edits) == 2
    assert _plan([rewritten], {40: _resolved()}, {40: _code()}) == RewritePlan((), ())
    assert _plan([relinked], {40: _resolved()}, {40: _code()}) == RewritePlan((), ())


def test_edits_sorted_by_line_and_column() -> None:
    """Edits come out in line, then column order, whatever the entry order."""
    plan = _plan([_entry(line=50), _entry(line=40)], {40: _resolved(40), 50: _resolved(50)},
                      {50: _code(50)})
    assert [(edit.line, edit.column) for edit in plan.edits] == [(40, 1), (50, 1), (50, 2)]


def test_injection_title_keeps_cell_and_link_intact() -> None:
    """A title with `|`, `]`, `)`, `<i>`, `$\\alpha$` and `javascript:` renders as one cell with one link."""
    title = "A | b ] c ) <i>d</i> $\\alpha$ [x](javascript:alert(1)) \\ e"
    work = replace(SCGPT, title=title, doi="10.1000/(sici)x", authors=(Author("Doe", "Jane"),))
    cell = paper_cell(work)
    assert cell == (
        "[A \\| b \\] c ) d $\\\\alpha$ \\[x\\](javascript:alert(1)) \\\\ e]"
        "(https://doi.org/10.1000/%28sici%29x). Jane Doe _Nature Methods_ (2024)"
    )
    table = f"| Model | Paper | Code |\n|---|---|---|\n| scGPT | {cell} | |\n"
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert html.count("<td>") == 3
    assert re.findall(r'href="([^"]*)"', html) == ["https://doi.org/10.1000/%28sici%29x"]


def test_escape_cell_removes_newlines_and_controls() -> None:
    """Newlines and control characters become single spaces; backticks and `<` are neutralised."""
    assert escape_cell(" a\n\tb\x00c `d` <script> ") == "a b c \\`d\\` &lt;script>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://doi.org/10.1038/x",
        "https://doi.org/11.1038/x",
        "https://github.com.evil.example/o/r",
        "https://github.com@evil.example/o/r",
        "https://github.com/o",
        "https://github.com/o/r\n",
        "https://gitlab.com/o/r",
    ],
)
def test_safe_url_refuses_other_urls(url: str) -> None:
    """Only https://doi.org/10.* and https://github.com/owner/repo URLs pass."""
    with pytest.raises(UnsafeUrl):
        safe_url(url)


def test_markdown_link_encodes_parentheses() -> None:
    """Parentheses and spaces in an allowed URL are percent-encoded so the link cannot end early."""
    assert markdown_link("code", "https://github.com/o/r/tree/main/a (b)") == (
        "[code](https://github.com/o/r/tree/main/a%20%28b%29)"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_title_stays_one_cell_one_link(title: str) -> None:
    """Whatever the title, the row keeps three cells and the cell holds exactly the DOI link."""
    work = replace(SCGPT, title=title)
    cell = paper_cell(work)
    table = f"| a | b | c |\n|---|---|---|\n| x | {cell} | y |\n"
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert html.count("<td>") == 3
    assert re.findall(r'href="([^"]*)"', html) == ["https://doi.org/10.1038/s41592-024-02201-0"]


def test_rewrite_then_reread_plans_nothing(tmp_path: Path) -> None:
    """After catalogue.apply_edits writes the plan, re-reading the file plans no further edits."""
    path = tmp_path / "README.md"
    path.write_text(
        "## Models\n\n"
        "| Model | Paper | Code |\n"
        "|-------|-------|------|\n"
        "| scGPT | Haotian Cui et al., 2024 |  |\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    line = catalogue.entries[0].line
    resolutions, code = {line: _resolved(line)}, {line: _code(line)}
    plan = _plan(catalogue.entries, resolutions, code)
    path.write_text(apply_edits(catalogue.text, plan.edits), encoding="utf-8")
    assert len(plan.edits) == 2
    assert _plan(read_catalogue(path).entries, resolutions, code) == RewritePlan((), ())
