"""The command-line contract through the real console script: exit codes, selection, config, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, run_cli

VALID = FIXTURES / "datasets" / "valid" / "example.jsonl"
BROKEN = FIXTURES / "datasets" / "invalid" / "broken.jsonl"


def _codes(stdout: str) -> list[str]:
    return [f["code"] for f in json.loads(stdout)["findings"]]


def test_valid_example_passes() -> None:
    run = run_cli("check", str(VALID))
    assert run.code == 0
    assert run.stdout.strip() == "All checks passed (1 file, 12 records)."


def test_broken_example_reports_every_finding() -> None:
    run = run_cli("check", str(BROKEN), "--output-format", "json")
    assert run.code == 1
    codes = _codes(run.stdout)
    for code in ("CH001", "CH002", "CH003", "CH004", "CH006", "FL004", "FL005", "SC002", "SC003", "SC004",
                 "DQ001", "TK002"):
        assert code in codes
    lines = [(f["path"], f["line"]) for f in json.loads(run.stdout)["findings"]]
    assert lines == sorted(lines)


def test_text_output_has_path_line_pointer_code_severity_and_name() -> None:
    run = run_cli("check", str(BROKEN))
    assert (f"{BROKEN}:2: /messages/0/role CH001 error: unknown role `human`; expected one of system, developer, "
            "user, assistant, tool, function [unknown-role]") in run.stdout.splitlines()


def test_output_is_the_same_every_time() -> None:
    outputs = {run_cli("check", str(BROKEN), "--output-format", fmt).stdout for fmt in ["sarif"] * 2}
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--select", "CH003"], 0),  # a warning alone does not fail
        (["--select", "CH003", "--fail-on", "warning"], 1),
        (["--ignore", "ALL"], 0),
        (["--exit-zero"], 0),
        (["--select", "unknown-role"], 1),
    ],
)
def test_fail_on_and_selection(args: list[str], code: int) -> None:
    assert run_cli("check", str(BROKEN), *args).code == code


def test_select_prefix_and_extend_select() -> None:
    run = run_cli("check", str(BROKEN), "--select", "FL", "--extend-select", "DQ001", "--output-format", "json")
    assert sorted(set(_codes(run.stdout))) == ["DQ001", "FL004", "FL005"]


@pytest.mark.parametrize(
    ("args", "runs"),
    [
        ([], False),  # the default profile selects ALL, which leaves opt-in rules out
        (["--select", "ALL"], False),
        (["--select", "DQ"], False),  # so does a prefix
        (["--extend-select", "DQ012"], True),  # its code selects it
        (["--select", "near-duplicate"], True),  # and so does its name
        (["--profile", "strict"], True),
        (["--profile", "strict", "--ignore", "DQ0"], False),  # ignoring by prefix reaches it
    ],
)
def test_opt_in_rules_run_only_when_named(tmp_path: Path, args: list[str], runs: bool) -> None:
    data = tmp_path / "data.jsonl"
    reworded = ("How do I reset my password on the website if I forgot it?",
                "how do i reset my password on the website if i forgot it??")
    answer = {"role": "assistant", "content": "Use the link we e-mail you."}
    data.write_text("".join(json.dumps({"messages": [{"role": "user", "content": question}, answer]}) + "\n"
                            for question in reworded))
    run = run_cli("check", str(data), "--output-format", "json", *args)
    assert run.code in (0, 1), run.stderr
    assert ("DQ012" in _codes(run.stdout)) is runs


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I am {{name}}, an AI assistant developed by {{author}}.", "DQ010"),
        ("Reset your pass\u200bword, then sign\u200b in.", "DQ008"),
    ],
)
def test_placeholders_and_invisible_characters_are_reported_by_default(tmp_path: Path, text: str, code: str) -> None:
    # The text rules DQ008-DQ010 are on by default (issue 14): a plain check, nothing selected.
    data = tmp_path / "data.jsonl"
    records = [{"messages": [{"role": "user", "content": f"Question {index}?"}, {"role": "assistant", "content": text}]}
               for index in range(50)]
    # Both spellings a JSON encoder uses: the character escaped (json.dumps) and as UTF-8 (orjson).
    data.write_text("".join(json.dumps(record, ensure_ascii=index % 2 == 0) + "\n"
                            for index, record in enumerate(records)), encoding="utf-8")
    run = run_cli("check", str(data), "--output-format", "json")
    assert run.code == 0, run.stderr  # warnings
    findings = json.loads(run.stdout)["findings"]
    assert [f["line"] for f in findings if f["code"] == code] == list(range(1, 51))


def test_stdin(tmp_path: Path) -> None:
    run = run_cli("check", "-", "--output-format", "json", stdin=BROKEN.read_bytes())
    findings = json.loads(run.stdout)["findings"]
    assert run.code == 1
    assert {f["path"] for f in findings} == {"<stdin>"}


def test_directory_checks_its_jsonl_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_bytes(VALID.read_bytes())
    (tmp_path / "b.jsonl").write_bytes(BROKEN.read_bytes())
    (tmp_path / "notes.txt").write_text("not a dataset")
    run = run_cli("check", str(tmp_path), "--output-format", "json")
    report = json.loads(run.stdout)
    assert report["summary"]["files"] == 2
    assert {Path(f["path"]).name for f in report["findings"]} == {"b.jsonl"}


def test_pyproject_config_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nignore = ["CH", "TK002"]\n'
                                             '[tool.ftlint.severity]\nDQ001 = "error"\n')
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "d.jsonl"
    data.write_bytes(BROKEN.read_bytes())
    run = run_cli("check", "d.jsonl", "--output-format", "json", cwd=tmp_path / "data")
    findings = json.loads(run.stdout)["findings"]
    assert not [f for f in findings if f["code"].startswith("CH") or f["code"] == "TK002"]
    assert [f["severity"] for f in findings if f["code"] == "DQ001"] == ["error"]


def test_ftlint_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nselect = ["CH001"]\n')
    (tmp_path / "ftlint.toml").write_text('select = ["DQ001"]\n')
    (tmp_path / "d.jsonl").write_bytes(BROKEN.read_bytes())
    run = run_cli("check", "d.jsonl", "--output-format", "json", cwd=tmp_path)
    assert set(_codes(run.stdout)) == {"DQ001"}


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('[tool.ftlint]\nselec = ["FL"]\n', "unknown key `selec`"),
        ('[tool.ftlint]\nfail-on = "sometimes"\n', "`fail-on`"),
        ('[tool.ftlint.rules.TK001]\nmax-token = 5\n', "unknown key `max-token`"),
        ('[tool.ftlint.rules.ZZ001]\nx = 5\n', "[rules.ZZ001]: no rule"),
        ('[tool.ftlint\n', "invalid TOML"),
        ('[tool.ftlint]\nextends = "missing.toml"\n', "no such file"),
        ('[tool.ftlint]\nlabel-field = "category"\n', "`label-field`"),
        ('[tool.ftlint.rules.CL002]\nmax-ratio = 0.5\n', "max-ratio"),
    ],
)
def test_bad_config_exits_2_naming_the_problem(config: str, needle: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    run = run_cli("check", "d.jsonl", cwd=tmp_path)
    assert run.code == 2
    assert needle in run.stderr
    assert "Traceback" not in run.stderr


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('[per-file-ignores]\n"legacy/*.jsonl" = ["CH"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.jsonl").write_bytes(BROKEN.read_bytes())
    (tmp_path / "new.jsonl").write_bytes(BROKEN.read_bytes())
    run = run_cli("check", "legacy/old.jsonl", "new.jsonl", "--output-format", "json", cwd=tmp_path)
    findings = json.loads(run.stdout)["findings"]
    assert not [f for f in findings if f["path"] == "legacy/old.jsonl" and f["code"].startswith("CH")]
    assert [f for f in findings if f["path"] == "new.jsonl" and f["code"].startswith("CH")]


def test_extends_a_profile_file(tmp_path: Path) -> None:
    (tmp_path / "team.toml").write_text('extends = "openai-legacy"\nignore = ["TK002"]\n')
    (tmp_path / "ftlint.toml").write_text('extends = "team.toml"\n')
    data = tmp_path / "pc.jsonl"
    data.write_text('{"prompt": "a ->", "completion": " b"}\n')
    run = run_cli("check", "pc.jsonl", cwd=tmp_path)
    assert run.code == 0, run.stdout


def test_format_not_trainable_names_the_profiles_that_take_it(tmp_path: Path) -> None:
    data = tmp_path / "alpaca.jsonl"
    data.write_text('{"instruction": "Say hi", "input": "", "output": "hi"}\n' * 12)
    run = run_cli("check", str(data), "--select", "SC006", "--profile", "openai")
    assert run.code == 1
    assert "profiles that train on them: `axolotl`, `llamafactory` (choose one with --profile)" in run.stdout
    assert "convert" not in run.stdout  # `ftlint convert` does not exist yet


def test_every_format_has_a_profile_that_trains_on_it() -> None:
    from ftlint.config.loader import trained_by
    from ftlint.core.formats import FORMAT_BY_NAME

    assert set(trained_by()) == set(FORMAT_BY_NAME)
    assert trained_by()["alpaca"] == ("axolotl", "llamafactory")


def test_no_finding_advises_a_command_that_does_not_exist() -> None:
    from ftlint.cli import cli

    sources = [*(REPO / "src" / "ftlint" / "rules").rglob("*.py"), *(REPO / "fixtures" / "rules").glob("*.yaml")]
    if "convert" not in cli.commands:
        assert not [p.name for p in sources if "ftlint convert" in p.read_text(encoding="utf-8")]


def test_input_format_forces_a_format(tmp_path: Path) -> None:
    data = tmp_path / "qa.jsonl"
    data.write_text('{"question": "q", "answer": "a"}\n')
    unforced = run_cli("check", str(data), "--output-format", "json")
    assert "SC005" in _codes(unforced.stdout)
    forced = run_cli("check", str(data), "--input-format", "prompt_completion", "--output-format", "json")
    assert {"SC001", "SC003"} <= set(_codes(forced.stdout))


def test_rule_and_rules_commands() -> None:
    doc = run_cli("rule", "FL005")
    assert doc.code == 0
    assert "## What it does" in doc.stdout and "invalid-json" in doc.stdout
    assert run_cli("rule", "invalid-json").stdout == doc.stdout
    listing = json.loads(run_cli("rules", "--output-format", "json").stdout)
    assert {"FL005", "CH001", "DQ001", "TK002"} <= {r["code"] for r in listing}
    assert run_cli("rule", "XX123").code == 2


def test_statistics() -> None:
    run = run_cli("check", str(BROKEN), "--statistics")
    rows = [line.split("\t") for line in run.stdout.splitlines() if line.strip()]
    assert rows[0][0] == "2" and rows[0][1] == "CH001"


@pytest.mark.parametrize("args, option", [
    (["--unsafe-fixes"], "--unsafe-fixes"), (["--diff"], "--diff"), (["-o", "out.jsonl"], "-o"),
    (["--rejects", "r.jsonl"], "--rejects"), (["--fail-on", "warning"], "--fail-on"),
    (["--statistics"], "--statistics"), (["--exit-zero"], "--exit-zero"),
])
def test_stats_refuses_the_options_it_does_not_use(args: list[str], option: str, tmp_path: Path) -> None:
    """Each command takes only its option groups: `stats` writes no fix and gives no verdict, so it says
    so instead of ignoring the option (it used to exit 0)."""
    run = run_cli("stats", *args, str(VALID), cwd=tmp_path)
    assert run.code == 2 and f"No such option {option}" in run.stderr.replace("'", "")
    assert not (tmp_path / "out.jsonl").exists()


def test_stats_prints_text_or_json_only() -> None:
    run = run_cli("stats", "--output-format", "sarif", str(VALID))
    assert run.code == 2 and "'sarif' is not one of 'text', 'json'" in run.stderr
    assert run_cli("stats", "--output-format", "json", str(VALID)).code == 0


def test_github_actions_gets_annotations_unless_a_format_is_asked_for() -> None:
    annotated = run_cli("check", str(BROKEN), env={"GITHUB_ACTIONS": "true"})
    assert annotated.code == 1 and "\n::error file=" in annotated.stdout and "CH001 error" not in annotated.stdout
    asked = run_cli("check", str(BROKEN), "--output-format", "text", env={"GITHUB_ACTIONS": "true"})
    assert "::error" not in asked.stdout and "CH001 error" in asked.stdout
    by_variable = run_cli("check", str(BROKEN), env={"GITHUB_ACTIONS": "true", "FTLINT_OUTPUT_FORMAT": "json"})
    assert json.loads(by_variable.stdout)["findings"]
    assert "::error" not in run_cli("check", str(BROKEN)).stdout
