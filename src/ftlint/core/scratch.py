"""Scratch space: the run's own temporary folder, and copies into it that cannot grow without bound.

A stream (stdin, a pipe, a device such as /dev/zero) is copied to a file before it is checked, and
so is the decompressed or decoded text of a compressed, UTF-16 or CR-only file. Every such copy
goes through a `BoundedWriter`, which stops it, with a message saying why and what to do, when:

- the copy passes `FTLINT_MAX_SCRATCH_BYTES` (default 16 GiB; `K`, `M`, `G` suffixes allowed);
- it holds no line end for `FTLINT_MAX_LINE_BYTES` (default 1 GiB; no record is that long, and a
  chunk worker would have to hold the whole line in memory), as `/dev/zero` does;
- writing on would leave less than 1 GiB free on the scratch file system.

Each run works in one folder, `ftlint-run-*` in the system temporary folder, holding an exclusive
`flock` on the `lock` file inside for as long as the run (or any worker it forked) lives; the
folder is removed at the end, also after SIGTERM or Ctrl-C. A run killed outright (SIGKILL, power
loss) leaves its folder behind: the next run removes every such folder whose lock it can take,
since a lock that can be taken has no live owner.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

MAX_SCRATCH_VARIABLE = "FTLINT_MAX_SCRATCH_BYTES"
MAX_LINE_VARIABLE = "FTLINT_MAX_LINE_BYTES"
DEFAULT_MAX_SCRATCH_BYTES = 16 << 30
DEFAULT_MAX_LINE_BYTES = 1 << 30
FREE_MARGIN_BYTES = 1 << 30  # left free on the scratch file system for everyone else
_FREE_CHECK_EVERY = 64 << 20  # bytes written between two looks at the free space
RUN_PREFIX = "ftlint-run-"
LOCK_NAME = "lock"
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"(\d+)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)


class LimitError(Exception):
    """A scratch copy was stopped (or a limit is misspelt): the message says why and what to do. Exit 2."""


def size_limit(variable: str, default: int) -> int:
    """A byte count from the environment (`500M`, `2G`, `1048576`), or `default` when unset."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    match = _SIZE.fullmatch(text)
    if match and int(match[1]) > 0:
        return int(match[1]) * _UNITS[match[2].upper()]
    raise LimitError(f"{variable}={text!r} is not a size; write a number of bytes, e.g. 500M or 20G")


def describe_size(count: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} bytes"


def free_bytes(folder: Path) -> int:
    """Bytes an unprivileged writer may still use on the file system that holds `folder`."""
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


class BoundedWriter:
    """A binary file being written as a scratch copy of `what` (a name to quote), within the limits above."""

    def __init__(self, out: BinaryIO, what: str, folder: Path,
                 free: Callable[[Path], int] = free_bytes) -> None:
        self._out, self._what, self._folder, self._free = out, what, folder, free
        self._max_bytes = size_limit(MAX_SCRATCH_VARIABLE, DEFAULT_MAX_SCRATCH_BYTES)
        self._max_line = size_limit(MAX_LINE_VARIABLE, DEFAULT_MAX_LINE_BYTES)
        self.written = 0
        self._since_line_end = 0
        self._next_free_check = 0

    def write(self, data: bytes) -> int:
        self._check(data)
        self.written += len(data)
        return self._out.write(data)

    def _check(self, data: bytes) -> None:
        if self.written + len(data) > self._max_bytes:
            raise LimitError(
                f"{self._what}: stopped after copying {describe_size(self.written)} to scratch space, the most ftlint "
                f"copies ({MAX_SCRATCH_VARIABLE}={self._max_bytes}); raise {MAX_SCRATCH_VARIABLE}, or save the "
                "data to a file and check the file")
        end = data.rfind(b"\n")
        self._since_line_end = len(data) - end - 1 if end >= 0 else self._since_line_end + len(data)
        if self._since_line_end > self._max_line:
            raise LimitError(
                f"{self._what}: stopped after {describe_size(self.written + len(data))}: no line end in the last "
                f"{describe_size(self._since_line_end)}, more than a record can hold ({MAX_LINE_VARIABLE}="
                f"{self._max_line}); this is not JSON Lines (binary data, or a device such as /dev/zero?)")
        if self.written >= self._next_free_check:
            self._next_free_check = self.written + _FREE_CHECK_EVERY
            left = self._free(self._folder) - max(len(data), _FREE_CHECK_EVERY)
            if left < FREE_MARGIN_BYTES:
                raise LimitError(
                    f"{self._what}: stopped after copying {describe_size(self.written)} to scratch space in "
                    f"{self._folder}: going on would leave less than {describe_size(FREE_MARGIN_BYTES)} free on its "
                    "file system; free some space, or set TMPDIR to a folder on a larger one")


def copy_bounded(source: BinaryIO, target: Path, what: str) -> Path:
    """Copy the stream `source` into the new file `target` within the limits; the partial copy is removed."""
    try:
        with target.open("wb") as out:
            shutil.copyfileobj(source, BoundedWriter(out, what, target.parent), 1 << 20)  # type: ignore[misc]
    except BaseException:
        target.unlink(missing_ok=True)  # a half copy is of no use, and may be large
        raise
    return target


@contextlib.contextmanager
def run_folder() -> Iterator[Path]:
    """The run's own scratch folder, locked while the run lives, made the default temporary folder.

    Every temporary file and folder the run makes (`tempfile` with no `dir`) lands inside, so that
    removing this one folder removes them all, whatever step was interrupted.
    """
    parent = Path(tempfile.gettempdir())
    remove_stale_folders(parent)
    folder = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=parent))
    lock = _hold_lock(folder)
    before, tempfile.tempdir = tempfile.tempdir, str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def _hold_lock(folder: Path) -> int:
    """Lock the folder's lock file, created under another name and renamed once locked.

    So a `lock` file is always locked by its run from the moment it exists: a later run that finds
    one it can lock knows its owner is dead, never that its owner has not locked it yet. Forked
    workers inherit the lock, so it holds until the last of them is gone.
    """
    pending = folder / f".{LOCK_NAME}.{os.getpid()}"
    descriptor = os.open(pending, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.rename(pending, folder / LOCK_NAME)
    return descriptor


def _own_folder(path: Path) -> bool:
    """Whether `path` is a real folder (not a link to one) that belongs to this user."""
    status = path.lstat()
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid()


def remove_stale_folders(parent: Path) -> list[Path]:
    """Remove the run folders in `parent` that no live process holds (their lock can be taken)."""
    removed = []
    try:
        candidates = sorted(parent.glob(f"{RUN_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        try:
            if not _own_folder(folder):
                continue  # another user's, or a link someone put there: never followed, never removed
            descriptor = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue  # no lock file: not a run folder of this kind: left alone
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # a live run holds it
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(descriptor)
    return removed
