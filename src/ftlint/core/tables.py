"""Read a table (CSV, TSV, Parquet, XLSX) as JSON records, one per data row, in batches.

Every data row becomes one record, a dict of column name -> cell, and rows are numbered from 1
below the header: row 1 is the first row of data (in a CSV, the header is line 1 and row n starts
at line n + 1 unless a cell above it spans lines, so messages say "row n"). `table_to_jsonl`
writes the records as JSONL, one line per row, so line n of the copy is row n of the table and the
JSONL checks run on it unchanged.

What a cell becomes (empty cells, JSON text in structured columns) is `ftlint.core.table_cells`'.

Streaming: CSV/TSV is read by polars' streaming engine (`collect_batches`), Parquet by polars in
slices of about `PARQUET_SLICE_BYTES`, and records are made `BATCH_ROWS` at a time, so memory does
not grow with the file. Measured (2 cores, peak RSS of `table_to_jsonl`): a 452 MB CSV of 900,000
rows, 116 MB; a 299 MB Parquet file in row groups of 100,000 rows, 187 MB; the same rows in one
row group, 409 MB: Parquet needs about one row group decoded, whatever is done.

XLSX (the first sheet unless `sheet` names one) is read with fastexcel, Rust's calamine, which
`polars.read_excel` uses by default; on a 100,000-row, 24 MB sheet it took 1.1 s and 230 MB peak,
openpyxl's read-only mode 14.9 s and 107 MB, and it imports in 0.06 s against openpyxl's 0.47 s.
calamine reads a sheet whole, but a sheet holds at most 1,048,576 rows, and a 13-fold speed-up is
worth that memory; records are still made one batch at a time.

A table that cannot be read raises `TableError` (a ValueError) naming the file, the row when it
is known, and what to do.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftlint.core.scratch import BoundedWriter
from ftlint.core.table_cells import dumps_record, records_of

BATCH_ROWS = 2_000  # records made at a time: a few MB of dicts even for long chats
PARQUET_SLICE_BYTES = 32 << 20  # Arrow bytes of Parquet decoded at a time, once the row size is known
# polars' streaming CSV reader reads ahead in chunks of several MB per thread, and a batch consumer slower
# than the reader lets them pile up: 385 MB peak for a 450 MB file on 2 threads, 540 MB on 4. One 1 MiB
# chunk read ahead keeps it at ~110 MB, and is faster. These are polars' own knobs, read when a CSV scan
# starts; a value the user set is left alone.
_POLARS_CSV_ENVIRONMENT = {"POLARS_CSV_CHUNK_SIZE": str(1 << 20), "POLARS_CSV_CHUNK_PREFETCH_LIMIT": "1"}
KINDS = ("csv", "tsv", "parquet", "xlsx")
KIND_NAMES = {"csv": "CSV", "tsv": "TSV", "parquet": "Parquet", "xlsx": "XLSX"}  # as messages write them
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".xlsx": "xlsx"}
_COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
_DELIMITERS = {"csv": ",", "tsv": "\t"}
PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """A table that cannot be read: the message names the file, the row when known, and what to do."""

    def __init__(self, display: str, problem: str, row: int | None = None, lines: str = "") -> None:
        where = f"row {row}{f' ({lines})' if lines else ''}: " if row is not None else ""
        super().__init__(f"{display}: {where}{problem}")
        self.display, self.problem, self.row = display, problem, row
        self.detail = f"{where}{problem}"  # the message without the file's name


@dataclass(frozen=True)
class TableCopy:
    """A table written as JSONL: line n of `path` is data row n of the table."""

    path: Path
    rows: int
    columns: tuple[str, ...]


def table_kind(name: str | Path, head: bytes = b"") -> str | None:
    """The table kind of a file, from its name (a compression suffix aside) and its first bytes.

    Parquet is recognised by its magic bytes whatever the name; XLSX needs both the zip magic and
    the `.xlsx` suffix (a zip is not a workbook); CSV and TSV, which have no magic, need their suffix.
    """
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    lowered = str(name).lower()
    for suffix in _COMPRESSION_SUFFIXES:
        lowered = lowered.removesuffix(suffix)
    kind = SUFFIXES.get(os.path.splitext(lowered)[1])
    if kind == "xlsx" and head and not head.startswith(ZIP_MAGIC):
        return None
    if kind == "parquet" and head and not head.startswith(PARQUET_MAGIC):
        return None
    return kind


# ---------------------------------------------------------------------------------------------------
# Cells


def iter_batches(path: Path, kind: str, *, sheet: str | None = None, display: str | None = None,
                 batch_rows: int = BATCH_ROWS) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield (number of the batch's first row, its records) through the whole table, in order.

    `display` is how the file is named in messages (the path by default); `sheet` picks an XLSX
    sheet by name (the first sheet when None). Raises TableError for a table that cannot be read.
    """
    display = display or str(path)
    if kind not in KINDS:
        raise ValueError(f"unknown table kind {kind!r}; expected one of {', '.join(KINDS)}")
    if sheet is not None and kind != "xlsx":
        raise TableError(display, f"--sheet names a sheet of a workbook, and this is a {kind.upper()} file")
    if kind == "xlsx":
        yield from _xlsx_batches(path, display, sheet, batch_rows)
    else:
        yield from _polars_batches(path, kind, display, batch_rows)


def iter_records(path: Path, kind: str, *, sheet: str | None = None,
                 display: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number, record) for every data row of the table."""
    for first, records in iter_batches(path, kind, sheet=sheet, display=display):
        yield from enumerate(records, first)


def table_to_jsonl(path: Path, kind: str, scratch_dir: Path, sheet: str | None = None,
                   display: str | None = None) -> TableCopy:
    """Write the table's records to a new JSONL file in `scratch_dir`, one line per data row.

    The copy is bounded like every scratch copy (see `ftlint.core.scratch`); a partial copy is
    removed when reading stops with an error.
    """
    display = display or str(path)
    target = scratch_dir / f"{Path(path).name}.jsonl"
    rows = 0
    columns: dict[str, None] = {}
    try:
        with target.open("wb") as file:
            out = BoundedWriter(file, f"{display} (as JSONL)", scratch_dir)
            for _first, records in iter_batches(path, kind, sheet=sheet, display=display):
                rows += len(records)
                if records:
                    columns.update(dict.fromkeys(records[0]))
                out.write(b"".join(dumps_record(r) + b"\n" for r in records))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return TableCopy(target, rows, tuple(columns))


def _polars_batches(path: Path, kind: str, display: str,
                    batch_rows: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    import polars as pl

    if kind == "parquet":
        yield from _parquet_batches(path, display, batch_rows)
        return
    header = _csv_header(path, kind, display)
    names = _check_header(header, display)
    if names is None:
        return  # no bytes at all: no rows
    for variable, value in _POLARS_CSV_ENVIRONMENT.items():
        os.environ.setdefault(variable, value)
    frame = pl.scan_csv(path, separator=_DELIMITERS[kind], infer_schema=False, has_header=True,
                        new_columns=names, raise_if_empty=False)
    unnamed = [name for name, raw in zip(names, header, strict=True) if not raw.strip()]
    first = 1
    try:
        for batch in frame.collect_batches(chunk_size=batch_rows):
            if unnamed:
                batch = _drop_unnamed(batch, unnamed, display, first)
            yield first, records_of(batch.to_dicts(), frozenset())
            first += batch.height
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise _polars_error(exc, path, kind, display, first) from None


def _parquet_batches(path: Path, display: str, batch_rows: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Parquet read slice by slice: polars decodes only the row groups a slice needs.

    (Its streaming engine, `collect_batches`, held 400-480 MB for a 300 MB file whatever its row
    groups; slices of 32 MB held ~200 MB.) A slice starts at `batch_rows` rows and grows to about
    `PARQUET_SLICE_BYTES` once the row size is known, so a file written in one huge row group is
    decoded a few times, not once per batch.
    """
    import polars as pl

    frame = pl.scan_parquet(path)
    offset, step = 0, batch_rows
    try:
        nested = frozenset(n for n, t in frame.collect_schema().items() if t.is_nested())
        total = frame.select(pl.len()).collect().item()
        while offset < total:
            part = frame.slice(offset, step).collect()
            if part.height == 0:
                break
            for start in range(0, part.height, batch_rows):
                yield offset + start + 1, records_of(part.slice(start, batch_rows).to_dicts(), nested)
            offset += part.height
            row_bytes = max(1, part.estimated_size() // part.height)
            step = max(batch_rows, min(step * 8, PARQUET_SLICE_BYTES // row_bytes))
            del part
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise _polars_error(exc, path, "parquet", display, offset + 1) from None


def _polars_error(exc: Exception, path: Path, kind: str, display: str, first: int) -> TableError:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if kind == "parquet":
        return TableError(display, f"is not a Parquet file that can be read ({message}); it may be truncated or "
                                   "damaged: write it again, or check the file it was copied from")
    located = _locate_csv_problem(path, kind, display)
    if located is not None:
        return located
    return TableError(display, f"cannot be read as {kind.upper()} ({message}); from row {first} on")


def _csv_header(path: Path, kind: str, display: str) -> list[str]:
    """The header row as the csv module reads it, to check names polars would quietly rename."""
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            header = next(csv.reader(handle, delimiter=_DELIMITERS[kind], strict=False), [])
    except csv.Error as exc:
        raise TableError(display, f"the header cannot be read ({exc})") from None
    if any(_has_undecodable(name) for name in header):
        raise TableError(display, f"the header (line 1) holds bytes that are not UTF-8; save the {kind.upper()} "
                                  "file as UTF-8")
    return header


def _check_header(header: list[str], display: str) -> list[str] | None:
    """Column names to read with: empty names get a placeholder; a name given twice is an error."""
    if not header:
        return None
    seen: dict[str, int] = {}
    names = []
    for index, name in enumerate(header, 1):
        if not name.strip():
            names.append(f"\x00unnamed {index}")
            continue
        if name in seen:
            raise TableError(display, f"column {name!r} appears twice in the header (columns {seen[name]} and "
                                      f"{index}); a record cannot hold a key twice: rename one of them")
        seen[name] = index
        names.append(name)
    return names


def _drop_unnamed(batch: Any, unnamed: list[str], display: str, first: int) -> Any:
    """The batch without its unnamed columns (a trailing delimiter), which must be empty."""
    for name in unnamed:
        column = batch.get_column(name)
        if column.null_count() != batch.height:
            row = first + int(column.is_not_null().arg_true()[0])
            number = name.split(" ")[-1]
            raise TableError(display, f"column {number} has a value but no name in the header; name the column "
                                      "(the header is the first row)", row)
    return batch.drop(unnamed)


def _locate_csv_problem(path: Path, kind: str, display: str) -> TableError | None:
    """Find the first row polars refused (more fields than the header, bytes that are not UTF-8)."""
    name = kind.upper()
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            reader = csv.reader(handle, delimiter=_DELIMITERS[kind], strict=False)
            header = next(reader, [])
            start = reader.line_num
            for row, fields in enumerate(reader, 1):
                line = f"line {start + 1}" if reader.line_num == start + 1 else f"lines {start + 1}-{reader.line_num}"
                start = reader.line_num
                if len(fields) > len(header):
                    return TableError(display, f"{len(fields)} fields where the header has {len(header)}; quote "
                                               f"cells that hold the delimiter, or fix the {name} file", row, line)
                if any(_has_undecodable(field) for field in fields):
                    return TableError(display, f"holds bytes that are not UTF-8; save the {name} file as UTF-8",
                                      row, line)
    except csv.Error as exc:
        return TableError(display, f"cannot be read as {name} ({exc})")
    return None


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _xlsx_batches(path: Path, display: str, sheet: str | None,
                  batch_rows: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except fastexcel.FastExcelError as exc:
        raise TableError(display, f"is not an XLSX workbook that can be read ({_first_line(exc)}); open it in a "
                                  "spreadsheet and save it as .xlsx again") from None
    names = reader.sheet_names
    if sheet is not None and sheet not in names:
        raise TableError(display, f"has no sheet named {sheet!r}; its sheets are "
                                  f"{', '.join(repr(n) for n in names)}")
    chosen: str | int = sheet if sheet is not None else 0
    try:
        whole = reader.load_sheet(chosen, header_row=None, dtypes="string").to_polars()
    except fastexcel.FastExcelError as exc:
        raise TableError(display, f"its sheet cannot be read ({_first_line(exc)})") from None
    if whole.height == 0:
        return  # an empty sheet
    header = ["" if v is None else str(v) for v in whole.row(0)]
    names_in_header = _check_header(header, display) or []
    frame = whole.slice(1).rename(dict(zip(whole.columns, names_in_header, strict=True)))
    del whole
    unnamed = [name for name in names_in_header if name.startswith("\x00unnamed")]
    for offset in range(0, frame.height, batch_rows):
        batch = frame.slice(offset, batch_rows)
        if unnamed:
            batch = _drop_unnamed(batch, unnamed, display, offset + 1)
        yield offset + 1, records_of(batch.to_dicts(), frozenset())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
