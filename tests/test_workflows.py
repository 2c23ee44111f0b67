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


# ---------------------------------------------------------------- refresh workflow


def test_refresh_triggers() -> None:
    """Refresh runs weekly and on demand."""
    triggers = _load(REFRESH)[True]  # PyYAML reads the bare key `on` as the boolean True
    assert triggers == {"schedule": [{"cron": "23 4 * * 1"}], "workflow_dispatch": None}


def test_refresh_permissions() -> None:
    """Refresh may push its branch and open the pull request, nothing more."""
    assert _load(REFRESH)["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_refresh_environment() -> None:
    """The contact address comes from a repository variable and the token from the workflow's secret."""
    assert _load(REFRESH)["jobs"]["refresh"]["env"] == {
        "ENRICH_CACHE_DIR": "cache",
        "ENRICH_MAILTO": "${{ vars.ENRICH_MAILTO }}",
        "GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}",
    }


def test_refresh_runs_make_refresh() -> None:
    """The refresh step calls `make refresh`."""
    assert "make refresh" in _step(_steps(_load(REFRESH)), "refresh")["run"]


def test_refresh_step_order() -> None:
    """Checkout, Python 3.11, restore cache, refresh, save cache, pull request, report."""
    steps = _steps(_load(REFRESH))
    assert [step.get("uses", step.get("id")) for step in steps] == [
        "actions/checkout@v5",
        "actions/setup-python@v6",
        "actions/cache/restore@v4",
        "refresh",
        "actions/cache/save@v4",
        "peter-evans/create-pull-request@v7",
        "actions/upload-artifact@v4",
    ]
    assert steps[1]["with"] == {"python-version": "3.11"}


def test_refresh_cache_keys() -> None:
    """The cache is saved under the run id and restored by prefix, even when the refresh failed."""
    steps = _steps(_load(REFRESH))
    restore, save = steps[2], steps[4]
    assert restore["with"] == {"path": "cache", "key": "enrich-cache-${{ github.run_id }}",
                               "restore-keys": "enrich-cache-\n"}
    assert save["with"] == {"path": "cache", "key": "enrich-cache-${{ github.run_id }}"}
    assert save["if"] == "always() && steps.refresh.outcome != 'skipped'"


def test_refresh_pull_request() -> None:
    """One pull request on branch enrich/refresh, its body the changelog, its diff only catalogue and bib."""
    assert _steps(_load(REFRESH))[5]["with"] == {
        "token": "${{ secrets.GITHUB_TOKEN }}",
        "branch": "enrich/refresh",
        "delete-branch": True,
        "title": "Refresh catalogue links",
        "commit-message": "Refresh catalogue links",
        "body-path": "build/CHANGELOG-refresh.md",
        "add-paths": "catalogue/README.md\nreferences.bib\n",
    }


@pytest.mark.parametrize(("make_exit", "step_exit"), [(0, 0), (2, 2)])
def test_refresh_step_exit(tmp_path: Path, make_exit: int, step_exit: int) -> None:
    """The refresh step passes when make succeeds and fails with make's status otherwise."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "CHANGELOG-refresh.md").write_text("# Refresh catalogue links\n", encoding="utf-8")
    script = _step(_steps(_load(REFRESH)), "refresh")["run"]
    status, _, argv = _run_step(script, tmp_path, "make", make_exit, {})
    assert (status, argv) == (step_exit, "refresh\n")


def test_refresh_step_needs_the_changelog(tmp_path: Path) -> None:
    """A refresh that wrote no changelog fails the step instead of opening an empty pull request."""
    script = _step(_steps(_load(REFRESH)), "refresh")["run"]
    assert _run_step(script, tmp_path, "make", 0, {})[0] == 1


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
    """CI runs on pull requests and on pushes to main."""
    assert _load(CI)[True] == {"pull_request": None, "push": {"branches": ["main"]}}


def test_ci_runs_tests_then_strict_audit() -> None:
    """CI runs `make test`, then the audit in its contract form, with the ENRICH_* variables set."""
    runs = [step for step in _steps(_load(CI)) if "run" in step]
    assert [step["run"] for step in runs] == [
        "make test",
        ".venv/bin/python -m enrich audit --strict --catalogue catalogue/README.md --report build/audit.json",
    ]
    assert runs[1]["env"] == {
        "ENRICH_CACHE_DIR": "cache",
        "ENRICH_MAILTO": "${{ vars.ENRICH_MAILTO }}",
        "GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}",
    }


def test_ci_is_read_only() -> None:
    """CI needs no write access."""
    assert _load(CI)["permissions"] == {"contents": "read"}


# ---------------------------------------------------------------- composite action


def test_action_inputs() -> None:
    """The action takes the catalogue, bib, changelog, report, cache folder, contact address and token."""
    inputs = _load(ACTION)["inputs"]
    assert {name: spec["default"] for name, spec in inputs.items()} == {
        "catalogue": "catalogue/README.md",
        "bib": "references.bib",
        "changelog": "",
        "report": "",
        "cache-dir": "",
        "mailto": "",
        "github-token": "${{ github.token }}",
    }


def test_action_installs_itself() -> None:
    """The action installs enrich from its own checkout, not from a registry."""
    steps = _load(ACTION)["runs"]["steps"]
    install = next(step for step in steps if step.get("name") == "Install enrich")
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert install["run"] == 'python -m pip install --quiet "$ACTION_PATH"'


def test_action_never_pastes_inputs_into_scripts() -> None:
    """No `${{ inputs.* }}` inside a run script: inputs arrive through env (no script injection)."""
    steps = _load(ACTION)["runs"]["steps"]
    assert [step["name"] for step in steps if "run" in step and "${{" in step["run"]] == []


def _action_refresh(tmp_path: Path, exit_code: int) -> tuple[int, str, str]:
    script = _step(_load(ACTION)["runs"]["steps"], "refresh")["run"]
    env = {"CATALOGUE": "docs/papers.md", "BIB": "refs.bib", "REPORT": "out/report.json",
           "CHANGELOG": "out/changelog.md"}
    return _run_step(script, tmp_path, "python", exit_code, env)


def test_action_refresh_command(tmp_path: Path) -> None:
    """The action runs `python -m enrich refresh` with the paths it was given."""
    _, _, argv = _action_refresh(tmp_path, 0)
    assert argv.splitlines() == ["-m", "enrich", "refresh", "--catalogue", "docs/papers.md", "--bib", "refs.bib",
                                 "--report", "out/report.json", "--changelog", "out/changelog.md"]


@pytest.mark.parametrize(("enrich_exit", "step_exit", "output"),
                         [(0, 0, "changes=false\n"), (1, 0, "changes=true\n"), (2, 2, "")])
def test_action_refresh_exit(tmp_path: Path, enrich_exit: int, step_exit: int, output: str) -> None:
    """Exit 1 (changes proposed) is a result, reported as changes=true; exit 2 fails the step."""
    status, github_output, _ = _action_refresh(tmp_path, enrich_exit)
    assert (status, github_output) == (step_exit, output)


def test_action_default_paths_are_outside_the_workspace(tmp_path: Path) -> None:
    """With no inputs, changelog, report and cache go to the runner's temporary folder."""
    script = _step(_load(ACTION)["runs"]["steps"], "paths")["run"]
    env = {"RUNNER_TEMP": "/runner/tmp", "CHANGELOG": "", "REPORT": "", "CACHE_DIR": ""}
    assert _run_step(script, tmp_path, "unused", 0, env)[:2] == (0, (
        "changelog=/runner/tmp/enrich/CHANGELOG-refresh.md\n"
        "report=/runner/tmp/enrich/refresh-report.json\n"
        "cache-dir=/runner/tmp/enrich/cache\n"
    ))


# ---------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook_fields() -> None:
    """One hook, enrich-audit, run once per commit that touches Markdown, filenames not appended."""
    (hook,) = _load(HOOKS)
    assert {key: hook[key] for key in ("id", "language", "files", "pass_filenames", "require_serial")} == {
        "id": "enrich-audit",
        "language": "python",
        "files": r"\.md$",
        "pass_filenames": False,
        "require_serial": True,
    }
    assert re.search(hook["files"], "catalogue/README.md") and not re.search(hook["files"], "README.mdx")


def test_pre_commit_hook_command() -> None:
    """pre-commit runs entry + args: the audit contract with exactly one --catalogue and a real report file."""
    (hook,) = _load(HOOKS)
    assert shlex.split(hook["entry"]) + hook["args"] == [
        "enrich", "audit", "--strict", "--report", "build/enrich-audit.json", "--catalogue", "catalogue/README.md",
    ]
