"""Split a file's byte range into chunks that each end just after a newline."""

from __future__ import annotations

from pathlib import Path

# Large enough that a chunk's overhead (a task, a result) is negligible. Towards the end of a range
# chunks shrink to a quarter of this, so that the workers finish close together: a worker handed a
# last full chunk of a `stats` run (~0.2 s of work) would otherwise run alone while the others wait.
DEFAULT_CHUNK_BYTES = 4 << 20
_SCAN_BYTES = 1 << 16


def chunk_ranges(path: Path, start: int, end: int, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> list[tuple[int, int]]:
    """Byte ranges covering [start, end); every range but the last ends right after a `\\n`.

    A line longer than `chunk_bytes` simply makes its chunk longer: a line is never split.
    """
    ranges = []
    with path.open("rb") as handle:
        position = start
        while end - position > (size := max(chunk_bytes // 4, min(chunk_bytes, (end - position) // 4))):
            cut = _next_newline(handle, position + size, end)
            ranges.append((position, cut))
            position = cut
        if position < end or not ranges:
            ranges.append((position, end))
    return ranges


def _next_newline(handle, position: int, end: int) -> int:  # type: ignore[no-untyped-def]
    """The offset just past the first newline at or after `position` (or `end`)."""
    handle.seek(position)
    while position < end:
        block = handle.read(min(_SCAN_BYTES, end - position))
        found = block.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(block)
    return end
