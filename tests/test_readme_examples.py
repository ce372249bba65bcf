"""The README's examples run as written, so the README cannot drift from the tool: every `ftlint` command
in its `sh` blocks (in every section but the two that install: those are what CI itself runs), its
configuration examples, the text output it shows and the split it prints."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from tests.conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else len(README)]


def _blocks(section: str) -> list[str]:
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)  # type: ignore[return-value]


def _titles() -> list[str]:
    return re.findall(r"^## (.+)$", README, flags=re.M)


# The install and test commands build a virtualenv: CI runs exactly those, on a fresh machine.
NOT_RUN_HERE = {"Install and try it", "Run the tests"}


def _commands(title: str) -> list[list[str]]:
    commands = []
    for language, body in _blocks(_section(title)):
        if language != "sh":
            continue
        for line in body.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "ftlint":
                commands.append(words[1:])
    return commands


def _workspace(tmp_path: Path) -> Path:
    """The fixtures the examples name, and the files of the examples that read a user's own data."""
    for name in ("valid/example.jsonl", "invalid/support_tickets_imbalanced.jsonl", "invalid/broken.jsonl"):
        target = tmp_path / "fixtures" / "datasets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "fixtures" / "datasets" / name, target)
    pl.DataFrame({"question": ["What is 2+2?", "Capital of France?"], "answer": ["4", "Paris."]}).write_csv(
        tmp_path / "faq.csv")
    with xlsxwriter.Workbook(tmp_path / "data.xlsx") as workbook:
        sheet = workbook.add_worksheet("final")
        for row, values in enumerate([("prompt", "completion"), ("Hi?", "Hello."), ("Bye?", "Goodbye.")]):
            sheet.write_row(row, 0, values)
    rows = [f'{{"messages": [{{"role": "user", "content": "q{n % 40}"}}, {{"role": "assistant", "content": "a{n}"}}]}}'
            for n in range(200)]
    (tmp_path / "data.jsonl").write_text("\n".join(rows) + "\n")
    for name in ("train.jsonl", "valid.jsonl"):
        shutil.copy(tmp_path / "data.jsonl", tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(tmp_path / "data.jsonl", tmp_path / "data" / "part-1.jsonl")
    legacy = [f'{{"prompt": "Q{n}\\n\\n###\\n\\n", "completion": " A{n} END"}}' for n in range(12)]
    (tmp_path / "legacy.jsonl").write_text("\n".join(legacy) + "\n")
    return tmp_path


def _sections_with_commands() -> list[str]:
    return [title for title in _titles() if title not in NOT_RUN_HERE and _commands(title)]


def test_the_examples_are_found() -> None:
    titles = _sections_with_commands()
    assert {"Using it", "Converting", "Splitting"} <= set(titles)
    assert sum(len(_commands(title)) for title in titles) >= 25


@pytest.mark.parametrize("title", _sections_with_commands())
def test_every_command_in_a_section_runs(title: str, tmp_path: Path) -> None:
    """Each command works as written: exit 0, or 1 where it reports findings, never a usage error (2)
    or a traceback. The conversions and splits shown convert and split everything (exit 0)."""
    folder = _workspace(tmp_path)
    allowed = (0,) if title in {"Converting", "Splitting"} else (0, 1)
    for args in _commands(title):
        redirect = args[args.index(">") + 1] if ">" in args else None  # `... > report.json`, as a shell would
        run = run_cli(*(args[:args.index(">")] if redirect else args), cwd=folder)
        if redirect:
            (folder / redirect).write_text(run.stdout, encoding="utf-8")
        assert run.code in allowed, (args, run.code, run.stderr)
        assert "Traceback" not in run.stderr, (args, run.stderr)


def test_the_try_it_command_and_the_output_shown() -> None:
    """"Then try a broken file": the line the README shows is one the check prints (up to its `...`)."""
    words = shlex.split(re.search(r"Then try a broken file: `([^`]+)`", README).group(1))  # type: ignore[union-attr]
    assert words[0].endswith("ftlint")
    run = run_cli(*words[1:], cwd=REPO)
    assert run.code == 1
    shown = next(body for language, body in _blocks(_section("Using it")) if language == "").strip()
    pattern = re.escape(shown).replace(re.escape("..."), ".*")
    assert any(re.fullmatch(r".*" + pattern, line) for line in run.stdout.splitlines()), (shown, run.stdout)


def test_the_configuration_example_is_accepted(tmp_path: Path) -> None:
    """The `[tool.ftlint]` example is a valid configuration, and a check runs under it."""
    from ftlint.config.loader import read_settings

    body = next(body for language, body in _blocks(_section("Configuration")) if language == "toml")
    (tmp_path / "pyproject.toml").write_text(body)
    # The rule file it names is the one "Writing rules" shows.
    rule = next(body for language, body in _blocks(_section("Writing rules (plugins)")) if language == "python")
    (tmp_path / "my_rules.py").write_text(rule)
    settings = read_settings(tmp_path / "pyproject.toml")
    assert settings.extends == "trl" and settings.select == ["ALL"]
    folder = _workspace(tmp_path)
    assert run_cli("check", "data.jsonl", cwd=folder).code in (0, 1)


def test_the_split_shown_is_the_split_printed(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    shown = next(body for language, body in _blocks(_section("Splitting")) if language == "")
    run = run_cli(*_commands("Splitting")[0], cwd=folder)
    assert run.stdout == shown
    assert (folder / "splits" / "support_tickets_imbalanced.valid.jsonl").exists()
