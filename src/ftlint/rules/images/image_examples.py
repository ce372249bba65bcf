"""IM007 too-many-image-examples."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count
from ftlint.core.records import Record
from ftlint.core.rule import DatasetRule, Feature, FileSummary, RuleOptions
from ftlint.rules.images._base import ImageRule, holds_image_part

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


def has_image(record: Record) -> bool:
    """Whether a record holds an image part (read from its bytes: no walk for text-only lines)."""
    if record.plain or record.format not in ImageRule.formats or b"image_url" not in record.line.raw:
        return False  # a plain record holds text only
    return holds_image_part(record.view or record.data)


class TooManyImageExamplesOptions(RuleOptions):
    max_examples: Count = 50_000
    """Most examples with images one file may hold."""


class TooManyImageExamples(DatasetRule):
    """A file holds more examples with images than the provider accepts (50,000).

    ## What it does
    Counts the examples of each file that contain at least one image and reports a file with
    more than `max-examples` (50,000, OpenAI's limit for vision fine-tuning).

    ## Why it matters
    The provider rejects the file.

    ## Example
    A 60,000-example screenshot dataset in one training file.

    ## Fix
    Sample the examples down, or spread them over several fine-tuning jobs.

    ## Options
    `max-examples` (50,000).
    """

    code = "IM007"
    name = "too-many-image-examples"
    default_severity = Severity.ERROR
    Options = TooManyImageExamplesOptions
    features = (Feature("has_image", "Boolean", has_image),)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        limit = self.options.max_examples  # type: ignore[attr-defined]
        counts: dict[int, int] = {}
        column = table.column("has_image")
        if column is not None:
            if sum(column) <= limit:
                return []
            for file, image in table.iter_rows("file", "has_image"):
                if image:
                    counts[file] = counts.get(file, 0) + 1
        else:  # a large table: count in polars, not row by row
            import polars as pl

            images = table.frame.filter(pl.col("has_image")).get_column("file").value_counts()
            counts = dict(zip(images["file"].to_list(), images["count"].to_list(), strict=True))
        return [Violation(f"{count:,} examples hold images; the limit is {limit:,} per file", path=table.paths[file],
                          line=1) for file, count in sorted(counts.items()) if count > limit]
