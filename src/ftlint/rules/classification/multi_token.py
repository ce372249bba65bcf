"""CL004 label-not-single-token."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import FileSummary
from ftlint.core.tokens.counting import exact_measure
from ftlint.rules.classification._labels import ClassificationRule, first_line, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class LabelNotSingleToken(ClassificationRule):
    """A class label is more than one token for the target model's tokenizer.

    ## What it does
    In classification data (see CL001), tokenizes each distinct label with the target model's
    encoding and reports labels of more than one token, with a one-token spelling when adding a
    leading space gives one.

    ## Why it matters
    With one-token labels the model answers in a single step, you can read class probabilities
    from `logprobs`, and `max_tokens=1` is enough. Multi-token labels can come out half-written.

    ## Example
    `"positive"` is 1 token with a leading space (` positive`) in o200k_base, `"very positive"`
    is 2.

    ## Fix
    Rename the classes to short words, each with a leading space in completions.

    ## Options
    None.
    """

    code = "CL004"
    name = "label-not-single-token"
    default_severity = Severity.INFO

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        labeled_files = self.classification_files(table)
        if not labeled_files:
            return []
        model = self.target.model
        measure = exact_measure(model.encoding)  # loaded only now: classification data was found
        found = []
        for labeled in labeled_files:
            for label in sorted(labeled.classes):
                tokens = measure(label)
                if tokens <= 1:
                    continue
                hint = f"; {shown(' ' + label.strip())} would be one" if measure(" " + label.strip()) == 1 else ""
                found.append(Violation(f"label {shown(label)} is {tokens} tokens in {model.encoding} "
                                       f"({self.target.trainer}){hint}", path=labeled.path,
                                       line=first_line(labeled, label), pointer=labeled.pointer))
        return found
