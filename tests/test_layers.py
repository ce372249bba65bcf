"""The parts of ftlint import only what DESIGN.md allows (data flows one way)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "ftlint"
NEVER = {
    "core": ("ftlint.cli", "ftlint.commands", "ftlint.config", "ftlint.rules", "ftlint.output", "ftlint.backends"),
    "rules": ("ftlint.cli", "ftlint.commands", "ftlint.output", "ftlint.backends"),
    "output": ("ftlint.cli", "ftlint.commands", "ftlint.rules", "ftlint.config"),
    "config": ("ftlint.cli", "ftlint.commands", "ftlint.output"),
    # Personal data is found and masked here for the PI rules and for the reports alike.
    # The logic behind `ftlint split`: engine columns (core) and the rules' keys and labels, nothing of the face.
    "split": ("ftlint.cli", "ftlint.commands", "ftlint.config", "ftlint.output", "ftlint.backends"),
    # A backend gets checked data and plans from the face; the check itself (config, rules) is not its business.
    "backends": ("ftlint.cli", "ftlint.commands", "ftlint.config", "ftlint.rules", "ftlint.output"),
    "privacy": ("ftlint.cli", "ftlint.commands", "ftlint.config", "ftlint.rules", "ftlint.output", "ftlint.report",
                "ftlint.backends"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("part", sorted(NEVER))
def test_part_never_imports_what_it_must_not(part: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(NEVER[part])
    ]
    assert not offences, offences
