"""The README's examples of `ftlint convert` and `ftlint split` run as written, and the split's output
shown there is what the command prints."""

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
    return README[start:README.index("\n## ", start + 1)]


def _blocks(section: str) -> list[str]:
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)  # type: ignore[return-value]


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
    for name in ("valid/example.jsonl", "invalid/support_tickets_imbalanced.jsonl"):
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
    return tmp_path


@pytest.mark.parametrize("title", ["Converting", "Splitting"])
def test_every_example_runs(title: str, tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    commands = _commands(title)
    assert len(commands) >= 3
    for args in commands:
        run = run_cli(*args, cwd=folder)
        assert run.code == 0, (args, run.stderr)


def test_the_split_shown_is_the_split_printed(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    shown = next(body for language, body in _blocks(_section("Splitting")) if language == "")
    run = run_cli(*_commands("Splitting")[0], cwd=folder)
    assert run.stdout == shown
    assert (folder / "splits" / "support_tickets_imbalanced.valid.jsonl").exists()
