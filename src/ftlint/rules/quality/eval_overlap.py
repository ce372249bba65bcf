"""DQ015 eval-overlap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from ftlint.core.findings import Location, Severity, Violation
from ftlint.core.option_types import Count, Field, Flag, Number
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.rules.quality._contamination import MIN_SENTENCE, record_asked_texts, record_texts
from ftlint.rules.quality._eval_sets import eval_index

SHOWN = 3  # items named in one finding; more are counted


class EvalOverlapOptions(RuleOptions):
    ngram: Annotated[int, Field(strict=True, ge=5, le=50)] = 8
    """Words per n-gram compared (8: PaLM's measure; 13: GPT-3's)."""
    min_share: Number = Field(0.5, gt=0, le=1)
    """Share of an item's n-grams a record must hold to be reported (1: a whole copy)."""
    min_matches: Count = 3
    """Fewest of an item's n-grams a record must hold, however short the item."""
    every_record: Flag = False
    """Count the n-grams of every record, not only of those sharing a whole sentence with an item."""


class EvalOverlap(RecordRule):
    """A record contains an item of your own evaluation set (`--eval FILE`).

    ## What it does
    Runs when evaluation files are given (`ftlint check train.jsonl --eval evals.jsonl`, or
    `eval-files = ["evals.jsonl"]` in the config): each is read as ftlint reads any file (JSON
    Lines, JSON, CSV, Parquet; chat, prompt/completion, alpaca, ShareGPT, or a benchmark's own
    `question`/`problem` records), and each record's question (user turns, prompt, instruction
    and input) becomes an item. A training record holding at least `min_share` of an item's word
    8-grams (and `min_matches` of them) is reported with the item's file and line and the share.
    N-grams three or more items share count for none, as in DQ014; items of fewer than
    `min_matches` uncommon n-grams (a question of ten words or less) are never reported.

    As in DQ014, only records whose prompt shares a whole sentence of five words or more with some
    item are compared n-gram by n-gram, unless `every_record`. Measured on 449 GSM8K questions
    copied into chat records: all found when re-cased, re-spaced or wrapped in other text; 194
    when half the question is kept and 192 when every number is changed (under half the 8-grams
    left: a different question); a copy with all punctuation stripped needs `every_record` (419).

    ## Why it matters
    Trained on the questions it is evaluated on, a model's score measures memory: the
    evaluation no longer tells whether fine-tuning helped.

    ## Example
    `ftlint check train.jsonl --eval gsm8k_test.jsonl` reports `train.jsonl:311` holding 100% of
    `gsm8k_test.jsonl:45`.

    ## Fix
    Drop the record from the training data (or the item from the evaluation set).

    ## Options
    `ngram` (8): 5 to 50 words; `min-share` (0.5); `min-matches` (3); `every-record` (false).
    """

    code = "DQ015"
    name = "eval-overlap"
    default_severity = Severity.WARNING
    Options = EvalOverlapOptions
    when = "valid"

    @classmethod
    def active(cls, target: Target) -> bool:
        return bool(target.eval_files)

    def check_record(self, record: Record) -> Iterable[Violation]:
        options: EvalOverlapOptions = self.options  # type: ignore[assignment]
        index = eval_index(self.target.eval_files, options.ngram)  # read once per process
        if not options.every_record:
            asked = record_asked_texts(record)
            text = asked[0] if len(asked) == 1 else "\n".join(asked)
            if len(text) < MIN_SENTENCE or not index.screen(text):
                return ()
        found = index.matches("\n".join(record_texts(record.data)), options.ngram, options.min_share,
                              options.min_matches)
        if not found:
            return ()
        best = found[0]
        what = "a copy of" if best.share >= 1 else f"{best.share:.0%} of the {options.ngram}-word sequences of"
        others = ", ".join(index.labels[m.item] for m in found[1:SHOWN])
        more = f" (also {others}{' and more' if len(found) > SHOWN else ''})" if others else ""
        related = tuple(Location(*_place(index.labels[m.item])) for m in found[:SHOWN])
        return [Violation(f"record holds {what} evaluation item {index.labels[best.item]}{more}: trained on, "
                          "it makes that evaluation measure memory; drop the record or the item", related=related)]


def _place(label: str) -> tuple[str, int]:
    """An item's file and line, from its `file:line` label."""
    path, _, line = label.rpartition(":")
    return path, int(line)
