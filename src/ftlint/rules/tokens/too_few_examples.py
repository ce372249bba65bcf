"""TK002 too-few-examples."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class TooFewExamplesOptions(RuleOptions):
    min_examples: int | None = None
    """Fewest records a file must have; by default the target model's minimum."""


class TooFewExamples(DatasetRule):
    """File has fewer examples than the provider's minimum.

    ## What it does
    Counts the records of each file and compares the count with the target model's minimum
    from `rules/models.toml` (10 for OpenAI).

    ## Why it matters
    The provider refuses to start the job. Even above the minimum, OpenAI sees clear gains
    only from 50 to 100 well-made examples.

    ## Example
    A 5-record `train.jsonl`.

    ## Fix
    Add examples.

    ## Options
    `min-examples`: the minimum to use instead of the model's.
    """

    code = "TK002"
    name = "too-few-examples"
    default_severity = Severity.ERROR
    Options = TooFewExamplesOptions

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        options: TooFewExamplesOptions = self.options  # type: ignore[assignment]
        minimum = options.min_examples or self.target.model.min_examples
        who = "[rules.TK002] asks for" if options.min_examples else f"{self.target.model.name} needs"
        return [
            Violation(
                f"file has {summary.records} example{'s' if summary.records != 1 else ''}; {who} at least {minimum}",
                path=summary.path,
                line=1,
            )
            for summary in files
            if 0 < summary.records < minimum
        ]
