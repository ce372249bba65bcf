"""The feature table: the small per-record columns the workers computed, for the dataset rules.

Rules query it with polars (`table.frame`). Importing polars costs about a third of a second, so
the table keeps small inputs as plain Python columns and builds the DataFrame only when a rule
asks for it: a rule can answer "nothing to report" from `column()` first (no duplicate hash, no
CRLF line) and a clean small file never pays for polars. Large inputs are turned into compact
polars chunks as they arrive, so the driver's memory does not grow with Python objects.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# Beyond this many rows the columns live in polars (a few bytes a value, not a Python object each).
PYTHON_ROWS = 200_000
BASE_COLUMNS = {"path": "Utf8", "line": "Int64", "format": "Utf8"}


class FeatureTable:
    def __init__(self, feature_types: dict[str, str]) -> None:
        self._types = {**BASE_COLUMNS, **feature_types}
        self._python: dict[str, list[Any]] | None = {name: [] for name in self._types}
        self._frames: list[pl.DataFrame] = []
        self.rows = 0

    def add(self, columns: dict[str, list[Any]], path: str, line_base: int) -> None:
        """Append one chunk's columns; `line` values are chunk-relative and become `line_base + line`."""
        count = len(columns["line"])
        if not count:
            return
        self.rows += count
        fixed = {**columns, "path": [path] * count, "line": [line_base + n for n in columns["line"]]}
        if self._python is not None and self.rows <= PYTHON_ROWS:
            for name, values in self._python.items():
                values.extend(fixed[name])
            return
        if self._python is not None:
            self._frames.append(self._to_frame(self._python))
            self._python = None
        self._frames.append(self._to_frame(fixed))

    def column(self, name: str) -> list[Any] | None:
        """A column as Python values while the table is small (None once it lives in polars)."""
        return self._python[name] if self._python is not None else None

    def repeated(self, column: str) -> list[tuple[str, int, str, int, int]]:
        """Rows whose `column` value appeared in an earlier row, in table order, as
        (path, line, first path, first line, copies of that value in all).

        Computed in Python while the table is small (a dict is far cheaper than importing polars for
        a few thousand rows), with polars beyond.
        """
        if self._python is not None:
            return _repeated_in_python(self._python, column)
        return _repeated_in_polars(self.frame, column)

    @cached_property
    def frame(self) -> pl.DataFrame:
        import polars as pl

        if self._python is not None:
            return self._to_frame(self._python)
        return pl.concat(self._frames, how="vertical") if self._frames else self._to_frame({})

    def _to_frame(self, columns: dict[str, list[Any]]) -> pl.DataFrame:
        import polars as pl

        schema = {name: getattr(pl, dtype) for name, dtype in self._types.items()}
        return pl.DataFrame({name: columns.get(name, []) for name in self._types}, schema=schema)


def _repeated_in_python(columns: dict[str, list[Any]], column: str) -> list[tuple[str, int, str, int, int]]:
    first: dict[Any, int] = {}
    copies: dict[Any, int] = {}
    for row, value in enumerate(columns[column]):
        first.setdefault(value, row)
        copies[value] = copies.get(value, 0) + 1
    paths, lines = columns["path"], columns["line"]
    return [
        (paths[row], lines[row], paths[first[value]], lines[first[value]], copies[value])
        for row, value in enumerate(columns[column])
        if first[value] != row
    ]


def _repeated_in_polars(frame: pl.DataFrame, column: str) -> list[tuple[str, int, str, int, int]]:
    import polars as pl

    indexed = frame.select("path", "line", column).with_row_index("row")
    groups = (
        indexed.group_by(column)
        .agg(pl.col("row").min().alias("first_row"), pl.len().alias("copies"))
        .filter(pl.col("copies") > 1)
    )
    firsts = groups.join(indexed, left_on="first_row", right_on="row").select(
        column, pl.col("path").alias("first_path"), pl.col("line").alias("first_line"), "first_row", "copies"
    )
    repeats = indexed.join(firsts, on=column).filter(pl.col("row") != pl.col("first_row")).sort("row")
    return [tuple(row) for row in repeats.select("path", "line", "first_path", "first_line", "copies").iter_rows()]
