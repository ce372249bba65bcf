"""Temporary files beside the file they will replace: written whole, synced, then renamed over it.

A rename within one directory is atomic, so a reader (or a crash) sees the old content or the new,
never a mix. Each temporary file is named `.NAME.PID-RANDOM.ftlint-tmp` and locked (flock) by its
writer while it exists, so a later run can tell a live writer's file from one a killed run left
behind (see `stale`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".ftlint-tmp"


def temp_prefix(target: Path) -> str:
    """How the temporary files for `target` start: `.data.jsonl.` for `data.jsonl`."""
    return f".{target.name}."


class TempFile:
    """A locked temporary file beside `target`; `commit` renames it over `target`, `discard` removes it.

    After the rename the file is `target`, and this run keeps its lock until `close`: another ftlint
    run cannot take the new file's lock while this one is still putting results in place.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        descriptor, name = tempfile.mkstemp(dir=target.parent, suffix=TEMP_SUFFIX,
                                            prefix=f"{temp_prefix(target)}{os.getpid()}-")
        self.descriptor = descriptor
        self.path = Path(name)
        self.committed = False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else holds it
        except BaseException:
            self.close()
            raise

    def write(self, *parts: Path | bytes) -> None:
        """Write files' contents and bytes in order, then fsync: on disk before anything is renamed."""
        with open(self.descriptor, "wb", closefd=False) as out:
            for part in parts:
                if isinstance(part, bytes):
                    out.write(part)
                else:
                    with part.open("rb") as data:
                        shutil.copyfileobj(data, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())

    def take_owner_and_mode(self, owner: tuple[int, int] | None, mode: int) -> str:
        """Give the file `mode` and, where this process may, `owner` (uid, gid); say what could not be kept."""
        now = os.fstat(self.descriptor)
        if owner is not None and (now.st_uid, now.st_gid) != owner:
            try:
                os.chown(self.descriptor, *owner)
            except PermissionError:  # only root may give a file away; anyone may set a group they are in
                with contextlib.suppress(PermissionError):
                    os.chown(self.descriptor, -1, owner[1])
        os.chmod(self.descriptor, mode)  # after chown, which clears the set-user-ID and set-group-ID bits
        if owner is None:
            return ""
        now = os.fstat(self.descriptor)
        lost = [what for what, want, have in (("owner", owner[0], now.st_uid), ("group", owner[1], now.st_gid))
                if want != have]
        return f"its {' and '.join(lost)} could not be kept (was {owner[0]}:{owner[1]})" if lost else ""

    def commit(self) -> None:
        """Rename over the target, and sync the directory so the rename itself is on disk."""
        os.replace(self.path, self.target)
        self.committed = True
        sync_directory(self.target.parent)

    def discard(self) -> None:
        """Remove the file unless it was committed; never raises (it runs while another error is reported)."""
        if not self.committed:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.close()

    def close(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1


def mode_and_owner(path: Path) -> tuple[int, tuple[int, int]] | None:
    """The permission bits and (uid, gid) of an existing file, None when there is none."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)


def default_mode() -> int:
    """The mode a new file gets from the umask, as `open` would create it."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def sync_directory(folder: Path) -> None:
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
