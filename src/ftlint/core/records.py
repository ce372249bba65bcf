"""The typed things rules look at: a file's facts, a raw line, and a parsed record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ftlint.core.formats.validate import SchemaIssue


@dataclass(frozen=True)
class FileFacts:
    """What reading a file's head found out, before any record is checked.

    `encoding` is the encoding the bytes were in (`utf-8`, `utf-8-sig` for a BOM, `utf-16-le`, ...);
    ftlint checks every file as UTF-8 text with LF line ends, decoding or normalising a copy when it
    has to, so line numbers always match the original file.
    """

    path: str
    size: int
    encoding: str = "utf-8"
    compression: str | None = None
    line_ending: str = "lf"  # lf, crlf, cr, none
    # jsonl, json-array, json-document, binary, empty, unsupported, corrupt, or a table read as the
    # JSONL of its rows (csv, tsv, parquet, xlsx: line n of the copy is data row n, see core/tables.py)
    container: str = "jsonl"
    container_detail: str = ""  # e.g. the number of records in a JSON array or rows in a table
    format: str | None = None  # voted over the first records, or forced by --input-format
    first_keys: tuple[str, ...] = ()  # keys of the first sampled record, to explain an unknown format
    first_record_line: int = 0  # where that record is; 0 when the sample held no object


@dataclass(frozen=True, slots=True)
class LineError:
    """Why a line could not be read as JSON: `kind` is `utf8`, `json`, `nan` or `depth`."""

    kind: str
    message: str
    column: int = 0  # 1-based character column, 0 when unknown
    byte_offset: int = -1  # absolute byte offset in the file, -1 when unknown (a decoded UTF-16 copy)
    line: int = 0  # the line it is on when not the record's first (a pretty-printed record), else 0


@dataclass(slots=True)
class Line:
    """One physical line: its number, byte offset, bytes (no line end) and what parsing made of it."""

    number: int
    offset: int  # of the line's first byte in the file; -1 when the bytes come from a decoded copy
    raw: bytes
    ending: bytes
    value: Any = None
    error: LineError | None = None
    parsed: bool = False  # True once `value` holds the line's JSON (which may be null)

    @property
    def blank(self) -> bool:
        raw = self.raw
        # Records start with `{`: only a line that starts with whitespace can be blank (no copy made).
        return not raw or (raw[0] in b" \t\r\n\f\v" and not raw.strip())


@dataclass(slots=True)
class Record:
    """A line that parsed to a JSON object, with its format and typed view.

    `format` is the format the record is checked as: its own shape when it has one, else the file's.
    `view` is the record validated by that format's pydantic typed view (keys in the format's
    order), or None when `schema_issues` says why it does not fit; unknown keys alone do not stop a
    record from having a view (then it is `data` itself). Rules that need structure use `view`.
    """

    line: Line
    data: dict[str, Any]
    format: str | None
    file_format: str | None
    view: dict[str, Any] | None
    schema_issues: Sequence[SchemaIssue] = ()
    memo: dict[str, Any] = field(default_factory=dict)  # values derived once and shared by rules
    shape: Any = None  # a plain record's shape (see `ftlint.core.formats.plain`), None when unknown
    # True when the record is its format's plain shape: only the simplest types, text without parts
    # (so no images, tool calls or content lists), proven without pydantic.
    plain: bool = False
