from enrich.changelog import ChangeKind, Finding, FindingKind, ProposedChange, render_changelog

# reconstructed: rows, models, DOIs and repositories composed for these tests (none is a real catalogue entry)
UPGRADE = ProposedChange(
    line=12,
    model="ExampleFormer",
    kind=ChangeKind.PREPRINT_UPGRADED,
    before="https://doi.org/10.1101/2024.01.01.000001",
    after="10.9999/journal.2024.1",
    detail="published version of the preprint",
)
ADDED = ProposedChange(line=3, model=None, kind=ChangeKind.LINK_ADDED, before=None,
                       after="https://github.com/example-lab/example-model")
RETRACTED = Finding(line=40, model="RetractedNet", kind=FindingKind.RETRACTED, before="10.9999/retracted.1",
                    after="10.9999/notice.1", detail="retraction")
DEAD = Finding(line=5, model="GoneNet", kind=FindingKind.DEAD_LINK, before="https://github.com/gone/repo",
               detail="HTTP 404 since 2026-01-05")
INCONCLUSIVE = Finding(line=7, model="BusyNet", kind=FindingKind.INCONCLUSIVE, before="https://github.com/busy/repo",
                       detail="HTTP 429")

EXPECTED = """# Refresh catalogue links

**Summary:** 2 proposed changes, 1 retracted paper, 1 dead link, 1 inconclusive check. Review each change before merging.

## Proposed changes

| Line | Model | Change | Before | After | Why |
| ---: | --- | --- | --- | --- | --- |
| 3 | — | link-added | — | <https://github.com/example-lab/example-model> | — |
| 12 | ExampleFormer | preprint-upgraded | <https://doi.org/10.1101/2024.01.01.000001> | <https://doi.org/10.9999/journal.2024.1> | published version of the preprint |

## ⚠ Retracted

The catalogue cites these papers; each has a retraction notice.

- **Line 40** (RetractedNet): <https://doi.org/10.9999/retracted.1> is retracted; notice <https://doi.org/10.9999/notice.1> (retraction)

## ⚠ Dead links

Not found on consecutive runs; one failed check never lands here.

- **Line 5** (GoneNet): <https://github.com/gone/repo> (HTTP 404 since 2026-01-05)

## Inconclusive

No trustworthy answer this run; checked again next run.

- **Line 7** (BusyNet): <https://github.com/busy/repo> (HTTP 429)
"""  # noqa: E501


def test_full_changelog() -> None:
    """A small refresh renders exactly: summary, change table, retraction, dead and inconclusive sections."""
    assert render_changelog([UPGRADE, ADDED], [INCONCLUSIVE, DEAD, RETRACTED]) == EXPECTED


def test_order_of_input_does_not_matter() -> None:
    """Changes and findings are sorted by line, so any input order gives the same body."""
    assert render_changelog([ADDED, UPGRADE], [RETRACTED, INCONCLUSIVE, DEAD]) == EXPECTED


def test_nothing_to_report() -> None:
    """With no changes and no findings the body is the title and a zero summary."""
    assert render_changelog([], []) == (
        "# Refresh catalogue links\n\n"
        "**Summary:** 0 proposed changes, 0 retracted papers, 0 dead links, 0 inconclusive checks.\n"
    )


def test_pipes_escaped_in_table_cells() -> None:
    """A pipe in a model name, detail or link cannot split the table row."""
    change = ProposedChange(line=9, model="A|B", kind=ChangeKind.REPOSITORY_RENAMED,
                            before="https://github.com/old/name", after="https://example.org/x?a=1|2",
                            detail="renamed | moved")
    assert render_changelog([change], []).splitlines()[-1] == (
        r"| 9 | A\|B | repository-renamed | <https://github.com/old/name> | <https://example.org/x?a=1\|2> "
        r"| renamed \| moved |"
    )


def test_newlines_in_cells_collapse() -> None:
    """A newline in a cell would end the table row, so whitespace collapses to single spaces."""
    change = ProposedChange(line=2, model="Multi\nLine", kind=ChangeKind.LINK_REMOVED,
                            before="https://github.com/a/b", after=None, detail="dead on\n 2 runs")
    assert render_changelog([change], []).splitlines()[-1] == (
        "| 2 | Multi Line | link-removed | <https://github.com/a/b> | — | dead on 2 runs |"
    )


def test_retraction_section_only_when_retracted() -> None:
    """The loud retraction heading appears with a retraction and not without one."""
    assert "## ⚠ Retracted" in render_changelog([], [RETRACTED])
    assert "## ⚠ Retracted" not in render_changelog([], [DEAD])


def test_inconclusive_is_not_listed_as_dead() -> None:
    """An inconclusive finding goes under Inconclusive, never under Dead links."""
    assert render_changelog([], [INCONCLUSIVE]) == (
        "# Refresh catalogue links\n\n"
        "**Summary:** 0 proposed changes, 0 retracted papers, 0 dead links, 1 inconclusive check.\n\n"
        "## Inconclusive\n\n"
        "No trustworthy answer this run; checked again next run.\n\n"
        "- **Line 7** (BusyNet): <https://github.com/busy/repo> (HTTP 429)\n"
    )


def test_text_that_is_not_a_link_stays_text() -> None:
    """A value that is neither URL nor DOI is shown as text, not made into a link."""
    change = ProposedChange(line=1, model="M", kind=ChangeKind.LINK_ADDED, before="see <paper>", after="10.9999/x")
    assert render_changelog([change], []).splitlines()[-1] == (
        "| 1 | M | link-added | see <paper> | <https://doi.org/10.9999/x> | — |"
    )


def test_corrections_and_archived_repositories_have_their_own_sections() -> None:
    """A correction and an archived repository get sections, and count in the summary only when present."""
    corrected = Finding(line=9, model="FixedNet", kind=FindingKind.CORRECTED, before="10.9999/paper.9",
                        after="10.9999/correction.9", detail="correction")
    archived = Finding(line=4, model="OldNet", kind=FindingKind.ARCHIVED, before="https://github.com/old/net")
    assert render_changelog([], [corrected, archived]) == (
        "# Refresh catalogue links\n\n"
        "**Summary:** 0 proposed changes, 0 retracted papers, 0 dead links, 0 inconclusive checks, "
        "1 corrected paper, 1 archived repository.\n\n"
        "## Corrections\n\nThe link stays; a reader may want the notice.\n\n"
        "- **Line 9** (FixedNet): <https://doi.org/10.9999/paper.9> has a correction notice "
        "<https://doi.org/10.9999/correction.9> (correction)\n\n"
        "## Archived repositories\n\nRead-only on GitHub: the code is kept but no longer maintained.\n\n"
        "- **Line 4** (OldNet): <https://github.com/old/net>\n"
    )
