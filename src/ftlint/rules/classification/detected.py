"""CL001 classification-detected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import FileSummary
from ftlint.rules.classification._labels import ClassificationRule, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class ClassificationDetected(ClassificationRule):
    """The file looks like classification data: say so, with its classes, and suggest a validation set.

    ## What it does
    Detects classification data: every record's answer (the completion, or the last assistant
    message) is short, and there are fewer distinct answers than a third of the records (at
    least two, over ten or more records). It names the classes with their counts.

    ## Why it matters
    Classification fine-tunes are judged by accuracy on examples the model did not train on:
    hold some out as a validation file (`ftlint split`), stratified by class. The other CL
    rules check balance, class sizes and label spelling.

    ## Example
    500 support tickets whose completions are ` billing`, ` bug` or ` account`.

    ## Fix
    None needed; keep a validation set aside.

    ## Options
    None.
    """

    code = "CL001"
    name = "classification-detected"
    default_severity = Severity.INFO

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for labeled in self.classification_files(table):
            classes = ", ".join(f"{shown(label)} ({count})" for label, count in labeled.classes.most_common(8))
            more = f" and {len(labeled.classes) - 8} more" if len(labeled.classes) > 8 else ""
            found.append(Violation(
                f"looks like classification: {len(labeled.classes)} classes over {labeled.records} records in "
                f"{labeled.shown_pointer()}: {classes}{more}; hold out a validation set to measure accuracy",
                path=labeled.path, line=1))
        return found
