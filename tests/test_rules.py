"""One runner over every per-rule case file in fixtures/rules/: records in, exact findings out."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ftlint.core.rule import FixAvailability
from ftlint.rules.registry import BUILTIN_RULES
from tests.conftest import FIXTURES, check_paths, fix_path

CASE_FILES = sorted((FIXTURES / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            # A case file may name the profile its cases run under (default: openai, for which most
            # were written); a case may name its own.
            case = {"profile": spec.get("profile", "openai"), **case}
            params.append(pytest.param(spec["rule"], case, id=f"{path.stem}-{case['name']}"))
    return params


def _big_image_record() -> bytes:
    """One chat record embedding a ~11 MB image: too big to keep in a YAML file."""
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhV"
                           "AAAAAElFTkSuQmCC")
    url = "data:image/png;base64," + base64.b64encode(png).decode() + "A" * (14 * 1024 * 1024)
    record = {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is shown?"},
                                                        {"type": "image_url", "image_url": {"url": url}}]},
                           {"role": "assistant", "content": "A pixel."}]}
    return json.dumps(record).encode() + b"\n"


GENERATED = {"big_image": _big_image_record}


def _content(case: dict[str, Any]) -> bytes:
    if "records_generator" in case:
        return GENERATED[case["records_generator"]]()
    if "records_base64" in case:
        return base64.b64decode(case["records_base64"])
    text: str = case["records"]
    return text.encode(case.get("encoding", "utf-8"))


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / case.get("filename", "data.jsonl")
    if "files" in case:  # several files checked together, e.g. train and validation
        paths = [tmp_path / name for name in case["files"]]
        for name, text in case["files"].items():
            (tmp_path / name).write_text(text, encoding="utf-8")
    else:
        paths = [path]
        path.write_bytes(_content(case))
    settings = {"select": [code], **case.get("config", {})}
    for name, text in case.get("eval_files", {}).items():  # evaluation sets (--eval), beside the data
        (tmp_path / name).write_text(text, encoding="utf-8")
        settings.setdefault("eval_files", []).append(str(tmp_path / name))  # type: ignore[union-attr]
    result = check_paths(paths, profile=case.get("profile", "openai"), **settings)
    found = [{"file": Path(f.path).name, "line": f.line, "pointer": f.pointer} for f in result.findings]
    expected = [{"file": e.get("file", paths[0].name), "line": e["line"], "pointer": e.get("pointer", "")}
                for e in case["expect"]]
    assert found == expected, [f.message for f in result.findings]
    for finding, wanted in zip(result.findings, case["expect"], strict=True):
        assert finding.code == code
        if "message" in wanted:
            assert wanted["message"] in finding.message
    if "fixed" in case or "fixed_base64" in case:
        _check_fix(code, case, path, settings)


def _check_fix(code: str, case: dict[str, Any], path: Path, settings: dict[str, Any]) -> None:
    """The fix gives exactly the expected file, its rejects, and is idempotent."""
    wanted = base64.b64decode(case["fixed_base64"]) if "fixed_base64" in case else case["fixed"].encode("utf-8")
    profile = case.get("profile", "openai")
    unsafe = case.get("unsafe", False)
    before = path.read_bytes()
    fixed = fix_path(path, unsafe=unsafe, profile=profile, **settings)
    assert fixed.content == wanted
    assert path.read_bytes() == before  # the fixer works on copies; the command puts them in place
    assert [(r["line"], r["code"]) for r in fixed.rejects] == [(r["line"], code) for r in case.get("rejects", [])]
    for reject, expected in zip(fixed.rejects, case.get("rejects", []), strict=True):
        assert expected.get("reason", "") in str(reject["reason"])
    assert fixed.outcome.converged
    again = path.with_name("again.jsonl")
    again.write_bytes(fixed.content)
    second = fix_path(again, unsafe=unsafe, profile=profile, **settings)
    assert second.content == fixed.content and not second.rejects and not second.outcome.fixed


# Rules that run only with a model's own tokenizer on disk, which a case file cannot build: their
# failing and passing cases are in tests/test_model_check.py (a tokenizer trained in the test).
MODEL_RULES = ("TK004", "TK005", "TK006")


def test_every_rule_has_failing_and_passing_cases() -> None:
    model_tests = (Path(__file__).parent / "test_model_check.py").read_text(encoding="utf-8")
    covered: dict[str, tuple[bool, bool]] = {code: (True, True) for code in MODEL_RULES if code in model_tests}
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        fails = any(case["expect"] for case in spec["cases"])
        passes = any(not case["expect"] for case in spec["cases"])
        covered[spec["rule"]] = (fails, passes)
    missing = [r.code for r in BUILTIN_RULES if covered.get(r.code) != (True, True)]
    assert not missing, f"rules without a failing and a passing case: {missing}"


def test_every_rule_with_a_fix_has_a_fix_case() -> None:
    with_fix_case = set()
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any("fixed" in case or "fixed_base64" in case for case in spec["cases"]):
            with_fix_case.add(spec["rule"])
    missing = [r.code for r in BUILTIN_RULES if r.fix_availability is not FixAvailability.NEVER
               and r.code not in with_fix_case]
    assert not missing, f"rules that offer a fix without a case showing it: {missing}"
