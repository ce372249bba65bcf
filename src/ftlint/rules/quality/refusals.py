"""DQ007 refusal-answers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Annotated

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Field, Share, Text
from ftlint.core.records import Record
from ftlint.core.rule import DatasetRule, Feature, FileSummary, RuleOptions, Target
from ftlint.rules.classification._answers import answer_text

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

# How refusals begin. Not a bare "I'm sorry, but": assistants apologise before asking for a detail
# they need ("I'm sorry, but I'll need the ticker symbol"), which is a good answer, not a refusal.
PHRASES = ("I'm sorry, but I can't", "I'm sorry, but I cannot", "I am sorry, but I cannot", "I'm sorry, I can't",
           "I'm sorry, I cannot", "I apologize, but I can't", "I apologize, but I cannot", "As an AI language model",
           "As a language model", "I cannot help with", "I can't help with", "I can't assist with",
           "I cannot assist with", "I'm unable to help", "I am unable to help", "I can't comply", "I cannot comply",
           "I won't be able to help")


def phrase_initials(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for p in phrases for c in (p[:1].lower(), p[:1].upper()))


def matcher_args(phrases: Iterable[str]) -> tuple[tuple[str, ...], frozenset[str], int]:
    """What `starts_with_refusal` takes for these phrases: casefolded, their first letters, the longest."""
    folded = tuple(_straight(p.casefold().lstrip()[:120]) for p in phrases)
    return folded, phrase_initials(folded), max(map(len, folded), default=0)


def is_refusal(phrases: tuple[str, ...], first_letters: frozenset[str], longest: int, record: Record) -> bool | None:
    """Whether the record's answer begins with one of `phrases` (casefolded, at most `longest`
    characters), None without an answer."""
    answer = answer_text(record)
    if answer is None:
        return None
    return starts_with_refusal(phrases, first_letters, longest, answer)


def starts_with_refusal(phrases: tuple[str, ...], first_letters: frozenset[str], longest: int, answer: str) -> bool:
    """Whether `answer` begins with one of `phrases` (casefolded, at most `longest` characters), after
    leading spaces: the one refusal matcher, for DQ007 and for preference pairs (PF008)."""
    if answer[:1] not in first_letters:
        if not answer[:1].isspace():
            return False  # most answers are settled by their first letter
        answer = answer[:120].lstrip()  # slice first: answers can be long, phrases are short
        if answer[:1] not in first_letters:
            return False
    # Casefolding never shortens text, so the first `longest` characters cover any phrase.
    return _straight(answer[:longest].casefold()).startswith(phrases)


def _straight(text: str) -> str:
    """Typographic apostrophes (U+2018, U+2019) written as the phrases write them, `'`."""
    return text.replace("\u2019", "'").replace("\u2018", "'") if "\u2019" in text or "\u2018" in text else text


class RefusalAnswersOptions(RuleOptions):
    max_share: Share = 0.05
    """Largest share of answers that may be refusals before the file is reported."""
    phrases: Annotated[list[Text], Field(min_length=1)] = list(PHRASES)
    """How refusals begin (compared without regard to case, after leading spaces)."""


class RefusalAnswers(DatasetRule):
    """Many answers in the file are refusals ("I'm sorry, but I can't ...").

    ## What it does
    Counts the answers (the completion, or the final assistant message) that begin with a
    refusal phrase and reports a file where they are more than `max-share` (5 %) of the
    answers (and at least two), at the first refusal, with the count.

    ## Why it matters
    Data distilled from another model inherits its refusals; fine-tuning on them teaches the
    model to refuse the very tasks you are training it for.

    ## Example
    120 of 1,000 answers start with "As an AI language model".

    ## Fix
    Regenerate or drop the refusals (or keep the few that are right to refuse).

    ## Options
    `max-share` (0.05), and `phrases`: how refusals begin.
    """

    code = "DQ007"
    name = "refusal-answers"
    default_severity = Severity.WARNING
    Options = RefusalAnswersOptions

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        # A per-rule column name: other phrase lists must not share the values.
        compute = partial(is_refusal, *matcher_args(self.options.phrases))  # type: ignore[attr-defined]
        self.features = (Feature("refusal", "Boolean", compute),)  # type: ignore[misc]

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        share = self.options.max_share  # type: ignore[attr-defined]
        found = []
        for file, answers, refusals, first in _counts(table):
            if refusals > share * answers and refusals >= 2:  # one refusal is not a pattern
                found.append(Violation(f"{refusals} of {answers} answers ({refusals / answers:.0%}) are refusals, "
                                       f"over the {share:.0%} allowed; the first is here", path=table.paths[file],
                                       line=first))
        return found


def _counts(table: FeatureTable) -> list[tuple[int, int, int, int]]:
    """Per file with refusals: (file, answers, refusals, line of the first refusal), by column operations."""
    column = table.column("refusal")
    if column is not None:
        if not any(column):
            return []
        files, lines = table.column("file"), table.column("line")
        assert files is not None and lines is not None
        answers: dict[int, int] = {}
        refusals: dict[int, list[int]] = {}
        for file, line, refusal in zip(files, lines, column, strict=True):
            if refusal is not None:
                answers[file] = answers.get(file, 0) + 1
                if refusal:
                    refusals.setdefault(file, []).append(line)
        return [(file, answers[file], len(found), found[0]) for file, found in sorted(refusals.items())]
    import polars as pl

    frame = table.frame.select("file", "line", "refusal").filter(pl.col("refusal").is_not_null())
    totals = dict(frame.get_column("file").value_counts().iter_rows())
    hits = frame.filter(pl.col("refusal"))
    counts = dict(hits.get_column("file").value_counts().iter_rows())
    firsts = dict(hits.unique(subset="file", keep="first", maintain_order=True).select("file", "line").iter_rows())
    return [(file, totals[file], counts[file], firsts[file]) for file in sorted(counts)]
