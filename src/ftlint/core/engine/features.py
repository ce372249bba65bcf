"""The feature table: the small per-record columns the workers computed, for the dataset rules.

Rules query it with polars (`table.frame`). Importing polars costs about a third of a second, so
the table keeps small inputs as plain Python columns and builds the DataFrame only when a rule
asks for it: a rule can answer "nothing to report" from `column()` first (no duplicate hash, no
CRLF line) and a clean small file never pays for polars. Large inputs are turned into compact
polars chunks as they arrive, so the driver's memory does not grow with Python objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# Beyond this many rows the columns live in polars (a few bytes a value, not a Python object each).
PYTHON_ROWS = 200_000
MERGE_FRAMES = 64
# `file` indexes `FeatureTable.paths`: a path string per row would cost more than all features.
# Filled by the engine itself, inline, for every record: `bytes` is the line's length and `crlf`
# whether it ends with CRLF (null for a last line without a line end).
BASE_COLUMNS = {"file": "UInt32", "line": "Int64", "format": "Categorical", "bytes": "Int64", "crlf": "Boolean"}


class FeatureTable:
    def __init__(self, feature_types: dict[str, str], paths: list[str], expected_rows: int = 0) -> None:
        self._types = {**BASE_COLUMNS, **feature_types}
        # An input known to be large goes to polars from its first chunk: gathering its first
        # PYTHON_ROWS rows as Python objects would cost far more memory than the whole table in polars.
        start_in_python = expected_rows <= PYTHON_ROWS
        self._python: dict[str, list[Any]] | None = {name: [] for name in self._types} if start_in_python else None
        self._frames: list[pl.DataFrame] = []
        self._merged = 0  # how many leading frames are merged blocks
        self.paths = paths
        self.rows = 0
        self.memo: dict[str, Any] = {}  # what rules derive from the table once and share

    def add(self, columns: dict[str, list[Any]], file: int, line_base: int) -> None:
        """Append one chunk's columns; `line` values are chunk-relative and become `line_base + line`."""
        count = len(columns["line"])
        if not count:
            return
        self.rows += count
        fixed = {**columns, "file": [file] * count, "line": [line_base + n for n in columns["line"]]}
        if self._python is not None and self.rows <= PYTHON_ROWS:
            for name, values in self._python.items():
                values.extend(fixed[name])
            return
        if self._python is not None:
            self._frames.append(self._to_frame(self._python))
            self._python = None
        self._frames.append(self._to_frame(fixed))
        if len(self._frames) - self._merged >= MERGE_FRAMES:
            # Hundreds of small frames cost far more than their data (buffers, Series objects): merge the
            # latest ones into one block. Earlier blocks are left as they are, so nothing is copied twice.
            import polars as pl

            block = pl.concat(self._frames[self._merged:], how="vertical", rechunk=True)
            self._frames[self._merged:] = [block]
            self._merged += 1

    def rows_of(self, file: int) -> dict[str, list[Any]] | pl.DataFrame:
        """One file's rows, without the `file` column: Python columns while the table is small, a polars
        frame once it is large (what the result cache keeps of a file)."""
        if self._python is not None:
            picked = [row for row, value in enumerate(self._python["file"]) if value == file]
            return {name: [values[row] for row in picked] for name, values in self._python.items() if name != "file"}
        import polars as pl

        return self.frame.filter(pl.col("file") == file).drop("file")

    def add_rows(self, rows: dict[str, list[Any]] | pl.DataFrame, file: int) -> None:
        """Append one file's rows as `rows_of` gave them (lines already absolute)."""
        if isinstance(rows, dict):
            self.add(rows, file, 0)
            return
        import polars as pl

        if not len(rows):
            return
        if self._python is not None:
            self._frames.append(self._to_frame(self._python))
            self._python = None
        schema = {name: _polars_type(dtype) for name, dtype in self._types.items()}
        frame = rows.with_columns(pl.lit(file).alias("file")).select(
            [pl.col(name).cast(dtype) for name, dtype in schema.items()])
        self.rows += len(frame)
        self._frames.append(frame)
        self.__dict__.pop("frame", None)

    def of_file(self, file: int) -> FeatureTable:
        """A table of one file's rows (as file 0): a report on one of several files checked together."""
        table = FeatureTable(self._types, [self.paths[file]])
        table.add_rows(self.rows_of(file), 0)
        return table

    def has(self, name: str) -> bool:
        return name in self._types

    def column(self, name: str) -> list[Any] | None:
        """A column as Python values while the table is small (None once it lives in polars)."""
        return self._python[name] if self._python is not None else None

    def iter_rows(self, *columns: str) -> Iterator[tuple[Any, ...]]:
        """The values of `columns`, row by row, in table order."""
        if self._python is not None:
            return zip(*(self._python[name] for name in columns), strict=True)
        return self.frame.select(columns).iter_rows()

    def rows_at(self, indexes: list[int], *columns: str) -> dict[int, tuple[Any, ...]]:
        """The values of `columns` at the given row indexes (a few rows, gathered without a pass over
        the whole table)."""
        if self._python is not None:
            picked = [self._python[name] for name in columns]
            return {row: tuple(values[row] for values in picked) for row in indexes}
        ordered = sorted(indexes)
        gathered = self.frame.select(columns)[ordered].iter_rows() if ordered else iter(())
        return dict(zip(ordered, gathered, strict=True))

    def repeated(self, column: str) -> list[tuple[str, int, str, int, int]]:
        """Rows whose `column` value appeared in an earlier row, in table order, as
        (path, line, first path, first line, copies of that value in all).

        Computed in Python while the table is small (a dict is far cheaper than importing polars for
        a few thousand rows), with polars beyond.
        """
        rows = _repeated_in_python(self._python, column) if self._python is not None else _repeated_in_polars(
            self.frame, column
        )
        paths = self.paths
        return [(paths[file], line, paths[first_file], first_line, copies)
                for file, line, first_file, first_line, copies in rows]

    @cached_property
    def frame(self) -> pl.DataFrame:
        import polars as pl

        if self._python is not None:
            return self._to_frame(self._python)
        return pl.concat(self._frames, how="vertical", rechunk=False) if self._frames else self._to_frame({})

    def _to_frame(self, columns: dict[str, list[Any]]) -> pl.DataFrame:
        import polars as pl

        schema = {name: _polars_type(dtype) for name, dtype in self._types.items()}
        return pl.DataFrame({name: columns.get(name, []) for name in self._types}, schema=schema)


def _polars_type(name: str) -> Any:
    """`Int64` -> pl.Int64; `List[Int64]` -> pl.List(pl.Int64) (a few small numbers per record)."""
    import polars as pl

    if name.startswith("List[") and name.endswith("]"):
        return pl.List(_polars_type(name[5:-1]))
    return getattr(pl, name)


def _repeated_in_python(columns: dict[str, list[Any]], column: str) -> list[tuple[int, int, int, int, int]]:
    values = columns[column]
    copies = Counter(values)  # counted in C; most values occur once and are done with here
    if len(copies) == len(values):
        return []
    files, lines = columns["file"], columns["line"]
    repeating = {value for value, count in copies.items() if count > 1 and value is not None}
    first: dict[Any, int] = {}
    repeats = []
    for row in [row for row, value in enumerate(values) if value in repeating]:
        value = values[row]
        earlier = first.setdefault(value, row)
        if earlier != row:
            repeats.append((files[row], lines[row], files[earlier], lines[earlier], copies[value]))
    return repeats


def _repeated_in_polars(frame: pl.DataFrame, column: str) -> list[tuple[int, int, int, int, int]]:
    import polars as pl

    # Keep only rows whose value repeats before grouping: usually a tiny share of the table, so the
    # group-by and joins below never copy the whole table. Repeats are found by sorting, not hashing:
    # a hash table over every row costs several times the column's own memory.
    indexed = frame.select("file", "line", column).with_row_index("row").gather(repeating_rows(frame, column))
    groups = indexed.group_by(column).agg(pl.col("row").min().alias("first_row"), pl.len().alias("copies"))
    firsts = groups.join(indexed, left_on="first_row", right_on="row").select(
        column, pl.col("file").alias("first_file"), pl.col("line").alias("first_line"), "first_row", "copies"
    )
    repeats = indexed.join(firsts, on=column).filter(pl.col("row") != pl.col("first_row")).sort("row")
    return [tuple(row) for row in repeats.select("file", "line", "first_file", "first_line", "copies").iter_rows()]


def repeating_rows(frame: pl.DataFrame, column: str) -> pl.Series:
    """Indexes, in order, of the rows whose non-null `column` value occurs more than once.

    Found by sorting rather than hashing: a hash table over every row costs several times the
    column's own memory, and these columns can have a billion rows.
    """
    values = frame.get_column(column)
    order = values.arg_sort()
    ordered = values.gather(order)
    repeats = (ordered == ordered.shift(1)).fill_null(False) | (ordered == ordered.shift(-1)).fill_null(False)
    return order.filter(repeats & ordered.is_not_null()).sort()
