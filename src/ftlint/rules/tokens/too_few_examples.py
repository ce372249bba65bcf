"""TK002 too-few-examples."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count, Field, Text
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions
from ftlint.rules._validation_files import VALIDATION_NAMES, validation_files

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class TooFewExamplesOptions(RuleOptions):
    min_examples: Count | None = None
    """Fewest records a file must have; by default the target model's minimum."""
    reason: Text | None = None
    """Why the minimum matters, said instead of who needs it (the neutral profile names the providers)."""
    validation: Annotated[list[Text], Field(min_length=1)] = VALIDATION_NAMES
    """File name patterns of validation files, which have no minimum when training files are checked
    with them (the same patterns as DQ004's)."""


class TooFewExamples(DatasetRule):
    """File has fewer examples than the provider's minimum.

    ## What it does
    Counts the records of each file and compares the count with the target model's minimum
    from `rules/models.toml` (10 for OpenAI).

    ## Why it matters
    The provider refuses to start the job. Even above the minimum, OpenAI sees clear gains
    only from 50 to 100 well-made examples.

    A validation file checked with its training files (`ftlint check train.jsonl valid.jsonl`;
    validation files are named as DQ004 knows them) has no minimum: the providers ask it of the
    training file only.

    ## Example
    A 5-record `train.jsonl`.

    ## Fix
    Add examples.

    With no model and no provider named (the neutral profile), this is a warning at OpenAI's
    minimum of 10, which names who refuses such a file and who does not.

    ## Options
    `min-examples`: the minimum to use instead of the model's.
    `reason`: what to say instead of who needs the minimum (set by the neutral profile).
    `validation`: file name patterns of validation files (`*valid*`, `*val.*`, `*dev*`, `*test*`, ...).
    """

    code = "TK002"
    name = "too-few-examples"
    default_severity = Severity.ERROR
    Options = TooFewExamplesOptions

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        options: TooFewExamplesOptions = self.options  # type: ignore[assignment]
        minimum = options.min_examples or self.target.model.min_examples
        held_out = validation_files([summary.path for summary in files], options.validation)
        if len(held_out) == len(files):
            held_out = set()  # validation files alone: nothing says which is trained on, so each is held to it
        return [
            Violation(self._message(summary.records, minimum), path=summary.path, line=1)
            for index, summary in enumerate(files)
            if 0 < summary.records < minimum and index not in held_out
        ]

    def _message(self, records: int, minimum: int) -> str:
        options: TooFewExamplesOptions = self.options  # type: ignore[assignment]
        count = f"file has {records} example{'s' if records != 1 else ''}"
        if options.min_examples:
            return f"{count}; [rules.TK002] asks for at least {minimum}"
        if self.target.model_named:
            return f"{count}; {self.target.model.name} needs at least {minimum}"
        if options.reason:
            return f"{count}: {options.reason}"
        return f"{count}; {self.target.provider or 'the profile'} needs at least {minimum}"
