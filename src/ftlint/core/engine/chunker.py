"""Split a file's byte range into chunks that each end just after a newline.

A chunk is read into memory whole, and holds whole lines: a line longer than `FTLINT_MAX_LINE_BYTES`
(see `ftlint.core.scratch`) stops the run with a LimitError instead of being read.
"""

from __future__ import annotations

from pathlib import Path

from ftlint.core.scratch import DEFAULT_MAX_LINE_BYTES, MAX_LINE_VARIABLE, LimitError, describe_size, size_limit

# Large enough that a chunk's overhead (a task, a result) is negligible. Towards the end of a range
# chunks shrink to a quarter of this, so that the workers finish close together: a worker handed a
# last full chunk of a `stats` run (~0.2 s of work) would otherwise run alone while the others wait.
DEFAULT_CHUNK_BYTES = 4 << 20
_SCAN_BYTES = 1 << 16


def chunk_ranges(path: Path, start: int, end: int, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
                 display: str = "") -> list[tuple[int, int]]:
    """Byte ranges covering [start, end); every range but the last ends right after a `\\n`.

    A line longer than `chunk_bytes` simply makes its chunk longer: a line is never split. One
    longer than the line limit is a LimitError naming `display` (the file as the user named it).
    """
    max_line = size_limit(MAX_LINE_VARIABLE, DEFAULT_MAX_LINE_BYTES)
    ranges = []
    with path.open("rb") as handle:
        position = start
        while end - position > (size := max(chunk_bytes // 4, min(chunk_bytes, (end - position) // 4))):
            cut = _next_newline(handle, position + size, end, max_line)
            if cut < 0:
                raise LimitError(
                    f"{display or path}: a line runs on for more than {describe_size(max_line)} without a line end "
                    f"(from before byte {position + size:,}); ftlint does not read a line that long into memory "
                    f"({MAX_LINE_VARIABLE}={max_line}); is this JSON Lines?")
            ranges.append((position, cut))
            position = cut
        if position < end or not ranges:
            ranges.append((position, end))
    return ranges


def _next_newline(handle, position: int, end: int, max_line: int) -> int:  # type: ignore[no-untyped-def]
    """The offset just past the first newline at or after `position` (or `end`); -1 if none comes
    within `max_line` bytes."""
    handle.seek(position)
    give_up = position + max_line
    while position < end:
        if position > give_up:
            return -1
        block = handle.read(min(_SCAN_BYTES, end - position))
        found = block.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(block)
    return end
