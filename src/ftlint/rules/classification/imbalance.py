"""CL002 class-imbalance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Field, Number
from ftlint.core.rule import FileSummary, RuleOptions
from ftlint.rules.classification._labels import ClassificationRule, first_line, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class ClassImbalanceOptions(RuleOptions):
    max_ratio: Number = Field(10.0, gt=1)
    """Largest allowed ratio of the biggest class to the smallest."""


class ClassImbalance(ClassificationRule):
    """The largest class is many times the size of the smallest.

    ## What it does
    In classification data (see CL001), compares the number of examples of the largest and the
    smallest class and reports when the ratio exceeds `max-ratio` (10).

    ## Why it matters
    A model trained on skewed classes learns to predict the big class: 95 % accuracy can mean it
    never predicts the rare one, often the one you care about.

    ## Example
    ` no` 4,750 times and ` yes` 250 times: ratio 19.

    ## Fix
    Collect more examples of the small classes, or downsample the large ones.

    ## Options
    `max-ratio` (10): the largest ratio that is not reported.
    """

    code = "CL002"
    name = "class-imbalance"
    default_severity = Severity.WARNING
    Options = ClassImbalanceOptions

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        limit = self.options.max_ratio  # type: ignore[attr-defined]
        found = []
        for labeled in self.classification_files(table):
            (big, most), *_, (small, least) = labeled.classes.most_common()
            ratio = most / least
            if ratio > limit:
                found.append(Violation(
                    f"classes are imbalanced: {shown(big)} has {most} examples, {shown(small)} only {least} "
                    f"(ratio {ratio:.1f}, over {limit:g}); add examples of the small classes or downsample",
                    path=labeled.path, line=first_line(labeled, small), pointer=labeled.pointer))
        return found
