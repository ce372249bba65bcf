"""Issue 13, unbounded resources: copies into scratch space (a stream, a device, a decompressed or
decoded file) stop at a documented size, at a line end that never comes, or before the disk fills,
with a message saying why and exit 2; each run's scratch folder is removed, and one left by a killed
run is removed by the next run."""

from __future__ import annotations

import fcntl
import gzip
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from ftlint.core.scratch import (
    FREE_MARGIN_BYTES,
    LOCK_NAME,
    RUN_PREFIX,
    BoundedWriter,
    LimitError,
    remove_stale_folders,
)
from tests.conftest import FTLINT

CHAT = json.dumps({"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]})


def _run(*args: str, tmp: Path, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The console script with its temporary folder in `tmp`, where the test can look."""
    scratch = tmp / "scratch"
    scratch.mkdir(exist_ok=True)
    done = subprocess.run([str(FTLINT), *args], cwd=tmp, input=stdin, capture_output=True, timeout=120,
                          env={**os.environ, "TMPDIR": str(scratch), **env})
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def _left_in_scratch(tmp: Path) -> list[str]:
    return sorted(p.name for p in (tmp / "scratch").iterdir())


def test_check_dev_zero_stops_at_the_longest_line_and_says_why(tmp_path: Path) -> None:
    run = _run("check", "/dev/zero", tmp=tmp_path, FTLINT_MAX_LINE_BYTES="8M")
    assert run.returncode == 2, run.stderr
    assert "/dev/zero: stopped after" in run.stderr and "no line end" in run.stderr, run.stderr
    assert "FTLINT_MAX_LINE_BYTES" in run.stderr and "Traceback" not in run.stderr
    assert _left_in_scratch(tmp_path) == []


def test_check_dev_zero_with_the_default_limits_stops(tmp_path: Path) -> None:
    run = _run("check", "/dev/zero", tmp=tmp_path)  # 1 GiB without a line end: a second or two
    assert run.returncode == 2 and "no line end" in run.stderr, run.stderr
    assert _left_in_scratch(tmp_path) == []


def test_an_endless_stream_of_good_lines_stops_at_the_scratch_limit(tmp_path: Path) -> None:
    lines = ((CHAT + "\n") * 40_000).encode()  # ~3.6 MB on stdin
    run = _run("check", "-", tmp=tmp_path, stdin=lines, FTLINT_MAX_SCRATCH_BYTES="1M")
    assert run.returncode == 2, run.stderr
    assert "<stdin>: stopped after copying" in run.stderr and "FTLINT_MAX_SCRATCH_BYTES" in run.stderr
    assert _left_in_scratch(tmp_path) == []
    whole = _run("check", "-", tmp=tmp_path, stdin=lines[: 1 << 19], FTLINT_MAX_SCRATCH_BYTES="1M")
    assert whole.returncode in (0, 1), whole.stderr  # under the limit: checked as before


def test_a_decompression_bomb_stops_at_the_scratch_limit(tmp_path: Path) -> None:
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress((CHAT + "\n").encode() * 200_000))  # 18 MB inside
    run = _run("check", "bomb.jsonl.gz", tmp=tmp_path, FTLINT_MAX_SCRATCH_BYTES="4M")
    assert run.returncode == 2 and "bomb.jsonl.gz: stopped after copying" in run.stderr, run.stderr
    assert _left_in_scratch(tmp_path) == []


def test_a_decoded_utf16_copy_is_bounded_too(tmp_path: Path) -> None:
    (tmp_path / "wide.jsonl").write_bytes(((CHAT + "\n") * 40_000).encode("utf-16"))
    run = _run("check", "wide.jsonl", tmp=tmp_path, FTLINT_MAX_SCRATCH_BYTES="1M")
    assert run.returncode == 2 and "wide.jsonl (decoded from UTF-16-LE): stopped" in run.stderr, run.stderr


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1.5G"])
def test_a_misspelt_limit_is_a_clear_error(value: str, tmp_path: Path) -> None:
    run = _run("check", "-", tmp=tmp_path, stdin=(CHAT + "\n").encode(), FTLINT_MAX_SCRATCH_BYTES=value)
    assert run.returncode == 2 and f"FTLINT_MAX_SCRATCH_BYTES={value!r} is not a size" in run.stderr, run.stderr


def test_a_file_line_longer_than_the_limit_is_not_read_whole(tmp_path: Path) -> None:
    # A regular file is not copied, but its chunks are read into memory, and a chunk holds whole lines.
    (tmp_path / "long.jsonl").write_bytes(((CHAT + "\n") * 5000).encode() + b"a" * (24 << 20) + b"\n")
    run = _run("check", "long.jsonl", tmp=tmp_path, FTLINT_MAX_LINE_BYTES="16M")
    assert run.returncode == 2, run.stderr
    assert "long.jsonl: a line runs on for more than 16.0 MiB" in run.stderr and "FTLINT_MAX_LINE_BYTES" in run.stderr
    assert _run("check", "long.jsonl", tmp=tmp_path, FTLINT_MAX_LINE_BYTES="32M").returncode == 1


def test_a_copy_stops_before_the_disk_fills(tmp_path: Path) -> None:
    free = [FREE_MARGIN_BYTES + (200 << 20)]  # a file system with 200 MiB to spare
    out = io.BytesIO()
    writer = BoundedWriter(out, "<stdin>", tmp_path, free=lambda folder: free[0] - len(out.getvalue()))
    block = b"x" * (1 << 20 - 1) + b"\n"
    with pytest.raises(LimitError, match=r"<stdin>: stopped after copying .* less than 1.0 GiB free"):
        for _ in range(1000):
            writer.write(block)
    assert 64 << 20 <= writer.written <= 200 << 20  # stopped in time, not at once


def test_a_stale_run_folder_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    stale, live, foreign = tmp_path / f"{RUN_PREFIX}dead", tmp_path / f"{RUN_PREFIX}alive", tmp_path / "ftlint-x"
    for folder in (stale, live, foreign):
        folder.mkdir()
        (folder / "stream-1.jsonl").write_bytes(b"x" * 1000)
    (stale / LOCK_NAME).touch()  # its owner is gone: nobody holds the lock
    (live / LOCK_NAME).touch()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"  # someone's folder that looks stale
    elsewhere.mkdir()
    (elsewhere / LOCK_NAME).touch()
    (tmp_path / f"{RUN_PREFIX}link").symlink_to(elsewhere)
    holder = os.open(live / LOCK_NAME, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a lock is per open file: the look below opens its own, as another run
    try:
        assert remove_stale_folders(tmp_path) == [stale]
    finally:
        os.close(holder)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, foreign.name, f"{RUN_PREFIX}link"])
    assert (elsewhere / LOCK_NAME).exists()  # a link is never followed
    assert remove_stale_folders(tmp_path) == [live]  # unlocked now: stale in its turn


def test_a_run_removes_its_scratch_folder_and_the_stale_ones(tmp_path: Path) -> None:
    stale = tmp_path / "scratch" / f"{RUN_PREFIX}killed"
    stale.mkdir(parents=True)
    (stale / LOCK_NAME).touch()
    (tmp_path / "data.jsonl").write_text(CHAT + "\n")
    run = _run("check", "-", tmp=tmp_path, stdin=(CHAT + "\n").encode())
    assert run.returncode in (0, 1), run.stderr
    assert _left_in_scratch(tmp_path) == []
