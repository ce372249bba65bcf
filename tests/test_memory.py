"""Issue 13, out of memory: a valid large record under a memory limit is an error of the run (exit 2,
a clear message), never an FL005 "invalid JSON ... Not enough memory" finding, never a reason for
`--unsafe-fixes` to drop it, and never a crash (orjson segfaults when an allocation fails)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path

import orjson
import pytest

from ftlint.core.engine.worker import _classify
from ftlint.core.memory import ensure_room
from ftlint.core.records import Line
from tests.conftest import FTLINT

LIMIT = 700 << 20  # room for ftlint itself, not for orjson reading a 64 MB record
CHAT = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}


def _limited(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run([str(FTLINT), *args], cwd=cwd, capture_output=True, timeout=300, preexec_fn=limit,
                          env={**os.environ})


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("memory")
    big = {"messages": [{"role": "user", "content": "a" * (64 << 20)}, {"role": "assistant", "content": "ok"}]}
    path = folder / "big.jsonl"
    path.write_text("\n".join(json.dumps(CHAT).replace("Hi", f"Hi {i}") for i in range(12)) + "\n"
                    + json.dumps(big) + "\n")
    return path


def test_a_valid_record_too_large_for_the_memory_limit_is_an_error_of_the_run(big_dataset: Path) -> None:
    for args in (["check", big_dataset.name], ["check", big_dataset.name, "--output-format", "json"],
                 ["stats", big_dataset.name]):
        run = _limited(*args, cwd=big_dataset.parent)
        stderr = run.stderr.decode()
        assert run.returncode == 2, (args, run.returncode, stderr[-2000:])
        assert "out of memory" in stderr and "Traceback" not in stderr and "internal error" not in stderr, stderr
        assert b"FL005" not in run.stdout and b"Not enough memory" not in run.stdout


def test_fix_under_a_memory_limit_drops_nothing_and_does_not_crash(big_dataset: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(big_dataset.read_bytes() + b'{"messages": [}\n')  # a really broken line to drop too
    before = path.read_bytes()
    run = _limited("fix", "--unsafe-fixes", path.name, cwd=tmp_path)
    assert run.returncode == 2, (run.returncode, run.stderr.decode()[-2000:])  # -11 was the segfault
    assert "out of memory" in run.stderr.decode()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]  # no rejects file, no temporary file


def test_without_a_limit_the_same_record_is_valid(big_dataset: Path) -> None:
    run = subprocess.run([str(FTLINT), "check", big_dataset.name, "--output-format", "json"], cwd=big_dataset.parent,
                         capture_output=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    assert not [f for f in json.loads(run.stdout)["findings"] if f["code"].startswith("FL")]


def test_orjson_out_of_memory_is_a_memory_error_not_a_line_error() -> None:
    error = orjson.JSONDecodeError("Not enough memory to allocate buffer for parsing", "", 0)
    with pytest.raises(MemoryError):
        _classify(error, Line(1, 0, b'{"text": "fine"}', b"\n"))
    invalid = orjson.JSONDecodeError("unexpected character", "{]", 1)
    assert _classify(invalid, Line(1, 0, b"{]", b"\n")).kind == "json"


def test_room_is_checked_only_under_a_limit() -> None:
    ensure_room(1 << 40)  # this test process has no limit: nothing to check, no MemoryError
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from ftlint.core.memory import ensure_room\n"
            "ensure_room(1 << 20)\n"  # 16 MB of room: there is
            "try:\n    ensure_room(200 << 20)\nexcept MemoryError:\n    print('refused')\n")
    done = subprocess.run([str(FTLINT.parent / "python"), "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused", done.stderr
