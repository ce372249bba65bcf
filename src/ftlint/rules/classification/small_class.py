"""CL003 small-class."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count
from ftlint.core.rule import FileSummary, RuleOptions
from ftlint.rules.classification._labels import ClassificationRule, first_line, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class SmallClassOptions(RuleOptions):
    min_examples: Count = 100
    """Fewest examples a class should have."""


class SmallClass(ClassificationRule):
    """A class has fewer than 100 examples.

    ## What it does
    In classification data (see CL001), reports each class with fewer than `min-examples`
    examples, at the line of its first example.

    ## Why it matters
    OpenAI's guide for classification fine-tunes asks for at least about 100 examples per
    class; with fewer, the model rarely learns to predict that class reliably.

    ## Example
    ` refund` appears 12 times in 2,000 tickets.

    ## Fix
    Add examples of the class, or merge it into a related one.

    ## Options
    `min-examples` (100).
    """

    code = "CL003"
    name = "small-class"
    default_severity = Severity.WARNING
    Options = SmallClassOptions

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        minimum = self.options.min_examples  # type: ignore[attr-defined]
        found = []
        for labeled in self.classification_files(table):
            for label, count in sorted(labeled.classes.items(), key=lambda item: (item[1], item[0])):
                if count < minimum:
                    found.append(Violation(f"class {shown(label)} has {count} example{'s' if count != 1 else ''}; "
                                           f"aim for at least {minimum} per class", path=labeled.path,
                                           line=first_line(labeled, label), pointer=labeled.pointer))
        return found
