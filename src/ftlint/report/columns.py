"""The per-example counts of `ftlint stats` as columns, and the few reductions the report makes of them.

A small table's counts are Python lists; a large one's live in polars, and turning 700,000 rows of
counts into Python lists and sorting them took ~2 s, alone on one core after every worker had
finished. So each reduction has two ways of running, with the same rules: `ListColumns` for lists,
`FrameColumns` computing in polars. A test checks that both give the same report.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ftlint.report.features import COLUMN, COUNTS

if TYPE_CHECKING:
    import polars as pl

HISTOGRAM_BINS = 20


@dataclass(frozen=True)
class Distribution:
    min: int
    p5: int
    median: int
    mean: float
    p95: int
    max: int

    @classmethod
    def of_sorted(cls, ordered: Sequence[int], total: int) -> Distribution:
        """From values in ascending order (a list or a polars Series) and their sum."""
        if not len(ordered):
            return cls(0, 0, 0, 0.0, 0, 0)
        return cls(ordered[0], _percentile(ordered, 5), _percentile(ordered, 50), total / len(ordered),
                   _percentile(ordered, 95), ordered[-1])


def _percentile(ordered: Sequence[int], percent: float) -> int:
    """Nearest-rank percentile: the smallest value with at least `percent` % of values at or below it."""
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return int(ordered[rank - 1])


def _bins(low: int, high: int) -> tuple[int, int]:
    """Width and number of the histogram's bins between `low` and `high`, both included."""
    width = max(1, math.ceil((high - low + 1) / HISTOGRAM_BINS))
    return width, math.ceil((high - low + 1) / width)


class Columns(Protocol):
    def __len__(self) -> int: ...
    def total(self, name: str) -> int: ...
    def largest(self, name: str) -> int: ...
    def distribution(self, name: str) -> Distribution: ...
    def over(self, name: str, limit: int) -> tuple[int, int]: ...
    def histogram(self, name: str) -> list[tuple[int, int, int]]: ...


def count_columns(table: Any, files: Collection[int] | None = None) -> Columns:
    """The counts of every example with a typed view (the others have none), in the given files
    (indexes into `table.paths`) or in all."""
    values = table.column(COLUMN)
    if values is None:
        frame = table.frame
        if files is not None:
            import polars as pl

            frame = frame.filter(pl.col("file").is_in(list(files)))
        return FrameColumns(frame.get_column(COLUMN))
    if files is not None:
        wanted = set(files)
        values = [value for value, file in zip(values, table.column("file"), strict=True) if file in wanted]
    rows = [value for value in values if value is not None]
    # One transposition in C (zip) rather than a Python pass per column.
    lists = dict(zip(COUNTS, map(list, zip(*rows, strict=True)), strict=True)) if rows else {n: [] for n in COUNTS}
    return ListColumns(lists)


class ListColumns:
    def __init__(self, columns: dict[str, list[int]]) -> None:
        self._columns = columns

    def __len__(self) -> int:
        return len(self._columns[COUNTS[0]])

    def total(self, name: str) -> int:
        return sum(self._columns[name])

    def largest(self, name: str) -> int:
        return max(self._columns[name], default=0)

    def distribution(self, name: str) -> Distribution:
        values = self._columns[name]
        return Distribution.of_sorted(sorted(values), sum(values))

    def over(self, name: str, limit: int) -> tuple[int, int]:
        """How many values exceed `limit`, and by how much in all."""
        over = [value for value in self._columns[name] if value > limit]
        return len(over), sum(over) - limit * len(over)

    def histogram(self, name: str) -> list[tuple[int, int, int]]:
        values = self._columns[name]
        if not values:
            return []
        low, high = min(values), max(values)
        width, steps = _bins(low, high)
        counts = Counter([(value - low) // width for value in values])
        return [(low + i * width, low + (i + 1) * width - 1, counts.get(i, 0)) for i in range(steps)]


class FrameColumns:
    def __init__(self, counts: pl.Series) -> None:
        import polars as pl

        counts = counts.drop_nulls()
        self._frame = pl.DataFrame({name: counts.list.get(index) for index, name in enumerate(COUNTS)})

    def __len__(self) -> int:
        return self._frame.height

    def total(self, name: str) -> int:
        return int(self._frame.get_column(name).sum())

    def largest(self, name: str) -> int:
        return int(self._frame.get_column(name).max() or 0)

    def distribution(self, name: str) -> Distribution:
        values = self._frame.get_column(name)
        return Distribution.of_sorted(values.sort(), int(values.sum()))

    def over(self, name: str, limit: int) -> tuple[int, int]:
        values = self._frame.get_column(name)
        over = values.filter(values > limit)
        return over.len(), int(over.sum()) - limit * over.len()

    def histogram(self, name: str) -> list[tuple[int, int, int]]:
        values = self._frame.get_column(name)
        if values.is_empty():
            return []
        low, high = int(values.min()), int(values.max())  # type: ignore[arg-type]
        width, steps = _bins(low, high)
        counts = dict(((values - low) // width).value_counts().iter_rows())
        return [(low + i * width, low + (i + 1) * width - 1, counts.get(i, 0)) for i in range(steps)]
