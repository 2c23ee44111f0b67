"""The composite action's script steps, run in order as the runner would, in a temporary repository, offline.

Each `run:` step of action.yml runs under `bash -eo pipefail` with its `env:` evaluated from the inputs and the
outputs of earlier steps. `uses:` steps stand in: setup-python answers with this interpreter, the artifact upload
is recorded. The install step would fetch enrich's dependencies from PyPI, so its virtual environment is stood in
for by one whose python is this interpreter (enrich is installed in it); its command line is tested in
test_workflows.py. The network is shut: a dead proxy, and every service URL on a closed port.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
DEAD = "http://127.0.0.1:9"
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=enrich%3A ([a-z-]+)::", re.MULTILINE)


def _evaluate(value: str, context: dict[str, Any]) -> str:
    """`${{ a.b.c }}` looked up in `context`: enough for the action's own expressions (property paths)."""
    def lookup(match: re.Match[str]) -> str:
        found: Any = context
        for part in match.group(1).split("."):
            found = found.get(part, "") if isinstance(found, dict) else ""
        return str(found)
    return EXPRESSION.sub(lookup, value)


def _read_outputs(path: Path) -> dict[str, str]:
    outputs = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    path.write_text("", encoding="utf-8")
    return outputs


def _run_action(repo: Path, runner_temp: Path, with_inputs: dict[str, str]) -> dict[str, Any]:
    """The action's steps in order; returns the step outcomes, outputs, stdout and the uploaded paths."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | with_inputs
    context: dict[str, Any] = {"inputs": inputs, "steps": {}, "github": {"action_path": str(ROOT), "token": ""}}
    github_output = runner_temp / "github_output"
    github_output.write_text("", encoding="utf-8")
    summary = runner_temp / "step_summary.md"
    result: dict[str, Any] = {"stdout": "", "uploaded": [], "failed": None}
    for step in action["runs"]["steps"]:
        step_id = step.get("id", "")
        condition = step.get("if", "")
        if "inputs.upload-report == 'true'" in condition and (
                inputs["upload-report"] != "true" or inputs["command"] == "check"):
            continue
        if result["failed"] is not None and "always()" not in condition:
            continue
        if step.get("uses", "").startswith("actions/setup-python@"):
            context["steps"][step_id] = {"outputs": {"python-path": sys.executable}}
            continue
        if step.get("uses", "").startswith("actions/upload-artifact@"):
            paths = _evaluate(step["with"]["path"], context).split()
            result["uploaded"] = [path for path in paths if Path(path).exists()]
            continue
        if step_id == "install":
            _stand_in_venv(Path(_evaluate(step["env"]["VENV"], context)))
            continue
        env = {name: _evaluate(str(value), context) for name, value in step.get("env", {}).items()}
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo, capture_output=True,
            text=True, timeout=300, check=False,
            env={"PATH": "/usr/bin:/bin", "HOME": str(runner_temp), "RUNNER_TEMP": str(runner_temp),
                 "GITHUB_OUTPUT": str(github_output), "GITHUB_STEP_SUMMARY": str(summary),
                 "GITHUB_WORKSPACE": str(repo), "GITHUB_ACTIONS": "true", "HTTP_PROXY": DEAD, "HTTPS_PROXY": DEAD,
                 "ALL_PROXY": DEAD, "ENRICH_CROSSREF_URL": DEAD, "ENRICH_DATACITE_URL": DEAD,
                 "ENRICH_GITHUB_URL": DEAD, **env})
        result["stdout"] += completed.stdout
        context["steps"][step_id] = {"outputs": _read_outputs(github_output)}
        if completed.returncode != 0:
            result["failed"] = (step.get("name"), completed.returncode, completed.stderr)
    result["outputs"] = {name: _evaluate(spec["value"], context) for name, spec in action["outputs"].items()}
    result["summary"] = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return result


def _stand_in_venv(venv: Path) -> None:
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the seed catalogue (as docs/papers.md) and the bundled cache."""
    repository = tmp_path / "repo"
    (repository / "docs").mkdir(parents=True)
    shutil.copyfile(ROOT / "catalogue" / "README.md", repository / "docs" / "papers.md")
    shutil.copytree(ROOT / "cache", repository / "cache")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    return repository


def _tree(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if ".git" not in path.parts}


@pytest.mark.parametrize(("command", "inputs", "exit_code", "kinds"), [
    ("check", {}, "0", set()),
    ("run", {"offline": "true"}, "0", {"abstained"}),
    ("run", {"offline": "true", "fail-on": "abstained"}, "1", {"abstained"}),
    ("audit", {"offline": "true", "strict": "false"}, "0", set()),
    ("refresh", {"offline": "true"}, "1", set()),
])
def test_action_steps_for_each_command(repo: Path, tmp_path: Path, command: str, inputs: dict[str, str],
                                       exit_code: str, kinds: set[str]) -> None:
    """Every command through the action: the exit code as output, annotations on the catalogue's lines, a job
    summary, the report uploaded; the step fails only where the action says it should."""
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    before = _tree(repo)
    result = _run_action(repo, runner_temp, {"command": command, "catalogue": "docs/papers.md", "bib": "refs.bib",
                                             **inputs})
    assert result["outputs"]["exit-code"] == exit_code
    should_fail = exit_code == "1" and command != "refresh"
    assert (result["failed"] is not None) is should_fail, result["failed"]
    annotations = ANNOTATION.findall(result["stdout"])
    assert {kind for *_, kind in annotations} == kinds
    assert all(file == "docs/papers.md" for _, file, _, _ in annotations)
    assert result["summary"].startswith(f"## enrich {command}: `docs/papers.md`")
    if command == "check":
        assert result["uploaded"] == []
        assert _tree(repo) == before
    else:
        report = Path(result["outputs"]["report"])
        assert report.parent == runner_temp / "enrich"
        assert str(report) in result["uploaded"]
        assert json.loads(report.read_text(encoding="utf-8"))["catalogue"] == "docs/papers.md"
    if command == "refresh":
        assert result["outputs"]["changes"] == "true"
        assert Path(result["outputs"]["changelog"]).exists()


def test_action_audit_without_a_cache_is_try_later(repo: Path, tmp_path: Path) -> None:
    """Offline with no cached answers every link is unverifiable: exit 3, and the step passes with a warning."""
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    result = _run_action(repo, runner_temp, {"command": "audit", "catalogue": "docs/papers.md", "offline": "true",
                                             "cache-dir": str(tmp_path / "empty-cache")})
    assert (result["outputs"]["exit-code"], result["failed"]) == ("3", None)
    assert "::warning title=enrich::" in result["stdout"]


def test_action_rejects_an_unknown_command(repo: Path, tmp_path: Path) -> None:
    """command: publish fails the first step; nothing runs after it."""
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    result = _run_action(repo, runner_temp, {"command": "publish"})
    assert result["failed"][:2] == ("Resolve paths", 2)
    assert result["outputs"]["exit-code"] == ""


def test_repository_holds_no_action_leftovers(repo: Path, tmp_path: Path) -> None:
    """An audit through the action adds nothing to the repository: report and virtual environment live in the
    runner's folder."""
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    before = _tree(repo)
    _run_action(repo, runner_temp, {"command": "audit", "catalogue": "docs/papers.md", "offline": "true"})
    assert _tree(repo) == before
