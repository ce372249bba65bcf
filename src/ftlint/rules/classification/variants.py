"""CL005 label-variants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import FileSummary, FixAvailability
from ftlint.rules.classification._labels import ClassificationRule, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class LabelVariants(ClassificationRule):
    """Class labels that differ only by letter case or surrounding whitespace.

    ## What it does
    In classification data (see CL001), groups labels that are equal once lowercased and
    stripped (`" positive"`, `"positive"`, `" Positive"`) and reports every spelling but the
    most common one.

    ## Why it matters
    The model sees these as different classes and splits the examples of one class between
    them; at inference time it answers in any of the spellings.

    ## Example
    ` positive` 480 times and `positive` 20 times.

    ## Fix
    `ftlint fix` rewrites every minority spelling to the most common one (safe).

    ## Options
    None.
    """

    code = "CL005"
    name = "label-variants"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for labeled in self.classification_files(table):
            for spellings in labeled.spellings.values():
                majority, *others = spellings
                for other in others:
                    fix = Fix(f"write {shown(other)} as {shown(majority)}", Applicability.SAFE,
                              (SetValue(labeled.pointer, majority, only_if=other),), every_record=True)
                    count = labeled.counts[other]
                    found.append(Violation(
                        f"label {shown(other)} ({count}x) differs from {shown(majority)} "
                        f"({labeled.counts[majority]}x) only by case or whitespace", path=labeled.path,
                        line=labeled.lines[other][0], pointer=labeled.pointer, fix=fix))
        return found
