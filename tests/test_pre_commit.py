"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` (issue 16).

The manifest is validated by `pre-commit validate-manifest`. Then its hooks run in a scratch git
repository, with a `repo: local` config built from them: the same ids, `files`, `args`,
`require_serial` and `pass_filenames`, but `language: system` with the manifest entry's arguments
after the path of this environment's `ftlint`. As published, `language: python` makes pre-commit
clone the repository and pip-install ftlint and its dependencies into a new virtualenv, which needs
the network and minutes; the local config runs the same command line on the installed ftlint, so the
test needs neither. PRE_COMMIT_HOME points into the test's folder, so nothing touches ~/.cache.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
MANIFEST = REPO / ".pre-commit-hooks.yaml"
FTLINT = Path(sys.executable).parent / "ftlint"

GOOD = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}\n'
# CH001 with a safe fix: a role spelled `User` is lowercased by `ftlint fix`.
BAD = '{"messages": [{"role": "User", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}\n'

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None,
                                reason="needs pre-commit (the `test` extra) and git")


def _manifest() -> list[dict[str, Any]]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _ftlint_command() -> list[str]:
    """This environment's ftlint: its console script, or the interpreter running the module."""
    return [str(FTLINT)] if FTLINT.exists() else [sys.executable, "-m", "ftlint"]


def _local_config(hooks: list[dict[str, Any]]) -> dict[str, Any]:
    """A `repo: local` config of the manifest's hooks, run on the installed ftlint (see the module doc)."""
    local = []
    for hook in hooks:
        command, *arguments = shlex.split(hook["entry"])
        assert command == "ftlint", hook
        local.append({**hook, "language": "system",
                      "entry": shlex.join([*_ftlint_command(), *arguments])})
    return {"repos": [{"repo": "local", "hooks": local}]}


def _env(tmp_path: Path) -> dict[str, str]:
    # Plain output (GitHub Actions would turn findings into annotations), and pre-commit's cache here.
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    return env | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
                  "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository with the local config, an ftlint.toml that excludes `vendor`, and staged files."""
    env = _env(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    for command in (["git", "init", "-q"], ["git", "config", "user.name", "ftlint tests"],
                    ["git", "config", "user.email", "tests@ftlint.invalid"]):
        subprocess.run(command, cwd=repo, env=env, check=True)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(_local_config(_manifest())), encoding="utf-8")
    (repo / "ftlint.toml").write_text('exclude = ["vendor"]\n', encoding="utf-8")
    (repo / "vendor").mkdir()
    for name, text in (("good.jsonl", GOOD), ("bad.jsonl", BAD), ("vendor/theirs.jsonl", BAD)):
        (repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, env=env, check=True)
    return repo, env


def test_the_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    done = _run([str(PRE_COMMIT), "validate-manifest", str(MANIFEST)], REPO, _env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in _manifest()}
    assert hooks["ftlint-check"]["entry"] == "ftlint check --force-exclude"
    assert hooks["ftlint-fix"]["entry"] == "ftlint fix --force-exclude --exit-non-zero-on-fix"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
        assert hook["files"] == r"\.(jsonl|json)(\.gz)?$"


def test_the_hooks_block_a_bad_file_fix_it_and_skip_excluded_ones(repository: tuple[Path, dict[str, str]]) -> None:
    repo, env = repository

    def pre_commit(hook: str, *files: str) -> subprocess.CompletedProcess[str]:
        return _run([str(PRE_COMMIT), "run", hook, "--files", *files], repo, env)

    good = pre_commit("ftlint-check", "good.jsonl")
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
    bad = pre_commit("ftlint-check", "bad.jsonl")
    assert bad.returncode == 1 and "Failed" in bad.stdout, bad.stdout + bad.stderr
    assert "bad.jsonl:1: /messages/0/role CH001 [*] error" in bad.stdout
    # pre-commit names an excluded file too: --force-exclude skips it, and nothing else is left.
    vendored = pre_commit("ftlint-check", "vendor/theirs.jsonl")
    assert vendored.returncode == 0 and "Passed" in vendored.stdout, vendored.stdout + vendored.stderr

    fixed = pre_commit("ftlint-fix", "bad.jsonl", "good.jsonl")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "bad.jsonl").read_text(encoding="utf-8") == BAD.replace('"User"', '"user"')
    assert (repo / "good.jsonl").read_text(encoding="utf-8") == GOOD
    again = pre_commit("ftlint-check", "bad.jsonl")
    assert again.returncode == 0 and "Passed" in again.stdout, again.stdout + again.stderr
    # Nothing left to fix: the fix hook passes, and an excluded file is left as it was.
    assert pre_commit("ftlint-fix", "bad.jsonl", "vendor/theirs.jsonl").returncode == 0
    assert (repo / "vendor" / "theirs.jsonl").read_text(encoding="utf-8") == BAD
