"""Turn the paths a user named into the files to check: files, directories, globs and stdin."""

from __future__ import annotations

import glob
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ftlint.core.excludes import Excludes
from ftlint.core.remote import RemoteError, RemotePath, is_url, list_url
from ftlint.core.scratch import copy_bounded

STDIN = "-"
STDIN_DISPLAY = "<stdin>"
REJECTS_SUFFIX = ".rejects.jsonl"  # what `ftlint fix` drops: not a dataset, so directories skip it
# Extensions a directory is searched for; a file named explicitly is checked whatever its name.
# Tables (.csv, .tsv, .parquet, .xlsx) are read when named, but a directory search skips them: a
# project folder holds many tables that are not datasets (metrics, results, exports), and checking
# them all would bury the report; `ftlint check data/*.csv` names them.
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".xlsx")
DATASET_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz", ".jsonl.zst")


# When every path named is excluded: `check` and `fix` say nothing, the commands that make something say this.
NOTHING_LEFT = ("nothing to {verb}: every path given is excluded by the config's `exclude` or `extend-exclude` "
                "(with force-exclude, even paths named)")


class InputError(Exception):
    """A path that cannot be checked at all: missing, unreadable, or an empty directory. Exit code 2."""


@dataclass(frozen=True)
class InputFile:
    display: str  # how the path is shown in findings: as the user wrote it
    path: Path  # where its bytes are (a `RemotePath` for an object at a URL)

    @property
    def remote(self) -> bool:
        return isinstance(self.path, RemotePath)


def resolve_inputs(paths: list[str], workdir: Path, excludes: Excludes | None = None) -> list[InputFile]:
    """Every file to check, in a stable order, or InputError naming the first path that cannot be read.

    `excludes` leave out what a directory search or a glob finds, and paths named explicitly only with
    force-exclude; those are skipped without a word, so the list may be empty (nothing left to check).
    """
    excludes = excludes or Excludes()
    found: list[InputFile] = []
    for raw in paths:
        if raw == STDIN:
            found.append(InputFile(STDIN_DISPLAY, _spool_stdin(workdir)))
            continue
        if is_url(raw):
            found.extend(_expand_url(raw, excludes))
            continue
        if os.path.exists(raw) or not glob.has_magic(raw):
            if excludes.hides_named(raw):
                continue
            found.extend(_expand(Path(raw), raw, workdir, excludes))
            continue
        candidates = sorted(glob.glob(raw))
        if not candidates:
            raise InputError(f"{raw}: no file matches this pattern")
        for candidate in candidates:
            if not excludes.hides(candidate):  # a glob is a search: its excludes always apply
                found.extend(_expand(Path(candidate), candidate, workdir, excludes))
    seen: set[Path] = set()
    unique = []
    for item in found:
        key = item.path.resolve() if item.display != STDIN_DISPLAY else item.path
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _expand_url(url: str, excludes: Excludes) -> list[InputFile]:
    """The objects a URL names (an object, a glob, or a folder's datasets), read where they are."""
    try:
        urls = list_url(url, DATASET_SUFFIXES)
    except RemoteError as problem:
        raise InputError(str(problem)) from None
    if not urls:
        raise InputError(f"{url}: no such object, and no .jsonl objects under it")
    # Each object as a RemotePath (typed as a Path: it offers what the reading steps use of one).
    return [InputFile(item, RemotePath(item)) for item in urls if not excludes.hides(item)]  # type: ignore[arg-type]


def _expand(path: Path, display: str, workdir: Path, excludes: Excludes) -> list[InputFile]:
    if path.is_dir():
        files, left_out = _search(path, excludes)
        if not files and left_out:
            return []  # every dataset here is excluded: nothing to check, and nothing wrong
        if not files:
            tables = any(p.is_file() and p.name.lower().endswith(TABLE_SUFFIXES) for p in path.rglob("*"))
            hint = f"; tables are checked when named: ftlint check {display.rstrip('/')}/*.csv" if tables else ""
            raise InputError(f"{display}: directory has no .jsonl files to check{hint}")
        return [InputFile(str(p), p) for p in files]
    if not path.exists():
        raise InputError(f"{display}: no such file or directory")
    if not os.access(path, os.R_OK):
        raise InputError(f"{display}: permission denied; check the file's permissions")
    try:
        with path.open("rb") as handle:
            if path.is_file() and path.stat().st_size:
                return [InputFile(display, path)]
            # A pipe (`<(zcat data.gz)`), a device, or a file that reports no size (/proc): its
            # bytes can be read only once, so they are copied to a file first, like stdin.
            return [InputFile(display, _spool(handle, workdir, display))]
    except OSError as exc:
        raise InputError(f"{display}: cannot be read ({exc.strerror or exc})") from None


def _search(root: Path, excludes: Excludes) -> tuple[list[Path], bool]:
    """The dataset files below `root` (sorted), and whether an exclude left anything out.

    Hidden files and folders (`.git`, `.venv`) and rejects files are skipped; an excluded folder is not
    entered at all, so excluding a large raw-data folder costs nothing. Links to folders are not followed.
    """
    files: list[Path] = []
    left_out = False
    for folder, folders, names in os.walk(root):
        kept = []
        for name in folders:
            if name.startswith("."):
                continue
            if excludes and excludes.matches(os.path.join(folder, name)):
                left_out = True
                continue
            kept.append(name)
        folders[:] = kept
        for name in names:
            if name.startswith(".") or not name.endswith(DATASET_SUFFIXES) or name.endswith(REJECTS_SUFFIX):
                continue
            file = os.path.join(folder, name)
            if not os.path.isfile(file):
                continue
            if excludes and excludes.matches(file):
                left_out = True
                continue
            files.append(Path(file))
    return sorted(files), left_out


def _spool_stdin(workdir: Path) -> Path:
    return _spool(sys.stdin.buffer, workdir, STDIN_DISPLAY)


def _spool(source: BinaryIO, workdir: Path, display: str) -> Path:
    """Copy a stream to a file, so that it can be sniffed and split into chunks like any other input.

    Bounded (see `ftlint.core.scratch`): `ftlint check /dev/zero` stops with a message, not a full disk.
    """
    handle, name = tempfile.mkstemp(prefix="stream-", suffix=".jsonl", dir=workdir)
    os.close(handle)
    return copy_bounded(source, Path(name), display)
