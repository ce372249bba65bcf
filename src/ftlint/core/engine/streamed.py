"""A compressed file as one task that decodes it itself (`--engine ray`): the driver never decompresses it.

A compressed stream cannot be entered in the middle, so the file is one task. The task decodes it in
pieces of about `DEFAULT_CHUNK_BYTES` that end at a newline, runs the chunk function on each piece as
on any chunk (from a scratch file on the machine it runs on), and folds the results into one with the
result's own `absorb`, which numbers a later piece's lines after the earlier pieces': the same result as
the chunks of a decoded copy, with memory bounded by a piece (plus the result).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import IO, Any

from ftlint.core.decoding import open_decoded
from ftlint.core.engine.chunker import DEFAULT_CHUNK_BYTES
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.patterns import PatternTimeoutError

_SCAN_BYTES = 1 << 16


def run_streamed(chunk_fn: Callable[[Any, ChunkTask], Any], shared: Any, task: ChunkTask,
                 piece_bytes: int = DEFAULT_CHUNK_BYTES) -> Any:
    """`chunk_fn` over the whole decoded file of `task`, piece by piece, as one result."""
    merged: Any = None
    offset = 0  # of the piece in the decoded text: findings give byte offsets as the local engine's do
    with open_decoded(task.source, task.codec) as stream, tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        piece_path = os.path.join(tmp, "piece")
        for piece in pieces(stream, piece_bytes):
            # The piece is written at its own offset (the file is sparse before it), so that the task over
            # it reads [offset, offset + len) and every byte offset it reports is the decoded text's.
            with open(piece_path, "wb") as out:
                out.seek(offset)
                out.write(piece)
            piece_task = replace(task, data_path=piece_path, start=offset, end=offset + len(piece), source="", codec=())
            try:
                result = chunk_fn(shared, piece_task)
            except PatternTimeoutError as stopped:  # placed in its piece (the file before it is empty space)
                raise stopped.located(stopped.path or task.path, merged.lines if merged else 0) from None
            offset += len(piece)
            if merged is None:
                merged = result
            else:
                merged.absorb(result)
    if merged is None:  # an empty file: the chunk function's answer to no lines
        return chunk_fn(shared, replace(task, data_path=os.devnull, start=0, end=0, source="", codec=()))
    return merged


def pieces(stream: IO[bytes], piece_bytes: int) -> Iterator[bytes]:
    """The stream in pieces of about `piece_bytes`, each ending just after a newline (the last one at the
    end of the stream)."""
    pending = b""  # read past the last piece's newline: the start of the next piece
    while True:
        piece = pending + stream.read(max(1, piece_bytes - len(pending)))
        pending = b""
        if not piece:
            return
        while not piece.endswith(b"\n"):
            block = stream.read(_SCAN_BYTES)
            if not block:
                break
            cut = block.find(b"\n")
            if cut >= 0:
                piece, pending = piece + block[:cut + 1], block[cut + 1:]
                break
            piece += block
        yield piece
