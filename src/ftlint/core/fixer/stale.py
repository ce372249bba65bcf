"""Remove the temporary files an interrupted run left beside a file (`.NAME.PID-RANDOM.ftlint-tmp`).

A writer holds an flock on its temporary file for as long as the file exists, and the kernel drops
that lock when the writer dies, however it dies (SIGKILL included). So a file whose lock can be
taken has no live writer. The writer's pid in the name covers the instant between creating the
file and locking it: a file whose writer is still alive is left alone, unless it is old.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import time
from pathlib import Path

from ftlint.core.fixer.atomic import TEMP_SUFFIX, temp_prefix

_WRITER_PID = re.compile(r"\.(\d+)-[^./]*" + re.escape(TEMP_SUFFIX) + "$")
_GRACE_SECONDS = 60  # a live pid this long after the file last changed is another process reusing the number


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove stale temporary files of `target` (beside it) and return them."""
    prefix = temp_prefix(target)
    try:
        names = [entry.name for entry in os.scandir(target.parent)
                 if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return []  # a folder that cannot be listed has nothing this run can clean
    return [target.parent / name for name in sorted(names) if _remove_if_stale(target.parent / name)]


def _remove_if_stale(path: Path) -> bool:
    try:
        # O_NOFOLLOW: a link with the pattern's name is not ours to follow or judge.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or _writer_may_live(path, info.st_mtime):
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # held: its writer is alive
        # Holding the lock, make sure the name still is the file judged, then remove it.
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.close(descriptor)


def _writer_may_live(path: Path, modified: float) -> bool:
    match = _WRITER_PID.search(path.name)
    if match is None:
        return False  # not named by a writer that locks: the lock alone decides
    pid = int(match.group(1))
    if pid == os.getpid():
        return False  # this run's own files are discarded by this run; any left are from a dead process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    return time.time() - modified < _GRACE_SECONDS
