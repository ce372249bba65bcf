"""Progress on a terminal for long work: bytes and records done, rate, time left, the file at hand.

Shown on stderr only when a person is watching: stderr is a terminal, no CI (`CI`) or pre-commit
(`PRE_COMMIT`) runs the command, and `--quiet` was not given; and only once the work has run for
`DELAY` seconds, so a small check prints nothing and never imports the bar. The bar is tqdm's
(already installed with presidio's dependencies, ~30 ms to import, one line that redraws itself,
and it leaves no trace when closed with `leave=False`); rich would add ~100 ms of imports for the
same line.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, TextIO

from ftlint.core.engine.chunks import ChunkOutcome
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.session import Session

DELAY = 1.0  # seconds of work before the bar appears


def watching(stream: TextIO | None = None, quiet: bool = False) -> bool:
    """Whether a person is watching `stream` (stderr by default) who wants progress."""
    stream = stream or sys.stderr
    if quiet or os.environ.get("CI") or os.environ.get("PRE_COMMIT") or os.environ.get("GITHUB_ACTIONS"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Told of each chunk done (`Session.on_chunk`); draws the bar once the work has taken `DELAY`."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self._stream = stream or sys.stderr
        self._started = time.monotonic()
        self._delay = delay
        self._bar: Any = None
        self._done = 0
        self._records = 0

    def __call__(self, task: ChunkTask, result: ChunkOutcome, total: int) -> None:
        self._done += _bytes(task)
        self._records += getattr(result, "records", 0) or getattr(result, "lines", 0)
        if self._bar is None:
            if time.monotonic() - self._started < self._delay:
                return
            from tqdm import tqdm

            self._bar = tqdm(total=total, initial=self._done - _bytes(task), unit="B", unit_scale=True,
                             unit_divisor=1000, file=self._stream, leave=False, **_size(self._stream))
        name = task.path if len(task.path) <= 32 else "..." + task.path[-29:]  # the bar's numbers must fit too
        self._bar.set_description_str(name, refresh=False)
        self._bar.set_postfix_str(f"{self._records:,} records", refresh=False)
        self._bar.update(_bytes(task))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _size(stream: TextIO) -> dict[str, int]:
    """The terminal's width and height for tqdm; 100 x 24 where it says 0 (a new pseudo-terminal,
    `script`), on which tqdm would draw nothing at all."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return {"ncols": 100, "nrows": 24}
    return {"ncols": size.columns or 100, "nrows": size.lines or 24}


@contextlib.contextmanager
def with_progress(session: Session, quiet: bool = False) -> Iterator[Session]:
    """`session`, with a progress display when a person is watching stderr; the bar goes when done."""
    if not watching(quiet=quiet):
        yield session
        return
    progress = Progress()
    try:
        yield replace(session, on_chunk=progress)
    finally:
        progress.close()


def _bytes(task: ChunkTask) -> int:
    return max(0, task.end - task.start)  # a streamed compressed file's decoded size is not known
