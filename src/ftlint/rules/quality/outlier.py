"""DQ006 length-outlier."""

from __future__ import annotations

import math
from collections.abc import Iterable
from statistics import median
from typing import TYPE_CHECKING

from pydantic import Field

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import DatasetRule, Feature, FileSummary, RuleOptions

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

MIN_RECORDS = 20  # too few records say nothing about what is typical
MIN_DEVIATION = 0.25  # in log size


def record_bytes(record: Record) -> int:
    return len(record.line.raw)


class LengthOutlierOptions(RuleOptions):
    spread: float = Field(6.0, gt=0)
    """How far from the file's typical length, in robust standard deviations of log length, is an outlier."""


class LengthOutlier(DatasetRule):
    """An example is far shorter or far longer than the others in its file.

    ## What it does
    For files of 20 records or more, compares the logarithm of each record's size with the
    file's median, in units of the median absolute deviation (scaled to a standard deviation),
    and reports records more than `spread` (6) units away, shortest and longest alike.

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
    features = (Feature("record_bytes", "Int64", record_bytes),)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        spread = self.options.spread  # type: ignore[attr-defined]
        per_file: dict[int, list[tuple[int, int]]] = {}
        for file, line, size in table.iter_rows("file", "line", "record_bytes"):
            per_file.setdefault(file, []).append((line, size))
        found = []
        for file, rows in sorted(per_file.items()):
            if len(rows) < MIN_RECORDS:
                continue
            logs = [math.log(max(size, 1)) for _, size in rows]
            centre = median(logs)
            # The MAD scaled to a standard deviation, with a floor: in a file of near-identical sizes, only
            # a record several times off (e^(6 x 0.25) = 4.5x at the default spread) stands out.
            deviation = max(1.4826 * median(abs(value - centre) for value in logs), MIN_DEVIATION)
            typical = math.exp(centre)
            for (line, size), value in zip(rows, logs, strict=True):
                distance = (value - centre) / deviation
                if abs(distance) > spread:
                    ratio = size / typical
                    how = f"{ratio:.1f}x" if ratio >= 1 else f"1/{1 / ratio:.0f}"
                    found.append(Violation(f"record is {size:,} bytes, {how} the typical {typical:,.0f} bytes of "
                                           f"this file ({'longer' if distance > 0 else 'shorter'} than usual by "
                                           f"{abs(distance):.0f} robust deviations)", path=table.paths[file],
                                           line=line))
        return found
