"""Hold each input still while it is fixed: a lock for the whole run, and proof that it did not change.

The lock (flock) keeps two ftlint runs from fixing one file at once. It is advisory: programs other
than ftlint do not take it. So before the fixed file is put in place, the input is compared with
what it was before the run first read it (device, inode, size, modification time, and a hash of its
bytes where that is cheap); any difference refuses the fix, and nothing is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ftlint.core.sources import InputError

HASH_LIMIT = 256 << 20  # files up to this size are hashed too: two reads of it cost little beside fixing it
FOLDER_LOCK_SECONDS = 60  # how long to wait for another run to finish writing a rejects file


class FixRefused(InputError):
    """Fixing would lose or clobber data, or could not finish; the message says what was (not) written. Exit 2."""


@dataclass(frozen=True)
class Fingerprint:
    """What a file is at one moment; `digest` is empty when the file is too large to hash cheaply."""

    device: int
    inode: int
    size: int
    modified_ns: int
    digest: str

    @classmethod
    def of(cls, descriptor: int) -> Fingerprint:
        info = os.fstat(descriptor)
        digest = _digest(descriptor, info.st_size) if info.st_size <= HASH_LIMIT else ""
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest)

    def difference(self, now: Fingerprint) -> str:
        """How `now` differs from this one, in words; empty when it does not."""
        if (now.device, now.inode) != (self.device, self.inode):
            return "another file was put in its place"
        if now.size != self.size:
            return f"its size went from {self.size:,} to {now.size:,} bytes"
        if now.modified_ns != self.modified_ns:
            return "it was written to"
        if now.digest != self.digest:
            return "its content is different"
        return ""


def _digest(descriptor: int, size: int) -> str:
    hasher = hashlib.blake2b(digest_size=32)
    offset = 0
    while offset < size:
        block = os.pread(descriptor, 1 << 20, offset)
        if not block:
            break
        hasher.update(block)
        offset += len(block)
    return hasher.hexdigest()


class HeldInput:
    """An input locked for the whole fix, with its fingerprint from before anything read it."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.descriptor = _lock(path, display)
        try:
            self.before = Fingerprint.of(self.descriptor)
        except BaseException:
            self.release()
            raise

    @property
    def mode(self) -> int:
        """The file's permission bits."""
        return stat.S_IMODE(os.fstat(self.descriptor).st_mode)

    def ensure_unchanged(self) -> None:
        """FixRefused when the file, or what its name points at, changed since the run began."""
        try:
            named = os.stat(self.path)
        except OSError as exc:
            raise FixRefused(f"{self.display} changed while it was being fixed ({(exc.strerror or str(exc)).lower()}); "
                             "nothing was written") from None
        now = Fingerprint.of(self.descriptor)
        what = self.before.difference(now)
        if not what and (named.st_dev, named.st_ino) != (now.device, now.inode):
            what = "another file was put in its place"
        if what:
            raise FixRefused(f"{self.display} changed while it was being fixed ({what}); nothing was written. "
                             "Another program is writing to it: run ftlint fix again when it is done")

    def release(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)  # closing the last descriptor drops the lock
            self.descriptor = -1


def _lock(path: Path, display: str) -> int:
    """A descriptor of `path` holding its exclusive lock; FixRefused if another run holds it."""
    for _ in range(5):
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise FixRefused(f"{display} is being fixed by another ftlint run (it holds the file's lock); "
                             "wait for that run to finish, then run this again") from None
        except BaseException:
            os.close(descriptor)
            raise
        # Another run may have renamed its result over the name between our open and our lock:
        # then the lock is on the old file, and the name's new file is the one to hold.
        held, named = os.fstat(descriptor), os.stat(path)
        if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
            return descriptor
        os.close(descriptor)
    raise FixRefused(f"{display} keeps being replaced by another program; nothing was written")


def refuse_unsafe_replacement(path: Path, display: str, force: bool) -> str:
    """FixRefused when replacing `path` would surprise its owner (unless `force`); a note when forced."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return ""
    if not force and (not info.st_mode & 0o222 or not os.access(path, os.W_OK)):
        what = "read-only" if not info.st_mode & 0o222 else f"not writable by you (owner uid {info.st_uid})"
        raise FixRefused(f"{display} is {what}, mode {stat.S_IMODE(info.st_mode):04o}: ftlint will not replace "
                         "it; make it writable, write the result elsewhere with -o FILE, or pass --force")
    if info.st_nlink > 1:
        others = info.st_nlink - 1
        links = f"{others} other hard link{'s' if others > 1 else ''}"
        if not force:
            raise FixRefused(f"{display} has {links}: replacing it would leave the other names with the old "
                             "content; write the result with -o FILE, or pass --force to replace this name only")
        rest = "its other link keeps" if others == 1 else f"its {others} other links keep"
        return f"{display}: only this name was replaced; {rest} the old content"
    return ""


class FolderLock:
    """An exclusive lock on a folder while one run rewrites a file in it (another run waits its turn).

    Rejects files are locked this way rather than by themselves: the file may not exist yet, and
    it is replaced by a rename, which a lock on the old file would not cover.
    """

    def __init__(self, folder: Path) -> None:
        self.descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        deadline = time.monotonic() + FOLDER_LOCK_SECONDS
        while True:
            try:
                fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self.release()
                    raise FixRefused(f"another ftlint run has been writing in {folder} for over "
                                     f"{FOLDER_LOCK_SECONDS} s; nothing was changed: run this again later") from None
                time.sleep(0.05)
            except OSError:
                return  # a filesystem without flock on folders: go on unlocked, as before locks existed

    def release(self) -> None:
        if self.descriptor >= 0:
            with contextlib.suppress(OSError):
                os.close(self.descriptor)
            self.descriptor = -1
