"""Issue 13, crashes: records nested about 1,000 deep, in every container, give findings, never a
RecursionError that aborts the run (a 1,000-deep document is valid JSON: orjson reads 1,024 levels)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

CHAT = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}


def _nested_list(depth: int, pretty: bool) -> str:
    joiner = "\n" if pretty else ""
    return joiner.join(["["] * depth) + joiner + joiner.join(["]"] * depth)


def _nested_object(depth: int, pretty: bool) -> str:
    joiner = "\n" if pretty else ""
    return joiner.join(['{"a":'] * depth) + "1" + joiner + joiner.join(["}"] * depth)


DOCUMENTS = {
    "single-line list": _nested_list(1000, pretty=False),
    "pretty list": _nested_list(1000, pretty=True),
    "single-line object": _nested_object(1000, pretty=False),
    "pretty object": _nested_object(1000, pretty=True),
    "pretty record with a deep value": '{\n"messages":\n' + _nested_list(1000, pretty=True) + "\n}",
    "array with a deep record": "[\n" + json.dumps(CHAT) + ',\n{"messages": ' + _nested_list(1000, True) + "}\n]",
    "array with a deep object": "[\n" + json.dumps(CHAT) + ",\n" + _nested_object(1000, pretty=True) + "\n]",
    "jsonl line among good lines": json.dumps(CHAT) + "\n" + _nested_object(1000, pretty=False) + "\n"
    + json.dumps(CHAT),
}


def _assert_no_crash(args: list[str]) -> None:
    run = run_cli(*args)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    assert run.code in (0, 1), run.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_nested_1000_deep_is_checked_and_fixed_without_crashing(name: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DOCUMENTS[name] + "\n")
    run = run_cli("check", str(path), "--output-format", "json", "--select", "ALL")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    assert run.code in (0, 1), run.stderr[-2000:]
    assert json.loads(run.stdout)["findings"], "a 1,000-deep file is worth at least one finding"
    _assert_no_crash(["stats", str(path)])
    _assert_no_crash(["fix", "--unsafe-fixes", "--diff", str(path)])
    _assert_no_crash(["fix", "--unsafe-fixes", str(path)])
