"""One runner over every per-rule case file in fixtures/rules/: records in, exact findings out."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml

from ftlint.rules.registry import BUILTIN_RULES
from tests.conftest import FIXTURES, check_paths

CASE_FILES = sorted((FIXTURES / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{path.stem}-{case['name']}"))
    return params


def _content(case: dict[str, Any]) -> bytes:
    if "records_base64" in case:
        return base64.b64decode(case["records_base64"])
    text: str = case["records"]
    return text.encode(case.get("encoding", "utf-8"))


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / case.get("filename", "data.jsonl")
    path.write_bytes(_content(case))
    settings = {"select": [code], **case.get("config", {})}
    result = check_paths([path], profile=case.get("profile", "openai"), **settings)
    found = [{"line": f.line, "pointer": f.pointer} for f in result.findings]
    expected = [{"line": e["line"], "pointer": e.get("pointer", "")} for e in case["expect"]]
    assert found == expected, [f.message for f in result.findings]
    for finding, wanted in zip(result.findings, case["expect"], strict=True):
        assert finding.code == code
        if "message" in wanted:
            assert wanted["message"] in finding.message


def test_every_rule_has_failing_and_passing_cases() -> None:
    covered: dict[str, tuple[bool, bool]] = {}
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        fails = any(case["expect"] for case in spec["cases"])
        passes = any(not case["expect"] for case in spec["cases"])
        covered[spec["rule"]] = (fails, passes)
    missing = [r.code for r in BUILTIN_RULES if covered.get(r.code) != (True, True)]
    assert not missing, f"rules without a failing and a passing case: {missing}"
