"""DQ006 length-outlier."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Field, Number
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

MIN_RECORDS = 20  # too few records say nothing about what is typical
MIN_DEVIATION = 0.25  # in log size


class LengthOutlierOptions(RuleOptions):
    spread: Number = Field(6.0, gt=0)
    """How far from the file's typical length, in robust standard deviations of log length, is an outlier."""


class LengthOutlier(DatasetRule):
    """An example is far shorter or far longer than the others in its file.

    ## What it does
    For files of 20 records or more, compares the logarithm of each record's size with the
    file's median, in units of the interquartile range of log size (scaled to a standard
    deviation), and reports records more than `spread` (6) units away, shortest and longest alike.

    ## Why it matters
    A 40-byte example among 2 KB conversations is usually a truncated export; a 200 KB one is
    a pasted log or a whole document. Both teach the model something you did not mean, and the
    long ones dominate the token bill.

    ## Example
    `{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}`
    among long technical conversations.

    ## Fix
    Look at the record: complete it, split it, or drop it.

    ## Options
    `spread` (6): the distance, in robust standard deviations of log size, that counts as far.
    """

    code = "DQ006"
    name = "length-outlier"
    default_severity = Severity.INFO
    Options = LengthOutlierOptions
    # `bytes`, each record's line length, is one of the engine's base columns.

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        spread = self.options.spread  # type: ignore[attr-defined]
        found = []
        for file, typical, sigma, outliers in _outliers(table, spread):
            for line, size in outliers:
                distance = abs(math.log(max(size, 1) / typical)) / sigma
                ratio = max(size, 1) / typical
                how = f"{ratio:.1f}x" if ratio >= 1 else f"1/{1 / ratio:.0f}"
                found.append(Violation(f"record is {size:,} bytes, {how} the typical {typical:,.0f} bytes of this "
                                       f"file ({'longer' if size > typical else 'shorter'} than usual by "
                                       f"{distance:.0f} robust deviations)", path=table.paths[file], line=line))
        return found


def _spread(q25: float, q50: float, q75: float) -> tuple[float, float]:
    """The typical size and the standard deviation of log size, from quartiles of size.

    Log is monotone, so quartiles of log size are logs of the size quartiles: no logarithm per record.
    """
    q25, q50, q75 = max(q25, 1.0), max(q50, 1.0), max(q75, 1.0)
    return q50, max(math.log(q75 / q25) / 1.349, MIN_DEVIATION)


def _outliers(table: FeatureTable, spread: float) -> Iterable[tuple[int, float, float, Iterable[tuple[int, int]]]]:
    """Per file with enough records: (file, typical size, sigma, the (line, size) of its outliers)."""
    sizes = table.column("bytes")
    if sizes is not None:
        files, lines = table.column("file"), table.column("line")
        assert files is not None and lines is not None
        for file in sorted(set(files)):
            # One file is the whole column: no per-row filtering (this runs over every record).
            rows = range(len(sizes)) if len(table.paths) == 1 else [row for row, f in enumerate(files) if f == file]
            if len(rows) < MIN_RECORDS:
                continue
            ordered = sorted(sizes) if len(table.paths) == 1 else sorted([sizes[row] for row in rows])
            typical, sigma = _spread(*(ordered[int(q * (len(ordered) - 1))] for q in (0.25, 0.5, 0.75)))
            low, high = typical * math.exp(-spread * sigma), typical * math.exp(spread * sigma)
            if low <= ordered[0] and ordered[-1] <= high:
                continue  # the usual case, settled by the extremes without another pass over the rows
            yield file, typical, sigma, [(lines[row], sizes[row]) for row in rows if not low <= sizes[row] <= high]
        return
    import polars as pl

    frame = table.frame.select("file", "line", "bytes")
    for file in range(len(table.paths)):
        part = frame if len(table.paths) == 1 else frame.filter(pl.col("file") == file)
        column = part.get_column("bytes")
        if len(column) < MIN_RECORDS:
            continue
        typical, sigma = _spread(*(float(column.quantile(q, "lower")) for q in (0.25, 0.5, 0.75)))  # type: ignore[arg-type]
        low, high = typical * math.exp(-spread * sigma), typical * math.exp(spread * sigma)
        size = pl.col("bytes")
        yield file, typical, sigma, part.filter((size < low) | (size > high)).select("line", "bytes").iter_rows()
