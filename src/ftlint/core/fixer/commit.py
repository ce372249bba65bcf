"""Put the results of a fix in place: every rejects file first, then every data file, each by a rename.

All new content is written to temporary files and synced before anything is renamed, so a full
disk, a read-only folder or any other write error leaves every file exactly as it was. Only then
are the rejects files renamed into place, then the data files. A crash between those renames leaves
rejects entries for records still in the data file: they carry this run's id, which the error says.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ftlint.core.engine.lifecycle import signals_held
from ftlint.core.fixer.atomic import TempFile, default_mode, mode_and_owner
from ftlint.core.fixer.guard import FixRefused, FolderLock, HeldInput, refuse_unsafe_replacement


def new_run_id() -> str:
    """When and by which process, plus a few random characters: unique, and readable in a rejects file."""
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass
class Placement:
    """One fixed file to put in place, and the lines it adds to its rejects file."""

    display: str  # the input, as the user named it
    content: Path  # the fixed bytes
    target: Path | None  # the file to replace (links followed) or create; None: standard output
    target_display: str  # the target as the user named it
    held: HeldInput | None  # the input, to prove it did not change since it was read
    source_mode: int  # the input's permission bits, for a new output file
    rejects: list[bytes] = field(default_factory=list)
    rejects_file: Path | None = None  # as the user named it (links are followed when writing)


@dataclass
class _Pending:
    """A temporary file written and synced, waiting for its rename."""

    temp: TempFile
    shown: str  # the file it will replace, as the user named it
    placements: list[Placement]
    note: str = ""  # what could not be kept (the owner, for a user who is not root)


def put_in_place(placements: list[Placement], run: str, force: bool, to_stdout: Callable[[Path], None]) -> list[str]:
    """Write every placement (rejects first); notes for the summary; FixRefused (exit 2) when it cannot."""
    notes = [note for p in placements if p.target is not None
             and (note := refuse_unsafe_replacement(p.target, p.target_display, force))]
    by_rejects: dict[Path, list[Placement]] = {}
    for placement in placements:
        if placement.rejects and placement.rejects_file is not None:
            by_rejects.setdefault(_real(placement.rejects_file), []).append(placement)
    for real, group in by_rejects.items():
        if note := refuse_unsafe_replacement(real, str(group[0].rejects_file), force):
            notes.append(note)
    with ExitStack() as stack:
        # A rejects file may be shared between runs (one --rejects for many inputs): one writer at a time.
        for folder in sorted({real.parent for real in by_rejects}):
            stack.callback(_lock_folder(folder).release)
        rejects, data = _write_all(by_rejects, placements)
        for pending in rejects + data:
            stack.callback(pending.temp.discard)  # removes it unless renamed; always drops its lock
        for placement in placements:
            if placement.held is not None:
                placement.held.ensure_unchanged()  # the last look before anything is renamed
        with signals_held():  # a SIGTERM lands after the renames, not between the rejects and the data
            _rename_all(rejects, data, run, to_stdout, placements)
    return notes + [f"{pending.shown}: {pending.note}" for pending in data if pending.note]


def _real(path: Path) -> Path:
    """Where writing `path` lands: through symbolic links, so a link stays a link."""
    return Path(os.path.realpath(path))


def _lock_folder(folder: Path) -> FolderLock:
    try:
        return FolderLock(folder)
    except OSError as exc:
        raise FixRefused(f"{folder}: cannot be opened ({exc.strerror}); nothing was changed") from None


def _write_all(by_rejects: dict[Path, list[Placement]],
               placements: list[Placement]) -> tuple[list[_Pending], list[_Pending]]:
    """Every new rejects file and data file, as synced temporary files; on any error, none of them."""
    rejects: list[_Pending] = []
    data: list[_Pending] = []
    try:
        for real, group in by_rejects.items():
            shown = str(group[0].rejects_file)
            with _writing(shown, real):
                rejects.append(_Pending(_rejects_temp(real, shown, group), shown, group))
        for placement in placements:
            if placement.target is not None:
                with _writing(placement.target_display, placement.target):
                    temp, note = _data_temp(placement)
                    data.append(_Pending(temp, placement.target_display, [placement], note))
    except BaseException:
        for pending in rejects + data:
            pending.temp.discard()
        raise
    return rejects, data


@contextlib.contextmanager
def _writing(shown: str, real: Path) -> Iterator[None]:
    """Turn an OSError while writing `real`'s new content into a message that says nothing changed."""
    try:
        yield
    except OSError as exc:
        raise FixRefused(f"{shown}: could not write its new content in {real.parent}: {exc.strerror or exc}; "
                         "nothing was changed, every file is as it was") from None


def _rejects_temp(real: Path, shown: str, group: list[Placement]) -> TempFile:
    """The rejects file as it will be: its lines so far, then this run's."""
    existing = real.exists()
    if existing and not _ends_with_newline(real):
        raise FixRefused(f"{shown}: its last line is incomplete (no line end: an earlier write was cut short), "
                         "so ftlint will not add to it. Look at that line, complete or delete it, then run this "
                         "again; nothing was changed")
    temp = TempFile(real)
    try:
        temp.write(*([real] if existing else []), *(line for p in group for line in p.rejects))
        kept = mode_and_owner(real)
        if kept is None:  # a new rejects file: as private as the data it comes from, and its owner's
            written = [_written_mode_and_owner(p) for p in group]
            mode = default_mode()
            for each, _ in written:
                mode &= each
            kept = (mode, written[0][1])
        temp.take_owner_and_mode(kept[1], kept[0])
    except BaseException:
        temp.discard()
        raise
    return temp


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return True
        handle.seek(size - 1)
        return handle.read(1) == b"\n"


def _written_mode_and_owner(placement: Placement) -> tuple[int, tuple[int, int] | None]:
    """The mode and owner the data file of `placement` has once written: the file's own when it
    exists, else (a new -o file) the input's mode within the umask, as `cp` gives, and the writer's."""
    if placement.target is not None and (kept := mode_and_owner(placement.target)) is not None:
        return kept
    return placement.source_mode & default_mode(), None


def _data_temp(placement: Placement) -> tuple[TempFile, str]:
    assert placement.target is not None
    temp = TempFile(placement.target)
    try:
        temp.write(placement.content)
        mode, owner = _written_mode_and_owner(placement)
        return temp, temp.take_owner_and_mode(owner, mode)
    except BaseException:
        temp.discard()
        raise


def _rename_all(rejects: list[_Pending], data: list[_Pending], run: str, to_stdout: Callable[[Path], None],
                placements: list[Placement]) -> None:
    """Rejects renames, then data renames; an error names the rejects entries that copy records still in place."""
    for index, pending in enumerate(rejects):
        try:
            pending.temp.commit()
        except OSError as exc:
            raise FixRefused(_rename_failed(pending.shown, exc, rejects[:index], [], placements, run)) from None
    for placement in placements:
        if placement.target is None:
            to_stdout(placement.content)
    for index, pending in enumerate(data):
        try:
            pending.temp.commit()
        except OSError as exc:
            left = [p for later in data[index:] for p in later.placements]
            raise FixRefused(_rename_failed(pending.shown, exc, rejects, data[:index], left, run)) from None


def _rename_failed(shown: str, exc: OSError, rejects_done: list[_Pending], data_done: list[_Pending],
                   not_replaced: list[Placement], run: str) -> str:
    """What a failed rename left: the file is as it was, and which rejects entries copy records still in place."""
    message = f"{shown}: could not be put in place ({exc.strerror or exc}); it is as it was"
    if not rejects_done and not data_done:
        return message + ", and nothing was changed"
    committed = [p for pending in rejects_done for p in pending.placements]
    copies = [p for p in not_replaced if p.rejects and any(p is q for q in committed)]
    if not copies:
        return message
    names = ", ".join(sorted({str(p.rejects_file) for p in copies}))
    files = ", ".join(sorted({p.display for p in copies}))
    return (f'{message}. The entries with "run":"{run}" in {names} are copies of records still in {files}: '
            "delete them before fixing again")
