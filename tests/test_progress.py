"""Progress on a terminal: shown under a pseudo-terminal for work longer than a second, never in a pipe,
in CI, or with --quiet."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FTLINT

QUIET_ENV = ("CI", "PRE_COMMIT", "GITHUB_ACTIONS")


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 24 MB of chat records: a few seconds of checking, in several chunks."""
    path = tmp_path_factory.mktemp("progress") / "data.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(120_000):
            out.write(json.dumps({"messages": [{"role": "user", "content": f"question number {number} " * 3},
                                               {"role": "assistant", "content": f"answer {number}"}]}) + "\n")
    return path


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ftlint with stderr on a pseudo-terminal; its exit code and what the terminal showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen([str(FTLINT), *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=120)
    os.close(master)
    return process.returncode, shown.decode("utf-8", "replace")


def _env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in QUIET_ENV}, **extra}


def test_a_terminal_sees_progress_on_long_work(long_file: Path) -> None:
    code, shown = _on_a_terminal(["check", str(long_file), "--jobs", "1", "--exit-zero"], _env())
    assert code == 0
    assert "data.jsonl" in shown and "records" in shown and "B/s" in shown, shown[-500:]


@pytest.mark.parametrize("how", ["--quiet", "CI", "pipe"])
def test_no_progress_without_a_person_watching(long_file: Path, how: str) -> None:
    args = ["check", str(long_file), "--jobs", "1", "--exit-zero"]
    if how == "pipe":
        done = subprocess.run([str(FTLINT), *args], capture_output=True, env=_env(), timeout=120)
        assert done.returncode == 0 and b"B/s" not in done.stderr and b"records" not in done.stderr
        return
    code, shown = _on_a_terminal([*args, "--quiet"] if how == "--quiet" else args,
                                 _env(CI="true") if how == "CI" else _env())
    assert code == 0 and "B/s" not in shown and "records" not in shown
