"""`exclude`, `extend-exclude` and `force-exclude` (issue 16), by ruff's rules: excludes always apply to
what a directory search or a glob finds, and to paths named on the command line only with force-exclude
(pre-commit names every staged file); an excluded named path is skipped without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftlint.config.loader import read_settings
from ftlint.core.excludes import Excludes, anchor
from tests.conftest import run_cli

GOOD = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}\n'
BAD = '{"messages": [{"role": "human", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}\n'


def _project(root: Path, config: str) -> Path:
    """A project: a good file in data/keep, bad files in data/raw and data/keep/old, and its config."""
    for name, text in (("data/keep/a.jsonl", GOOD), ("data/raw/b.jsonl", BAD), ("data/keep/old/c.jsonl", BAD)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "ftlint.toml").write_text(config)
    return root


def _checked(stdout: str) -> set[str]:
    """The files with a bad record (CH001) in a text report."""
    return {line.split(":", 1)[0] for line in stdout.splitlines() if " CH001 " in line}


@pytest.mark.parametrize("config", ['exclude = ["raw", "old"]\n', 'exclude = ["data/raw", "data/keep/old/"]\n',
                                    'exclude = ["raw"]\nextend-exclude = ["*/old"]\n',
                                    'extend-exclude = ["raw", "c.jsonl"]\n'])
def test_a_directory_search_leaves_out_what_the_config_excludes(tmp_path: Path, config: str) -> None:
    _project(tmp_path, config)
    run = run_cli("check", "data", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert "1 file" in run.stdout


def test_without_excludes_the_bad_files_are_found(tmp_path: Path) -> None:
    _project(tmp_path, "")
    run = run_cli("check", "data", cwd=tmp_path)
    assert run.code == 1
    assert _checked(run.stdout) == {"data/raw/b.jsonl", "data/keep/old/c.jsonl"}


def test_a_glob_leaves_out_what_the_config_excludes(tmp_path: Path) -> None:
    _project(tmp_path, 'exclude = ["raw"]\n')
    run = run_cli("check", "data/*/*.jsonl", cwd=tmp_path)
    assert run.code == 0, run.stdout
    assert "1 file" in run.stdout


def test_a_named_path_is_checked_unless_force_exclude(tmp_path: Path) -> None:
    _project(tmp_path, 'exclude = ["data/raw"]\n')
    named = run_cli("check", "data/raw/b.jsonl", cwd=tmp_path)
    assert named.code == 1 and "CH001" in named.stdout
    forced = run_cli("check", "--force-exclude", "data/raw/b.jsonl", cwd=tmp_path)
    assert (forced.code, forced.stdout, forced.stderr) == (0, "", "")  # as ruff: nothing to check, nothing said
    # Only the excluded one of two named files is left out.
    both = run_cli("check", "--force-exclude", "data/raw/b.jsonl", "data/keep/old/c.jsonl", cwd=tmp_path)
    assert both.code == 1 and _checked(both.stdout) == {"data/keep/old/c.jsonl"}


def test_force_exclude_in_the_config_and_its_flag_to_turn_it_off(tmp_path: Path) -> None:
    _project(tmp_path, 'exclude = ["raw"]\nforce-exclude = true\n')
    assert run_cli("check", "data/raw/b.jsonl", cwd=tmp_path).code == 0
    assert run_cli("check", "data/raw", cwd=tmp_path).code == 0  # a named folder, too
    back = run_cli("check", "--no-force-exclude", "data/raw/b.jsonl", cwd=tmp_path)
    assert back.code == 1 and "CH001" in back.stdout


def test_fix_skips_an_excluded_named_file_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    _project(tmp_path, 'exclude = ["raw"]\n')
    crlf = tmp_path / "data" / "raw" / "crlf.jsonl"
    crlf.write_bytes(GOOD.replace("\n", "\r\n").encode() * 2)
    run = run_cli("fix", "--force-exclude", "--exit-non-zero-on-fix", str(crlf.relative_to(tmp_path)), cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    assert b"\r\n" in crlf.read_bytes()


@pytest.mark.parametrize(("command", "verb"), [("stats", "count"), ("convert", "convert"), ("split", "split")])
def test_a_command_that_makes_something_says_when_nothing_is_left(tmp_path: Path, command: str, verb: str) -> None:
    _project(tmp_path, 'exclude = ["raw"]\n')
    run = run_cli(command, "--force-exclude", "data/raw", cwd=tmp_path)
    assert run.code == 2 and f"nothing to {verb}:" in run.stderr
    assert "every path given is excluded" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in (tmp_path / "data" / "raw").iterdir()) == ["b.jsonl"]  # nothing written


def test_a_path_pattern_is_relative_to_the_config_file_not_the_working_folder(tmp_path: Path) -> None:
    _project(tmp_path, 'exclude = ["data/raw"]\n')
    run = run_cli("check", "--force-exclude", "raw/b.jsonl", cwd=tmp_path / "data")
    assert (run.code, run.stdout) == (0, "")
    # A `raw` folder elsewhere is not the pattern's `data/raw`.
    other = tmp_path / "data" / "keep" / "raw"
    other.mkdir()
    (other / "d.jsonl").write_text(BAD)
    found = run_cli("check", "data", cwd=tmp_path)
    assert "data/keep/raw/d.jsonl" in _checked(found.stdout)


def test_a_name_pattern_does_not_judge_the_folders_above_the_project(tmp_path: Path) -> None:
    # The project lives under a folder named `raw`: only what is inside the project is judged.
    project = _project(tmp_path / "raw" / "project", 'exclude = ["raw"]\nforce-exclude = true\n')
    run = run_cli("check", "data/keep/old/c.jsonl", cwd=project)
    assert run.code == 1 and "CH001" in run.stdout


def test_an_extended_configs_patterns_keep_their_own_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "team.toml").write_text('extends = "neutral"\nexclude = ["private"]\nextend-exclude = ["drafts/*"]\n')
    settings = read_settings(shared / "team.toml")
    assert settings.exclude == ["private"]
    assert settings.extend_exclude == [str(shared / "drafts" / "*")]
    project = _project(tmp_path / "project", 'extends = "../shared/team.toml"\nextend-exclude = ["raw"]\n')
    (project / "data" / "private").mkdir()
    (project / "data" / "private" / "e.jsonl").write_text(BAD)
    run = run_cli("check", "data", cwd=project)
    # team.toml's `private` and the project's `raw` are left out; `old` is not excluded by either.
    assert _checked(run.stdout) == {"data/keep/old/c.jsonl"}


def test_exclude_replaces_an_extended_list_and_extend_exclude_adds_to_it(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text('exclude = ["raw"]\nextend-exclude = ["old"]\n')
    _project(tmp_path, 'extends = "base.toml"\nexclude = ["nothing"]\n')
    run = run_cli("check", "data", cwd=tmp_path)
    assert _checked(run.stdout) == {"data/raw/b.jsonl"}


def test_patterns_match_names_anywhere_and_paths_from_the_root(tmp_path: Path) -> None:
    excludes = Excludes.of([anchor("*.tmp.jsonl", tmp_path), anchor("data/raw", tmp_path),
                            anchor("cache/", tmp_path)], tmp_path, force=True)
    assert excludes.matches(tmp_path / "x" / "a.tmp.jsonl")
    assert excludes.matches(tmp_path / "data" / "raw")
    assert not excludes.matches(tmp_path / "other" / "data" / "raw")
    assert excludes.matches(tmp_path / "deep" / "cache")  # `cache/` is a folder's name, found anywhere
    assert excludes.hides(tmp_path / "data" / "raw" / "sub" / "b.jsonl")  # by a folder above it
    assert not excludes.hides(tmp_path / "data" / "b.jsonl")
    assert excludes.hides_named(tmp_path / "data" / "raw" / "b.jsonl")
    assert not Excludes.of(excludes.names + excludes.paths, tmp_path).hides_named(tmp_path / "data" / "raw")
    assert anchor("/abs/data/*.jsonl", tmp_path) == "/abs/data/*.jsonl"  # an absolute path stays as written
