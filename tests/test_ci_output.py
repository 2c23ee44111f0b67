"""The CLI as a CI citizen: annotations and step summary, --format json, --fail-on, progress lines, help.

Catalogue rows, works and repositories composed here are reconstructed; the seed catalogue runs offline on the
bundled (reconstructed) cache.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from enrich import api, refresh
from enrich.cli import _PlainProgress, build_parser, main
from enrich.clients.http import ServiceConfig
from enrich.output import Flag, FlagKind, Level, parse_gates, workflow_command
from enrich.progress import RowDecided, StageStarted, Waiting, WaitReason

from tests.conftest import ROOT, SEED_CATALOGUE
from tests.fakes import Corpus, FakeServices
from tests.fakes.server import FaultPlan
from tests.test_audit import crossref_item, fast_build, fast_services

ANNOTATION = re.compile(r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                        r"title=(?P<title>[^:]*)::(?P<message>.*)$")
HEADER = "| Model | Paper | Code |\n|-------|-------|------|\n"
# reconstructed: a paper with a retraction notice, and the notice
KAPPA_TITLE = "KappaFold: attention over genome folding"
KAPPA_ROW = f"| KappaFold | Ola Berg et al. [{KAPPA_TITLE}](https://doi.org/10.5555/kappa.paper) (2023). | |\n"
RETRACTED = crossref_item("10.5555/kappa.paper", KAPPA_TITLE, "Ola", "Berg", 2023, **{
    "updated-by": [{"DOI": "10.5555/kappa.retraction", "type": "retraction", "label": "Retraction"}]})
NOTICE = crossref_item("10.5555/kappa.retraction", f"Retraction Note: {KAPPA_TITLE}", "Ola", "Berg", 2024,
                       **{"update-to": [{"DOI": "10.5555/kappa.paper", "type": "retraction"}]})
# reconstructed: three papers a slow Crossref fake serves for the progress test
SLOW_WORKS = [crossref_item(f"10.5555/slow.{index}", f"SlowNet{index}: a transformer for slow tests", "Ada",
                            f"Slow{index}", 2023) for index in range(3)]
SLOW_ROWS = "".join(f"| SlowNet{index} | Ada Slow{index} et al. SlowNet{index}: a transformer for slow tests (2023). "
                    "| |\n" for index in range(3))


@pytest.fixture
def github_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GITHUB_ACTIONS=true, a temporary step summary, the workspace at tmp_path (the current directory)."""
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return summary


def _annotations(out: str) -> list[dict[str, str]]:
    return [match.groupdict() for line in out.splitlines() if (match := ANNOTATION.match(line))]


def _offline_seed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(ROOT / "cache"))
    shutil.copyfile(SEED_CATALOGUE, tmp_path / "README.md")
    return main(["run", "--offline", "--catalogue", str(tmp_path / "README.md"), "--bib",
                 str(tmp_path / "references.bib"), "--report", str(tmp_path / "report.json"), *extra])


def _report_lines(tmp_path: Path, decision: str) -> set[int]:
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return {entry["line"] for entry in report["entries"] if entry["paper"]["decision"] == decision}


def _summary_rows(summary: str) -> list[tuple[int, str, str]]:
    """(line, model, kind) of the summary's table of flagged rows."""
    rows = re.findall(r"^\| (\d+) \| ([^|]*) \| ([a-z-]+) \|", summary, re.MULTILINE)
    return [(int(line), model.strip(), kind) for line, model, kind in rows]


def _with_fakes(monkeypatch: pytest.MonkeyPatch, fakes: FakeServices, cache: Path) -> None:
    for name, value in fakes.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(cache))


# ---------------------------------------------------------------- GitHub annotations and summary


def test_run_annotates_every_abstained_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github_env: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """GITHUB_ACTIONS=true: one ::warning per abstained row, on README.md at the row's line, naming its model."""
    assert _offline_seed_run(tmp_path, monkeypatch) == 0
    annotations = _annotations(capsys.readouterr().out)
    abstained = _report_lines(tmp_path, "abstained")
    assert len(abstained) > 0
    assert {(a["level"], a["file"], int(a["line"]), a["title"]) for a in annotations} == {
        ("warning", "README.md", line, "enrich%3A abstained") for line in abstained}
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    models = {entry["line"]: entry["model"] for entry in report["entries"]}
    assert all(a["message"].startswith(f"{models[int(a['line'])]}: ") for a in annotations)


def test_run_appends_a_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github_env: Path) -> None:
    """The summary is appended (not overwritten) and lists every abstained row with its model and kind."""
    github_env.write_text("earlier step\n", encoding="utf-8")
    assert _offline_seed_run(tmp_path, monkeypatch) == 0
    summary = github_env.read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n## enrich run: `README.md`\n")
    rows = _summary_rows(summary)
    assert {line for line, _, kind in rows if kind == "abstained"} == _report_lines(tmp_path, "abstained")
    assert all(model for _, model, _ in rows)


def test_text_format_prints_no_workflow_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Outside GitHub Actions (and with --format text inside it) no annotation and no summary is written."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    assert _offline_seed_run(tmp_path, monkeypatch) == 0
    assert _annotations(capsys.readouterr().out) == []
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert _offline_seed_run(tmp_path, monkeypatch, "--format", "text") == 0
    assert _annotations(capsys.readouterr().out) == []
    assert not (tmp_path / "summary.md").exists()


def test_run_retraction_is_an_error_annotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github_env: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A row linking a retracted paper: ::error of kind retracted on its line; --fail-on retracted exits 1."""
    (tmp_path / "README.md").write_text("# List\n\n" + HEADER + KAPPA_ROW, encoding="utf-8")
    with FakeServices(Corpus(crossref=[RETRACTED, NOTICE])) as fakes:
        _with_fakes(monkeypatch, fakes, tmp_path / "cache")
        code = main(["run", "--no-code", "--fail-on", "retracted", "--catalogue", "README.md", "--bib",
                     "references.bib", "--report", "report.json"])
    assert code == 1
    assert [(a["level"], a["file"], a["line"], a["title"]) for a in _annotations(capsys.readouterr().out)] == [
        ("error", "README.md", "5", "enrich%3A retracted")]
    assert _summary_rows(github_env.read_text(encoding="utf-8")) == [(5, "KappaFold", "retracted")]


def test_audit_failures_are_error_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github_env: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """audit --strict on a retracted link: exit 1, one ::error on the row, the summary names it."""
    (tmp_path / "README.md").write_text(HEADER + KAPPA_ROW, encoding="utf-8")
    with FakeServices(Corpus(crossref=[RETRACTED, NOTICE])) as fakes:
        _with_fakes(monkeypatch, fakes, tmp_path / "cache")
        code = main(["audit", "--strict", "--catalogue", "README.md", "--report", "audit.json"])
    assert code == 1
    assert [(a["level"], a["file"], a["line"], a["title"]) for a in _annotations(capsys.readouterr().out)] == [
        ("error", "README.md", "3", "enrich%3A retracted")]
    assert _summary_rows(github_env.read_text(encoding="utf-8")) == [(3, "KappaFold", "retracted")]


def test_refresh_retraction_annotated_and_written_for_an_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               github_env: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """refresh: the retraction is an ::error, and --findings writes the issue body (no cell changes for it)."""
    (tmp_path / "README.md").write_text(HEADER + KAPPA_ROW, encoding="utf-8")
    with FakeServices(Corpus(crossref=[RETRACTED, NOTICE])) as fakes:
        _with_fakes(monkeypatch, fakes, tmp_path / "cache")
        monkeypatch.setattr(refresh, "open_services", lambda offline, refresh, cache: fast_services(
            ServiceConfig.from_env(), cache.root, offline=offline, refresh=refresh))
        monkeypatch.setattr(api, "build_services", fast_build)
        code = main(["refresh", "--all", "--catalogue", "README.md", "--bib", "references.bib", "--report",
                     "report.json", "--findings", "findings.md"])
    assert code == 1
    assert [(a["level"], a["line"], a["title"]) for a in _annotations(capsys.readouterr().out)] == [
        ("error", "3", "enrich%3A retracted")]
    assert "10.5555/kappa.retraction" in (tmp_path / "findings.md").read_text(encoding="utf-8")


def test_bad_input_is_an_error_annotation_at_its_line(tmp_path: Path, github_env: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A broken table under GitHub Actions: exit 2 and one ::error at the offending file and line."""
    (tmp_path / "list.md").write_text("| Model | Paper |\n|---|---|\n| a | b | c |\n", encoding="utf-8")
    assert main(["check", "list.md"]) == 2
    out = capsys.readouterr().out
    assert re.findall(r"^::error file=([^,]+),line=(\d+),", out, re.MULTILINE) == [("list.md", "3")]


def test_workflow_command_escapes_data_and_properties() -> None:
    """Newlines and % in a message, and : or , in a file name, are escaped as the runner expects."""
    flag = Flag(FlagKind.LINK_DISAGREES, Level.ERROR, "docs/a,b.md", 7, None, "50% off\nnext")
    assert workflow_command(flag) == ("::error file=docs/a%2Cb.md,line=7,title=enrich%3A link-disagrees"
                                      "::50%25 off%0Anext")


# ---------------------------------------------------------------- json and gates


@pytest.mark.parametrize("command", ["run", "check"])
def test_format_json_prints_only_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: stdout is one JSON document (the run's report; check's rows), tables go to stderr."""
    if command == "run":
        assert _offline_seed_run(tmp_path, monkeypatch, "--format", "json") == 0
    else:
        assert main(["check", "--format", "json", str(SEED_CATALOGUE)]) == 0
    document = json.loads(capsys.readouterr().out)
    if command == "run":
        assert document == json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    else:
        assert [row["status"] for row in document["rows"]].count("placeholder") == 11


@pytest.mark.parametrize("command", ["audit", "refresh"])
def test_format_json_prints_the_command_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """audit and refresh with --format json: stdout is the report the command wrote, byte for byte."""
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "cache", tmp_path / "cache")
    shutil.copyfile(SEED_CATALOGUE, tmp_path / "README.md")
    paths = ["--catalogue", str(tmp_path / "README.md"), "--report", str(tmp_path / "report.json")]
    if command == "refresh":
        paths += ["--bib", str(tmp_path / "references.bib"), "--dry-run"]
    main([command, "--offline", "--format", "json", *paths])
    out = capsys.readouterr().out
    if command == "audit":
        assert out == (tmp_path / "report.json").read_text(encoding="utf-8")
    else:
        assert json.loads(out)["schema"] == "enrich-refresh/1"
        assert not (tmp_path / "report.json").exists()


@pytest.mark.parametrize(("gates", "exit_code"), [
    (None, 0), ("abstained", 1), ("retracted", 0), ("link-disagrees,placeholder", 1), ("deferred,cache-miss", 0)])
def test_fail_on_gates_the_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gates: str | None,
                                     exit_code: int) -> None:
    """The seed catalogue offline has abstained and placeholder rows, no retraction, deferral or miss."""
    extra = ("--fail-on", gates) if gates else ()
    assert _offline_seed_run(tmp_path, monkeypatch, *extra) == exit_code


def test_fail_on_rejects_unknown_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown kind is a usage error (exit 2) before anything runs."""
    with pytest.raises(SystemExit) as raised:
        main(["run", "--fail-on", "abstained,unknown", "--catalogue", "x.md", "--bib", "x.bib", "--report", "x.json"])
    assert raised.value.code == 2
    assert parse_gates(" abstained , retracted ") == {FlagKind.ABSTAINED, FlagKind.RETRACTED}


# ---------------------------------------------------------------- progress


def test_plain_progress_every_tenth_and_every_30_seconds() -> None:
    """A line at the start, at each 10 % step and after 30 s without one; waits are reported with their length."""
    lines: list[str] = []
    now = [0.0]
    progress = _PlainProgress(lines.append, clock=lambda: now[0])
    progress(StageStarted("papers", 100))
    for done in range(1, 101):
        now[0] += 0.5 if done != 5 else 40.0
        progress(RowDecided("papers", done, 100, done, None, "resolved"))
    progress(Waiting("github search", 41.0, WaitReason.RATE_LIMIT))
    counted = [tuple(map(int, match)) for line in lines for match in re.findall(r": (\d+)/(\d+) ", line)]
    assert [done for done, _ in counted] == [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert re.search(r"github search: waiting 41 s", lines[-1])
    assert len(lines) == 1 + 11 + 1


def test_plain_progress_of_a_fast_stage_is_its_start_and_end() -> None:
    """A stage that settles 100 rows within a second prints two lines, not eleven."""
    lines: list[str] = []
    now = [0.0]
    progress = _PlainProgress(lines.append, clock=lambda: now[0])
    progress(StageStarted("papers", 100))
    for done in range(1, 101):
        now[0] += 0.005
        progress(RowDecided("papers", done, 100, done, None, "resolved"))
    assert [re.findall(r": (\d+)/100 ", line) for line in lines] == [[], ["100"]]


def test_verbose_prints_one_line_per_row_decision() -> None:
    """-v: each row's decision, with its line and model."""
    lines: list[str] = []
    progress = _PlainProgress(lines.append, verbosity=1, clock=lambda: 0.0)
    progress(StageStarted("papers", 20))
    progress(RowDecided("papers", 1, 20, 14, "scGPT", "resolved", "10.5555/x"))
    assert any("14" in line and "scGPT" in line and "resolved" in line for line in lines)


def test_live_progress_shows_stage_and_current_wait() -> None:
    """On a terminal: a bar per stage with done/total, and the wait a service imposes while it lasts."""
    import io

    from rich.console import Console

    from enrich.cli import _LiveProgress

    screen = io.StringIO()
    progress = _LiveProgress(Console(file=screen, force_terminal=True, width=120), verbosity=0)
    progress(StageStarted("papers", 4))
    progress(RowDecided("papers", 1, 4, 10, "scGPT", "resolved"))
    progress(Waiting("github search", 41.0, WaitReason.RATE_LIMIT))
    assert re.fullmatch(r"github search \(rate limit\): waiting 4[01] s", progress.current_wait())
    progress._bar.refresh()
    progress.stop()
    assert "papers" in screen.getvalue() and "1/4" in screen.getvalue()


def test_progress_lines_for_a_run_against_slow_fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """stderr not a terminal: the stage start, its completion and the wait after a 429 appear as plain lines."""
    (tmp_path / "README.md").write_text(HEADER + SLOW_ROWS, encoding="utf-8")
    plan = FaultPlan(script=["429"])
    with FakeServices(Corpus(crossref=SLOW_WORKS), latency=0.1, fault_plans={"crossref": plan}) as fakes:
        _with_fakes(monkeypatch, fakes, tmp_path / "cache")
        assert main(["run", "--no-code", "--catalogue", str(tmp_path / "README.md"), "--bib",
                     str(tmp_path / "references.bib"), "--report", str(tmp_path / "report.json")]) == 0
    assert plan.injected == ["429"]
    lines = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"enrich: papers: 3 to check", lines[0])
    assert any(re.fullmatch(r"enrich: papers: 3/3 \(100 %\), \d+ s elapsed", line) for line in lines)
    assert any(re.fullmatch(r"enrich: crossref: waiting \d+ s \(.+\)", line) for line in lines)


def test_debug_log_keeps_other_libraries_quiet(tmp_path: Path) -> None:
    """-vv: enrich logs at DEBUG; httpx and httpcore stay at WARNING."""
    assert main(["-vv", "check", str(SEED_CATALOGUE)]) == 0
    assert logging.getLogger("enrich").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() >= logging.WARNING
    main(["check", str(SEED_CATALOGUE)])
    assert logging.getLogger("enrich").getEffectiveLevel() == logging.WARNING


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("command", ["check", "run", "audit", "refresh"])
def test_help_explains_every_option_env_var_and_exit_code(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's --help: a sentence for every option, the ENRICH_* variables, and its exit codes."""
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    undocumented = [action.dest for action in sub._actions if not action.help]
    assert undocumented == []
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    for variable in ("ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL", "ENRICH_CACHE_DIR",
                     "ENRICH_MAILTO", "GITHUB_TOKEN", "GITHUB_STEP_SUMMARY"):
        assert variable in text
    codes = re.findall(r"^  ([0-3])  ", text.split("exit codes:")[1], re.MULTILINE)
    assert codes[0] == "0" and "2" in codes


# ---------------------------------------------------------------- refresh --dry-run


def test_refresh_dry_run_prints_the_proposal_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run: exit 1 with the upgrade shown as a diff; no output, check date or link-health file written."""
    from tests.test_refresh import ARTICLE, ARTICLE_DOI, HEADER as REFRESH_HEADER, IOTA_ROW, PREPRINT_LINKED

    catalogue = tmp_path / "README.md"
    catalogue.write_text(REFRESH_HEADER + IOTA_ROW, encoding="utf-8")
    with FakeServices(Corpus(crossref=[PREPRINT_LINKED, ARTICLE])) as fakes:
        _with_fakes(monkeypatch, fakes, tmp_path / "cache")
        monkeypatch.setattr(refresh, "open_services", lambda offline, refresh, cache: fast_services(
            ServiceConfig.from_env(), cache.root, offline=offline, refresh=refresh))
        monkeypatch.setattr(api, "build_services", fast_build)
        code = main(["refresh", "--dry-run", "--all", "--catalogue", str(catalogue), "--bib",
                     str(tmp_path / "references.bib"), "--report", str(tmp_path / "report.json"), "--changelog",
                     str(tmp_path / "CHANGELOG.md"), "--findings", str(tmp_path / "findings.md")])
    assert code == 1
    out = capsys.readouterr().out
    assert any(line.startswith("+") and ARTICLE_DOI in line for line in out.splitlines())
    assert catalogue.read_text(encoding="utf-8") == REFRESH_HEADER + IOTA_ROW
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.md", "cache"]
    assert not (tmp_path / "cache" / "refresh.json").exists()
    assert not (tmp_path / "cache" / "health.json").exists()


# ---------------------------------------------------------------- flag rules


def test_retraction_flag_needs_the_typed_reason() -> None:
    """A row abstaining because its paper is retracted is an error of kind retracted; decoys: an abstention for
    another reason, and a resolved row whose first reason merely mentions retraction, are not."""
    from enrich.evidence import Kind, reason
    from enrich.output import _paper_flags
    from enrich.records import Decision, Resolution

    retracted = Resolution(5, Decision.ABSTAINED, reasons=(reason(Kind.RETRACTED, "10.5555/notice"),))
    other = Resolution(5, Decision.ABSTAINED, reasons=(reason(Kind.NO_CANDIDATES),))
    worded = Resolution(5, Decision.ABSTAINED, reasons=(reason(Kind.NONE_VERIFIED, "retracted: 10.5555/n"),))
    resolved = Resolution(5, Decision.RESOLVED, reasons=(reason(Kind.RETRACTED, "10.5555/notice"),))
    assert [(flag.kind, flag.level) for flag in _paper_flags(retracted, "a.md", 5, "M")] == [
        (FlagKind.RETRACTED, Level.ERROR)]
    assert [flag.kind for flag in _paper_flags(other, "a.md", 5, "M")] == [FlagKind.ABSTAINED]
    assert [flag.kind for flag in _paper_flags(worded, "a.md", 5, "M")] == [FlagKind.ABSTAINED]
    assert _paper_flags(resolved, "a.md", 5, "M") == []


def test_github_quota_wait_is_announced(tmp_path: Path) -> None:
    """A search quota waited out is announced as a rate-limit wait for 'github search' with its length."""
    from enrich.progress import waits_to

    from tests.fakes.server import FakeRequest, FakeResponse, FakeServer
    from tests.test_clients_github import _client, _recorded, _routes

    def last_search(request: FakeRequest) -> FakeResponse:
        return _recorded(200, "github_search_repositories_unauth_q-swift_per_page-1.json",
                         "github_search_repositories_unauth_q-swift_per_page-1.headers.json",
                         **{"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000005"})

    events: list[object] = []
    with FakeServer(_routes(search=last_search)) as server, waits_to(events.append):
        client = _client(server, tmp_path, clock=lambda: 1_700_000_000.0, sleep=lambda seconds: None)
        client.search("swift")
        client.search("kotlin")
    assert events == [Waiting("github search", 5.0, WaitReason.RATE_LIMIT)]
