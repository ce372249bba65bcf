"""The steps that turn a file's bytes into UTF-8 text with LF line ends: decompress, transcode, CR to LF.

A table (CSV, TSV, Parquet, XLSX) is one more step: read as the JSON Lines of its rows.

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
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ftlint.core.remote import open_binary

Codec = tuple[str, ...]

COMPRESSIONS = ("gzip", "bzip2", "xz", "zstd")
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
    stream: IO[bytes] = open_binary(path)  # closed with the chain
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


class _Stream:
    """A readable stream over another: closing it closes the one under it (`_stream`); `with` closes it."""

    _stream: IO[bytes]

    def read(self, size: int = -1) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transcoded(_Stream):
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



class _CrToLf(_Stream):
    """Old Mac CR line ends read as LF, one for one."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).replace(b"\r", b"\n")



class _Decompressed(_Stream):
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


class ZstdDataError(ValueError):
    """zstd data that cannot be decompressed: damaged, or cut off inside a frame."""


class _ZstdReader(_Stream):
    """A readable stream of the zstd frames in a file, one after another (as `zstd -d` reads them).

    `zstandard`'s own stream reader returns what it could of a truncated frame and no error, so
    frames are decoded here, one decompression object each, and input that ends inside a frame
    raises `ZstdDataError` (as `gzip` raises EOFError). The package is imported only when a zstd
    file is met.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        import zstandard

        self._zstd = zstandard
        self._stream = handle
        self._frame = zstandard.ZstdDecompressor().decompressobj()
        self._in_frame = False  # whether input of an unfinished frame was fed
        self._pending = bytearray()  # decompressed bytes not yet returned

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            # Small input blocks bound what one call can inflate to (a zstd block of 128 KiB can
            # be a few bytes long): at most ~128 MiB from 4 KiB, typically some 40 KiB.
            block = self._stream.read(4096)
            if not block:
                if self._in_frame:
                    raise ZstdDataError("the data ends inside a frame: the file is truncated")
                break
            self._feed(block)
        if size < 0:
            size = len(self._pending)
        out = bytes(self._pending[:size])
        del self._pending[:size]  # cheap: a bytearray drops its head without copying the rest
        return out

    def _feed(self, block: bytes) -> None:
        while block:
            try:
                self._pending += self._frame.decompress(block)
            except self._zstd.ZstdError as exc:
                raise ZstdDataError(str(exc)) from None
            self._in_frame = not self._frame.eof
            if not self._frame.eof:
                break
            block = self._frame.unused_data  # the next frame starts here
            self._frame = self._zstd.ZstdDecompressor().decompressobj()



_DECOMPRESSORS: dict[str, Callable[[IO[bytes]], IO[bytes]]] = {
    "gzip": lambda stream: gzip.GzipFile(fileobj=stream, mode="rb"),
    "bzip2": lambda stream: bz2.BZ2File(stream, "rb"),
    "xz": lambda stream: lzma.LZMAFile(stream, "rb"),  # noqa: SIM115  closed by `_Decompressed`
}


class _TableLines(_Stream):
    """A table (CSV, TSV, Parquet, XLSX) read as the JSON Lines of its rows, as `ftlint.core.tables`
    copies it: line n is data row n. The table readers need a file: a stream that is not one (a
    decompressed CSV) is spooled to a temporary file first."""

    def __init__(self, stream: IO[bytes], kind: str, sheet: str | None = None) -> None:
        from ftlint.core.table_cells import dumps_record
        from ftlint.core.tables import iter_batches

        self._stream, self._spool = stream, None
        name = getattr(stream, "name", None)
        if not (isinstance(name, str) and os.path.isfile(name)):
            self._spool = tempfile.NamedTemporaryFile(prefix="ftlint-table-", delete=False)  # noqa: SIM115
            shutil.copyfileobj(stream, self._spool, 1 << 20)
            self._spool.close()
            name = self._spool.name
        batches = iter_batches(name, kind, sheet=sheet)
        self._lines = (b"".join(dumps_record(r) + b"\n" for r in records) for _, records in batches)
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            block = next(self._lines, b"")
            if not block:
                break
            self._pending += block
        size = len(self._pending) if size < 0 else size
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def close(self) -> None:
        super().close()
        if self._spool is not None:
            os.unlink(self._spool.name)


TABLES = ("csv", "tsv", "parquet", "xlsx")


def _step(step: str) -> Callable[[IO[bytes]], IO[bytes]] | None:
    kind, _, sheet = step.partition(":")  # `xlsx:Sheet 2`: a workbook's named sheet
    if kind in TABLES:
        return lambda stream: _TableLines(stream, kind, sheet or None)  # type: ignore[return-value]
    if step == "zstd":
        return _ZstdReader  # type: ignore[return-value]  (it closes its stream itself)
    if step in _DECOMPRESSORS:
        decompressor = _DECOMPRESSORS[step]
        return lambda stream: _Decompressed(decompressor(stream), stream)  # type: ignore[return-value]
    if step in TRANSCODINGS:
        return lambda stream: _Transcoded(stream, step)  # type: ignore[return-value]
    if step == CR_TO_LF:
        return _CrToLf  # type: ignore[return-value]
    return None
