"""Write files so that an interruption leaves the old content or the new, never a mix."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path


def replace_atomically(target: Path, source: Path) -> None:
    """Make `target` hold the bytes of `source`: temp file beside it, fsync, keep its mode, rename."""
    mode = _mode_of(target)
    descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".ftlint-tmp")
    try:
        with os.fdopen(descriptor, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_directory(target.parent)


def append_durably(target: Path, lines: list[bytes]) -> None:
    """Append lines and fsync, so they are on disk before the file they were taken from changes."""
    with target.open("ab") as out:
        out.writelines(lines)
        out.flush()
        os.fsync(out.fileno())


def _mode_of(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a directory; the rename is still atomic
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
