"""Read a file's head and learn how to read the rest: compression, encoding, line ends, container, format.

Whatever the file is, the result is UTF-8 text with LF line ends that the chunk workers can split
by byte ranges: compressed (gzip, bzip2, xz, zstd), UTF-16/32 and CR-only files are decoded into a
scratch copy first. Every one of those transformations keeps the line count, so line numbers match
the original file. A table (Parquet by its magic bytes, XLSX by the zip magic and its name, CSV and
TSV by their name, compressed or not) is copied as the JSONL of its rows (`ftlint.core.tables`):
there, line n is data row n, and `FileFacts.container` names the table's kind.
"""

from __future__ import annotations

import codecs
import lzma
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import orjson

from ftlint.core.decoding import CR_TO_LF, Codec, ZstdDataError, open_decoded, open_step
from ftlint.core.formats import detect_shape, vote
from ftlint.core.jsondoc import raise_if_out_of_memory, read_json_document
from ftlint.core.records import FileFacts, Line
from ftlint.core.remote import RemotePath
from ftlint.core.scratch import copy_bounded
from ftlint.core.tables import KIND_NAMES, TableError, table_kind, table_to_jsonl
from ftlint.core.tables import KINDS as TABLE_KINDS

HEAD_BYTES = 1 << 16
# The `end` of a file whose decoded size is not known here: its one chunk task reads it to its end.
STREAMED = -1
VOTE_RECORDS = 100
MAX_JSON_DOCUMENT_BYTES = 1 << 30
LINE_CONTAINERS = ("jsonl", *TABLE_KINDS)  # checked as JSON Lines, chunk by chunk (tables: their JSONL copy)

# Each compression's magic bytes, and its step in `ftlint.core.decoding`.
_COMPRESSION: dict[bytes, str] = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz",
                                  b"\x28\xb5\x2f\xfd": "zstd"}
_UNSUPPORTED_COMPRESSION = {b"PK\x03\x04": "zip"}


def compression_step(head: bytes) -> str | None:
    """The decoding step of a compressed file's first bytes, None for an uncompressed one."""
    return next((name for magic, name in _COMPRESSION.items() if head.startswith(magic)), None)
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class PreparedFile:
    """A file ready to be checked: its facts, where its UTF-8 bytes are, and where records start.

    `documents` holds the records of a JSON array or a single JSON document (which cannot be
    split into lines), as lines numbered where each element starts; it is None for JSONL.
    """

    facts: FileFacts
    data_path: Path
    start: int
    end: int
    documents: list[Line] | None = None
    source: Path | None = None  # the file as given, when `data_path` is a decoded copy of it
    codec: Codec = ()  # the steps (`ftlint.core.decoding`) that turn `source`'s bytes into `data_path`'s


def prepare_file(display: str, path: Path, scratch: Path, forced_format: str | None,
                 sheet: str | None = None, decode_in_tasks: bool = False) -> PreparedFile:
    """Sniff `path` and return how to check it; decoded copies go into the `scratch` folder. `sheet`
    names the sheet of an XLSX workbook to read (the first one when None). With `decode_in_tasks` (an
    executor whose tasks run elsewhere), a compressed JSON Lines file is not decompressed here: its one
    task decodes it (`STREAMED`)."""
    size = path.stat().st_size
    facts = FileFacts(path=display, size=size)
    data_path = path
    codec: Codec = ()
    head = _read_head(path)
    for magic, name in _COMPRESSION.items():
        if head.startswith(magic):
            facts = replace(facts, compression=name)
            streamed = _streamed_jsonl(facts, path, name, forced_format) if decode_in_tasks else None
            if streamed is not None:
                return streamed
            try:
                data_path = _copy_through(name, path, scratch / "decompressed", display)
            except (EOFError, OSError, lzma.LZMAError, zlib.error, ZstdDataError) as exc:
                detail = f"{name} data that cannot be decompressed ({exc})"
                return PreparedFile(replace(facts, container="corrupt", container_detail=detail), path, 0, 0)
            codec += (name,)
            head = _read_head(data_path)
            break
    else:
        for magic, name in _UNSUPPORTED_COMPRESSION.items():
            if head.startswith(magic) and table_kind(display, head) is None:  # an .xlsx workbook is a zip
                facts = replace(facts, container="unsupported", container_detail=name)
                return PreparedFile(facts, data_path, 0, 0)
    kind = table_kind(display, head)
    if kind is not None and isinstance(path, RemotePath):
        detail = f"a {kind} table at a URL: tables are read from local files; copy it here first"
        return PreparedFile(replace(facts, container="unsupported", container_detail=detail), path, 0, 0)
    if kind is not None and not (kind in ("csv", "tsv") and head.lstrip()[:1] in (b"{", b"[")):
        return _prepare_table(facts, kind, path, data_path, scratch, forced_format, codec, sheet)
    start = 0
    encoding = _detect_encoding(head)
    if encoding == "binary":
        return PreparedFile(replace(facts, container="binary"), data_path, 0, 0)
    if encoding == "utf-8-sig":
        start = len(codecs.BOM_UTF8)
    elif encoding != "utf-8":
        decoded = _transcode(data_path, encoding, scratch / "decoded", display)
        if decoded is None:
            return PreparedFile(replace(facts, encoding=encoding, container="binary"), data_path, 0, 0)
        data_path, head, codec = decoded, _read_head(decoded), (*codec, encoding)
    facts = replace(facts, encoding=encoding)
    line_ending = _line_ending(head[start:])
    if line_ending == "cr":
        data_path = _copy_through(CR_TO_LF, data_path, scratch / "lf", display)
        head, codec = _read_head(data_path), (*codec, CR_TO_LF)
    decoded_from = {"source": path, "codec": codec} if codec else {}
    facts = replace(facts, line_ending=line_ending)
    end = data_path.stat().st_size
    body = head[start:]
    if not body.strip() and _only_whitespace(data_path, start + len(body), end):
        detail = "no bytes" if end == start else "whitespace"
        return PreparedFile(replace(facts, container="empty", container_detail=detail), data_path, start, end,
                            **decoded_from)
    documents = _json_document(body, data_path, start, end)
    if documents is not None:
        container, lines = documents
        facts = replace(facts, container=container, container_detail=str(len(lines)))
        return PreparedFile(_with_format(facts, lines, forced_format), data_path, start, end, lines, **decoded_from)
    sample = [_sample_line(raw, number) for number, raw in enumerate(body.split(b"\n")[:VOTE_RECORDS], 1)]
    return PreparedFile(_with_format(facts, sample, forced_format), data_path, start, end, **decoded_from)


def _prepare_table(facts: FileFacts, kind: str, path: Path, data_path: Path, scratch: Path,
                   forced_format: str | None, codec: Codec, sheet: str | None = None) -> PreparedFile:
    """A CSV, TSV, Parquet or XLSX file, checked as the JSONL copy of its rows: line n is data row n.

    (A `.csv` that holds JSON Lines is read as JSONL: the caller sends it on.)
    """
    display = facts.path
    try:
        copy = table_to_jsonl(data_path, kind, scratch, sheet=sheet if kind == "xlsx" else None, display=display)
    except TableError as exc:
        article = "an" if kind == "xlsx" else "a"
        detail = f"{article} {KIND_NAMES[kind]} table that cannot be read: {exc.detail}"
        return PreparedFile(replace(facts, container="corrupt", container_detail=detail), path, 0, 0)
    facts = replace(facts, container=kind, container_detail=str(copy.rows))
    end = copy.path.stat().st_size
    with copy.path.open("rb") as handle:
        head_lines = zip(range(1, VOTE_RECORDS + 1), handle, strict=False)
        sample = [_sample_line(raw.rstrip(b"\n"), number) for number, raw in head_lines]
    step = f"{kind}:{sheet}" if kind == "xlsx" and sheet is not None else kind  # `decoding` reads the same sheet
    return PreparedFile(_with_format(facts, sample, forced_format), copy.path, 0, end, source=path,
                        codec=(*codec, step))


def _only_whitespace(path: Path, start: int, end: int) -> bool:
    """Whether bytes [start, end) of the file are all whitespace (read only when the head was blank)."""
    with path.open("rb") as handle:
        handle.seek(start)
        while start < end:
            block = handle.read(min(1 << 20, end - start))
            if block.strip():
                return False
            start += len(block)
    return True


def _streamed_jsonl(facts: FileFacts, path: Path, compression: str, forced_format: str | None) -> PreparedFile | None:
    """A compressed JSON Lines file left whole to its one task, which decodes it in pieces: sniffed from
    its decoded head only. None when the head says the file needs the driver's decoded copy (another
    encoding, CR line ends, a JSON document, a table, damaged data: the copy path says which)."""
    try:
        with open_decoded(path, (compression,)) as stream:
            head = stream.read(HEAD_BYTES)
    except (EOFError, OSError, lzma.LZMAError, zlib.error, ZstdDataError):
        return None
    stripped = head.lstrip()
    if (not stripped or table_kind(facts.path, head) is not None or _detect_encoding(head) != "utf-8"
            or _line_ending(head) in ("cr", "mixed") or stripped[:1] == b"["
            or (stripped[:1] == b"{" and not _looks_like_jsonl(stripped))):
        return None
    sample = [_sample_line(raw, number) for number, raw in enumerate(head.split(b"\n")[:VOTE_RECORDS], 1)]
    facts = replace(facts, line_ending=_line_ending(head))
    return PreparedFile(_with_format(facts, sample, forced_format), path, 0, STREAMED, source=path,
                        codec=(compression,))


def _read_head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def _detect_encoding(head: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if _control_bytes(head) * 20 <= len(head):
        return "utf-8"  # a stray NUL in text makes its line invalid JSON, not the file binary
    sample = head[:4096]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if len(sample) >= 4 and sample[1:4] == b"\x00\x00\x00":
        return "utf-32-le"
    if len(sample) >= 4 and sample[0:3] == b"\x00\x00\x00":
        return "utf-32-be"
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return "binary"


# Bytes that text never holds (tab, LF, VT, FF and CR excluded), counted by deleting the rest in C.
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)


def _control_bytes(data: bytes) -> int:
    return len(data.translate(None, _NOT_CONTROL))


def _transcode(path: Path, encoding: str, target: Path, display: str) -> Path | None:
    """Decode a UTF-16/32 file into UTF-8 (a bounded copy); None when its bytes are not that encoding after all."""
    try:
        return _copy_through(encoding, path, target, f"{display} (decoded from {encoding.upper()})")
    except (UnicodeError, LookupError):
        return None


def _copy_through(step: str, path: Path, target: Path, display: str) -> Path:
    """`path` read through one decoding step (decompressed, transcoded, or with LF line ends), as a bounded copy."""
    with open_step(step, path.open("rb")) as source:
        return copy_bounded(source, target, display)


def _line_ending(head: bytes) -> str:
    lf, crlf, cr = head.count(b"\n"), head.count(b"\r\n"), head.count(b"\r")
    if lf == 0:
        return "cr" if cr else "none"
    if crlf == 0:
        return "lf"
    return "crlf" if crlf == lf else "mixed"


def _json_document(body: bytes, path: Path, start: int, end: int) -> tuple[str, list[Line]] | None:
    """Records of a JSON array or of one pretty-printed document, or None when the file is JSONL."""
    stripped = body.lstrip()
    if stripped[:1] not in (b"[", b"{") or end - start > MAX_JSON_DOCUMENT_BYTES:
        return None
    if stripped[:1] == b"{" and _looks_like_jsonl(stripped):
        return None  # not worth reading a possibly huge file whole
    with path.open("rb") as handle:
        handle.seek(start)
        whole = handle.read(end - start)
    document = read_json_document(whole)
    if document is None:
        return None
    container, lines = document
    if container == "json-document" and b"\n" not in whole.strip():
        return None  # one object on one line is a one-record JSONL file (which orjson refused)
    # A single line holding a list is a JSONL line that is not an object (typically a bare list of
    # messages), unless what it holds look like records.
    if container == "json-array" and b"\n" not in whole.strip():
        values = [line.value for line in lines]
        if not values or not all(isinstance(v, dict) and "role" not in v for v in values):
            return None
    ending = b"\r\n" if b"\r\n" in whole else b"\n"
    for line in lines:
        line.ending = ending  # what the records' lines end with, for the line-end rule
    return document


def _looks_like_jsonl(head: bytes) -> bool:
    """Whether the first line, or else the next non-blank one, is a whole JSON object.

    A pretty-printed document opens with a line such as `{` that is not JSON by itself, and so is
    its next line; JSONL whose first record is broken still has whole records after it.
    """
    lines = [line for line in head.split(b"\n", 3)[:3] if line.strip()]
    for line in lines[:2]:
        try:
            if isinstance(orjson.loads(line), dict):
                return True
        except orjson.JSONDecodeError as exc:
            raise_if_out_of_memory(exc)
            continue
    return False


def _sample_line(raw: bytes, number: int) -> Line:
    try:
        return Line(number, 0, raw, b"\n", orjson.loads(raw), parsed=True)
    except orjson.JSONDecodeError as exc:
        raise_if_out_of_memory(exc)  # the vote must not go on without a record it could not read
        return Line(number, 0, raw, b"\n")


def _with_format(facts: FileFacts, lines: list[Line], forced_format: str | None) -> FileFacts:
    shapes: Counter[str | None] = Counter(
        detect_shape(line.value) for line in lines[:VOTE_RECORDS] if isinstance(line.value, dict)
    )
    first = next((line for line in lines if isinstance(line.value, dict)), None)
    return replace(
        facts,
        format=forced_format or vote(shapes),
        first_keys=tuple(first.value) if first else (),
        first_record_line=first.number if first else 0,
    )
