"""PF008 refusal-chosen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Field, Share, Text
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions, Target
from ftlint.rules.preference._figures import refusal_feature, refusal_figures
from ftlint.rules.preference._pairs import PAIR_FORMATS
from ftlint.rules.quality.refusals import PHRASES

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class RefusalChosenOptions(RuleOptions):
    max_share: Share = 0.05
    """Largest share of pairs that may prefer a refusal before their pairs are reported (1: never)."""
    phrases: Annotated[list[Text], Field(min_length=1)] = list(PHRASES)
    """How refusals begin (compared without regard to case, after leading spaces), as DQ007's."""


class RefusalChosen(DatasetRule):
    """Pairs prefer a refusal over an answer that complies.

    ## What it does
    Finds the preference pairs whose chosen answer begins with a refusal ("I'm sorry, but I
    can't", DQ007's phrases) while the rejected answer does not, and reports each of them (at
    the chosen answer) when they are more than `max-share` (5 %) of a file's pairs, and at least
    two. A pair where both refuse, or where the rejected answer refuses and the chosen one
    helps (the usual safety pattern), is not reported; nor is an answer that merely contains
    "I can't" ("I can't stress enough ...") further on.

    ## Why it matters
    Each such pair pushes the model toward refusing and away from helping. Where the request
    is harmful that is the point, and general preference sets hold a few such pairs on purpose
    (the RewardBench 2 and LLaMA-Factory samples do): a few are left alone. When refusals win
    often, the set teaches the model to refuse ordinary requests (over-refusal), or the labels
    are reversed. modelbrew-cleaner flags such pairs as "inverted preference signal".

    ## Example
    `chosen`: "I'm sorry, but I can't help with that."; `rejected`: "Here is a pasta recipe: ..."

    ## Fix
    Check the pairs: swap the labels where the refusal is the worse answer, and drop the ones
    whose request is harmless. If the set is meant to teach refusals (safety data), set
    `max-share` to 1 or ignore PF008 for it.

    ## Options
    `max-share` (0.05), and `phrases`: how refusals begin.
    """

    code = "PF008"
    name = "refusal-chosen"
    default_severity = Severity.WARNING
    formats = PAIR_FORMATS
    Options = RefusalChosenOptions

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self.features = (refusal_feature(self.options.phrases),)  # type: ignore[attr-defined,misc]

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        share = self.options.max_share  # type: ignore[attr-defined]
        found = []
        for file, (pairs, places) in sorted(refusal_figures(table).items()):
            if len(places) < 2 or len(places) <= share * pairs:  # one is not a pattern
                continue
            said = f"{len(places):,} of {pairs:,} pairs ({len(places) / pairs:.0%})"
            found.extend(Violation(
                f"chosen answer is a refusal and the rejected one complies, as in {said}: this teaches the model "
                "to refuse such requests; swap or drop the pair unless the set is meant to teach refusals",
                path=table.paths[file], line=line, pointer=at) for line, at in places)
        return found
