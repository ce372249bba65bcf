"""EX002 short-answers: a dataset rule over a feature column of its own."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.plugin import (
    DatasetRule,
    Feature,
    FeatureTable,
    Field,
    FileSummary,
    Length,
    Record,
    RuleOptions,
    Severity,
    Share,
    Violation,
)


def answer_chars(record: Record) -> int | None:
    """The length of the record's last assistant answer (a module-level function: it travels to workers)."""
    for message in reversed((record.view or {}).get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "assistant":
            content = message.get("content")
            return len(content.strip()) if isinstance(content, str) else None
    return None


class ShortAnswersOptions(RuleOptions):
    min_chars: Length = 3
    max_share: Share = Field(0.5)


class ShortAnswers(DatasetRule):
    """Most assistant answers in a file are too short to teach anything.

    ## What it does
    Reports a file where more than `max-share` of the last assistant answers are shorter than `min-chars`.

    ## Why it matters
    A model trained on one-word answers learns to give them.

    ## Options
    `min-chars` (default 3), `max-share` (default 0.5).
    """

    code = "EX002"
    name = "short-answers"
    default_severity = Severity.INFO
    formats = frozenset({"chat"})
    Options = ShortAnswersOptions
    features = (Feature("ex_answer_chars", "Int64", answer_chars, frozenset({"chat"})),)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        lengths: dict[int, list[int]] = {}
        for file, chars in table.iter_rows("file", "ex_answer_chars"):
            if chars is not None:
                lengths.setdefault(file, []).append(chars)
        for file, found in sorted(lengths.items()):
            short = sum(chars < self.options.min_chars for chars in found)
            if short > self.options.max_share * len(found):
                yield Violation(f"{short} of {len(found)} answers are shorter than {self.options.min_chars} "
                                "characters", path=table.paths[file], line=1)
