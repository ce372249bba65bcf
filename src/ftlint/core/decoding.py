"""The steps that turn a file's bytes into UTF-8 text with LF line ends: decompress, transcode, CR to LF.

A file that needs any of them is read through a chain of steps (its `codec`, in order), named so that
any machine that can read the file can repeat them: the driver makes a decoded scratch copy from
them once (`ftlint.core.sniff`), and a chunk task can carry the file's path with its codec instead of
a path to that copy (`ChunkTask.portable`). Every step keeps the line count, so line numbers stay
those of the file.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import lzma
from collections.abc import Callable
from pathlib import Path
from typing import IO

Codec = tuple[str, ...]

COMPRESSIONS = ("gzip", "bzip2", "xz")
TRANSCODINGS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
CR_TO_LF = "cr"


def open_step(step: str, stream: IO[bytes]) -> IO[bytes]:
    """`stream` read through one step; closing the result closes `stream`."""
    opener = _step(step)
    if opener is None:
        raise ValueError(f"unknown decoding step {step!r}")
    return opener(stream)


def open_decoded(path: Path | str, codec: Codec) -> IO[bytes]:
    """The file at `path` read through every step of `codec`, in order."""
    stream: IO[bytes] = open(path, "rb")  # noqa: SIM115  closed with the chain
    for step in codec:
        stream = open_step(step, stream)
    return stream


def read_range(path: Path | str, codec: Codec, start: int, end: int) -> bytes:
    """Bytes [start, end) of the file's decoded text. A decoded stream cannot seek: the bytes before
    `start` are decoded and skipped, so a codec's file is best read as few ranges as possible."""
    with open_decoded(path, codec) as stream:
        skip = start
        while skip > 0:
            block = stream.read(min(1 << 20, skip))
            if not block:
                return b""
            skip -= len(block)
        return stream.read(end - start)


class _Transcoded:
    """UTF-16 or UTF-32 text read as UTF-8, its byte order mark dropped. A byte sequence that is not
    valid in the encoding raises UnicodeDecodeError when it is read."""

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        self._stream, self._reader = stream, codecs.getreader(encoding)(stream)
        self._pending, self._first = b"", True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            text = self._reader.read(1 << 20 if size < 0 else max(size, 1 << 16))
            if not text:
                break
            if self._first:
                text, self._first = text.removeprefix("\ufeff"), False
            self._pending += text.encode("utf-8", "surrogatepass")
        if size < 0:
            data, self._pending = self._pending, b""
        else:
            data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _Transcoded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _CrToLf:
    """Old Mac CR line ends read as LF, one for one."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).replace(b"\r", b"\n")

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _CrToLf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Decompressed:
    """A decompressing reader that also closes the stream under it (gzip's, bz2's and lzma's readers
    given a stream leave it open)."""

    def __init__(self, reader: IO[bytes], stream: IO[bytes]) -> None:
        self._reader, self._stream = reader, stream

    def read(self, size: int = -1) -> bytes:
        return self._reader.read(size)

    def close(self) -> None:
        try:
            self._reader.close()
        finally:
            self._stream.close()

    def __enter__(self) -> _Decompressed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_DECOMPRESSORS: dict[str, Callable[[IO[bytes]], IO[bytes]]] = {
    "gzip": lambda stream: gzip.GzipFile(fileobj=stream, mode="rb"),
    "bzip2": lambda stream: bz2.BZ2File(stream, "rb"),
    "xz": lambda stream: lzma.LZMAFile(stream, "rb"),  # noqa: SIM115  closed by `_Decompressed`
}


def _step(step: str) -> Callable[[IO[bytes]], IO[bytes]] | None:
    if step in _DECOMPRESSORS:
        decompressor = _DECOMPRESSORS[step]
        return lambda stream: _Decompressed(decompressor(stream), stream)  # type: ignore[return-value]
    if step in TRANSCODINGS:
        return lambda stream: _Transcoded(stream, step)  # type: ignore[return-value]
    if step == CR_TO_LF:
        return _CrToLf  # type: ignore[return-value]
    return None
